// The DOM applier: turns `ops` batches from logic (docs/runtime-protocol.md "DOM operations")
// into the page frame's DOM. Node ids index a plain array (ids are small integers logic reuses).

import { OP, CREATE_FLAG, ROOT_ID, TAG_PREFIX } from "../protocol.js";
import { getWidget, nodeState } from "./widgets/registry.js";
import { camel, attrValue } from "./props.js";

/** @typedef {import("./widgets/registry.js").NodeState} NodeState */

/** @type {(Node | undefined)[]} */
const nodes = [];
/** Tags already reported as unknown (once each). */
const reported = new Set();

/** Where widget events go; installed by index.js. @type {(el: Element, type: string, detail: any) => void} */
let widgetEvent = () => {};

/** @param {(el: Element, type: string, detail: any) => void} fn */
export function onWidgetEvent(fn) {
  widgetEvent = fn;
}

/**
 * Make `root` (a `<wx-page>` element) the node with id 0.
 * @param {HTMLElement} root
 */
export function mountRoot(root) {
  /** @type {any} */ (root).__om = { id: ROOT_ID, tag: "page", props: {} };
  nodes[ROOT_ID] = root;
}

/** @param {number} id */
export function getNode(id) {
  return nodes[id];
}

/**
 * Apply one batch, in order. A bad op (unknown id) is reported and skipped so that one logic
 * bug does not leave the rest of the page unrendered.
 * @param {any[][]} ops
 */
export function applyOps(ops) {
  for (let i = 0; i < ops.length; i++) {
    try {
      applyOp(ops[i]);
    } catch (err) {
      console.error("openmini view: op failed", ops[i], err);
    }
  }
}

/** @param {any[]} op */
function applyOp(op) {
  const code = op[0];
  if (code === OP.CREATE) return create(op[1], op[2], op[3]);
  if (code === OP.TEXT) {
    const t = document.createTextNode(op[2]);
    // `text`: what logic sent (a <text> widget may show it decoded)
    /** @type {any} */ (t).__om = { id: op[1], props: {}, text: op[2] };
    nodes[op[1]] = t;
    return;
  }
  const node = /** @type {any} */ (nodes[op[1]]);
  if (!node) throw new Error("no node " + op[1]);
  switch (code) {
    case OP.INSERT: {
      const child = nodes[op[2]];
      if (!child) throw new Error("no node " + op[2]);
      node.insertBefore(child, op[3] ? nodes[op[3]] || null : null);
      return;
    }
    case OP.REMOVE:
      node.remove();
      return release(node);
    case OP.PROP:
      return setProp(node, op[2], op[3]);
    case OP.SET_TEXT:
      node.__om.text = op[2];
      node.data = op[2];
      return;
    case OP.CLASS: {
      // A hover class (view/hover.js) survives a class change made while the finger is down.
      const hover = node.__om.hover;
      node.__om.cls = op[2];
      node.className = hover ? op[2] + " " + hover : op[2];
      return;
    }
    case OP.STYLE:
      node.__om.style = op[2]; // as logic wrote it (the DOM normalises cssText)
      node.style.cssText = op[2];
      return;
    case OP.LISTEN:
      node.__om.listen = op[2];
      return;
    case OP.DATASET:
      node.__om.dataset = op[2];
      return;
    case OP.ID:
      if (op[2] == null || op[2] === "") node.removeAttribute("id");
      else node.id = String(op[2]);
      return;
  }
  throw new Error("unknown op " + code);
}

/**
 * @param {number} id
 * @param {string} tag
 * @param {number} flags
 */
function create(id, tag, flags) {
  const el = document.createElement(TAG_PREFIX + tag);
  /** @type {NodeState} */
  const state = { id, tag, props: {}, attrs: {}, host: !!(flags & CREATE_FLAG.COMPONENT_HOST) };
  /** @type {any} */ (el).__om = state;
  nodes[id] = el;
  if (state.host) return;
  const widget = getWidget(tag);
  if (!widget) {
    if (!reported.has(tag)) {
      reported.add(tag);
      console.warn(`openmini view: <${tag}> is not a built-in component; rendered as a plain element`);
    }
    return;
  }
  state.widget = widget;
  state.send = (type, detail) => widgetEvent(el, type, detail);
  if (widget.create) widget.create(el, state.send);
}

/**
 * A PROP op: keep the typed value, then let the widget show it (or reflect it as an attribute).
 * @param {HTMLElement} el
 * @param {string} name
 * @param {any} value
 */
export function setProp(el, name, value) {
  const state = nodeState(el);
  const key = camel(name);
  // `attrs`: every PROP under its WXML name, typed, null kept (serialisers, devtools);
  // `props`: what widgets read, camelCase, null = not set (use the default).
  /** @type {Record<string, any>} */ (state.attrs)[name] = value === undefined ? null : value;
  if (value == null) delete state.props[key];
  else state.props[key] = value;
  // WeChat's `animation` attribute (wx.createAnimation's export) plays on any element, widget or not
  if (name === "animation") return playAnimation(el, value);
  const widget = state.widget;
  // `hidden` and aria-* work on every element, widget or not (WeChat accessibility attributes).
  if (widget && widget.set && key !== "hidden" && !name.startsWith("aria-")) {
    widget.set(el, key, value == null ? null : value);
    return;
  }
  const attr = name === "aria-role" ? "role" : name;
  const v = attrValue(value);
  try {
    if (v == null) el.removeAttribute(attr);
    else el.setAttribute(attr, v);
  } catch {
    // Not a valid attribute name (`{{x}}` typos): the typed value is still kept above.
  }
}

/** animation-attr.js, loaded when a first `animation` value arrives: most pages never set one. @type {Promise<any> | null} */
let animationAttr = null;

/**
 * Each value plays once its module is there; values arrive (and play) in the order they were sent.
 * @param {HTMLElement} el @param {any} value
 */
function playAnimation(el, value) {
  if (value == null && !animationAttr) return;
  (animationAttr ||= import("./animation-attr.js")).then(
    (m) => m.playExport(el, value),
    (err) => console.error("openmini view: the animation attribute cannot play", err),
  );
}

/**
 * Forget a removed subtree: free its ids and let widgets release what they hold.
 * @param {any} node
 */
function release(node) {
  const state = node.__om;
  if (!state) return;
  if (nodes[state.id] === node) nodes[state.id] = undefined;
  for (let c = node.firstChild; c; c = c.nextSibling) release(c);
  if (state.widget && state.widget.destroy) state.widget.destroy(node);
}
