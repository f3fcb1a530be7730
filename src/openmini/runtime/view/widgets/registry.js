// The widget registry: how built-in components (<image>, <input>, <swiper>, …) plug into the
// page frame's DOM applier (view/apply.js). A tag without a widget is a plain `wx-<tag>` element.
//
// Contract (docs/runtime-view.md):
//
//   defineWidget("slider", {
//     create(el, send) { … },          // once, right after `document.createElement("wx-slider")`;
//                                      // build shadow DOM / inner parts and apply defaults here.
//                                      // `send(type, detail)` emits a widget event for this node
//                                      // (forwarded to logic as {t:"event", node, type, detail}
//                                      // when logic LISTENs for `type`; always usable).
//     set(el, name, value) { … },      // every PROP op; `name` in camelCase whatever the WXML
//                                      // spelling ("show-value" and "showValue" → "showValue");
//                                      // `value` typed JSON; null = removed (use the default).
//                                      // `hidden` is handled by the applier for every element.
//     method(el, name, args) { … },    // optional: a `method` message (video play, scrollTo…);
//                                      // the return value (or awaited promise) is the answer.
//     value(el) { … },                 // optional: the current form value, read by <form> submit
//                                      // for fields that have a `name` prop.
//     reset(el) { … },                 // optional: <form> reset.
//     destroy(el) { … },               // optional: the node left the document for good (REMOVE).
//     measure(el, fields) { … },       // optional: extra fields for a selector query
//                                      // (e.g. {scrollTop, scrollLeft, …} of an inner scroller).
//   });
//
// Rules: the host element's `class` and `style` belong to logic (CLASS/STYLE ops overwrite them);
// a widget shows its state through attributes on the host (`disabled`, `checked`, `type`…, which
// view/base.css styles like WeChat does) and through inner parts it creates (light DOM, WeChat's
// class names such as `wx-checkbox-input`, so developer WXSS can restyle them). Logic's children
// are inserted after the parts created in `create`. The applier dispatches a bubbling DOM event
// `wxtap` (detail {x, y}) on the tapped element after a synthesised tap, so widgets react to
// touch and mouse alike (`el.addEventListener("wxtap", …)`).
//
// The typed PROP values are also kept on the node: `props(el)` returns them (name → value).

/**
 * @typedef {(type: string, detail?: any) => void} Send
 * @typedef {{
 *   create?: (el: HTMLElement, send: Send) => void,
 *   set?: (el: HTMLElement, name: string, value: any) => void,
 *   method?: (el: HTMLElement, name: string, args: any) => any,
 *   value?: (el: HTMLElement) => any,
 *   reset?: (el: HTMLElement) => void,
 *   destroy?: (el: HTMLElement) => void,
 *   measure?: (el: HTMLElement, fields: Record<string, any>) => Record<string, any>,
 * }} Widget
 * @typedef {{id: number, tag?: string, props: Record<string, any>, dataset?: Record<string, any>,
 *   listen?: string[], widget?: Widget, send?: Send, hover?: string, parts?: any,
 *   host?: boolean, attrs?: Record<string, any>, cls?: string, style?: string, text?: string,
 *   [more: string]: any}} NodeState
 *   `host`: CREATE's component-host flag; `attrs`: PROPs by WXML name, typed (null kept);
 *   `cls`/`style`: the CLASS/STYLE strings as sent; `text`: a text node's text as sent.
 */

/** @type {Map<string, Widget>} */
const widgets = new Map();

/** What the host (never logic) tells the frame: the business domains <web-view> may open. */
export const hostConfig = { webViewDomains: /** @type {string[] | null} */ (null) };

/**
 * Register the widget for a built-in tag (without the `wx-` prefix).
 * @param {string} tag
 * @param {Widget} widget
 */
export function defineWidget(tag, widget) {
  widgets.set(tag, widget);
}

/** @param {string} tag */
export function getWidget(tag) {
  return widgets.get(tag);
}

/**
 * The runtime's per-node state (id, typed props, dataset, listened types). Kept on the element
 * itself so a serialiser or devtools can read it without a lookup table.
 * @param {Node} node
 * @returns {NodeState}
 */
export function nodeState(node) {
  return /** @type {any} */ (node).__om;
}

/**
 * The typed PROP values of an element (empty for nodes the applier did not create).
 * @param {Node} el
 * @returns {Record<string, any>}
 */
export function props(el) {
  const s = nodeState(el);
  return s ? s.props : {};
}
