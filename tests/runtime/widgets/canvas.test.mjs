import { test } from "node:test";
import assert from "node:assert/strict";
import { images, normalise } from "../../../src/openmini/runtime/view/widgets/canvas.js";

test("canvas actions: legacy setters, properties, methods, refused names", () => {
  assert.deepEqual(normalise(["setFillStyle", "red"]), ["set", "fillStyle", ["red"]]);
  assert.deepEqual(normalise(["setFontSize", 20]), ["set", "font", ["20px sans-serif"]]);
  assert.deepEqual(normalise(["lineWidth", 2]), ["set", "lineWidth", [2]]);
  assert.deepEqual(normalise(["fillRect", 0, 0, 5, 5]), ["call", "fillRect", [0, 0, 5, 5]]);
  assert.equal(normalise(["setShadow", 1, 1, 2, "#000"])[0], "shadow");
  for (const bad of [["getImageData"], ["createPattern"], ["measureText"], [42], "x", null]) assert.equal(normalise(/** @type {any} */ (bad))[0], "");
});

test("canvas batches list the images they draw", () => {
  assert.deepEqual(images([["drawImage", "a.png", 0, 0], ["fillStyle", { type: "pattern", image: "b.png" }], ["drawImage", "a.png", 1, 1], "junk"]), ["a.png", "b.png"]);
});
