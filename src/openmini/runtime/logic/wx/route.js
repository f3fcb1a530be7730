// Skyline's custom routes on the web renderer (docs/runtime-wx.md "Worklets (Skyline)"): a page
// opened with `navigateTo({routeType})` runs its builder; its `primaryAnimation` plays 0 → 1 on
// the worklet frame clock and back to 0 when it is popped, and every frame the styles the
// builder's handlers return go to the host, which puts them on the page frames (one `route`
// message per frame, docs/runtime-protocol.md). Part of the worklet chunk.

import { safeCall } from '../hooks.js';
import { Easing, onNextFrame, shared, timing, track } from './worklet-core.js';

export const AnimationStatus = { dismissed: 0, forward: 1, reverse: 2, completed: 3 };

/**
 * @typedef {import('./worklet-core.js').SharedValue} SharedValue
 * @typedef {{primaryAnimation: SharedValue, primaryAnimationStatus: SharedValue, secondaryAnimation: SharedValue,
 *   secondaryAnimationStatus: SharedValue, userGestureInProgress: SharedValue, startUserGesture(): void,
 *   stopUserGesture(): void, didPop(): void}} RouteContext
 * @typedef {{id: number, ctx: RouteContext, config: Record<string, any> | null, reverse: number, under: Entry | null,
 *   cover: Entry | null, popping: boolean, notify(): void}} Entry
 *   a page whose frame the route styles: its own custom route (`config`) and/or the custom route
 *   over it (`cover`)
 */

/**
 * A route context. A page opened without a custom route shows its entrance as finished.
 * @param {boolean} entered @param {() => void} didPop @returns {RouteContext}
 */
export function newContext(entered, didPop) {
  const userGestureInProgress = shared(false);
  return {
    primaryAnimation: shared(entered ? 1 : 0),
    primaryAnimationStatus: shared(entered ? AnimationStatus.completed : AnimationStatus.dismissed),
    secondaryAnimation: shared(0),
    secondaryAnimationStatus: shared(AnimationStatus.dismissed),
    userGestureInProgress,
    startUserGesture: () => void (userGestureInProgress.value = true),
    stopUserGesture: () => void (userGestureInProgress.value = false),
    didPop,
  };
}

/**
 * Where the frames' styles go (the host) and how a handler's style object becomes CSS.
 * @type {{post(msg: any): void, css(style: unknown): Record<string, string>}}
 */
export const out = { post() {}, css: () => ({}) };

/** Entries by page id. @type {Map<number, Entry>} */
const entries = new Map();
/** Entries whose style is sent on the next frame. @type {Set<Entry>} */
const dirty = new Set();

/** @param {number} id @param {RouteContext} ctx @param {Record<string, any> | null} config @param {number} reverse @returns {Entry} */
function entry(id, ctx, config, reverse) {
  /** @type {Entry} */
  const e = {
    id, ctx, config, reverse, under: null, cover: null, popping: false,
    notify() {
      // the page below a custom route sees this route's primary animation as its secondary one
      const u = e.under;
      if (u && u.config && entries.get(u.id) === u) {
        u.ctx.secondaryAnimation.set(ctx.primaryAnimation.v);
        u.ctx.secondaryAnimationStatus.set(ctx.primaryAnimationStatus.v);
      }
      dirty.add(e);
      onNextFrame(flush);
    },
  };
  entries.set(id, e);
  return e;
}

/** @param {unknown} handler @returns {Record<string, string>} */
const styleFrom = (handler) => (typeof handler === 'function' ? out.css(safeCall(handler, null, [], 'route animation handler')) : {});

/**
 * A page's style: its own route's primary style, under the covering route's: the page's own
 * `handleSecondaryAnimation` when it has a custom route, else the cover's `handlePreviousPageAnimation`.
 * @param {Entry} e
 */
function styleOf(e) {
  const own = e.config ? styleFrom(e.config.handlePrimaryAnimation) : {};
  const c = e.cover;
  const over = !c ? {} : styleFrom(e.config ? e.config.handleSecondaryAnimation : c.config && c.config.handlePreviousPageAnimation);
  const style = { ...own, ...over };
  if (own.transform && over.transform) style.transform = `${over.transform} ${own.transform}`;
  return style;
}

function flush() {
  /** @type {{page: number, style: Record<string, string> | null, progress?: number}[]} */
  const frames = [];
  for (const e of dirty) {
    dirty.delete(e);
    if (entries.get(e.id) !== e) continue;
    const style = track(e, () => styleOf(e));
    const progress = Number(e.ctx.primaryAnimation.v);
    if (e.config) frames.push({ page: e.id, style, progress });
    else {
      frames.push({ page: e.id, style: e.cover ? style : null });
      if (!e.cover) entries.delete(e.id); // uncovered: its style is gone, and so is the entry
    }
    if (e.popping && e.ctx.primaryAnimationStatus.v === AnimationStatus.dismissed) drop(e);
  }
  if (frames.length) out.post({ t: 'route', frames });
}

/** The entry leaves: the page below is no longer covered by it. @param {Entry} e */
function drop(e) {
  entries.delete(e.id);
  const u = e.under;
  if (!u || entries.get(u.id) !== u) return;
  u.cover = null;
  u.notify();
}

/**
 * Run `builder(context, routeOptions)` for a page about to open: its config with WeChat's
 * defaults, and what the host needs (`host`: opaque, barrier, durations and the first style).
 * @param {Function} builder @param {Record<string, any>} routeOptions @param {() => void} didPop
 */
export function prepare(builder, routeOptions, didPop) {
  const ctx = newContext(false, didPop);
  const got = safeCall(builder, null, [ctx, routeOptions], 'route builder');
  const config = got && typeof got === 'object' ? got : {};
  const duration = typeof config.transitionDuration === 'number' ? config.transitionDuration : 300;
  const reverse = typeof config.reverseTransitionDuration === 'number' ? config.reverseTransitionDuration : duration;
  return {
    ctx,
    config,
    duration,
    reverse,
    host: {
      opaque: config.opaque !== false,
      barrierColor: typeof config.barrierColor === 'string' ? config.barrierColor : '',
      barrierDismissible: !!config.barrierDismissible,
      reverse,
      style: styleFrom(config.handlePrimaryAnimation),
    },
  };
}

/**
 * The page opened (page `id`, over page `belowId` with `below`'s context): play the entrance.
 * @param {ReturnType<typeof prepare>} route @param {number} id @param {number} belowId @param {RouteContext | null | undefined} below
 */
export function enter(route, id, belowId, below) {
  const e = entry(id, route.ctx, route.config, route.reverse);
  const u = entries.get(belowId) || (below && route.config.handlePreviousPageAnimation ? entry(belowId, below, null, 0) : null);
  if (u) {
    e.under = u;
    u.cover = e;
    u.notify(); // its style now reads the values that cover it
  }
  const { primaryAnimation, primaryAnimationStatus } = route.ctx;
  // from its first step on, the page below follows (notify)
  track(e, () => [primaryAnimation.value, primaryAnimationStatus.value]);
  primaryAnimationStatus.value = AnimationStatus.forward;
  primaryAnimation.value = timing(1, { duration: route.duration, easing: Easing.linear }, (finished) => {
    if (finished) primaryAnimationStatus.value = AnimationStatus.completed;
  });
  e.notify();
}

/**
 * Page `id` unloads; `pop`: the host keeps its frame until the reverse animation ends (from the
 * current value: a gesture may have moved it), then it is removed.
 * @param {number} id @param {boolean} pop
 */
export function leave(id, pop) {
  const e = entries.get(id);
  if (!e) return;
  if (e.cover) e.cover.under = null;
  if (!pop || !e.config) {
    drop(e);
    return;
  }
  const { primaryAnimation, primaryAnimationStatus } = e.ctx;
  const from = Math.min(1, Math.max(0, Number(primaryAnimation.v) || 0));
  e.popping = true;
  primaryAnimationStatus.value = AnimationStatus.reverse;
  // the reverse transition's share of what is left
  primaryAnimation.value = timing(0, { duration: e.reverse * from, easing: Easing.linear }, (finished) => {
    if (finished) primaryAnimationStatus.value = AnimationStatus.dismissed;
  });
  e.notify();
}
