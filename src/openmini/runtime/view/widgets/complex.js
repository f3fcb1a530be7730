// Built-in widgets beyond view/text/button/image/navigator/form load on first use
// (docs/runtime-widgets.md): a page that only shows text and buttons never downloads the form
// fields, video, canvas, map or picker code. With the
// runtime bundled (server/runtime_bundle.py) each `import()` below is a chunk of its own.
import { OP, CREATE_FLAG } from "../../protocol.js";
import { hostConfig } from "./registry.js";

/** @type {[() => Promise<any>, string][]} loader, the tags it defines */
const LAZY = [
  [() => import("./form.js"), "input textarea checkbox checkbox-group radio radio-group switch slider"],
  [() => import("./scroll-view.js"), "scroll-view"],
  [() => import("./swiper.js"), "swiper swiper-item"],
  [() => import("./picker-view.js"), "picker-view picker-view-column"],
  [() => import("./picker.js"), "picker"],
  [() => import("./movable.js"), "movable-area movable-view"],
  [() => import("./video.js"), "video audio"],
  [() => import("./canvas.js"), "canvas"],
  [() => import("./map.js"), "map"],
  [() => import("./web-view.js"), "web-view"],
  [() => import("./cover.js"), "cover-view cover-image"],
  [() => import("./rich-text.js"), "rich-text"],
  [() => import("./progress.js"), "progress"],
  [() => import("./open-data.js"), "open-data ad ad-custom"],
  [() => import("./gesture.js"), "pan-gesture-handler horizontal-drag-gesture-handler vertical-drag-gesture-handler scale-gesture-handler tap-gesture-handler double-tap-gesture-handler long-press-gesture-handler force-press-gesture-handler"],
];
/** tag → index in LAZY @type {Map<string, number>} */
const byTag = new Map();
for (let i = 0; i < LAZY.length; i++) for (const tag of LAZY[i][1].split(" ")) byTag.set(tag, i);
/** @type {(Promise<void> | undefined)[]} */
const loading = [];
/** @type {boolean[]} */
const loaded = [];

/** @param {number} k */
function load(k) {
  return (loading[k] ||= LAZY[k][0]().then(
    () => void (loaded[k] = true),
    // degrade to plain elements rather than stall the page for good
    (err) => void ((loaded[k] = true), console.error("openmini view: <" + LAZY[k][1] + "> failed to load", err)),
  ));
}

/**
 * What a batch of ops must wait for before it is applied: the modules of the complex widgets it
 * creates that are not loaded yet (null when none; the usual case, checked in one pass).
 * @param {any[][]} ops
 * @returns {Promise<any> | null}
 */
export function widgetsFor(ops) {
  /** @type {Promise<void>[] | null} */
  let wait = null;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op[0] !== OP.CREATE || op[3] & CREATE_FLAG.COMPONENT_HOST) continue;
    const k = byTag.get(op[2]);
    if (k !== undefined && !loaded[k]) (wait ||= []).push(load(k));
  }
  return wait && Promise.all(wait);
}

/** Load every complex widget now (test harnesses). */
export const loadAll = () => Promise.all(LAZY.map((_, k) => load(k)));

/**
 * The business domains <web-view> may open: from the host only, never from logic (developer
 * code shares the logic worker and could forge page-channel messages).
 * @param {string[] | null | undefined} list
 */
export function setWebViewDomains(list) {
  hostConfig.webViewDomains = Array.isArray(list) ? list.map((d) => String(d).toLowerCase().replace(/^https:\/\//, "").replace(/\/.*$/, "")) : null;
}
