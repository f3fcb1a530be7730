// The platform-backed APIs: storage, request, uploadFile, downloadFile, sockets, all through the
// platform's API (api/*, which checks the domain lists again). Loaded on the first call that needs
// them (host/index.js).

import { ApiError, fail } from './args.js';
import {
  checkUrl, decodeResponse, encodeRequest, MAX_SOCKETS, MAX_TRANSFERS, Slots, timeoutFor, toBase64,
} from './network.js';

/**
 * @typedef {{
 *   apiBase: string, appId: string, manifest: any, domains?: Record<string, string[]> | null,
 *   notify(name: string, payload: any): void,
 *   files: import('./files.js').Files,
 *   log(entry: Record<string, any>): void,
 *   storage: Record<string, any>,
 *   storageChanged(): void,
 * }} BrokerContext
 */

/** @typedef {import('./broker.js').Handler} Handler */

/**
 * @param {BrokerContext} ctx
 * @returns {{ handlers: Record<string, Handler>, close(): void }}  close: abort transfers, close sockets
 */
export function platformApis(ctx) {
  const base = ctx.apiBase;
  const appid = encodeURIComponent(ctx.appId);
  const url = (/** @type {string} */ path, extra = '') => new URL(`${path}?appid=${appid}${extra}`, base).href;
  const timeouts = ctx.manifest.app.networkTimeout;
  const domains = ctx.domains || null;
  const slots = new Slots(MAX_TRANSFERS);
  /** @type {Map<number, (reason: string) => void>} abort functions of running transfers */
  const aborts = new Map();
  /** @type {Map<number, WebSocket>} */
  const sockets = new Map();

  /** Throw the platform's errMsg (already "<api>:fail …", or made so). @param {string} api @param {Response} res */
  async function failed(api, res) {
    let msg = '';
    try {
      msg = (await res.json()).errMsg || '';
    } catch {}
    if (!msg.startsWith(`${api}:`)) msg = `${api}:fail ${msg || `HTTP ${res.status}`}`;
    throw new ApiError(msg);
  }

  /**
   * One transfer through the platform API, with the timeout and `task.abort`.
   * @param {string} api @param {number} id @param {number} timeout
   * @param {(signal: AbortSignal) => Promise<any>} send
   */
  function transfer(api, id, timeout, send) {
    return slots.run(async () => {
      const ctl = new AbortController();
      let reason = 'abort';
      const stop = (/** @type {string} */ why) => {
        reason = why;
        ctl.abort();
      };
      aborts.set(id, stop);
      const timer = setTimeout(() => stop('timeout'), timeout);
      try {
        return await send(ctl.signal);
      } catch (error) {
        if (ctl.signal.aborted) fail(api, reason);
        throw error instanceof ApiError ? error : new ApiError(`${api}:fail ${/** @type {Error} */ (error).message}`);
      } finally {
        clearTimeout(timer);
        aborts.delete(id);
      }
    });
  }

  /** @param {string} api @param {string} path @param {any} body @param {AbortSignal} signal */
  async function postJson(api, path, body, signal) {
    const res = await fetch(url(path), { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal });
    if (!res.ok) await failed(api, res);
    return res.json();
  }

  /** @param {string} api @param {Record<string, any>} entry @param {number} start */
  const logged = (api, entry, start) => (/** @type {any} */ r) => {
    ctx.log({ api, ...entry, status: r && r.statusCode, ms: Math.round(performance.now() - start) });
    return r;
  };

  /** @type {Record<string, Handler>} */
  const handlers = {
    async 'storage.set'(args) {
      const res = await fetch(url('storage'), { method: 'PUT', body: JSON.stringify({ key: args.key, value: args.value }), headers: { 'content-type': 'application/json' } });
      if (!res.ok) await failed('storage.set', res);
      ctx.storage[args.key] = args.value;
      ctx.storageChanged();
    },
    async 'storage.remove'(args) {
      const res = await fetch(url('storage', `&key=${encodeURIComponent(args.key)}`), { method: 'DELETE' });
      if (!res.ok) await failed('storage.remove', res);
      delete ctx.storage[args.key];
      ctx.storageChanged();
    },
    async 'storage.clear'() {
      const res = await fetch(url('storage'), { method: 'DELETE' });
      if (!res.ok) await failed('storage.clear', res);
      for (const k in ctx.storage) delete ctx.storage[k];
      ctx.storageChanged();
    },

    request(args, { id }) {
      const api = 'request';
      checkUrl(api, args.url, 'https:', domains && domains.request);
      const method = String(args.method || 'GET').toUpperCase();
      const header = args.header || {};
      const dataType = args.dataType || 'json';
      const responseType = args.responseType || 'text';
      const timeout = timeoutFor(args.timeout, timeouts, 'request');
      const { url: target, body } = encodeRequest(args.url, method, header, args.data);
      /** @type {Record<string, any>} */
      const payload = { url: target, method, header, timeout, responseType };
      if (body instanceof ArrayBuffer) {
        payload.data = toBase64(body);
        payload.dataType = 'base64';
      } else if (body !== undefined) payload.data = body;
      const start = performance.now();
      return transfer(api, id, timeout, (signal) => postJson(api, 'request', payload, signal))
        .then((r) => ({ data: decodeResponse(r.data, dataType, responseType), statusCode: r.statusCode, header: r.header || {}, cookies: r.cookies || [] }))
        .then(logged(api, { method, url: target }, start), (e) => {
          ctx.log({ api, method, url: target, error: e.message });
          throw e;
        });
    },

    uploadFile(args, { id }) {
      const api = 'uploadFile';
      checkUrl(api, args.url, 'https:', domains && domains.uploadFile);
      const file = ctx.files.get(args.filePath);
      if (!file) fail(api, `file not found: ${args.filePath}`);
      const form = new FormData();
      form.append('url', args.url);
      form.append('name', args.name || 'file');
      form.append('formData', JSON.stringify(args.formData || {}));
      form.append('header', JSON.stringify(args.header || {}));
      form.append('file', /** @type {Blob} */ (file), ctx.files.name(args.filePath));
      const start = performance.now();
      return transfer(api, id, timeoutFor(args.timeout, timeouts, 'uploadFile'), (signal) => new Promise((resolve, reject) => {
        // XHR, not fetch: it reports upload progress (UploadTask.onProgressUpdate).
        const xhr = new XMLHttpRequest();
        xhr.open('POST', url('upload'));
        xhr.upload.onprogress = (e) => ctx.notify('task', {
          id, type: 'progressUpdate', progress: e.total ? Math.round((e.loaded / e.total) * 100) : 0,
          totalBytesSent: e.loaded, totalBytesExpectedToSend: e.total,
        });
        xhr.onload = () => {
          let body = null;
          try {
            body = JSON.parse(xhr.responseText);
          } catch {}
          if (xhr.status >= 200 && xhr.status < 300 && body) resolve({ data: body.data, statusCode: body.statusCode });
          else reject(new ApiError(body && body.errMsg ? body.errMsg : `${api}:fail HTTP ${xhr.status}`));
        };
        xhr.onerror = () => reject(new ApiError(`${api}:fail network error`));
        signal.addEventListener('abort', () => {
          xhr.abort();
          reject(new ApiError(`${api}:fail abort`));
        });
        xhr.send(form);
      })).then(logged(api, { method: 'POST', url: args.url }, start));
    },

    downloadFile(args, { id }) {
      const api = 'downloadFile';
      checkUrl(api, args.url, 'https:', domains && domains.downloadFile);
      const start = performance.now();
      return transfer(api, id, timeoutFor(args.timeout, timeouts, 'downloadFile'), async (signal) => {
        const r = await postJson(api, 'download', { url: args.url, header: args.header || {} }, signal);
        const res = await fetch(new URL(r.tempFilePath, base).href, { signal });
        const blob = await res.blob();
        const name = new URL(args.url).pathname.split('/').pop() || 'download';
        return { tempFilePath: ctx.files.add(blob, name), statusCode: r.statusCode };
      }).then(logged(api, { method: 'GET', url: args.url }, start));
    },

    'task.abort'(args) {
      const stop = aborts.get(args.id);
      if (stop) stop('abort');
    },

    connectSocket(args, { id }) {
      const api = 'connectSocket';
      checkUrl(api, args.url, 'wss:', domains && domains.socket);
      if (sockets.size >= MAX_SOCKETS) fail(api, 'exceed max task count');
      const relay = new URL(url('socket', `&url=${encodeURIComponent(args.url)}`));
      relay.protocol = relay.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(relay.href, args.protocols || []);
      ws.binaryType = 'arraybuffer';
      sockets.set(id, ws);
      const task = (/** @type {Record<string, any>} */ payload) => ctx.notify('task', { id, ...payload });
      ws.onopen = () => task({ type: 'open', header: {} });
      ws.onmessage = (e) => task({ type: 'message', data: e.data });
      ws.onerror = () => task({ type: 'error', errMsg: `${api}:fail network error` });
      ws.onclose = (e) => {
        sockets.delete(id);
        task({ type: 'close', code: e.code, reason: e.reason });
      };
      ctx.log({ api, method: 'WS', url: args.url });
      return { socketTaskId: id };
    },
    'socket.send'(args) {
      const ws = sockets.get(args.id);
      if (!ws || ws.readyState !== WebSocket.OPEN) fail('sendSocketMessage', 'WebSocket is not connected');
      /** @type {WebSocket} */ (ws).send(args.data);
    },
    'socket.close'(args) {
      const ws = sockets.get(args.id);
      if (ws) ws.close(args.code || 1000, args.reason || '');
    },
  };
  function close() {
    for (const stop of aborts.values()) stop('abort');
    for (const ws of sockets.values()) ws.close();
    sockets.clear();
  }
  return { handlers, close };
}
