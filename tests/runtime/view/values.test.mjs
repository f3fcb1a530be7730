import { test } from "node:test";
import assert from "node:assert/strict";
import { camel, attrValue, bool, num, str, cssLength } from "../../../src/openmini/runtime/view/props.js";
import { entersBottom } from "../../../src/openmini/runtime/view/scroll.js";
import { textShown } from "../../../src/openmini/runtime/view/widgets/text.js";
import { sliderValue, filterTyped } from "../../../src/openmini/runtime/view/widgets/form.js";

test("camel: dash-case props become camelCase, camelCase stays", () => {
  assert.equal(camel("show-value"), "showValue");
  assert.equal(camel("hover-start-time"), "hoverStartTime");
  assert.equal(camel("activeColor"), "activeColor");
  assert.equal(camel("src"), "src");
});

test("attrValue follows the conformance html rule", () => {
  assert.equal(attrValue(false), null);
  assert.equal(attrValue(null), null);
  assert.equal(attrValue(undefined), null);
  assert.equal(attrValue(true), "");
  assert.equal(attrValue(0), "0");
  assert.equal(attrValue("x"), "x");
});

test("Boolean props use JS truthiness, as WeChat warns (checked=\"false\" is true)", () => {
  assert.equal(bool("false"), true);
  assert.equal(bool(""), false);
  assert.equal(bool(0), false);
});

test("num / str fall back for missing or bad values", () => {
  assert.equal(num("12", 1), 12);
  assert.equal(num("abc", 1), 1);
  assert.equal(num("", 5), 5);
  assert.equal(num(true, 5), 5);
  assert.equal(str(null, "d"), "d");
  assert.equal(str(0, "d"), "0");
});

test("cssLength: numbers are px, rpx uses --om-rpx, other units kept", () => {
  assert.equal(cssLength(23), "23px");
  assert.equal(cssLength("40"), "40px");
  assert.equal(cssLength("40rpx"), "calc(40*var(--om-rpx))");
  assert.equal(cssLength("2em"), "2em");
});

test("reach-bottom fires once when a downward scroll enters the zone, again after leaving", () => {
  const z = { inside: false, top: 0 };
  assert.equal(entersBottom(z, 100, 1000, 600, 50), false);
  assert.equal(entersBottom(z, 360, 1000, 600, 50), true);
  assert.equal(entersBottom(z, 380, 1000, 600, 50), false);
  assert.equal(entersBottom(z, 200, 1000, 600, 50), false);
  assert.equal(entersBottom(z, 400, 1000, 600, 50), true);
  // content grew (more items loaded): the zone moved away, a new scroll down fires again
  assert.equal(entersBottom(z, 400, 2000, 600, 50), false);
  assert.equal(entersBottom(z, 1390, 2000, 600, 50), true);
});

test("reach-bottom does not fire for a page shorter than the window without scrolling", () => {
  const z = { inside: false, top: 0 };
  assert.equal(entersBottom(z, 0, 500, 600, 50), false);
});

test("<text>: space, decode and a literal backslash-n", () => {
  assert.equal(textShown("a  b", {}), "a  b");
  assert.equal(textShown("a b", { space: "ensp" }), "a\u2002b");
  assert.equal(textShown("a b", { space: "emsp" }), "a\u2003b");
  assert.equal(textShown("a b", { space: "nbsp" }), "a\u00a0b");
  assert.equal(textShown("a b", { space: "bogus" }), "a b");
  assert.equal(textShown("&lt;b&gt; &amp;amp; &nbsp;", { decode: true }), "<b> &amp; \u00a0");
  assert.equal(textShown("&lt;", {}), "&lt;");
  assert.equal(textShown("one\\ntwo", {}), "one\ntwo");
});

test("slider values snap to step within min/max", () => {
  assert.equal(sliderValue(0.5, 0, 100, 1), 50);
  assert.equal(sliderValue(0.333, 0, 100, 10), 30);
  assert.equal(sliderValue(-1, 0, 100, 1), 0);
  assert.equal(sliderValue(2, 0, 100, 1), 100);
  assert.equal(sliderValue(0.3, 0, 1, 0.1), 0.3);
  assert.equal(sliderValue(1, 0, 10, 3), 9);
  assert.equal(sliderValue(0.5, 5, 5, 1), 5);
  assert.equal(sliderValue(0.5, 0, 100, 0), 50);
});

test("keyboard types keep only what their keyboard can type", () => {
  assert.equal(filterTyped("12a3", "number"), "123");
  assert.equal(filterTyped("1.5e", "digit"), "1.5");
  assert.equal(filterTyped("11010519491231002X?", "idcard"), "11010519491231002X");
  assert.equal(filterTyped("any thing", "text"), "any thing");
});
