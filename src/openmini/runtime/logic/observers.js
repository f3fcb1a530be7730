/**
 * Data observers (`observers: {'a.b, c[0]': fn, 'o.**': fn, '**': fn}`).
 *
 * Observer paths are stricter than setData keys: identifiers (`[_a-zA-Z][_a-zA-Z0-9]*`,
 * `\x` escapes any char), `[n]` indices, `**` only as the last segment,
 * several paths separated by commas, whitespace around separators ignored.
 *
 * When does an observer on path P fire for a change at path C?
 *   - C equals P, or C is an ancestor of P (setting `o` fires `o.x`);
 *   - P ends in `**` and C is anywhere at or below P's prefix (`o.**` fires for `o`, `o.a.b`);
 *   - NOT when C is below a plain P (setting `o.x.z` does not fire `o.x`).
 * Values passed to the observer are read from `data` at each path (the `**` dropped).
 * Observers fire even when the value did not change, never for the initial data.
 */

/**
 * @typedef {(string|number)[]} DataPath
 * @typedef {{paths: DataPath[], fn: Function, source: string}} Observer
 * @typedef {{sub: Record<string, ObserverNode>, here: number[] | null, deep: number[] | null}} ObserverNode
 */

/**
 * Parse an observer key into its comma-separated paths.
 * @example parseObserverPaths('a.b, list[1]') // [['a','b'], ['list', 1]]
 * @param {string} source
 * @returns {DataPath[]}
 */
export function parseObserverPaths(source) {
  const s = source;
  let i = 0;
  /** @type {DataPath[]} */
  const out = [];
  const fail = (/** @type {string} */ why) => {
    throw new Error(`observer path "${source}" is illegal at char ${i}: ${why}`);
  };
  const space = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\t' || s[i] === '\r' || s[i] === '\f')) i++;
  };
  const ident = () => {
    let name = '';
    while (i < s.length) {
      const c = s[i];
      if (c === '\\' && i + 1 < s.length) {
        name += s[i + 1];
        i += 2;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (name !== '' && c >= '0' && c <= '9')) {
        name += c;
        i++;
      } else break;
    }
    return name;
  };
  for (;;) {
    space();
    /** @type {DataPath} */
    const path = [];
    if (s[i] === '*' && s[i + 1] === '*') {
      path.push('**');
      i += 2;
    } else {
      const first = ident();
      if (!first) fail('expected a field name');
      path.push(first);
      for (;;) {
        space();
        if (s[i] === '.') {
          i++;
          space();
          if (s[i] === '*' && s[i + 1] === '*') {
            path.push('**');
            i += 2;
            break;
          }
          const name = ident();
          if (!name) fail('expected a field name after "."');
          path.push(name);
        } else if (s[i] === '[') {
          i++;
          space();
          const start = i;
          while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
          if (i === start) fail('brackets may only hold an array index');
          const index = parseInt(s.slice(start, i), 10);
          space();
          if (s[i] !== ']') fail('expected "]"');
          i++;
          path.push(index);
        } else break;
      }
    }
    out.push(path);
    space();
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (i < s.length) fail('unexpected character');
    return out;
  }
}

/** @returns {ObserverNode} */
const node = () => ({ sub: Object.create(null), here: null, deep: null });

/**
 * Index a component's observers by path so a change marks only the observers
 * it concerns. Built once per component definition.
 * @param {Observer[]} observers
 * @returns {ObserverNode}
 */
export function buildObserverTree(observers) {
  const root = node();
  for (let id = 0; id < observers.length; id++) {
    const paths = observers[id].paths;
    for (let p = 0; p < paths.length; p++) {
      const path = paths[p];
      let cur = root;
      let deep = false;
      for (let j = 0; j < path.length; j++) {
        const seg = path[j];
        if (seg === '**') {
          deep = true;
          break;
        }
        cur = cur.sub[seg] || (cur.sub[seg] = node());
      }
      const list = deep ? cur.deep || (cur.deep = []) : cur.here || (cur.here = []);
      list.push(id);
    }
  }
  return root;
}

/** @param {ObserverNode} n @param {Uint8Array} marks */
function markSubtree(n, marks) {
  const here = n.here;
  if (here) for (let i = 0; i < here.length; i++) marks[here[i]] = 1;
  const deep = n.deep;
  if (deep) for (let i = 0; i < deep.length; i++) marks[deep[i]] = 1;
  for (const key in n.sub) markSubtree(n.sub[key], marks);
}

/**
 * Mark the observers a change at `path` triggers.
 * @param {ObserverNode} root @param {Uint8Array} marks @param {DataPath} path
 * @returns {boolean} whether anything was marked
 */
export function markChange(root, marks, path) {
  let cur = root;
  let any = false;
  for (let i = 0; i < path.length; i++) {
    const deep = cur.deep;
    if (deep) {
      for (let j = 0; j < deep.length; j++) marks[deep[j]] = 1;
      any = true;
    }
    const next = cur.sub[path[i]];
    if (next === undefined) return any;
    cur = next;
  }
  markSubtree(cur, marks);
  return true;
}

/**
 * Read the observer's arguments from data.
 * @param {any} data @param {DataPath[]} paths
 */
export function observerArgs(data, paths) {
  const args = new Array(paths.length);
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i];
    let cur = data;
    for (let j = 0; j < path.length; j++) {
      if (path[j] === '**') break;
      if (cur === null || typeof cur !== 'object') {
        cur = undefined;
        break;
      }
      cur = cur[path[j]];
    }
    args[i] = cur;
  }
  return args;
}
