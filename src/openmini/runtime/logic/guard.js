// Guards around developer code in the worker.
//
// * Errors. The package bundles are cross-origin to the worker (its origin is opaque), so an
//   exception escaping developer code to the global handler arrives muted ("Script error.", no
//   stack), and a promise rejected by such code fires no `unhandledrejection` at all. So the
//   entry points developer code reaches asynchronously catch for themselves: timer callbacks,
//   microtasks, animation frames, promise reactions (`then`/`catch`/`finally` callbacks), and
//   promises returned by lifetimes and handlers (hooks.js safeCall).
// * Floods (DESIGN.md invariant 8). `console` / `error` messages are budgeted per second and
//   the rest counted in one "dropped" line, so `for (;;) console.log(x)` cannot bury the host.

/** @typedef {(error: unknown, where?: string) => void} Report */

/**
 * Wrap the scope's timers and promise reactions so that what developer code throws in them is
 * reported with its message, stack and file:line (`report`) instead of a muted global error.
 * A throwing `then` callback rejects its derived promise as usual; it is reported as an
 * unhandled rejection (`rejected`) when nothing observes that promise by the next task.
 * @param {any} scope the worker's global @param {Report} report @param {(reason: unknown, promise: unknown) => void} rejected
 */
export function guardAsync(scope, report, rejected) {
  /** @param {any} fn @param {string} where */
  const guard = (fn, where) => typeof fn !== 'function' ? fn : function (/** @type {any[]} */ ...args) {
    try {
      // @ts-expect-error -- developer callback, any receiver
      return fn.apply(this, args);
    } catch (error) {
      report(error, where);
    }
  };
  for (const name of ['setTimeout', 'setInterval', 'requestAnimationFrame', 'queueMicrotask', 'requestIdleCallback']) {
    const original = scope[name];
    if (typeof original !== 'function') continue;
    const bound = original.bind(scope);
    scope[name] = (/** @type {any} */ fn, /** @type {any[]} */ ...rest) => bound(guard(fn, name), ...rest);
  }

  const P = scope.Promise;
  if (!P || P.prototype.then.guarded) return { seen() {} };
  const proto = P.prototype;
  const then = proto.then;
  /** Promises something awaited, chained or resolved with (their `constructor` was read). */
  const observed = new WeakSet();
  /** Derived promises rejected by a throwing callback, not yet observed. @type {Map<any, unknown>} */
  const pending = new Map();
  let timer = false;
  // `await p`, `Promise.resolve(p)` and `then` all read `p.constructor` (PromiseResolve,
  // SpeciesConstructor): reading it marks the promise as handled.
  Object.defineProperty(proto, 'constructor', {
    configurable: true,
    get() {
      if (this !== proto) {
        observed.add(this);
        pending.delete(this);
      }
      return P;
    },
    set(v) {
      Object.defineProperty(this, 'constructor', { value: v, writable: true, configurable: true });
    },
  });
  const check = () => {
    timer = false;
    const list = Array.from(pending);
    pending.clear();
    for (const [promise, reason] of list) if (!observed.has(promise)) rejected(reason, promise);
  };
  // biome-ignore lint/suspicious/noThenProperty: the tracker wraps Promise.prototype.then itself
  proto.then = function (/** @type {any} */ onFulfilled, /** @type {any} */ onRejected) {
    /** @type {{p: any}} */
    const box = { p: null };
    /** @param {any} fn */
    const wrap = (fn) => typeof fn !== 'function' ? fn : (/** @type {unknown} */ v) => {
      try {
        return fn(v);
      } catch (error) {
        if (box.p && !observed.has(box.p)) {
          pending.set(box.p, error);
          if (!timer) {
            timer = true;
            scope.setTimeout(check, 0);
          }
        }
        throw error;
      }
    };
    box.p = then.call(this, wrap(onFulfilled), wrap(onRejected));
    return box.p;
  };
  proto.then.guarded = true;
  /** Rejections the browser reports itself (not muted) are not reported again. */
  return {
    /** @param {unknown} promise */
    seen(promise) {
      observed.add(/** @type {object} */ (promise));
      pending.delete(promise);
    },
  };
}

/**
 * A budget for messages forwarded to the host: at most `limit` per second; the rest are counted
 * and reported as one line when the next second starts (or by a timer, when output stops).
 * @param {(msg: Record<string, any>) => void} post @param {number} limit
 * @param {() => number} [now] @param {(fn: () => void, ms: number) => unknown} [later]
 */
export function messageBudget(post, limit, now = Date.now, later = setTimeout) {
  let start = 0;
  let sent = 0;
  let dropped = 0;
  let timer = false;
  const flush = () => {
    if (!dropped) return;
    post({ t: 'console', level: 'warn', args: [`[openmini] ${dropped} console/error messages dropped (over ${limit} per second)`], where: '' });
    dropped = 0;
  };
  /** @param {Record<string, any>} msg */
  return (msg) => {
    const t = now();
    if (t - start >= 1000) {
      flush();
      start = t;
      sent = 0;
    }
    if (sent < limit) {
      sent++;
      post(msg);
      return;
    }
    dropped++;
    if (!timer) arm(1000 - (t - start) + 1);
  };
  /** When output stops, the count still gets out. @param {number} ms */
  function arm(ms) {
    timer = true;
    later(() => {
      timer = false;
      const left = 1000 - (now() - start);
      if (left <= 0) flush();
      else if (dropped) arm(left + 1);
    }, ms);
  }
}
