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
    /** Where MapContext calls moved the map: centre, scale, markers (id → marker; null: removed). @type {Record<string, any>} */
    this.o = {};
  }

  /** The centre and scale: the attributes, or where a MapContext call moved them since. */
  view() {
    return { longitude: num(this.o.longitude ?? this.p.longitude, 116.46), latitude: num(this.o.latitude ?? this.p.latitude, 39.92), scale: num(this.o.scale ?? this.p.scale, 16) };
  }

  /** The `markers` attribute with MapContext's addMarkers/removeMarkers/translateMarker applied. */
  markers() {
    const given = (Array.isArray(this.p.markers) ? this.p.markers : []).filter((m) => m && typeof m === "object");
    const all = new Map((this.o.clear ? [] : given).map((m) => [m.id, m]));
    for (const [id, m] of this.o.markers || []) if (m) all.set(id, m); else all.delete(id);
    return [...all.values()];
  }

  /** @param {Set<string>} [changed] */
  update(changed) {
    // new attribute values win over earlier MapContext moves, as the map follows its data
    for (const k of ["longitude", "latitude", "scale"]) if (changed?.has(k)) delete this.o[k];
    if (changed?.has("markers")) this.o.markers = this.o.clear = undefined;
    const { longitude: lng, latitude: lat, scale } = this.view();
    this.c.textContent = `longitude ${lng}, latitude ${lat}, scale ${scale}`;
    this.ul.textContent = "";
    for (const m of this.markers()) {
      const label = m.title || m.callout?.content || m.label?.content || "marker " + (m.id ?? "");
      const li = h("li", "", this.ul, ` ${label} (${num(m.longitude, 0)}, ${num(m.latitude, 0)})`);
      li.onclick = (/** @type {Event} */ e) => {
        e.stopPropagation();
        this.send("markertap", { markerId: m.id });
        if (m.callout) this.send("callouttap", { markerId: m.id });
      };
    }
  }

  /**
   * MapContext calls, answered from and applied to what the placeholder shows; what needs map
   * tiles or a location provider fails.
   * @param {string} name @param {any} a
   */
  method(name, a) {
    a = a || {};
    const v = this.view();
    const set = (/** @type {Record<string, any>} */ o) => {
      Object.assign(this.o, o);
      this.update();
      return {};
    };
    const edit = (/** @type {(m: Map<any, any>) => void} */ fn) => {
      const m = new Map(this.o.markers || []);
      fn(m);
      return set({ markers: m });
    };
    if (name === "getCenterLocation") return { longitude: v.longitude, latitude: v.latitude };
    if (name === "getScale") return { scale: v.scale };
    if (name === "getRotate") return { rotate: 0 };
    if (name === "getSkew") return { skew: 0 };
    if (name === "moveToLocation" && a.longitude != null && a.latitude != null) return set({ longitude: num(a.longitude, v.longitude), latitude: num(a.latitude, v.latitude) });
    if (name === "getRegion") {
      // Web Mercator at this scale: 256 px of world per 2^scale, over the element's box
      const r = this.el.getBoundingClientRect(), deg = 360 / (256 * 2 ** v.scale);
      const dx = (r.width * deg) / 2, dy = (r.height * deg * Math.cos((v.latitude * Math.PI) / 180)) / 2;
      return { southwest: { longitude: v.longitude - dx, latitude: v.latitude - dy }, northeast: { longitude: v.longitude + dx, latitude: v.latitude + dy } };
    }
    if (name === "includePoints" && Array.isArray(a.points) && a.points.length) {
      const lngs = a.points.map((/** @type {any} */ p) => num(p.longitude, 0)), lats = a.points.map((/** @type {any} */ p) => num(p.latitude, 0));
      const span = Math.max(Math.max(...lngs) - Math.min(...lngs), Math.max(...lats) - Math.min(...lats), 1e-6);
      const width = this.el.getBoundingClientRect().width || 300;
      return set({
        longitude: (Math.max(...lngs) + Math.min(...lngs)) / 2, latitude: (Math.max(...lats) + Math.min(...lats)) / 2,
        scale: Math.max(3, Math.min(20, Math.floor(Math.log2((width * 360) / (256 * span))))),
      });
    }
    if (name === "addMarkers" && Array.isArray(a.markers)) {
      if (a.clear) this.o.clear = true;
      return edit((m) => {
        if (a.clear) m.clear();
        for (const x of a.markers) if (x && typeof x === "object") m.set(x.id, x);
      });
    }
    if (name === "removeMarkers" && Array.isArray(a.markerIds)) return edit((m) => { for (const id of a.markerIds) m.set(id, null); });
    if (name === "translateMarker") {
      const old = this.markers().find((x) => x.id === a.markerId);
      if (!old) throw new Error(`marker ${a.markerId} not found`);
      return edit((m) => m.set(old.id, { ...old, ...a.destination }));
    }
    throw new Error(`not supported: ${name} needs a map provider, and the map is a placeholder`);
  }
}

widget("map", MapView);
