/**
 * `this.animate(selector, keyframes, duration, callback)` and `this.clearAnimation(selector,
 * options, callback)` of pages and components (WeChat's keyframe animations). The selector is
 * resolved over the caller's template here, as SelectorQuery does; the page frame plays the
 * translated keyframes on every matching node (`animate` → `methodResult` once all finished)
 * and removes them again (`clearAnimation`). The scroll-driven form
 * `this.animate(selector, keyframes, duration, {scrollSource, …})` ties the animation's time to
 * the scroll position of a scroll-view instead of the clock; it never finishes, so it is not
 * answered.
 */

import { VIRT } from './tree.js';
import { stateOf } from './component.js';
import { selectBlocks, whenMounted, ask } from './query.js';
import { translateKeyframes, clearedKeys } from './keyframes.js';
import { hooks, safeCall } from '../logic/index.js';

/** The element nodes of `comp`'s template matching `selector`. @param {any} cs @param {string} selector */
const elements = (cs, selector) => selectBlocks(cs, String(selector), false).filter((b) => b.k !== VIRT).map((b) => b.id);

/**
 * @param {any} comp @param {string} selector @param {unknown} keyframes @param {unknown} duration
 * @param {unknown} last the callback, or the scroll timeline options
 */
export function animate(comp, selector, keyframes, duration, last) {
  const cs = stateOf(comp);
  if (!cs) return;
  /** @type {import('./keyframes.js').Frame[]} */
  let frames;
  try {
    frames = translateKeyframes(keyframes);
  } catch (e) {
    return hooks.warn(`animate("${selector}"): ${/** @type {Error} */ (e).message}`, comp);
  }
  const scroll = last && typeof last === 'object' ? /** @type {Record<string, any>} */ (last) : null;
  const view = cs.ctx.page;
  whenMounted(view, () => {
    const nodes = elements(cs, selector);
    if (!nodes.length) return hooks.warn(`animate: no node matches "${selector}"`, comp);
    const message = { t: 'animate', nodes, frames, duration: Math.max(Number(duration) || 0, 0) };
    if (scroll) {
      const source = elements(cs, scroll.scrollSource)[0];
      if (source === undefined) return hooks.warn(`animate: scrollSource "${scroll.scrollSource}" matches no node`, comp);
      view.send({
        ...message,
        scroll: {
          node: source,
          horizontal: scroll.orientation === 'horizontal',
          start: Number(scroll.startScrollOffset) || 0,
          end: Number(scroll.endScrollOffset) || 0,
          timeRange: Number(scroll.timeRange) || message.duration,
        },
      });
      return;
    }
    ask(view, message, (m) => {
      if (m.errMsg) {
        // a clearAnimation before the end cancels it: WeChat does not call back then either
        if (!/cancel/.test(m.errMsg)) hooks.warn(`animate("${selector}"): ${m.errMsg}`, comp);
      } else if (typeof last === 'function') safeCall(last, comp, [], 'animate callback', comp);
    });
  });
}

/**
 * @param {any} comp @param {string} selector @param {unknown} options which properties (all without)
 * @param {unknown} [callback]
 */
export function clearAnimation(comp, selector, options, callback) {
  const cs = stateOf(comp);
  if (!cs) return;
  const done = typeof options === 'function' ? options : callback;
  const keys = typeof options === 'function' ? null : clearedKeys(options);
  const view = cs.ctx.page;
  whenMounted(view, () => {
    ask(view, { t: 'clearAnimation', nodes: elements(cs, selector), keys }, () => {
      if (typeof done === 'function') safeCall(done, comp, [], 'clearAnimation callback', comp);
    });
  });
}
