/**
 * Interpreting view code (docs/view-code.md): `build` turns nodes into blocks once, `update`
 * walks them with the changed paths of a setData and re-evaluates only the bindings whose
 * dependencies overlap a change (a change and a dependency overlap when one is a prefix of
 * the other). Static dependency summaries per view-code node let whole subtrees be skipped.
 *
 * A render context (`ctx`) holds what a binding is evaluated with: `data` (D), `S` (wx:for
 * locals), `W` (WXS modules of the file the node was written in), `file`/`path` (for template
 * lookups and media paths), `sp` (source data path of each wx:for local, for model: and for
 * mapping a setData under a list to the item it changed), `cs` (the component whose template
 * it is) and `page`. Derived contexts inherit with Object.create, so replacing `data` in a
 * template instance's context is seen by every block inside it.
 */

import { EL, TEXT, VIRT, makeBlock, mount, unmount, markDead, setValue } from './tree.js';
import { evaluate, depsOf, touched, R } from './values.js';
import { getView, requireWxs } from '../logic/modules.js';
import { sourcePath, entriesOf, buildItem, updateFor } from './list.js';
import { OP } from '../protocol.js';
import { buildComponent, updateComponent, destroyComponent, attachNew, buildElementValues, updateElementValues, markSlotsDirty } from './component.js';

/** @typedef {import('./tree.js').Block} Block */
/** @typedef {import('./values.js').Path} Path */

/** @type {WeakMap<object, string>} view-code object → its .wxml path */
const paths = new WeakMap();
/** @type {WeakMap<object, Record<string, any>>} */
const wxsCache = new WeakMap();

/** The view code of a .wxml file (remembering its path). @param {string} path */
export function viewOf(path) {
  const code = getView(path);
  if (code) paths.set(code, path);
  return code;
}

/** W for a file: its WXS modules by name (loaded once). @param {any} file */
export function wxsOf(file) {
  let w = wxsCache.get(file);
  if (!w) {
    w = {};
    for (const name in file.wxs) {
      try {
        w[name] = requireWxs(file.wxs[name]);
      } catch (error) {
        console.error(`[openmini] wxs module "${file.wxs[name]}" failed:`, error);
      }
    }
    wxsCache.set(file, w);
  }
  return w;
}

/** A context for rendering `file` inside `parent` with data `data`. @param {any} parent @param {any} file @param {any} data */
export function fileContext(parent, file, data) {
  const ctx = Object.create(parent);
  ctx.file = file;
  ctx.path = paths.get(file) || '';
  ctx.W = wxsOf(file);
  if (data !== undefined) ctx.data = data;
  ctx.S = {};
  ctx.sp = {};
  return ctx;
}

// --- dependency summaries ---------------------------------------------------------------

/** @type {WeakMap<object, Path[]>} */
const summaries = new WeakMap();
const VALUE_FIELDS = ['id', 'class', 'style', 'slot', 'name'];
const MAP_FIELDS = ['attrs', 'data', 'mark', 'classes', 'styles'];

/** Every dependency a node (with its subtree) can read, in its own scope. @param {any} node @returns {Path[]} */
export function nodeDeps(node) {
  let deps = summaries.get(node);
  if (deps) return deps;
  deps = [];
  const add = (/** @type {any} */ v) => { if (Array.isArray(v)) for (const d of v[1]) deps.push(d); };
  switch (node.k) {
    case 'text': add(node.v); break;
    case 'for': {
      add(node.list);
      const inner = listDeps(node.children);
      for (const d of inner) if (d[0] !== 'S' || (d[1] !== node.item && d[1] !== node.index)) deps.push(d);
      break;
    }
    case 'if':
      for (const [test, nodes] of node.branches) { add(test); deps.push(...listDeps(nodes)); }
      break;
    case 'template': add(node.is); add(node.data); break;
    case 'include': {
      const code = viewOf(node.src);
      if (code) for (const d of listDeps(code.root)) if (d[0] === 'D') deps.push(d);
      break;
    }
    default:
      for (const f of VALUE_FIELDS) add(node[f]);
      for (const f of MAP_FIELDS) if (node[f]) for (const k in node[f]) add(node[f][k]);
      if (node.on) for (const e of node.on) add(e[2]);
      if (node.children) deps.push(...listDeps(node.children));
  }
  summaries.set(node, deps);
  return deps;
}

/** @param {any[]} nodes */
function listDeps(nodes) {
  /** @type {Path[]} */
  const out = [];
  for (let i = 0; i < nodes.length; i++) {
    const d = nodeDeps(nodes[i]);
    for (let j = 0; j < d.length; j++) out.push(d[j]);
  }
  return out;
}

// --- build --------------------------------------------------------------------------------

/**
 * Build blocks for a node list under `up` (or detached when `up` is null), appending to `into`.
 * @param {any[]} nodes @param {any} ctx @param {Block | null} up @param {Block[]} into
 */
export function buildList(nodes, ctx, up, into) {
  for (let i = 0; i < nodes.length; i++) build(nodes[i], ctx, up, into);
}

/** @param {any} node @param {any} ctx @param {Block | null} up @param {Block[]} into */
function build(node, ctx, up, into) {
  switch (node.k) {
    case 'text': {
      const b = makeBlock(TEXT, node, ctx, up);
      /** @type {any} */ (b.v).text = textOf(node.v, ctx);
      into.push(b);
      return;
    }
    case 'element': {
      const b = makeBlock(EL, node, ctx, up);
      buildElementValues(b);
      into.push(b);
      buildList(node.children, ctx, b, b.kids);
      return;
    }
    case 'component':
    case 'generic':
      into.push(buildComponent(node, ctx, up));
      return;
    case 'slot': {
      const b = makeBlock(VIRT, node, ctx, up);
      b.t = 'slot';
      /** @type {any} */ (b.v).name = String(evaluate(node.name, ctx) ?? '');
      into.push(b);
      markSlotsDirty(ctx.cs);
      return;
    }
  }
  const b = makeBlock(VIRT, node, ctx, up);
  into.push(b);
  if (node.k === 'if') {
    b.t = 'if';
    const at = branchOf(node, ctx);
    /** @type {any} */ (b.v).at = at;
    if (at >= 0) buildList(node.branches[at][1], ctx, b, b.kids);
  } else if (node.k === 'for') {
    b.t = 'for';
    const list = evaluate(node.list, ctx);
    /** @type {any} */ (b.v).src = sourcePath(node, ctx, list);
    const entries = entriesOf(list);
    for (let i = 0; i < entries.length; i += 2) b.kids.push(buildItem(b, entries[i], entries[i + 1]));
  } else if (node.k === 'template') {
    b.t = 'tpl';
    buildTemplate(b);
  } else if (node.k === 'include') {
    b.t = 'inc';
    const code = viewOf(node.src);
    // an include shares the including context's data (read through the prototype)
    if (code) buildList(code.root, fileContext(ctx, code, undefined), b, b.kids);
  }
}

/** Text of a text node value (bindings already return strings). @param {any} v @param {any} ctx */
function textOf(v, ctx) {
  return Array.isArray(v) ? R.s(evaluate(v, ctx)) : v;
}

/** Index of the first branch whose test is truthy, or -1. @param {any} node @param {any} ctx */
function branchOf(node, ctx) {
  const branches = node.branches;
  for (let i = 0; i < branches.length; i++) {
    const test = branches[i][0];
    if (test === null || evaluate(test, ctx)) return i;
  }
  return -1;
}

/** Find a template by name as seen from a file (its own, then imports, last wins). @param {any} file @param {string} name */
function findTemplate(file, name) {
  if (file.templates && file.templates[name]) return { nodes: file.templates[name], file };
  const imports = file.imports || [];
  for (let i = imports.length - 1; i >= 0; i--) {
    const code = viewOf(imports[i]);
    if (code && code.templates && code.templates[name]) return { nodes: code.templates[name], file: code };
  }
  return null;
}

/** @param {any} value */
function templateData(value) {
  return value && typeof value === 'object' ? value : {};
}

/** @param {Block} b */
function buildTemplate(b) {
  const node = b.node;
  const ctx = b.ctx;
  const v = /** @type {any} */ (b.v);
  v.is = evaluate(node.is, ctx);
  const found = v.is != null ? findTemplate(ctx.file, String(v.is)) : null;
  v.inner = null;
  if (!found) return;
  const inner = fileContext(ctx, found.file, templateData(node.data === null ? {} : evaluate(node.data, ctx)));
  v.inner = inner;
  buildList(found.nodes, inner, b, b.kids);
}

// --- update -------------------------------------------------------------------------------

/** Update blocks with changed paths (each ["D", …] or ["S", name, …] in the blocks' scope). @param {Block[]} blocks @param {Path[]} changes */
export function updateList(blocks, changes) {
  for (let i = 0; i < blocks.length; i++) update(blocks[i], changes);
}

/** @param {Block} b @param {Path[]} changes */
export function update(b, changes) {
  if (b.t === 'item') return updateList(b.kids, changes);
  const node = b.node;
  if (!touched(nodeDeps(node), changes)) return;
  switch (b.k) {
    case TEXT: {
      const text = textOf(node.v, b.ctx);
      setValue(b, 'text', text, [OP.SET_TEXT, b.id, text]);
      return;
    }
    case EL:
      updateElementValues(b, changes);
      updateList(b.kids, changes);
      return;
  }
  switch (b.t) {
    case 'comp': return updateComponent(b, changes);
    case 'slot': {
      const name = String(evaluate(node.name, b.ctx) ?? '');
      if (setValue(b, 'name', name, null)) markSlotsDirty(b.ctx.cs);
      return;
    }
    case 'if': {
      const at = branchOf(node, b.ctx);
      if (at === /** @type {any} */ (b.v).at) return updateList(b.kids, changes);
      /** @type {any} */ (b.v).at = at;
      replaceKids(b, at >= 0 ? node.branches[at][1] : [], b.ctx);
      return;
    }
    case 'for': return updateFor(b, changes);
    case 'tpl': return updateTemplate(b, changes);
    case 'inc': {
      /** @type {Path[]} */
      const own = [];
      for (let i = 0; i < changes.length; i++) if (changes[i][0] === 'D') own.push(changes[i]);
      if (own.length) updateList(b.kids, own);
    }
  }
}

/** Throw away a virtual block's children and build `nodes` in their place. @param {Block} b @param {any[]} nodes @param {any} ctx */
function replaceKids(b, nodes, ctx) {
  for (let i = 0; i < b.kids.length; i++) destroy(b.kids[i]);
  b.kids = [];
  buildList(nodes, ctx, b, b.kids);
  for (let i = 0; i < b.kids.length; i++) {
    if (b.live) mount(b.kids[i]);
    attachNew(b.kids[i]);
  }
}

/** @param {Block} b @param {Path[]} changes */
function updateTemplate(b, changes) {
  const node = b.node;
  const v = /** @type {any} */ (b.v);
  if (touched(depsOf(node.is), changes) && evaluate(node.is, b.ctx) !== v.is) {
    for (let i = 0; i < b.kids.length; i++) destroy(b.kids[i]);
    b.kids = [];
    buildTemplate(b);
    for (let i = 0; i < b.kids.length; i++) {
      if (b.live) mount(b.kids[i]);
      attachNew(b.kids[i]);
    }
    return;
  }
  if (!v.inner || node.data === null || !touched(depsOf(node.data), changes)) return;
  const old = v.inner.data;
  const next = templateData(evaluate(node.data, b.ctx));
  v.inner.data = next;
  /** @type {Path[]} */
  const inner = [];
  // values are references into the outer data: an object may have changed in place
  for (const k in next) if (next[k] !== old[k] || (next[k] && typeof next[k] === 'object')) inner.push(['D', k]);
  for (const k in old) if (!(k in next)) inner.push(['D', k]);
  if (inner.length) updateList(b.kids, inner);
}

/**
 * Remove a block for good: its nodes leave the frame, its components are detached (the model
 * detaches descendants first), its ids are forgotten.
 * @param {Block} b
 */
export function destroy(b) {
  unmount(b);
  forget(b);
}

/** @param {Block} b */
function forget(b) {
  if (b.k !== VIRT) b.ctx.page.nodes.delete(b.id);
  if (b.t === 'comp') return destroyComponent(b, forget);
  if (b.t === 'slot') {
    // content given to this slot is not destroyed: it belongs to the parent's template
    for (let i = 0; i < b.kids.length; i++) {
      markDead(b.kids[i]);
      b.kids[i].up = null;
    }
    b.kids = [];
    markSlotsDirty(b.ctx.cs);
    return;
  }
  for (let i = 0; i < b.kids.length; i++) forget(b.kids[i]);
}
