/**
 * Component properties: normalising the short and full declaration forms and
 * coercing values a parent passes. Rules as recorded from glass-easel (the
 * conformance oracle, README "Behaviours worth noticing"):
 *
 * | type     | accepts                         | otherwise                          |
 * |----------|---------------------------------|------------------------------------|
 * | String   | anything → String(v)            | null/undefined → type default ""   |
 * | Number   | isFinite(v) → Number(v)         | "abc", NaN, Infinity → 0           |
 * | Boolean  | anything → !!v (so "" → false, "false" → true, null → false)         |
 * | Object   | any typeof "object" (null, arrays too) | → null                      |
 * | Array    | arrays                          | → []                               |
 * | null     | anything but undefined          | undefined → null                   |
 *
 * "Default" in the fallback column is the *type's* default, not the declared
 * `value` (a Number declared `value: 7` given "abc" becomes 0), unless the
 * declaration has a `default` function. `optionalTypes` are tried first and
 * take the value unchanged when its type matches exactly.
 */

import { cloneData } from './set-data.js';
import { hooks } from './hooks.js';

export const T_ANY = 0;
export const T_STRING = 1;
export const T_NUMBER = 2;
export const T_BOOLEAN = 3;
export const T_OBJECT = 4;
export const T_ARRAY = 5;
export const T_FUNCTION = 6;

const TYPE_NAMES = ['null', 'String', 'Number', 'Boolean', 'Object', 'Array', 'Function'];

/**
 * @typedef {object} PropertySpec
 * @property {number} type one of the T_* constants
 * @property {number[] | null} optionalTypes
 * @property {() => unknown} initial value before any parent sets it
 * @property {() => unknown} fallback value used when coercion fails
 * @property {Function | string | null} observer legacy observer (a method name is resolved per instance)
 */

/** @param {unknown} t @returns {number} -1 when not a type */
export function typeCode(t) {
  if (t === String) return T_STRING;
  if (t === Number) return T_NUMBER;
  if (t === Boolean) return T_BOOLEAN;
  if (t === Object) return T_OBJECT;
  if (t === Array) return T_ARRAY;
  if (t === Function) return T_FUNCTION;
  if (t === null || t === undefined) return T_ANY;
  return -1;
}

/** @param {number} type */
function typeDefault(type) {
  switch (type) {
    case T_STRING: return '';
    case T_NUMBER: return 0;
    case T_BOOLEAN: return false;
    case T_ARRAY: return [];
    // biome-ignore lint/complexity/useArrowFunction: a plain function, like WeChat's default value
    case T_FUNCTION: return function () {};
    default: return null;
  }
}

/**
 * Normalise one declaration: `String` (short form), `null` (any type) or
 * `{type, optionalTypes, value, default, observer}`.
 * @param {string} name @param {unknown} decl @param {string} is
 * @returns {PropertySpec}
 */
export function normalizeProperty(name, decl, is) {
  const short = typeCode(decl);
  if (short >= 0) {
    const fallback = () => typeDefault(short);
    return { type: short, optionalTypes: null, initial: fallback, fallback, observer: null };
  }
  const d = /** @type {Record<string, any>} */ (decl);
  let type = typeCode(d.type);
  /** @type {number[] | null} */
  let optionalTypes = null;
  if (Array.isArray(d.optionalTypes) && d.optionalTypes.length) {
    optionalTypes = d.optionalTypes.map(typeCode);
    if (type <= T_ANY) type = optionalTypes[0];
  }
  if (type < 0) {
    hooks.warn(`the type of property "${name}" is not a constructor WeChat knows (String, Number, Boolean, Object, Array, null); treated as any type`);
    type = T_ANY;
  }
  const hasDefaultFn = typeof d.default === 'function';
  const fallback = hasDefaultFn
    ? () => {
        const v = d.default();
        return v === undefined ? typeDefault(type) : v;
      }
    : () => typeDefault(type);
  const initial = hasDefaultFn || d.value === undefined ? fallback : () => cloneData(d.value);
  const observer = typeof d.observer === 'function' || typeof d.observer === 'string' ? d.observer : null;
  if (d.observer != null && observer === null) {
    hooks.warn(`the observer of property "${name}" in ${is} is not a function or method name`);
  }
  return { type, optionalTypes, initial, fallback, observer };
}

/** @param {number} type @param {unknown} v */
function matchesExactly(type, v) {
  switch (type) {
    case T_STRING: return typeof v === 'string';
    case T_NUMBER: return Number.isFinite(v);
    case T_BOOLEAN: return typeof v === 'boolean';
    case T_OBJECT: return typeof v === 'object' && !Array.isArray(v);
    case T_ARRAY: return Array.isArray(v);
    case T_FUNCTION: return typeof v === 'function';
    default: return v !== undefined;
  }
}

/**
 * Coerce a value given to property `name`.
 * @param {unknown} value @param {PropertySpec} spec @param {string} name
 * @param {import('./component.js').ComponentInstance | null} [comp] for warnings
 */
export function coerceProperty(value, spec, name, comp) {
  const optional = spec.optionalTypes;
  if (optional) {
    for (let i = 0; i < optional.length; i++) if (matchesExactly(optional[i], value)) return value;
  }
  switch (spec.type) {
    case T_STRING:
      if (value === null || value === undefined) return mismatch(spec, name, 'String', value, comp);
      return String(value);
    case T_NUMBER:
      // global isFinite coerces: "5" → 5, true → 1, null/"" → 0; "abc" is not finite
      // biome-ignore lint/suspicious/noGlobalIsFinite: the coercion is the point (WeChat's number properties)
      if (isFinite(/** @type {any} */ (value))) return Number(value);
      return mismatch(spec, name, 'Number', value, comp);
    case T_BOOLEAN:
      return !!value;
    case T_OBJECT:
      if (typeof value === 'object') return value;
      return mismatch(spec, name, 'Object', value, comp);
    case T_ARRAY:
      if (Array.isArray(value)) return value;
      return mismatch(spec, name, 'Array', value, comp);
    case T_FUNCTION:
      if (typeof value === 'function') return value;
      return mismatch(spec, name, 'Function', value, comp);
    default:
      return value === undefined ? spec.fallback() : value;
  }
}

/**
 * @param {PropertySpec} spec @param {string} name @param {string} expected
 * @param {unknown} value @param {any} comp
 */
function mismatch(spec, name, expected, value, comp) {
  hooks.warn(
    `property "${name}" received type-incompatible value: expected <${expected}> but got ${value === null ? 'null' : typeof value}; used the type's default value instead`,
    comp,
  );
  return spec.fallback();
}

/** @param {number} type */
export function typeName(type) {
  return TYPE_NAMES[type] || 'null';
}
