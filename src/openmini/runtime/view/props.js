// Value helpers shared by the applier and the widgets. DOM-free (tested in node).

/**
 * WXML attribute name → property key: `show-value` → `showValue`; camelCase is kept.
 * @param {string} name
 */
export function camel(name) {
  return name.indexOf("-") < 0 ? name : name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

/**
 * How a typed value shows as a DOM attribute (conformance "html" rule): false/null/undefined
 * → no attribute, true → "", anything else → String(v).
 * @param {any} v
 * @returns {string | null}
 */
export function attrValue(v) {
  if (v == null || v === false) return null;
  return v === true ? "" : String(v);
}

/**
 * A Boolean property as WeChat coerces it: any truthy value, so `checked="false"` (a string)
 * is true, as WeChat's docs warn.
 * @param {any} v
 */
export function bool(v) {
  return !!v;
}

/**
 * A Number property: the value when it is a finite number (or numeric string), else `fallback`.
 * @param {any} v
 * @param {number} fallback
 */
export function num(v, fallback) {
  if (v === "" || v == null || typeof v === "boolean") return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}

/**
 * A String property, `fallback` for null/undefined.
 * @param {any} v
 * @param {string} fallback
 */
export function str(v, fallback) {
  return v == null ? fallback : String(v);
}

/**
 * A length property written as a number of px or a CSS length (`"20px"`, `"20rpx"`, `"50%"`).
 * @param {any} v
 * @returns {string}
 */
export function cssLength(v) {
  if (typeof v === "number" || /^-?[\d.]+$/.test(String(v))) return Number(v) + "px";
  const m = /^(-?[\d.]+)rpx$/i.exec(String(v));
  return m ? `calc(${m[1]}*var(--om-rpx))` : String(v);
}
