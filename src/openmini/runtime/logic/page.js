/**
 * Pages: `Page({...})` is a component whose top-level functions are methods
 * (onLoad, handlers) and whose other unknown fields are copied onto each
 * instance. A page built with `Component({...})` works too (hooks in
 * `methods`; its `properties` receive the query string values).
 *
 * The page controller below is what the host's router calls. Order kept:
 *   created → attached → onLoad(query) → onShow → onReady (once, never before
 *   the first onShow) … onHide / onShow … onUnload → detached.
 * onShow/onHide/onResize also run `pageLifetimes.show/hide/resize` of every
 * component attached in the page. Stack depth limits are the router's job.
 */

import { normalizeDefinition } from './behavior.js';
import { buildDefinition, createComponent, setProperties } from './component.js';
import { attachComponent, readyComponent, detachComponent, firePageLifetime } from './lifecycle.js';
import { invokeHandler } from './events.js';
import { currentModule, getDefinition } from './registry.js';
import { safeCall } from './hooks.js';

/** @typedef {import('./component.js').ComponentInstance} ComponentInstance */
/** @typedef {NonNullable<import('./component.js').Internal['pageState']>} PageState */

/** The `Page()` constructor mini program code calls. @param {Record<string, any>} definition */
export function Page(definition) {
  return buildDefinition(normalizeDefinition(definition || {}, 'page', currentModule()));
}

/** @type {ComponentInstance[]} */
const stack = [];
let nextWebviewId = 1;

/** `getCurrentPages()`: the page stack, bottom first (a copy). */
export function getCurrentPages() {
  return stack.slice();
}

/** Forget every page (tests; relaunch does this through unloadPage). */
export function resetPages() {
  stack.length = 0;
}

/**
 * Call a page hook (`onLoad`, `onShareAppMessage`...) if the page has it.
 * @param {ComponentInstance} page @param {string} name @param {unknown[]} args
 */
function hook(page, name, args) {
  const fn = page[name];
  return typeof fn === 'function' ? safeCall(fn, page, args, name, page) : undefined;
}

/**
 * Router hook: open the page at `route` with its query and push it on the stack.
 * `beforeLoad(page)` runs between attached and onLoad: the view builds the page's components
 * there, so their created/attached come before the page's onLoad, as in WeChat.
 * @param {string} route e.g. "pages/index/index"
 * @param {Record<string, string>} [query]
 * @param {(page: ComponentInstance) => void} [beforeLoad]
 * @returns {ComponentInstance}
 */
export function loadPage(route, query = {}, beforeLoad) {
  const def = getDefinition(route);
  if (!def) throw new Error(`page "${route}" is not defined: its module did not call Page() or Component()`);
  const page = createComponent(def);
  const om = page.__om;
  om.pageMembers = new Set();
  om.pageState = { shown: false, readyPending: false, readyDone: false };
  page.route = route;
  page.__route__ = route;
  page.options = query;
  page.__wxWebviewId__ = nextWebviewId++;
  attachComponent(page, null);
  if (def.kind !== 'page') {
    /** @type {Record<string, unknown>} */
    const props = {};
    for (const key in query) if (def.properties[key]) props[key] = query[key];
    setProperties(page, props);
  }
  stack.push(page);
  if (beforeLoad) beforeLoad(page);
  hook(page, 'onLoad', [query]);
  return page;
}

/** Router hook: the page became visible. @param {ComponentInstance} page */
export function showPage(page) {
  const ps = /** @type {PageState} */ (page.__om.pageState);
  ps.shown = true;
  hook(page, 'onShow', []);
  firePageLifetime(page, 'show', []);
  if (ps.readyPending) {
    ps.readyPending = false;
    readyPage(page);
  }
}

/**
 * View hook: the page's first render (and its components') finished. Runs
 * `onReady` once; if it arrives before the first onShow it waits for it.
 * @param {ComponentInstance} page
 */
export function readyPage(page) {
  const ps = /** @type {PageState} */ (page.__om.pageState);
  if (ps.readyDone) return;
  if (!ps.shown) {
    ps.readyPending = true;
    return;
  }
  ps.readyDone = true;
  readyComponent(page);
  hook(page, 'onReady', []);
}

/** Router hook: another page covers this one, or the app went to background. @param {ComponentInstance} page */
export function hidePage(page) {
  hook(page, 'onHide', []);
  firePageLifetime(page, 'hide', []);
}

/** Router hook: the page is closed (navigateBack, redirectTo, reLaunch). @param {ComponentInstance} page */
export function unloadPage(page) {
  hook(page, 'onUnload', []);
  detachComponent(page);
  const at = stack.indexOf(page);
  if (at >= 0) stack.splice(at, 1);
}

/** @param {ComponentInstance} page @param {{size?: unknown}} res */
export function resizePage(page, res) {
  hook(page, 'onResize', [res]);
  firePageLifetime(page, 'resize', [res]);
}

/** @param {ComponentInstance} page */
export const pullDownRefresh = (page) => hook(page, 'onPullDownRefresh', []);
/** @param {ComponentInstance} page */
export const reachBottom = (page) => hook(page, 'onReachBottom', []);
/** @param {ComponentInstance} page @param {{scrollTop: number}} res */
export const pageScroll = (page, res) => hook(page, 'onPageScroll', [res]);
/** @param {ComponentInstance} page @param {{index: number, pagePath: string, text: string}} item */
export const tabItemTap = (page, item) => hook(page, 'onTabItemTap', [item]);
/** @param {ComponentInstance} page @param {{from: string, target?: unknown, webViewUrl?: string}} res @returns {unknown} the share content */
export const shareAppMessage = (page, res) => hook(page, 'onShareAppMessage', [res]);
/** @param {ComponentInstance} page */
export const shareTimeline = (page) => hook(page, 'onShareTimeline', []);
/** @param {ComponentInstance} page @param {{webViewUrl?: string}} res */
export const addToFavorites = (page, res) => hook(page, 'onAddToFavorites', [res]);

/** Whether a page implements a hook (the host shows a share menu only if onShareAppMessage exists). @param {ComponentInstance} page @param {string} name */
export function pageHas(page, name) {
  return typeof page[name] === 'function';
}

export { invokeHandler };
