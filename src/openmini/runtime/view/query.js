// Selector-query measurements (`query` → `queryResult`): logic resolves selectors over its
// composed tree and asks for fields of node ids. The page root (0), `null` and -1 stand for the
// viewport (`selectViewport()`: the window's size and the page's scroll position).

import { getNode } from "./apply.js";
import { nodeState } from "./widgets/registry.js";
import { camel } from "./props.js";

/**
 * Measure `fields` (WeChat's NodesRef.fields: id, dataset, rect, size, scrollOffset,
 * properties: [names], computedStyle: [names]) of each node; a missing node gives `null`.
 * @param {(number | null)[]} ids
 * @param {Record<string, any>} fields
 */
export function measure(ids, fields) {
  const out = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    out.push(id == null || id <= 0 ? viewport(fields) : measureNode(getNode(id), fields));
  }
  return out;
}

/**
 * A `query` message: one request (`nodes` ids, `fields`) or a batch of them (`nodes` a list of
 * id lists, `fields` a list), as SelectorQuery.exec sends them; the result has the same shape.
 * @param {{nodes: any[], fields: any}} m
 */
export function answerQuery(m) {
  if (!Array.isArray(m.fields)) return measure(m.nodes || [], m.fields || {});
  const out = [];
  for (let i = 0; i < m.fields.length; i++) out.push(measure((m.nodes && m.nodes[i]) || [], m.fields[i] || {}));
  return out;
}

/**
 * What an answer must transfer rather than copy: the OffscreenCanvas of a `type` canvas's
 * `node` (it cannot be cloned, and once transferred the worker draws on the page's canvas).
 * @param {any} result answerQuery's result
 * @returns {Transferable[]}
 */
export function transferables(result) {
  /** @type {Transferable[]} */
  const out = [];
  /** @param {any} r */
  const visit = (r) => {
    if (Array.isArray(r)) r.forEach(visit);
    else if (r && typeof OffscreenCanvas === "function" && r.node instanceof OffscreenCanvas) out.push(r.node);
  };
  visit(result);
  return out;
}

/** @param {Record<string, any>} fields */
function viewport(fields) {
  const root = document.documentElement;
  /** @type {Record<string, any>} */
  const r = {};
  const w = window.innerWidth;
  const h = window.innerHeight;
  if (fields.id) r.id = "";
  if (fields.dataset) r.dataset = {};
  if (fields.rect) Object.assign(r, { left: 0, top: 0, right: w, bottom: h });
  if (fields.rect || fields.size) Object.assign(r, { width: w, height: h });
  if (fields.scrollOffset) {
    Object.assign(r, {
      scrollLeft: window.scrollX, scrollTop: window.scrollY,
      scrollWidth: root.scrollWidth, scrollHeight: root.scrollHeight,
    });
  }
  return r;
}

/**
 * @param {any} el
 * @param {Record<string, any>} fields
 */
function measureNode(el, fields) {
  if (!el || el.nodeType !== 1 || !el.isConnected) return null;
  const s = nodeState(el);
  /** @type {Record<string, any>} */
  const r = {};
  if (fields.id) r.id = el.id;
  if (fields.dataset) r.dataset = s.dataset || {};
  if (fields.rect || fields.size) {
    const b = el.getBoundingClientRect();
    if (fields.rect) Object.assign(r, { left: b.left, top: b.top, right: b.right, bottom: b.bottom });
    Object.assign(r, { width: b.width, height: b.height });
  }
  if (fields.scrollOffset) {
    Object.assign(r, {
      scrollLeft: el.scrollLeft, scrollTop: el.scrollTop,
      scrollWidth: el.scrollWidth, scrollHeight: el.scrollHeight,
    });
  }
  const w = s.widget;
  const names = fields.properties;
  if (names) {
    for (let i = 0; i < names.length; i++) {
      const k = camel(names[i]);
      r[k] = k === "value" && w && w.value ? w.value(el) : s.props[k];
    }
  }
  const css = fields.computedStyle;
  if (css) {
    const cs = getComputedStyle(el);
    for (let i = 0; i < css.length; i++) r[css[i]] = cs.getPropertyValue(css[i].replace(/[A-Z]/g, (/** @type {string} */ c) => "-" + c.toLowerCase()));
  }
  if (w && w.measure) Object.assign(r, w.measure(el, fields));
  return r;
}
