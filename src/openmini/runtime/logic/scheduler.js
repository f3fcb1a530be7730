/**
 * Batching setData per task. `this.data` changes synchronously; what the view
 * must apply is queued per component and sent once, in a microtask at the end
 * of the current task, with changes a later setData overwrote dropped.
 * setData callbacks run when the view acknowledges the render that carried
 * that setData (`hooks.render(comp, changes, done)` → `done()`).
 */

import { hooks, safeCall } from './hooks.js';
import { coalesceChanges } from './set-data.js';
import { DETACHED } from './lifecycle.js';

/** @typedef {import('./component.js').ComponentInstance} ComponentInstance */

/** @type {ComponentInstance[]} */
let dirty = [];
let scheduled = false;

const schedule = typeof queueMicrotask === 'function' ? queueMicrotask : (/** @type {() => void} */ fn) => Promise.resolve().then(fn);

/** @param {ComponentInstance} comp */
function markDirty(comp) {
  const om = comp.__om;
  if (om.queued) return;
  om.queued = true;
  dirty.push(comp);
  if (!scheduled) {
    scheduled = true;
    schedule(flushRenders);
  }
}

/**
 * Queue one change for the view.
 * @param {ComponentInstance} comp @param {(string|number)[]} path @param {unknown} value
 */
export function queueChange(comp, path, value) {
  const om = comp.__om;
  (om.patch || (om.patch = [])).push({ path, value });
  markDirty(comp);
}

/**
 * Queue a setData callback for after the next render of `comp`.
 * @param {ComponentInstance} comp @param {Function} callback
 */
export function queueCallback(comp, callback) {
  const om = comp.__om;
  (om.callbacks || (om.callbacks = [])).push(callback);
  markDirty(comp);
}

/**
 * Send everything queued now (the microtask calls this; the view adapter or a
 * test may call it to flush synchronously).
 */
export function flushRenders() {
  scheduled = false;
  while (dirty.length) {
    const batch = dirty;
    dirty = [];
    for (let i = 0; i < batch.length; i++) {
      const comp = batch[i];
      const om = comp.__om;
      om.queued = false;
      const changes = om.patch ? coalesceChanges(om.patch) : [];
      const callbacks = om.callbacks;
      om.patch = null;
      om.callbacks = null;
      const done = () => {
        if (callbacks) for (let j = 0; j < callbacks.length; j++) safeCall(callbacks[j], comp, [], 'setData callback', comp);
      };
      if (changes.length && hooks.render && !(om.state & DETACHED)) {
        try {
          hooks.render(comp, changes, done);
        } catch (error) {
          hooks.error(error, 'hooks.render', comp);
        }
      } else {
        done();
      }
    }
  }
}
