// <progress>: WeChat's bar, info text and the `active` fill animation.
import { $, EASE, Widget, clamp, px, shadow, tween, widget } from "./shared.js";

const STYLE = `:host{display:flex;align-items:center}.wx-progress-bar{flex:1;overflow:hidden}
.wx-progress-inner-bar{width:0;height:100%}.wx-progress-info{margin-left:15px;min-width:2em;
font-size:var(--fs,16px)}`;

class Progress extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, STYLE, `<div class="wx-progress-bar" part="bar"><div class="wx-progress-inner-bar" part="inner">` +
      `</div></div><div class="wx-progress-info" part="info"></div>`);
    this.bar = $(r, ".wx-progress-bar");
    this.inner = $(r, ".wx-progress-inner-bar");
    this.info = $(r, ".wx-progress-info");
    this.cur = 0;
    this.stop = () => {};
  }

  /** @param {Set<string>} ch */
  update(ch) {
    const b = this.bar.style, radius = px(this.p.borderRadius, 0) + "px";
    b.height = px(this.p.strokeWidth, 6) + "px";
    b.borderRadius = this.inner.style.borderRadius = radius;
    b.background = this.s("backgroundColor", "#EBEBEB");
    this.inner.style.background = this.s("activeColor", this.s("color", "#09BB07"));
    this.info.style.display = this.b("showInfo") ? "" : "none";
    this.info.style.fontSize = px(this.p.fontSize, 16) + "px";
    if (!ch.has("percent") && !ch.has("active") && this.cur) return;
    const to = clamp(this.n("percent", 0), 0, 100);
    this.stop();
    if (!this.b("active")) return this.paint(to);
    const from = this.s("activeMode", "backwards") === "forwards" ? this.cur : 0;
    this.stop = tween(Math.abs(to - from) * this.n("duration", 30), EASE.linear, (k) => this.paint(from + (to - from) * k),
      () => this.send("activeend", { curPercent: to }));
  }

  /** @param {number} v */
  paint(v) {
    this.cur = v;
    this.inner.style.width = v + "%";
    this.info.textContent = Math.round(v) + "%";
  }
}

widget("progress", Progress);
