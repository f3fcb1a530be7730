// Keyframe animations of `this.animate` / `this.clearAnimation` (render/animate.js sends the
// keyframes already translated to CSS, render/keyframes.js), played with the Web Animations
// API. They fill forwards: the final styles stay on the node, over its own styles, until
// clearAnimation removes them — all of them, or only the properties it names (the rest of the
// animation keeps playing or filling).

import { getNode } from "./apply.js";

/**
 * @typedef {[key: string, property: string, value: string]} Entry
 * @typedef {{offset: number | null, easing: string | null, composite: string | null, props: Entry[]}} Frame
 * @typedef {{animation: Animation, frames: Frame[], stop: () => void}} Playing
 */

/** The animations `this.animate` started on each element, oldest first. @type {WeakMap<Element, Playing[]>} */
const playing = new WeakMap();

/** The arguments of each transform function that leave an element as it is. */
const IDENTITY = /** @type {Record<string, string>} */ ({
  matrix: "1, 0, 0, 1, 0, 0", matrix3d: "1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1",
  rotate: "0deg", rotateX: "0deg", rotateY: "0deg", rotateZ: "0deg", rotate3d: "0, 0, 1, 0deg",
  scale: "1", scaleX: "1", scaleY: "1", scaleZ: "1", scale3d: "1, 1, 1",
  skew: "0deg", skewX: "0deg", skewY: "0deg",
  translate: "0px", translateX: "0px", translateY: "0px", translateZ: "0px", translate3d: "0px, 0px, 0px",
});

/**
 * Web Animations keyframes from translated ones, without the entries whose key is in `drop`.
 * The transform functions are put in one order (first written first) in every keyframe that
 * has any, missing ones as their identity: `{rotate: 0}` → `{scale: [2, 2], rotate: 90}` then
 * interpolates the angle and the scale each on their own instead of as matrices.
 * @param {Frame[]} frames @param {Set<string> | null} drop
 * @returns {Keyframe[]}
 */
export function compose(frames, drop) {
  /** @type {string[]} */
  const order = [];
  for (const f of frames) {
    for (const [key, prop] of f.props) {
      if (prop === "transform" && key in IDENTITY && !(drop && drop.has(key)) && !order.includes(key)) order.push(key);
    }
  }
  return frames.map((f) => {
    /** @type {Record<string, string | number>} */
    const k = {};
    if (f.offset !== null) k.offset = f.offset;
    if (f.easing !== null) k.easing = f.easing;
    if (f.composite !== null) k.composite = f.composite;
    /** @type {Map<string, string>} */
    const functions = new Map();
    for (const [key, prop, value] of f.props) {
      if (drop && drop.has(key)) continue;
      if (prop === "transform" && key in IDENTITY) functions.set(key, value);
      else k[prop] = value;
    }
    if (functions.size) {
      const list = order.map((key) => functions.get(key) || `${key}(${IDENTITY[key]})`);
      k.transform = [k.transform, ...list].filter(Boolean).join(" ");
    }
    return /** @type {Keyframe} */ (k);
  });
}

/** Whether a keyframe list still animates anything. @param {Keyframe[]} keyframes */
const animatesSomething = (keyframes) =>
  keyframes.some((k) => Object.keys(k).some((p) => p !== "offset" && p !== "easing" && p !== "composite"));

/** The element with node id `id` (text nodes do not animate). @param {number} id */
function element(id) {
  const node = getNode(id);
  return node instanceof HTMLElement ? node : null;
}

/** @param {Element} el @param {Playing} p */
function forget(el, p) {
  const list = playing.get(el);
  if (list) playing.set(el, list.filter((x) => x !== p));
}

/**
 * Drive a paused animation from a scroller: `start`…`end` px of scroll map to 0…`timeRange` ms
 * of the animation's time (WeChat's ScrollTimeline options).
 * @param {Animation} animation @param {{node: number, horizontal: boolean, start: number, end: number, timeRange: number}} s
 * @returns {() => void} stops following the scroller
 */
function followScroll(animation, s) {
  const host = element(s.node);
  // a scroll-view (its widget instance, widgets/shared.js) scrolls an element of its shadow
  // tree; anything else scrolls itself
  const w = host && /** @type {any} */ (host).__w;
  /** @type {HTMLElement | null} */
  const scroller = (w && w.sc) || host;
  animation.pause();
  const update = () => {
    const at = scroller ? (s.horizontal ? scroller.scrollLeft : scroller.scrollTop) : 0;
    const span = s.end - s.start;
    const k = span > 0 ? Math.min(Math.max((at - s.start) / span, 0), 1) : at >= s.end ? 1 : 0;
    animation.currentTime = k * s.timeRange;
  };
  update();
  if (!scroller) return () => {};
  scroller.addEventListener("scroll", update, { passive: true });
  return () => scroller.removeEventListener("scroll", update);
}

/**
 * `animate {id?, nodes, frames, duration, scroll?}`: answered `{}` once every node's animation
 * finished, `{errMsg}` when one cannot play (bad easing) or was cleared first.
 * @param {{nodes: number[], frames: Frame[], duration: number, scroll?: any}} m
 * @returns {Promise<{errMsg?: string}>}
 */
export function play(m) {
  const keyframes = compose(m.frames, null);
  /** @type {Promise<unknown>[]} */
  const done = [];
  try {
    for (const id of m.nodes) {
      const el = element(id);
      if (!el) continue;
      if (typeof el.animate !== "function") throw new Error("the Web Animations API is not available");
      const animation = el.animate(keyframes, { duration: m.duration, fill: m.scroll ? "both" : "forwards" });
      /** @type {Playing} */
      const p = { animation, frames: m.frames, stop: () => {} };
      if (m.scroll) p.stop = followScroll(animation, m.scroll);
      playing.set(el, [...(playing.get(el) || []), p]);
      done.push(animation.finished);
    }
  } catch (e) {
    return Promise.resolve({ errMsg: `animate:fail ${/** @type {Error} */ (e).message}` });
  }
  return Promise.all(done).then(
    () => ({}),
    () => ({ errMsg: "animate:fail cancelled by clearAnimation" }),
  );
}

/**
 * `clearAnimation {id, nodes, keys}`: `keys` null removes the animations altogether (the node's
 * own styles show again); otherwise only those properties leave them.
 * @param {{nodes: number[], keys: string[] | null}} m
 */
export function clear(m) {
  const drop = m.keys && new Set(m.keys);
  for (const id of m.nodes) {
    const el = element(id);
    for (const p of (el && playing.get(el)) || []) {
      const keyframes = drop ? compose(p.frames, drop) : [];
      if (drop && animatesSomething(keyframes)) {
        /** @type {KeyframeEffect} */ (p.animation.effect).setKeyframes(keyframes);
        p.frames = p.frames.map((f) => ({ ...f, props: f.props.filter(([key]) => !drop.has(key)) }));
        continue;
      }
      p.stop();
      p.animation.cancel();
      forget(/** @type {Element} */ (el), p);
    }
  }
  return {};
}
