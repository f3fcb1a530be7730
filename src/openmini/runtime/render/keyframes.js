/**
 * `this.animate` keyframes → what the page frame plays with the Web Animations API
 * (view/animate.js). WeChat's keyframes name transform functions as properties (`rotate: 45`,
 * `scale: [1.5, 1.5]`, `translateX: 10`); the frame needs CSS. Each keyframe becomes
 * `{offset, easing, composite, props: [[key, property, value], …]}`: `key` is the name the
 * developer wrote, kept so that `clearAnimation(selector, {rotate: true})` can drop exactly
 * that part of the `transform` the frame composes (in the order the keyframe lists them).
 *
 * Numbers: px for lengths and translations, deg for angles, unitless for scales, matrices,
 * opacity and the other unitless CSS properties; `rpx` in strings becomes the frame's rpx unit.
 * Any other property (the scroll-driven form takes CSS keyframes: `borderRadius`,
 * `background`, `transform`…) passes through, camel-cased as the Web Animations API wants.
 */

import { rewriteRpx } from './values.js';

/** @typedef {[key: string, property: string, value: string]} Entry */
/** @typedef {{offset: number | null, easing: string | null, composite: string | null, props: Entry[]}} Frame */

/** Transform functions and the unit of a number argument ('' none), per argument when they differ. */
const TRANSFORMS = /** @type {Record<string, string | string[]>} */ ({
  matrix: '', matrix3d: '',
  rotate: 'deg', rotateX: 'deg', rotateY: 'deg', rotateZ: 'deg', rotate3d: ['', '', '', 'deg'],
  scale: '', scaleX: '', scaleY: '', scaleZ: '', scale3d: '',
  skew: 'deg', skewX: 'deg', skewY: 'deg',
  translate: 'px', translateX: 'px', translateY: 'px', translateZ: 'px', translate3d: 'px',
});

/** CSS properties whose numbers carry no unit. */
const UNITLESS = new Set(['opacity', 'zIndex', 'fontWeight', 'lineHeight', 'flex', 'flexGrow', 'flexShrink',
  'order', 'zoom', 'fillOpacity', 'strokeOpacity', 'aspectRatio', 'scale']);

/** Keyframe fields that are not styles. */
const TIMING = new Set(['offset', 'ease', 'easing', 'composite']);

/** @param {unknown} v @param {string} unit */
function cssValue(v, unit) {
  if (typeof v === 'number') return `${v}${unit}`;
  return rewriteRpx(String(v));
}

/** `rotate: 45` → `rotate(45deg)`; `scale: [1.5, 2]` → `scale(1.5, 2)`. @param {string} fn @param {unknown} v */
function transformFunction(fn, v) {
  const units = TRANSFORMS[fn];
  const args = Array.isArray(v) ? v : [v];
  return `${fn}(${args.map((a, i) => cssValue(a, Array.isArray(units) ? units[i] || '' : units)).join(', ')})`;
}

/** `background-color` → `backgroundColor`. @param {string} name */
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/**
 * Translate one keyframe list. Throws an Error with WeChat-style text when the list cannot
 * play (not an array, an offset outside [0, 1] or going backwards): the Web Animations API
 * would throw the same in the frame, where nobody sees it.
 * @param {unknown} keyframes
 * @returns {Frame[]}
 */
export function translateKeyframes(keyframes) {
  if (!Array.isArray(keyframes)) throw new Error('keyframes should be an array');
  let last = 0;
  return keyframes.map((kf, i) => {
    const k = /** @type {Record<string, unknown>} */ (kf && typeof kf === 'object' ? kf : {});
    const offset = k.offset == null ? null : Number(k.offset);
    if (offset !== null) {
      if (!(offset >= 0 && offset <= 1)) throw new Error(`keyframe ${i}: offset should be between 0 and 1`);
      if (offset < last) throw new Error(`keyframe ${i}: offsets should not decrease`);
      last = offset;
    }
    const ease = k.ease ?? k.easing;
    /** @type {Entry[]} */
    const props = [];
    for (const key in k) {
      const v = k[key];
      if (TIMING.has(key) || v == null) continue;
      if (key in TRANSFORMS) props.push([key, 'transform', transformFunction(key, v)]);
      else {
        const prop = camel(key);
        props.push([key, prop, cssValue(v, UNITLESS.has(prop) ? '' : 'px')]);
      }
    }
    return { offset, easing: ease == null ? null : String(ease), composite: k.composite == null ? null : String(k.composite), props };
  });
}

/**
 * The `clearAnimation` options as the keys to drop: null for all (no options), otherwise the
 * names set to true.
 * @param {unknown} options
 * @returns {string[] | null}
 */
export function clearedKeys(options) {
  if (!options || typeof options !== 'object') return null;
  const o = /** @type {Record<string, unknown>} */ (options);
  return Object.keys(o).filter((key) => o[key]);
}
