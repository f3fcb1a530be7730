/**
 * The logic layer's entry: the globals mini program code sees, and the
 * controllers the view adapter and the host's router drive.
 *
 *   import { installGlobals } from './index.js';
 *   installGlobals(self);          // in the logic worker, before any package code
 *   enterModule('pages/index/index'); runPackageModule(...); leaveModule();
 */

import { Behavior } from './behavior.js';
import { Component } from './component.js';
import { Page, getCurrentPages } from './page.js';
import { App, getApp, appError } from './app.js';
import { hooks } from './hooks.js';

export { hooks, safeCall } from './hooks.js';
export { Behavior } from './behavior.js';
export {
  Component, createComponent, runCreated, setProperties, setData, initialRenderData, applyUpdate,
} from './component.js';
export {
  attachComponent, readyComponent, moveComponent, detachComponent, firePageLifetime,
} from './lifecycle.js';
export { invokeHandler } from './events.js';
export { flushRenders } from './scheduler.js';
export {
  parseDataPath, formatPath, setAtPath, getAtPath, SetDataError, MAX_SET_DATA_BYTES,
} from './set-data.js';
export {
  Page, getCurrentPages, loadPage, showPage, readyPage, hidePage, unloadPage, resizePage,
  pullDownRefresh, reachBottom, pageScroll, tabItemTap, shareAppMessage, shareTimeline,
  addToFavorites, pageHas, resetPages,
} from './page.js';
export {
  App, getApp, launchApp, showApp, hideApp, appError, pageNotFound, unhandledRejection,
  themeChange, resetApp,
} from './app.js';
export { enterModule, leaveModule, registerDefinition, getDefinition, resetRegistry } from './registry.js';

/** What mini program code may call without importing anything. */
export const globals = { App, getApp, Page, Component, Behavior, getCurrentPages };

/**
 * Define the mini program globals on `scope` (the worker's `self`), and send
 * uncaught errors of developer code to `App.onError` when the app has one.
 * @param {Record<string, any>} scope
 */
export function installGlobals(scope) {
  for (const name in globals) scope[name] = /** @type {any} */ (globals)[name];
  const fallback = hooks.error;
  hooks.error = (error, where, comp) => {
    if (!appError(error)) fallback(error, where, comp);
  };
  return scope;
}
