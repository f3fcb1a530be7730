/**
 * Event dispatch through the composed tree, as glass-easel does it (and DOM shadow trees):
 * a capture phase from the root down to the target, then a bubble phase back up;
 * `catch` stops propagation after its node, `mut-bind` handlers exclude each other along
 * the path, `capture-*` listen in the capture phase. Each listener sees `target`
 * retargeted into its own tree (a tap inside a child component is seen outside as a tap
 * on the child's host). Non-composed events do not leave the tree they were fired in.
 */

import { invokeHandler, formatPath, hooks } from '../logic/index.js';
import { stateOf } from './component.js';
import { evaluate } from './values.js';
import { VIRT } from './tree.js';
import { callWxsHandler } from './wxs.js';

/** @typedef {import('./tree.js').Block} Block */

/**
 * @typedef {object} EventInit
 * @property {string} type
 * @property {unknown} detail
 * @property {boolean} bubbles
 * @property {boolean} composed
 * @property {boolean} capturePhase
 * @property {number} timeStamp
 * @property {unknown[]} [touches]
 * @property {unknown[]} [changedTouches]
 */

/** The component whose template made this block (its "tree"). @param {Block} b */
const treeOf = (b) => b.ctx.comp;

/** @param {any} comp @returns {Block | null} */
function hostOf(comp) {
  const cs = comp && stateOf(comp);
  return cs ? cs.block : null;
}

/** Whether tree `outer` is tree `inner` or holds it (shadow-including). @param {any} outer @param {any} inner */
function holds(outer, inner) {
  for (let t = inner; t; ) {
    if (t === outer) return true;
    const h = hostOf(t);
    t = h ? treeOf(h) : null;
  }
  return false;
}

/** `target` as seen by a listener in tree `tree`. @param {Block} target @param {any} tree */
function retarget(target, tree) {
  let t = target;
  while (t && !holds(treeOf(t), tree)) {
    const h = hostOf(treeOf(t));
    if (!h) break;
    t = h;
  }
  return t;
}

/** @param {Block} b */
const info = (b) => {
  const v = /** @type {any} */ (b.v);
  return { id: v.domId || '', dataset: v.dataset || {} };
};

/**
 * Dispatch an event at `target`.
 * @param {Block} target @param {EventInit} init
 */
export function dispatch(target, init) {
  /** @type {Block[]} */
  const path = [];
  const origin = treeOf(target);
  for (let b = /** @type {Block | null} */ (target); b; b = b.up) {
    if (b.k === VIRT && b.t !== 'comp') continue;
    if (b.t === 'comp' && path.length && b.cs.comp === treeOf(path[path.length - 1]) && b.cs.comp === origin && !init.composed) break;
    if (b.node) path.push(b);
  }
  /** @type {Record<string, unknown>} */
  const mark = {};
  for (let i = path.length - 1; i >= 0; i--) {
    const m = path[i].node.mark;
    if (m) for (const k in m) mark[k] = evaluate(m[k], path[i].ctx);
  }
  const state = { stopped: false, mut: false };
  if (init.capturePhase) {
    for (let i = path.length - 1; i >= 0 && !state.stopped; i--) fire(path[i], target, init, mark, state, true);
  }
  const last = init.bubbles ? path.length : Math.min(1, path.length);
  for (let i = 0; i < last && !state.stopped; i++) fire(path[i], target, init, mark, state, false);
}

/**
 * Run the listeners of one node for one phase.
 * @param {Block} b @param {Block} target @param {EventInit} init @param {Record<string, unknown>} mark
 * @param {{stopped: boolean, mut: boolean}} state @param {boolean} capture
 */
function fire(b, target, init, mark, state, capture) {
  const on = b.node.on;
  if (!on) return;
  for (let i = 0; i < on.length; i++) {
    const [type, binding, handler] = on[i];
    if (type !== init.type || binding.startsWith('capture-') !== capture) continue;
    const kind = capture ? binding.slice(8) : binding;
    if (kind === 'mut-bind') {
      if (state.mut) continue;
      state.mut = true;
    }
    if (kind === 'catch') state.stopped = true;
    const name = evaluate(handler, b.ctx);
    if (!name) continue;
    /** @type {Record<string, any>} */
    const event = {
      type: init.type,
      timeStamp: init.timeStamp,
      detail: init.detail,
      target: info(retarget(target, treeOf(b))),
      currentTarget: info(b),
      mark,
      touches: init.touches || [],
      changedTouches: init.changedTouches || [],
    };
    // a WXS function (WeChat's WXS event response): `false` stops the event like catch
    if (typeof name === 'function') {
      if (callWxsHandler(name, b, event)) state.stopped = true;
    } else {
      // `worklet:onX` handlers (Skyline) read the detail's fields on the event itself (`e.state`)
      const arg = binding === 'worklet' ? { ...event, ...(/** @type {any} */ (init.detail) || {}) } : event;
      invokeHandler(treeOf(b), String(name), arg);
    }
  }
}

/**
 * `model:prop` on a built-in: its input/change event writes the value back with setData on
 * the component whose template wrote it (an item path is mapped to the list's path).
 * @param {Block} b @param {string} type @param {any} detail
 */
export function applyModel(b, type, detail) {
  const model = b.node && b.node.model;
  if (!model || (type !== 'input' && type !== 'change') || !detail) return;
  for (const prop in model) {
    if (type === 'input' && prop !== 'value') continue;
    const value = prop in detail ? detail[prop] : detail.value;
    let p = model[prop];
    if (p[0] === 'S') {
      const base = b.ctx.sp[p[1]];
      if (!base) {
        hooks.warn(`model:${prop} is bound to "${p[1]}", which is not a data path`, treeOf(b));
        continue;
      }
      p = [...base, ...p.slice(2)];
    }
    treeOf(b).setData({ [formatPath(p.slice(1))]: value });
  }
}
