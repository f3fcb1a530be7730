// The module registry of the logic realm: JS/JSON modules, WXS modules and compiled view code,
// as the compiler emits them (docs/modules.md, docs/view-code.md). Requires were resolved at
// build time, so a require is a map lookup.

import { enterModule, leaveModule } from './registry.js';

/** @typedef {(...args: any[]) => void} Factory */
/** @typedef {{ id: string, exports: any, loaded: boolean }} Module */

/** @type {Map<string, { requires: Record<string, string>, factory: Factory }>} */
const factories = new Map();
/** @type {Map<string, Module>} */
const cache = new Map();
/** @type {Map<string, any>} */
const views = new Map();

/**
 * Loads the bundles of the package holding a module (a subpackage not loaded yet), for
 * `require(spec, callback)` and `require.async(spec)`; set by the worker.
 * @type {((id: string) => Promise<unknown>) | null}
 */
let packageLoader = null;

/** `__openmini_define__(id, requires, factory)` */
export function define(/** @type {string} */ id, /** @type {Record<string, string>} */ requires, /** @type {Factory} */ factory) {
  factories.set(id, { requires, factory });
}

/** `__openmini_view__(path, viewCode)` */
export function registerView(/** @type {string} */ path, /** @type {any} */ code) {
  views.set(path, code);
}

/** The view code object of a `.wxml` file, or undefined. */
export function getView(/** @type {string} */ path) {
  return views.get(path);
}

export function hasModule(/** @type {string} */ id) {
  return factories.has(id);
}

/**
 * Make the mini program's free names (`App`, `Page`, `Component`, `Behavior`, `getApp`,
 * `getCurrentPages`, `wx`, `global`) globals of the realm logic modules run in, as in WeChat;
 * modules receive only `require, module, exports` (docs/modules.md). `scope` defaults to this
 * realm's global object. A realm that already names itself `global` (Node) keeps that name.
 * @param {Record<string, any>} globals
 * @param {Record<string, any>} [scope]
 */
export function setLogicGlobals(globals, scope = globalThis) {
  for (const name of Object.keys(globals)) {
    if (name === 'global' && scope.global === scope) continue;
    scope[name] = globals[name];
  }
}

/**
 * Set how a module of a package that is not loaded yet gets loaded: `load(id)` resolves once
 * the bundles holding module `id` are defined (WeChat's cross-subpackage async require).
 * @param {((id: string) => Promise<unknown>) | null} load
 */
export function setPackageLoader(load) {
  packageLoader = load;
}

/** Run (once) and return the exports of a logic module (`app.js`, `pages/index/index.js`, …). */
export function requireModule(/** @type {string} */ id) {
  return load(id, logicArgs);
}

/** Run (once) and return the exports of a WXS module (`utils/fmt.wxs`, `pages/a.wxml#m`). */
export function requireWxs(/** @type {string} */ id) {
  return load(id, wxsArgs);
}

/** @typedef {((spec: string, callback?: (exports: any) => void, error?: (e: AsyncRequireError) => void) => any) & { async?: (spec: string) => Promise<any> }} Require */
/** @typedef {{ mod: string, errMsg: string }} AsyncRequireError */

/**
 * @param {string} id
 * @param {(req: Require, module: Module) => any[]} args
 */
function load(id, args) {
  const cached = cache.get(id);
  if (cached) return cached.exports;
  const entry = factories.get(id);
  if (!entry) throw new Error(`module "${id}" is not defined`);
  /** @type {Module} */
  const module = { id, exports: {}, loaded: false };
  // Cached before running, so a require cycle gets the partly filled exports, as in CommonJS.
  cache.set(id, module);
  const isLogic = !id.endsWith('.wxs') && !id.includes('.wxml#');
  const req = makeRequire(entry.requires, args, isLogic);
  if (isLogic) enterModule(id);
  try {
    entry.factory.apply(module.exports, args(req, module));
  } catch (error) {
    cache.delete(id);
    throw error;
  } finally {
    if (isLogic) leaveModule();
  }
  module.loaded = true;
  return module.exports;
}

/**
 * A module's `require`: a lookup in its build-time map. Logic modules also get WeChat's
 * asynchronous forms, `require(spec, callback, error)` and `require.async(spec)`.
 * @param {Record<string, string>} requires
 * @param {(req: Require, module: Module) => any[]} args
 * @param {boolean} isLogic
 * @returns {Require}
 */
function makeRequire(requires, args, isLogic) {
  const sync = (/** @type {string} */ spec) => {
    const target = requires[spec];
    if (target === undefined) throw new Error(`module "${spec}" is not defined`);
    return load(target, args);
  };
  if (!isLogic) return sync;
  const later = (/** @type {string} */ spec) => loadLater(spec, requires[spec], args);
  /** @type {Require} */
  const req = (spec, callback, error) => {
    if (typeof callback !== 'function') return sync(spec);
    later(spec).then(callback, (/** @type {AsyncRequireError} */ e) => {
      if (typeof error === 'function') error(e);
      else throw e;
    });
    return undefined;
  };
  req.async = later;
  return req;
}

/**
 * Load a module after loading its package if needed; rejects with `{mod, errMsg}` as WeChat does.
 * @param {string} spec @param {string | undefined} target
 * @param {(req: Require, module: Module) => any[]} args
 * @returns {Promise<any>}
 */
function loadLater(spec, target, args) {
  /** @param {string} errMsg @returns {AsyncRequireError} */
  const failure = (errMsg) => ({ mod: spec, errMsg });
  if (target === undefined) return Promise.reject(failure(`module "${spec}" is not defined`));
  const id = target;
  const ready = factories.has(id) || !packageLoader ? Promise.resolve() : packageLoader(id);
  return ready.then(
    () => {
      if (!factories.has(id)) throw failure(`module "${id}" is not defined`);
      try {
        return load(id, args);
      } catch (error) {
        throw failure(error instanceof Error ? error.message : String(error));
      }
    },
    (error) => {
      throw failure(`module "${id}" could not be loaded: ${error && error.message ? error.message : String(error)}`);
    },
  );
}

/** @param {Require} req @param {Module} module */
function logicArgs(req, module) {
  return [req, module, module.exports];
}

/** @param {Require} req @param {Module} module */
function wxsArgs(req, module) {
  return [req, module, module.exports, getRegExp, getDate];
}

/** WXS built-in: `getRegExp(pattern, flags)`. */
export function getRegExp(/** @type {string} */ pattern, /** @type {string | undefined} */ flags) {
  return new RegExp(pattern, flags);
}

/** WXS built-in: `getDate()` is now; otherwise the arguments of `new Date(...)`. */
export function getDate(/** @type {any[]} */ ...args) {
  // @ts-expect-error -- Date takes 0 to 7 arguments
  return new Date(...args);
}

/** Forget everything (tests, and a live reload of the package). */
export function resetModules() {
  factories.clear();
  cache.clear();
  views.clear();
}
