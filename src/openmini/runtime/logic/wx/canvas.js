// wx.createCanvasContext: WeChat's (old) CanvasContext records drawing calls in the worker and
// `draw()` sends them to the <canvas> widget as one `method` "draw" {actions, reserve}.
// An action is `[method, ...args]` with CanvasRenderingContext2D's names, or
// `["=", property, value]`; gradients and patterns travel as
// `{gradient: "linear"|"radial", args, stops: [[offset, color]…]}` / `{pattern: src, repetition}`.
// WeChat's setter methods (setFillStyle, setFontSize…) are recorded as the property they set.

import { invoke } from './call.js';
import { widgetCall } from './media.js';

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

/** @param {string} canvasId @param {unknown} [comp] */
export function createCanvasContext(canvasId, comp) {
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
        actions.push(['=', p, v]);
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
    const g = { gradient: kind, args, stops: /** @type {[number, string][]} */ ([]) };
    return { ...g, addColorStop: (/** @type {number} */ at, /** @type {string} */ color) => void g.stops.push([at, color]), toJSON: () => g };
  };
  ctx.createLinearGradient = (/** @type {number[]} */ ...args) => gradient('linear', args);
  // WeChat's circular gradient is (x, y, r): one circle, from its centre outwards.
  ctx.createCircularGradient = (/** @type {number} */ x, /** @type {number} */ y, /** @type {number} */ r) => gradient('radial', [x, y, 0, x, y, r]);
  ctx.createRadialGradient = (/** @type {number[]} */ ...args) => gradient('radial', args);
  ctx.createPattern = (/** @type {string} */ src, /** @type {string} */ repetition) => ({ pattern: src, repetition });
  ctx.measureText = (/** @type {string} */ text) => measure(String(text), state.font);
  ctx.draw = (/** @type {boolean} */ reserve, /** @type {Function} */ callback) => {
    const sent = JSON.parse(JSON.stringify(actions));
    actions = [];
    widgetCall(comp, canvasId, 'draw', { actions: sent, reserve: !!reserve }).then(
      () => typeof callback === 'function' && callback(),
      (e) => console.error(`[openmini] canvas #${canvasId} draw: ${e && (e.errMsg || e.message)}`),
    );
  };
  return ctx;
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

export const canvasApis = {
  createCanvasContext,
  /** `wx.canvasToTempFilePath({canvasId, x, y, width, height, destWidth, destHeight, fileType, quality}, component)` */
  canvasToTempFilePath: (/** @type {any} */ options, /** @type {unknown} */ comp) => invoke('canvasToTempFilePath', options, (o) => {
    const { canvasId, canvas, success, fail, complete, ...args } = o;
    return widgetCall(comp, canvasId, 'toTempFilePath', args);
  }, 'canvasId:String'),
};
