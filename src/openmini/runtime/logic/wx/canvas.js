// wx.createCanvasContext: WeChat's (old) CanvasContext records drawing calls in the worker and
// `draw()` sends them to the <canvas canvas-id> widget as one `method` "draw" {actions, reserve}.
// The oldest form, wx.createContext() + wx.drawCanvas({canvasId, actions}), records the same
// actions and hands them over through getActions().
// Actions are the widget's (docs/runtime-widgets.md "canvas: the command protocol"):
// `[method, ...args]` with CanvasRenderingContext2D's names, `[property, value]` for an
// assignment; gradients and patterns travel as `{type: "linear"|"radial", args, stops:
// [[offset, color]…]}` / `{type: "pattern", image, repeat}`, and image paths are resolved to
// package file URLs when the batch is sent. WeChat's setter methods (setFillStyle, setFontSize…)
// are recorded as the property they set.

import { Fail, bridge, invoke } from './call.js';
import { ownerOf } from './media.js';

/** @typedef {Record<string, any>} Obj */

const METHODS = 'arc,arcTo,beginPath,bezierCurveTo,clearRect,clip,closePath,fill,fillRect,fillText,lineTo,moveTo,quadraticCurveTo,rect,restore,rotate,save,scale,setTransform,stroke,strokeRect,strokeText,transform,translate,drawImage,setLineDash'.split(',');
const PROPS = 'fillStyle,strokeStyle,lineWidth,lineCap,lineJoin,miterLimit,globalAlpha,font,textAlign,textBaseline,shadowOffsetX,shadowOffsetY,shadowBlur,shadowColor,lineDashOffset,globalCompositeOperation'.split(',');
/** WeChat's setter methods → the property they set. */
const SETTERS = {
  setFillStyle: 'fillStyle', setStrokeStyle: 'strokeStyle', setLineWidth: 'lineWidth', setLineCap: 'lineCap',
  setLineJoin: 'lineJoin', setMiterLimit: 'miterLimit', setGlobalAlpha: 'globalAlpha', setTextAlign: 'textAlign',
  setTextBaseline: 'textBaseline',
};

/** @type {any} */
let measurer = null;

/**
 * Call `name` on the legacy <canvas> whose `canvas-id` is `canvasId` in `comp`'s template (the
 * top page's without `comp`), as WeChat finds legacy canvases: by canvas-id, not id.
 * @param {unknown} comp @param {unknown} canvasId @param {string} name @param {unknown} args
 * @returns {Promise<any>}
 */
function canvasCall(comp, canvasId, name, /** @type {any} */ args) {
  const render = bridge.render;
  const owner = ownerOf(comp);
  if (!render || !owner) return Promise.reject({ errMsg: `${name}:fail no page to find canvas ${canvasId} in` });
  if (name === 'draw') args = { ...args, actions: withUrls(args.actions, (src) => render.mediaUrlOf(owner, src)) };
  return render.callWidget(owner, { tag: 'canvas', attr: 'canvas-id', value: canvasId }, name, args);
}

/**
 * The frame loads images by URL: package paths in drawImage and patterns (relative to the
 * component or page drawing) become the package files' URLs.
 * @param {any[]} actions @param {(src: string) => string} url
 */
function withUrls(actions, url) {
  /** @param {any} v */
  const value = (v) => (v && typeof v === 'object' && v.type === 'pattern' && typeof v.image === 'string' ? { ...v, image: url(v.image) } : v);
  return actions.map((a) => {
    if (!Array.isArray(a)) return a;
    if (a[0] === 'drawImage' && typeof a[1] === 'string') return ['drawImage', url(a[1]), ...a.slice(2)];
    return a.map(value);
  });
}

/** @param {string} canvasId @param {unknown} [comp] */
export function createCanvasContext(canvasId, comp) {
  const { ctx, take } = recorder(canvasId);
  ctx.draw = (/** @type {boolean} */ reserve, /** @type {Function} */ callback) => {
    canvasCall(comp, canvasId, 'draw', { actions: take(), reserve: !!reserve }).then(
      () => typeof callback === 'function' && callback(),
      (e) => console.error(`[openmini] canvas ${canvasId} draw: ${e && (e.errMsg || e.message)}`),
    );
  };
  return ctx;
}

/** `wx.createContext()`: a context whose actions `getActions()` hands to `wx.drawCanvas`. */
export function createContext() {
  const { ctx, take } = recorder('');
  ctx.getActions = take;
  return ctx;
}

/**
 * A CanvasContext that records; `take()` returns the actions so far (JSON) and starts over.
 * @param {string} canvasId
 */
function recorder(canvasId) {
  /** @type {any[][]} */
  let actions = [];
  /** @type {Obj} */
  const state = { font: '10px sans-serif' };
  /** @type {Obj} */
  const ctx = { canvasId };
  for (const m of METHODS) ctx[m] = (/** @type {any[]} */ ...args) => void actions.push([m, ...args]);
  for (const p of PROPS) {
    Object.defineProperty(ctx, p, {
      enumerable: true,
      get: () => state[p],
      set(v) {
        state[p] = v;
        actions.push([p, v]);
      },
    });
  }
  for (const name in SETTERS) ctx[name] = (/** @type {unknown} */ v) => void (ctx[/** @type {any} */ (SETTERS)[name]] = v);
  ctx.setFontSize = (/** @type {number} */ size) => void (ctx.font = `${size}px sans-serif`);
  ctx.setShadow = (/** @type {number} */ x, /** @type {number} */ y, /** @type {number} */ blur, /** @type {string} */ color) => {
    ctx.shadowOffsetX = x;
    ctx.shadowOffsetY = y;
    ctx.shadowBlur = blur;
    ctx.shadowColor = color || 'black';
  };
  const gradient = (/** @type {string} */ kind, /** @type {number[]} */ args) => {
    const g = { type: kind, args, stops: /** @type {[number, string][]} */ ([]) };
    return { ...g, addColorStop: (/** @type {number} */ at, /** @type {string} */ color) => void g.stops.push([at, color]), toJSON: () => g };
  };
  ctx.createLinearGradient = (/** @type {number[]} */ ...args) => gradient('linear', args);
  // WeChat's circular gradient is (x, y, r): one circle, from its centre outwards.
  ctx.createCircularGradient = (/** @type {number} */ x, /** @type {number} */ y, /** @type {number} */ r) => gradient('radial', [x, y, 0, x, y, r]);
  ctx.createRadialGradient = (/** @type {number[]} */ ...args) => gradient('radial', args);
  ctx.createPattern = (/** @type {string} */ src, /** @type {string} */ repetition) => ({ type: 'pattern', image: src, repeat: repetition });
  ctx.measureText = (/** @type {string} */ text) => measure(String(text), state.font);
  const take = () => {
    const out = JSON.parse(JSON.stringify(actions));
    actions = [];
    return out;
  };
  return { ctx, take };
}

/**
 * measureText is synchronous in WeChat; workers have OffscreenCanvas to measure with. Without
 * it (node) the width is estimated from the font size.
 * @param {string} text @param {string} font
 */
function measure(text, font) {
  if (measurer === null) {
    const OC = /** @type {any} */ (globalThis).OffscreenCanvas;
    measurer = OC ? new OC(1, 1).getContext('2d') : false;
  }
  if (measurer) {
    measurer.font = font;
    return { width: measurer.measureText(text).width };
  }
  const size = parseFloat((/(\d+(?:\.\d+)?)px/.exec(font) || [])[1] || '10');
  let width = 0;
  for (const ch of text) width += ch.charCodeAt(0) > 255 ? size : size * 0.55;
  return { width };
}

/**
 * A `type` canvas's picture as a data URL (its Canvas node's surface, in the worker).
 * @param {any} node @param {Record<string, any>} o
 */
async function surfaceUrl(node, o) {
  const type = o.fileType === 'jpg' || o.fileType === 'jpeg' ? 'image/jpeg' : 'image/png';
  const surface = node.surface;
  const x = Number(o.x) || 0, y = Number(o.y) || 0;
  const w = Number(o.width) || surface.width - x, h = Number(o.height) || surface.height - y;
  const OC = /** @type {any} */ (globalThis).OffscreenCanvas;
  const out = new OC(Number(o.destWidth) || w, Number(o.destHeight) || h);
  out.getContext('2d').drawImage(surface, x, y, w, h, 0, 0, out.width, out.height);
  const blob = await out.convertToBlob({ type, quality: o.quality == null ? 1 : Number(o.quality) });
  const url = await new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
  return { tempFilePath: url, width: out.width, height: out.height };
}

/**
 * `wx.createOffscreenCanvas({type, width, height, compInst})` (or the old `(width, height)`): a
 * Canvas of the worker's own (WeChat's default type is webgl; getContext picks it).
 * @param {any} options @param {number} [height]
 */
function createOffscreenCanvas(options, height) {
  const o = typeof options === 'number' ? { width: options, height } : options || {};
  const OC = /** @type {any} */ (globalThis).OffscreenCanvas;
  const render = bridge.render;
  if (!OC || !render) throw new Error('createOffscreenCanvas:fail not supported in this browser');
  return render.offscreenNode(new OC(Number(o.width) || 300, Number(o.height) || 150), o.compInst);
}

export const canvasApis = {
  createCanvasContext,
  createContext,
  createOffscreenCanvas,
  /** `wx.drawCanvas({canvasId, actions, reserve})`: the actions of `createContext().getActions()`. */
  drawCanvas: (/** @type {any} */ options, /** @type {unknown} */ comp) => invoke('drawCanvas', options, (o) =>
    canvasCall(comp, o.canvasId, 'draw', { actions: Array.isArray(o.actions) ? o.actions : [], reserve: !!o.reserve }), 'canvasId:String'),
  /** `wx.canvasGetImageData({canvasId, x, y, width, height}, component)` → `{width, height, data}` (a legacy canvas, CSS px). */
  canvasGetImageData: (/** @type {any} */ options, /** @type {unknown} */ comp) => invoke('canvasGetImageData', options, (o) =>
    canvasCall(comp, o.canvasId, 'getImageData', { x: o.x, y: o.y, width: o.width, height: o.height }), 'canvasId:String'),
  /** `wx.canvasPutImageData({canvasId, data, x, y, width, height}, component)`. */
  canvasPutImageData: (/** @type {any} */ options, /** @type {unknown} */ comp) => invoke('canvasPutImageData', options, (o) =>
    canvasCall(comp, o.canvasId, 'putImageData', { data: o.data, x: o.x, y: o.y, width: o.width, height: o.height }), 'canvasId:String'),
  /**
   * `wx.canvasToTempFilePath({canvasId | canvas, x, y, width, height, destWidth, destHeight,
   * fileType, quality}, component)`: the legacy canvas draws its own picture in the page frame;
   * a `type` canvas's node is drawn here.
   */
  canvasToTempFilePath: (/** @type {any} */ options, /** @type {unknown} */ comp) => invoke('canvasToTempFilePath', options, (o) => {
    const { canvasId, canvas, success, fail, complete, ...args } = o;
    if (canvas && canvas.surface) return surfaceUrl(canvas, args);
    if (canvasId == null) throw new Fail('canvasId or canvas is required');
    return canvasCall(comp, canvasId, 'toDataURL', args);
  }),
};
