// <picker-view> and <picker-view-column>, and the Wheel both they and <picker>'s sheet use: a
// native scroller with CSS scroll-snap (fling physics and accessibility come from the browser);
// the index is read when scrolling settles.
import { $, Widget, clamp, rpx, shadow, widget } from "./shared.js";

export class Wheel {
  /**
   * @param {HTMLElement} sc the scroller (its items snap to the centre line)
   * @param {() => number} count how many items there are
   * @param {(i: number) => void} pick called when it settles on a new index
   * @param {() => void} [start] called when a user gesture begins
   */
  constructor(sc, count, pick, start) {
    this.sc = sc;
    this.count = count;
    this.ih = 34; // item height = the indicator's height
    this.i = 0;
    this.geo = "";
    let timer = 0, busy = false;
    const settle = () => {
      busy = false;
      const i = clamp(Math.round(sc.scrollTop / this.ih), 0, Math.max(0, count() - 1));
      if (i !== this.i) (this.i = i), pick(i);
      else if (Math.abs(sc.scrollTop - i * this.ih) > 1) this.to(i, true); // re-centre
    };
    sc.addEventListener("scroll", () => {
      clearTimeout(timer);
      timer = setTimeout(settle, 120);
    }, { passive: true });
    const begin = () => {
      if (!busy) (busy = true), start?.();
    };
    sc.addEventListener("touchstart", begin, { passive: true });
    sc.addEventListener("mousedown", begin);
    sc.addEventListener("wheel", begin, { passive: true });
  }

  /** @param {number} i @param {boolean} [smooth] */
  to(i, smooth) {
    this.i = clamp(i | 0, 0, Math.max(0, this.count() - 1));
    this.sc.scrollTo({ top: this.i * this.ih, behavior: smooth ? "smooth" : "instant" });
  }

  /** Pads so the first and last items can reach the centre line. @param {number} ih */
  layout(ih) {
    this.ih = ih || 34;
    const pad = Math.max(0, (this.sc.clientHeight - this.ih) / 2) + "px";
    // same geometry: leave the wheel where the user (or a pending snap) put it
    if (this.geo === pad + this.ih) return;
    this.geo = pad + this.ih;
    this.sc.style.setProperty("--pad", pad);
    this.sc.style.setProperty("--ih", this.ih + "px");
    this.to(this.i);
  }
}

/** Styles of a wheel scroller `.s` and its items (slotted or direct `.i` children). */
export const WHEEL_CSS = `.s{height:100%;overflow-y:scroll;scroll-snap-type:y mandatory;
scrollbar-width:none;box-sizing:border-box;position:relative}.s::-webkit-scrollbar{display:none}
.s::before,.s::after{content:"";display:block;height:var(--pad)}
.s>.i,::slotted(*){scroll-snap-align:center;height:var(--ih);line-height:var(--ih);
overflow:hidden;text-align:center;box-sizing:border-box}
.s>.i{white-space:nowrap;text-overflow:ellipsis;padding:0 4px}`;

/** Mask and indicator over the wheels; `--mh` is each mask's height. */
export const MASK_CSS = `.m{position:absolute;left:0;right:0;pointer-events:none;
z-index:2}.m.top{top:0;background:linear-gradient(180deg,hsla(0,0%,100%,.95),hsla(0,0%,100%,.6))}
.m.bot{bottom:0;background:linear-gradient(0deg,hsla(0,0%,100%,.95),hsla(0,0%,100%,.6))}
.ind{position:absolute;left:0;right:0;top:50%;height:34px;transform:translateY(-50%);
pointer-events:none;z-index:3;border-top:1px solid #e5e5e5;border-bottom:1px solid #e5e5e5;
box-sizing:border-box}`;

const STYLE = `:host{display:block;position:relative;overflow:hidden}
.b{display:flex;height:100%}::slotted(*){flex:1;min-width:0;height:100%}` + MASK_CSS;

class PickerView extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, STYLE, `<div class="b"><slot></slot></div><div class="m top" part="mask"></div>` +
      `<div class="ind" part="indicator"></div><div class="m bot" part="mask"></div>`);
    this.ind = $(r, ".ind");
    this.masks = r.querySelectorAll(".m");
    /** @type {any[]} */
    this.cols = [];
    this.moving = 0;
    new MutationObserver(() => this.columns()).observe(el, { childList: true });
    new ResizeObserver(() => this.layout()).observe(el);
  }

  columns() {
    this.cols = [...this.el.children].filter((c) => c.localName === "wx-picker-view-column").map((c) => /** @type {any} */ (c).__w);
    this.cols.forEach((c, k) => {
      if (c) (c.owner = this), (c.k = k);
    });
    this.layout();
    this.toValue();
  }

  /** @param {Set<string>} ch */
  update(ch) {
    this.ind.style.cssText = rpx(this.p.indicatorStyle);
    for (const m of this.masks) /** @type {HTMLElement} */ (m).style.cssText = rpx(this.p.maskStyle);
    this.layout();
    if (ch.has("value")) this.toValue();
  }

  toValue() {
    const v = Array.isArray(this.p.value) ? this.p.value : [];
    this.cols.forEach((c, k) => {
      c?.wheel.to(+v[k] || 0);
    });
  }

  layout() {
    const ih = this.ind.offsetHeight || 34, H = this.el.clientHeight;
    for (const m of this.masks) /** @type {HTMLElement} */ (m).style.height = Math.max(0, (H - ih) / 2) + "px";
    for (const c of this.cols) c?.wheel.layout(ih);
  }

  /** A column began a gesture / settled. */
  start() {
    if (!this.moving++) this.send("pickstart", {});
  }
  end() {
    this.send("change", { value: this.cols.map((c) => c?.wheel.i ?? 0) });
    if (this.moving) (this.moving = 0), this.send("pickend", {});
  }
}

class PickerViewColumn extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, `:host{display:block;height:100%}` + WHEEL_CSS, `<div class="s"><slot></slot></div>`);
    /** @type {PickerView | null} */
    this.owner = null;
    this.k = 0;
    const count = () => el.childElementCount;
    this.wheel = new Wheel($(r, ".s"), count, () => this.owner?.end(), () => this.owner?.start());
    // items arrive after the value (wx:for): scroll again to the wanted index
    new MutationObserver(() => this.wheel.to(this.want())).observe(el, { childList: true });
  }
  want() {
    const v = this.owner?.p.value;
    return Array.isArray(v) ? +v[this.k] || 0 : this.wheel.i;
  }
}

widget("picker-view", PickerView);
widget("picker-view-column", PickerViewColumn);
