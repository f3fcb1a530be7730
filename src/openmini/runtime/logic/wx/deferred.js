// APIs whose code is a chunk of its own, so the worker every page loads keeps only this table
// (docs/runtime-wx.md "API chunks"): the file system and saved files, background audio and voice, the recorder, map
// contexts, worklets and Skyline, XR-FRAME, worker threads, device and mini-program APIs.
// At `init` the worker loads (in parallel, before the package's code runs) the chunks whose
// names the compiler saw in the code (manifest `capabilities.apis`) and puts their APIs on `wx`.
// The others stay behind stand-ins: an async API or a listener loads its chunk on first use, a
// `get…Manager`/`create…Context` object replays what was done to it once the chunk is there, and
// a synchronous API (the code reached it dynamically, `wx[name]`) throws: it cannot wait.

import { Fail, hasCallbacks, noop, onOff, sync } from './call.js';
import { miscApis } from './misc.js';

/** @typedef {Record<string, any>} Obj */
/**
 * What a chunk's `init` gets besides the `init` message: the worker's `wx` and render layer, the
 * Worker constructor (taken before the network goes), `forward` (console/error to the host) and
 * `files` (the package's file base, set at init).
 * @typedef {{wx: Obj, render: any, Worker: any, forward: (msg: Obj) => void, files: string}} ChunkContext
 */
/** @typedef {{apis: Obj, init?: (msg: Obj, context: ChunkContext) => void}} Chunk */
/** @typedef {() => Promise<Chunk>} Load */

/** The `init` message and context chunks' `init` gets (set by the worker's `init`). */
let setup = { msg: /** @type {Obj} */ ({}), context: /** @type {ChunkContext} */ (/** @type {unknown} */ ({})) };

/** A chunk's loader: imported once, its `init` run once. @param {() => Promise<Chunk>} load @returns {Load} */
function chunk(load) {
  /** @type {Promise<Chunk> | null} */
  let p = null;
  return () => (p ||= load().then((m) => {
    if (m.init) m.init(setup.msg, setup.context);
    return m;
  }));
}

/**
 * Each chunk and the names it provides. "~X" is the pair onX/offX; "!" marks a synchronous API
 * or a namespace, which cannot wait for a chunk (the stand-in objects are in STAND_INS).
 * @type {[Load, string][]}
 */
const CHUNKS = [
  [chunk(() => import('./saved-files.js')), '!getFileSystemManager saveFile getSavedFileList getSavedFileInfo removeSavedFile getFileInfo openDocument chooseVideo'],
  [chunk(() => import('./background-audio.js')), 'playBackgroundAudio pauseBackgroundAudio seekBackgroundAudio stopBackgroundAudio getBackgroundAudioPlayerState playVoice pauseVoice stopVoice getBackgroundAudioManager'],
  [chunk(() => import('./recorder.js')), 'startRecord stopRecord getRecorderManager'],
  [chunk(() => import('./map-context.js')), 'createMapContext'],
  [chunk(() => import('./worklet.js')), '!worklet !router getSkylineInfo !getSkylineInfoSync'],
  [chunk(() => import('./xr-frame.js')), '!getXrFrameSystem'],
  [chunk(() => import('./workers.js')), '!createWorker'],
  [chunk(() => import('./device.js')), 'startAccelerometer stopAccelerometer startCompass stopCompass startGyroscope stopGyroscope startDeviceMotionListening stopDeviceMotionListening startLocationUpdate startLocationUpdateBackground stopLocationUpdate getFuzzyLocation hideKeyboard getSelectedTextRange loadFontFace setBackgroundColor setBackgroundTextStyle showHomeButton exitMiniProgram navigateToMiniProgram navigateBackMiniProgram restartMiniProgram getBatteryInfo !getBatteryInfoSync getRendererUserAgent getRandomValues ~KeyboardHeightChange ~AccelerometerChange ~CompassChange ~GyroscopeChange ~DeviceMotionChange ~LocationChange ~LocationChangeError ~MemoryWarning ~UserCaptureScreen ~CopyUrl ~MenuButtonBoundingClientRectWeightChange'],
];

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

/** The objects WeChat returns at once: what their stand-ins read before the chunk is there. @type {Obj} */
const STAND_INS = {
  getBackgroundAudioManager: { paused: true, currentTime: 0, duration: 0, buffered: 0, src: '' },
  getRecorderManager: {},
  createMapContext: {},
};

/** The API names of a CHUNKS entry. @param {string} entry */
const namesOf = (entry) => (entry[0] === '~' ? ['on', 'off'].map((p) => p + entry.slice(1)) : [entry.replace('!', '')]);

/** The stand-ins, by API name. @type {Record<string, Function>} */
export const deferredApis = {};
for (const [load, names] of CHUNKS) {
  for (const entry of names.split(' ')) {
    for (const name of namesOf(entry)) {
      if (/^(on|off)[A-Z]/.test(name)) deferredApis[name] = (/** @type {unknown} */ fn) => void load().then((m) => m.apis[name](fn));
      else if (name in STAND_INS) deferredApis[name] = (/** @type {unknown[]} */ ...a) => deferredObject(load, name, a, { ...STAND_INS[name] });
      else if (entry[0] !== '!') deferredApis[name] = (/** @type {unknown} */ o) => deferred(load, name, o);
      // a namespace (wx.worklet, wx.router) stays absent; a function says why it cannot work
      else if (/[A-Z]/.test(name)) deferredApis[name] = () => sync(name, () => {
        throw new Fail(`the build did not see wx.${name} in the code, so its chunk was not loaded: call it as wx.${name}`);
      });
    }
  }
}
for (const n of ['Play', 'Pause', 'Stop']) deferredApis['onBackgroundAudio' + n] = onOff('backgroundAudio' + n)[0];

/**
 * At `init`: load the chunks whose names the package's code uses (a gesture handler counts as
 * `wx.worklet`: its callbacks are worklets), and put their APIs on `wx`. Null when none is needed.
 * @param {Obj} wx @param {Obj} msg the `init` message @param {ChunkContext} context
 * @returns {Promise<unknown> | null}
 */
export function preloadChunks(wx, msg, context) {
  setup = { msg, context };
  const caps = (msg.manifest && msg.manifest.capabilities) || {};
  const used = new Set((caps.apis || []).map((/** @type {Obj} */ a) => a.name));
  if ((caps.components || []).some((/** @type {Obj} */ c) => c.name.endsWith('-gesture-handler'))) used.add('worklet');
  const needed = CHUNKS.filter(([, names]) => names.split(' ').some((e) => namesOf(e).some((n) => used.has(n))));
  return needed.length ? Promise.all(needed.map(([load]) => load().then((m) => Object.assign(wx, m.apis)))) : null;
}

/**
 * `wx.createBufferURL`: WeChat answers at once, and a page frame cannot load a blob: URL the
 * worker makes (another opaque origin), so the URL is a data: URL holding the bytes, which is
 * why `revokeBufferURL` has nothing to free.
 */
deferredApis.createBufferURL = (/** @type {ArrayBuffer} */ buffer) => `data:application/octet-stream;base64,${miscApis.arrayBufferToBase64(buffer)}`;
deferredApis.revokeBufferURL = noop;
