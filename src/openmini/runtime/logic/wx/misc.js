// The rest of wx: selector queries and intersection observers (the render layer measures
// through the page frame), analytics, and the payment API that fails clearly until the
// platform provides it (never a fake success).

import { Fail, invoke, bridge } from './call.js';
import { ownerOf } from './media.js';

const NOT_YET = ['requestPayment'];

/** @returns {any} */
function render() {
  if (!bridge.render) throw new Error('the render layer is not ready');
  return bridge.render;
}

/** @type {Record<string, Function>} */
export const miscApis = {
  createSelectorQuery: () => render().createSelectorQuery(),
  createIntersectionObserver: (/** @type {unknown} */ comp, /** @type {unknown} */ options) => render().createIntersectionObserver(ownerOf(comp), options || {}),
  reportAnalytics: (/** @type {string} */ eventName, /** @type {unknown} */ data) => {
    console.info(`[openmini] reportAnalytics ${eventName}`, data);
  },
  reportEvent: (/** @type {string} */ eventId, /** @type {unknown} */ data) => {
    console.info(`[openmini] reportEvent ${eventId}`, data);
  },
  reportMonitor: (/** @type {string} */ name, /** @type {number} */ value) => {
    console.info(`[openmini] reportMonitor ${name}`, value);
  },
  /**
   * WeChat's A/B experiments are configured in its admin console; this platform has none, so
   * every key is unset: `{}` is WeChat's own answer for a user in no experiment.
   */
  getExptInfoSync: () => ({}),
  /** Logs go to the developer's console (the simulator's panel), where WeChat's log files are read. */
  getLogManager: () => logManager,
  getRealtimeLogManager: () => logManager,
  arrayBufferToBase64: (/** @type {ArrayBuffer} */ buffer) => {
    const bytes = new Uint8Array(buffer);
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, /** @type {any} */ (bytes.subarray(i, i + 0x8000)));
    return btoa(s);
  },
  base64ToArrayBuffer: (/** @type {string} */ text) => {
    const s = atob(String(text));
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
    return bytes.buffer;
  },
};

/** @type {Record<string, Function>} */
const logManager = { tag: () => logManager, in: () => logManager, setFilterMsg() {}, addFilterMsg() {} };
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  logManager[level] = (/** @type {unknown[]} */ ...args) => (/** @type {any} */ (console))[level === 'log' ? 'log' : level](...args);
}

for (const name of NOT_YET) {
  miscApis[name] = (/** @type {unknown} */ o) => invoke(name, o, () => {
    throw new Fail('not supported yet: payments arrive with the platform');
  });
}
