// wx storage: an in-memory mirror of the (user, appid) storage the host gave `init`, so the *Sync
// APIs stay synchronous; every write is persisted through the host (`storage.set/remove/clear`).
// Values keep their type as WeChat keeps it ({type: "Date", data: …}). Limits as WeChat documents
// them: 1 MB per key, 10 MB in all (DESIGN.md invariant 3: the server enforces them again).

import { Fail, invoke, sync, hostCall, typeName } from './call.js';

export const ITEM_LIMIT = 1024 * 1024;
export const TOTAL_LIMIT = 10 * 1024 * 1024;
/** This partition's quota: the platform's (`init.storageLimit`, operator-configurable), else 10 MB. */
let limit = TOTAL_LIMIT;
/** Keys that hold files of `wx.getFileSystemManager()` (fs.js); hidden from the storage API. */
export const FILE_PREFIX = '\u0001fs:';

/** @typedef {{type: string, data: any}} Stored */

/** @type {Map<string, {value: Stored, size: number}>} */
const items = new Map();
let used = 0;

const encoder = new TextEncoder();
/** UTF-8 length. @param {string} s */
export const byteLength = (s) => encoder.encode(s).length;

/** Load the mirror from `init.storage` ({key: {type, data}}) and the quota (`init.storageLimit`, bytes). @param {Record<string, Stored> | undefined} all @param {number} [quota] */
export function initStorage(all, quota) {
  limit = typeof quota === 'number' && quota > 0 ? quota : TOTAL_LIMIT;
  items.clear();
  used = 0;
  const given = all || {};
  for (const key in given) put(key, given[key]);
}

/** @param {string} key @param {Stored} value */
function put(key, value) {
  const size = byteLength(key) + byteLength(JSON.stringify(value.data) || '');
  const old = items.get(key);
  used += size - (old ? old.size : 0);
  items.set(key, { value, size });
}

/**
 * The typed form of a value, as WeChat keeps it: primitives, Date, and objects that survive
 * JSON (functions inside are dropped, as JSON.stringify drops them).
 * @param {unknown} data @returns {Stored}
 */
export function encode(data) {
  const type = typeName(data);
  if (type === 'Date') return { type, data: /** @type {Date} */ (data).getTime() };
  if (type === 'Function' || type === 'Symbol' || type === 'Bigint') throw new Fail(`parameter error: data should be JSON-serializable instead of ${type};`);
  if (type === 'Undefined') return { type, data: null };
  return { type, data: typeof data === 'object' && data !== null ? JSON.parse(JSON.stringify(data)) : data };
}

/** The value back from its typed form; objects are copies, as every WeChat read is. @param {Stored} s */
export function decode(s) {
  if (s.type === 'Date') return new Date(s.data);
  if (s.type === 'Undefined') return undefined;
  return s.data !== null && typeof s.data === 'object' ? JSON.parse(JSON.stringify(s.data)) : s.data;
}

/**
 * Write `value` at `key` in the mirror (checking the limits) and persist it. Returns the host's
 * Promise; the mirror is already updated.
 * @param {string} key @param {Stored} value
 */
export function writeRaw(key, value) {
  const size = byteLength(key) + byteLength(JSON.stringify(value.data) || '');
  if (size > ITEM_LIMIT) throw new Fail('exceed storage item max length');
  const old = items.get(key);
  if (used - (old ? old.size : 0) + size > limit) throw new Fail(`exceed storage max size ${Math.round(limit / 1048576)}Mb`);
  put(key, value);
  return persist('storage.set', { key, value });
}

/** The stored form at `key`, or undefined. @param {string} key */
export const readRaw = (key) => {
  const item = items.get(key);
  return item && item.value;
};

/** @param {string} key */
export function removeRaw(key) {
  const item = items.get(key);
  if (!item) return Promise.resolve({});
  used -= item.size;
  items.delete(key);
  return persist('storage.remove', { key });
}

/** Every raw key (files included). */
export const rawKeys = () => Array.from(items.keys());
/** Bytes used by storage and files together (they share the quota). */
export const usedBytes = () => used;

/**
 * A write the host failed to persist must not go unnoticed: the mirror already has it and a
 * *Sync caller has moved on, so it is reported on the console.
 * @param {string} api @param {Record<string, unknown>} args
 */
function persist(api, args) {
  const p = hostCall(api, args, undefined, false);
  p.catch((e) => console.error(`[openmini] ${api} was not persisted: ${e && e.errMsg}`));
  return p;
}

/** @param {unknown} key */
function checkKey(key) {
  if (typeof key !== 'string') throw new Fail(`parameter error: parameter.key should be String instead of ${typeName(key)};`);
  if (key.startsWith(FILE_PREFIX)) throw new Fail('invalid key');
  return key;
}

function setItem(/** @type {unknown} */ key, /** @type {unknown} */ data) {
  return writeRaw(checkKey(key), encode(data));
}

function getItem(/** @type {unknown} */ key) {
  const raw = readRaw(checkKey(key));
  if (!raw) throw new Fail('data not found');
  return decode(raw);
}

function removeItem(/** @type {unknown} */ key) {
  return removeRaw(checkKey(key));
}

function info() {
  const keys = [];
  let size = 0;
  for (const [key, item] of items) {
    if (key.startsWith(FILE_PREFIX)) continue;
    keys.push(key);
    size += item.size;
  }
  return { keys, currentSize: Math.ceil(size / 1024), limitSize: Math.floor(limit / 1024) };
}

/** Remove every developer key one by one (files stay), persisting each removal. */
function clearKeys() {
  const keys = rawKeys().filter((k) => !k.startsWith(FILE_PREFIX));
  if (keys.length === rawKeys().length) {
    initStorage({});
    return persist('storage.clear', {});
  }
  return Promise.all(keys.map(removeRaw));
}

export const storageApis = {
  setStorageSync: (/** @type {unknown} */ key, /** @type {unknown} */ data) => sync('setStorageSync', () => {
    setItem(key, data);
  }),
  getStorageSync: (/** @type {unknown} */ key) => sync('getStorageSync', () => {
    const raw = readRaw(checkKey(key));
    // WeChat's getStorageSync gives "" for a missing key instead of failing.
    return raw ? decode(raw) : '';
  }),
  removeStorageSync: (/** @type {unknown} */ key) => sync('removeStorageSync', () => {
    removeItem(key);
  }),
  clearStorageSync: () => sync('clearStorageSync', () => {
    clearKeys();
  }),
  getStorageInfoSync: () => sync('getStorageInfoSync', info),
  setStorage: (/** @type {any} */ o) => invoke('setStorage', o, (o) => setItem(o.key, o.data).then(() => ({}))),
  getStorage: (/** @type {any} */ o) => invoke('getStorage', o, (o) => ({ data: getItem(o.key) })),
  removeStorage: (/** @type {any} */ o) => invoke('removeStorage', o, (o) => removeItem(o.key).then(() => ({}))),
  clearStorage: (/** @type {any} */ o) => invoke('clearStorage', o, () => Promise.resolve(clearKeys()).then(() => ({}))),
  getStorageInfo: (/** @type {any} */ o) => invoke('getStorageInfo', o, info),
  batchSetStorageSync: (/** @type {{key: string, value: unknown}[]} */ list) => sync('batchSetStorageSync', () => {
    for (const kv of list) setItem(kv.key, kv.value);
  }),
  batchGetStorageSync: (/** @type {string[]} */ keys) => sync('batchGetStorageSync', () => keys.map((k) => storageApis.getStorageSync(k))),
  batchSetStorage: (/** @type {any} */ o) => invoke('batchSetStorage', o, (o) => Promise.all(o.kvList.map((/** @type {any} */ kv) => setItem(kv.key, kv.value))).then(() => ({})), 'kvList:Array'),
  batchGetStorage: (/** @type {any} */ o) => invoke('batchGetStorage', o, (o) => ({ dataList: o.keyList.map(storageApis.getStorageSync) }), 'keyList:Array'),
};
