// Sizes the stage's and the gallery's tiles to the space the screen gives them, and cuts the gallery
// into pages when twenty faces do not fit at a readable size. CSS alone could not do it: a grid
// that wraps grows taller than the screen (participants below the fold), and one that does not wrap
// squashes the tiles. So the sizes are computed here, in pixels, from the boxes' own dimensions.
import { $ } from "./dom.js";

const GAP = 8; // px, the same as the CSS gap between tiles
const RATIO = 9 / 16;
const MIN_WIDTH = 160; // a face and a name stay readable down to this width on a computer
const MIN_WIDTH_PHONE = 100;
const PHONE = "(max-width: 600px)";

// The largest 16:9 tile size for n tiles in a w×h box, over every column count.
export function fit(n, width, height) {
  let best = { cols: 1, rows: 1, w: 0, h: 0 };
  for (let cols = 1; cols <= Math.max(1, n); cols++) {
    const rows = Math.ceil(n / cols);
    const w = Math.floor(Math.min((width - GAP * (cols - 1)) / cols, ((height - GAP * (rows - 1)) / rows) / RATIO));
    if (w > best.w) best = { cols, rows, w, h: Math.floor(w * RATIO) };
  }
  return best;
}

// How many tiles of at least minWidth fit in a w×h box.
function capacity(width, height, minWidth) {
  const cols = Math.max(1, Math.floor((width + GAP) / (minWidth + GAP)));
  const rows = Math.max(1, Math.floor((height + GAP) / (minWidth * RATIO + GAP)));
  return cols * rows;
}

function size(list, layout) {
  list.style.gridTemplateColumns = `repeat(${layout.cols}, ${layout.w}px)`;
  list.style.gridAutoRows = `${layout.h}px`;
}

export class Gallery {
  constructor(videos) {
    this.videos = videos;
    this.stage = $("#stage", videos);
    this.grid = $("#grid", videos);
    this.area = $(".gallery", videos);
    this.pager = $("#pager", videos);
    this.status = $("#page-status", videos);
    this.prev = $("#page-prev", videos);
    this.next = $("#page-next", videos);
    this.page = 0;
    this.pages = 1;
    this.prev.addEventListener("click", () => this.go(this.page - 1));
    this.next.addEventListener("click", () => this.go(this.page + 1));
    // A swipe moves the strip by itself: the page number follows it.
    this.grid.addEventListener("scroll", () => this.readStrip(), { passive: true });
    this.observer = new ResizeObserver(() => this.update());
    this.observer.observe(videos);
  }

  strip() {
    return matchMedia(PHONE).matches && !this.stage.hidden;
  }

  update() {
    if (this.videos.closest("[hidden]")) return; // nothing to measure before the room shows
    const stageTiles = [...this.stage.children];
    this.videos.dataset.stage = stageTiles.length ? "on" : "off";
    // Under a stage, the others get a band of a quarter of the height (a fixed size in pixels: a
    // percentage of an auto-sized row let the band grow over the controls).
    const band = Math.round(Math.min(200, Math.max(96, this.videos.clientHeight * 0.24)));
    this.area.style.height = stageTiles.length && !this.strip() ? `${band}px` : "";
    if (stageTiles.length) size(this.stage, fit(stageTiles.length, this.stage.clientWidth, this.stage.clientHeight));
    const tiles = [...this.grid.children];
    const strip = this.strip();
    this.videos.dataset.mode = strip ? "strip" : "pages";
    // A strip that scrolls must be reachable with the keyboard too (arrow keys scroll it once focused).
    if (strip) this.grid.tabIndex = 0;
    else this.grid.removeAttribute("tabindex");
    if (strip) {
      this.grid.style.gridTemplateColumns = this.grid.style.gridAutoRows = "";
      for (const tile of tiles) tile.hidden = false;
      this.pager.hidden = false; // measured with the pager shown, since it is part of the strip's box
      this.readStrip();
      return;
    }
    const minWidth = matchMedia(PHONE).matches ? MIN_WIDTH_PHONE : MIN_WIDTH;
    const width = this.area.clientWidth;
    let height = this.area.clientHeight;
    let perPage = capacity(width, height, minWidth);
    this.pager.hidden = tiles.length <= perPage;
    if (!this.pager.hidden) {
      height -= this.pager.offsetHeight + GAP;
      perPage = capacity(width, height, minWidth);
    }
    this.perPage = Math.max(1, perPage);
    this.pages = Math.max(1, Math.ceil(tiles.length / this.perPage));
    this.page = Math.min(this.page, this.pages - 1);
    const onPage = Math.min(this.perPage, tiles.length - this.page * this.perPage);
    size(this.grid, fit(Math.max(1, onPage), width, height));
    tiles.forEach((tile, index) => { tile.hidden = Math.floor(index / this.perPage) !== this.page; });
    this.say();
    this.onLayout?.(); // which tiles show changed: the node forwards only those (quality.js)
  }

  go(page) {
    if (this.strip()) {
      // One screen's width per page; scroll-snap lands on a whole tile.
      this.grid.scrollBy({ left: (page - this.page) * this.grid.clientWidth, behavior: "instant" });
      return;
    }
    this.page = Math.max(0, Math.min(this.pages - 1, page));
    this.update();
  }

  readStrip() {
    if (this.videos.dataset.mode !== "strip") return;
    const width = this.grid.clientWidth || 1;
    this.pages = Math.max(1, Math.ceil((this.grid.scrollWidth - 1) / width));
    const atEnd = this.grid.scrollLeft + width >= this.grid.scrollWidth - 2;
    this.page = atEnd ? this.pages - 1 : Math.min(this.pages - 1, Math.round(this.grid.scrollLeft / width));
    this.pager.hidden = this.pages <= 1;
    this.say();
    this.onLayout?.();
  }

  say() {
    this.status.textContent = `Page ${this.page + 1} sur ${this.pages}`;
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page >= this.pages - 1;
  }
}
