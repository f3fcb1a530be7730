/**
 * wx:for (docs/view-code.md §2.4): iterations with their own `S` (item, index) and `sp`
 * (the data path of the item, when the list is read from a plain path), and the update:
 * keyed diff (`wx:key` field or `*this`, duplicates reused in order) or reuse by position,
 * moving only items outside a longest increasing run, and `moved` for their components.
 * A setData under the list's path reaches the one item it changed as an `S` change.
 */

import { VIRT, makeBlock, mount, move } from './tree.js';
import { evaluate, depsOf, touched } from './values.js';
import { moveComponent } from '../logic/lifecycle.js';
import { buildList, updateList, destroy } from './build.js';
import { attachNew } from './component.js';

/** @typedef {import('./tree.js').Block} Block */
/** @typedef {import('./values.js').Path} Path */

/**
 * The data path the list was read from when the list binding is a plain path (`{{a.b}}`),
 * checked by identity so `{{fmt.filter(list)}}` is not mistaken for it; otherwise null.
 * @param {any} node @param {any} ctx @param {unknown} list
 */
export function sourcePath(node, ctx, list) {
  const deps = depsOf(node.list);
  if (deps.length !== 1 || list === null || typeof list !== 'object') return null;
  const p = deps[0];
  let cur = p[0] === 'D' ? ctx.data : ctx.S;
  for (let i = 1; i < p.length && cur != null; i++) cur = cur[p[i]];
  return cur === list ? p : null;
}

/** Flat [key, item, key, item…]: arrays by index, objects by key, strings by character, numbers 0…n-1. @param {unknown} list */
export function entriesOf(list) {
  /** @type {any[]} */
  const out = [];
  if (Array.isArray(list)) for (let i = 0; i < list.length; i++) out.push(i, list[i]);
  else if (typeof list === 'string') for (let i = 0; i < list.length; i++) out.push(i, list[i]);
  else if (typeof list === 'number') for (let i = 0; i < list; i++) out.push(i, i);
  else if (list && typeof list === 'object') for (const k in list) out.push(k, /** @type {any} */ (list)[k]);
  return out;
}

/** @param {Block} forBlock @param {any} item @param {string|number} index */
function keyOf(forBlock, item, index) {
  const key = forBlock.node.key;
  if (key === '*this') return item;
  if (key) return item != null ? item[key] : undefined;
  return index;
}

/** One iteration of a wx:for. @param {Block} f @param {string|number} index @param {any} item */
export function buildItem(f, index, item) {
  const node = f.node;
  const ctx = Object.create(f.ctx);
  ctx.S = Object.create(f.ctx.S);
  ctx.S[node.item] = item;
  ctx.S[node.index] = index;
  ctx.sp = Object.create(f.ctx.sp);
  const src = /** @type {any} */ (f.v).src;
  ctx.sp[node.item] = itemPath(src, f.ctx, index);
  ctx.sp[node.index] = null;
  const b = makeBlock(VIRT, null, ctx, f);
  b.t = 'item';
  /** @type {any} */ (b.v).key = keyOf(f, item, index);
  buildList(node.children, ctx, b, b.kids);
  return b;
}

/**
 * The data path (["D", …]) of one item of a list read from `src`, or null.
 * @param {Path | null} src @param {any} ctx the loop's context @param {string|number} index
 */
function itemPath(src, ctx, index) {
  if (!src) return null;
  if (src[0] === 'D') return [...src, index];
  const base = ctx.sp[src[1]];
  return base ? [...base, ...src.slice(2), index] : null;
}

/** @param {Block} f @param {Path[]} changes */
export function updateFor(f, changes) {
  const node = f.node;
  const v = /** @type {any} */ (f.v);
  /** @type {Path[]} */
  const pass = [];
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    if (c[0] === 'D' || (c[1] !== node.item && c[1] !== node.index)) pass.push(c);
  }
  if (!touched(depsOf(node.list), changes)) {
    if (pass.length) for (let i = 0; i < f.kids.length; i++) updateList(f.kids[i].kids, pass);
    return;
  }
  const list = evaluate(node.list, f.ctx);
  const src = sourcePath(node, f.ctx, list);
  const plain = src !== null && v.src !== null && src.length === v.src.length;
  v.src = src;
  const entries = entriesOf(list);
  const old = f.kids;
  /** @type {Block[]} */
  const next = [];
  /** @type {(number)[]} old position of each reused block, -1 for new */
  const from = [];
  if (node.key) {
    /** @type {Map<any, number[]>} */
    const pool = new Map();
    for (let i = 0; i < old.length; i++) {
      const k = /** @type {any} */ (old[i].v).key;
      const q = pool.get(k);
      if (q) q.push(i);
      else pool.set(k, [i]);
    }
    for (let i = 0; i < entries.length; i += 2) {
      const q = pool.get(keyOf(f, entries[i + 1], entries[i]));
      const at = q && q.length ? /** @type {number} */ (q.shift()) : -1;
      from.push(at);
      next.push(at >= 0 ? old[at] : /** @type {any} */ (null));
    }
  } else {
    for (let i = 0; i < entries.length; i += 2) {
      const at = i / 2 < old.length ? i / 2 : -1;
      from.push(at);
      next.push(at >= 0 ? old[at] : /** @type {any} */ (null));
    }
  }
  const kept = new Set(next);
  for (let i = 0; i < old.length; i++) if (!kept.has(old[i])) destroy(old[i]);
  // reused items: new item/index values, and the changes they see
  for (let i = 0; i < next.length; i++) {
    const b = next[i];
    const index = entries[2 * i];
    const item = entries[2 * i + 1];
    if (!b) {
      next[i] = buildItem(f, index, item);
      continue;
    }
    const S = b.ctx.S;
    /** @type {Path[]} */
    const mine = pass.slice();
    if (S[node.item] !== item || (!plain && item && typeof item === 'object')) mine.push(['S', node.item]);
    else if (plain && src) {
      for (let j = 0; j < changes.length; j++) {
        const c = changes[j];
        if (c.length > src.length && String(c[src.length]) === String(index) && startsWith(c, src)) mine.push(['S', node.item, ...c.slice(src.length + 1)]);
      }
    }
    if (S[node.index] !== index) mine.push(['S', node.index]);
    S[node.item] = item;
    S[node.index] = index;
    b.ctx.sp[node.item] = itemPath(src, f.ctx, index);
    /** @type {any} */ (b.v).key = keyOf(f, item, index);
    if (mine.length) updateList(b.kids, mine);
  }
  f.kids = next;
  if (!f.live) return;
  const stay = stable(from);
  for (let i = next.length - 1; i >= 0; i--) {
    if (from[i] < 0) {
      mount(next[i]);
      attachNew(next[i]);
    } else if (!stay.has(i)) {
      move(next[i]);
      movedComponents(next[i]);
    }
  }
}

/** @param {Path} a @param {Path} prefix */
function startsWith(a, prefix) {
  for (let i = 0; i < prefix.length; i++) if (String(a[i]) !== String(prefix[i])) return false;
  return true;
}

/**
 * Positions (in the new order) of reused items that keep their relative order: a longest
 * increasing subsequence of their old positions, so only the others move.
 * @param {number[]} from
 */
function stable(from) {
  /** @type {number[]} */
  const tails = [];
  /** @type {number[]} */
  const prev = new Array(from.length).fill(-1);
  for (let i = 0; i < from.length; i++) {
    const x = from[i];
    if (x < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (from[tails[mid]] < x) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const out = new Set();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.add(i);
  return out;
}

/** `moved` for the components a keyed wx:for moved (the outermost ones in the item). @param {Block} b */
function movedComponents(b) {
  if (b.t === 'comp') return moveComponent(/** @type {any} */ (b.cs).comp);
  for (let i = 0; i < b.kids.length; i++) movedComponents(b.kids[i]);
}

