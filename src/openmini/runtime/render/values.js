/**
 * Values of compiled view code (docs/view-code.md §1): evaluating bindings, the `R` helpers
 * compiled expressions call, dependency overlap, and turning template values into what the
 * frame receives (class strings, style text with rpx rewritten, dataset).
 */

import { hooks } from '../logic/hooks.js';

/** @typedef {(string|number)[]} Path  a dependency or change: ["D", key…] or ["S", name, key…] */

/** Runtime helpers of compiled expressions (generate/expression.py emits `R.s`). */
export const R = {
  /** Text of a value: undefined/null → "", everything else as `String()` does. @param {unknown} v */
  s: (v) => (v == null ? '' : String(v)),
};

/**
 * The current value of a view-code Value in a render context.
 * @param {any} v @param {{data: any, S: any, W: any}} ctx
 */
export function evaluate(v, ctx) {
  if (!Array.isArray(v)) return v;
  try {
    return v[0](ctx.data, ctx.S, ctx.W, R);
  } catch (error) {
    // a throwing WXS function must not break the page: the value is undefined, as in WeChat
    hooks.error(error, 'view expression', null);
    return undefined;
  }
}

/**
 * One path is a prefix of the other (keys compared as text: `m["2"]` and `m.2` are one field).
 * (`list.length` needs nothing special: its dep is the receiver `list`, view-code.md.)
 * @param {Path} a @param {Path} b
 */
export function overlaps(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i] && String(a[i]) !== String(b[i])) return false;
  return true;
}

/** Whether any change touches any dependency. @param {Path[]} deps @param {Path[]} changes */
export function touched(deps, changes) {
  for (let i = 0; i < changes.length; i++) {
    for (let j = 0; j < deps.length; j++) if (overlaps(deps[j], changes[i])) return true;
  }
  return false;
}

/** Dependencies of a Value (none for static values). @param {any} v @returns {Path[]} */
export const depsOf = (v) => (Array.isArray(v) ? v[1] : []);

/** `user-name` → `userName` (component property names). @param {string} name */
export const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/**
 * Class names of a class value: a string, an array (nested arrays flattened) or an object
 * of `name: condition`.
 * @param {unknown} v @param {string[]} out
 */
export function classNames(v, out) {
  if (typeof v === 'string') {
    const parts = v.split(/\s+/);
    for (let i = 0; i < parts.length; i++) if (parts[i]) out.push(parts[i]);
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) classNames(v[i], out);
  } else if (v && typeof v === 'object') {
    for (const k in v) if (/** @type {any} */ (v)[k]) out.push(k);
  } else if (v != null && v !== false && v !== true) {
    classNames(String(v), out);
  }
  return out;
}

/** `12rpx` → `calc(12*var(--om-rpx))`, outside quotes and url(). @param {string} css */
export function rewriteRpx(css) {
  if (!/rpx/i.test(css)) return css;
  // split off strings and url(...) so that "750rpx" in content or a file name stays
  return css.replace(/("[^"]*"|'[^']*'|url\([^)]*\))|(-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)rpx\b/gi,
    (m, quoted, n) => (quoted ? m : `calc(${n}*var(--om-rpx))`));
}

/**
 * Inline style text from a style value plus `style:prop` bindings.
 * @param {unknown} v @param {Record<string, unknown> | null} props evaluated style:prop values
 */
export function styleText(v, props) {
  let css = '';
  if (typeof v === 'string') css = v;
  else if (v && typeof v === 'object') {
    for (const k in v) {
      const x = /** @type {any} */ (v)[k];
      if (x != null && x !== '') css += `${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}:${x};`;
    }
  } else if (v != null && v !== false && v !== true) css = String(v);
  if (props) {
    for (const k in props) {
      const x = props[k];
      if (x == null || x === '') continue;
      if (css && !/;\s*$/.test(css)) css += ';';
      css += `${k}:${x}`;
    }
  }
  return rewriteRpx(css);
}

/**
 * Typed attribute values as the frame keeps them: undefined becomes null (JSON has no
 * undefined), and so does a function (a WXS function bound to an attribute cannot be posted).
 * @param {unknown} v @returns {unknown}
 */
export const attrValue = (v) => (v === undefined || typeof v === 'function' ? null : v);

/** Package paths in `src`/`poster` of media components become file URLs. */
export const MEDIA = { image: 1, video: 1, audio: 1, 'cover-image': 1 };
const SCHEME = /^[a-z][a-z0-9+.-]*:|^\/\//i;

/**
 * Resolve a media path written in `file` (absolute `/a.png` or relative to the file) to the
 * URL of its content-addressed copy; other values are left as they are.
 * @param {unknown} v @param {string} file the .wxml path @param {{files: Record<string, {file: string}>}} manifest @param {string} base prefix of stored files (`base + entry.file` is the URL)
 */
export function mediaUrl(v, file, manifest, base) {
  if (typeof v !== 'string' || !v) return v;
  if (SCHEME.test(v)) return hooks.fileUrl && v.startsWith('wxfile:') ? hooks.fileUrl(v) : v;
  let path = v;
  if (path[0] !== '/') path = file.slice(0, file.lastIndexOf('/') + 1) + path;
  const parts = path.split('?')[0].split('/');
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '..') out.pop();
    else if (parts[i] && parts[i] !== '.') out.push(parts[i]);
  }
  const entry = manifest && manifest.files && manifest.files[out.join('/')];
  return entry ? base + entry.file : v;
}
