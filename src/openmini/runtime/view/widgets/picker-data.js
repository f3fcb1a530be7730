// The columns of <picker>'s time, date and region modes: pure functions, tested in node.

export const pad2 = (/** @type {number} */ n) => String(n).padStart(2, "0");

/** `"2020-1-5"` / `"2020-01"` / `"2020"` → [y, m, d] with missing parts from `dflt`. */
export function parseDate(/** @type {any} */ s, /** @type {number[]} */ dflt) {
  const p = String(s ?? "").split("-").map((x) => parseInt(x, 10));
  return [0, 1, 2].map((k) => (Number.isFinite(p[k]) ? p[k] : dflt[k]));
}

/** `"9:5"` → [9, 5]; bad parts from `dflt`. */
export function parseTime(/** @type {any} */ s, /** @type {number[]} */ dflt) {
  const p = String(s ?? "").split(":").map((x) => parseInt(x, 10));
  return [0, 1].map((k) => (Number.isFinite(p[k]) && p[k] >= 0 && p[k] < (k ? 60 : 24) ? p[k] : dflt[k]));
}

const daysIn = (/** @type {number} */ y, /** @type {number} */ m) => new Date(y, m, 0).getDate();
const range = (/** @type {number} */ a, /** @type {number} */ b) => {
  const r = [];
  for (let i = a; i <= b; i++) r.push(i);
  return r;
};
const cmp = (/** @type {number[]} */ a, /** @type {number[]} */ b) => a[0] - b[0] || a[1] - b[1] || (a[2] ?? 0) - (b[2] ?? 0);

/**
 * Numeric columns for the date mode around a selection `sel` ([y, m, d]), limited by
 * [start, end] (WeChat's default range is 1900-01-01 … 2100-12-31): months and days shrink at
 * the boundary years/months. `fields`: year | month | day. Returns the columns and the selection
 * clamped into them.
 * @param {number[]} sel @param {number[]} start @param {number[]} end @param {string} fields
 */
export function dateColumns(sel, start, end, fields = "day") {
  if (cmp(start, end) > 0) end = start;
  const s = cmp(sel, start) < 0 ? start.slice() : cmp(sel, end) > 0 ? end.slice() : sel.slice();
  const years = range(start[0], end[0]);
  const m0 = s[0] === start[0] ? start[1] : 1, m1 = s[0] === end[0] ? end[1] : 12;
  s[1] = Math.min(Math.max(s[1], m0), m1);
  const months = range(m0, m1);
  const d0 = s[0] === start[0] && s[1] === start[1] ? start[2] : 1;
  const d1 = s[0] === end[0] && s[1] === end[1] ? end[2] : daysIn(s[0], s[1]);
  s[2] = Math.min(Math.max(s[2], d0), d1);
  const cols = [years, months, range(d0, d1)];
  const n = fields === "year" ? 1 : fields === "month" ? 2 : 3;
  return { cols: cols.slice(0, n), sel: s };
}

/** `[2024, 3, 9]` → `"2024-03-09"` cut to `fields`. */
export function formatDate(/** @type {number[]} */ d, fields = "day") {
  const s = [String(d[0]), pad2(d[1]), pad2(d[2])];
  return s.slice(0, fields === "year" ? 1 : fields === "month" ? 2 : 3).join("-");
}

/**
 * Hours and minutes between `start` and `end` ([h, m]) around `sel`.
 * @param {number[]} sel @param {number[]} start @param {number[]} end
 */
export function timeColumns(sel, start, end) {
  if (cmp(start, end) > 0) end = start;
  const s = cmp(sel, start) < 0 ? start.slice() : cmp(sel, end) > 0 ? end.slice() : sel.slice();
  const m0 = s[0] === start[0] ? start[1] : 0, m1 = s[0] === end[0] ? end[1] : 59;
  s[1] = Math.min(Math.max(s[1], m0), m1);
  return { cols: [range(start[0], end[0]), range(m0, m1)], sel: s };
}

export const formatTime = (/** @type {number[]} */ t) => pad2(t[0]) + ":" + pad2(t[1]);

// Region columns. The divisions themselves (region-data.js, every province, prefecture-level city
// and county-level district) are a chunk of their own that picker.js loads when a region picker
// first opens, so these functions take the decoded tree.

/** @typedef {{code: string, name: string, sub: RegionNode[]}} RegionNode */

/** @returns {RegionNode} */
function regionNode(/** @type {string} */ piece, /** @type {number} */ level, /** @type {string} */ prefix) {
  const [head, ...subs] = level < 2 ? piece.split("/,"[level]) : [piece];
  const id = prefix + head.slice(0, 2);
  return { code: id.padEnd(6, "0"), name: head.slice(2), sub: subs.map((x) => regionNode(x, level + 1, id)) };
}

/**
 * region-data.js's string → provinces, their cities in `sub`, the cities' districts in theirs.
 * Provinces are joined by "|", a province's cities by "/", a city's districts by ","; an entry is
 * the last two digits of its GB/T 2260 code and its name.
 */
export const decodeRegions = (/** @type {string} */ data) => data.split("|").map((p) => regionNode(p, 0, ""));

/** How many names `level` reports; sub-district (streets) has no data: its 4th name is "". */
export const regionDepth = (/** @type {any} */ level) =>
  ["province", "city", "region", "sub-district"].indexOf(level) + 1 || 3;

/**
 * The first `n` columns of the region sheet for the selection `sel` (indices; out of range → 0):
 * each lists what the previous column's choice contains, after `custom` (custom-item) when given;
 * choosing `custom` leaves only `custom` in the columns after it. Returns the labels, the chosen
 * node per column (null for `custom`) and the clamped selection.
 * @param {RegionNode[]} tree @param {number[]} sel @param {string} custom @param {number} n
 */
export function regionColumns(tree, sel, custom, n) {
  /** @type {string[][]} */
  const cols = [];
  /** @type {(RegionNode | null)[]} */
  const nodes = [];
  /** @type {number[]} */
  const at = [];
  let list = tree;
  for (let k = 0; k < n; k++) {
    const entries = custom ? [null, ...list] : list;
    const i = Math.max(0, Math.min(sel[k] || 0, entries.length - 1));
    const node = entries[i] ?? null;
    cols.push(entries.map((e) => (e ? e.name : custom)));
    nodes.push(node);
    at.push(i);
    list = node ? node.sub : [];
  }
  return { cols, nodes, sel: at };
}

/** The selection naming `names` (a region value) column by column; an unknown name → 0. */
export function regionSelect(/** @type {RegionNode[]} */ tree, /** @type {any} */ names, custom = "", n = 3) {
  /** @type {number[]} */
  const sel = [];
  for (let k = 0; k < n; k++) {
    const name = Array.isArray(names) ? names[k] : undefined;
    sel.push(Math.max(0, regionColumns(tree, sel, custom, k + 1).cols[k].indexOf(name)));
  }
  return sel;
}

/**
 * The change event's detail for the chosen nodes: names and 6-digit codes (custom-item: its text
 * and ""), padded with "" to `depth`. No `postcode`: the data has none.
 * @param {(RegionNode | null)[]} nodes @param {string} custom @param {number} depth
 */
export function regionDetail(nodes, custom, depth) {
  const value = nodes.map((x) => (x ? x.name : custom)), code = nodes.map((x) => (x ? x.code : ""));
  while (value.length < depth) value.push(""), code.push("");
  return { value, code };
}
