/**
 * setData: data-path parsing, applying changes to a data tree, the JSON copy
 * and the 1024 KB guard. Pure functions; component.js drives them.
 *
 * Path syntax (WeChat `setData` keys, as glass-easel parses them):
 *   `a.b[2].c`   dots separate field names, `[n]` takes a non-negative integer index;
 *   `m.2`        a field named "2" (an object key, not an index);
 *   `a\.b`       `\.` `\[` `\]` `\\` escape the special characters; any other
 *                backslash is kept literally; spaces are part of the name;
 *   `a['b']`     is NOT accepted (brackets take digits only) and throws.
 */

/** Largest JSON payload one setData may carry ("单次设置的数据不能超过1024kB"). */
export const MAX_SET_DATA_BYTES = 1024 * 1024;

export class SetDataError extends Error {
  /** @param {string} message @param {string} code */
  constructor(message, code) {
    super(message);
    this.name = 'SetDataError';
    this.code = code;
  }
}

/** @typedef {(string|number)[]} DataPath */

/** @type {Map<string, DataPath>} */
const pathCache = new Map();

/**
 * Parse one setData key into segments: strings are field names, numbers indices.
 * @example parseDataPath('a.b[2].c') // ['a', 'b', 2, 'c']
 * @param {string} key
 * @returns {DataPath} (cached: do not mutate)
 */
export function parseDataPath(key) {
  let path = pathCache.get(key);
  if (path !== undefined) return path;
  path = parseUncached(key);
  if (pathCache.size > 2048) pathCache.clear();
  pathCache.set(key, path);
  return path;
}

/** @param {string} key @returns {DataPath} */
function parseUncached(key) {
  /** @type {DataPath} */
  const path = [];
  const n = key.length;
  let i = 0;
  let name = '';
  let inName = true; // reading the first (possibly empty) field name
  while (i < n) {
    const ch = key[i];
    if (ch === '\\') {
      const next = key[i + 1];
      if (next === '.' || next === '[' || next === ']' || next === '\\') {
        name += next;
        i += 2;
      } else {
        name += '\\';
        i += 1;
      }
      inName = true;
    } else if (ch === '.') {
      if (inName && (name !== '' || path.length === 0)) path.push(name);
      name = '';
      inName = true;
      i += 1;
    } else if (ch === '[') {
      if (inName && name !== '') path.push(name);
      name = '';
      let j = i + 1;
      let digits = '';
      while (j < n && key.charCodeAt(j) >= 48 && key.charCodeAt(j) <= 57) digits += key[j++];
      if (digits === '' || (j < n && key[j] !== ']')) {
        throw new SetDataError(
          `setData key "${key}" is illegal at char ${j}: brackets may only hold an array index such as [0]`,
          'bad-path',
        );
      }
      path.push(parseInt(digits, 10));
      i = j + 1;
      inName = false;
    } else {
      name += ch;
      inName = true;
      i += 1;
    }
  }
  if (inName && (name !== '' || path.length === 0)) path.push(name);
  // the first segment names a data field, never an index into `data` itself
  if (typeof path[0] === 'number') path[0] = String(path[0]);
  return path;
}

/**
 * Write `value` at `path` inside `root`, creating what is missing the way the
 * oracle does: an index step needs an array (anything else is replaced by `[]`),
 * a name step needs a plain object (anything else, arrays included, is replaced by `{}`).
 * Writing past the end of an array extends it (the gap reads as undefined).
 * @param {Record<string, any>} root
 * @param {DataPath} path
 * @param {unknown} value
 */
export function setAtPath(root, path, value) {
  /** @type {any} */
  let cur = root;
  const last = path.length - 1;
  for (let i = 0; i < last; i++) {
    const seg = path[i];
    const nextIsIndex = typeof path[i + 1] === 'number';
    let child = cur[seg];
    if (nextIsIndex) {
      if (!Array.isArray(child)) cur[seg] = child = [];
    } else if (child === null || typeof child !== 'object' || Array.isArray(child)) {
      cur[seg] = child = {};
    }
    cur = child;
  }
  cur[path[last]] = value;
}

/**
 * Read the value at `path` (undefined when any step is missing).
 * @param {any} root @param {DataPath} path
 */
export function getAtPath(root, path) {
  let cur = root;
  for (let i = 0; i < path.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[path[i]];
  }
  return cur;
}

/**
 * Canonical text of a path, the inverse of parseDataPath.
 * @example formatPath(['a', 'b.c', 2]) // 'a.b\\.c[2]'
 * @param {DataPath} path
 */
export function formatPath(path) {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += (i === 0 ? '' : '.') + seg.replace(/[\\.[\]]/g, '\\$&');
  }
  return out;
}

/**
 * UTF-8 length of a string without allocating (TextEncoder is not in every engine).
 * @param {string} s
 */
export function utf8Length(s) {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Serialise a setData payload once: the JSON text gives both the size checked
 * against the 1024 KB limit and (parsed back) the deep copy stored in `data`.
 * JSON semantics apply: functions and undefined inside objects disappear,
 * inside arrays they become null; Dates become strings; NaN becomes null.
 * @param {Record<string, unknown>} payload
 * @param {string} [who] component path for the error message
 * @returns {Record<string, unknown>} the copy
 */
export function copyPayload(payload, who) {
  let json;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new SetDataError(
      `setData${who ? ` on <${who}>` : ''} failed: the data is not JSON-serialisable (${/** @type {Error} */ (error).message})`,
      'not-json',
    );
  }
  // each UTF-16 unit is at least one byte, at most three: skip the exact count when it cannot matter
  if (json.length * 3 > MAX_SET_DATA_BYTES) {
    const bytes = json.length > MAX_SET_DATA_BYTES ? json.length : utf8Length(json);
    if (bytes > MAX_SET_DATA_BYTES) {
      const keys = Object.keys(payload).slice(0, 5).join(', ');
      throw new SetDataError(
        `setData${who ? ` on <${who}>` : ''} was not sent: the data is ${(bytes / 1024).toFixed(1)} KB, ` +
          `over the 1024 KB limit for one setData (keys: ${keys}). Send only the fields that changed, ` +
          `e.g. setData({'list[3].done': true}) instead of the whole list.`,
        'too-large',
      );
    }
  }
  return JSON.parse(json);
}

/**
 * Copy a JSON-like value (used for property values passed by a parent and
 * for per-instance copies of definition data).
 * @template T @param {T} value @returns {T}
 */
export function cloneData(value) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneData(value[i]);
    return /** @type {any} */ (out);
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = cloneData(/** @type {any} */ (value)[keys[i]]);
  return /** @type {any} */ (out);
}

/**
 * Drop changes that a later change in the same batch overwrites: a change is
 * dead when a later one targets the same path or one of its ancestors.
 * Order of the survivors is kept.
 * @param {{path: DataPath, value: unknown}[]} changes
 */
export function coalesceChanges(changes) {
  if (changes.length < 2) return changes;
  /** @type {Set<string>} */
  const later = new Set();
  const keep = new Array(changes.length);
  let kept = 0;
  for (let i = changes.length - 1; i >= 0; i--) {
    const path = changes[i].path;
    let key = '';
    let dead = false;
    for (let j = 0; j < path.length; j++) {
      key += (j ? '\u0001' : '') + path[j];
      if (later.has(key)) {
        dead = true;
        break;
      }
    }
    if (!dead) {
      later.add(key);
      keep[i] = true;
      kept++;
    }
  }
  if (kept === changes.length) return changes;
  const out = [];
  for (let i = 0; i < changes.length; i++) if (keep[i]) out.push(changes[i]);
  return out;
}
