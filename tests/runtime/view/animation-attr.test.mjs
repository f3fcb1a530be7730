import { test } from "node:test";
import assert from "node:assert/strict";
import { actionCss, transformFunction, playExport } from "../../../src/openmini/runtime/view/animation-attr.js";
import { Animation } from "../../../src/openmini/runtime/logic/wx/animation.js";

test("an exported step becomes its transition, transform origin, transform and styles", () => {
  const { actions } = new Animation({ duration: 300, timingFunction: "ease", delay: 50, transformOrigin: "0 0 0" })
    .translateX(100).rotate(45).opacity(0.5).backgroundColor("#f00").width(20).step().export();
  assert.deepEqual(actionCss(actions[0]), {
    transition: "transform 300ms ease 50ms, opacity 300ms ease 50ms, background-color 300ms ease 50ms, width 300ms ease 50ms",
    transformOrigin: "0 0 0",
    transform: "translateX(100px) rotate(45deg)",
    styles: [["opacity", "0.5"], ["background-color", "#f00"], ["width", "20px"]],
    wait: 350,
  });
});

test("numbers are px for lengths, deg for angles, plain for scales and matrices; strings are kept", () => {
  const css = (type, ...args) => transformFunction({ type, args });
  assert.equal(css("translate", 10, "2rem"), "translate(10px, 2rem)");
  assert.equal(css("translate3d", 1, 2, 3), "translate3d(1px, 2px, 3px)");
  assert.equal(css("skew", 10, 20), "skew(10deg, 20deg)");
  assert.equal(css("rotateY", "1turn"), "rotateY(1turn)");
  assert.equal(css("rotate3d", 0, 0, 1, 90), "rotate3d(0, 0, 1, 90deg)");
  assert.equal(css("scale", 2, 3), "scale(2, 3)");
  assert.equal(css("matrix", 1, 0, 0, 1, 5, 6), "matrix(1, 0, 0, 1, 5, 6)");
  assert.equal(css("explode", 1), null);
});

test("a step without transform functions leaves the transform alone and transitions only its styles", () => {
  const { actions } = new Animation().opacity(0).step().export();
  const c = actionCss(actions[0]);
  assert.equal(c.transform, null);
  assert.equal(c.transition, "opacity 400ms linear 0ms");
  assert.equal(c.transformOrigin, "50% 50% 0");
});

/** An element whose inline style records what was set, in order. */
function fakeElement() {
  const set = [];
  const style = {
    set transition(v) { set.push(["transition", v]); },
    set transformOrigin(v) { set.push(["transform-origin", v]); },
    set transform(v) { set.push(["transform", v]); },
    setProperty(p, v) { set.push([p, v]); },
  };
  return { el: { style }, set };
}

test("actions play in order, each after the previous one's duration + delay; a new export replaces the old", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  globalThis.getComputedStyle = () => ({ getPropertyValue: () => "none" });
  t.after(() => delete globalThis.getComputedStyle);
  const { el, set } = fakeElement();
  const a = new Animation({ duration: 100 });
  const transforms = () => set.filter(([p]) => p === "transform").map(([, v]) => v);
  playExport(el, a.translateX(10).step({ delay: 20 }).translateX(30).step().translateX(50).step().export());
  assert.deepEqual(transforms(), ["translateX(10px)"]);
  t.mock.timers.tick(119);
  assert.deepEqual(transforms(), ["translateX(10px)"]);
  t.mock.timers.tick(1);
  assert.deepEqual(transforms(), ["translateX(10px)", "translateX(30px)"]);
  // the same export data again (as a new setData sends it) plays again, from its first step
  const again = { actions: [{ animates: [{ type: "scale", args: [2] }], option: { transition: { duration: 10 } } }] };
  playExport(el, again);
  t.mock.timers.tick(1000);
  assert.deepEqual(transforms(), ["translateX(10px)", "translateX(30px)", "scale(2)"]);
  playExport(el, again);
  assert.deepEqual(transforms(), ["translateX(10px)", "translateX(30px)", "scale(2)", "scale(2)"]);
});

test("null stops the export playing without touching the element", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  globalThis.getComputedStyle = () => ({ getPropertyValue: () => "none" });
  t.after(() => delete globalThis.getComputedStyle);
  const { el, set } = fakeElement();
  playExport(el, new Animation().opacity(1).step().opacity(0).step().export());
  const before = set.length;
  playExport(el, null);
  t.mock.timers.tick(10000);
  assert.equal(set.length, before);
});
