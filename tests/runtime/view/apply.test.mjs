import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { installFakeDom, log } from "./fake-dom.mjs";

const root = installFakeDom();
const { applyOps, mountRoot, getNode, onWidgetEvent } = await import("../../../src/openmini/runtime/view/apply.js");
const { defineWidget, props, nodeState } = await import("../../../src/openmini/runtime/view/widgets/registry.js");
const { OP } = await import("../../../src/openmini/runtime/protocol.js");
mountRoot(root);

const warn = console.warn;
let warnings = [];
beforeEach(() => {
  log.length = 0;
  warnings = [];
  console.warn = (m) => warnings.push(m);
});

test("CREATE + TEXT + INSERT build wx- elements under the page root", () => {
  applyOps([
    [OP.CREATE, 1, "view", 0],
    [OP.TEXT, 2, "hello"],
    [OP.INSERT, 1, 2, 0],
    [OP.INSERT, 0, 1, 0],
  ]);
  const v = getNode(1);
  assert.equal(v.localName, "wx-view");
  assert.equal(v.parentNode, root);
  assert.equal(v.textContent, "hello");
  assert.deepEqual(log, ['<wx-view>.insert("hello")', "<wx-page>.insert(<wx-view>)"]);
});

test("INSERT with `before` places the node, and moves an inserted node", () => {
  applyOps([[OP.CREATE, 10, "view", 0], [OP.CREATE, 11, "view", 0], [OP.CREATE, 12, "view", 0]]);
  applyOps([[OP.INSERT, 10, 11, 0], [OP.INSERT, 10, 12, 11]]);
  assert.deepEqual(getNode(10).childNodes.map((c) => nodeState(c).id), [12, 11]);
  applyOps([[OP.INSERT, 10, 12, 0]]);
  assert.deepEqual(getNode(10).childNodes.map((c) => nodeState(c).id), [11, 12]);
});

test("REMOVE detaches the subtree, frees its ids and destroys widgets", () => {
  const destroyed = [];
  defineWidget("t-destroy", { destroy: (el) => destroyed.push(nodeState(el).id) });
  applyOps([[OP.CREATE, 20, "view", 0], [OP.CREATE, 21, "t-destroy", 0], [OP.TEXT, 22, "x"],
    [OP.INSERT, 21, 22, 0], [OP.INSERT, 20, 21, 0], [OP.INSERT, 0, 20, 0]]);
  applyOps([[OP.REMOVE, 20]]);
  assert.equal(getNode(20), undefined);
  assert.equal(getNode(21), undefined);
  assert.equal(getNode(22), undefined);
  assert.deepEqual(destroyed, [21]);
  assert.ok(!root.childNodes.some((c) => nodeState(c).id === 20));
});

test("SET_TEXT, CLASS, STYLE, ID, DATASET, LISTEN", () => {
  applyOps([[OP.CREATE, 30, "view", 0], [OP.TEXT, 31, "a"], [OP.INSERT, 30, 31, 0]]);
  applyOps([
    [OP.SET_TEXT, 31, "b"], [OP.CLASS, 30, "p--x y"], [OP.STYLE, 30, "color: red"],
    [OP.ID, 30, "main"], [OP.DATASET, 30, { rowId: 3 }], [OP.LISTEN, 30, ["tap"]],
  ]);
  const v = getNode(30);
  assert.equal(getNode(31).data, "b");
  assert.equal(v.className, "p--x y");
  assert.equal(v.style.cssText, "color: red");
  assert.equal(v.id, "main");
  assert.deepEqual(nodeState(v).dataset, { rowId: 3 });
  assert.deepEqual(nodeState(v).listen, ["tap"]);
  applyOps([[OP.ID, 30, ""]]);
  assert.equal(v.getAttribute("id"), null);
});

test("CLASS keeps a hover class that is on while the finger is down", () => {
  applyOps([[OP.CREATE, 35, "view", 0]]);
  const v = getNode(35);
  nodeState(v).hover = "pressed";
  applyOps([[OP.CLASS, 35, "a"]]);
  assert.equal(v.className, "a pressed");
});

test("PROP keeps typed values; plain elements reflect them as attributes", () => {
  applyOps([[OP.CREATE, 40, "c-card", 1], [OP.PROP, 40, "hidden", true], [OP.PROP, 40, "n", 3],
    [OP.PROP, 40, "off", false], [OP.PROP, 40, "o", { a: 1 }]]);
  const el = getNode(40);
  assert.deepEqual(props(el), { hidden: true, n: 3, off: false, o: { a: 1 } });
  assert.equal(el.getAttribute("hidden"), "");
  assert.equal(el.getAttribute("n"), "3");
  assert.equal(el.getAttribute("off"), null);
  applyOps([[OP.PROP, 40, "n", null]]);
  assert.equal(el.getAttribute("n"), null);
  assert.ok(!("n" in props(el)));
});

test("PROP on a widget calls set() with the camelCase name; hidden/aria stay attributes", () => {
  const calls = [];
  defineWidget("t-set", { set: (el, name, value) => calls.push([name, value]) });
  applyOps([[OP.CREATE, 50, "t-set", 0], [OP.PROP, 50, "show-value", true], [OP.PROP, 50, "activeColor", "red"],
    [OP.PROP, 50, "hidden", true], [OP.PROP, 50, "aria-role", "button"], [OP.PROP, 50, "show-value", null]]);
  assert.deepEqual(calls, [["showValue", true], ["activeColor", "red"], ["showValue", null]]);
  const el = getNode(50);
  assert.equal(el.getAttribute("hidden"), "");
  assert.equal(el.getAttribute("role"), "button");
});

test("a component host is never a widget", () => {
  let created = 0;
  defineWidget("t-host", { create: () => created++ });
  applyOps([[OP.CREATE, 60, "t-host", 1]]);
  assert.equal(created, 0);
  assert.equal(nodeState(getNode(60)).widget, undefined);
});

test("widget create() gets a send() that reports widget events for its node", () => {
  const got = [];
  onWidgetEvent((el, type, detail) => got.push([nodeState(el).id, type, detail]));
  defineWidget("t-send", { create: (el, send) => send("change", { value: 1 }) });
  applyOps([[OP.CREATE, 70, "t-send", 0]]);
  assert.deepEqual(got, [[70, "change", { value: 1 }]]);
});

test("unknown tags warn once and become plain elements", () => {
  applyOps([[OP.CREATE, 80, "no-such-tag", 0], [OP.CREATE, 81, "no-such-tag", 0]]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /no-such-tag/);
  assert.equal(getNode(81).localName, "wx-no-such-tag");
});

test("a bad op is reported and the rest of the batch still applies", () => {
  const error = console.error;
  const errors = [];
  console.error = (...a) => errors.push(a);
  applyOps([[OP.INSERT, 999, 998, 0], [OP.CREATE, 90, "view", 0]]);
  console.error = error;
  assert.equal(errors.length, 1);
  assert.equal(getNode(90).localName, "wx-view");
});

test.after(() => {
  console.warn = warn;
});
