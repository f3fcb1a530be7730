// Skyline's worklet values and animations (`wx.worklet`), run in the logic worker: the web has no
// separate UI thread, so a "worklet" is an ordinary function here. A shared value is a box whose
// `.value` reads are tracked; `derived` values and animated styles (worklet.js) re-run when a
// value they read changes. Assigning an animation (`timing`, `spring`, `decay`, `sequence`,
// `repeat`, `delay`) to `.value` plays it on the frame clock, one step per frame.

import { safeCall } from '../hooks.js';

/**
 * @typedef {{now(): number, request(fn: () => void): void}} Clock
 * @typedef {(now: number) => boolean} Step  advances the value; true once finished
 * @typedef {{start(sv: SharedValue, now: number): Step, to?: number, withTarget?(to: number): Animation,
 *   cb?: AnimationCallback}} Animation
 * @typedef {(finished: boolean, current?: unknown) => void} AnimationCallback
 * @typedef {{notify(): void}} Subscriber
 */

/** @type {Clock} */
let clock = {
  now: () => performance.now(),
  // the worker's requestAnimationFrame follows the hidden service frame, which may get no frames
  request: (fn) => void setTimeout(fn, 16),
};

/** Replace the frame clock (tests step it by hand). @param {Clock} c */
export function setClock(c) {
  clock = c;
}

/** The subscriber whose run is reading values now. @type {Subscriber | null} */
let reader = null;

/** Run `fn` with `sub` recording every shared value it reads; returns fn's result. @template T @param {Subscriber} sub @param {() => T} fn @returns {T} */
export function track(sub, fn) {
  const outer = reader;
  reader = sub;
  try {
    return fn();
  } finally {
    reader = outer;
  }
}

const ANIMATION = Symbol('animation');
/** @param {unknown} v @returns {v is Animation} */
const isAnimation = (v) => !!v && typeof v === 'object' && ANIMATION in v;

export class SharedValue {
  /** @param {unknown} v */
  constructor(v) {
    /** @type {unknown} */
    this.v = v;
    /** @type {Set<Subscriber>} */
    this.subs = new Set();
    /** The animation playing on this value. @type {{anim: Animation, step: Step} | null} */
    this.playing = null;
  }

  get value() {
    if (reader) this.subs.add(reader);
    return this.v;
  }

  /** An animation plays from the current value; anything else stops the one playing. */
  set value(v) {
    stop(this, false);
    if (isAnimation(v)) play(this, v);
    else this.set(v);
  }

  /** Change the value without touching the animation (the animation's own steps). @param {unknown} v */
  set(v) {
    if (Object.is(v, this.v) && (v === null || typeof v !== 'object')) return;
    this.v = v;
    for (const sub of [...this.subs]) sub.notify();
  }
}

/** @param {unknown} v */
export const shared = (v) => new SharedValue(v);

/**
 * A shared value computed by `fn`, recomputed (synchronously) when a value it read changes.
 * @param {() => unknown} fn
 */
export function derived(fn) {
  const sv = new SharedValue(undefined);
  const sub = { notify: () => sv.set(track(sub, fn)) };
  sv.v = track(sub, fn);
  return sv;
}

/** Values with an animation playing. @type {Set<SharedValue>} */
const running = new Set();
let scheduled = false;
/** Work to run on the next frame after the animation steps (animated styles). @type {Set<() => void>} */
const frameWork = new Set();

/** Run `fn` once on the next frame (after the animations stepped). @param {() => void} fn */
export function onNextFrame(fn) {
  frameWork.add(fn);
  schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  clock.request(frame);
}

function frame() {
  scheduled = false;
  const now = clock.now();
  for (const sv of [...running]) {
    const p = sv.playing;
    if (p && p.step(now)) {
      sv.playing = null;
      running.delete(sv);
      finish(p.anim, true, sv.v);
    }
  }
  const work = [...frameWork];
  frameWork.clear();
  for (const fn of work) fn();
  if (running.size) schedule();
}

/** @param {Animation} anim @param {boolean} finished @param {unknown} current */
function finish(anim, finished, current) {
  if (typeof anim.cb === 'function') safeCall(anim.cb, null, [finished, current], 'worklet animation callback');
}

/** @param {SharedValue} sv @param {Animation} anim */
function play(sv, anim) {
  sv.playing = { anim, step: anim.start(sv, clock.now()) };
  running.add(sv);
  schedule();
}

/** @param {SharedValue} sv @param {boolean} finished */
function stop(sv, finished) {
  const p = sv.playing;
  if (!p) return;
  sv.playing = null;
  running.delete(sv);
  finish(p.anim, finished, sv.v);
}

/** `cancelAnimation(sv)`: the animation stops where it is; its callback gets `false`. @param {SharedValue} sv */
export const cancelAnimation = (sv) => stop(sv, false);

/** @param {Omit<Animation, typeof ANIMATION>} a @returns {Animation} */
const animation = (a) => Object.assign(a, { [ANIMATION]: true });

/** @param {unknown} v */
const numberOf = (v) => (typeof v === 'number' ? v : parseFloat(String(v)) || 0);

// ------------------------------------------------------------------ easing

/** @typedef {(t: number) => number} Ease */

/** A CSS cubic-bézier curve (Newton's method on x, then bisection). @param {number} x1 @param {number} y1 @param {number} x2 @param {number} y2 @returns {Ease} */
function cubicBezier(x1, y1, x2, y2) {
  /** @param {number} t @param {number} a @param {number} b */
  const at = (t, a, b) => ((1 - 3 * b + 3 * a) * t + (3 * b - 6 * a)) * t * t + 3 * a * t;
  /** @param {number} t @param {number} a @param {number} b */
  const slope = (t, a, b) => 3 * (1 - 3 * b + 3 * a) * t * t + 2 * (3 * b - 6 * a) * t + 3 * a;
  return (x) => {
    if (x <= 0 || x >= 1) return x <= 0 ? 0 : 1;
    let t = x;
    for (let i = 0; i < 8; i++) {
      const s = slope(t, x1, x2);
      if (Math.abs(s) < 1e-6) break;
      t -= (at(t, x1, x2) - x) / s;
    }
    if (!(t >= 0 && t <= 1) || Math.abs(at(t, x1, x2) - x) > 1e-5) {
      let lo = 0, hi = 1;
      t = x;
      for (let i = 0; i < 40; i++) {
        if (at(t, x1, x2) < x) lo = t;
        else hi = t;
        t = (lo + hi) / 2;
      }
    }
    return at(t, y1, y2);
  };
}

/** @param {number} t */
const bounce = (t) => {
  if (t < 1 / 2.75) return 7.5625 * t * t;
  if (t < 2 / 2.75) return 7.5625 * (t -= 1.5 / 2.75) * t + 0.75;
  if (t < 2.5 / 2.75) return 7.5625 * (t -= 2.25 / 2.75) * t + 0.9375;
  return 7.5625 * (t -= 2.625 / 2.75) * t + 0.984375;
};

/** WeChat's `wx.worklet.Easing` (React Native's set, plus `cubicBezier`). */
export const Easing = {
  /** @param {number} t */ linear: (t) => t,
  ease: cubicBezier(0.42, 0, 1, 1),
  /** @param {number} t */ quad: (t) => t * t,
  /** @param {number} t */ cubic: (t) => t * t * t,
  /** @param {number} n @returns {Ease} */ poly: (n) => (t) => t ** n,
  /** @param {number} t */ sin: (t) => 1 - Math.cos((t * Math.PI) / 2),
  /** @param {number} t */ circle: (t) => 1 - Math.sqrt(1 - t * t),
  /** @param {number} t */ exp: (t) => 2 ** (10 * (t - 1)),
  /** @param {number} [bounciness] @returns {Ease} */
  elastic: (bounciness = 1) => {
    const p = bounciness * Math.PI;
    return (t) => 1 - Math.cos((t * Math.PI) / 2) ** 3 * Math.cos(t * p);
  },
  /** @param {number} [s] @returns {Ease} */ back: (s = 1.70158) => (t) => t * t * ((s + 1) * t - s),
  bounce,
  /** The curve as React Native's `Easing.bezier`: an object whose `factory()` gives the function. @param {number} x1 @param {number} y1 @param {number} x2 @param {number} y2 */
  bezier: (x1, y1, x2, y2) => ({ factory: () => cubicBezier(x1, y1, x2, y2) }),
  cubicBezier,
  /** @param {Ease} e @returns {Ease} */ in: (e) => e,
  /** @param {Ease} e @returns {Ease} */ out: (e) => (t) => 1 - e(1 - t),
  /** @param {Ease} e @returns {Ease} */ inOut: (e) => (t) => (t < 0.5 ? e(t * 2) / 2 : 1 - e((1 - t) * 2) / 2),
  /** @param {number} n @param {boolean} [roundToNextStep] @returns {Ease} */
  steps: (n = 10, roundToNextStep = true) => (t) => Math.min(Math.max((roundToNextStep ? Math.ceil(t * n) : Math.floor(t * n)) / n, 0), 1),
};

/** An easing given as a function or as `Easing.bezier(…)`'s object. @param {any} e @param {Ease} d @returns {Ease} */
const easeOf = (e, d) => (typeof e === 'function' ? e : e && typeof e.factory === 'function' ? e.factory() : d);

// ------------------------------------------------------------------ animations

/**
 * `timing(to, {duration = 300, easing = Easing.inOut(Easing.quad)}, callback)`.
 * @param {unknown} to @param {{duration?: number, easing?: any}} [config] @param {AnimationCallback} [cb]
 * @returns {Animation}
 */
export function timing(to, config = {}, cb) {
  const target = numberOf(to);
  const duration = Math.max(0, numberOf(config.duration ?? 300));
  const ease = easeOf(config.easing, Easing.inOut(Easing.quad));
  return animation({
    to: target,
    cb,
    withTarget: (t) => timing(t, config),
    start(sv, t0) {
      const from = numberOf(sv.v);
      return (now) => {
        const k = duration > 0 ? Math.min(1, (now - t0) / duration) : 1;
        sv.set(k >= 1 ? target : from + (target - from) * ease(k));
        return k >= 1;
      };
    },
  });
}

/**
 * `spring(to, {stiffness = 100, damping = 10, mass = 1, velocity = 0, overshootClamping,
 * restDisplacementThreshold = 0.01, restSpeedThreshold = 2}, callback)`: a damped spring
 * integrated in 1 ms steps (velocity in units per second).
 * @param {unknown} to @param {Record<string, any>} [config] @param {AnimationCallback} [cb]
 * @returns {Animation}
 */
export function spring(to, config = {}, cb) {
  const target = numberOf(to);
  const k = numberOf(config.stiffness ?? 100);
  const c = numberOf(config.damping ?? 10);
  const m = numberOf(config.mass ?? 1) || 1;
  const restX = numberOf(config.restDisplacementThreshold ?? 0.01);
  const restV = numberOf(config.restSpeedThreshold ?? 2);
  return animation({
    to: target,
    cb,
    withTarget: (t) => spring(t, config),
    start(sv, t0) {
      let x = numberOf(sv.v) - target;
      let v = numberOf(config.velocity ?? 0);
      let last = t0;
      const start = x;
      return (now) => {
        for (; last < now; last += 1) {
          v += ((-k * x - c * v) / m) * 0.001;
          x += v * 0.001;
        }
        const overshot = config.overshootClamping && (start === 0 || Math.sign(x) !== Math.sign(start));
        const done = overshot || (Math.abs(x) < restX && Math.abs(v) < restV);
        sv.set(done ? target : target + x);
        return !!done;
      };
    },
  });
}

/**
 * `decay({velocity, deceleration = 0.998, clamp: [min, max]}, callback)`: the value keeps
 * moving at `velocity` (units per second), slowed by `deceleration` per millisecond.
 * @param {Record<string, any>} [config] @param {AnimationCallback} [cb]
 * @returns {Animation}
 */
export function decay(config = {}, cb) {
  const d = numberOf(config.deceleration ?? 0.998);
  const clampTo = Array.isArray(config.clamp) ? config.clamp.map(numberOf) : null;
  return animation({
    cb,
    start(sv, t0) {
      const from = numberOf(sv.v);
      const v0 = numberOf(config.velocity ?? 0);
      return (now) => {
        const t = now - t0;
        let x = from + ((v0 / 1000) * (1 - d ** t)) / (1 - d);
        let done = Math.abs(v0 * d ** t) < 1;
        if (clampTo && (x <= clampTo[0] || x >= clampTo[1])) {
          x = Math.min(Math.max(x, clampTo[0]), clampTo[1]);
          done = true;
        }
        sv.set(x);
        return done;
      };
    },
  });
}

/**
 * `delay(ms, animation)`: the animation starts `ms` later.
 * @param {number} ms @param {Animation} anim
 * @returns {Animation}
 */
export function delay(ms, anim) {
  return animation({
    to: anim.to,
    withTarget: anim.withTarget && ((t) => delay(ms, /** @type {any} */ (anim.withTarget)(t))),
    start(sv, t0) {
      /** @type {Step | null} */
      let step = null;
      return (now) => {
        if (now - t0 < ms) return false;
        step ||= anim.start(sv, t0 + numberOf(ms));
        return end(anim, step(now), sv);
      };
    },
  });
}

/** Report an inner animation's end to its own callback. @param {Animation} anim @param {boolean} done @param {SharedValue} sv */
function end(anim, done, sv) {
  if (done) finish(anim, true, sv.v);
  return done;
}

/**
 * `sequence(a, b, …)`: each animation after the previous one finished (each callback called).
 * @param {...Animation} anims
 * @returns {Animation}
 */
export function sequence(...anims) {
  const list = anims.filter(isAnimation);
  return animation({
    start(sv, t0) {
      let i = 0;
      let step = list.length ? list[0].start(sv, t0) : null;
      return (now) => {
        while (step && end(list[i], step(now), sv)) {
          step = ++i < list.length ? list[i].start(sv, now) : null;
          if (step) return false; // the next one starts from this frame
        }
        return !step;
      };
    },
  });
}

/**
 * `repeat(animation, times = 2, reverse = false, callback)`: `times <= 0` repeats forever;
 * `reverse` plays every other run back to where the first one started.
 * @param {Animation} anim @param {number} [times] @param {boolean} [reverse] @param {AnimationCallback} [cb]
 * @returns {Animation}
 */
export function repeat(anim, times = 2, reverse = false, cb) {
  return animation({
    cb,
    start(sv, t0) {
      const origin = numberOf(sv.v);
      let run = 0;
      let step = anim.start(sv, t0);
      return (now) => {
        if (!step(now)) return false;
        run++;
        if (times > 0 && run >= times) return true;
        const back = reverse && run % 2 === 1 && anim.withTarget;
        step = (back ? /** @type {any} */ (anim.withTarget)(origin) : anim).start(sv, now);
        return false;
      };
    },
  });
}

// ------------------------------------------------------------------ threads

/**
 * `runOnJS(fn)` / `runOnUI(fn)`: a function that calls `fn` with its arguments in a later task,
 * as WeChat does when it crosses threads (both are the worker here).
 * @param {Function} fn
 */
export const later = (fn) => (/** @type {unknown[]} */ ...args) => void setTimeout(() => fn(...args), 0);
