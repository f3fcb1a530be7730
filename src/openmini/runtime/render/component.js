/**
 * Component hosts and native element values: creating a component from a `component` /
 * `generic` node (properties from attributes, external classes, generics), rendering its
 * template as its shadow content, distributing the parent's slot content to `<slot>`s,
 * class prefixes (docs/wxss.md "Style isolation"), and the model's render hook.
 */

import { EL, TEXT, HOST, VIRT, makeBlock, mount, move, unmount, setValue, schedule } from './tree.js';
import { evaluate, touched, classNames, styleText, attrValue, camel, MEDIA, mediaUrl } from './values.js';
import { buildList, updateList, viewOf, fileContext } from './build.js';
import { settings } from './settings.js';
import {
  Component, createComponent, runCreated, setProperties, initialRenderData, attachComponent, detachComponent,
  getDefinition, enterModule, leaveModule, setAtPath, hooks,
} from '../logic/index.js';
import { requireModule } from '../logic/modules.js';
import { OP } from '../protocol.js';
import { apply, classesOf, changeObservers } from './wxs.js';
import { selectBlocks } from './query.js';

/** @typedef {import('./tree.js').Block} Block */
/** @typedef {import('./values.js').Path} Path */

/**
 * @typedef {object} ComponentState
 * @property {any} comp
 * @property {Block} block  its host block (the page root block for a page)
 * @property {string} path
 * @property {any} unit  manifest entry (components[path] or pages[path])
 * @property {any} def
 * @property {string | null} prefix  class prefix of its template's classes
 * @property {boolean} plain  also write classes unprefixed (apply-shared, shared, addGlobalClass)
 * @property {Map<string, string[]>} ext  external class → classes the parent passed (already mapped)
 * @property {Set<Block>} extUsers  blocks whose class uses an external class
 * @property {Record<string, string>} generics  generic name → component path chosen by the parent
 * @property {Block[] | null} slots  `<slot>` blocks in tree order (null: to be collected again)
 * @property {any} ctx  render context of its template
 * @property {boolean} dead
 */

/** @type {WeakMap<object, ComponentState>} */
const states = new WeakMap();

/** @param {any} comp @returns {ComponentState | undefined} */
export const stateOf = (comp) => states.get(comp);

/** @param {string} path */
export function unitOf(path) {
  const m = settings.manifest;
  return (m.components && m.components[path]) || (m.pages && m.pages[path]) || null;
}

/**
 * The definition registered at `path`, running its module first if needed. A component
 * without a .js file is `Component({})`.
 * @param {string} path
 */
export function definitionOf(path) {
  let def = getDefinition(path);
  if (def) return def;
  const unit = unitOf(path);
  if (unit && unit.logic) {
    try {
      requireModule(unit.logic);
    } catch (error) {
      hooks.error(error, `module ${unit.logic}`, null);
    }
    def = getDefinition(path);
  }
  if (!def) {
    enterModule(path);
    try {
      def = Component({});
    } finally {
      leaveModule();
    }
  }
  return def;
}

/**
 * State for a component instance whose template is rendered under `block`.
 * @param {any} comp @param {Block} block @param {string} path @param {any} def @param {any} page
 */
export function makeState(comp, block, path, def, page) {
  const unit = unitOf(path);
  const iso = unit && unit.config && unit.config.styleIsolation;
  const prefix = unit && unit.classPrefix && iso !== 'shared' && iso !== 'page-shared' ? unit.classPrefix : null;
  const o = def.options;
  /** @type {ComponentState} */
  const cs = {
    comp, block, path, unit, def, prefix,
    plain: !prefix || o.styleIsolation !== 'isolated' || o.addGlobalClass,
    ext: new Map(), extUsers: new Set(), generics: {}, slots: null, ctx: null, dead: false,
  };
  states.set(comp, cs);
  block.cs = cs;
  const code = unit && unit.template ? viewOf(unit.template) : null;
  const base = { page, cs, comp };
  cs.ctx = fileContext(base, code || { templates: {}, wxs: {} }, initialRenderData(comp));
  return cs;
}

/** Render the component's template into its block. @param {ComponentState} cs */
export function buildShadow(cs) {
  const code = cs.unit && cs.unit.template ? viewOf(cs.unit.template) : null;
  if (code) buildList(code.root, cs.ctx, cs.block, cs.block.kids);
}

/** @param {any} node @param {any} ctx @param {Block | null} up */
export function buildComponent(node, ctx, up) {
  const owner = ctx.cs;
  let path = node.component;
  if (node.k === 'generic') {
    path = owner.generics[node.tag] || (owner.unit && owner.unit.generics && owner.unit.generics[node.tag]);
  }
  if (!path) {
    // a generic nobody chose and without a default: an empty element, as glass-easel leaves it
    hooks.warn(`generic "${node.tag}" has no implementation`, owner.comp);
    return plainElement(node, node.tag, ctx, up);
  }
  const unit = unitOf(path);
  if (unit && unit.package) {
    // A component of another subpackage (declared with componentPlaceholder): its bundles load
    // now, synchronously (importScripts), so the real component renders at once and the
    // placeholder is never needed — unless the package cannot load.
    try {
      settings.load(unit.package);
    } catch (error) {
      hooks.error(error, `subpackage "${unit.package}" for <${node.tag}>`, owner.comp);
      const tag = owner.unit && owner.unit.placeholders && owner.unit.placeholders[node.tag];
      const using = tag && owner.unit.usingComponents && owner.unit.usingComponents[tag];
      if (using && using !== path) return buildComponent({ ...node, tag, component: using }, ctx, up);
      return plainElement(node, tag || 'view', ctx, up);
    }
  }
  const def = definitionOf(path);
  const b = makeBlock(def.options.virtualHost ? VIRT : HOST, node, ctx, up);
  b.t = 'comp';
  b.content = [];
  const v = /** @type {any} */ (b.v);
  v.tag = node.tag;
  /** @type {Record<string, unknown>} */
  const props = {};
  /** @type {Map<string, string[]>} */
  const ext = new Map();
  hostValues(b, def, null, props, ext);
  // `created` after the shadow is built: children's `created` run first (glass-easel's order)
  const comp = createComponent(def, { id: v.domId, dataset: v.dataset, owner: owner.comp, properties: props, deferCreated: true });
  const cs = makeState(comp, b, path, def, ctx.page);
  ctx.page.fresh.push(comp); // before its children: `ready` runs over it in reverse
  cs.ext = ext;
  cs.generics = node.generics || {};
  if (b.k === HOST && cs.prefix) v.props = { 'om-host': cs.prefix };
  buildShadow(cs);
  runCreated(comp);
  buildList(node.children, ctx, null, b.content);
  assignSlots(cs);
  return b;
}

/** A built-in element standing in for a component node (its children are not shown). @param {any} node @param {string} tag @param {any} ctx @param {Block | null} up */
function plainElement(node, tag, ctx, up) {
  const b = makeBlock(EL, { ...node, k: 'element', tag, attrs: {}, children: [] }, ctx, up);
  buildElementValues(b);
  return b;
}

/**
 * Host attributes of a component node: id/class/style/dataset on the host, other attributes
 * are properties (declared ones) or external classes.
 * @param {Block} b @param {any} def @param {Path[] | null} changes
 * @param {Record<string, unknown>} props out: changed property values @param {Map<string, string[]>} ext out: changed external classes
 */
function hostValues(b, def, changes, props, ext) {
  commonValues(b, changes);
  const node = b.node;
  const attrs = node.attrs;
  for (const name in attrs) {
    const value = attrs[name];
    if (changes && !(Array.isArray(value) && touched(value[1], changes))) continue;
    if (name.startsWith('change:')) continue;
    const x = evaluate(value, b.ctx);
    if (def.externalClasses.includes(name)) ext.set(name, mapClasses(classNames(x, []), b.ctx.cs, null));
    else {
      const p = camel(name);
      if (def.properties[p]) props[p] = x;
    }
  }
  if (node.wxsChange !== false) observeChanges(b, changes);
}

/**
 * `change:` WXS observers of a node, if it has any (cached on the view-code node).
 * @param {Block} b @param {Path[] | null} changes
 */
function observeChanges(b, changes) {
  const node = b.node;
  if (node.wxsChange === undefined) node.wxsChange = Object.keys(node.attrs || {}).some((k) => k.startsWith('change:'));
  if (node.wxsChange) changeObservers(b, changes && ((/** @type {Path[]} */ deps) => touched(deps, changes)));
}

/** @param {Block} b @param {Path[]} changes */
export function updateComponent(b, changes) {
  const cs = /** @type {ComponentState} */ (b.cs);
  /** @type {Record<string, unknown>} */
  const props = {};
  /** @type {Map<string, string[]>} */
  const ext = new Map();
  hostValues(b, cs.def, changes, props, ext);
  const v = /** @type {any} */ (b.v);
  cs.comp.id = v.domId || '';
  cs.comp.dataset = v.dataset;
  for (const _ in props) {
    setProperties(cs.comp, props);
    break;
  }
  if (ext.size) {
    for (const [name, classes] of ext) cs.ext.set(name, classes);
    for (const u of cs.extUsers) refreshClass(u);
  }
  updateList(/** @type {Block[]} */ (b.content), changes);
  const content = /** @type {Block[]} */ (b.content);
  for (let i = 0; i < content.length; i++) {
    if (/** @type {any} */ (content[i].v).slotName !== slotName(content[i])) cs.slots = null;
  }
  if (cs.slots === null) assignSlots(cs);
}

/** The model's render hook: apply a component's changes to its template. @param {any} comp @param {{path: (string|number)[], value: unknown}[]} changes @param {() => void} done */
export function renderComponent(comp, changes, done) {
  const cs = states.get(comp);
  if (!cs || cs.dead) return done();
  const data = cs.ctx.data;
  /** @type {Path[]} */
  const paths = [];
  for (let i = 0; i < changes.length; i++) {
    setAtPath(data, changes[i].path, changes[i].value);
    paths.push(['D', ...changes[i].path]);
  }
  updateList(cs.block.kids, paths);
  if (cs.slots === null) assignSlots(cs);
  const page = cs.ctx.page;
  page.pending.push(done);
  schedule(page);
}

/** @param {ComponentState | undefined} cs */
export function markSlotsDirty(cs) {
  if (cs) cs.slots = null;
}

/** @param {Block[]} blocks @param {Block[]} out */
function collectSlots(blocks, out) {
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.t === 'slot') out.push(b);
    else collectSlots(b.t === 'comp' ? /** @type {Block[]} */ (b.content) : b.kids, out);
  }
  return out;
}

/** The slot a content block asks for: its own `slot`, or its first element's. @param {Block} b @returns {string} */
function slotName(b) {
  if (b.k !== VIRT || b.t === 'comp') {
    const s = b.node && b.node.slot;
    return s === undefined ? '' : String(evaluate(s, b.ctx) ?? '');
  }
  for (let i = 0; i < b.kids.length; i++) if (b.kids[i].k !== TEXT) return slotName(b.kids[i]);
  return '';
}

/**
 * Distribute the parent's content to this component's slots: by name with `multipleSlots`,
 * otherwise everything to the first slot. A name used by several slots (a slot inside
 * wx:for) goes to the first one in tree order; unknown names are not shown.
 * @param {ComponentState} cs
 */
export function assignSlots(cs) {
  if (cs.dead) return;
  const slots = collectSlots(cs.block.kids, []);
  cs.slots = slots;
  const content = /** @type {Block[]} */ (cs.block.content);
  if (!content || !content.length) return;
  const multi = cs.def.options.multipleSlots;
  /** @type {(Block | null)[]} */
  const targets = [];
  for (let i = 0; i < content.length; i++) {
    const name = slotName(content[i]);
    /** @type {any} */ (content[i].v).slotName = name;
    let target = null;
    if (!multi) target = slots[0] || null;
    else for (let j = 0; j < slots.length && !target; j++) if (/** @type {any} */ (slots[j].v).name === name) target = slots[j];
    targets.push(target);
  }
  for (let j = 0; j < slots.length; j++) {
    const kids = [];
    for (let i = 0; i < content.length; i++) if (targets[i] === slots[j]) kids.push(content[i]);
    slots[j].kids = kids;
  }
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    const t = targets[i];
    if (c.up === t) continue;
    c.up = t;
    if (c.live && t && t.live) move(c);
    else if (c.live) unmount(c);
    else if (t && t.live) {
      mount(c);
      attachNew(c);
    }
  }
}

/** @param {Block} b @param {(b: Block) => void} forget */
export function destroyComponent(b, forget) {
  const cs = /** @type {ComponentState} */ (b.cs);
  cs.dead = true;
  detachComponent(cs.comp);
  const content = /** @type {Block[]} */ (b.content);
  for (let i = 0; i < content.length; i++) forget(content[i]);
  for (let i = 0; i < b.kids.length; i++) forget(b.kids[i]);
}

/**
 * Attach the components of a block that just joined the tree, parents first; `parent` is
 * the nearest component above in the composed tree. Blocks not connected to a page wait.
 * @param {Block} b
 */
export function attachNew(b) {
  let u = b.up;
  while (u && u.t !== 'comp') u = u.up;
  if (!u) return;
  attachUnder(b, /** @type {ComponentState} */ (u.cs).comp);
}

/** @param {Block} b @param {any} parent */
function attachUnder(b, parent) {
  if (b.t === 'comp') {
    const comp = /** @type {ComponentState} */ (b.cs).comp;
    attachComponent(comp, parent);
    parent = comp;
  }
  for (let i = 0; i < b.kids.length; i++) attachUnder(b.kids[i], parent);
}

// --- classes and element values ---------------------------------------------------------

/**
 * Classes as written in `cs`'s template → the classes the frame gets: external classes are
 * replaced by what the parent passed, others get the component's prefix.
 * @param {string[]} tokens @param {ComponentState | undefined} cs @param {Block | null} user
 */
export function mapClasses(tokens, cs, user) {
  if (!cs) return tokens;
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const ext = cs.ext.get(t);
    if (ext || cs.def.externalClasses.includes(t)) {
      if (user) cs.extUsers.add(user);
      if (ext) for (let j = 0; j < ext.length; j++) out.push(ext[j]);
    } else if (cs.prefix) {
      out.push(cs.prefix + '--' + t);
      if (cs.plain) out.push(t);
    } else out.push(t);
  }
  return out;
}

/** @param {Block} b */
function refreshClass(b) {
  const v = /** @type {any} */ (b.v);
  const cls = mapClasses(classesOf(v), b.ctx.cs, b).join(' ');
  setValue(b, 'cls', cls, b.k === VIRT ? null : [OP.CLASS, b.id, cls]);
}

/** The template's style, then a WXS instance's setStyle (which wins). @param {Block} b */
function refreshStyle(b) {
  const v = /** @type {any} */ (b.v);
  const css = v.wxsStyle ? (v.tstyle ? v.tstyle.replace(/;?\s*$/, ';') : '') + v.wxsStyle : v.tstyle || '';
  setValue(b, 'style', css, b.k === VIRT ? null : [OP.STYLE, b.id, css]);
}

apply.style = refreshStyle;
apply.cls = refreshClass;
apply.select = (cs, selector) => selectBlocks(cs, selector, false);

/**
 * id, class, style and dataset — common to elements and component hosts.
 * @param {Block} b @param {Path[] | null} changes  null: evaluate everything
 */
function commonValues(b, changes) {
  const node = b.node;
  const ctx = b.ctx;
  const v = /** @type {any} */ (b.v);
  const real = b.k !== VIRT;
  const hit = (/** @type {any} */ x) => !changes || (Array.isArray(x) && touched(x[1], changes));
  const anyHit = (/** @type {Record<string, any> | undefined} */ m) => {
    if (m) for (const k in m) if (hit(m[k])) return true;
    return false;
  };
  if (node.id !== undefined && hit(node.id)) {
    const x = evaluate(node.id, ctx);
    const id = x == null ? '' : String(x);
    setValue(b, 'domId', id, real ? [OP.ID, b.id, id] : null);
  }
  if ((node.class !== undefined && hit(node.class)) || anyHit(node.classes)) {
    const raw = classNames(evaluate(node.class, ctx), []);
    if (node.classes) for (const k in node.classes) if (evaluate(node.classes[k], ctx)) raw.push(k);
    v.raw = raw;
    refreshClass(b);
  }
  if ((node.style !== undefined && hit(node.style)) || anyHit(node.styles)) {
    /** @type {Record<string, unknown> | null} */
    let props = null;
    if (node.styles) {
      props = {};
      for (const k in node.styles) props[k] = evaluate(node.styles[k], ctx);
    }
    v.tstyle = styleText(evaluate(node.style, ctx), props);
    refreshStyle(b);
  }
  if (node.data && (!changes || anyHit(node.data))) {
    /** @type {Record<string, unknown>} */
    const ds = {};
    for (const k in node.data) ds[k] = evaluate(node.data[k], ctx);
    v.dataset = ds;
    if (changes && real && b.live) setValue(b, 'dataset', ds, [OP.DATASET, b.id, ds]);
  } else if (!changes) v.dataset = {};
  if (!changes && node.on) {
    // `!type`: a catch listener — the frame then stops the default action of a touchmove
    // (catchtouchmove keeps the page from scrolling under a modal, as in WeChat).
    /** @type {string[]} */
    const types = [];
    for (let i = 0; i < node.on.length; i++) {
      const t = (node.on[i][1].endsWith('catch') ? '!' : '') + node.on[i][0];
      if (!types.includes(t)) types.push(t);
    }
    if (node.model) for (const t of ['input', 'change']) if (!types.includes(t)) types.push(t);
    v.listen = types;
  } else if (!changes && node.model) v.listen = ['input', 'change'];
}

/** Evaluate a native element's values when it is built. @param {Block} b */
export function buildElementValues(b) {
  const v = /** @type {any} */ (b.v);
  v.tag = b.node.tag;
  v.props = {};
  updateElementValues(b, null);
  // class names inside <rich-text> nodes are the owner's: the widget prefixes them (runtime-widgets.md)
  const cs = b.ctx.cs;
  if (v.tag === 'rich-text' && cs && cs.prefix) v.props.classPrefix = cs.prefix;
}

/** @param {Block} b @param {Path[] | null} changes */
export function updateElementValues(b, changes) {
  commonValues(b, changes);
  const node = b.node;
  const attrs = node.attrs;
  if (!attrs) return;
  const v = /** @type {any} */ (b.v);
  for (const name in attrs) {
    const value = attrs[name];
    if (changes && !(Array.isArray(value) && touched(value[1], changes))) continue;
    if (name.startsWith('change:')) continue;
    let x = attrValue(evaluate(value, b.ctx));
    if ((name === 'src' || name === 'poster') && /** @type {any} */ (MEDIA)[node.tag]) {
      x = mediaUrl(x, b.ctx.path, settings.manifest, settings.base);
    } else if ((name === 'hover-class' || name === 'placeholder-class') && typeof x === 'string' && x !== 'none') {
      // class names written in this template: the frame puts them on the element as they come
      x = mapClasses(classNames(x, []), b.ctx.cs, null).join(' ');
    }
    if (changes) setValue(b, 'p:' + name, x, [OP.PROP, b.id, name, x]);
    else v['p:' + name] = x;
    v.props[name] = x;
  }
  if (node.wxsChange !== false) observeChanges(b, changes);
}

