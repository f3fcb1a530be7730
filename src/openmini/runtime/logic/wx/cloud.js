// `wx.cloud`: WeChat's cloud development (cloud functions, database, storage) runs on Tencent's
// servers, which this platform has no access to. `init()` works (apps call it in App.onLaunch);
// every call that would reach the cloud fails as a WeChat API fails — `fail`/`complete`
// callbacks, or a rejected Promise — with "<name>:fail cloud development is not available on
// this platform". Query builders (`database().collection(…).where(…).orderBy(…)`, `db.command`,
// `serverDate()`, `extend.AI.createModel(…)`) chain as written, so code fails at the call that
// would have gone to the cloud, never with a TypeError of ours.

import { Fail, invoke } from './call.js';

const REASON = 'cloud development is not available on this platform';

/** Methods that talk to the cloud: they take callbacks / return a Promise. */
const CALLS = new Set([
  'callFunction', 'uploadFile', 'downloadFile', 'getTempFileURL', 'deleteFile', 'callContainer', 'connectContainer',
  'get', 'add', 'update', 'set', 'remove', 'count', 'end', 'runTransaction', 'startTransaction',
  'streamText', 'generateText', 'sendMessage',
]);

/** Builders whose chain WeChat names in its errMsg ("collection.get:fail …"). */
const NAMED = /** @type {Record<string, string>} */ ({ collection: 'collection', doc: 'document', aggregate: 'aggregate' });

/** @param {string} name */
const failing = (name) => (/** @type {unknown} */ o) => invoke(name, o, () => {
  throw new Fail(REASON);
});

/**
 * `watch({onChange, onError})` hands the failure to `onError` and returns a Watcher whose
 * `close()` resolves (there is nothing to close).
 * @param {string} name
 */
const watching = (name) => (/** @type {any} */ o) => {
  if (o && typeof o.onError === 'function') Promise.resolve().then(() => o.onError({ errMsg: `${name}:fail ${REASON}` }));
  return { close: () => Promise.resolve() };
};

/**
 * A builder: any property is another builder (and can be called, giving one), except the
 * methods that would talk to the cloud.
 * @param {string} scope the name errMsgs use
 * @returns {any}
 */
function builder(scope) {
  return new Proxy(function cloudBuilder() {}, {
    get(_, key) {
      if (typeof key !== 'string' || key === 'then' || key === 'toJSON') return undefined;
      if (CALLS.has(key)) return failing(`${scope}.${key}`);
      if (key === 'watch') return watching(`${scope}.watch`);
      return builder(NAMED[key] || scope);
    },
    apply: () => builder(scope),
  });
}

/** A `wx.cloud` (or `new wx.cloud.Cloud(options)`) instance. @param {string} name */
function cloud(name) {
  /** @type {Record<string, any>} */
  const c = {
    init: () => {},
    database: () => builder('database'),
    CloudID: (/** @type {string} */ cloudID) => ({ cloudID }),
    CDN: (/** @type {unknown} */ target) => ({ target }),
    extend: builder(`${name}.extend`),
  };
  for (const api of ['callFunction', 'uploadFile', 'downloadFile', 'getTempFileURL', 'deleteFile', 'callContainer', 'connectContainer']) {
    c[api] = failing(`${name}.${api}`);
  }
  return c;
}

export const cloudApis = {
  cloud: Object.assign(cloud('cloud'), {
    /** `new wx.cloud.Cloud({resourceEnv})`: a second environment, failing the same way. */
    Cloud: function Cloud() {
      return cloud('cloud');
    },
  }),
};
