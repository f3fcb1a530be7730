// hover-class: the class a <view>, <button> or <navigator> wears while pressed.
// WeChat applies it `hover-start-time` ms after the press, removes it `hover-stay-time` ms after
// release, drops it at once when the finger moves, and stops at `hover-stop-propagation`.

import { num } from "./props.js";

/** tag → [default hover-class, hover-start-time, hover-stay-time] (WeChat's defaults). */
const DEFAULTS = /** @type {Record<string, [string, number, number]>} */ ({
  view: ["none", 50, 400],
  button: ["button-hover", 20, 70],
  navigator: ["navigator-hover", 50, 600],
});

/** @typedef {{el: any, cls: string[], on: boolean, timer: any, stay: number}} Hover */

/** @type {Hover[]} */
let active = [];

/**
 * The press began on `target`: schedule the hover class on it and on its ancestors.
 * @param {Element} target
 */
export function hoverStart(target) {
  hoverEnd(true);
  for (let n = /** @type {any} */ (target); n; n = n.parentNode) {
    const s = n.__om;
    const d = s && DEFAULTS[s.tag];
    if (!d || !s.widget) continue;
    const p = s.props;
    const cls = p.hoverClass == null ? d[0] : String(p.hoverClass);
    if (cls && cls !== "none" && !p.disabled) {
      /** @type {Hover} */
      const h = { el: n, cls: cls.split(/\s+/).filter(Boolean), on: false, timer: 0, stay: 0 };
      h.stay = num(p.hoverStayTime, d[2]);
      h.timer = setTimeout(() => apply(h, true), num(p.hoverStartTime, d[1]));
      active.push(h);
    }
    if (p.hoverStopPropagation) break;
  }
}

/**
 * The press ended (`now` false: keep the class for hover-stay-time) or was cancelled.
 * @param {boolean} now
 */
export function hoverEnd(now) {
  const list = active;
  active = [];
  for (let i = 0; i < list.length; i++) {
    const h = list[i];
    clearTimeout(h.timer);
    if (!now && !h.on) apply(h, true); // a quick tap still shows the hover state briefly
    if (now) apply(h, false);
    else h.timer = setTimeout(() => apply(h, false), h.stay);
  }
}

/** @param {Hover} h @param {boolean} on */
function apply(h, on) {
  if (h.on === on) return;
  h.on = on;
  const list = h.el.classList;
  for (let i = 0; i < h.cls.length; i++) on ? list.add(h.cls[i]) : list.remove(h.cls[i]);
  h.el.__om.hover = on ? h.cls.join(" ") : "";
}
