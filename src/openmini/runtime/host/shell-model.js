// What the end-user shell (shell.js) sends and shows, as plain data: the server's JSON contract
// (docs/runtime-host.md "End-user shell") on one side, launch()'s options on the other.

import { parseQuery, stringifyQuery } from './url.js';

/**
 * @typedef {{ id: string, name: string, guest: boolean }} ShellUser
 * @typedef {{ appid: string, path?: string | null, query?: string | Record<string, string> | null,
 *   scene?: string | null, env?: string | null, via?: string | null }} LinkLaunch
 * @typedef {{ runtimeBase: string, bundleBase?: string, apiBase: string, launch?: LinkLaunch | null }} ShellConfig
 * @typedef {{ appid: string, name: string, version: { id: string, userVersion: string, env: 'develop' | 'trial' | 'release' },
 *   packageBase: string, path: string, query: Record<string, string>, scene: number,
 *   domains: Record<string, string[]>, signature: string | null, publicKey: string | null }} LaunchAnswer
 */

/**
 * The config block's bases as absolute URLs: the server may write them root-relative ("/runtime/"),
 * and launch() resolves files against them with `new URL(name, base)`, which needs an absolute base.
 * @param {ShellConfig} config
 * @param {string} pageUrl
 * @returns {ShellConfig}
 */
export function absoluteConfig(config, pageUrl) {
  const abs = (/** @type {string | undefined} */ u) => (u ? new URL(u, pageUrl).href : u);
  return { ...config, runtimeBase: /** @type {string} */ (abs(config.runtimeBase)), bundleBase: abs(config.bundleBase), apiBase: /** @type {string} */ (abs(config.apiBase)) };
}

/**
 * The error text of an API answer, or null when it succeeded. The server answers errors in
 * WeChat's shape ({errcode, errmsg}); anything else that is not a JSON object is an error too.
 * @param {number} status
 * @param {any} body  the parsed JSON, or null when the body was not JSON
 */
export function apiError(status, body) {
  if (body && typeof body.errcode === 'number' && body.errcode !== 0) return `${body.errmsg || 'error'} (errcode ${body.errcode})`;
  if (status >= 400) return body && typeof body.detail === 'string' ? `${body.detail} (HTTP ${status})` : `HTTP ${status}`;
  if (!body || typeof body !== 'object') return 'the server did not answer with JSON';
  return null;
}

/**
 * The body of `POST /api/shell/launch` for a `/a/{appid}` link (the config block's `launch`).
 * The link carries its query as text ("a=1&b=2"); the API takes an object.
 * @param {LinkLaunch} link
 */
export function linkRequest(link) {
  const query = typeof link.query === 'string' ? parseQuery(link.query.replace(/^\?/, '')) : link.query || {};
  /** @type {Record<string, any>} */
  const body = { appid: link.appid, via: link.via || 'link' };
  if (link.path) body.path = link.path;
  if (Object.keys(query).length) body.query = query;
  if (link.scene) body.scene = link.scene;
  if (link.env) body.env = link.env;
  return body;
}

/**
 * The body of `POST /api/shell/launch` for wx.navigateToMiniProgram (host/mini-program.js): the
 * target's `path` may carry a query ("pages/a/a?id=1"); scene 1037.
 * @param {{ appId: string, path: string, envVersion: string }} target
 */
export function targetRequest(target) {
  const [path, query = ''] = target.path.split(/\?(.*)/s);
  return linkRequest({ appid: target.appId, path, query, env: target.envVersion, via: 'miniProgram' });
}

/**
 * launch()'s start page: the answer's path with its query. launch() decodes the query once
 * (as WeChat's navigation does), so each value is encoded once here and arrives unchanged.
 * @param {string | null | undefined} path
 * @param {Record<string, string> | null | undefined} query
 */
export function startPath(path, query) {
  const text = stringifyQuery(query || {});
  if (!path) return text ? `?${text}` : undefined;
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/**
 * launch()'s options for a launch answer.
 * @param {ShellConfig} config  with absolute bases (absoluteConfig)
 * @param {LaunchAnswer} answer
 * @param {ShellUser} user
 * @param {string} pageUrl
 * @param {(result?: { extraData?: any }) => void} onClose  the mini program closed (`result`: navigateBackMiniProgram's)
 */
export function launchOptions(config, answer, user, pageUrl, onClose) {
  return {
    runtimeBase: config.runtimeBase, bundleBase: config.bundleBase, apiBase: config.apiBase,
    packageBase: new URL(answer.packageBase, pageUrl).href,
    appId: answer.appid, user: user.id, path: startPath(answer.path, answer.query),
    scene: answer.scene, domains: answer.domains, onClose,
    // what wx.getAccountInfoSync() reports: mini programs pick their backend by envVersion, and
    // WeChat gives the version number of releases only
    envVersion: answer.version.env, version: answer.version.env === 'release' ? answer.version.userVersion : '',
  };
}

/** "1.2.0 (trial)" from the settings' or launch answer's version (an object, a string or nothing). */
export function versionText(/** @type {any} */ version) {
  if (!version) return 'not released';
  if (typeof version !== 'object') return String(version);
  const env = version.env && version.env !== 'release' ? ` (${version.env})` : '';
  return `${version.userVersion || version.id || '?'}${env}`;
}

const KINDS = /** @type {Record<string, string>} */ ({ request: 'Request', socket: 'WebSocket', upload: 'Upload', download: 'Download' });

/**
 * The settings page's domain rows, one per kind, the four WeChat kinds first and always listed.
 * @param {Record<string, string[]> | null | undefined} domains
 * @returns {[string, string[]][]}
 */
export function domainRows(domains) {
  const all = domains || {};
  const names = [...Object.keys(KINDS), ...Object.keys(all).filter((k) => !(k in KINDS))];
  return names.map((k) => [`${KINDS[k] || k} domains`, all[k] || []]);
}

/**
 * `fn` called once `ms` after the last of a burst of calls, with that call's arguments.
 * @template {any[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return (/** @type {A} */ ...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
