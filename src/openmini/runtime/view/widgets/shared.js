// Helpers shared by the complex built-in widgets (scroll-view, swiper, picker, movable, …).
// Widgets keep their inner parts in an open shadow root, so the applier's children (slotted)
// and the author's class/style ops on the host never collide with the widget's own DOM, and the
// defaults in `:host{…}` lose to any WXSS rule (document styles beat :host styles).
import { defineWidget } from "./registry.js";

/** WeChat coerces built-in boolean props with JS truthiness (`checked="false"` is true). */
export const bool = (/** @type {any} */ v) => !!v;

/** @param {any} v @param {number} d */
export function num(v, d) {
  const n = typeof v === "number" ? v : parseFloat(v);
  return Number.isFinite(n) ? n : d;
}

/** A length prop to px: `50`, `"50"`, `"50px"`, `"100rpx"` (750rpx = frame width). */
export function px(/** @type {any} */ v, /** @type {number} */ d) {
  const n = num(v, NaN);
  if (Number.isNaN(n)) return d;
  return typeof v === "string" && /rpx\s*$/i.test(v) ? (n * innerWidth) / 750 : n;
}

/** A style prop written by the author (`indicator-style`…): rpx as the compiler rewrites it. */
export const rpx = (/** @type {any} */ v) =>
  String(v ?? "").replace(/(-?[\d.]+)rpx/gi, "calc($1*var(--om-rpx))");

export const clamp = (/** @type {number} */ v, /** @type {number} */ a, /** @type {number} */ b) =>
  v < a ? a : Math.min(v, b); // `a` wins when a > b (a view larger than its area)

/** @type {Map<string, CSSStyleSheet>} */
const sheets = new Map();

/**
 * Attach the widget's shadow root with a shared stylesheet and a static (trusted) template.
 * @param {HTMLElement} el @param {string} css @param {string} html
 * @param {ShadowRootInit["slotAssignment"]} [slots]
 */
export function shadow(el, css, html, slots = "named") {
  const root = el.attachShadow({ mode: "open", slotAssignment: slots });
  let sheet = sheets.get(css);
  if (!sheet) sheets.set(css, (sheet = new CSSStyleSheet())), sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
  root.innerHTML = html; // widget-authored markup only; never data
  return root;
}

/**
 * Defaults for light-DOM widget hosts, added once to the document with zero specificity
 * (`:where(…)`), so any WXSS rule wins. @param {string} css
 */
export function docCSS(css) {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
}

/** @param {ParentNode} root @param {string} sel @returns {any} */
export const $ = (root, sel) => root.querySelector(sel);

/**
 * @param {string} tag @param {string} [cls] @param {Node} [parent] @param {string} [text]
 * @returns {any}
 */
export function h(tag, cls, parent, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

/** Easing curves named as swiper's `easing-function`. */
/** @type {Record<string, (t: number) => number>} */
export const EASE = {
  linear: (t) => t,
  easeInCubic: (t) => t * t * t,
  easeOutCubic: (t) => 1 - (1 - t) ** 3,
  easeInOutCubic: (t) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2),
  default: (t) => 1 - (1 - t) ** 2,
};

/**
 * Run `step(k)` with k going 0 → 1 over `ms` on animation frames; returns a cancel function.
 * @param {number} ms @param {(t: number) => number} ease @param {(k: number) => void} step
 * @param {() => void} [done]
 */
export function tween(ms, ease, step, done) {
  let t0 = -1, id = 0;
  const tick = (/** @type {number} */ t) => {
    if (t0 < 0) t0 = t;
    const k = ms > 0 ? Math.min(1, (t - t0) / ms) : 1;
    step(ease(k));
    if (k < 1) id = requestAnimationFrame(tick);
    else done?.();
  };
  id = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(id);
}

let lastTouch = -1e9;

/**
 * One-finger / mouse drag tracking. `start` may return false to ignore the gesture; `move`
 * returns true to claim it (then the page does not scroll); `end` gets the velocity in px/ms.
 * Touch listeners are non-passive on move so that a claimed gesture can preventDefault.
 * @param {HTMLElement} el
 * @param {{start(x: number, y: number, e: Event): any, move(x: number, y: number, e: Event): any,
 *   end(vx: number, vy: number): void}} h
 */
export function track(el, h) {
  /** @param {any} e @param {boolean} touch */
  const down = (e, touch) => {
    if (touch) lastTouch = e.timeStamp;
    else if (e.button || e.timeStamp - lastTouch < 800) return; // compat mouse events after touch
    const p = touch ? e.touches[0] : e;
    if ((touch && e.touches.length > 1) || h.start(p.clientX, p.clientY, e) === false) return;
    let t = e.timeStamp, x = p.clientX, y = p.clientY, vx = 0, vy = 0;
    const move = (/** @type {any} */ m) => {
      const q = touch ? m.touches[0] : m;
      if (!q) return;
      const dt = Math.max(1, m.timeStamp - t);
      vx = (q.clientX - x) / dt, vy = (q.clientY - y) / dt;
      t = m.timeStamp, x = q.clientX, y = q.clientY;
      if (h.move(x, y, m) && m.cancelable) m.preventDefault();
    };
    const up = () => {
      off();
      // a finger resting before lifting means no fling
      h.end(performance.now() - t > 80 ? 0 : vx, performance.now() - t > 80 ? 0 : vy);
    };
    const target = touch ? el : window;
    const [mv, en] = touch ? ["touchmove", "touchend"] : ["mousemove", "mouseup"];
    const off = () => {
      target.removeEventListener(mv, move);
      target.removeEventListener(en, up);
      if (touch) el.removeEventListener("touchcancel", up);
    };
    target.addEventListener(mv, move, { passive: false });
    target.addEventListener(en, up);
    if (touch) el.addEventListener("touchcancel", up);
  };
  el.addEventListener("touchstart", (e) => down(e, true), { passive: true });
  el.addEventListener("mousedown", (e) => down(e, false));
}

/**
 * Base class of a widget's per-node state: typed props with defaults, and one `update(changed)`
 * per batch of PROP ops (a microtask after the first), so layout is computed once per batch.
 */
export class Widget {
  /** @param {HTMLElement} el @param {(type: string, detail?: any) => void} send */
  constructor(el, send) {
    this.el = el;
    this.send = send;
    /** @type {Record<string, any>} */
    this.p = {};
    /** @type {Set<string>} */
    this.ch = new Set();
  }
  /** @param {string} name @param {any} v */
  set(name, v) {
    if (v == null) delete this.p[name];
    else this.p[name] = v;
    if (!this.ch.size) queueMicrotask(() => this.flush());
    this.ch.add(name);
  }
  flush() {
    const ch = this.ch;
    this.ch = new Set();
    if (ch.size) this.update(ch);
  }
  /** @param {Set<string>} _changed */
  update(_changed) {}
  /** @param {string} n */
  b(n) {
    return bool(this.p[n]);
  }
  /** @param {string} n @param {number} d */
  n(n, d) {
    return num(this.p[n], d);
  }
  /** @param {string} n @param {string} d @returns {string} */
  s(n, d) {
    const v = this.p[n];
    return v == null || v === "" ? d : String(v);
  }
  /** @param {string} _name @param {any} _args @returns {any} */
  method(_name, _args) {
    throw new Error("unknown method " + _name);
  }
  reset() {}
  destroy() {}
}

/**
 * Register a Widget subclass for a tag.
 * @param {string} tag @param {new (el: HTMLElement, send: any) => Widget} C
 */
export function widget(tag, C) {
  /** @param {any} el @returns {Widget} */
  const w = (el) => el.__w;
  /** Methods a subclass may add (Widget has none of them). @type {any} */
  const more = C.prototype;
  defineWidget(tag, {
    create: (el, send) => void (/** @type {any} */ (el).__w = new C(el, send)),
    set: (el, name, v) => w(el).set(name, v),
    method: (el, name, args) => (w(el).flush(), w(el).method(name, args)),
    destroy: (el) => w(el).destroy(),
    // form fields (<picker>): only classes with a value() take part in <form> submit/reset
    value: more.value && ((el) => /** @type {any} */ (w(el)).value()),
    reset: more.value && ((el) => w(el).reset()),
    measure: more.measure && ((el, fields) => /** @type {any} */ (w(el)).measure(fields)),
  });
}

/**
 * A body-level layer (bottom sheets) with its own shadow root, so page styles and transformed
 * ancestors cannot break it.
 * @param {string} css @param {string} html
 */
export function overlay(css, html) {
  const host = h("om-layer", "", document.body);
  const root = shadow(host, css, html);
  return { host, root, close: () => host.remove() };
}
