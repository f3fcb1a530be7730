// Network APIs and their tasks. The host performs them (through the platform, which checks the
// domain allow-list, DESIGN.md invariant 2); logic keeps WeChat's rules too: 10 concurrent
// request/uploadFile/downloadFile (more wait in a queue), 5 sockets, `networkTimeout` from
// app.json (default and maximum 60 s). The `call` id names the task; its events arrive as
// `notify` "task" {id, type, …} (docs/runtime-host.md "Network").

import { Fail, invoke, hostCall, strip, newId, dropCall, post, noop, safeListener, registerTask } from './call.js';

/** @typedef {Record<string, any>} Obj */

const MAX_HTTP = 10;
const MAX_SOCKETS = 5;
const MAX_TIMEOUT = 60000;

/** app.json `networkTimeout` ({request, uploadFile, downloadFile, connectSocket} in ms). @type {Obj} */
let timeouts = {};
/** @param {Obj | undefined} config */
export function configureNetwork(config) {
  timeouts = config || {};
}

let active = 0;
/** @type {(() => void)[]} */
const waiting = [];
let sockets = 0;

/** Run `start` when one of the 10 slots is free. @param {() => void} start */
function whenFree(start) {
  if (active < MAX_HTTP) {
    active++;
    start();
  } else waiting.push(start);
}

function release() {
  active--;
  const next = waiting.shift();
  if (next) {
    active++;
    next();
  }
}

/** @param {string} api @param {unknown} t */
function timeoutOf(api, t) {
  const ms = typeof t === 'number' && t > 0 ? t : timeouts[api] > 0 ? timeouts[api] : MAX_TIMEOUT;
  return Math.min(ms, MAX_TIMEOUT);
}

/** Listener lists `onX`/`offX` on a task object. @param {any} task @param {string[]} names */
function addListeners(task, names) {
  task.l = {};
  for (const n of names) {
    task.l[n] = [];
    task['on' + n] = (/** @type {Function} */ fn) => {
      if (typeof fn === 'function') task.l[n].push(fn);
    };
    task['off' + n] = (/** @type {Function} */ fn) => {
      task.l[n] = fn ? task.l[n].filter((/** @type {Function} */ f) => f !== fn) : [];
    };
  }
}

/** @param {any} task @param {string} name @param {unknown} arg */
function fire(task, name, arg) {
  const list = task.l[name];
  for (let i = 0; i < list.length; i++) safeListener(list[i], arg, `${name} listener`);
}

/**
 * request / uploadFile / downloadFile: the task object is returned at once (WeChat gives these
 * no Promise form), the call waits for a slot, and the worker's own timer fails it with
 * "timeout" and tells the host to abort.
 * @param {string} api @param {unknown} options @param {string} spec
 */
function httpTask(api, options, spec) {
  const id = newId();
  const task = { abort: noop };
  addListeners(task, ['HeadersReceived', 'ProgressUpdate', 'ChunkReceived']);
  const p = invoke(api, options, (o) => new Promise((resolve, reject) => {
    let state = 0; // 0 queued, 1 running, 2 finished
    const finish = (/** @type {Fail | null} */ why) => {
      if (state === 2) return;
      const running = state === 1;
      state = 2;
      clearTimeout(timer);
      registerTask(id, null);
      if (running) {
        release();
        if (why) {
          dropCall(id);
          post({ t: 'call', id: newId(), api: 'task.abort', args: { id } });
        }
      }
      if (why) reject(why);
    };
    /** @type {any} */
    let timer = 0;
    task.abort = () => finish(new Fail('abort'));
    whenFree(() => {
      if (state === 2) return release();
      state = 1;
      const args = strip(o);
      args.timeout = timeoutOf(api, o.timeout);
      timer = setTimeout(() => finish(new Fail('timeout')), args.timeout);
      registerTask(id, (ev) => {
        const { type, id: _, ...detail } = ev;
        if (type === 'headersReceived') fire(task, 'HeadersReceived', detail);
        else if (type === 'progressUpdate') fire(task, 'ProgressUpdate', detail);
        else if (type === 'chunkReceived') fire(task, 'ChunkReceived', detail);
      });
      hostCall(api, args, id).then(
        (res) => {
          finish(null);
          resolve(res);
        },
        (e) => {
          finish(null);
          reject(e);
        },
      );
    });
  }), spec);
  if (p) p.catch(noop);
  return task;
}

/** The most recent socket, for the old single-socket APIs (wx.sendSocketMessage, wx.onSocketOpen…). @type {any} */
let lastSocket = null;
/** Listeners of the old single-socket APIs (wx.onSocketOpen…): addListeners gives it onX/offX. @type {any} */
const globalSocket = { l: {} };
addListeners(globalSocket, ['Open', 'Message', 'Error', 'Close']);

/** @param {unknown} options */
function connectSocket(options) {
  const id = newId();
  const task = /** @type {any} */ ({ readyState: 0, CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  addListeners(task, ['Open', 'Message', 'Error', 'Close']);
  let counted = false;
  const on = (/** @type {string} */ name, /** @type {unknown} */ arg) => {
    fire(task, name, arg);
    if (task === lastSocket) fire(globalSocket, name, arg);
  };
  registerTask(id, (ev) => {
    if (ev.type === 'open') {
      task.readyState = 1;
      on('Open', { header: ev.header || {}, profile: ev.profile || {} });
    } else if (ev.type === 'message') on('Message', { data: ev.data });
    else if (ev.type === 'error') on('Error', { errMsg: ev.errMsg || 'connectSocket:fail' });
    else if (ev.type === 'close') {
      task.readyState = 3;
      registerTask(id, null);
      if (counted) sockets--;
      counted = false;
      on('Close', { code: ev.code, reason: ev.reason || '' });
    }
  });
  task.send = (/** @type {any} */ o) => invoke('sendSocketMessage', o, (o) => {
    if (task.readyState !== 1) throw new Fail('WebSocket is not connected');
    return hostCall('socket.send', { id, data: o.data }).then(() => ({}));
  }, 'data:String|ArrayBuffer');
  task.close = (/** @type {any} */ o) => invoke('closeSocket', o || {}, (o) => {
    if (task.readyState < 2) task.readyState = 2;
    return hostCall('socket.close', { id, code: o.code, reason: o.reason }).then(() => ({}));
  });
  lastSocket = task;
  const p = invoke('connectSocket', options, (o) => {
    if (sockets >= MAX_SOCKETS) throw new Fail('exceed max task count');
    sockets++;
    counted = true;
    const args = strip(o);
    args.timeout = timeoutOf('connectSocket', o.timeout);
    return hostCall('connectSocket', args, id).then(
      () => ({ socketTaskId: id }),
      (e) => {
        if (counted) sockets--;
        counted = false;
        registerTask(id, null);
        task.readyState = 3;
        throw e;
      },
    );
  }, 'url:String');
  if (p) p.catch(noop);
  return task;
}

/** @param {string} name @param {string} method */
function legacy(name, method) {
  return (/** @type {any} */ o) => {
    if (!lastSocket) return invoke(name, o, () => { throw new Fail('WebSocket is not connected'); });
    return lastSocket[method](o);
  };
}

export const networkApis = {
  request: (/** @type {unknown} */ o) => httpTask('request', o, 'url:String'),
  uploadFile: (/** @type {unknown} */ o) => httpTask('uploadFile', o, 'url:String,filePath:String,name:String'),
  downloadFile: (/** @type {unknown} */ o) => httpTask('downloadFile', o, 'url:String'),
  connectSocket,
  sendSocketMessage: legacy('sendSocketMessage', 'send'),
  closeSocket: legacy('closeSocket', 'close'),
  onSocketOpen: globalSocket.onOpen,
  onSocketMessage: globalSocket.onMessage,
  onSocketError: globalSocket.onError,
  onSocketClose: globalSocket.onClose,
};

/** Forget tasks and counters (tests). */
export function resetNetwork() {
  waiting.length = 0;
  active = 0;
  sockets = 0;
  lastSocket = null;
}
