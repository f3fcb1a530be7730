// <scroll-view>: a native scroller in the shadow root, with WeChat's thresholds, scroll
// positions, scroll-into-view and the custom pull-down refresher.
import { $, Widget, num, px, shadow, track, tween, EASE, widget } from "./shared.js";

const STYLE = `:host{display:block;position:relative;overflow:hidden}
.s{width:100%;height:100%;overflow:hidden;position:relative;-webkit-overflow-scrolling:touch;
box-sizing:border-box}.s.x{overflow-x:auto}.s.y{overflow-y:auto}
.s.flex,.s.flex .c{display:flex;flex-direction:inherit;flex-wrap:inherit;align-items:inherit;
justify-content:inherit;gap:inherit}
.s.nobar{scrollbar-width:none}.s.nobar::-webkit-scrollbar{display:none}
.r{height:0;overflow:hidden;display:flex;align-items:flex-end;justify-content:center}
.r.anim{transition:height .3s}
.d{display:flex;gap:6px;height:45px;align-items:center}.d i{width:6px;height:6px;
border-radius:50%;background:currentColor;opacity:.3;animation:p 1s infinite}
.d i:nth-child(2){animation-delay:.2s}.d i:nth-child(3){animation-delay:.4s}
@keyframes p{50%{opacity:1}}.white{color:#fff}.black{color:#000}.none .d{display:none}`;

class ScrollView extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const root = shadow(el, STYLE,
      `<div class="s" part="scroller"><div class="r" part="refresher"><slot name="refresher">` +
      `</slot><div class="d"><i></i><i></i><i></i></div></div><div class="c"><slot></slot></div></div>`);
    /** @type {HTMLElement} */
    this.sc = $(root, ".s");
    this.rf = $(root, ".r");
    this.last = { top: 0, left: 0 };
    this.zone = { upper: true, lower: false }; // whether we are inside each threshold zone
    this.state = "idle"; // refresher: idle | pulling | refreshing
    this.sc.addEventListener("scroll", () => this.onScroll(), { passive: true });
    // Skyline's worklet:onscrollstart / onscrollend around the scroll events
    this.moving = false;
    this.sc.addEventListener("scrollend", () => {
      this.moving = false;
      this.send("scrollend", this.position());
    });
    // Selector queries and scrollOffset read the host; forward to the real scroller.
    for (const k of ["scrollTop", "scrollLeft", "scrollHeight", "scrollWidth"]) {
      Object.defineProperty(el, k, {
        get: () => /** @type {any} */ (this.sc)[k],
        set: (v) => void (/** @type {any} */ (this.sc)[k] = v),
      });
    }
    this.pull();
  }

  /** @param {Set<string>} ch */
  update(ch) {
    const c = this.sc.classList;
    c.toggle("x", this.b("scrollX"));
    c.toggle("y", this.b("scrollY"));
    c.toggle("flex", this.b("enableFlex"));
    c.toggle("nobar", this.p.showScrollbar === false);
    const style = this.s("refresherDefaultStyle", "black");
    this.rf.className = "r " + style;
    this.rf.style.background = this.s("refresherBackground", "#FFF");
    const smooth = this.b("scrollWithAnimation");
    if (ch.has("scrollIntoView") && this.p.scrollIntoView) this.intoView(String(this.p.scrollIntoView), smooth);
    else if (ch.has("scrollTop") || ch.has("scrollLeft")) {
      this.to({
        top: ch.has("scrollTop") ? px(this.p.scrollTop, 0) : undefined,
        left: ch.has("scrollLeft") ? px(this.p.scrollLeft, 0) : undefined,
      }, smooth);
    }
    if (ch.has("refresherTriggered")) {
      if (this.b("refresherTriggered")) this.open(true);
      else if (this.state === "refreshing") this.close("refresherrestore");
    }
  }

  /** @param {{top?: number, left?: number}} pos @param {boolean} smooth */
  to(pos, smooth) {
    const sc = this.sc;
    // A layout pass may still be pending (children appended in the same batch): wait a frame.
    requestAnimationFrame(() => sc.scrollTo({ ...pos, behavior: smooth ? "smooth" : "instant" }));
  }

  /** @param {string} id @param {boolean} smooth */
  intoView(id, smooth) {
    requestAnimationFrame(() => {
      const t = this.el.querySelector("#" + CSS.escape(id));
      if (!t) return;
      const a = t.getBoundingClientRect(), b = this.sc.getBoundingClientRect();
      this.sc.scrollTo({
        top: this.sc.scrollTop + a.top - b.top,
        left: this.sc.scrollLeft + a.left - b.left,
        behavior: smooth ? "smooth" : "instant",
      });
    });
  }

  position() {
    const s = this.sc;
    return { scrollLeft: s.scrollLeft, scrollTop: s.scrollTop, scrollHeight: s.scrollHeight, scrollWidth: s.scrollWidth };
  }

  onScroll() {
    const top = this.sc.scrollTop, left = this.sc.scrollLeft;
    const d = { ...this.position(), deltaX: left - this.last.left, deltaY: top - this.last.top };
    const s = this.sc;
    this.last = { top, left };
    if (!this.moving) this.send("scrollstart", d);
    this.moving = true;
    this.send("scroll", d);
    this.send("scrollupdate", d);
    const y = this.b("scrollY") || !this.b("scrollX");
    const pos = y ? top : left, max = y ? s.scrollHeight - s.clientHeight : s.scrollWidth - s.clientWidth;
    const upper = pos <= this.n("upperThreshold", 50), lower = max - pos <= this.n("lowerThreshold", 50);
    // Fire on entering a zone (WeChat: once per approach, and only while moving toward the edge).
    if (upper && !this.zone.upper && (y ? d.deltaY : d.deltaX) < 0) this.send("scrolltoupper", { direction: y ? "top" : "left" });
    if (lower && !this.zone.lower && (y ? d.deltaY : d.deltaX) > 0) this.send("scrolltolower", { direction: y ? "bottom" : "right" });
    this.zone = { upper, lower };
  }

  threshold() {
    return this.n("refresherThreshold", 45);
  }

  /** The custom refresher: drag down while at the top. */
  pull() {
    let y0 = 0, dy = 0;
    track(this.sc, {
      start: (_x, y) => {
        if (!this.b("refresherEnabled") || this.state !== "idle" || this.sc.scrollTop > 0) return false;
        y0 = y, dy = 0;
      },
      move: (_x, y) => {
        dy = Math.max(0, y - y0);
        if (!dy && this.state === "idle") return false;
        if (this.state === "idle") this.state = "pulling", this.send("refresherpulling", { dy: 0 });
        this.rf.classList.remove("anim");
        this.rf.style.height = dy * 0.5 + "px";
        this.send("refresherpulling", { dy: dy * 0.5 });
        return true;
      },
      end: () => {
        if (this.state !== "pulling") return;
        if (dy * 0.5 >= this.threshold()) this.open(false);
        else this.close("refresherabort");
      },
    });
  }

  /** @param {boolean} fromProp */
  open(fromProp) {
    if (this.state === "refreshing") return;
    this.state = "refreshing";
    this.rf.classList.add("anim");
    this.rf.style.height = this.threshold() + "px";
    if (!fromProp) this.send("refresherrefresh", { dy: this.threshold() });
  }

  /** @param {string} event */
  close(event) {
    this.state = "idle";
    this.rf.classList.add("anim");
    this.rf.style.height = "0";
    this.send(event, {});
  }

  /**
   * Context calls: `scrollTo({top, left, animated, duration})`, `scrollIntoView(selector)`,
   * `scrollOffset`, and the refresher's `triggerRefresh` / `closeRefresh`.
   * @param {string} name @param {any} a
   */
  method(name, a = {}) {
    const s = this.sc;
    if (name === "triggerRefresh") return void (this.state === "idle" && this.open(false));
    if (name === "closeRefresh") return void (this.state === "refreshing" && this.close("refresherrestore"));
    if (name === "scrollOffset") return { scrollTop: s.scrollTop, scrollLeft: s.scrollLeft, scrollHeight: s.scrollHeight, scrollWidth: s.scrollWidth };
    if (name === "scrollIntoView") return this.intoView(String(a.selector || a.id || "").replace(/^#/, ""), !!a.animated);
    if (name !== "scrollTo") return super.method(name, a);
    const top = a.top == null ? s.scrollTop : num(a.top, 0), left = a.left == null ? s.scrollLeft : num(a.left, 0);
    if (!a.animated) return this.to({ top, left }, false);
    // a custom duration needs our own tween; the browser's smooth scroll has a fixed one
    const t0 = s.scrollTop, l0 = s.scrollLeft;
    tween(num(a.duration, 300), EASE.default, (k) => s.scrollTo(l0 + (left - l0) * k, t0 + (top - t0) * k));
  }
}

widget("scroll-view", ScrollView);
