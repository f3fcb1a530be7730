// What the realms that run developer code share: the logic worker and `wx.createWorker`'s
// threads (thread.js). Both remove the network before developer code runs (DESIGN.md
// invariant 2), report errors at a module's file:line, and forward console arguments as text.

/** Global names that reach the network (or start a realm that could); removed before developer code runs. */
export const NETWORK = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'WebTransport', 'Worker', 'SharedWorker', 'caches'];

/** Remove every network primitive from `scope` and its prototype chain. @param {any} scope */
export function removeNetwork(scope) {
  for (const name of NETWORK) {
    for (let o = scope; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      if (Object.hasOwn(o, name)) delete o[name];
    }
    // A property that refused deletion is shadowed by an undefined one that cannot change.
    if (scope[name] !== undefined) Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false });
  }
}

/**
 * Where each module starts in the bundles under `base` (the compiler joins modules into one file,
 * each starting on a line of its own), to turn a stack frame in a bundle into the module's file:line.
 */
export class ModuleLines {
  /** @param {string} base a URL prefix every bundle shares */
  constructor(base) {
    this.base = base;
    /** bundle URL → [start line, module id] @type {Map<string, [number, string][]>} */
    this.starts = new Map();
  }

  /** `url:line` of the first stack frame inside a bundle, or null. @param {string | undefined} stack */
  frame(stack) {
    if (!stack || !this.base) return null;
    for (const line of stack.split('\n')) {
      const m = /(\S+?):(\d+):\d+\)?\s*$/.exec(line);
      const url = m && m[1].replace(/^.*?\(/, '');
      if (m && url && url.startsWith(this.base)) return { url, line: +m[2] };
    }
    return null;
  }

  /** Module `id` is being defined by the code whose stack this is. @param {string} id @param {string | undefined} stack */
  record(id, stack) {
    const f = this.frame(stack);
    if (!f) return;
    let list = this.starts.get(f.url);
    if (!list) this.starts.set(f.url, (list = []));
    list.push([f.line, id]);
  }

  /** The module file and line a stack points at, or null. @param {string | undefined} stack */
  locate(stack) {
    const f = this.frame(stack);
    const list = f && this.starts.get(f.url);
    if (!f || !list) return null;
    let best = null;
    for (const entry of list) if (entry[0] <= f.line && (!best || entry[0] > best[0])) best = entry;
    return best ? { file: best[1], line: f.line - best[0] + 1 } : null;
  }
}

/** An Error, from this realm or another. @param {any} v */
export const isError = (v) => Object.prototype.toString.call(v) === '[object Error]';

/** An error's message, or WeChat's errMsg, or the thrown value as text. @param {any} v */
export const messageOf = (v) => (isError(v) ? v.message : v && v.errMsg ? v.errMsg : String(v));

/** Format a console argument as the host shows it. @param {any} v */
export function text(v) {
  if (typeof v === 'string') return v;
  if (isError(v)) return v.stack || `${v.name}: ${v.message}`;
  if (typeof v === 'function') return `ƒ ${v.name || 'anonymous'}()`;
  if (typeof v !== 'object' || v === null) return String(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 10000 ? `${s.slice(0, 10000)}…` : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
}
