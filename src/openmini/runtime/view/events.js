// User events → `event` messages to logic. Touches (and the mouse, on desktop) are read at the
// document; `tap`, `longpress` and `longtap` are synthesised as WeChat does. Logic dispatches
// through its composed tree, so the frame only decides whether anyone on the path wants the type.

import { hoverStart, hoverEnd } from "./hover.js";
import { toLogic } from "./channel.js";

/** Events that bubble in WeChat: anyone on the path may listen. Others: only the node itself. */
const BUBBLES = new Set([
  "touchstart", "touchmove", "touchend", "touchcancel", "tap", "longpress", "longtap",
  "touchforcechange", "transitionend", "animationstart", "animationiteration", "animationend",
]);
/** A finger that moves farther than this (px) is no longer a tap. */
const TAP_SLOP = 10;
const LONGPRESS_MS = 350;

/** Gesture observers (page pull-down), called with the phase and the page position. */
/** @type {((phase: string, x: number, y: number) => void)[]} */
const watchers = [];

/**
 * @typedef {{identifier: number, pageX: number, pageY: number, clientX: number, clientY: number,
 *   force: number}} WxTouch
 * @typedef {{el: Element, x: number, y: number, moved: boolean, pressed: boolean,
 *   timer: any}} Gesture
 */

/** @type {Gesture | null} */
let gesture = null;

/** @param {(phase: string, x: number, y: number) => void} fn */
export function watchGestures(fn) {
  watchers.push(fn);
}

/**
 * The runtime node an event target belongs to: the nearest element the applier created
 * (widget parts and text nodes belong to their widget / parent element).
 * @param {any} target
 * @returns {Element | null}
 */
export function ownerNode(target) {
  for (let n = target; n; n = n.parentNode) if (n.__om && n.nodeType === 1) return n;
  return null;
}

/**
 * Whether logic listens for `type` at `el` (or on its path, for bubbling types): 0 no,
 * 1 yes, 2 a `catch` listener (LISTEN type written `!type`), which for `touchmove` also stops
 * the page from scrolling, as `catchtouchmove` does in WeChat.
 * @param {Element} el
 * @param {string} type
 */
export function listening(el, type) {
  const bubbles = BUBBLES.has(type);
  let found = 0;
  for (let n = /** @type {any} */ (el); n; n = n.parentNode) {
    const l = n.__om && n.__om.listen;
    if (l) {
      if (l.includes("!" + type)) return 2;
      if (l.includes(type)) found = 1;
    }
    if (!bubbles) break;
  }
  return found;
}

/**
 * Send an event for `el` when logic wants it. Returns what `listening` found.
 * @param {Element} el
 * @param {string} type
 * @param {any} detail
 * @param {WxTouch[]} [touches]
 * @param {WxTouch[]} [changed]
 * @param {number} [timeStamp]
 */
export function emit(el, type, detail, touches, changed, timeStamp) {
  const found = listening(el, type);
  if (found) {
    toLogic({
      t: "event", node: /** @type {any} */ (el).__om.id, type, detail,
      touches: touches || [], changedTouches: changed || [],
      timeStamp: Math.round(timeStamp == null ? performance.now() : timeStamp),
    });
  }
  return found;
}

/** @param {TouchList} list @returns {WxTouch[]} */
function touchList(list) {
  const out = [];
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    out.push({
      identifier: t.identifier, pageX: t.pageX, pageY: t.pageY,
      clientX: t.clientX, clientY: t.clientY, force: t.force || 0,
    });
  }
  return out;
}

/** @param {MouseEvent} e @returns {WxTouch[]} */
function mouseTouch(e) {
  return [{ identifier: 0, pageX: e.pageX, pageY: e.pageY, clientX: e.clientX, clientY: e.clientY, force: 1 }];
}

/** @param {string} phase @param {number} x @param {number} y */
function notify(phase, x, y) {
  for (let i = 0; i < watchers.length; i++) watchers[i](phase, x, y);
}

/**
 * @param {Element} el @param {WxTouch} p @param {WxTouch[]} touches @param {WxTouch[]} changed
 * @param {number} ts @param {boolean} multi
 */
function start(el, p, touches, changed, ts, multi) {
  emit(el, "touchstart", {}, touches, changed, ts);
  if (gesture) cancelGesture();
  if (multi) return; // a second finger: no tap, no long press
  const g = /** @type {Gesture} */ ({ el, x: p.pageX, y: p.pageY, moved: false, pressed: false });
  g.timer = setTimeout(() => {
    // Long press: WeChat fires `longpress` (and the older `longtap`) while the finger is still
    // down; a longpress listener means no tap follows.
    g.pressed = emit(el, "longpress", {}, touches, changed) > 0;
    emit(el, "longtap", {}, touches, changed);
    el.dispatchEvent(new CustomEvent("wxlongpress", { bubbles: true }));
  }, LONGPRESS_MS);
  gesture = g;
  hoverStart(el);
  notify("start", p.pageX, p.pageY);
}

/** @param {Element} el @param {WxTouch} p @param {WxTouch[]} touches @param {WxTouch[]} changed @param {number} ts @param {Event} e */
function move(el, p, touches, changed, ts, e) {
  if (emit(el, "touchmove", {}, touches, changed, ts) === 2 && e.cancelable) e.preventDefault();
  const g = gesture;
  if (!g) return;
  notify("move", p.pageX, p.pageY);
  if (!g.moved && (Math.abs(p.pageX - g.x) > TAP_SLOP || Math.abs(p.pageY - g.y) > TAP_SLOP)) {
    g.moved = true;
    clearTimeout(g.timer);
    hoverEnd(true);
  }
}

/** @param {Element} el @param {WxTouch} p @param {WxTouch[]} touches @param {WxTouch[]} changed @param {number} ts */
function end(el, p, touches, changed, ts) {
  emit(el, "touchend", {}, touches, changed, ts);
  const g = gesture;
  if (!g) return;
  gesture = null;
  clearTimeout(g.timer);
  hoverEnd(false);
  notify("end", p.pageX, p.pageY);
  if (g.moved || g.pressed || touches.length) return;
  const detail = { x: p.pageX, y: p.pageY };
  emit(g.el, "tap", detail, touches, changed, ts);
  // Widgets react after logic heard the tap (WeChat: bindtap before a checkbox's change).
  g.el.dispatchEvent(new CustomEvent("wxtap", { bubbles: true, detail }));
}

function cancelGesture() {
  const g = gesture;
  if (!g) return;
  gesture = null;
  clearTimeout(g.timer);
  hoverEnd(true);
  notify("cancel", g.x, g.y);
}

/** @type {Element | null} where the mouse went down */
let mouseEl = null;

/** Install the document listeners (once per frame). */
export function listen() {
  const doc = document;
  const opts = { passive: false, capture: true };
  doc.addEventListener("touchstart", (e) => {
    const el = ownerNode(e.target);
    if (!el) return;
    const ch = touchList(e.changedTouches);
    start(el, ch[0], touchList(e.touches), ch, e.timeStamp, e.touches.length > 1);
  }, opts);
  doc.addEventListener("touchmove", (e) => {
    const el = ownerNode(e.target);
    if (!el) return;
    const ch = touchList(e.changedTouches);
    move(el, ch[0], touchList(e.touches), ch, e.timeStamp, e);
  }, opts);
  doc.addEventListener("touchend", (e) => {
    const el = ownerNode(e.target);
    if (!el) return;
    const ch = touchList(e.changedTouches);
    end(el, ch[0], touchList(e.touches), ch, e.timeStamp);
  }, opts);
  doc.addEventListener("touchcancel", (e) => {
    const el = ownerNode(e.target);
    if (el) emit(el, "touchcancel", {}, touchList(e.touches), touchList(e.changedTouches), e.timeStamp);
    cancelGesture();
  }, opts);
  // The mouse stands in for one finger (desktop, the simulator). Touch input is handled above;
  // its pointer events are ignored so nothing fires twice.
  doc.addEventListener("pointerdown", (e) => {
    if (e.pointerType !== "mouse" || e.button !== 0) return;
    mouseEl = ownerNode(e.target);
    if (mouseEl) start(mouseEl, mouseTouch(e)[0], mouseTouch(e), mouseTouch(e), e.timeStamp, false);
  }, true);
  doc.addEventListener("pointermove", (e) => {
    if (e.pointerType !== "mouse" || !mouseEl) return;
    const t = mouseTouch(e);
    move(mouseEl, t[0], t, t, e.timeStamp, e);
  }, true);
  doc.addEventListener("pointerup", (e) => {
    if (e.pointerType !== "mouse" || !mouseEl) return;
    const el = mouseEl;
    mouseEl = null;
    const t = mouseTouch(e);
    end(el, t[0], [], t, e.timeStamp);
  }, true);
  doc.addEventListener("pointercancel", (e) => {
    if (e.pointerType !== "mouse" || !mouseEl) return;
    const el = mouseEl;
    mouseEl = null;
    emit(el, "touchcancel", {}, [], mouseTouch(e), e.timeStamp);
    cancelGesture();
  }, true);
  for (const type of ["transitionend", "animationstart", "animationiteration", "animationend"]) {
    doc.addEventListener(type, (e) => {
      // Only the node's own animations: a widget's inner parts animate for their own reasons.
      const el = /** @type {any} */ (e.target);
      if (!el.__om) return;
      const a = /** @type {any} */ (e);
      const detail = a.animationName != null
        ? { animationName: a.animationName, elapsedTime: a.elapsedTime }
        : { propertyName: a.propertyName, elapsedTime: a.elapsedTime };
      emit(el, type, detail, [], [], e.timeStamp);
    }, true);
  }
}
