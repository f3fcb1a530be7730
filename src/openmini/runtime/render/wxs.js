/**
 * WXS event responses (WeChat "WXS 响应事件"). In WeChat these WXS functions run in the view
 * layer; here all developer code runs in the worker, so they run here too, against the blocks:
 *
 * * an event binding whose value is a WXS function (`bindtouchstart="{{drag.start}}"`) is called
 *   as `fn(event, ownerInstance)`, with `event.instance` the element's instance; returning
 *   `false` stops the event like `catch`;
 * * `change:prop="{{m.fn}}"` calls `fn(newValue, oldValue, ownerInstance, instance)` once when
 *   the element is built and whenever `prop`'s binding gives a new value.
 *
 * Instances (WeChat's ComponentDescriptor) change the element directly: `setStyle` (wins over
 * the template's style), `addClass`/`removeClass` (names as written in the template, so they
 * get the component's class prefix), and reach the component with `callMethod`/`triggerEvent`.
 */

import { VIRT, schedule } from './tree.js';
import { styleText, evaluate } from './values.js';
import { safeCall, hooks } from '../logic/hooks.js';

/** @typedef {import('./tree.js').Block} Block */

/** Set by component.js (it owns class mapping and style text). @type {{style: (b: Block) => void, cls: (b: Block) => void, select: (cs: any, sel: string) => Block[]}} */
export const apply = { style: () => {}, cls: () => {}, select: () => [] };

const later = (/** @type {Function} */ fn, /** @type {number} */ ms) => setTimeout(fn, ms);

/** Whether `b` is `top` or below it in the composed tree. @param {Block} b @param {Block} top */
function inside(b, top) {
  for (let u = /** @type {Block | null} */ (b); u; u = u.up) if (u === top) return true;
  return false;
}

/**
 * The instance of a block (one per block, so `getState()` keeps its object). The owner
 * instance of a component is the instance of its host block (a page: its root).
 * @param {Block} b
 */
export function instanceOf(b) {
  const v = /** @type {any} */ (b.v);
  if (v.wxsi) return v.wxsi;
  const state = {};
  const owner = () => b.cs && b.cs.block === b ? b.cs : b.ctx.cs;
  /** Style and classes of the page itself cannot be set (WeChat: "不能设置最顶层页面的样式"). */
  const real = () => b.k !== VIRT && b.id !== 0;
  const ins = {
    /** @param {string} selector */
    selectComponent(selector) {
      const found = ins.selectAllComponents(selector);
      return found.length ? found[0] : null;
    },
    /** @param {string} selector */
    selectAllComponents(selector) {
      const cs = b.cs && b.cs.block === b ? b.cs : b.ctx.cs;
      let list = apply.select(cs, String(selector)).filter((x) => x.k !== VIRT);
      if (!(b.cs && b.cs.block === b)) list = list.filter((x) => x !== b && inside(x, b));
      return list.map(instanceOf);
    },
    /** @param {string | Record<string, unknown>} style */
    setStyle(style) {
      if (!real()) return ins;
      v.wxsStyle = styleText(style, null);
      apply.style(b);
      return ins;
    },
    /** @param {string} name */
    addClass(name) {
      return toggle(String(name), true);
    },
    /** @param {string} name */
    removeClass(name) {
      return toggle(String(name), false);
    },
    /** @param {string} name */
    hasClass(name) {
      return classesOf(v).includes(String(name));
    },
    getDataset: () => v.dataset || {},
    getState: () => state,
    /** @param {string} name @param {unknown} [args] */
    callMethod(name, args) {
      const comp = owner().comp;
      const fn = comp && comp[name];
      if (typeof fn !== 'function') return hooks.warn(`callMethod: there is no method "${name}"`, comp);
      return safeCall(fn, comp, [args], `method ${name} (callMethod)`, comp);
    },
    /** @param {string} name @param {unknown} [detail] @param {unknown} [options] */
    triggerEvent(name, detail, options) {
      const comp = owner().comp;
      if (comp) comp.triggerEvent(name, detail, options);
    },
    /** @param {Function} fn */
    requestAnimationFrame(fn) {
      const raf = /** @type {any} */ (globalThis).requestAnimationFrame;
      return typeof raf === 'function' ? raf(fn) : later(fn, 16);
    },
    /** @param {Function} fn @param {number} [ms] */
    setTimeout: (fn, ms) => later(fn, ms || 0),
    /** @param {any} id */
    clearTimeout: (id) => clearTimeout(id),
  };
  /** @param {string} name @param {boolean} on */
  function toggle(name, on) {
    if (!real()) return ins;
    (v.wxsCls || (v.wxsCls = {}))[name] = on;
    apply.cls(b);
    return ins;
  }
  v.wxsi = ins;
  return ins;
}

/** The class names as written, with addClass/removeClass applied. @param {any} v @returns {string[]} */
export function classesOf(v) {
  const raw = v.raw || [];
  const set = v.wxsCls;
  if (!set) return raw;
  const out = raw.filter((/** @type {string} */ t) => set[t] !== false);
  for (const k in set) if (set[k] && !out.includes(k)) out.push(k);
  return out;
}

/** The owner instance of the template `b` was written in. @param {Block} b */
const ownerOf = (b) => instanceOf(b.ctx.cs.block);

/**
 * Call a WXS event handler; `false` means stop the event.
 * @param {Function} fn @param {Block} b the listening element @param {Record<string, any>} event
 */
export function callWxsHandler(fn, b, event) {
  event.instance = instanceOf(b);
  return safeCall(fn, null, [event, ownerOf(b)], 'wxs event handler', b.ctx.comp) === false;
}

/**
 * `change:name` bindings of an element or host: compare the watched values and queue the calls
 * (they run just before the page's next batch is sent, so what they set goes with it).
 * @param {Block} b @param {((deps: any) => boolean) | null} hit null: the first evaluation
 */
export function changeObservers(b, hit) {
  const attrs = b.node.attrs;
  const v = /** @type {any} */ (b.v);
  for (const key in attrs) {
    if (!key.startsWith('change:')) continue;
    const name = key.slice(7);
    const watched = attrs[name];
    if (hit && !(Array.isArray(watched) && hit(watched[1]))) continue;
    const next = evaluate(watched, b.ctx);
    const old = v['c:' + name];
    // objects come as fresh copies of setData values: a touched object binding counts as set
    if (hit && next === old && (next === null || typeof next !== 'object')) continue;
    v['c:' + name] = next;
    const page = b.ctx.page;
    (page.wxs || (page.wxs = [])).push(() => {
      const fn = evaluate(attrs[key], b.ctx);
      if (typeof fn === 'function' && b.live) safeCall(fn, null, [next, old, ownerOf(b), instanceOf(b)], `wxs ${key}`, b.ctx.comp);
    });
    schedule(page);
  }
}

/** Run the queued `change:` calls of a page (tree.js flushPage). @param {any} page */
export function runChangeObservers(page) {
  for (let n = 0; page.wxs && page.wxs.length && n < 100; n++) {
    const calls = page.wxs;
    page.wxs = null;
    for (let i = 0; i < calls.length; i++) calls[i]();
  }
}
