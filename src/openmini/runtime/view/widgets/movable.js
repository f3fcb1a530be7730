// <movable-area> and <movable-view>: the view is moved with the CSS `translate`/`scale`
// properties written into its own shadow stylesheet (`:host{…}`), so the author's `style` and
// `transform` (animations) on the element stay untouched.
import { EASE, Widget, clamp, px, shadow, track, tween, widget } from "./shared.js";

/**
 * The range of x (or y) for a view of size `w` scaled by `s` (around its centre) in an area of
 * size `a`: the scaled box stays inside the area, or covers it when bigger.
 */
export function bounds(/** @type {number} */ a, /** @type {number} */ w, /** @type {number} */ s) {
  const shift = (w * (1 - s)) / 2, ws = w * s;
  return ws <= a ? [0 - shift, a - ws - shift] : [a - ws - shift, 0 - shift];
}

/** Past an edge by `d` px the view follows with resistance (out-of-bounds dragging). */
export const resist = (/** @type {number} */ d) => Math.sign(d) * Math.sqrt(Math.abs(d)) * 4;

class MovableArea extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    shadow(el, ":host{display:block;position:relative;width:10px;height:10px}", "<slot></slot>");
  }
}

class MovableView extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, ":host{display:block;position:absolute;top:0;left:0;width:10px;height:10px}",
      "<style></style><slot></slot>");
    this.css = /** @type {HTMLStyleElement} */ (r.firstChild);
    this.x = 0;
    this.y = 0;
    this.sc = 1;
    this.stop = () => {};
    this.drag();
    this.pinch();
  }

  /** @param {Set<string>} ch */
  update(ch) {
    if (ch.has("scaleValue") || ch.has("scaleMin") || ch.has("scaleMax")) this.zoom(this.n("scaleValue", 1), false);
    if (ch.has("x") || ch.has("y")) {
      const b = this.box(), laid = this.el.parentElement?.clientWidth; // not laid out yet: keep as given
      let x = px(this.p.x, this.x), y = px(this.p.y, this.y);
      if (laid) x = clamp(x, b.x[0], b.x[1]), y = clamp(y, b.y[0], b.y[1]);
      this.move(x, y, "", this.p.animation !== false && this.el.isConnected);
    }
  }

  box() {
    const a = /** @type {HTMLElement} */ (this.el.parentElement), e = this.el;
    return { x: bounds(a?.clientWidth ?? 0, e.offsetWidth, this.sc), y: bounds(a?.clientHeight ?? 0, e.offsetHeight, this.sc) };
  }

  paint() {
    this.css.textContent = `:host{translate:${this.x}px ${this.y}px;scale:${this.sc}}`;
  }

  /** @param {number} x @param {number} y @param {string} source @param {boolean} [anim] */
  move(x, y, source, anim) {
    this.stop();
    const emit = () => this.send("change", { x: this.x, y: this.y, source });
    if (!anim) return (this.x = x), (this.y = y), this.paint(), emit();
    const x0 = this.x, y0 = this.y;
    this.stop = tween(clamp(6000 / this.n("damping", 20), 100, 1000), EASE.easeOutCubic, (k) => {
      this.x = x0 + (x - x0) * k, this.y = y0 + (y - y0) * k;
      this.paint();
      emit();
    });
  }

  /** @param {number} s @param {boolean} emit */
  zoom(s, emit) {
    this.sc = clamp(s, this.n("scaleMin", 0.1), this.n("scaleMax", 10));
    this.paint();
    if (emit) this.send("scale", { x: this.x, y: this.y, scale: this.sc });
  }

  drag() {
    let x0 = 0, y0 = 0, px0 = 0, py0 = 0, first = true, out = false;
    track(this.el, {
      start: (x, y) => {
        const d = this.s("direction", "none");
        if (d === "none" || this.b("disabled")) return false;
        this.stop();
        x0 = x, y0 = y, px0 = this.x, py0 = this.y, first = true;
      },
      move: (x, y) => {
        const d = this.s("direction", "none"), b = this.box();
        const dx = d === "vertical" ? 0 : x - x0, dy = d === "horizontal" ? 0 : y - y0;
        if (first) first = false, this.send(Math.abs(x - x0) > Math.abs(y - y0) ? "htouchmove" : "vtouchmove", {});
        let nx = px0 + dx, ny = py0 + dy;
        const cx = clamp(nx, b.x[0], b.x[1]), cy = clamp(ny, b.y[0], b.y[1]);
        out = cx !== nx || cy !== ny;
        if (this.b("outOfBounds")) nx = cx + resist(nx - cx), ny = cy + resist(ny - cy);
        else nx = cx, ny = cy;
        this.move(nx, ny, out ? "touch-out-of-bounds" : "touch");
        return true;
      },
      end: (vx, vy) => {
        const b = this.box();
        if (out && this.b("outOfBounds")) {
          return this.move(clamp(this.x, b.x[0], b.x[1]), clamp(this.y, b.y[0], b.y[1]), "out-of-bounds", true);
        }
        if (!this.b("inertia") || Math.hypot(vx, vy) < 0.1) return;
        // decelerate: the distance a fling covers shrinks as `friction` grows
        const k = 250 / Math.max(0.1, this.n("friction", 2));
        const d = this.s("direction", "none");
        const tx = d === "vertical" ? this.x : clamp(this.x + vx * k, b.x[0], b.x[1]);
        const ty = d === "horizontal" ? this.y : clamp(this.y + vy * k, b.y[0], b.y[1]);
        const x1 = this.x, y1 = this.y;
        this.stop = tween(600, EASE.easeOutCubic, (t) => {
          this.x = x1 + (tx - x1) * t, this.y = y1 + (ty - y1) * t;
          this.paint();
          this.send("change", { x: this.x, y: this.y, source: "friction" });
        });
      },
    });
  }

  /** Two-finger pinch on the view, and ctrl+wheel (trackpad pinch) on desktop. */
  pinch() {
    let d0 = 0, s0 = 1;
    const dist = (/** @type {TouchList} */ t) => Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY);
    this.el.addEventListener("touchstart", (e) => {
      if (this.b("scale") && e.touches.length === 2) (d0 = dist(e.touches)), (s0 = this.sc);
    }, { passive: true });
    this.el.addEventListener("touchmove", (e) => {
      if (!d0 || e.touches.length !== 2) return;
      if (e.cancelable) e.preventDefault();
      this.zoom(s0 * (dist(e.touches) / d0), true);
    }, { passive: false });
    this.el.addEventListener("touchend", () => (d0 = 0));
    this.el.addEventListener("wheel", (e) => {
      if (!this.b("scale") || !e.ctrlKey) return;
      e.preventDefault();
      this.zoom(this.sc * Math.exp(-e.deltaY / 100), true);
    }, { passive: false });
  }

  /** @param {string} name @param {any} _a */
  method(name, _a) {
    if (name === "position") return { x: this.x, y: this.y, scale: this.sc };
    return super.method(name, _a);
  }
}

widget("movable-area", MovableArea);
widget("movable-view", MovableView);
