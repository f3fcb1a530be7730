// <map>: no map provider is bundled, so it draws a clear placeholder: the centre coordinates and
// the markers, each tappable (markertap / callouttap with WeChat's detail).
import { $, Widget, h, num, shadow, widget } from "./shared.js";

const STYLE = `:host{display:block;width:300px;height:150px;position:relative;overflow:hidden}
.m{position:absolute;inset:0;background:#e8eef3;background-image:linear-gradient(#d5dde5 1px,transparent 1px),
linear-gradient(90deg,#d5dde5 1px,transparent 1px);background-size:24px 24px;font:12px/1.5 system-ui,sans-serif;
color:#333;padding:8px;box-sizing:border-box;overflow:auto}.h{font-weight:600}.c{color:#666}
ul{margin:4px 0 0;padding:0;list-style:none}li{cursor:pointer;padding:2px 0}li::before{content:"📍"}`;

class MapView extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, STYLE, `<div class="m" part="map"><div class="h">Map preview (no map provider)</div>` +
      `<div class="c"></div><ul></ul></div><slot></slot>`);
    this.c = $(r, ".c");
    this.ul = $(r, "ul");
  }

  update() {
    const lng = num(this.p.longitude, 116.46), lat = num(this.p.latitude, 39.92), scale = num(this.p.scale, 16);
    this.c.textContent = `longitude ${lng}, latitude ${lat}, scale ${scale}`;
    this.ul.textContent = "";
    const markers = Array.isArray(this.p.markers) ? this.p.markers : [];
    for (const m of markers) {
      if (!m || typeof m !== "object") continue;
      const label = m.title || m.callout?.content || m.label?.content || "marker " + (m.id ?? "");
      const li = h("li", "", this.ul, ` ${label} (${num(m.longitude, 0)}, ${num(m.latitude, 0)})`);
      li.onclick = (/** @type {Event} */ e) => {
        e.stopPropagation();
        this.send("markertap", { markerId: m.id });
        if (m.callout) this.send("callouttap", { markerId: m.id });
      };
    }
  }

  /** MapContext calls answer from what the placeholder knows. @param {string} name @param {any} _args */
  method(name, _args) {
    const lng = num(this.p.longitude, 116.46), lat = num(this.p.latitude, 39.92);
    if (name === "getCenterLocation") return { longitude: lng, latitude: lat };
    if (name === "getScale") return { scale: num(this.p.scale, 16) };
    throw new Error("map has no provider; " + name + " is not supported");
  }
}

widget("map", MapView);
