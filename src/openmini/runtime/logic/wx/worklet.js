// Skyline's animation and routing APIs on the web renderer (docs/runtime-wx.md "Worklets
// (Skyline)"): `wx.worklet`, `this.applyAnimatedStyle` / `this.clearAnimatedStyle`,
// `wx.router` with `this.getRouteContext()` and custom routes (route.js), and `wx.getSkylineInfo(Sync)`. A chunk (deferred.js)
// the worker loads before the package's code runs when the code names one of these or a
// template has a gesture handler: modules read `wx.worklet` at their top level.

import { componentProto } from '../component.js';
import { hooks, safeCall } from '../hooks.js';
import { getCurrentPages } from '../page.js';
import { post } from './call.js';
import { navigationApis, openingRoute } from './navigation.js';
import { enter, leave, newContext, out, prepare } from './route.js';
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

/** Route contexts per page. @type {WeakMap<object, import('./route.js').RouteContext>} */
const contexts = new WeakMap();
const didPop = () => void navigationApis.navigateBack({ delta: 1 });

/**
 * The page's route context: the one its custom route's builder got, or, for a page opened
 * without one, a route that finished its entrance (`primaryAnimation` 1, status completed).
 * @param {any} comp a page or a component in it
 */
function routeContext(comp) {
  const page = (comp && comp.__om && comp.__om.page) || comp;
  if (!page || typeof page !== 'object') return null;
  let ctx = contexts.get(page);
  if (!ctx) contexts.set(page, (ctx = /** @type {any} */ (openingRoute())?.ctx || newContext(true, didPop)));
  return ctx;
}

/** Builders by route type. @type {Map<string, Function>} */
const builders = new Map();

/**
 * `navigateTo({routeType, routeOptions})` with a registered builder (hooks.customRoute): the
 * builder runs now, its entrance plays once the page has rendered.
 * @param {string} routeType @param {unknown} routeOptions
 */
function customRoute(routeType, routeOptions) {
  const builder = builders.get(routeType);
  if (typeof builder !== 'function') return null;
  const route = prepare(builder, routeOptions && typeof routeOptions === 'object' ? routeOptions : {}, didPop);
  return {
    host: route.host,
    ctx: route.ctx,
    /** @param {any} page */
    opened(page) {
      contexts.set(page, route.ctx);
      const view = render.stateOf(page).ctx.page;
      const stack = getCurrentPages();
      const below = stack[stack.indexOf(page) - 1];
      const belowView = below && render.stateOf(below).ctx.page;
      render.whenMounted(view, () => enter(route, view.id, belowView ? belowView.id : 0, routeContext(below)));
    },
  };
}

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
  out.post = post;
  out.css = cssOf;
  hooks.customRoute = customRoute;
  hooks.leaveRoute = leave;
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
