import { test } from "node:test";
import assert from "node:assert/strict";
import { bounds, resist } from "../../../src/openmini/runtime/view/widgets/movable.js";

test("movable bounds keep the scaled box inside (or covering) the area", () => {
  assert.deepEqual(bounds(100, 20, 1), [0, 80]);
  assert.deepEqual(bounds(100, 200, 1), [-100, 0]);
  assert.deepEqual(bounds(100, 20, 2), [10, 70]); // 40px box, centre-scaled: shifted by 10
  assert.ok(Math.abs(resist(100)) < 100 && resist(-4) < 0);
});

