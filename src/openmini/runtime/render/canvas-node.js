/**
 * WeChat's `Canvas` node for `<canvas type="2d">` / `type="webgl"`: what
 * `SelectorQuery…fields({node: true})` yields. The page frame transfers the canvas's surface
 * (an OffscreenCanvas bound to the element on screen) to the worker, so developer code gets
 * real, synchronous 2D and WebGL contexts, as in WeChat. What the worker cannot do itself —
 * load an image (it has no network) — the frame does (`loadImage` answers an ImageBitmap), and
 * the contexts accept WeChat's image objects where the web wants an image source.
 */

import { base64, encodePng } from './png.js';

/** Context methods that take an image source among their arguments. */
const TAKES_IMAGE = new Set(['drawImage', 'createPattern', 'texImage2D', 'texSubImage2D']);

/** An Image from `createImage()` becomes its bitmap, a Canvas node its surface. @param {any} v */
const source = (v) => (v instanceof CanvasImage ? v.bitmap : v instanceof CanvasNode ? v.surface : v);

/**
 * The developer sees the real context, with `canvas` the node and image arguments unwrapped.
 * @param {any} ctx @param {CanvasNode} canvas
 */
function wrapContext(ctx, canvas) {
  /** @type {Map<PropertyKey, Function>} */
  const methods = new Map();
  return new Proxy(ctx, {
    get(target, key) {
      if (key === 'canvas') return canvas;
      const v = target[key];
      if (typeof v !== 'function') return v;
      let f = methods.get(key);
      if (!f) {
        f = /** @type {Function} */ (TAKES_IMAGE.has(/** @type {string} */ (key))
          ? (/** @type {any[]} */ ...args) => v.apply(target, args.map(source))
          : v.bind(target));
        methods.set(key, f);
      }
      return f;
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  });
}

/** `canvas.createImage()`: set `src`, then `onload` (with width/height) or `onerror`. */
export class CanvasImage {
  /** @param {(src: string) => Promise<any>} load */
  constructor(load) {
    this._load = load;
    this._src = '';
    /** @type {any} the ImageBitmap once loaded */
    this.bitmap = null;
    this.width = 0;
    this.height = 0;
    /** @type {((e?: any) => void) | null} */
    this.onload = null;
    /** @type {((e?: any) => void) | null} */
    this.onerror = null;
  }

  get src() {
    return this._src;
  }

  set src(value) {
    const src = String(value);
    this._src = src;
    this._load(src).then(
      (bitmap) => {
        if (this._src !== src) return; // a later src won
        this.bitmap = bitmap;
        this.width = bitmap.width;
        this.height = bitmap.height;
        if (typeof this.onload === 'function') this.onload({ type: 'load' });
      },
      (e) => {
        if (this._src === src && typeof this.onerror === 'function') this.onerror({ type: 'error', errMsg: String((e && e.errMsg) || e) });
      },
    );
  }
}

/** Developer arguments as ImageData wants them: `(width, height)` or `(data, width, height)`. @param {any[]} args */
function imageData(args) {
  if (typeof args[0] === 'number') return new ImageData(args[0], args[1]);
  const data = args[0] instanceof Uint8ClampedArray ? args[0] : new Uint8ClampedArray(args[0]);
  return args[2] == null ? new ImageData(data, args[1]) : new ImageData(data, args[1], args[2]);
}

const CONTEXTS = { '2d': '2d', webgl: 'webgl', webgl2: 'webgl2', 'experimental-webgl': 'webgl' };

export class CanvasNode {
  /**
   * @param {any} surface the OffscreenCanvas the frame transferred
   * @param {(src: string) => Promise<any>} load an image URL (already resolved) → ImageBitmap
   * @param {(src: string) => string} resolve a developer path → URL
   * @param {() => boolean} alive the canvas is still on a page (animation frames stop after)
   */
  constructor(surface, load, resolve, alive) {
    this.surface = surface;
    this._load = load;
    this._resolve = resolve;
    this._alive = alive;
    /** @type {any} */
    this._ctx = null;
  }

  get width() {
    return this.surface.width;
  }

  set width(v) {
    this.surface.width = v;
  }

  get height() {
    return this.surface.height;
  }

  set height(v) {
    this.surface.height = v;
  }

  /**
   * One context per canvas, of the first type asked for (as on the web); another type answers null.
   * @param {string} type @param {any} [attributes]
   */
  getContext(type, attributes) {
    const kind = /** @type {Record<string, string>} */ (CONTEXTS)[type];
    if (!kind) return null;
    const ctx = this.surface.getContext(kind, attributes);
    if (!ctx) return null;
    if (!this._ctx || this._ctx.raw !== ctx) this._ctx = { raw: ctx, wrapped: wrapContext(ctx, this) };
    return this._ctx.wrapped;
  }

  createImage() {
    return new CanvasImage((src) => this._load(this._resolve(src)));
  }

  /** `createImageData(width, height)` or WeChat's `createImageData(data, width, height)`. @param {any[]} args */
  createImageData(...args) {
    return imageData(args);
  }

  /**
   * The picture as a PNG data URL, synchronously as in WeChat (another `type` gives PNG too, as
   * browsers do for types they cannot encode); an empty canvas gives "data:,".
   */
  toDataURL() {
    const { width, height } = this.surface;
    if (!width || !height) return 'data:,';
    const copy = new OffscreenCanvas(width, height).getContext('2d');
    if (!copy) return 'data:,';
    copy.drawImage(this.surface, 0, 0);
    return 'data:image/png;base64,' + base64(encodePng(width, height, copy.getImageData(0, 0, width, height).data));
  }

  /** @param {any} [path] */
  createPath2D(path) {
    return path == null ? new Path2D() : new Path2D(path);
  }

  /** The worker's animation frames; none once the canvas left the page. @param {(t: number) => void} cb */
  requestAnimationFrame(cb) {
    const scope = /** @type {any} */ (globalThis);
    const run = (/** @type {number} */ t) => {
      if (this._alive()) cb(t);
    };
    if (typeof scope.requestAnimationFrame === 'function') return scope.requestAnimationFrame(run);
    return setTimeout(() => run(performance.now()), 16);
  }

  /** @param {any} id */
  cancelAnimationFrame(id) {
    const scope = /** @type {any} */ (globalThis);
    if (typeof scope.cancelAnimationFrame === 'function') scope.cancelAnimationFrame(id);
    else clearTimeout(id);
  }
}
