// wx.request / uploadFile / downloadFile / connectSocket, performed by the host through the
// platform API (the worker has no network). WeChat's rules: 10 concurrent transfers (more wait in
// a queue), 5 sockets, a timeout from app.json `networkTimeout` (default and max 60 s), https/wss
// only and only to registered domains.

import { fail } from './args.js';
import { stringifyQuery } from './url.js';

export const MAX_TRANSFERS = 10;
export const MAX_SOCKETS = 5;
export const DEFAULT_TIMEOUT = 60000;

/** A counting semaphore: `run(fn)` waits for a free slot. */
export class Slots {
  constructor(/** @type {number} */ size) {
    this.free = size;
    /** @type {(() => void)[]} */
    this.waiting = [];
  }

  /** @template T @param {() => Promise<T>} fn @returns {Promise<T>} */
  async run(fn) {
    if (this.free > 0) this.free--;
    else await new Promise((resolve) => this.waiting.push(() => resolve(undefined)));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/**
 * The timeout of a transfer: the call's `timeout`, else app.json `networkTimeout[kind]`, else 60 s.
 * @param {unknown} given @param {Record<string, number> | undefined} config @param {string} kind
 */
export function timeoutFor(given, config, kind) {
  if (typeof given === 'number' && given > 0) return given;
  const t = config && config[kind];
  return typeof t === 'number' && t > 0 ? t : DEFAULT_TIMEOUT;
}

/**
 * Check a URL against the scheme and, when known, the registered domains (the platform server
 * checks again). `domains` null means the server alone decides (the dev server may allow more).
 * @param {string} api @param {unknown} url @param {string} scheme "https:" or "wss:"
 * @param {string[] | null | undefined} domains  host names ("api.example.com", "example.com:8443")
 */
export function checkUrl(api, url, scheme, domains) {
  if (typeof url !== 'string') fail(api, `parameter error: parameter.url should be String instead of ${url === undefined ? 'Undefined' : typeof url};`);
  let parsed;
  try {
    parsed = new URL(/** @type {string} */ (url));
  } catch {
    return fail(api, `invalid url "${url}"`);
  }
  if (domains) {
    if (parsed.protocol !== scheme) fail(api, `url not in domain list`);
    if (!domains.includes(parsed.host) && !domains.includes(parsed.hostname)) fail(api, 'url not in domain list');
  }
  return parsed;
}

/**
 * What WeChat sends for `data`: GET puts an object in the query string; other methods send a
 * string as is, JSON for an object with a JSON content type, and a form for
 * `application/x-www-form-urlencoded`.
 * @param {string} url @param {string} method @param {Record<string, string>} header @param {unknown} data
 * @returns {{ url: string, body: string | ArrayBuffer | undefined }}
 */
export function encodeRequest(url, method, header, data) {
  if (data === undefined || data === null) return { url, body: undefined };
  if (data instanceof ArrayBuffer) return { url, body: data };
  if (method === 'GET') {
    const q = typeof data === 'string' ? data : stringifyQuery(/** @type {any} */ (data));
    return { url: q ? `${url}${url.includes('?') ? '&' : '?'}${q}` : url, body: undefined };
  }
  if (typeof data === 'string') return { url, body: data };
  let type = '';
  for (const k in header) if (k.toLowerCase() === 'content-type') type = String(header[k]);
  if (type.includes('application/x-www-form-urlencoded')) return { url, body: stringifyQuery(/** @type {any} */ (data)) };
  return { url, body: JSON.stringify(data) };
}

/** ArrayBuffer ↔ base64 (the platform API carries binary bodies as base64 in JSON). */
export function toBase64(/** @type {ArrayBuffer} */ buf) {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, /** @type {any} */ (bytes.subarray(i, i + 0x8000)));
  return btoa(s);
}

export function fromBase64(/** @type {string} */ text) {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes.buffer;
}

/** The response `data` as WeChat gives it: parsed JSON when asked and possible, else the text. */
export function decodeResponse(/** @type {any} */ data, /** @type {string} */ dataType, /** @type {string} */ responseType) {
  if (responseType === 'arraybuffer') return typeof data === 'string' ? fromBase64(data) : new ArrayBuffer(0);
  if (dataType === 'json' && typeof data === 'string') {
    try {
      return JSON.parse(data);
    } catch {
      return data;
    }
  }
  return data;
}
