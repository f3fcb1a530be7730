/**
 * `App({...})`, `getApp()` and the app controller the host calls:
 *   launchApp(options) → onLaunch(options), onShow(options);
 *   showApp / hideApp on foreground / background;
 *   appError, pageNotFound, unhandledRejection, themeChange.
 * The app object is the definition object itself (WeChat keeps custom fields
 * and methods on it, e.g. `getApp().globalData`).
 */

import { hooks, safeCall } from './hooks.js';

/** @type {Record<string, any> | null} */
let app = null;
let registered = false;

/**
 * The `App()` constructor mini program code calls (once, in app.js).
 * @param {Record<string, any>} definition
 */
export function App(definition) {
  if (registered) {
    hooks.warn('App() was called more than once; only the first call counts');
    return;
  }
  registered = true;
  const def = definition || {};
  // getApp({allowDefault: true}) may have handed out a default object already:
  // keep that object (callers hold it) and merge the definition into it
  if (!app) app = {};
  for (const key in def) app[key] = def[key];
}

/**
 * `getApp()`: the app instance, or undefined before App() ran — unless
 * `allowDefault` asks for a placeholder that App() later fills in.
 * @param {{allowDefault?: boolean}} [options]
 */
export function getApp(options) {
  if (!app && options && options.allowDefault) app = {};
  return registered || (options && options.allowDefault) ? app : undefined;
}

/** Forget the app (tests; a new launch of another package). */
export function resetApp() {
  app = null;
  registered = false;
}

/** @param {string} name @param {unknown[]} args */
function hook(name, args) {
  if (!app) return undefined;
  const fn = app[name];
  return typeof fn === 'function' ? safeCall(fn, app, args, `App.${name}`, null) : undefined;
}

/**
 * @typedef {{path: string, query: Record<string, string>, scene: number,
 *   referrerInfo?: {appId?: string, extraData?: unknown}, shareTicket?: string}} LaunchOptions
 */

/** Host hook: cold start. @param {LaunchOptions} options */
export function launchApp(options) {
  hook('onLaunch', [options]);
  hook('onShow', [options]);
}

/** Host hook: back to foreground. @param {LaunchOptions} options */
export const showApp = (options) => hook('onShow', [options]);
/** Host hook: to background. */
export const hideApp = () => hook('onHide', []);
/** Host hook: a script error (message with stack, as WeChat passes it). @param {unknown} error */
export function appError(error) {
  const message = error instanceof Error ? `${error.message}\n${error.stack || ''}` : String(error);
  if (!app || typeof app.onError !== 'function') return false;
  hook('onError', [message]);
  return true;
}
/** Host hook: launch target page missing. @param {{path: string, query: Record<string, string>, isEntryPage: boolean}} res */
export const pageNotFound = (res) => hook('onPageNotFound', [res]);
/** Host hook. @param {{reason: unknown, promise: unknown}} res */
export const unhandledRejection = (res) => hook('onUnhandledRejection', [res]);
/** Host hook. @param {{theme: 'light' | 'dark'}} res */
export const themeChange = (res) => hook('onThemeChange', [res]);
