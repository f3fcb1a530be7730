// Argument checks with WeChat's wording: "showModal:fail parameter error: parameter.title
// should be String instead of Number;".

/** The type name WeChat's messages use for a value. */
export function typeName(/** @type {unknown} */ value) {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  const t = typeof value;
  return t[0].toUpperCase() + t.slice(1);
}

/**
 * Check `args` against `spec` ({name: "String" | "Number" | …}; a name ending in "?" is
 * optional). Returns the errMsg of the first mismatch, or "" when all match.
 * @param {string} api
 * @param {Record<string, any>} args
 * @param {Record<string, string>} spec
 */
export function checkArgs(api, args, spec) {
  for (const key in spec) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const value = args[name];
    if (optional && value === undefined) continue;
    const got = typeName(value);
    if (got !== spec[key]) return `${api}:fail parameter error: parameter.${name} should be ${spec[key]} instead of ${got};`;
  }
  return '';
}

/** The thrown form of a failure: the broker turns it into `{ok: false, errMsg}`. */
export class ApiError extends Error {}

/** Throw `"<api>:fail <reason>"`. @returns {never} */
export function fail(/** @type {string} */ api, /** @type {string} */ reason) {
  throw new ApiError(`${api}:fail ${reason}`);
}
