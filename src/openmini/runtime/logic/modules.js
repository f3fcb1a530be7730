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
 * The values logic modules receive after `require, module, exports` (docs/modules.md).
 * @type {{ App: any, Page: any, Component: any, Behavior: any, getApp: any, getCurrentPages: any, wx: any, global: any } | null}
 */
let logicGlobals = null;

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

/** Install the globals logic modules receive (set once by the worker before any module runs). */
export function setLogicGlobals(/** @type {NonNullable<typeof logicGlobals>} */ globals) {
  logicGlobals = globals;
}

/** Run (once) and return the exports of a logic module (`app.js`, `pages/index/index.js`, …). */
export function requireModule(/** @type {string} */ id) {
  return load(id, logicArgs);
}

/** Run (once) and return the exports of a WXS module (`utils/fmt.wxs`, `pages/a.wxml#m`). */
export function requireWxs(/** @type {string} */ id) {
  return load(id, wxsArgs);
}

/**
 * @param {string} id
 * @param {(req: (spec: string) => any, module: Module) => any[]} args
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
  const { requires, factory } = entry;
  const req = (/** @type {string} */ spec) => {
    const target = requires[spec];
    if (target === undefined) throw new Error(`module "${spec}" is not defined`);
    return load(target, args);
  };
  const isLogic = !id.endsWith('.wxs') && !id.includes('.wxml#');
  if (isLogic) enterModule(id);
  try {
    factory.apply(module.exports, args(req, module));
  } catch (error) {
    cache.delete(id);
    throw error;
  } finally {
    if (isLogic) leaveModule();
  }
  module.loaded = true;
  return module.exports;
}

/** @param {(spec: string) => any} req @param {Module} module */
function logicArgs(req, module) {
  const g = logicGlobals;
  if (!g) throw new Error('logic globals are not installed');
  return [req, module, module.exports, g.App, g.Page, g.Component, g.Behavior, g.getApp, g.getCurrentPages, g.wx, g.global];
}

/** @param {(spec: string) => any} req @param {Module} module */
function wxsArgs(req, module) {
  return [req, module, module.exports, getRegExp, getDate];
}

/** WXS built-in: `getRegExp(pattern, flags)`. */
export function getRegExp(/** @type {string} */ pattern, /** @type {string | undefined} */ flags) {
  return new RegExp(pattern, flags);
}

/** WXS built-in: `getDate()` is now; otherwise the arguments of `new Date(...)`. */
export function getDate(/** @type {any[]} */ ...args) {
  // @ts-ignore -- Date takes 0 to 7 arguments
  return new Date(...args);
}

/** Forget everything (tests, and a live reload of the package). */
export function resetModules() {
  factories.clear();
  cache.clear();
  views.clear();
}
