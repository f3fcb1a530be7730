// The WeChat APIs openmini does not implement fail clearly, never with a TypeError
// ("wx.getWeRunData is not a function"): async APIs fail "<name>:fail not supported" through
// fail/complete or the Promise, `…Sync` ones throw an Error with that message, `create…` /
// `get…Manager` return an object whose methods fail that way, and `on…`/`off…` register
// listeners that never fire. `wx.canIUse` is false for all of them.
// The list of names is the compiler's (compiler/check/unsupported_apis.txt): the manifest's
// `unsupportedApis` holds the ones the package's code references, and only those are installed,
// so the worker does not carry the whole list (docs/runtime-wx.md "Unsupported APIs").

import { Fail, invoke, noop, onOff, sync } from './call.js';

/** Names installed as unsupported (for canIUse). */
export const unsupported = new Set();

/** @param {string} name */
const failing = (name) => (/** @type {unknown} */ o) => invoke(name, o, unavailable);

const unavailable = () => {
  throw new Fail('not supported');
};

/**
 * A method of an unsupported object. Some take a bare callback rather than an options object
 * (`VKSession.start(callback)`): it gets the failure, instead of a "parameter error" rejection
 * that nothing catches.
 * @param {string} name
 */
const failingMethod = (name) => (/** @type {unknown} */ o) => {
  if (typeof o !== 'function') return failing(name)(o);
  o({ errMsg: `${name}:fail not supported` });
  return undefined;
};

/**
 * An object (a context, manager or task) whose methods fail: `on…`/`off…` (and `on(name, fn)` /
 * `off(name, fn)` of event-emitter objects such as VKSession) accept listeners, other methods
 * fail like an async API; plain properties can be set and read back. `onCameraFrame` gives
 * WeChat's CameraFrameListener, whose `start`/`stop` fail in turn.
 */
function failingObject() {
  /** @type {Record<string | symbol, unknown>} */
  const own = {};
  return new Proxy(own, {
    get(target, key) {
      if (key in target || typeof key !== 'string' || key === 'then' || key === 'toJSON') return target[key];
      if (key === 'onCameraFrame') return failingObject;
      return /^(on|off)([A-Z]|$)/.test(key) ? noop : failingMethod(key);
    },
  });
}

/**
 * Install the unsupported APIs `names` (the manifest's `unsupportedApis`) that `wx` does not have.
 * @param {Record<string, any>} wx @param {string[]} names
 */
export function addUnsupported(wx, names) {
  for (const name of names) {
    if (wx[name] !== undefined) continue;
    const on = /^(on|off)([A-Z].*)/.exec(name);
    if (on) wx[name] = onOff(on[2][0].toLowerCase() + on[2].slice(1))[on[1] === 'on' ? 0 : 1];
    else if (name.endsWith('Sync')) wx[name] = () => sync(name, unavailable);
    else if (/^create|^get\w*(Manager|Adapter|System)$/.test(name)) wx[name] = failingObject;
    else wx[name] = failing(name);
    unsupported.add(name);
  }
}
