// Skyline's gesture handlers (<pan-gesture-handler>, <vertical-drag-gesture-handler>, …):
// each wraps its child without a box of its own (display: contents) and turns the pointer events
// that reach it into WeChat's gesture events, sent as the widget event `gesture` (the compiler
// binds `worklet:ongesture` / `onGestureEvent` to it; render calls the method with the fields
// on the event). States: 0 POSSIBLE, 1 BEGIN, 2 ACTIVE, 3 END, 4 CANCELLED.
// `should-response-on-move`, `should-accept-gesture` and `simultaneous-handlers` name worklets
// the frame cannot call synchronously: they are accepted and not consulted (docs/runtime-widgets.md).
import { docCSS, widget, Widget } from "./shared.js";

const BEGIN = 1, ACTIVE = 2, END = 3, CANCELLED = 4;
/** px a pointer moves before a drag is recognised, and the most a tap may move. */
const SLOP = 5, TAP_SLOP = 10;
const LONG_PRESS = 500, DOUBLE_TAP = 300, FORCE = 0.8;

/** @typedef {{x: number, y: number, t: number}} Point */

/** What each tag recognises. @type {Record<string, string>} */
const KINDS = {
  "pan-gesture-handler": "pan",
  "horizontal-drag-gesture-handler": "horizontal",
  "vertical-drag-gesture-handler": "vertical",
  "scale-gesture-handler": "scale",
  "tap-gesture-handler": "tap",
  "double-tap-gesture-handler": "double",
  "long-press-gesture-handler": "long",
  "force-press-gesture-handler": "force",
};

docCSS(`:where(${Object.keys(KINDS).map((t) => "wx-" + t).join(",")}){display:contents}`);

class Gesture extends Widget {
  /** @param {HTMLElement} el @param {any} send @param {string} kind */
  constructor(el, send, kind) {
    super(el, send);
    this.kind = kind;
    /** Pointers down on the handler. @type {Map<number, Point>} */
    this.pointers = new Map();
    this.state = 0;
    /** @type {Point} */
    this.start = { x: 0, y: 0, t: 0 };
    /** @type {Point} */
    this.last = { x: 0, y: 0, t: 0 };
    this.vx = 0;
    this.vy = 0;
    this.span0 = 0;
    this.lastTap = { x: 0, y: 0, t: -1e9 };
    this.timer = 0;
    this.move = this.move.bind(this);
    this.up = this.up.bind(this);
    el.addEventListener("pointerdown", (e) => this.down(e));
  }

  /** @param {PointerEvent} e */
  down(e) {
    if (e.pointerType === "mouse" && e.button) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY, t: e.timeStamp });
    if (this.pointers.size === 1) {
      this.start = this.last = { x: e.clientX, y: e.clientY, t: e.timeStamp };
      this.vx = this.vy = 0;
      this.state = 0;
      addEventListener("pointermove", this.move);
      addEventListener("pointerup", this.up);
      addEventListener("pointercancel", this.up);
      if (this.kind === "long") this.timer = setTimeout(() => this.emit(BEGIN), LONG_PRESS);
    }
    this.span0 = this.span();
  }

  /** @param {PointerEvent} e */
  move(e) {
    if (!this.pointers.has(e.pointerId)) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY, t: e.timeStamp });
    const c = this.centre(), dx = c.x - this.start.x, dy = c.y - this.start.y, k = this.kind;
    if (this.state === 0) {
      const far = Math.abs(dx) >= SLOP || Math.abs(dy) >= SLOP;
      if (k === "long" || k === "tap" || k === "double") {
        if (Math.abs(dx) > TAP_SLOP || Math.abs(dy) > TAP_SLOP) this.fail();
        return;
      }
      if (k === "force") {
        if (e.pressure < FORCE) return;
      } else if (!far) return;
      else if ((k === "horizontal" && Math.abs(dy) > Math.abs(dx)) || (k === "vertical" && Math.abs(dx) > Math.abs(dy))) return this.fail();
      this.emit(BEGIN);
    }
    if (this.state !== BEGIN && this.state !== ACTIVE) return;
    const dt = Math.max(1, e.timeStamp - this.last.t);
    this.vx = ((c.x - this.last.x) / dt) * 1000;
    this.vy = ((c.y - this.last.y) / dt) * 1000;
    this.emit(ACTIVE, c.x - this.last.x, c.y - this.last.y);
    this.last = { x: c.x, y: c.y, t: e.timeStamp };
    if (e.cancelable) e.preventDefault();
  }

  /** @param {PointerEvent} e */
  up(e) {
    if (!this.pointers.delete(e.pointerId)) return;
    if (this.pointers.size) return void (this.span0 = this.span());
    this.off();
    const cancelled = e.type === "pointercancel";
    if (this.state === BEGIN || this.state === ACTIVE) {
      if (e.timeStamp - this.last.t > 80) this.vx = this.vy = 0; // a finger resting before lifting: no fling
      return this.emit(cancelled ? CANCELLED : END);
    }
    if (cancelled || this.state !== 0) return;
    if (this.kind === "tap") this.emit(END);
    else if (this.kind === "double") {
      const p = this.start, q = this.lastTap;
      if (p.t - q.t < DOUBLE_TAP && Math.abs(p.x - q.x) < 30 && Math.abs(p.y - q.y) < 30) {
        this.lastTap = { x: 0, y: 0, t: -1e9 };
        this.emit(END);
      } else this.lastTap = p;
    }
  }

  /** Stop following this touch. */
  fail() {
    this.state = CANCELLED;
    clearTimeout(this.timer);
  }

  off() {
    clearTimeout(this.timer);
    removeEventListener("pointermove", this.move);
    removeEventListener("pointerup", this.up);
    removeEventListener("pointercancel", this.up);
  }

  /** The pointers' centre (the focal point). */
  centre() {
    let x = 0, y = 0;
    for (const p of this.pointers.values()) x += p.x, y += p.y;
    const n = this.pointers.size || 1;
    return this.pointers.size ? { x: x / n, y: y / n } : { x: this.last.x, y: this.last.y };
  }

  /** The pointers' mean distance from their centre (1 pointer: 0). */
  span() {
    const c = this.centre();
    let s = 0;
    for (const p of this.pointers.values()) s += Math.hypot(p.x - c.x, p.y - c.y);
    return s / (this.pointers.size || 1);
  }

  /** Send one gesture event. @param {number} state @param {number} [dx] @param {number} [dy] */
  emit(state, dx = 0, dy = 0) {
    this.state = state;
    const c = state === END || state === CANCELLED ? { x: this.last.x, y: this.last.y } : this.centre();
    const box = (this.el.firstElementChild || this.el).getBoundingClientRect();
    /** @type {Record<string, number>} */
    const d = {
      state, absoluteX: c.x, absoluteY: c.y, x: c.x - box.left, y: c.y - box.top,
      deltaX: dx, deltaY: dy, velocityX: this.vx, velocityY: this.vy, pointerCount: this.pointers.size,
    };
    if (this.kind === "scale") {
      const scale = this.span0 > 0 ? this.span() / this.span0 : 1;
      Object.assign(d, { focalX: c.x, focalY: c.y, focalDeltaX: dx, focalDeltaY: dy, scale, horizontalScale: scale, verticalScale: scale, rotation: 0 });
    }
    this.send("gesture", d);
  }

  destroy() {
    this.off();
  }
}

for (const [tag, kind] of Object.entries(KINDS)) {
  widget(tag, class extends Gesture {
    /** @param {HTMLElement} el @param {any} send */
    constructor(el, send) {
      super(el, send, kind);
    }
  });
}
