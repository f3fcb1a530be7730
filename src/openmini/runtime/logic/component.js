/**
 * Component instances: `Component({...})`, creating an instance the way a
 * parent template would, and setData with observers (lifetimes the view
 * drives are in lifecycle.js). Order of one update (setData or properties from a parent):
 *   1. each change is applied to `this.data` (properties coerced to their type);
 *   2. data observers run (registration order, behaviors first) — a setData
 *      inside one joins this update and may re-trigger observers;
 *   3. the changes are queued for the view (scheduler.js);
 *   4. legacy property `observer(newVal, oldVal)` functions run, only for
 *      properties whose value changed (`!==`).
 */

import { hooks, safeCall } from './hooks.js';
import { normalizeDefinition, compileDefinition } from './behavior.js';
import { parseDataPath, setAtPath, copyPayload, cloneData } from './set-data.js';
import { coerceProperty } from './properties.js';
import { markChange, observerArgs } from './observers.js';
import { queueChange, queueCallback } from './scheduler.js';
import { currentModule, registerDefinition, getDefinition } from './registry.js';
import { relationNodes } from './relations.js';
import { callLifetime, CREATED, DETACHED } from './lifecycle.js';
import { createEventRecord } from './events.js';


/** @typedef {import('./behavior.js').ComponentDef} ComponentDef */
/**
 * @typedef {Record<string, any> & {is: string, id: string, dataset: Record<string, unknown>,
 *   data: Record<string, any>, properties: Record<string, any>, __om: Internal}} ComponentInstance
 * @typedef {object} Internal
 * @property {ComponentDef & {proto: object}} def
 * @property {number} state
 * @property {ComponentInstance | null} parent  nearest component above, in the composed tree
 * @property {ComponentInstance[]} children
 * @property {ComponentInstance | null} owner  component whose template created this one
 * @property {ComponentInstance[]} owned
 * @property {ComponentInstance | null} page
 * @property {Set<ComponentInstance> | null} pageMembers  (pages only) components attached in the page
 * @property {Uint8Array} marks  observer trigger bits
 * @property {boolean} observing
 * @property {any[] | null} propQueue
 * @property {{path: (string|number)[], value: unknown}[] | null} patch
 * @property {Function[] | null} callbacks
 * @property {boolean} queued
 * @property {Record<string, unknown>} initial  data the view renders first
 * @property {Map<any, ComponentInstance[]>} links  upper side: linked lower components per relation
 * @property {Map<any, [ComponentInstance, any]>} uplinks  lower side: [upper component, its relation] per relation
 * @property {Record<string, unknown> | null} [deferred]  properties waiting for runCreated (deferCreated)
 * @property {{shown: boolean, readyPending: boolean, readyDone: boolean}} [pageState]  (pages only, page.js)
 */

const MAX_OBSERVER_ROUNDS = 100;

/** Methods every instance has (WeChat's component instance API). */
export const componentProto = {
  /** Which renderer draws the instance: the web view, never Skyline, on this platform. */
  renderer: 'webview',
  /**
   * @this {ComponentInstance}
   * @param {Record<string, unknown>} payload @param {Function} [callback]
   */
  setData(payload, callback) {
    setData(this, payload, callback);
  },
  /** @this {ComponentInstance} @param {string} name @param {unknown} [detail] @param {any} [options] */
  triggerEvent(name, detail, options) {
    const event = createEventRecord(this, name, detail, options);
    if (hooks.event) hooks.event(this, event);
    return event;
  },
  /** @this {ComponentInstance} @param {string} selector */
  selectComponent(selector) {
    const found = select(this, selector);
    return found.length ? exported(found[0], this) : null;
  },
  /** @this {ComponentInstance} @param {string} selector */
  selectAllComponents(selector) {
    return select(this, selector).map((c) => exported(c, this));
  },
  /** @this {ComponentInstance} */
  selectOwnerComponent() {
    return this.__om.owner;
  },
  /** @this {ComponentInstance} @param {string} key */
  getRelationNodes(key) {
    return relationNodes(this, key);
  },
  /** @this {ComponentInstance} @param {unknown} behavior */
  hasBehavior(behavior) {
    return this.__om.def.behaviors.has(/** @type {any} */ (behavior));
  },
  /** @this {ComponentInstance} */
  getPageId() {
    const page = this.__om.page;
    return page ? page.__wxWebviewId__ : undefined;
  },
  /** Changes made in `fn` are sent together (they already are, per task). @this {ComponentInstance} @param {Function} fn */
  groupSetData(fn) {
    fn.call(this);
  },
  /** @this {ComponentInstance} */
  getOpenerEventChannel() {
    return hooks.opener ? hooks.opener(pageOf(this)) : undefined;
  },
  /** The custom tab bar's instance on a tab page (app.json `tabBar.custom`), else null. @this {ComponentInstance} */
  getTabBar() {
    return hooks.tabBar ? hooks.tabBar(pageOf(this)) : null;
  },
  /** @this {ComponentInstance} */
  createSelectorQuery() {
    if (!hooks.selectorQuery) throw new Error('createSelectorQuery needs the view');
    return hooks.selectorQuery(this);
  },
  /** @this {ComponentInstance} @param {Record<string, unknown>} [options] */
  createIntersectionObserver(options) {
    if (!hooks.intersectionObserver) throw new Error('createIntersectionObserver needs the view');
    return hooks.intersectionObserver(this, options || {});
  },
  /**
   * Keyframe animation of the nodes `selector` finds in this template; the last argument is
   * the callback, or the scroll timeline options of the scroll-driven form.
   * @this {ComponentInstance} @param {string} selector @param {unknown} keyframes @param {number} duration @param {unknown} [last]
   */
  animate(selector, keyframes, duration, last) {
    if (!hooks.animate) throw new Error('animate needs the view');
    hooks.animate(this, selector, keyframes, duration, last);
  },
  /** @this {ComponentInstance} @param {string} selector @param {unknown} [options] @param {unknown} [callback] */
  clearAnimation(selector, options, callback) {
    if (!hooks.clearAnimation) throw new Error('clearAnimation needs the view');
    hooks.clearAnimation(this, selector, options, callback);
  },
};

// `this.router` and `this.pageRouter`. A definition may own a field of that name (Page({router})
// copies it onto the instance): the setter lets the instance shadow the getter.
for (const [name, from] of /** @type {[string, (c: ComponentInstance) => string][]} */ ([
  ['router', (c) => c.is],
  ['pageRouter', (c) => pageOf(c).is],
])) {
  Object.defineProperty(componentProto, name, {
    get() {
      if (!hooks.router) throw new Error(`${name} needs the wx routing APIs`);
      return hooks.router(from(this));
    },
    set(value) {
      Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}

/** The page an instance belongs to (a page is its own). @param {ComponentInstance} comp */
const pageOf = (comp) => comp.__om.page || comp;

/**
 * Compile a normalised definition into an instantiable one and register it
 * under its path.
 * @param {import('./behavior.js').NormalizedDef} own
 */
export function buildDefinition(own) {
  const def = /** @type {ComponentDef & {proto: object}} */ (compileDefinition(own));
  const proto = Object.create(componentProto);
  for (const name in def.methods) {
    if (name in componentProto) hooks.warn(`${def.is}: method "${name}" shadows the built-in instance method of the same name`);
    proto[name] = def.methods[name];
  }
  def.proto = proto;
  if (def.is) registerDefinition(def.is, def);
  return def;
}

/**
 * The `Component()` constructor mini program code calls.
 * @param {Record<string, any>} definition
 */
export function Component(definition) {
  return buildDefinition(normalizeDefinition(definition || {}, 'component', currentModule()));
}

/**
 * @typedef {object} CreateOptions
 * @property {string} [id]
 * @property {Record<string, unknown>} [dataset]
 * @property {ComponentInstance | null} [owner]  the component whose template holds this one
 * @property {Record<string, unknown>} [properties]  initial property values from the parent
 * @property {boolean} [deferCreated]  leave `created` (and `properties`) to `runCreated(comp)`:
 *   the view builds the shadow tree in between, so children's `created` run before their
 *   parent's, as in glass-easel (the parent's shadow is built inside its constructor)
 */

/**
 * Create an instance (view hook: a component node was created). Runs
 * `created`, then applies the parent's property values as an update (so
 * property observers fire for them, as with glass-easel).
 * @param {ComponentDef | string} defOrPath @param {CreateOptions} [init]
 * @returns {ComponentInstance}
 */
export function createComponent(defOrPath, init = {}) {
  const def = /** @type {ComponentDef & {proto: object}} */ (typeof defOrPath === 'string' ? getDefinition(defOrPath) : defOrPath);
  if (!def) throw new Error(`no component is defined at "${defOrPath}"`);
  const comp = /** @type {ComponentInstance} */ (Object.create(def.proto));
  const data = cloneData(def.data);
  for (let i = 0; i < def.propertyNames.length; i++) {
    const name = def.propertyNames[i];
    data[name] = def.properties[name].initial();
  }
  comp.is = def.is;
  comp.id = init.id || '';
  comp.dataset = init.dataset || {};
  comp.data = data;
  comp.properties = data;
  for (const key in def.extra) comp[key] = cloneData(def.extra[key]);
  const owner = init.owner || null;
  Object.defineProperty(comp, '__om', {
    value: /** @type {Internal} */ ({
      def,
      state: CREATED,
      parent: null,
      children: [],
      owner,
      owned: [],
      page: null,
      pageMembers: null,
      marks: new Uint8Array(def.observers.length),
      observing: false,
      propQueue: null,
      patch: null,
      callbacks: null,
      queued: false,
      initial: viewSnapshot(data, def.options.pureDataPattern),
      links: new Map(),
      uplinks: new Map(),
    }),
  });
  if (owner) owner.__om.owned.push(comp);
  if (init.deferCreated) comp.__om.deferred = init.properties || null;
  else runCreated(comp, init.properties || null);
  return comp;
}

/**
 * Run `created`, then apply the parent's property values as an update (observers fire for
 * them). Called by createComponent, or by the view for a `deferCreated` instance.
 * @param {ComponentInstance} comp @param {Record<string, unknown> | null} [properties] default: the deferred ones
 */
export function runCreated(comp, properties) {
  const om = comp.__om;
  const props = properties === undefined ? om.deferred : properties;
  om.deferred = undefined;
  callLifetime(comp, 'created', []);
  if (props) setProperties(comp, props);
}

/** @param {Record<string, any>} data @param {RegExp | null} pure */
function viewSnapshot(data, pure) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const key in data) if (!pure || !pure.test(key)) out[key] = cloneData(data[key]);
  return out;
}

/** The data the view renders before any change (pure data fields left out). @param {ComponentInstance} comp */
export function initialRenderData(comp) {
  return comp.__om.initial;
}

/**
 * `this.data` keeps the values given (an object set is the same object afterwards, as in
 * WeChat and glass-easel: `setData({channel}); this.data.channel.on(…)` works, and setting a
 * property to the value it holds does not fire its `observer`); the view gets the JSON copy,
 * which also gives the size checked against 1024 KB.
 * @param {ComponentInstance} comp @param {Record<string, unknown>} payload @param {Function} [callback]
 */
export function setData(comp, payload, callback) {
  const copy = copyPayload(payload, comp.is);
  /** @type {any[]} */
  const changes = [];
  for (const key in payload) {
    if (payload[key] === undefined) {
      hooks.warn(`setData: "${key}" was set to undefined; the field is not changed (use null to clear it)`, comp);
      continue;
    }
    changes.push(parseDataPath(key), payload[key], copy[key]);
  }
  if (changes.length) applyUpdate(comp, changes);
  if (typeof callback === 'function') queueCallback(comp, callback);
}

/**
 * Property values from the parent's template (view hook). Unknown names are
 * ignored with a warning, like undeclared attributes.
 * @param {ComponentInstance} comp @param {Record<string, unknown>} values
 */
export function setProperties(comp, values) {
  const props = comp.__om.def.properties;
  /** @type {any[]} */
  const changes = [];
  for (const name in values) {
    if (props[name]) {
      // the parent's value is copied (glass-easel's propertyPassingDeepCopy); the view shares it
      const v = cloneData(values[name]);
      changes.push([name], v, v);
    }
    else hooks.warn(`"${name}" is not a valid property`, comp);
  }
  if (changes.length) applyUpdate(comp, changes);
}

/**
 * Apply changes given as a flat list [path, value, viewValue, path, value, viewValue, ...]:
 * `value` goes to `this.data`, `viewValue` (a copy, or the same value) to the view.
 * @param {ComponentInstance} comp @param {any[]} changes
 */
export function applyUpdate(comp, changes) {
  const om = comp.__om;
  const def = om.def;
  const data = comp.data;
  const pure = def.options.pureDataPattern;
  const hasObservers = def.observers.length > 0;
  /** @type {any[]} */
  const propChanges = om.propQueue || [];
  for (let i = 0; i < changes.length; i += 3) {
    const path = changes[i];
    let value = changes[i + 1];
    let view = changes[i + 2];
    const name = path[0];
    const prop = def.properties[name];
    const isPure = pure !== null && pure.test(name);
    if (prop !== undefined && path.length === 1) {
      const old = data[name];
      const given = value;
      value = coerceProperty(value, prop, name, comp);
      if (value !== given) view = cloneData(value);
      data[name] = value;
      if (prop.observer && old !== value && !isPure) propChanges.push(prop, value, old);
    } else {
      setAtPath(data, path, value);
      // legacy quirk kept from the oracle: a sub-path write reports the sub value and no old value
      if (prop !== undefined && prop.observer && !isPure) propChanges.push(prop, value, undefined);
    }
    if (hasObservers) markChange(def.observerTree, om.marks, path);
    if (!isPure && !(om.state & DETACHED)) queueChange(comp, path, view);
  }
  if (om.observing) {
    om.propQueue = propChanges; // the outer update runs observers and property observers
    return;
  }
  if (hasObservers) {
    om.propQueue = propChanges; // setData calls inside observers add to it
    runObservers(comp);
    om.propQueue = null;
  }
  for (let i = 0; i < propChanges.length; i += 3) {
    const spec = propChanges[i];
    const fn = typeof spec.observer === 'string' ? comp[spec.observer] : spec.observer;
    if (typeof fn === 'function') safeCall(fn, comp, [propChanges[i + 1], propChanges[i + 2]], 'property observer', comp);
    else hooks.warn(`property observer method "${spec.observer}" does not exist`, comp);
  }
}

/** @param {ComponentInstance} comp */
function runObservers(comp) {
  const om = comp.__om;
  const observers = om.def.observers;
  const marks = om.marks;
  om.observing = true;
  try {
    for (let round = 0; ; round++) {
      let fired = false;
      for (let i = 0; i < observers.length; i++) {
        if (!marks[i]) continue;
        marks[i] = 0;
        fired = true;
        const ob = observers[i];
        safeCall(ob.fn, comp, observerArgs(comp.data, ob.paths), `observer "${ob.source}"`, comp);
      }
      if (!fired) break;
      if (round === MAX_OBSERVER_ROUNDS) {
        marks.fill(0);
        hooks.warn('data observers kept setting data they observe (100 rounds); stopped', comp);
        break;
      }
    }
  } finally {
    om.observing = false;
  }
}

/** @param {ComponentInstance} comp @param {string} selector */
function select(comp, selector) {
  if (hooks.select) return hooks.select(comp, selector) || [];
  // fallback without a view: "#id" among components this one's template created
  if (selector[0] !== '#') return [];
  const id = selector.slice(1);
  return comp.__om.owned.filter((c) => c.id === id);
}

/** @param {ComponentInstance} target @param {ComponentInstance} caller */
function exported(target, caller) {
  const def = target.__om.def;
  if (def.exportFn) return safeCall(def.exportFn, target, [caller], 'export', target);
  return target;
}
