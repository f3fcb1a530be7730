// The background audio manager and the old background-audio and voice APIs: a chunk loaded on
// first use (deferred.js). Both play in the host like InnerAudioContext (media.js hostAudio), so
// the music goes on across page navigation; media as InnerAudioContext takes it (package files,
// temp files, URLs).

import { Fail, emit, hostCall, invoke } from './call.js';
import { AUDIO_EVENTS, hostAudio } from './media.js';

/** @typedef {ReturnType<typeof hostAudio>} HostAudio */

/** @type {HostAudio | null} */
let bgm = null;

/** The one BackgroundAudioManager (WeChat has one per mini program). */
function background() {
  if (bgm) return bgm;
  const audio = hostAudio('BackgroundAudioManager', {
    src: '', startTime: 0, title: '', epname: '', singer: '', coverImgUrl: '', webUrl: '', protocol: 'http', playbackRate: 1, referrerPolicy: 'origin', audioType: 'music',
  }, [...AUDIO_EVENTS, 'Prev', 'Next']);
  const ctx = audio.ctx;
  // WeChat: setting src starts playing
  Object.defineProperty(ctx, 'src', {
    enumerable: true,
    get: () => audio.props.src,
    set(v) {
      audio.props.src = v;
      audio.send('audio.set', { props: { src: v } });
      if (v) audio.send('audio.play', {});
    },
  });
  delete ctx.destroy;
  // the old API's listeners (wx.onBackgroundAudioPlay…) hear the same player
  ctx.onPlay(() => emit('backgroundAudioPlay', []));
  ctx.onPause(() => emit('backgroundAudioPause', []));
  ctx.onStop(() => emit('backgroundAudioStop', []));
  ctx.onEnded(() => emit('backgroundAudioStop', []));
  return (bgm = audio);
}

/** @type {HostAudio | null} */
let voice = null;
/** The running playVoice: settled when the voice ends or stops. @type {{resolve: Function, reject: Function} | null} */
let playing = null;

function voicePlayer() {
  if (voice) return voice;
  const v = (voice = hostAudio('Voice', { src: '' }, ['Ended', 'Stop', 'Error']));
  const end = (/** @type {unknown} */ e) => {
    const p = playing;
    playing = null;
    if (p) (e ? p.reject(e) : p.resolve({}));
  };
  v.ctx.onEnded(() => end(null));
  v.ctx.onStop(() => end(null));
  v.ctx.onError((/** @type {any} */ e) => end(new Fail(e.errMsg)));
  return v;
}

/** @param {string} name @param {(o: Record<string, any>) => any} run @param {string} [spec] */
const api = (name, run, spec) => (/** @type {unknown} */ o) => invoke(name, o, run, spec);

export const apis = {
  getBackgroundAudioManager: () => background().ctx,
  playBackgroundAudio: api('playBackgroundAudio', async (o) => {
    const { ctx, props, id } = background();
    ctx.title = o.title || '';
    ctx.coverImgUrl = o.coverImgUrl || '';
    props.src = o.dataUrl;
    await hostCall('audio.set', { id, props: { src: o.dataUrl } });
    await hostCall('audio.play', { id });
    return {};
  }, 'dataUrl:String'),
  pauseBackgroundAudio: api('pauseBackgroundAudio', () => hostCall('audio.pause', { id: background().id }).then(() => ({}))),
  seekBackgroundAudio: api('seekBackgroundAudio', (o) => hostCall('audio.seek', { id: background().id, position: o.position }).then(() => ({})), 'position:Number'),
  stopBackgroundAudio: api('stopBackgroundAudio', () => hostCall('audio.stop', { id: background().id }).then(() => ({}))),
  getBackgroundAudioPlayerState: api('getBackgroundAudioPlayerState', () => {
    const c = background().ctx;
    // status: 2 no music, 1 playing, 0 paused (WeChat's numbers)
    return {
      duration: c.duration, currentPosition: c.currentTime, status: c.src ? (c.paused ? 0 : 1) : 2,
      downloadPercent: c.duration ? Math.round((100 * c.buffered) / c.duration) : 0, dataUrl: c.src,
    };
  }),
  /** Succeeds when the voice has played to its end (or stopVoice stopped it), as WeChat does. */
  playVoice: api('playVoice', async (o) => {
    const { props, id } = voicePlayer();
    if (playing) playing.resolve({});
    if (props.src !== o.filePath) {
      props.src = o.filePath;
      await hostCall('audio.set', { id, props: { src: o.filePath } });
    }
    const done = new Promise((resolve, reject) => (playing = { resolve, reject }));
    await hostCall('audio.play', { id });
    // `duration` (s, default 60): WeChat stops the voice there
    const limit = setTimeout(() => hostCall('audio.stop', { id }), (Number(o.duration) || 60) * 1000);
    return done.finally(() => clearTimeout(limit));
  }, 'filePath:String'),
  pauseVoice: api('pauseVoice', () => hostCall('audio.pause', { id: voicePlayer().id }).then(() => ({}))),
  stopVoice: api('stopVoice', () => hostCall('audio.stop', { id: voicePlayer().id }).then(() => ({}))),
};
