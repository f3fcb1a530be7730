import { test } from "node:test";
import assert from "node:assert/strict";
import { listening, ownerNode, emit } from "../../../src/openmini/runtime/view/events.js";
import { setPort } from "../../../src/openmini/runtime/view/channel.js";

/** A chain of fake nodes, innermost last. */
function chain(...listens) {
  let parent = null;
  const out = [];
  listens.forEach((l, i) => {
    const n = { nodeType: 1, parentNode: parent, __om: l === undefined ? undefined : { id: i + 1, listen: l } };
    out.push(n);
    parent = n;
  });
  return out;
}

test("bubbling types count listeners on any ancestor", () => {
  const [outer, , inner] = chain(["tap"], null, null);
  assert.equal(listening(inner, "tap"), 1);
  assert.equal(listening(inner, "longpress"), 0);
  assert.equal(listening(outer, "tap"), 1);
});

test("widget events (non-bubbling) count only the node's own listeners", () => {
  const [outer, inner] = chain(["change"], null);
  assert.equal(listening(inner, "change"), 0);
  assert.equal(listening(outer, "change"), 1);
});

test("a `!type` listener is a catch listener (catchtouchmove stops page scrolling)", () => {
  const [, inner] = chain(["!touchmove"], ["touchmove"]);
  assert.equal(listening(inner, "touchmove"), 2);
});

test("ownerNode skips widget parts and text nodes", () => {
  const [w] = chain([]);
  const part = { nodeType: 1, parentNode: w };
  const text = { nodeType: 3, parentNode: part, __om: { id: 9 } };
  assert.equal(ownerNode(text), w);
});

test("emit posts WeChat's event message only when someone listens", () => {
  const sent = [];
  setPort(/** @type {any} */ ({ postMessage: (m) => sent.push(m) }));
  const [, inner] = chain(["tap"], null);
  emit(inner, "tap", { x: 1, y: 2 }, [], [{ identifier: 0 }], 12.6);
  emit(inner, "touchstart", {}, [], []);
  assert.deepEqual(sent, [{
    t: "event", node: 2, type: "tap", detail: { x: 1, y: 2 }, touches: [],
    changedTouches: [{ identifier: 0 }], timeStamp: 13,
  }]);
});
