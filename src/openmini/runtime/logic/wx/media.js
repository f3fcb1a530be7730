// Media contexts: <video>/<audio> contexts are `method` messages to the widget in the page
// (render's callWidget); InnerAudioContext plays in the host (it outlives pages), driven by
// `audio.*` calls, its events arriving as `notify` "task" {id, type, …} like network tasks.

import { getCurrentPages } from '../page.js';
import { bridge, hostCall, newId, safeListener, registerTask } from './call.js';

/** @typedef {Record<string, any>} Obj */

/** The component a context belongs to: the one given, else the top page. @param {unknown} comp */
export function ownerOf(comp) {
  if (comp && typeof comp === 'object') return comp;
  const pages = getCurrentPages();
  return pages[pages.length - 1] || null;
}

/**
 * Call `name` on the built-in widget with id `id` in `comp`'s template.
 * @param {unknown} comp @param {string} id @param {string} name @param {unknown} [args]
 * @returns {Promise<any>}
 */
export function widgetCall(comp, id, name, args) {
  const render = bridge.render;
  const owner = ownerOf(comp);
  if (!render || !owner) return Promise.reject(new Error('no page to find the component in'));
  return render.callWidget(owner, `#${id}`, name, args);
}

/**
 * An object whose methods each send one widget method (fire and forget; errors are logged, as
 * WeChat's context methods have no callbacks).
 * @param {unknown} comp @param {string} id @param {string[]} methods
 */
function widgetContext(comp, id, methods) {
  /** @type {Obj} */
  const ctx = {};
  for (const name of methods) {
    ctx[name] = (/** @type {unknown} */ arg) => {
      widgetCall(comp, id, name, arg).catch((e) => console.error(`[openmini] ${name} on #${id}: ${e && (e.errMsg || e.message)}`));
    };
  }
  return ctx;
}

const VIDEO = ['play', 'pause', 'stop', 'seek', 'sendDanmu', 'playbackRate', 'requestFullScreen', 'exitFullScreen', 'showStatusBar', 'hideStatusBar', 'requestPictureInPicture', 'exitPictureInPicture'];
const AUDIO = ['setSrc', 'play', 'pause', 'seek'];

export const AUDIO_EVENTS = ['Canplay', 'Play', 'Pause', 'Stop', 'Ended', 'TimeUpdate', 'Error', 'Waiting', 'Seeking', 'Seeked'];

/**
 * Give `ctx` WeChat's `onX`/`offX` pair for each of `events` ("Play"); returns `fire(X, arg)`.
 * @param {Obj} ctx @param {string} where @param {string[]} events
 */
export function listeners(ctx, where, events) {
  /** @type {Record<string, Function[]>} */
  const l = {};
  for (const n of events) {
    l[n] = [];
    ctx['on' + n] = (/** @type {Function} */ fn) => {
      if (typeof fn === 'function') l[n].push(fn);
    };
    ctx['off' + n] = (/** @type {Function} */ fn) => {
      l[n] = fn ? l[n].filter((f) => f !== fn) : [];
    };
  }
  return (/** @type {string} */ n, /** @type {unknown} */ arg) => {
    for (const fn of l[n].slice()) safeListener(fn, arg, `${where}.on${n}`);
  };
}

/**
 * An audio object the host plays (InnerAudioContext; BackgroundAudioManager and voice playback in
 * background-audio.js): `props` go to the host with `audio.set` as they are set, `events` are
 * its on…/off… pairs.
 * @param {string} where @param {Obj} props @param {string[]} events
 */
export function hostAudio(where, props, events) {
  const id = newId();
  /** @type {Obj} */
  const status = { duration: 0, currentTime: 0, paused: true, buffered: 0 };
  /** @type {Obj} */
  const ctx = {};
  const fire = listeners(ctx, where, events);
  const send = (/** @type {string} */ api, /** @type {Obj} */ args) => {
    hostCall(api, { id, ...args }).catch((e) => fire('Error', { errMsg: e.errMsg, errCode: -1 }));
  };
  for (const p in props) {
    Object.defineProperty(ctx, p, {
      enumerable: true,
      configurable: true,
      get: () => props[p],
      set(v) {
        props[p] = v;
        send('audio.set', { props: { [p]: v } });
      },
    });
  }
  for (const s in status) Object.defineProperty(ctx, s, { enumerable: true, get: () => status[s] });
  ctx.play = () => send('audio.play', {});
  ctx.pause = () => send('audio.pause', {});
  ctx.stop = () => send('audio.stop', {});
  ctx.seek = (/** @type {number} */ position) => send('audio.seek', { position });
  ctx.destroy = () => {
    send('audio.destroy', {});
    registerTask(id, null);
  };
  registerTask(id, (ev) => {
    for (const s in status) if (s in ev) status[s] = ev[s];
    const name = events.find((n) => n.toLowerCase() === String(ev.type).toLowerCase());
    if (name) fire(name, name === 'Error' ? { errMsg: ev.errMsg, errCode: ev.errCode } : undefined);
  });
  send('audio.create', { props });
  return { ctx, props, send, id };
}

/** WeChat's InnerAudioContext. */
const createInnerAudioContext = () => hostAudio('InnerAudioContext', { src: '', startTime: 0, autoplay: false, loop: false, obeyMuteSwitch: true, volume: 1, playbackRate: 1, referrerPolicy: 'origin' }, AUDIO_EVENTS).ctx;

export const mediaApis = {
  createVideoContext: (/** @type {string} */ id, /** @type {unknown} */ comp) => widgetContext(comp, id, VIDEO),
  createAudioContext: (/** @type {string} */ id, /** @type {unknown} */ comp) => widgetContext(comp, id, AUDIO),
  createInnerAudioContext,
};
