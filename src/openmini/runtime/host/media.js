// Host-side media APIs (docs/runtime-host.md "Media and files"): InnerAudioContext playback
// (it outlives pages, so it plays in the host document), image compression, and reading temp
// or package files for the file system manager. Audio events go back as `notify task` like
// network task events.

import { fail } from './args.js';

/**
 * @typedef {{ notify(name: string, payload: any): void, files: import('./files.js').Files,
 *   packageUrl(path: string): string }} MediaContext
 * @typedef {{ a: HTMLAudioElement, start: number }} Player
 */

/** HTMLMediaElement events → InnerAudioContext event types. */
const EVENTS = /** @type {Record<string, string>} */ ({
  canplay: 'canplay', play: 'play', pause: 'pause', ended: 'ended', timeupdate: 'timeUpdate',
  waiting: 'waiting', seeking: 'seeking', seeked: 'seeked', error: 'error',
});
/** MediaError.code → WeChat's audio errCode (10001 system, 10002 network, 10003 file, 10004 format). */
const ERR_CODES = [10001, 10001, 10002, 10004, 10003];

/**
 * @param {MediaContext} ctx
 * @returns {{ handlers: Record<string, import('./broker.js').Handler>, close(): void }}
 */
export function mediaApis(ctx) {
  /** @type {Map<number, Player>} */
  const players = new Map();
  /** @param {string} api @param {number} id @returns {Player} */
  const get = (api, id) => players.get(id) || fail(api, 'audio context is destroyed');

  /** @param {number} id @param {string} type @param {HTMLAudioElement} a @param {Record<string, any>} [extra] */
  function task(id, type, a, extra) {
    const b = a.buffered;
    ctx.notify('task', {
      id, type, currentTime: a.currentTime || 0, duration: Number.isFinite(a.duration) ? a.duration : 0, paused: a.paused,
      buffered: b.length ? b.end(b.length - 1) : 0, ...extra,
    });
  }

  /** @param {Player} p @param {Record<string, any>} props */
  function apply(p, props) {
    const a = p.a;
    for (const k in props) {
      const v = props[k];
      if (k === 'src') a.src = ctx.packageUrl(String(v || '')) || String(v || '');
      else if (k === 'startTime') p.start = Number(v) || 0;
      else if (k === 'autoplay') a.autoplay = !!v;
      else if (k === 'loop') a.loop = !!v;
      else if (k === 'volume') a.volume = Math.min(1, Math.max(0, Number(v) || 0));
      else if (k === 'playbackRate') a.playbackRate = Math.min(2, Math.max(0.5, Number(v) || 1));
    }
  }

  /** @type {Record<string, import('./broker.js').Handler>} */
  const handlers = {
    'audio.create'(args) {
      const a = new Audio();
      a.preload = 'auto';
      const p = { a, start: 0 };
      players.set(args.id, p);
      for (const ev in EVENTS) {
        a.addEventListener(ev, () => {
          const err = ev === 'error' ? a.error : null;
          task(args.id, EVENTS[ev], a, err ? { errMsg: err.message || 'audio error', errCode: ERR_CODES[err.code] || 10001 } : undefined);
        });
      }
      apply(p, args.props || {});
    },
    'audio.set': (args) => apply(get('audio.set', args.id), args.props || {}),
    async 'audio.play'(args) {
      const { a, start } = get('audio.play', args.id);
      if (start && a.currentTime === 0) a.currentTime = start;
      await a.play().catch((e) => fail('audio.play', e.message || 'play failed'));
    },
    'audio.pause': (args) => get('audio.pause', args.id).a.pause(),
    'audio.stop'(args) {
      const { a } = get('audio.stop', args.id);
      a.pause();
      a.currentTime = 0;
      task(args.id, 'stop', a);
    },
    'audio.seek'(args) {
      const { a } = get('audio.seek', args.id);
      a.currentTime = Math.max(0, Number(args.position) || 0);
    },
    'audio.destroy'(args) {
      const p = players.get(args.id);
      if (!p) return;
      p.a.pause();
      p.a.removeAttribute('src');
      players.delete(args.id);
    },

    /** wx.compressImage: re-encode as JPEG at `quality` (0–100), optionally resized. */
    async compressImage(args) {
      const blob = await readable('compressImage', args.src);
      const bitmap = await createImageBitmap(blob).catch(() => fail('compressImage', 'image decode failed'));
      let w = Number(args.compressedWidth) || 0;
      let h = Number(args.compressedHeight) || 0;
      if (w && !h) h = Math.round((bitmap.height * w) / bitmap.width);
      else if (h && !w) w = Math.round((bitmap.width * h) / bitmap.height);
      const canvas = document.createElement('canvas');
      canvas.width = w || bitmap.width;
      canvas.height = h || bitmap.height;
      /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d')).drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const quality = Math.min(100, Math.max(0, args.quality == null ? 80 : Number(args.quality))) / 100;
      const out = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
      if (!out) fail('compressImage', 'encode failed');
      return { tempFilePath: ctx.files.add(/** @type {Blob} */ (out), 'compressed.jpg') };
    },

    /** The bytes of a temp file (blob: URL of this mini program) or a package file, and its name. */
    async 'fs.readTemp'(args) {
      const blob = await readable('fs.readTemp', args.path);
      return { data: await blob.arrayBuffer(), name: ctx.files.get(args.path) ? ctx.files.name(args.path) : String(args.path) };
    },
  };

  /**
   * A temp file this host handed out, or a file of the package; nothing else (no arbitrary URL
   * fetched with the host's origin on the mini program's behalf).
   * @param {string} api @param {unknown} path @returns {Promise<Blob>}
   */
  async function readable(api, path) {
    const p = typeof path === 'string' ? path : '';
    const own = ctx.files.get(p);
    if (own) return own;
    const url = /^[a-z][a-z0-9+.-]*:/i.test(p) ? '' : ctx.packageUrl(p);
    if (!url) fail(api, `no such file or directory, open ${p}`);
    return ctx.files.blob(url).catch(() => fail(api, `no such file or directory, open ${p}`));
  }

  function close() {
    for (const p of players.values()) {
      p.a.pause();
      p.a.removeAttribute('src');
    }
    players.clear();
  }
  return { handlers, close };
}
