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

// Region data: provinces (GB/T 2260 codes) and each one's capital city only (code = province
// prefix + "0100"), to keep the runtime small. The district column is not shipped: the region
// picker shows province and city, and reports an empty district (docs/runtime-widgets.md).
const REGION = "11北京市北京市|12天津市天津市|13河北省石家庄市|14山西省太原市|15内蒙古自治区呼和浩特市|" +
  "21辽宁省沈阳市|22吉林省长春市|23黑龙江省哈尔滨市|31上海市上海市|32江苏省南京市|33浙江省杭州市|" +
  "34安徽省合肥市|35福建省福州市|36江西省南昌市|37山东省济南市|41河南省郑州市|42湖北省武汉市|" +
  "43湖南省长沙市|44广东省广州市|45广西壮族自治区南宁市|46海南省海口市|50重庆市重庆市|51四川省成都市|" +
  "52贵州省贵阳市|53云南省昆明市|54西藏自治区拉萨市|61陕西省西安市|62甘肃省兰州市|63青海省西宁市|" +
  "64宁夏回族自治区银川市|65新疆维吾尔自治区乌鲁木齐市|71台湾省台北市|81香港特别行政区香港特别行政区|" +
  "82澳门特别行政区澳门特别行政区";

/** @type {{code: string, name: string, city: string}[]} */
export const PROVINCES = REGION.split("|").map((e) => {
  // the province name ends at its first 省/自治区/特别行政区/市
  const m = /^(\d\d)(.+?(?:省|自治区|特别行政区|市))(.*)$/.exec(e) || [];
  return { code: m[1], name: m[2], city: m[3] };
});

/**
 * Region value for a selection: `{value, code}` padded to the level's depth.
 * @param {number} p province index @param {string} level province | city | region | sub-district
 * @param {string} [custom] custom-item text, shown first in each column (index 0)
 */
export function regionDetail(p, level = "region", custom) {
  const depth = level === "province" ? 1 : level === "city" ? 2 : level === "sub-district" ? 4 : 3;
  const off = custom ? 1 : 0;
  /** @type {string[]} */
  const value = [], code = [];
  if (custom && p === 0) value.push(custom, custom), code.push("", "");
  else {
    const pr = PROVINCES[p - off] ?? PROVINCES[0];
    value.push(pr.name, pr.city), code.push(pr.code + "0000", pr.code + "0100");
  }
  while (value.length < depth) value.push(""), code.push("");
  return { value: value.slice(0, depth), code: code.slice(0, depth) };
}

/** Index of the province named in a region value (0 when unknown). */
export function regionIndex(/** @type {any} */ value, /** @type {string} */ custom) {
  const name = Array.isArray(value) ? value[0] : "";
  const i = PROVINCES.findIndex((p) => p.name === name);
  return (custom ? 1 : 0) + Math.max(0, i);
}
