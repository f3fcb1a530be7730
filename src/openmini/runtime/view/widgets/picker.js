// <picker>: tapping its content opens a bottom sheet (drawn in the page frame) with wheels for
// the selector, multiSelector, time, date and region modes.
import { $, Widget, h, overlay, widget } from "./shared.js";
import { MASK_CSS, WHEEL_CSS, Wheel } from "./picker-view.js";
import * as D from "./picker-data.js";

const SHEET = `.mask{position:fixed;inset:0;background:rgba(0,0,0,.6);z-index:1000;animation:f .2s}
.p{position:fixed;left:0;right:0;bottom:0;z-index:1001;background:#fff;animation:u .2s;
font:17px/1.4 system-ui,-apple-system,sans-serif;padding-bottom:env(safe-area-inset-bottom)}
.hd{display:flex;align-items:center;justify-content:space-between;height:56px;padding:0 16px;
border-bottom:1px solid #eee}.hd b{font-weight:600;flex:1;text-align:center}
.hd button{border:0;background:none;font:inherit;padding:8px 4px;cursor:pointer;color:#888}
.hd .ok{color:#07c160;font-weight:600}.bd{position:relative;display:flex;height:238px}
.bd>.s{flex:1;min-width:0}@keyframes f{from{opacity:0}}@keyframes u{from{transform:translateY(100%)}}` +
  WHEEL_CSS + MASK_CSS;

/** @param {any} x @param {string} key */
const label = (x, key) => String(x != null && typeof x === "object" ? (key ? x[key] : x) ?? "" : x ?? "");
const arr = (/** @type {any} */ v) => (Array.isArray(v) ? v : []);

/** The divisions for the region mode, decoded once their chunk has loaded. @type {D.RegionNode[]} */
let regions = [];
/** Whether the data loaded. @type {Promise<boolean> | undefined} */
let loading;
// ~19 KB brotli that only region pickers need: its own chunk, fetched when one first opens
// (a failed download is reported and forgotten, so the next tap tries again).
const loadRegions = () =>
  (loading ??= import("./region-data.js").then(
    (m) => {
      regions = D.decodeRegions(m.REGION_DATA);
      return true;
    },
    (error) => {
      loading = undefined;
      console.error("[openmini] the region picker's data failed to load", error);
      return false;
    },
  ));

class Picker extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    el.attachShadow({ mode: "open" }).innerHTML = "<slot></slot>";
    /** @type {{close(): void, root: ShadowRoot} | null} */
    this.sheet = null;
    /** @type {Wheel[]} */
    this.wheels = [];
    /** @type {number[]} */
    this.sel = [];
    /** the last confirmed value (form submit), until logic sets `value` @type {any} */
    this.picked_ = undefined;
    el.addEventListener("click", () => this.open());
  }

  get mode() {
    return this.s("mode", "selector");
  }

  /**
   * The sheet's columns (labels) for the current selection; also normalises `this.sel`
   * (dates clamp to the range, later columns follow earlier ones).
   * @returns {string[][]}
   */
  columns() {
    const p = this.p, mode = this.mode, sel = this.sel, key = this.s("rangeKey", "");
    if (mode === "multiSelector") return arr(p.range).map((c) => arr(c).map((x) => label(x, key)));
    if (mode === "time") {
      const t = D.timeColumns(sel, D.parseTime(p.start, [0, 0]), D.parseTime(p.end, [23, 59]));
      this.sel = t.sel;
      return t.cols.map((c) => c.map(D.pad2));
    }
    if (mode === "date") {
      const f = this.s("fields", "day");
      const d = D.dateColumns(sel, D.parseDate(p.start, [1900, 1, 1]), D.parseDate(p.end, [2100, 12, 31]), f);
      this.sel = d.sel;
      return d.cols.map((c, k) => c.map((x) => (k ? D.pad2(x) : String(x))));
    }
    if (mode === "region") {
      const r = D.regionColumns(regions, sel, this.s("customItem", ""), this.regionColumns());
      this.sel = r.sel;
      return r.cols;
    }
    return [arr(p.range).map((x) => label(x, key))];
  }

  /** The selection the sheet starts from: indices, or [y, m, d] / [h, m] for date and time. */
  initial() {
    const v = this.p.value, mode = this.mode;
    if (mode === "multiSelector") return arr(this.p.range).map((_, k) => +arr(v)[k] || 0);
    if (mode === "time") return D.parseTime(v, [new Date().getHours(), new Date().getMinutes()]);
    if (mode === "date") {
      const now = new Date();
      return D.parseDate(v, [now.getFullYear(), now.getMonth() + 1, now.getDate()]);
    }
    if (mode === "region") return D.regionSelect(regions, v, this.s("customItem", ""), this.regionColumns());
    return [+v || 0];
  }

  /** Columns of the region mode: province, city, district (sub-district has no street column). */
  regionColumns() {
    return Math.min(3, D.regionDepth(this.s("level", "region")));
  }

  /** Wheel index of column k from the selection (date/time store values, others indices). */
  index(/** @type {number} */ k, /** @type {string[]} */ col) {
    const m = this.mode;
    const v = this.sel[k] || 0;
    if (m === "date" || m === "time") return Math.max(0, col.indexOf(m === "date" && !k ? String(v) : D.pad2(v)));
    return v;
  }

  open() {
    if (this.b("disabled") || this.sheet) return;
    if (this.mode === "region" && !regions.length) {
      loadRegions().then((ok) => ok && this.el.isConnected && this.open());
      return;
    }
    this.sel = this.initial();
    const layer = overlay(SHEET, `<div class="mask"></div><div class="p"><div class="hd"><button class="no">取消</button>` +
      `<b></b><button class="ok">确定</button></div><div class="bd"><div class="m top"></div><div class="ind">` +
      `</div><div class="m bot"></div></div></div>`);
    this.sheet = layer;
    const r = layer.root;
    $(r, "b").textContent = this.s("headerText", "");
    $(r, ".mask").onclick = $(r, ".no").onclick = () => this.close("cancel", {});
    $(r, ".ok").onclick = () => this.close("change", this.result());
    this.build();
  }

  /** (Re)build the wheels from `columns()`; keeps scroll positions of unchanged columns. */
  build() {
    const r = /** @type {ShadowRoot} */ (this.sheet?.root);
    const bd = $(r, ".bd"), cols = this.columns();
    for (const m of r.querySelectorAll(".m")) /** @type {HTMLElement} */ (m).style.height = (238 - 34) / 2 + "px";
    while (this.wheels.length > cols.length) /** @type {Wheel} */ (this.wheels.pop()).sc.remove();
    cols.forEach((col, k) => {
      let w = this.wheels[k];
      if (!w) {
        const sc = h("div", "s", bd);
        w = this.wheels[k] = new Wheel(sc, () => sc.childElementCount, (i) => this.picked(k, i));
      }
      const items = w.sc.children;
      const same = items.length === col.length && col.every((t, i) => items[i].textContent === t);
      if (!same) {
        w.sc.textContent = "";
        for (const t of col) h("div", "i", w.sc, t);
      }
      w.layout(34);
      w.to(this.index(k, col));
    });
  }

  /** A wheel settled on index i: update the selection and the columns that depend on it. */
  picked(/** @type {number} */ k, /** @type {number} */ i) {
    const m = this.mode, col = [...this.wheels[k].sc.children].map((e) => e.textContent);
    if (m === "date" || m === "time") this.sel[k] = parseInt(/** @type {string} */ (col[i]), 10);
    else this.sel[k] = i;
    if (m === "region") this.sel.length = k + 1; // the columns below start again at their first entry
    if (m === "multiSelector") this.send("columnchange", { column: k, value: i });
    else if (m !== "selector") this.build();
  }

  result() {
    const m = this.mode, s = this.sel;
    if (m === "multiSelector") return { value: this.wheels.map((w) => w.i) };
    if (m === "time") return { value: D.formatTime(s) };
    if (m === "date") return { value: D.formatDate(s, this.s("fields", "day")) };
    if (m === "region") {
      const c = this.s("customItem", "");
      const nodes = D.regionColumns(regions, s, c, this.regionColumns()).nodes;
      return D.regionDetail(nodes, c, D.regionDepth(this.s("level", "region")));
    }
    return { value: s[0] || 0 };
  }

  /** @param {string} type @param {any} detail */
  close(type, detail) {
    this.sheet?.close();
    this.sheet = null;
    this.wheels = [];
    if (type === "change") this.picked_ = detail.value;
    this.send(type, detail);
  }

  /**
   * The form value (WeChat submits the picker's current value: the index for selector, indices
   * for multiSelector, the string for time/date, names for region): the last confirmed choice
   * until logic sets `value` again.
   */
  value() {
    if (this.picked_ !== undefined) return this.picked_;
    const v = this.p.value, m = this.mode;
    if (m === "multiSelector") return this.initial();
    if (m === "region") return arr(v);
    if (m === "date" || m === "time") return v == null ? "" : String(v);
    return +v || 0;
  }

  reset() {
    this.picked_ = undefined;
  }

  /** @param {Set<string>} ch */
  update(ch) {
    if (ch.has("value")) this.picked_ = undefined;
    // multiSelector apps change `range` from columnchange while the sheet is open
    if (this.sheet && (ch.has("range") || ch.has("value") && this.mode === "multiSelector")) {
      if (ch.has("value")) this.sel = this.initial();
      this.build();
    }
  }

  destroy() {
    this.sheet?.close();
  }
}

widget("picker", Picker);
