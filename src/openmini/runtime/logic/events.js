/**
 * Component events on the logic side. `triggerEvent` only builds a record;
 * the view dispatches it through its tree (bubbling, composed, capture), and
 * calls back `invokeHandler` for each `bind:x="method"` it reaches.
 */

import { hooks, safeCall } from './hooks.js';

/**
 * @typedef {object} EventRecord
 * @property {string} type
 * @property {unknown} detail
 * @property {boolean} bubbles
 * @property {boolean} composed
 * @property {boolean} capturePhase
 * @property {number} timeStamp
 * @property {{id: string, dataset: Record<string, unknown>}} target
 * @property {{id: string, dataset: Record<string, unknown>}} currentTarget
 * @property {Record<string, unknown>} mark
 * @property {import('./component.js').ComponentInstance} source the component that triggered it
 */

const startTime = Date.now();

/**
 * @param {import('./component.js').ComponentInstance} comp
 * @param {string} type @param {unknown} [detail]
 * @param {{bubbles?: boolean, composed?: boolean, capturePhase?: boolean}} [options]
 * @returns {EventRecord}
 */
export function createEventRecord(comp, type, detail, options) {
  const o = options || {};
  const target = { id: comp.id, dataset: comp.dataset };
  return {
    type,
    detail: detail === undefined ? {} : detail,
    bubbles: !!o.bubbles,
    composed: !!o.composed,
    capturePhase: !!o.capturePhase,
    timeStamp: Date.now() - startTime,
    target,
    currentTarget: target,
    mark: {},
    source: comp,
  };
}

/** The gestures WeChat counts as a user tap (APIs such as getUserProfile work only during one). */
const TAPS = new Set(['tap', 'longpress', 'longtap']);

/** Whether a tap handler is running right now (synchronously: not after an await in it). */
export const userGesture = { tap: false };

/**
 * View hook: run the handler method `name` of `comp` for an event the view
 * dispatched (`bind:tap="onTap"` → invokeHandler(owner, 'onTap', event)).
 * @param {import('./component.js').ComponentInstance} comp @param {string} name @param {unknown} event
 * @returns {unknown} what the handler returned
 */
export function invokeHandler(comp, name, event) {
  const fn = comp[name];
  const type = /** @type {any} */ (event) && /** @type {any} */ (event).type;
  if (typeof fn !== 'function') {
    hooks.warn(`does not have a method "${name}" to handle event "${type}"`, comp);
    return undefined;
  }
  const outer = userGesture.tap;
  userGesture.tap = outer || TAPS.has(type);
  try {
    return safeCall(fn, comp, [event], `method ${name}`, comp);
  } finally {
    userGesture.tap = outer;
  }
}
