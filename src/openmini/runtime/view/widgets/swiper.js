// <swiper> and <swiper-item>. Each item is slotted (manual assignment) into a wrapper the
// swiper positions itself: wrapper i sits at (i - position) item sizes from the start, wrapped
// around when `circular`, so no clones are needed and one float `pos` drives drag, autoplay
// and animation alike.
import { $, EASE, Widget, clamp, h, px, shadow, track, tween, widget } from "./shared.js";

/** Positions the swiper can rest on (= dots): every item when circular, else the last full page. */
export const stops = (/** @type {number} */ n, /** @type {number} */ m, /** @type {boolean} */ circ) =>
  circ ? n : Math.max(1, n - m + 1);

/** Offset of item i from the resting position, in item sizes; circular keeps it in [-1, n-1). */
export function offset(/** @type {number} */ i, /** @type {number} */ pos, /** @type {number} */ n, /** @type {boolean} */ circ) {
  const r = i - pos;
  return circ && n > 1 ? (((r + 1) % n) + n) % n - 1 : r;
}

/**
 * Where a released drag settles: a fling (`dir` ±1) goes one step past `pos` in its direction,
 * otherwise the nearest stop. `pos` is continuous; the result is not wrapped (animate to it).
 * @param {number} pos @param {number} dir -1, 0 or 1 (toward higher index)
 * @param {number} from index the drag started at @param {number} max stops @param {boolean} circ
 */
export function settle(pos, dir, from, max, circ) {
  let t = dir > 0 ? Math.floor(pos) + 1 : dir < 0 ? Math.ceil(pos) - 1 : Math.round(pos);
  t = clamp(t, from - 1, from + 1); // one page per gesture, as WeChat
  return circ ? t : clamp(t, 0, max - 1);
}

/** Wrap an unbounded index into [0, n). */
export const mod = (/** @type {number} */ i, /** @type {number} */ n) => (n ? ((i % n) + n) % n : 0);

const STYLE = `:host{display:block;height:150px;position:relative;overflow:hidden}
.t{position:absolute;inset:0;overflow:hidden}.w{position:absolute;top:0;left:0;width:100%;
height:100%;will-change:transform}.w>slot{display:block;width:100%;height:100%}
.wx-swiper-dots{position:absolute;display:flex;left:50%;bottom:10px;transform:translateX(-50%);
pointer-events:none}.wx-swiper-dots.v{flex-direction:column;left:auto;right:10px;bottom:auto;
top:50%;transform:translateY(-50%)}.wx-swiper-dots.v .wx-swiper-dot{margin:4px 0}.wx-swiper-dot{width:8px;height:8px;border-radius:50%;
margin:0 4px;transition:background .3s}`;

class Swiper extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const root = shadow(el, STYLE, `<div class="t"></div><div class="wx-swiper-dots" part="dots"></div>`, "manual");
    this.root = root;
    this.track = $(root, ".t");
    this.dots = $(root, ".wx-swiper-dots");
    /** @type {HTMLElement[]} */
    this.items = [];
    /** @type {HTMLElement[]} */
    this.wraps = [];
    this.pos = 0; // continuous position in items
    /** Where the current movement began (Skyline scroll events), null at rest. @type {number | null} */
    this.from = null;
    this.cur = 0;
    this.size = 0;
    this.stop = () => {};
    this.timer = 0;
    new MutationObserver(() => this.slots()).observe(el, { childList: true });
    new ResizeObserver(() => this.layout()).observe(el);
    this.drag();
  }

  get m() {
    return Math.max(1, Math.floor(this.n("displayMultipleItems", 1)));
  }
  get circ() {
    return this.b("circular") && this.items.length > this.m;
  }
  get vert() {
    return this.b("vertical");
  }
  get max() {
    return stops(this.items.length, this.m, this.circ);
  }

  /** Re-read the children: every <swiper-item> gets a wrapper and a manually assigned slot. */
  slots() {
    this.items = /** @type {HTMLElement[]} */ ([...this.el.children].filter((c) => c.localName === "wx-swiper-item"));
    for (const w of this.wraps) w.remove();
    this.wraps = this.items.map((item) => {
      const w = h("div", "w", this.track);
      /** @type {HTMLSlotElement} */ (h("slot", "", w)).assign(item);
      return w;
    });
    this.cur = clamp(this.cur, 0, this.max - 1);
    this.pos = this.cur;
    this.layout();
    this.autoplay();
  }

  /** @param {Set<string>} ch */
  update(ch) {
    this.dots.classList.toggle("v", this.vert);
    let want = -1;
    if (ch.has("currentItemId") && this.p.currentItemId != null)
      want = this.items.findIndex((i) => /** @type {any} */ (i).__w?.itemId === String(this.p.currentItemId));
    if (want < 0 && ch.has("current")) want = this.n("current", 0);
    if (want >= 0 && !this.items.length) this.cur = this.pos = want; // children not slotted yet
    else if (want >= 0 && want !== this.cur) this.go(clamp(want, 0, this.max - 1), "", this.size > 0);
    this.layout();
    if (ch.has("autoplay") || ch.has("interval")) this.autoplay();
  }

  layout() {
    const el = this.el, v = this.vert, m = this.m;
    const full = v ? el.clientHeight : el.clientWidth;
    const pm = px(this.p.previousMargin, 0), nm = px(this.p.nextMargin, 0);
    this.size = Math.max(0, (full - pm - nm) / m);
    const n = this.items.length;
    for (let i = 0; i < n; i++) {
      const s = this.wraps[i].style;
      s.width = v ? "100%" : this.size + "px";
      s.height = v ? this.size + "px" : "100%";
      const at = pm + offset(i, this.pos, n, this.circ) * this.size;
      s.transform = v ? `translate3d(0,${at}px,0)` : `translate3d(${at}px,0,0)`;
    }
    this.paintDots();
  }

  paintDots() {
    const show = this.b("indicatorDots"), k = this.max, d = this.dots;
    d.style.display = show ? "" : "none";
    if (!show) return;
    while (d.children.length > k) d.lastChild.remove();
    while (d.children.length < k) h("i", "wx-swiper-dot", d).setAttribute("part", "dot");
    const on = this.s("indicatorActiveColor", "#000000"), off = this.s("indicatorColor", "rgba(0, 0, 0, .3)");
    for (let i = 0; i < k; i++) {
      const dot = /** @type {HTMLElement} */ (d.children[i]);
      dot.classList.toggle("wx-swiper-dot-active", i === this.cur);
      dot.style.background = i === this.cur ? on : off;
    }
  }

  detail(source = "") {
    const item = /** @type {any} */ (this.items[this.cur]);
    return { current: this.cur, currentItemId: item?.__w?.itemId ?? "", source };
  }

  /**
   * Move to stop `to` (unbounded when circular: animating 4 → 5 on 5 items goes forward to 0).
   * @param {number} to @param {string} source @param {boolean} animate
   */
  go(to, source, animate = true) {
    this.stop();
    const n = this.items.length, next = this.circ ? mod(to, n) : clamp(to, 0, this.max - 1);
    const changed = next !== this.cur;
    this.cur = next;
    this.paintDots(); // the dot moves when the target is known, as in WeChat
    if (changed) this.send("change", this.detail(source));
    this.scrollStart();
    const from = this.pos, done = () => {
      this.pos = this.circ ? mod(to, n) : next;
      this.layout();
      this.scrolled("scrollend");
      this.send("animationfinish", this.detail(source));
      this.autoplay();
    };
    const dur = animate ? this.n("duration", 500) : 0;
    if (!dur) return done();
    this.stop = tween(dur, EASE[this.s("easingFunction", "default")] || EASE.default, (k) => {
      this.pos = from + (to - from) * k;
      this.layout();
      this.transition();
    }, done);
  }

  transition() {
    const d = (this.pos - this.cur) * this.size;
    this.send("transition", this.vert ? { dx: 0, dy: d } : { dx: d, dy: 0 });
    this.scrolled("scrollupdate");
  }

  /** Skyline's `worklet:onscrollstart/update/end` measure from where the movement began. */
  scrollStart() {
    if (this.from != null) return;
    this.from = this.pos;
    this.scrolled("scrollstart");
  }

  /** @param {"scrollstart" | "scrollupdate" | "scrollend"} type */
  scrolled(type) {
    if (this.from == null) return;
    const d = (this.pos - this.from) * this.size, state = ["scrollstart", "scrollupdate", "scrollend"].indexOf(type);
    this.send(type, this.vert ? { dx: 0, dy: d, state } : { dx: d, dy: 0, state });
    if (type === "scrollend") this.from = null;
  }

  autoplay() {
    clearTimeout(this.timer);
    if (!this.b("autoplay") || this.items.length < 2 || !this.el.isConnected) return;
    this.timer = setTimeout(() => {
      const last = this.cur >= this.max - 1;
      // non-circular autoplay jumps back to the first item, as WeChat
      this.go(last && !this.circ ? 0 : Math.round(this.pos) + 1, "autoplay");
    }, this.n("interval", 5000));
  }

  drag() {
    let x0 = 0, y0 = 0, p0 = 0, axis = "";
    track(this.el, {
      start: (x, y) => {
        if (this.b("disableTouch") || this.p.touchable === false || this.items.length < 1 || !this.size) return false;
        this.stop();
        clearTimeout(this.timer);
        x0 = x, y0 = y, p0 = this.pos, axis = "";
        this.scrollStart();
      },
      move: (x, y) => {
        const dx = x - x0, dy = y - y0;
        if (!axis) {
          if (Math.abs(dx) < 4 && Math.abs(dy) < 4) return false;
          axis = Math.abs(dx) > Math.abs(dy) ? "x" : "y";
        }
        if ((axis === "y") !== this.vert) return false; // the other direction belongs to the page
        let p = p0 - (this.vert ? dy : dx) / this.size;
        if (!this.circ) {
          const hi = this.max - 1; // rubber band past the ends
          if (p < 0) p = p / 3;
          else if (p > hi) p = hi + (p - hi) / 3;
        }
        this.pos = p;
        this.layout();
        this.transition();
        return true;
      },
      end: (vx, vy) => {
        if (!axis || (axis === "y") !== this.vert) return this.scrolled("scrollend"), this.autoplay();
        const v = -(this.vert ? vy : vx); // px/ms toward higher index
        this.go(settle(this.pos, Math.abs(v) > 0.2 ? Math.sign(v) : 0, Math.round(p0), this.max, this.circ), "touch");
      },
    });
  }

  destroy() {
    clearTimeout(this.timer);
    this.stop();
  }
}

class SwiperItem extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    shadow(el, ":host{display:block;width:100%;height:100%;overflow:hidden;box-sizing:border-box}", "<slot></slot>");
    this.itemId = "";
  }
  update() {
    this.itemId = this.s("itemId", "");
  }
}

widget("swiper", Swiper);
widget("swiper-item", SwiperItem);
