// The machinery every wx API shares: WeChat's callback/Promise convention and errMsg shape,
// parameter checks worded as WeChat words them, calls the host performs (`call` → `reply`),
// and `notify` listeners (docs/runtime-protocol.md, docs/runtime-host.md).

import { safeCall } from '../hooks.js';

/** @typedef {Record<string, any>} Obj */
/** @typedef {{postMessage(msg: any, transfer?: any[]): void}} Port */

/** @type {Port | null} */
let port = null;
let nextId = 1;
/** @type {Map<number, {resolve: (v: any) => void, reject: (e: any) => void, limited?: boolean}>} */
const pending = new Map();
/** Pending calls counted against MAX_PENDING. */
let counted = 0;
/** @type {Map<string, Set<Function>>} */
const listeners = new Map();

/**
 * The render layer's API (render/index.js: callWidget, createSelectorQuery…), set by the worker;
 * wx APIs that reach into a page (video/canvas contexts, selector queries) go through it.
 * @type {{render: any}}
 */
export const bridge = { render: null };

/** Use `p` (the control port) for everything the host performs. @param {Port | null} p */
export function connect(p) {
  port = p;
}

/** Post a message on the control port. @param {Obj} msg */
export function post(msg) {
  if (port) port.postMessage(msg);
}

/**
 * A failure with WeChat's errMsg. `reason` is what follows `"<api>:fail "`.
 * Thrown inside API implementations; `settle` turns it into `{errMsg}`.
 */
export class Fail {
  /** @param {string} reason */
  constructor(reason) {
    this.reason = reason;
  }
}

/** The type name WeChat's parameter errors use ("String", "Undefined", "Array"...). @param {unknown} v */
export function typeName(v) {
  if (v === null) return 'Null';
  const t = typeof v;
  // The tag, not instanceof: values may come from another realm (and "Date", "ArrayBuffer" count).
  if (t === 'object') return Object.prototype.toString.call(v).slice(8, -1);
  return t[0].toUpperCase() + t.slice(1);
}

/**
 * Check `o` against `spec` ("url:String,delta?:Number": optional names end in "?"; types may be
 * alternatives "String|ArrayBuffer"). Throws the first mismatch as WeChat words it.
 * @param {Obj} o @param {string} spec
 */
export function check(o, spec) {
  if (!spec) return;
  const parts = spec.split(',');
  for (let i = 0; i < parts.length; i++) {
    const [key, types] = parts[i].split(':');
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const v = o[name];
    if (optional && v == null) continue;
    const got = typeName(v);
    if (!types.split('|').includes(got)) {
      throw new Fail(`parameter error: parameter.${name} should be ${types} instead of ${got};`);
    }
  }
}

/** `{errMsg: "name:fail reason"}` from whatever an implementation threw. @param {string} name @param {unknown} e */
export function failure(name, e) {
  if (e instanceof Fail) return { errMsg: `${name}:fail ${e.reason}` };
  const msg = e && typeof e === 'object' && 'errMsg' in e ? String(/** @type {Obj} */ (e).errMsg) : e instanceof Error ? e.message : String(e);
  // The host names its own api ("storage.set:fail x"); the developer sees the wx name.
  const colon = msg.indexOf(':fail');
  /** @type {Obj} */
  const res = e && typeof e === 'object' && !(e instanceof Error) ? { ...e } : {};
  res.errMsg = `${name}:fail${colon >= 0 ? msg.slice(colon + 5) : ` ${msg}`}`;
  return res;
}

/** Callbacks given in `o`? WeChat returns a Promise only when there are none. @param {Obj} o */
export const hasCallbacks = (o) => !!(o.success || o.fail || o.complete);

/**
 * Run an async API: `run(o)` returns the result (or a Promise of it) or throws. Calls
 * success/fail/complete (exceptions in them go to App.onError, as WeChat reports them) and
 * returns a Promise when `o` has no callbacks, as WeChat does since base library 2.10.2.
 * @param {string} name @param {unknown} options @param {(o: Obj) => any} run @param {string} [spec]
 */
export function invoke(name, options, run, spec) {
  const o = /** @type {Obj} */ (options == null ? {} : options);
  const p = new Promise((resolve) => {
    if (typeof o !== 'object') throw new Fail(`parameter error: parameter should be Object instead of ${typeName(o)};`);
    if (spec) check(o, spec);
    resolve(run(o));
  }).then(
    (res) => {
      const out = res && typeof res === 'object' ? res : {};
      out.errMsg = `${name}:ok`;
      if (typeof o.success === 'function') safeCall(o.success, o, [out], `wx.${name} success`);
      if (typeof o.complete === 'function') safeCall(o.complete, o, [out], `wx.${name} complete`);
      return out;
    },
    (e) => {
      const res = failure(name, e);
      if (typeof o.fail === 'function') safeCall(o.fail, o, [res], `wx.${name} fail`);
      if (typeof o.complete === 'function') safeCall(o.complete, o, [res], `wx.${name} complete`);
      throw res;
    },
  );
  if (o && typeof o === 'object' && hasCallbacks(o)) {
    p.catch(noop);
    return undefined;
  }
  return p;
}

export function noop() {}

/** Call a developer listener with the exception isolated. @param {Function} fn @param {unknown} arg @param {string} where */
export const safeListener = (fn, arg, where) => safeCall(fn, null, [arg], where);

/**
 * Run a synchronous API: WeChat throws an Error whose message is the errMsg.
 * @template T @param {string} name @param {() => T} run @returns {T}
 */
export function sync(name, run) {
  try {
    return run();
  } catch (e) {
    const err = new Error(failure(name, e).errMsg);
    /** @type {any} */ (err).errMsg = err.message;
    throw err;
  }
}

/** The args a `call` carries: the developer's object without its callbacks. @param {Obj} o */
export function strip(o) {
  /** @type {Obj} */
  const args = {};
  for (const k in o) if (typeof o[k] !== 'function') args[k] = o[k];
  return args;
}

/**
 * Ask the host to perform `api`. Resolves with the reply's result, rejects with `{errMsg}`.
 * `id` lets tasks choose their id first (the call id names the task). `limited: false` (storage
 * persistence, which must never be lost) is not counted against MAX_PENDING.
 * @param {string} api @param {Obj} [args] @param {number} [id] @param {boolean} [limited]
 * @returns {Promise<Obj>}
 */
export function hostCall(api, args = {}, id = newId(), limited = true) {
  return new Promise((resolve, reject) => {
    if (!port) throw new Fail('the host is not connected');
    // DESIGN.md invariant 8: a loop of API calls cannot queue unbounded work in the host
    if (limited && counted >= MAX_PENDING) throw new Fail('too many pending calls');
    if (limited) counted++;
    pending.set(id, { resolve, reject, limited });
    port.postMessage({ t: 'call', id, api, args });
  });
}

/** Host calls in flight at most (the host answers each; a flood beyond this fails at once). */
export const MAX_PENDING = 100;

/** A fresh call/task id. */
export const newId = () => nextId++;

/** The host answered a call. @param {{id: number, ok: boolean, result?: Obj, errMsg?: string}} msg */
export function onReply(msg) {
  const entry = pending.get(msg.id);
  if (!entry) return;
  forget(msg.id);
  if (msg.ok) entry.resolve(msg.result || {});
  else entry.reject({ errMsg: msg.errMsg || 'fail' });
}

/** Forget a pending call (a task timed out or was aborted here first). @param {number} id */
export const dropCall = (id) => forget(id);

/** @param {number} id */
function forget(id) {
  const entry = pending.get(id);
  if (entry && entry.limited) counted--;
  return pending.delete(id);
}

/** Add a listener for `notify` name (and for the worker's own events: appShow, error...). @param {string} name @param {unknown} fn */
export function listen(name, fn) {
  if (typeof fn !== 'function') return;
  let set = listeners.get(name);
  if (!set) listeners.set(name, (set = new Set()));
  set.add(fn);
}

/** Remove one listener, or all of them when `fn` is not given (WeChat's off* without an argument). @param {string} name @param {unknown} [fn] */
export function unlisten(name, fn) {
  const set = listeners.get(name);
  if (!set) return;
  if (typeof fn === 'function') set.delete(fn);
  else set.clear();
}

/** Call every listener of `name`. Returns how many there were. @param {string} name @param {unknown[]} args */
export function emit(name, args) {
  const set = listeners.get(name);
  if (!set || !set.size) return 0;
  for (const fn of Array.from(set)) safeCall(fn, null, args, `wx.on${name[0].toUpperCase()}${name.slice(1)} listener`);
  return set.size;
}

/** `onX` / `offX` pairs for the listener `name`. @param {string} name */
export function onOff(name) {
  return [(/** @type {unknown} */ fn) => listen(name, fn), (/** @type {unknown} */ fn) => unlisten(name, fn)];
}

/** Task id → handler of its `notify` "task" events (network tasks, audio). @type {Map<number, (ev: Obj) => void>} */
const tasks = new Map();

/** Route task events of `id` to `handler` (null: forget the task). @param {number} id @param {((ev: Obj) => void) | null} handler */
export function registerTask(id, handler) {
  if (handler) tasks.set(id, handler);
  else tasks.delete(id);
}

/** A `notify` "task" payload {id, type, …}. @param {Obj} ev */
export function onTaskEvent(ev) {
  const handler = ev && tasks.get(ev.id);
  if (handler) handler(ev);
}

/** Forget pending calls and listeners (tests). */
export function resetCalls() {
  pending.clear();
  counted = 0;
  listeners.clear();
  tasks.clear();
  port = null;
}
