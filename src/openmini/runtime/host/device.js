// Device APIs the host performs with browser features: clipboard, file pickers, images, phone
// calls, barcode scanning, location and saving to the album (after the user's consent,
// host/consent.js), vibration, network type.
// File pickers and the camera need a user gesture in the host document, so each starts from a
// host-drawn sheet the user taps (as WeChat's own "拍照 / 从手机相册选择" sheet).

import { fail } from './args.js';
import { actionSheetOptions, modalOptions } from './dialogs.js';
import { h } from './dom.js';

// setKeepScreenOn: loaded with the other device APIs, closed with the mini program (host/index.js)
export { wakeLockApis } from './wake-lock.js';

/**
 * @typedef {{
 *   dialogs: import('./dialogs.js').Dialogs, files: import('./files.js').Files, manifest: any,
 *   packageUrl(path: string): string, layer: HTMLElement,
 *   download(url: string, call: { id: number, api: string }): Promise<string>,
 *   consent(scope: string, api: string): Promise<void>,
 * }} DeviceContext  download: a network file through downloadFile (its tempFilePath); consent: resolves
 *   once the user allows `scope` (host/consent.js), else fails `"<api>:fail auth deny"`
 */

/** Map navigator.connection to WeChat's networkType. */
export function networkType(/** @type {any} */ nav) {
  if (nav.onLine === false) return 'none';
  const c = nav.connection;
  if (!c) return 'unknown';
  if (c.type === 'wifi' || c.type === 'ethernet') return 'wifi';
  const e = c.effectiveType;
  return e === '4g' || e === '3g' || e === '2g' ? e : e === 'slow-2g' ? '2g' : 'unknown';
}

/**
 * What getLocation and onLocationChange give for a position. Coordinates are WGS84 whatever
 * `type` asks: no GCJ-02 conversion is done.
 * @param {GeolocationCoordinates} c
 */
export function locationResult(c) {
  return {
    latitude: c.latitude, longitude: c.longitude, speed: c.speed ?? -1, accuracy: c.accuracy,
    altitude: c.altitude ?? 0, verticalAccuracy: c.altitudeAccuracy ?? 0, horizontalAccuracy: c.accuracy,
  };
}

/** getFuzzyLocation's coordinates: two decimals, about 1 km (WeChat only says "fuzzy": district level). */
export const fuzzy = (/** @type {number} */ v) => Math.round(v * 100) / 100;

/** Open a file picker (must run during a user gesture). Resolves [] on cancel. @returns {Promise<File[]>} */
function pick(/** @type {string} */ accept, /** @type {boolean} */ multiple, /** @type {boolean} */ camera) {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    if (camera) input.setAttribute('capture', 'environment');
    input.onchange = () => resolve([...(input.files || [])]);
    input.oncancel = () => resolve([]);
    input.click();
  });
}

/** @param {DeviceContext} ctx @returns {Record<string, import('./broker.js').Handler>} */
export function deviceApis(ctx) {
  const { dialogs, files } = ctx;
  /** @type {string | null} the last text this mini program copied (fallback when reading is refused) */
  let copied = null;

  /**
   * Ask which source (camera / album). The sheet is shown even for one source: the user's tap on
   * it is the gesture the browser requires before it opens a file picker. Returns true for camera.
   */
  async function source(/** @type {string[] | undefined} */ types, /** @type {string} */ api) {
    const album = !types || types.includes('album');
    const camera = !types || types.includes('camera') || !album;
    const items = camera && album ? ['拍摄', '从手机相册选择'] : [camera ? '拍摄' : '从手机相册选择'];
    const i = await dialogs.actionSheet(actionSheetOptions({ itemList: items }));
    if (i < 0) fail(api, 'cancel');
    return camera && i === 0;
  }

  /** @param {string} api @param {string} accept @param {number} count @param {string[] | undefined} sourceType */
  async function choose(api, accept, count, sourceType) {
    const camera = await source(sourceType, api);
    const list = (await pick(accept, count > 1, camera)).slice(0, count || 9);
    if (!list.length) fail(api, 'cancel');
    return list;
  }

  /** Image size from a URL (package path, blob:, https:). */
  function imageSize(/** @type {string} */ src) {
    return new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
      img.onerror = () => reject(new Error('image load failed'));
      img.src = src;
    });
  }

  /** A video's size and duration (s) from its metadata. */
  function videoSize(/** @type {string} */ src) {
    return new Promise((resolve, reject) => {
      const v = document.createElement('video');
      v.preload = 'metadata';
      v.onloadedmetadata = () => resolve({ width: v.videoWidth, height: v.videoHeight, duration: Number.isFinite(v.duration) ? v.duration : 0 });
      v.onerror = () => reject(new Error('video load failed'));
      v.src = src;
    });
  }

  /** @param {string} api @param {boolean} high @returns {Promise<GeolocationPosition>} */
  function position(api, high) {
    if (!navigator.geolocation) fail(api, 'not supported');
    return new Promise((resolve, reject) => navigator.geolocation.getCurrentPosition(resolve, (e) => {
      reject(e.code === 1 ? new Error('auth deny') : new Error(e.message || 'location unavailable'));
    }, { enableHighAccuracy: high, timeout: 30000 })).catch((e) => fail(api, e.message));
  }

  /** Camera overlay: detect until found or cancelled. @param {any} detector */
  async function scanCamera(detector) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    const wrap = h('div', 'om-scan', null, ctx.layer);
    const video = /** @type {HTMLVideoElement} */ (h('video', '', null, wrap));
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    try {
      return await new Promise((resolve) => {
        const cancel = h('button', 'om-scan-cancel', '取消', wrap);
        cancel.onclick = () => resolve(null);
        const tick = async () => {
          if (!wrap.isConnected) return;
          const codes = await detector.detect(video).catch(() => []);
          if (codes.length) resolve(codes[0]);
          else setTimeout(tick, 250);
        };
        tick();
      });
    } finally {
      for (const t of stream.getTracks()) t.stop();
      wrap.remove();
    }
  }

  return {
    async setClipboardData(args) {
      const data = String(args.data ?? '');
      copied = data;
      try {
        await navigator.clipboard.writeText(data);
      } catch {
        // Without clipboard permission (or focus), the legacy copy command still works.
        const ta = /** @type {HTMLTextAreaElement} */ (h('textarea', 'om-offscreen', null, document.body));
        ta.value = data;
        ta.select();
        const ok = document.execCommand('copy');
        ta.remove();
        if (!ok) fail('setClipboardData', 'permission denied');
      }
      dialogs.showToast({ title: '内容已复制', icon: 'none', image: '', duration: 1500, mask: false, loading: false });
    },
    async getClipboardData() {
      try {
        return { data: await navigator.clipboard.readText() };
      } catch {
        if (copied === null) fail('getClipboardData', 'permission denied');
        return { data: copied };
      }
    },

    async chooseImage(args) {
      const list = await choose('chooseImage', 'image/*', args.count || 9, args.sourceType);
      const tempFiles = list.map((f) => ({ path: files.add(f, f.name), size: f.size }));
      return { tempFilePaths: tempFiles.map((f) => f.path), tempFiles };
    },
    async chooseMedia(args) {
      const types = args.mediaType || ['image', 'video'];
      const accept = types.includes('mix') ? 'image/*,video/*' : types.map((/** @type {string} */ t) => `${t}/*`).join(',');
      const list = await choose('chooseMedia', accept, args.count || 9, args.sourceType);
      const tempFiles = [];
      for (const f of list) {
        const path = files.add(f, f.name);
        const video = f.type.startsWith('video/');
        const size = /** @type {any} */ (await (video ? videoSize(path) : imageSize(path)).catch(() => ({ width: 0, height: 0, duration: 0 })));
        tempFiles.push({ tempFilePath: path, size: f.size, fileType: video ? 'video' : 'image', width: size.width, height: size.height, duration: size.duration || 0 });
      }
      const kinds = new Set(tempFiles.map((f) => f.fileType));
      return { type: kinds.size > 1 ? 'mix' : [...kinds][0], tempFiles };
    },
    async chooseMessageFile(args) {
      const type = args.type || 'all';
      const accept = type === 'image' ? 'image/*' : type === 'video' ? 'video/*' : (args.extension || []).map((/** @type {string} */ e) => `.${e.replace(/^\./, '')}`).join(',');
      const list = await choose('chooseMessageFile', accept, args.count || 1, ['album']); // sheet: the gesture
      return {
        tempFiles: list.map((f) => ({
          path: files.add(f, f.name), size: f.size, name: f.name, time: Math.floor(f.lastModified / 1000),
          type: f.type.startsWith('image/') ? 'image' : f.type.startsWith('video/') ? 'video' : 'file',
        })),
      };
    },
    async getImageInfo(args, call) {
      const src = args.src;
      if (typeof src !== 'string') fail('getImageInfo', 'parameter error: parameter.src should be String;');
      // a network image needs a downloadFile domain (WeChat): it comes through the platform's
      // download proxy, never straight from the host; other schemes only as own temp files
      const url = files.get(src) ? src
        : /^https?:/i.test(src) ? await ctx.download(src, call).catch((e) => fail('getImageInfo', `download image fail: ${String(e.message).replace(/^downloadFile:fail /, '')}`))
        : /^[a-z][a-z0-9+.-]*:/i.test(src) ? '' : ctx.packageUrl(src);
      if (!url) fail('getImageInfo', 'image not found');
      const size = /** @type {any} */ (await imageSize(url).catch(() => fail('getImageInfo', 'download image fail')));
      const ext = (args.src.split('?')[0].match(/\.(\w+)$/) || [])[1];
      return { width: size.width, height: size.height, path: url, type: ext ? ext.toLowerCase().replace('jpg', 'jpeg') : 'unknown', orientation: 'up' };
    },
    async saveImageToPhotosAlbum(args) {
      return save('saveImageToPhotosAlbum', args.filePath);
    },
    async saveVideoToPhotosAlbum(args) {
      return save('saveVideoToPhotosAlbum', args.filePath);
    },
    async makePhoneCall(args) {
      const number = String(args.phoneNumber || '');
      if (!number) fail('makePhoneCall', 'parameter error: parameter.phoneNumber should be String instead of Undefined;');
      if (!(await dialogs.ask(number, '', '呼叫', '取消'))) fail('makePhoneCall', 'cancel');
      const a = document.createElement('a');
      a.href = `tel:${encodeURIComponent(number)}`;
      a.click();
    },
    async scanCode(args) {
      const Detector = /** @type {any} */ (globalThis).BarcodeDetector;
      if (!Detector) fail('scanCode', 'not supported (this browser has no BarcodeDetector)');
      const detector = new Detector();
      let code;
      const camera = args.onlyFromCamera || (await source(undefined, 'scanCode'));
      if (camera) {
        if (!navigator.mediaDevices) fail('scanCode', 'camera not available');
        code = await scanCamera(detector).catch((e) => fail('scanCode', e.message));
      } else {
        const [file] = await pick('image/*', false, false);
        if (!file) fail('scanCode', 'cancel');
        const codes = await detector.detect(await createImageBitmap(file));
        if (!codes.length) fail('scanCode', 'no code found');
        code = codes[0];
      }
      if (!code) fail('scanCode', 'cancel');
      const text = code.rawValue;
      return { result: text, scanType: String(code.format).toUpperCase(), charSet: 'utf-8', rawData: btoa(unescape(encodeURIComponent(text))) };
    },
    async getLocation(args) {
      await ctx.consent('scope.userLocation', 'getLocation');
      return locationResult((await position('getLocation', !!args.isHighAccuracy)).coords);
    },
    async getFuzzyLocation() {
      await ctx.consent('scope.userFuzzyLocation', 'getFuzzyLocation');
      const { coords: c } = await position('getFuzzyLocation', false);
      return { latitude: fuzzy(c.latitude), longitude: fuzzy(c.longitude) };
    },
    async chooseLocation(args) {
      await ctx.consent('scope.userLocation', 'chooseLocation');
      let lat = args.latitude;
      let lng = args.longitude;
      if (typeof lat !== 'number' || typeof lng !== 'number') {
        const { coords } = await position('chooseLocation', true);
        lat = coords.latitude;
        lng = coords.longitude;
      }
      const r = await dialogs.modal(modalOptions({
        title: `${lat.toFixed(5)}, ${lng.toFixed(5)}`, editable: true, placeholderText: '地点名称', confirmText: '选择',
      }));
      if (!r.confirm) fail('chooseLocation', 'cancel');
      return { name: r.content || '', address: '', latitude: lat, longitude: lng };
    },
    vibrateShort() {
      if (!navigator.vibrate) fail('vibrateShort', 'not supported');
      navigator.vibrate(15);
    },
    vibrateLong() {
      if (!navigator.vibrate) fail('vibrateLong', 'not supported');
      navigator.vibrate(400);
    },
    getNetworkType() {
      return { networkType: networkType(navigator) };
    },
  };

  /** "Save to album" in a browser is a download. */
  async function save(/** @type {string} */ api, /** @type {unknown} */ path) {
    if (typeof path !== 'string') fail(api, 'parameter error: parameter.filePath should be String;');
    // A temporary file or a package file, never a URL (WeChat: no network paths): the host would
    // fetch it with the platform's origin and cookies (DESIGN.md invariants 1 and 2).
    const url = files.get(path) ? path : /^[a-z][a-z0-9+.-]*:/i.test(path) ? '' : ctx.packageUrl(path);
    if (!url) fail(api, 'file not found');
    await ctx.consent('scope.writePhotosAlbum', api);
    const blob = await files.blob(url).catch(() => fail(api, 'file not found'));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = files.name(/** @type {string} */ (path));
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }
}
