// Intersection observers for logic's `observe` / `unobserve` (docs/runtime-protocol.md): the
// browser's IntersectionObserver watches the nodes and each crossing of one of the thresholds
// becomes an `intersection` message, as WeChat's IntersectionObserver reports it (the first
// report compares with `initialRatio`, not with nothing).

import { getNode } from "./apply.js";
import { toLogic } from "./channel.js";

/** @type {Map<number, IntersectionObserver>} */
const live = new Map();

/** @param {DOMRectReadOnly | null} r */
const rect = (r) => (r ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height } : null);

/** Above threshold `t` (0 means "any part visible"). @param {number} ratio @param {number} t */
const above = (ratio, t) => (t === 0 ? ratio > 0 : ratio >= t);

/**
 * @param {{id: number, nodes: number[], root: number, margins?: Record<string, number>,
 *   thresholds: number[], initialRatio: number}} m
 */
export function observe(m) {
  unobserve(m.id);
  const mg = m.margins || {};
  const px = (/** @type {any} */ v) => (Number(v) || 0) + "px";
  const thresholds = m.thresholds.map(Number).filter((t) => t >= 0 && t <= 1);
  /** @type {Map<Element, number>} */
  const last = new Map();
  // The frame's own document as root (not the implicit top-level viewport): rootMargin only
  // applies to a root in the target's document, and this frame is cross-origin to the host.
  const root = m.root ? /** @type {Element} */ (getNode(m.root)) : document;
  const io = new IntersectionObserver((entries) => {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const s = /** @type {any} */ (e.target).__om;
      if (!s) continue;
      const ratio = e.isIntersecting ? e.intersectionRatio : 0;
      const prev = last.has(e.target) ? /** @type {number} */ (last.get(e.target)) : m.initialRatio;
      last.set(e.target, ratio);
      if (!thresholds.some((t) => above(prev, t) !== above(ratio, t))) continue;
      toLogic({
        t: "intersection", id: m.id, node: s.id, intersectionRatio: ratio, intersectionRect: rect(e.intersectionRect),
        boundingClientRect: rect(e.boundingClientRect), relativeRect: rect(e.rootBounds), time: Math.round(e.time),
      });
    }
  }, { root, rootMargin: `${px(mg.top)} ${px(mg.right)} ${px(mg.bottom)} ${px(mg.left)}`, threshold: thresholds.length ? thresholds : [0] });
  for (let i = 0; i < m.nodes.length; i++) {
    const el = getNode(m.nodes[i]);
    if (el && el.nodeType === 1) io.observe(/** @type {Element} */ (el));
  }
  live.set(m.id, io);
}

/** @param {number} id */
export function unobserve(id) {
  const io = live.get(id);
  if (io) io.disconnect();
  live.delete(id);
}
