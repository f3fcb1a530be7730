import { test } from "node:test";
import assert from "node:assert/strict";
import * as D from "../../../src/openmini/runtime/view/widgets/picker-data.js";

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

test("region: provinces with GB/T 2260 codes and capital cities", () => {
  assert.equal(D.PROVINCES.length, 34);
  assert.deepEqual(D.PROVINCES.find((p) => p.code === "44"), { code: "44", name: "广东省", city: "广州市" });
  assert.deepEqual(D.PROVINCES.find((p) => p.code === "15"), { code: "15", name: "内蒙古自治区", city: "呼和浩特市" });
  const gd = D.regionIndex(["广东省", "深圳市", "南山区"], "");
  assert.deepEqual(D.regionDetail(gd), { value: ["广东省", "广州市", ""], code: ["440000", "440100", ""] });
  assert.deepEqual(D.regionDetail(gd, "city"), { value: ["广东省", "广州市"], code: ["440000", "440100"] });
  assert.deepEqual(D.regionDetail(0, "region", "全部"), { value: ["全部", "全部", ""], code: ["", "", ""] });
  assert.equal(D.regionIndex(["北京市"], "全部"), 1);
});
