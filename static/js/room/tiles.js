// The picture. Speaker view: a screen share, else whoever has the floor, else the intervenante, on the
// stage; everyone else in the gallery; the intervenante herself sees the participants, and her own
// camera small (#self-view), since she knows what she looks like and needs to see the room. Gallery
// view: everyone in equal tiles. Names on tiles, active speaker outlined, muted microphones and
// raised hands shown with an icon and in words (not colour alone).
import { $, el, initials } from "./dom.js";
import { roleMark, state, withRole } from "./state.js";
import { playAll } from "./sound.js";
import { NOTE } from "./quality.js";

const SPEAKING_LEVEL = 0.02;

export class Tiles {
  constructor(stage, grid, selfView, audioSink, gallery) {
    this.stage = stage;
    this.grid = grid;
    this.selfView = selfView;
    this.audioSink = audioSink;
    this.gallery = gallery;
    this.view = "speaker"; // or "gallery"
    this.tiles = new Map(); // "member:source" -> element
    this.audio = new Map(); // mid -> <audio>
    this.localStream = null;
    this.media = null;
  }

  tile(key, memberId, source) {
    let tile = this.tiles.get(key);
    if (tile) return tile;
    const video = el("video", { autoplay: true, playsinline: true, muted: true, "aria-hidden": "true" });
    video.muted = true; // sound goes through the audio slots, never through tiles
    tile = el("li", { class: `tile ${source}`, dataset: { member: memberId, source } },
      video,
      el("span", { class: "avatar", "aria-hidden": "true" }),
      el("span", { class: "reaction", "aria-hidden": "true" }),
      el("span", { class: "paused-note", hidden: true, text: NOTE }),
      el("p", { class: "label" },
        el("span", { class: "name" }),
        el("span", { class: "role-mark" }),
        el("span", { class: "badges" })));
    this.tiles.set(key, tile);
    return tile;
  }

  setTrack(tile, track) {
    const video = $("video", tile);
    const current = video.srcObject?.getVideoTracks()[0] || null;
    if (current !== track) video.srcObject = track ? new MediaStream([track]) : null;
    tile.classList.toggle("has-video", Boolean(track));
  }

  render() {
    if (!state.me) return;
    const videos = new Map(); // "member:source" -> track
    let newAudio = false;
    for (const binding of this.media?.bindings() || []) {
      if (binding.kind === "video" && binding.member && binding.track) {
        videos.set(`${binding.member}:${binding.source}`, binding.track);
      }
      if (binding.kind === "audio" && binding.track && !this.audio.has(binding.mid)) {
        const audio = el("audio", { autoplay: true, dataset: { mid: binding.mid } });
        audio.srcObject = new MediaStream([binding.track]);
        this.audio.set(binding.mid, audio);
        this.audioSink.append(audio);
        newAudio = true;
      }
    }
    const people = [
      { ...state.me, isMe: true },
      ...[...state.members.values()],
    ];
    const stage = [];
    const grid = [];
    const self = [];
    const gallery = this.view === "gallery";
    const meHost = state.me.role === "host";
    const someoneHasFloor = state.floor && state.floor !== state.me.id && state.members.has(state.floor);
    const seen = new Set();
    for (const person of people) {
      const key = `${person.id}:camera`;
      seen.add(key);
      const tile = this.tile(key, person.id, "camera");
      // A camera she turned off shows her initials, not the last frame the slot carried.
      const cameraOff = person.muted?.has("camera");
      const track = person.isMe
        ? this.localStream?.getVideoTracks().find((t) => t.enabled && t.readyState === "live") || null
        : (cameraOff ? null : videos.get(key) || null);
      this.setTrack(tile, track);
      tile.classList.toggle("me", Boolean(person.isMe));
      const name = person.isMe ? `${person.name} (vous)` : person.name;
      const mark = roleMark(person.role, person.name);
      $(".name", tile).textContent = name;
      const role = $(".role-mark", tile);
      role.textContent = mark ? ` · ${mark}` : "";
      role.className = `role-mark ${person.role}`;
      $(".avatar", tile).textContent = initials(person.name);
      const badges = [];
      const hand = state.hands.indexOf(person.id);
      if (hand >= 0) badges.push(["hand", `main levée (${hand + 1})`]);
      if (person.muted?.has("microphone")) badges.push(["mic-off", "micro coupé"]);
      if (state.floor === person.id) badges.push(["floor", "a la parole"]);
      setBadges($(".badges", tile), badges);
      tile.classList.toggle("speaking", state.speaking.has(person.id));
      tile.classList.toggle("floor", state.floor === person.id);
      tile.setAttribute("aria-label", [mark ? `${name}, ${mark}` : name, ...badges.map((b) => b[1])].join(", "));
      if (gallery) grid.push(tile);
      else if (person.isMe) (meHost ? self : grid).push(tile);
      else if (someoneHasFloor ? state.floor === person.id : person.role === "host") stage.push(tile);
      else grid.push(tile);
    }
    for (const [key, track] of videos) {
      if (!key.endsWith(":screen")) continue;
      const memberId = key.split(":")[0];
      seen.add(key);
      const tile = this.tile(key, memberId, "screen");
      this.setTrack(tile, track);
      const sharer = state.members.get(memberId);
      const label = `Écran partagé par ${sharer ? withRole(sharer.role, sharer.name) : "une participante"}`;
      $(".name", tile).textContent = label;
      tile.setAttribute("aria-label", label);
      stage.unshift(tile);
    }
    // A screen share takes the whole stage: the face that was there joins the gallery.
    if (stage.some((t) => t.classList.contains("screen"))) {
      const faces = stage.filter((t) => !t.classList.contains("screen"));
      if (faces.length) grid.unshift(...faces);
      stage.splice(0, stage.length, ...stage.filter((t) => t.classList.contains("screen")));
    }
    for (const [key, tile] of this.tiles) {
      if (!seen.has(key)) {
        this.setTrack(tile, null);
        tile.remove();
        this.tiles.delete(key);
      }
    }
    this.place(this.stage, stage);
    this.place(this.grid, grid);
    this.place(this.selfView, self);
    this.stage.hidden = stage.length === 0;
    this.selfView.hidden = self.length === 0;
    this.stage.dataset.count = String(stage.length);
    this.grid.dataset.count = String(grid.length);
    this.gallery?.update();
    this.onRender?.();
    if (newAudio) playAll(this.audioSink);
  }

  place(container, tiles) {
    // Re-append only when the order changed: moving a playing <video> restarts its decoder.
    const current = [...container.children];
    if (current.length === tiles.length && current.every((node, i) => node === tiles[i])) return;
    container.replaceChildren(...tiles);
    for (const tile of tiles) $("video", tile).play?.().catch(() => {});
  }

  // Active speaker: remote levels from the receiving connection's stats, hers from the meter.
  async updateSpeaking(localLevel, micOn) {
    const speaking = new Set();
    // Held across the await: a reconnection may drop this.media while the stats are read.
    const media = this.media;
    if (media) {
      const levels = await media.levels();
      for (const binding of media.bindings()) {
        if (binding.kind === "audio" && binding.member && (levels.get(binding.mid) || 0) > SPEAKING_LEVEL) {
          speaking.add(binding.member);
        }
      }
    }
    if (micOn && localLevel > SPEAKING_LEVEL && state.me) speaking.add(state.me.id);
    const same = speaking.size === state.speaking.size && [...speaking].every((id) => state.speaking.has(id));
    if (!same) {
      state.speaking = speaking;
      for (const [key, tile] of this.tiles) tile.classList.toggle("speaking", speaking.has(key.split(":")[0]) && key.endsWith(":camera"));
    }
  }

  showReaction(memberId, emoji) {
    const tile = this.tiles.get(`${memberId}:camera`);
    if (!tile) return;
    const bubble = $(".reaction", tile);
    bubble.textContent = emoji;
    bubble.classList.remove("pop");
    void bubble.offsetWidth; // restart the animation
    bubble.classList.add("pop");
  }

  setView(view) {
    this.view = view;
    this.render();
  }

  clearAudio() {
    for (const audio of this.audio.values()) audio.remove();
    this.audio.clear();
  }
}

const SVG = "http://www.w3.org/2000/svg";

// Each badge: its icon (a symbol of room_icons.html, drawn on every device) and its words.
function setBadges(container, badges) {
  const key = badges.map((b) => b.join(":")).join("|");
  if (container.dataset.key === key) return;
  container.dataset.key = key;
  container.replaceChildren(...badges.map(([icon, words]) => {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "badge-icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const use = document.createElementNS(SVG, "use");
    use.setAttribute("href", `#icon-${icon}`);
    svg.append(use);
    return el("span", { class: `badge-item ${icon}` }, svg, el("span", { text: words }));
  }));
}
