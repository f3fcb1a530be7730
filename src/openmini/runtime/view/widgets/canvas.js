// <canvas>: a real canvas in the page frame (docs/runtime-widgets.md "canvas"). Legacy canvases
// (`canvas-id`) are drawn here from batches of 2D commands the logic worker records, in CSS px
// with the backing store kept at CSS size × devicePixelRatio. `type="2d"`/`"webgl"` canvases hand
// their drawing surface to the worker (transferControlToOffscreen) the first time a selector
// query asks for their `node`: the developer's code then draws synchronously, as in WeChat.
import { $, Widget, num, shadow, widget } from "./shared.js";

/** Legacy CanvasContext setters → the standard property (value is args[0]). */
const ALIAS = /** @type {Record<string, string>} */ ({
  setFillStyle: "fillStyle", setStrokeStyle: "strokeStyle", setLineWidth: "lineWidth",
  setLineCap: "lineCap", setLineJoin: "lineJoin", setMiterLimit: "miterLimit",
  setGlobalAlpha: "globalAlpha", setTextAlign: "textAlign", setTextBaseline: "textBaseline",
});

/** Properties an action may assign (anything else must be a context method). */
const PROPS = new Set(("fillStyle strokeStyle lineWidth lineCap lineJoin miterLimit font globalAlpha " +
  "globalCompositeOperation textAlign textBaseline shadowOffsetX shadowOffsetY shadowBlur shadowColor " +
  "lineDashOffset filter imageSmoothingEnabled imageSmoothingQuality direction letterSpacing").split(" "));

/**
 * Normalise one action `[name, ...args]` (legacy names included) to `[kind, name, args]`:
 * kind "set" assigns a property, "call" calls a method, "" is refused.
 * @param {any[]} action @returns {[string, string, any[]]}
 */
export function normalise(action) {
  const [name, ...args] = Array.isArray(action) ? action : [];
  if (typeof name !== "string") return ["", "", []];
  if (ALIAS[name]) return ["set", ALIAS[name], args];
  if (name === "setFontSize") return ["set", "font", [num(args[0], 10) + "px sans-serif"]];
  if (name === "setShadow") return ["shadow", name, args];
  if (PROPS.has(name)) return ["set", name, args];
  if (/^(create|get|is|measure|reset$)/.test(name) || name === "putImageData") return ["", name, args];
  return ["call", name, args];
}

/** Image URLs an action batch draws (loaded before the batch runs, so drawing stays in order). */
export function images(/** @type {any[]} */ actions) {
  const out = new Set();
  for (const a of actions) {
    if (!Array.isArray(a)) continue;
    if (a[0] === "drawImage" && typeof a[1] === "string") out.add(a[1]);
    for (const v of a) if (v && typeof v === "object" && v.type === "pattern" && typeof v.image === "string") out.add(v.image);
  }
  return [...out];
}

/** @type {Map<string, Promise<HTMLImageElement>>} */
const cache = new Map();

/** Load an image for drawing; CORS first (keeps the canvas exportable), then plain. */
export function loadImage(/** @type {string} */ src) {
  let p = cache.get(src);
  if (!p) {
    const get = (/** @type {boolean} */ cors) => new Promise((ok, ko) => {
      const img = new Image();
      if (cors) img.crossOrigin = "anonymous";
      img.onload = () => ok(img);
      img.onerror = () => ko(new Error("image load error " + src));
      img.src = src;
    });
    p = /** @type {Promise<HTMLImageElement>} */ (get(true).catch(() => get(false)));
    p.catch(() => cache.delete(src));
    cache.set(src, p);
  }
  return p;
}

class Canvas extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, ":host{display:inline-block;width:300px;height:150px;position:relative}" +
      "canvas{display:block;width:100%;height:100%}", "<canvas part=canvas></canvas><slot></slot>");
    /** @type {HTMLCanvasElement} */
    this.c = $(r, "canvas");
    /** Taken on first use: a canvas whose control went to the worker has no context here. @type {CanvasRenderingContext2D | null} */
    this.context = null;
    /** The surface went to the worker (it can go only once). */
    this.transferred = false;
    this.queue = Promise.resolve();
    new ResizeObserver(() => this.fit()).observe(el);
    // disable-scroll: touches on the canvas do not scroll the page
    el.addEventListener("touchmove", (e) => this.b("disableScroll") && e.cancelable && e.preventDefault(), { passive: false });
  }

  get legacy() {
    return !this.p.type;
  }

  get ctx() {
    if (this.transferred) throw new Error("this canvas is drawn by its node (type=\"" + this.p.type + "\")");
    return (this.context ||= /** @type {CanvasRenderingContext2D} */ (this.c.getContext("2d")));
  }

  /**
   * `fields({node: true})` on a `type` canvas: its OffscreenCanvas, once (view/query.js
   * transfers it to the worker); later queries answer `true` and logic reuses the node it has.
   * @param {Record<string, any>} fields
   */
  measure(fields) {
    if (!fields.node || this.legacy) return {};
    if (this.transferred) return { node: true };
    this.transferred = true;
    return { node: this.c.transferControlToOffscreen() };
  }

  /** Legacy canvases follow their CSS size (resizing clears them, as in WeChat). */
  fit() {
    if (!this.legacy) return;
    const d = devicePixelRatio || 1, w = Math.round(this.el.clientWidth * d), h = Math.round(this.el.clientHeight * d);
    if (this.c.width !== w || this.c.height !== h) (this.c.width = w), (this.c.height = h), this.base();
  }

  base() {
    const d = devicePixelRatio || 1;
    this.ctx.setTransform(d, 0, 0, d, 0, 0);
  }

  /** @param {Set<string>} ch */
  update(ch) {
    if (ch.has("type")) this.fit();
  }

  /** A style value: a colour string, or a gradient/pattern description. @param {any} v */
  paint(v) {
    if (!v || typeof v !== "object") return v;
    const x = this.ctx, a = Array.isArray(v.args) ? v.args.map(Number) : [];
    /** @type {any} */
    let g;
    if (v.type === "linear") g = x.createLinearGradient(a[0], a[1], a[2], a[3]);
    else if (v.type === "radial") g = a.length >= 6 ? x.createRadialGradient(a[0], a[1], a[2], a[3], a[4], a[5])
      : x.createRadialGradient(a[0], a[1], 0, a[0], a[1], a[2]); // legacy circular (x, y, r)
    else if (v.type === "conic") g = x.createConicGradient(a[0], a[1], a[2]);
    else if (v.type === "pattern") return x.createPattern(v.img, v.repeat || "repeat");
    for (const [o, c] of Array.isArray(v.stops) ? v.stops : []) g?.addColorStop(num(o, 0), String(c));
    return g;
  }

  /** @param {any[]} actions @param {boolean} reserve */
  async draw(actions, reserve) {
    const imgs = new Map();
    await Promise.all(images(actions).map((s) => loadImage(s).then((i) => imgs.set(s, i), () => {})));
    const x = /** @type {any} */ (this.ctx);
    if (!reserve) {
      x.reset ? x.reset() : x.clearRect(0, 0, this.c.width, this.c.height);
      this.base();
    }
    for (const a of actions) {
      const [kind, name, args] = normalise(a);
      try {
        if (kind === "set") {
          const v = args[0];
          if (v && v.type === "pattern") v.img = imgs.get(v.image);
          if (v && v.type === "pattern" && !v.img) continue;
          x[name] = this.paint(v);
        } else if (kind === "shadow") {
          [x.shadowOffsetX, x.shadowOffsetY, x.shadowBlur, x.shadowColor] = [num(args[0], 0), num(args[1], 0), num(args[2], 0), args[3] ?? "black"];
        } else if (kind === "call" && typeof x[name] === "function") {
          if (name === "drawImage") {
            const img = typeof args[0] === "string" ? imgs.get(args[0]) : null;
            if (img) x.drawImage(img, ...args.slice(1));
          } else if (name === "setLineDash") {
            x.setLineDash(Array.isArray(args[0]) ? args[0] : []);
            if (args[1] != null) x.lineDashOffset = num(args[1], 0);
          } else x[name](...args);
        }
      } catch (e) {
        console.warn("canvas: " + name + ": " + /** @type {Error} */ (e).message);
      }
    }
  }

  /** Canvas commands in order: a later call waits for an earlier batch's images. */
  /** @param {string} name @param {any} a */
  method(name, a = {}) {
    const run = () => this.call(name, a);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }

  /** @param {string} name @param {any} a */
  async call(name, a) {
    const c = this.c;
    // a type canvas's node (in the worker) draws images it cannot load itself: the frame
    // loads them and sends a bitmap (structured-cloned)
    if (name === "loadImage") return createImageBitmap(await loadImage(String(a.src)));
    if (name === "info") {
      return { width: this.el.clientWidth, height: this.el.clientHeight, canvasWidth: c.width, canvasHeight: c.height, pixelRatio: devicePixelRatio || 1 };
    }
    const x = this.ctx;
    if (name === "draw") return void (await this.draw(Array.isArray(a.actions) ? a.actions : [], !!a.reserve));
    if (name === "measureText") {
      x.save();
      if (a.font) x.font = a.font;
      const w = x.measureText(String(a.text ?? "")).width;
      x.restore();
      return { width: w };
    }
    // legacy API areas are in CSS px
    const k = devicePixelRatio || 1;
    const rx = Math.round(num(a.x, 0) * k), ry = Math.round(num(a.y, 0) * k);
    const rw = Math.round(num(a.width, c.width / k - num(a.x, 0)) * k), rh = Math.round(num(a.height, c.height / k - num(a.y, 0)) * k);
    if (name === "getImageData") {
      const d = x.getImageData(rx, ry, rw, rh);
      return { width: d.width, height: d.height, data: d.data };
    }
    if (name === "putImageData") {
      const data = new Uint8ClampedArray(a.data);
      const img = new ImageData(data, num(a.width, 0), data.length / 4 / num(a.width, 1));
      return void x.putImageData(img, rx, ry);
    }
    if (name === "toDataURL") {
      const out = document.createElement("canvas");
      out.width = num(a.destWidth, rw), out.height = num(a.destHeight, rh);
      /** @type {CanvasRenderingContext2D} */ (out.getContext("2d")).drawImage(c, rx, ry, rw, rh, 0, 0, out.width, out.height);
      const type = a.fileType === "jpg" || a.fileType === "jpeg" ? "image/jpeg" : "image/png";
      return { tempFilePath: out.toDataURL(type, num(a.quality, 1)), width: out.width, height: out.height };
    }
    return super.method(name, a);
  }
}

widget("canvas", Canvas);
