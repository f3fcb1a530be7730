// The API broker: answers logic's `call` messages (docs/runtime-host.md has the table). Each
// handler returns the success result (the broker adds `errMsg: "<api>:ok"`) or throws an
// ApiError carrying WeChat's `"<api>:fail <reason>"`. The handlers: platform.js (storage,
// network), device.js, media.js and the shell (host/index.js).

import { ApiError, fail } from './args.js';

/**
 * @typedef {(args: Record<string, any>, call: { id: number, api: string }) => any} Handler
 */

/** Names that exist in WeChat but wait for the payment work. */
const NOT_YET = ['requestPayment'];

/**
 * Answer one call. Never throws: failures become `{ok: false, errMsg}`.
 * @param {Record<string, Handler>} handlers
 * @param {{ id: number, api: string, args?: any }} call
 * @returns {Promise<{ t: 'reply', id: number, ok: boolean, result?: any, errMsg?: string }>}
 */
export async function answer(handlers, call) {
  const { id, api } = call;
  try {
    const handler = Object.hasOwn(handlers, api) ? handlers[api] : null;
    if (!handler) fail(api, NOT_YET.includes(api) ? 'not supported yet' : 'not supported');
    const result = (await /** @type {Handler} */ (handler)(call.args || {}, call)) || {};
    if (!result.errMsg) result.errMsg = `${api}:ok`;
    return { t: 'reply', id, ok: true, result };
  } catch (error) {
    const errMsg = error instanceof ApiError ? error.message : `${api}:fail ${error instanceof Error ? error.message : String(error)}`;
    return { t: 'reply', id, ok: false, errMsg };
  }
}
