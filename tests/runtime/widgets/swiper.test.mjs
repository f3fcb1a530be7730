import { test } from "node:test";
import assert from "node:assert/strict";
import { mod, offset, settle, stops } from "../../../src/openmini/runtime/view/widgets/swiper.js";

test("stops: every item when circular, else up to the last full page", () => {
  assert.equal(stops(5, 1, false), 5);
  assert.equal(stops(5, 2, false), 4);
  assert.equal(stops(5, 2, true), 5);
  assert.equal(stops(1, 3, false), 1);
  assert.equal(stops(0, 1, false), 1);
});

test("offset wraps into [-1, n-1) when circular", () => {
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => offset(i, 0, 5, true)), [0, 1, 2, 3, -1]);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => offset(i, 4, 5, true)), [1, 2, 3, -1, 0]);
  assert.deepEqual([0, 1, 2].map((i) => offset(i, 0.5, 3, true)), [-0.5, 0.5, 1.5]);
  assert.deepEqual([0, 1, 2].map((i) => offset(i, 2, 3, false)), [-2, -1, 0]);
});

test("settle: nearest stop, or one step with a fling, one page per gesture", () => {
  assert.equal(settle(1.4, 0, 1, 5, false), 1);
  assert.equal(settle(1.6, 0, 1, 5, false), 2);
  assert.equal(settle(1.1, 1, 1, 5, false), 2);
  assert.equal(settle(0.9, -1, 1, 5, false), 0);
  assert.equal(settle(3.9, 0, 1, 5, false), 2); // never more than one page
  assert.equal(settle(-0.3, -1, 0, 5, false), 0); // clamped at the ends
  assert.equal(settle(-0.3, -1, 0, 5, true), -1); // circular: keeps going (wrapped after the animation)
  assert.equal(settle(4.2, 1, 4, 5, true), 5);
});

test("mod", () => {
  assert.equal(mod(-1, 5), 4);
  assert.equal(mod(5, 5), 0);
  assert.equal(mod(3, 0), 0);
});
