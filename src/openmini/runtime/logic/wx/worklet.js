// Skyline's animation and routing APIs on the web renderer (docs/runtime-wx.md "Worklets
// (Skyline)"): `wx.worklet`, `this.applyAnimatedStyle` / `this.clearAnimatedStyle`,
// `wx.router` with `this.getRouteContext()`, and `wx.getSkylineInfo(Sync)`. A chunk (deferred.js)
// the worker loads before the package's code runs when the code names one of these or a
// template has a gesture handler: modules read `wx.worklet` at their top level.

import { componentProto } from '../component.js';
import { hooks, safeCall } from '../hooks.js';
import { navigationApis } from './navigation.js';
import { skylineApis } from './skyline.js';
import {
  shared, derived, timing, spring, decay, sequence, repeat, delay, cancelAnimation, later, Easing, track, onNextFrame,
} from './worklet-core.js';

export const worklet = {
  shared, derived, timing, spring, decay, sequence, repeat, delay, cancelAnimation, Easing,
  runOnJS: later,
  runOnUI: later,
};

// Numbers are px, as Skyline reads them, except for these properties.
const UNITLESS = new Set(['opacity', 'zIndex', 'flex', 'flexGrow', 'flexShrink', 'fontWeight', 'lineHeight', 'order', 'zoom', 'scale']);

/**
 * An updater's style object as Web Animations keyframe entries: camelCase names, numbers as px
 * where a length is meant, `rpx` as the compiler rewrites it.
 * @param {unknown} style @returns {Record<string, string>}
 */
export function cssOf(style) {
  /** @type {Record<string, string>} */
  const out = {};
  if (!style || typeof style !== 'object') return out;
  for (const [key, value] of Object.entries(style)) {
    if (value == null || value === '') continue;
    const name = key.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    out[name] = typeof value === 'number' && !UNITLESS.has(name)
      ? `${value}px`
      : String(value).replace(/(-?[\d.]+)rpx/gi, 'calc($1 * var(--om-rpx))');
  }
  return out;
}

/**
 * The render layer (render/index.js), given at init: imported here it would be copied into
 * this chunk. @type {any}
 */
let render = null;

/** @typedef {{id: number, selector: string, nodes: number[], live: boolean, dirty: boolean, notify(): void}} Binding */

/** Bindings per component. @type {WeakMap<object, Binding[]>} */
const bindings = new WeakMap();
let nextStyleId = 1;

/** The element nodes of the component's template matching `selector` (as `this.animate`). @param {any} cs @param {string} selector */
const elements = (cs, selector) =>
  render.selectBlocks(cs, String(selector), false).filter((/** @type {any} */ b) => b.k !== render.VIRT).map((/** @type {any} */ b) => b.id);

/**
 * `this.applyAnimatedStyle(selector, updater, {immediate = true}, callback)`: the updater's
 * style goes on the matching nodes, and again (once per frame) whenever a shared value it read
 * changes. The callback gets `{styleId}` once the style is bound.
 * @param {any} comp @param {string} selector @param {() => unknown} updater @param {{immediate?: boolean}} [config] @param {Function} [callback]
 */
function applyAnimatedStyle(comp, selector, updater, config, callback) {
  const cs = render.stateOf(comp);
  if (!cs || typeof updater !== 'function') return;
  const view = cs.ctx.page;
  render.whenMounted(view, () => {
    const nodes = elements(cs, selector);
    if (!nodes.length) hooks.warn(`applyAnimatedStyle: no node matches "${selector}"`, comp);
    /** @type {Binding} */
    const b = {
      id: nextStyleId++,
      selector: String(selector),
      nodes,
      live: true,
      dirty: false,
      notify() {
        if (b.dirty || !b.live) return;
        b.dirty = true;
        onNextFrame(() => {
          b.dirty = false;
          run(true);
        });
      },
    };
    /** @param {boolean} show */
    const run = (show) => {
      if (cs.dead) b.live = false;
      if (!b.live) return;
      const style = track(b, () => safeCall(updater, comp, [], 'applyAnimatedStyle updater', comp));
      if (show && nodes.length) render.send(view, { t: 'animatedStyle', nodes, key: b.id, style: cssOf(style) });
    };
    const list = bindings.get(comp) || [];
    list.push(b);
    bindings.set(comp, list);
    run(!config || config.immediate !== false);
    if (typeof callback === 'function') safeCall(callback, comp, [{ styleId: b.id }], 'applyAnimatedStyle callback', comp);
  });
}

/**
 * `this.clearAnimatedStyle(selector, styleIds, callback)`: unbind those styles (all of the
 * selector's without ids) and take them off the nodes.
 * @param {any} comp @param {string} selector @param {number[]} [styleIds] @param {Function} [callback]
 */
function clearAnimatedStyle(comp, selector, styleIds, callback) {
  const cs = render.stateOf(comp);
  if (!cs) return;
  render.whenMounted(cs.ctx.page, () => {
    const ids = Array.isArray(styleIds) && styleIds.length ? new Set(styleIds) : null;
    const keep = [];
    for (const b of bindings.get(comp) || []) {
      if (b.selector === String(selector) && (!ids || ids.has(b.id))) {
        b.live = false;
        if (b.nodes.length) render.send(cs.ctx.page, { t: 'animatedStyle', nodes: b.nodes, key: b.id, style: null });
      } else keep.push(b);
    }
    bindings.set(comp, keep);
    if (typeof callback === 'function') safeCall(callback, comp, [], 'clearAnimatedStyle callback', comp);
  });
}

const AnimationStatus = { dismissed: 0, forward: 1, reverse: 2, completed: 3 };
/** Route contexts per page. @type {WeakMap<object, Record<string, unknown>>} */
const contexts = new WeakMap();

/**
 * The page's route context. Pages open with the host's own transition (a custom route's builder
 * is kept, not run): the context shows a route that finished its entrance (`primaryAnimation`
 * 1, status completed); a gesture may still drive `primaryAnimation`, and `didPop()` closes
 * the page.
 * @param {any} comp a page or a component in it
 */
function routeContext(comp) {
  const page = (comp && comp.__om && comp.__om.page) || comp;
  if (!page || typeof page !== 'object') return null;
  let ctx = contexts.get(page);
  if (!ctx) {
    const userGestureInProgress = shared(false);
    ctx = {
      primaryAnimation: shared(1),
      primaryAnimationStatus: shared(AnimationStatus.completed),
      secondaryAnimation: shared(0),
      secondaryAnimationStatus: shared(AnimationStatus.dismissed),
      userGestureInProgress,
      startUserGesture: () => void (userGestureInProgress.value = true),
      stopUserGesture: () => void (userGestureInProgress.value = false),
      didPop: () => void navigationApis.navigateBack({ delta: 1 }),
    };
    contexts.set(page, ctx);
  }
  return ctx;
}

/** Builders by route type (`navigateTo({routeType})` opens with the default transition). @type {Map<string, Function>} */
const builders = new Map();

export const apis = {
  worklet,
  router: {
    /** @param {string} name @param {Function} builder */
    addRouteBuilder: (name, builder) => void builders.set(String(name), builder),
    /** @param {string} name */
    removeRouteBuilder: (name) => void builders.delete(String(name)),
    getRouteContext: routeContext,
  },
  ...skylineApis,
};

/**
 * Put the component methods on every page and component instance.
 * @param {unknown} _msg @param {{render: any}} context render: render/index.js
 */
export function init(_msg, context) {
  render = context.render;
  Object.assign(componentProto, {
    /** @this {any} @param {string} selector @param {() => unknown} updater @param {{immediate?: boolean}} [config] @param {Function} [callback] */
    applyAnimatedStyle(selector, updater, config, callback) {
      applyAnimatedStyle(this, selector, updater, config, callback);
    },
    /** @this {any} @param {string} selector @param {number[]} [styleIds] @param {Function} [callback] */
    clearAnimatedStyle(selector, styleIds, callback) {
      clearAnimatedStyle(this, selector, styleIds, callback);
    },
    /** @this {any} */
    getRouteContext() {
      return routeContext(this);
    },
  });
}
