// Recording the microphone for wx.getRecorderManager and wx.startRecord (logic/wx/recorder.js):
// getUserMedia + MediaRecorder, after the user's consent to scope.record. Events go back as
// `notify task {id, type, …}` for the recording's id. Browsers record their own container and
// codec (Chromium and Firefox: webm/opus; Safari: mp4/aac), never WeChat's mp3/wav/PCM: the file
// is what the browser made and its tempFilePath says so (…/recording.webm).

import { fail } from './args.js';

/**
 * @typedef {{ notify(name: string, payload: any): void, files: import('./files.js').Files,
 *   consent(scope: string, api: string): Promise<void> }} RecorderContext
 */

/** MediaRecorder types in order of preference, with the extension their files get. */
const TYPES = [['audio/mp4', 'm4a'], ['audio/webm;codecs=opus', 'webm'], ['audio/webm', 'webm'], ['audio/ogg;codecs=opus', 'ogg']];

/** WeChat's limits on `duration` (ms): 60 s unless given, 10 min at most. */
const DEFAULT_MS = 60000;
const MAX_MS = 600000;

/**
 * The MediaRecorder type for WeChat's `format`: aac when the browser can (Safari), else the
 * browser's own (webm/opus).
 * @param {string | undefined} format @param {(type: string) => boolean} supported
 */
export function recordingType(format, supported) {
  const usable = TYPES.filter(([t]) => supported(t));
  const aac = (format || 'aac').toLowerCase() === 'aac' && usable.find(([t]) => t === 'audio/mp4');
  return aac || usable.find(([t]) => t !== 'audio/mp4') || usable[0] || null;
}

/** @param {RecorderContext} ctx */
export function recorderApis(ctx) {
  /** @type {{ id: number, media: MediaRecorder, stream: MediaStream, timer: number, started: number, pausedAt: number, paused: number } | null} */
  let rec = null;

  /** @param {string} api */
  const current = (api) => rec || fail(api, 'recorder is not recording');

  /** @type {Record<string, import('./broker.js').Handler>} */
  const handlers = {
    async 'recorder.start'(args) {
      const api = args.api === 'startRecord' ? 'startRecord' : 'operateRecorder';
      if (rec) fail(api, 'recorder is busy');
      if (!navigator.mediaDevices || typeof MediaRecorder === 'undefined') fail(api, 'not supported by this browser');
      const type = recordingType(args.format, (t) => MediaRecorder.isTypeSupported(t));
      if (!type) fail(api, 'not supported by this browser');
      await ctx.consent('scope.record', api);
      const audio = /** @type {MediaTrackConstraints} */ ({});
      if (args.numberOfChannels) audio.channelCount = Number(args.numberOfChannels);
      if (args.sampleRate) audio.sampleRate = Number(args.sampleRate);
      const stream = await navigator.mediaDevices.getUserMedia({ audio }).catch((e) => fail(api, e.name === 'NotAllowedError' ? 'auth deny' : e.message || 'no microphone'));
      const media = new MediaRecorder(stream, { mimeType: type[0], audioBitsPerSecond: Number(args.encodeBitRate) || undefined });
      const id = Number(args.id);
      /** @type {Blob[]} */
      const chunks = [];
      const frameKB = Number(args.frameSize) || 0;
      media.ondataavailable = (e) => {
        chunks.push(e.data);
        if (frameKB) e.data.arrayBuffer().then((frameBuffer) => ctx.notify('task', { id, type: 'frameRecorded', frameBuffer, isLastFrame: media.state === 'inactive' }));
      };
      media.onstop = () => {
        const r = /** @type {NonNullable<typeof rec>} */ (rec);
        for (const t of stream.getTracks()) t.stop();
        clearTimeout(r.timer);
        rec = null;
        const blob = new Blob(chunks, { type: type[0].split(';')[0] });
        const duration = Date.now() - r.started - r.paused - (r.pausedAt ? Date.now() - r.pausedAt : 0);
        ctx.notify('task', { id, type: 'stop', tempFilePath: ctx.files.add(blob, `recording.${type[1]}`), duration, fileSize: blob.size });
      };
      media.onerror = () => ctx.notify('task', { id, type: 'error', errMsg: `${api}:fail recording failed` });
      const ms = Math.min(MAX_MS, Number(args.duration) || DEFAULT_MS);
      // frameSize (KB) as a time slice at the encoder's bit rate (32 kbps unless given)
      media.start(frameKB ? Math.max(100, (frameKB * 8192 * 1000) / (Number(args.encodeBitRate) || 32000)) : undefined);
      rec = { id, media, stream, timer: window.setTimeout(() => media.stop(), ms), started: Date.now(), pausedAt: 0, paused: 0 };
      ctx.notify('task', { id, type: 'start' });
    },
    'recorder.pause'() {
      const r = current('operateRecorder');
      if (r.media.state !== 'recording') return;
      r.media.pause();
      r.pausedAt = Date.now();
      ctx.notify('task', { id: r.id, type: 'pause' });
    },
    'recorder.resume'() {
      const r = current('operateRecorder');
      if (r.media.state !== 'paused') return;
      r.media.resume();
      r.paused += Date.now() - r.pausedAt;
      r.pausedAt = 0;
      ctx.notify('task', { id: r.id, type: 'resume' });
    },
    'recorder.stop'() {
      current('operateRecorder').media.stop();
    },
  };

  function close() {
    if (rec) {
      rec.media.onstop = null;
      rec.media.stop();
      for (const t of rec.stream.getTracks()) t.stop();
      clearTimeout(rec.timer);
      rec = null;
    }
  }
  return { handlers, close };
}
