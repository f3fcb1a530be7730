import { test } from "node:test";
import assert from "node:assert/strict";
import * as D from "../../../src/openmini/runtime/view/widgets/picker-data.js";
import { REGION_DATA } from "../../../src/openmini/runtime/view/widgets/region-data.js";

test("parseDate / parseTime fill missing or bad parts", () => {
  assert.deepEqual(D.parseDate("2020-1-5", [1, 1, 1]), [2020, 1, 5]);
  assert.deepEqual(D.parseDate("2020-02", [1, 1, 9]), [2020, 2, 9]);
  assert.deepEqual(D.parseDate(undefined, [2000, 6, 1]), [2000, 6, 1]);
  assert.deepEqual(D.parseTime("9:5", [0, 0]), [9, 5]);
  assert.deepEqual(D.parseTime("25:70", [1, 2]), [1, 2]);
});

test("date columns shrink at the range's ends and follow month lengths", () => {
  const r = D.dateColumns([2024, 2, 30], [2023, 11, 15], [2025, 3, 10]);
  assert.deepEqual(r.cols[0], [2023, 2024, 2025]);
  assert.equal(r.cols[1].length, 12);
  assert.equal(r.cols[2].length, 29); // leap February
  assert.deepEqual(r.sel, [2024, 2, 29]);
  const lo = D.dateColumns([2023, 1, 1], [2023, 11, 15], [2025, 3, 10]);
  assert.deepEqual(lo.sel, [2023, 11, 15]);
  assert.deepEqual(lo.cols[1], [11, 12]);
  assert.equal(lo.cols[2][0], 15);
  const hi = D.dateColumns([2030, 1, 1], [2023, 11, 15], [2025, 3, 10]);
  assert.deepEqual(hi.sel, [2025, 3, 10]);
  assert.deepEqual(hi.cols[1], [1, 2, 3]);
  assert.equal(hi.cols[2].at(-1), 10);
});

test("fields limit the columns and the formatted value", () => {
  assert.equal(D.dateColumns([2024, 5, 6], [2000, 1, 1], [2100, 12, 31], "month").cols.length, 2);
  assert.equal(D.formatDate([2024, 5, 6]), "2024-05-06");
  assert.equal(D.formatDate([2024, 5, 6], "month"), "2024-05");
  assert.equal(D.formatDate([2024, 5, 6], "year"), "2024");
});

test("an inverted range collapses to its start", () => {
  assert.deepEqual(D.dateColumns([2024, 1, 1], [2024, 6, 1], [2020, 1, 1]).sel, [2024, 6, 1]);
});

test("time columns", () => {
  const t = D.timeColumns([8, 10], [8, 30], [20, 15]);
  assert.deepEqual(t.sel, [8, 30]);
  assert.equal(t.cols[0].length, 13);
  assert.equal(t.cols[1][0], 30);
  assert.deepEqual(D.timeColumns([20, 50], [8, 30], [20, 15]).cols[1].at(-1), 15);
  assert.equal(D.formatTime([7, 5]), "07:05");
});

const tiny = D.decodeRegions("44广东省/01广州市,05海珠区/03深圳市,03罗湖区,05南山区|11北京市/01北京市,01东城区");

test("decodeRegions rebuilds names and 6-digit codes from the 2-digit steps", () => {
  assert.deepEqual(tiny.map((p) => [p.code, p.name]), [["440000", "广东省"], ["110000", "北京市"]]);
  assert.deepEqual(tiny[0].sub.map((c) => [c.code, c.name]), [["440100", "广州市"], ["440300", "深圳市"]]);
  assert.deepEqual(tiny[0].sub[1].sub, [
    { code: "440303", name: "罗湖区", sub: [] },
    { code: "440305", name: "南山区", sub: [] },
  ]);
});

test("region-data.js: every province, city and district, codes nesting", () => {
  const tree = D.decodeRegions(REGION_DATA);
  const cities = tree.flatMap((p) => p.sub), districts = cities.flatMap((c) => c.sub);
  assert.equal(tree.length, 34);
  assert.ok(cities.length > 330 && districts.length > 2800);
  assert.ok(cities.every((c) => c.sub.length > 0));
  for (const p of tree) for (const c of p.sub) {
    assert.equal(c.code.slice(0, 2), p.code.slice(0, 2));
    assert.ok(c.sub.every((d) => d.code.slice(0, 4) === c.code.slice(0, 4) && /^\d{6}$/.test(d.code)));
  }
  const gd = D.regionSelect(tree, ["广东省", "深圳市", "南山区"]);
  const r = D.regionColumns(tree, gd, "", 3);
  assert.deepEqual(D.regionDetail(r.nodes, "", 3), { value: ["广东省", "深圳市", "南山区"], code: ["440000", "440300", "440305"] });
  assert.ok(r.cols[1].includes("东莞市") && r.cols[2].includes("福田区"));
  // municipalities as on WeChat: province 北京市, city 北京市, then its districts
  const bj = D.regionColumns(tree, D.regionSelect(tree, ["北京市", "北京市", "海淀区"]), "", 3);
  assert.deepEqual(bj.cols[1], ["北京市"]);
  assert.deepEqual(D.regionDetail(bj.nodes, "", 3).code, ["110000", "110100", "110108"]);
  assert.ok(districts.some((d) => d.name === "仙桃市" && d.code === "429004"));
});

test("region columns follow the column above; unknown names select the first entries", () => {
  assert.deepEqual(D.regionColumns(tiny, [0, 1, 1], "", 3).cols, [["广东省", "北京市"], ["广州市", "深圳市"], ["罗湖区", "南山区"]]);
  // out-of-range indices clamp (a new province with fewer cities)
  const bj = D.regionColumns(tiny, [1, 1, 1], "", 3);
  assert.deepEqual(bj.sel, [1, 0, 0]);
  assert.deepEqual(bj.cols.slice(1), [["北京市"], ["东城区"]]);
  assert.deepEqual(D.regionSelect(tiny, ["广东省", "深圳市", "南山区"]), [0, 1, 1]);
  assert.deepEqual(D.regionSelect(tiny, ["火星", "x"]), [0, 0, 0]);
  assert.deepEqual(D.regionSelect(tiny, ["广东省", "深圳市", "不存在区"]), [0, 1, 0]);
  assert.deepEqual(D.regionSelect(tiny, undefined, "", 2), [0, 0]);
});

test("custom-item heads every column; choosing it empties the columns below", () => {
  const all = D.regionColumns(tiny, [0], "全部", 3);
  assert.deepEqual(all.cols, [["全部", "广东省", "北京市"], ["全部"], ["全部"]]);
  assert.deepEqual(D.regionDetail(all.nodes, "全部", 3), { value: ["全部", "全部", "全部"], code: ["", "", ""] });
  const gz = D.regionColumns(tiny, D.regionSelect(tiny, ["广东省", "广州市"], "全部"), "全部", 3);
  assert.deepEqual(gz.cols, [["全部", "广东省", "北京市"], ["全部", "广州市", "深圳市"], ["全部", "海珠区"]]);
  assert.deepEqual(D.regionDetail(gz.nodes, "全部", 3), { value: ["广东省", "广州市", "全部"], code: ["440000", "440100", ""] });
  assert.deepEqual(D.regionSelect(tiny, ["北京市"], "全部"), [2, 0, 0]);
});

test("level sets the depth of the value: province, city, region, sub-district (empty street)", () => {
  assert.deepEqual(["province", "city", "region", "sub-district", undefined].map(D.regionDepth), [1, 2, 3, 4, 3]);
  const sz = D.regionColumns(tiny, [0, 1], "", 2);
  assert.equal(sz.cols.length, 2);
  assert.deepEqual(D.regionDetail(sz.nodes, "", 2), { value: ["广东省", "深圳市"], code: ["440000", "440300"] });
  const street = D.regionDetail(D.regionColumns(tiny, [0, 1, 1], "", 3).nodes, "", 4);
  assert.deepEqual(street, { value: ["广东省", "深圳市", "南山区", ""], code: ["440000", "440300", "440305", ""] });
});
