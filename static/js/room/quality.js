// What this page receives, fitted to what it shows and what her link carries (docs/media-protocol.md,
// `view` and `quality`). The page tells the node which video tiles are on screen and how big, so a
// hidden tile costs nothing; « Économiser les données » keeps the intervenante's video only. The node
// answers with `quality`: the videos it paused for her link are marked on their tiles, and
// « Connexion faible » is shown for herself.
import { $ } from "./dom.js";

const SAVE_KEY = "entraide-room-save-data";
export const NOTE = "Vidéo en pause : connexion faible";
const DEBOUNCE = 250; // ms: a resize or a swipe sends one `view`, not one per frame

function savedChoice() {
  try { return localStorage.getItem(SAVE_KEY) === "1"; } catch { return false; }
}

export class Quality {
  constructor(tiles, banner, toggle) {
    this.tiles = tiles;
    this.banner = banner;
    this.toggle = toggle;
    this.sig = null;
    this.last = "";
    this.timer = null;
    this.paused = new Set();
    this.weak = false;
    this.toggle.checked = savedChoice();
    this.toggle.addEventListener("change", () => {
      try { localStorage.setItem(SAVE_KEY, this.toggle.checked ? "1" : "0"); } catch { /* private mode */ }
      this.report();
    });
  }

  // A new connection to the node knows nothing of the previous one's view.
  attach(signaling) {
    this.sig = signaling;
    this.last = "";
    this.apply({ link: "good", paused: [] });
    this.report();
  }

  // The tiles on screen now: not hidden (another page of the gallery) and inside the visible part of
  // their list (the phone's strip scrolls sideways). Her own tile is never asked for.
  visible() {
    const out = [];
    for (const tile of this.tiles.tiles.values()) {
      if (!tile.isConnected || tile.hidden || tile.closest("[hidden]") || tile.classList.contains("me")) continue;
      const box = tile.getBoundingClientRect();
      const list = tile.parentElement.getBoundingClientRect();
      const width = Math.round(Math.min(box.right, list.right) - Math.max(box.left, list.left));
      const height = Math.round(Math.min(box.bottom, list.bottom) - Math.max(box.top, list.top));
      if (width <= 0 || height <= 0) continue;
      out.push({ member: tile.dataset.member, source: tile.dataset.source, width: Math.round(box.width), height: Math.round(box.height) });
    }
    out.sort((a, b) => (a.member + a.source).localeCompare(b.member + b.source));
    return out.slice(0, 64);
  }

  // Called after every layout change; sends at most one `view` per DEBOUNCE, only when it changed.
  report() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.sig) return;
      const message = { tiles: this.visible(), save_data: this.toggle.checked };
      const key = JSON.stringify(message);
      if (key === this.last) return;
      this.last = key;
      this.sig.send("view", message);
      window.__entraideView = message; // read by bench/weak_link.py
    }, DEBOUNCE);
  }

  // After a render: tiles made since the last `quality` get their marks; the layout may have changed.
  refresh() {
    this.apply({ link: this.weak ? "weak" : "good", paused: [...this.paused] });
    this.report();
  }

  apply(message) {
    window.__entraideQuality = message; // read by bench/weak_link.py
    this.weak = message.link === "weak";
    this.paused = new Set(message.paused || []);
    this.banner.hidden = !this.weak;
    for (const [key, tile] of this.tiles.tiles) {
      const paused = this.paused.has(key);
      tile.classList.toggle("paused", paused);
      const note = $(".paused-note", tile);
      if (note) note.hidden = !paused;
      // The tile's name for screen readers says it too (tiles.js sets it on every render).
      const label = tile.getAttribute("aria-label") || "";
      const words = `, ${NOTE.toLowerCase()}`;
      if (paused && !label.endsWith(words)) tile.setAttribute("aria-label", label + words);
      else if (!paused && label.endsWith(words)) tile.setAttribute("aria-label", label.slice(0, -words.length));
    }
  }
}
