/**
 * Definitions: `Behavior({...})`, and merging a component's behaviors into one
 * compiled definition (WeChat "同名字段的覆盖和组合规则"):
 *
 * - behaviors are flattened depth-first, referenced before referrer, in list
 *   order, each behavior once (first occurrence): [inner, outer, b2, component];
 * - properties and methods: later in that order wins, so the component beats
 *   its behaviors, a later behavior beats an earlier one, a referrer beats
 *   what it references;
 * - data: same order, but when both sides are plain objects they are merged
 *   recursively (behavior {cfg:{a,b}} + component {cfg:{b,c}} → {a, b(comp), c});
 * - lifetimes, pageLifetimes and observers are never overridden: all run, in
 *   that order (so behavior lifetimes before the component's);
 * - a `lifetimes.x` entry replaces the old top-level `x` of the same definition.
 */

import { normalizeProperty } from './properties.js';
import { parseObserverPaths, buildObserverTree } from './observers.js';
import { cloneData } from './set-data.js';
import { hooks } from './hooks.js';
import { currentModule, resolvePath } from './registry.js';

export const LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
export const PAGE_LIFETIMES = ['show', 'hide', 'resize', 'routeDone'];
const RELATION_TYPES = ['parent', 'child', 'ancestor', 'descendant'];

/**
 * @typedef {object} NormalizedDef  one definition's own fields
 * @property {true} __behavior
 * @property {string} kind 'behavior' | 'component' | 'page'
 * @property {string} is module path
 * @property {(NormalizedDef)[]} behaviors
 * @property {[string, import('./properties.js').PropertySpec][]} properties
 * @property {Record<string, unknown>} data
 * @property {Record<string, Function>} methods
 * @property {Record<string, Function>} lifetimes
 * @property {Record<string, Function>} pageLifetimes
 * @property {import('./observers.js').Observer[]} observers
 * @property {RelationSpec[]} relations
 * @property {string[]} externalClasses
 * @property {Function | null} definitionFilter
 * @property {Function | null} exportFn
 * @property {Record<string, unknown>} options  the definition's `options` (multipleSlots, styleIsolation…)
 * @property {Record<string, unknown>} extra  other top-level fields (pages: members of the page instance)
 *
 * @typedef {{key: string, path: string, type: string, target: NormalizedDef | null,
 *   linked: Function | null, linkChanged: Function | null, unlinked: Function | null,
 *   linkFailed: Function | null}} RelationSpec
 */

/** Built-in behaviors referenced by name. */
const BUILTIN = {
  'wx://form-field': { properties: { name: String, value: null } },
  'wx://form-field-group': {},
  'wx://form-field-button': {},
  'wx://component-export': {},
};
/** @type {Map<string, NormalizedDef>} */
const builtinCache = new Map();

/**
 * The `Behavior()` constructor mini program code calls.
 * @param {Record<string, any>} definition
 */
export function Behavior(definition) {
  return normalizeDefinition(definition || {}, 'behavior', currentModule());
}

/** @param {unknown} b @returns {NormalizedDef | null} */
function toBehavior(b) {
  if (typeof b === 'string') {
    let nb = builtinCache.get(b);
    if (!nb) {
      const def = /** @type {Record<string, any>} */ (BUILTIN)[b];
      if (!def) return null;
      nb = normalizeDefinition(def, 'behavior', b);
      builtinCache.set(b, nb);
    }
    return nb;
  }
  return b && /** @type {any} */ (b).__behavior ? /** @type {NormalizedDef} */ (b) : null;
}

/**
 * Turn a raw `Behavior/Component/Page` object into its own normalised fields.
 * @param {Record<string, any>} raw @param {string} kind @param {string} is
 * @returns {NormalizedDef}
 */
export function normalizeDefinition(raw, kind, is) {
  /** @type {NormalizedDef[]} */
  const behaviors = [];
  const list = Array.isArray(raw.behaviors) ? raw.behaviors : [];
  for (let i = 0; i < list.length; i++) {
    const b = toBehavior(list[i]);
    if (b) behaviors.push(b);
    else hooks.warn(`${is || kind}: behaviors[${i}] is not a Behavior() (nor a known wx:// behavior); ignored`);
  }
  // definitionFilter: a behavior may rewrite the definition that uses it
  for (let i = 0; i < behaviors.length; i++) {
    const filter = behaviors[i].definitionFilter;
    if (filter) {
      const nested = behaviors[i].behaviors.map((b) => b.definitionFilter).filter(Boolean);
      filter(raw, nested);
    }
  }

  /** @type {[string, any][]} */
  const properties = [];
  const props = raw.properties || {};
  for (const name in props) properties.push([name, normalizeProperty(name, props[name], is)]);

  /** @type {Record<string, Function>} */
  const methods = {};
  /** @type {Record<string, unknown>} */
  const extra = {};
  if (kind === 'page') {
    // Page(): every top-level function is a method (onLoad, handlers...); other
    // unknown fields are copied onto each page instance
    for (const key in raw) {
      if (PAGE_RESERVED.has(key)) continue;
      if (typeof raw[key] === 'function') methods[key] = raw[key];
      else extra[key] = raw[key];
    }
  }
  const m = raw.methods || {};
  for (const key in m) if (typeof m[key] === 'function') methods[key] = m[key];

  /** @type {Record<string, Function>} */
  const lifetimes = {};
  const lt = raw.lifetimes || {};
  for (let i = 0; i < LIFETIMES.length; i++) {
    const name = LIFETIMES[i];
    const fn = typeof lt[name] === 'function' ? lt[name] : kind !== 'page' && typeof raw[name] === 'function' ? raw[name] : null;
    if (fn) lifetimes[name] = fn;
  }
  /** @type {Record<string, Function>} */
  const pageLifetimes = {};
  const pl = raw.pageLifetimes || {};
  for (let i = 0; i < PAGE_LIFETIMES.length; i++) {
    if (typeof pl[PAGE_LIFETIMES[i]] === 'function') pageLifetimes[PAGE_LIFETIMES[i]] = pl[PAGE_LIFETIMES[i]];
  }

  /** @type {import('./observers.js').Observer[]} */
  const observers = [];
  const obs = raw.observers || {};
  for (const source in obs) {
    const fn = typeof obs[source] === 'function' ? obs[source] : null;
    if (!fn) {
      hooks.warn(`${is || kind}: observer "${source}" is not a function; ignored`);
      continue;
    }
    observers.push({ paths: parseObserverPaths(source), fn, source });
  }

  /** @type {RelationSpec[]} */
  const relations = [];
  const rel = raw.relations || {};
  for (const key in rel) {
    const r = rel[key] || {};
    if (!RELATION_TYPES.includes(r.type)) {
      hooks.warn(`${is || kind}: relation "${key}" has type "${r.type}"; expected parent, child, ancestor or descendant`);
      continue;
    }
    relations.push({
      key,
      path: resolvePath(is, key),
      type: r.type,
      target: toBehavior(r.target),
      linked: typeof r.linked === 'function' ? r.linked : null,
      linkChanged: typeof r.linkChanged === 'function' ? r.linkChanged : null,
      unlinked: typeof r.unlinked === 'function' ? r.unlinked : null,
      linkFailed: typeof r.linkFailed === 'function' ? r.linkFailed : null,
    });
  }

  return {
    __behavior: true,
    kind,
    is,
    behaviors,
    properties,
    data: raw.data && typeof raw.data === 'object' ? raw.data : {},
    methods,
    lifetimes,
    pageLifetimes,
    observers,
    relations,
    externalClasses: Array.isArray(raw.externalClasses) ? raw.externalClasses.slice() : [],
    definitionFilter: typeof raw.definitionFilter === 'function' ? raw.definitionFilter : null,
    exportFn: typeof raw.export === 'function' ? raw.export : null,
    options: raw.options || {},
    extra,
  };
}

const PAGE_RESERVED = new Set(['data', 'options', 'behaviors', 'observers', 'relations', 'externalClasses', 'properties', 'methods', 'lifetimes', 'pageLifetimes', 'export', 'definitionFilter']);

/**
 * Depth-first, referenced-before-referrer, each behavior once.
 * @param {NormalizedDef} def @returns {NormalizedDef[]}
 */
export function linearize(def) {
  /** @type {NormalizedDef[]} */
  const order = [];
  const seen = new Set();
  const visit = (/** @type {NormalizedDef} */ d) => {
    if (seen.has(d)) return;
    seen.add(d);
    for (let i = 0; i < d.behaviors.length; i++) visit(d.behaviors[i]);
    order.push(d);
  };
  visit(def);
  return order;
}

/** @param {unknown} v */
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** @param {Record<string, any>} target @param {Record<string, any>} source */
function mergeData(target, source) {
  for (const key in source) {
    const s = source[key];
    const t = target[key];
    if (isPlainObject(s) && isPlainObject(t)) mergeData(t, s);
    else target[key] = cloneData(s);
  }
}

/**
 * Merge a normalised component/page definition with its behaviors.
 * @param {NormalizedDef} own
 */
export function compileDefinition(own) {
  const chain = linearize(own);
  /** @type {Record<string, import('./properties.js').PropertySpec>} */
  const properties = Object.create(null);
  /** @type {Record<string, Function>} */
  const methods = {};
  /** @type {Record<string, unknown>} */
  const data = {};
  /** @type {Record<string, Function[]>} */
  const lifetimes = {};
  for (let i = 0; i < LIFETIMES.length; i++) lifetimes[LIFETIMES[i]] = [];
  /** @type {Record<string, Function[]>} */
  const pageLifetimes = {};
  for (let i = 0; i < PAGE_LIFETIMES.length; i++) pageLifetimes[PAGE_LIFETIMES[i]] = [];
  /** @type {import('./observers.js').Observer[]} */
  const observers = [];
  /** @type {Map<string, RelationSpec>} */
  const relations = new Map();
  /** @type {string[]} */
  const externalClasses = [];
  let exportFn = null;

  for (let i = 0; i < chain.length; i++) {
    const d = chain[i];
    mergeData(data, d.data);
    for (let j = 0; j < d.properties.length; j++) properties[d.properties[j][0]] = d.properties[j][1];
    Object.assign(methods, d.methods);
    for (const name in d.lifetimes) lifetimes[name].push(d.lifetimes[name]);
    for (const name in d.pageLifetimes) pageLifetimes[name].push(d.pageLifetimes[name]);
    for (let j = 0; j < d.observers.length; j++) observers.push(d.observers[j]);
    for (let j = 0; j < d.relations.length; j++) relations.set(d.relations[j].key, d.relations[j]);
    for (let j = 0; j < d.externalClasses.length; j++) {
      if (!externalClasses.includes(d.externalClasses[j])) externalClasses.push(d.externalClasses[j]);
    }
    if (d.exportFn) exportFn = d.exportFn;
  }
  const propertyNames = Object.keys(properties);
  for (let i = 0; i < propertyNames.length; i++) {
    if (propertyNames[i] in data) hooks.warn(`${own.is}: "${propertyNames[i]}" is both a property and a data field; the property wins`);
  }

  const o = own.options;
  const pure = o.pureDataPattern instanceof RegExp ? o.pureDataPattern : null;
  return {
    is: own.is,
    kind: own.kind,
    own,
    behaviors: new Set(chain),
    properties,
    propertyNames,
    data,
    methods,
    lifetimes,
    pageLifetimes,
    observers,
    observerTree: buildObserverTree(observers),
    relations: Array.from(relations.values()),
    externalClasses,
    exportFn,
    extra: own.extra,
    options: {
      multipleSlots: !!o.multipleSlots,
      addGlobalClass: !!o.addGlobalClass,
      styleIsolation: o.styleIsolation || (o.addGlobalClass ? 'apply-shared' : own.kind === 'page' ? 'shared' : 'isolated'),
      virtualHost: !!o.virtualHost,
      pureDataPattern: pure,
    },
  };
}

/** @typedef {ReturnType<typeof compileDefinition>} ComponentDef */
