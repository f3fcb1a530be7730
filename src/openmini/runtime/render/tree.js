/**
 * The composed tree kept in the logic worker and the DOM operations that mirror it in a page
 * frame (docs/runtime-protocol.md "DOM operations").
 *
 * Every rendered thing is a *block*. Real blocks (elements, text, component hosts) have a
 * node id in the frame; virtual blocks (if, for and its items, template instances, includes,
 * slots, virtual-host components) only group their children. `up`/`kids` is the placement
 * (composed) tree: slot content hangs under the `<slot>` block of the child component it was
 * given to, so the frame's parent of a node is found by walking `up` past virtual blocks.
 * A block is `live` once its nodes exist in the frame.
 */

import { OP } from '../protocol.js';
import { readyComponent } from '../logic/lifecycle.js';
import { hooks } from '../logic/hooks.js';
import { runChangeObservers } from './wxs.js';

export const EL = 1;
export const TEXT = 2;
export const HOST = 3;
export const VIRT = 4;

/**
 * @typedef {object} Block
 * @property {number} k  EL | TEXT | HOST | VIRT
 * @property {number} id  node id in the frame (real blocks; 0 is the page root)
 * @property {any} node  the view-code node it was built from
 * @property {any} ctx  render context it was built in (render/build.js)
 * @property {Block | null} up
 * @property {Block[]} kids
 * @property {boolean} live
 * @property {string} [t]  kind of virtual block: if, for, item, tpl, inc, slot, comp
 * @property {any} [cs]  component state (component blocks)
 * @property {Block[]} [content]  slot content written in the parent's template (component blocks)
 * @property {Record<string, any>} [v]  current evaluated values (text, class, props…)
 */

/**
 * @typedef {object} PageView
 * @property {number} id
 * @property {(msg: any) => void} send
 * @property {any[]} ops
 * @property {number} seq
 * @property {number} nextId
 * @property {Map<number, Block>} nodes
 * @property {Function[]} pending  callbacks for the next batch's `applied`
 * @property {Map<number, Function[]>} waiting
 * @property {boolean} scheduled
 * @property {any[]} fresh  components created since the last batch (they get `ready` when it is applied)
 * @property {boolean} readyAfterRender
 * @property {any} comp  the page instance
 * @property {Block} root
 */

/** @param {number} k @param {any} node @param {any} ctx @param {Block | null} up @returns {Block} */
export function makeBlock(k, node, ctx, up) {
  /** @type {Block} */
  const b = { k, id: 0, node, ctx, up, kids: [], live: false, t: undefined, cs: undefined, content: undefined, v: {} };
  if (k !== VIRT) {
    const page = ctx.page;
    b.id = page.nextId++;
    page.nodes.set(b.id, b);
  }
  return b;
}

/** Queue one op for the page's next batch. @param {PageView} page @param {any[]} o */
export function op(page, o) {
  page.ops.push(o);
  schedule(page);
}

/** Send the page's batch at the end of this task. @param {PageView} page */
export function schedule(page) {
  if (page.scheduled) return;
  page.scheduled = true;
  queueMicrotask(() => flushPage(page));
}

/** Send the queued ops (with the callbacks waiting for them) now. @param {PageView} page */
export function flushPage(page) {
  page.scheduled = false;
  if (/** @type {any} */ (page).wxs) runChangeObservers(page);
  if (page.fresh.length && page.readyAfterRender) {
    // `ready` once the first render of a component is on screen; children before parents
    const fresh = page.fresh;
    page.pending.unshift(() => {
      for (let i = fresh.length - 1; i >= 0; i--) readyComponent(fresh[i]);
    });
  }
  page.fresh = [];
  if (!page.ops.length && !page.pending.length) return;
  const ops = page.ops;
  const seq = ++page.seq;
  page.waiting.set(seq, page.pending);
  page.ops = [];
  page.pending = [];
  send(page, { t: 'ops', seq, ops });
}

/**
 * Post to the frame. A value that cannot be cloned (a function somewhere in a dataset…) would
 * make postMessage throw and lose the whole batch: such values are sent as null instead.
 * @param {PageView} page @param {any} msg
 */
export function send(page, msg) {
  try {
    page.send(msg);
  } catch (error) {
    if (!error || /** @type {any} */ (error).name !== 'DataCloneError') throw error;
    hooks.warn(`a value that cannot be sent to the page (a function?) was replaced by null: ${/** @type {any} */ (error).message}`);
    page.send(cloneable(msg));
  }
}

/** A structured-clone-safe copy: functions, symbols and class instances' methods dropped. @param {any} v @returns {any} */
function cloneable(v) {
  if (typeof v === 'function' || typeof v === 'symbol') return null;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneable);
  /** @type {Record<string, any>} */
  const out = {};
  for (const k in v) out[k] = cloneable(v[k]);
  return out;
}

/** The frame id of the element a block's nodes are children of, or -1 when not placed. @param {Block} b */
export function domParent(b) {
  let u = b.up;
  while (u && u.k === VIRT) u = u.up;
  return u && u.live ? u.id : -1;
}

/** First live real block at or under `b`. @param {Block} b @returns {Block | null} */
function firstReal(b) {
  if (b.k !== VIRT) return b.live ? b : null;
  for (let i = 0; i < b.kids.length; i++) {
    const r = firstReal(b.kids[i]);
    if (r) return r;
  }
  return null;
}

/** The frame node `b`'s nodes go before (0: append). @param {Block} b */
export function nextReal(b) {
  let cur = b;
  while (cur.up) {
    const sibs = cur.up.kids;
    for (let i = sibs.indexOf(cur) + 1; i < sibs.length; i++) {
      const r = firstReal(sibs[i]);
      if (r) return r.id;
    }
    if (cur.up.k !== VIRT) return 0;
    cur = cur.up;
  }
  return 0;
}

/** The real blocks at the top of `b` (itself, or through virtual blocks). @param {Block} b @param {Block[]} out */
export function tops(b, out) {
  if (b.k !== VIRT) out.push(b);
  else for (let i = 0; i < b.kids.length; i++) tops(b.kids[i], out);
  return out;
}

/**
 * Create `b`'s nodes in the frame and insert them under `parent` before `before`.
 * @param {PageView} page @param {number} parent @param {Block} b @param {number} before
 */
function emit(page, parent, b, before) {
  b.live = true;
  if (b.k === VIRT) {
    for (let i = 0; i < b.kids.length; i++) emit(page, parent, b.kids[i], before);
    return;
  }
  const v = /** @type {Record<string, any>} */ (b.v);
  if (b.k === TEXT) page.ops.push([OP.TEXT, b.id, v.text]);
  else {
    page.ops.push([OP.CREATE, b.id, v.tag, b.k === HOST ? 1 : 0]);
    if (v.domId) page.ops.push([OP.ID, b.id, v.domId]);
    if (v.cls) page.ops.push([OP.CLASS, b.id, v.cls]);
    if (v.style) page.ops.push([OP.STYLE, b.id, v.style]);
    const props = v.props;
    if (props) for (const name in props) page.ops.push([OP.PROP, b.id, name, props[name]]);
    if (v.dataset && hasKeys(v.dataset)) page.ops.push([OP.DATASET, b.id, v.dataset]);
    if (v.listen && v.listen.length) page.ops.push([OP.LISTEN, b.id, v.listen]);
    for (let i = 0; i < b.kids.length; i++) emit(page, b.id, b.kids[i], 0);
  }
  page.ops.push([OP.INSERT, parent, b.id, before]);
}

/** @param {object} o */
export function hasKeys(o) {
  for (const _ in o) return true;
  return false;
}

/** Put a newly built (or re-placed) block into the frame, if its place is in the frame. @param {Block} b */
export function mount(b) {
  const parent = domParent(b);
  if (parent < 0) return;
  const page = b.ctx.page;
  emit(page, parent, b, nextReal(b));
  schedule(page);
}

/** Move a live block's nodes to where it now is in `up.kids` (INSERT moves). @param {Block} b */
export function move(b) {
  const parent = domParent(b);
  if (!b.live || parent < 0) return;
  const page = b.ctx.page;
  const before = nextReal(b);
  const list = tops(b, []);
  for (let i = 0; i < list.length; i++) op(page, [OP.INSERT, parent, list[i].id, before]);
}

/** Remove a block's nodes from the frame (the blocks stay, not live). @param {Block} b */
export function unmount(b) {
  if (!b.live) return;
  const list = tops(b, []);
  for (let i = 0; i < list.length; i++) op(b.ctx.page, [OP.REMOVE, list[i].id]);
  markDead(b);
}

/** The frame dropped these nodes (an ancestor was removed). @param {Block} b */
export function markDead(b) {
  b.live = false;
  for (let i = 0; i < b.kids.length; i++) markDead(b.kids[i]);
}

/** Set a value and send its op when it changed on a live block. @param {Block} b @param {string} key @param {any} value @param {any[] | null} o */
export function setValue(b, key, value, o) {
  const v = /** @type {Record<string, any>} */ (b.v);
  if (v[key] === value && (value === null || typeof value !== 'object')) return false;
  v[key] = value;
  if (o && b.live) op(b.ctx.page, o);
  return true;
}
