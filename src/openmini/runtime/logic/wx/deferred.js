// APIs whose code is a chunk of its own, loaded on first use: saved files, background audio and
// voice, the recorder, map contexts. The worker every page loads keeps only this table
// (docs/runtime-wx.md "Files, media, contacts").

import { hasCallbacks, noop, onOff } from './call.js';
import { miscApis } from './misc.js';

/** @typedef {() => Promise<{apis: Record<string, Function>}>} Load */

const files = () => import('./saved-files.js');
const audio = () => import('./background-audio.js');
const recorder = () => import('./recorder.js');
const map = () => import('./map-context.js');

/**
 * Run async API `name` of the chunk `load` gives: the same callbacks or Promise as if it were here.
 * @param {Load} load @param {string} name @param {unknown} o
 */
export function deferred(load, name, o) {
  const p = load().then((m) => m.apis[name](o));
  if (o && typeof o === 'object' && hasCallbacks(o)) {
    p.catch(noop);
    return undefined;
  }
  return p;
}

/**
 * An object API (`getRecorderManager()`): WeChat returns it at once, mostly at a module's top
 * level, so this stands in until the chunk is there. Property writes and method calls made
 * before are replayed in order on the real object; reads before give `initial`'s values.
 * @param {Load} load @param {string} name @param {unknown[]} args @param {Record<string, unknown>} initial
 */
export function deferredObject(load, name, args, initial) {
  /** @type {any} */
  let real = null;
  /** @type {((r: any) => void)[]} */
  const queue = [];
  load().then((m) => {
    real = m.apis[name](...args);
    for (const step of queue) step(real);
  });
  return new Proxy(initial, {
    get(t, k) {
      if (real) return typeof real[k] === 'function' ? real[k].bind(real) : real[k];
      if (typeof k !== 'string' || k in t || k === 'then' || k === 'toJSON') return /** @type {any} */ (t)[k];
      return (/** @type {unknown[]} */ ...a) => void queue.push((r) => r[k](...a));
    },
    set(t, k, v) {
      if (real) real[k] = v;
      else {
        t[/** @type {string} */ (k)] = v;
        queue.push((r) => (r[k] = v));
      }
      return true;
    },
  });
}

/** @type {Record<string, Function>} */
export const deferredApis = {};
for (const [load, names] of /** @type {[Load, string][]} */ ([
  [files, 'saveFile getSavedFileList getSavedFileInfo removeSavedFile getFileInfo openDocument chooseVideo'],
  [audio, 'playBackgroundAudio pauseBackgroundAudio seekBackgroundAudio stopBackgroundAudio getBackgroundAudioPlayerState playVoice pauseVoice stopVoice'],
  [recorder, 'startRecord stopRecord'],
])) {
  for (const name of names.split(' ')) deferredApis[name] = (/** @type {unknown} */ o) => deferred(load, name, o);
}
deferredApis.getBackgroundAudioManager = () => deferredObject(audio, 'getBackgroundAudioManager', [], { paused: true, currentTime: 0, duration: 0, buffered: 0, src: '' });
deferredApis.getRecorderManager = () => deferredObject(recorder, 'getRecorderManager', [], {});
deferredApis.createMapContext = (/** @type {unknown[]} */ ...a) => deferredObject(map, 'createMapContext', a, {});
for (const n of ['Play', 'Pause', 'Stop']) deferredApis['onBackgroundAudio' + n] = onOff('backgroundAudio' + n)[0];

/**
 * `wx.createBufferURL`: WeChat answers at once, and a page frame cannot load a blob: URL the
 * worker makes (another opaque origin), so the URL is a data: URL holding the bytes, which is
 * why `revokeBufferURL` has nothing to free.
 */
deferredApis.createBufferURL = (/** @type {ArrayBuffer} */ buffer) => `data:application/octet-stream;base64,${miscApis.arrayBufferToBase64(buffer)}`;
deferredApis.revokeBufferURL = noop;
