// wx.worklet on a hand-stepped frame clock: shared and derived values, the animations' values at
// given frames, their callbacks, Easing curves; and animated styles turned into CSS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  setClock, shared, derived, timing, spring, decay, sequence, repeat, delay, cancelAnimation, Easing, later,
} from '../../../src/openmini/runtime/logic/wx/worklet-core.js';
import { cssOf } from '../../../src/openmini/runtime/logic/wx/worklet.js';

/** A clock whose frames run only when the test steps time. */
function manualClock() {
  let now = 0;
  let queued = [];
  setClock({ now: () => now, request: (fn) => void queued.push(fn) });
  return {
    /** Advance `ms` and run the frame scheduled for then. */
    step(ms) {
      now += ms;
      const run = queued;
      queued = [];
      for (const fn of run) fn();
    },
    /** Step frames of `ms` until nothing is scheduled (at most `max`). */
    settle(ms = 16, max = 2000) {
      for (let i = 0; i < max && queued.length; i++) this.step(ms);
    },
  };
}

const near = (a, b, eps = 1e-3) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('a derived value follows the shared values it reads', () => {
  manualClock();
  const a = shared(2);
  const b = shared(3);
  const sum = derived(() => a.value + b.value);
  assert.equal(sum.value, 5);
  a.value = 10;
  assert.equal(sum.value, 13);
  const twice = derived(() => sum.value * 2);
  b.value = 0;
  assert.equal(twice.value, 20);
});

test('timing moves linearly through its frames and ends on the target with finished = true', () => {
  const clock = manualClock();
  const sv = shared(0);
  const calls = [];
  sv.value = timing(100, { duration: 100, easing: Easing.linear }, (finished) => calls.push(finished));
  clock.step(25);
  near(sv.value, 25);
  clock.step(25);
  near(sv.value, 50);
  clock.step(60);
  assert.equal(sv.value, 100);
  assert.deepEqual(calls, [true]);
});

test('a new value stops the playing animation, whose callback gets finished = false', () => {
  const clock = manualClock();
  const sv = shared(0);
  const calls = [];
  sv.value = timing(100, { duration: 100 }, (finished) => calls.push(finished));
  clock.step(50);
  sv.value = 7;
  clock.settle();
  assert.equal(sv.value, 7);
  assert.deepEqual(calls, [false]);
  sv.value = timing(50, { duration: 100 }, (finished) => calls.push(finished));
  clock.step(20);
  const at = sv.value;
  cancelAnimation(sv);
  clock.settle();
  assert.equal(sv.value, at);
  assert.deepEqual(calls, [false, false]);
});

test('timing uses WeChat defaults: 300 ms, ease in-out quad', () => {
  const clock = manualClock();
  const sv = shared(0);
  sv.value = timing(1);
  clock.step(75); // k = 0.25 → quad in-out: 2 * 0.25² = 0.125
  near(sv.value, 0.125);
  clock.step(225);
  assert.equal(sv.value, 1);
});

test('spring overshoots the target, then rests on it', () => {
  const clock = manualClock();
  const sv = shared(0);
  let finished = null;
  sv.value = spring(100, { stiffness: 100, damping: 10 }, (f) => (finished = f));
  let max = 0;
  for (let i = 0; i < 400 && finished === null; i++) {
    clock.step(16);
    max = Math.max(max, sv.value);
  }
  assert.ok(max > 100, 'an underdamped spring overshoots');
  assert.equal(finished, true);
  assert.equal(sv.value, 100);
});

test('spring with overshootClamping stops at the target', () => {
  const clock = manualClock();
  const sv = shared(0);
  sv.value = spring(100, { overshootClamping: true });
  let max = 0;
  for (let i = 0; i < 200; i++) {
    clock.step(16);
    max = Math.max(max, sv.value);
  }
  assert.equal(max, 100);
});

test('decay slows down from its velocity and stops at the clamp', () => {
  const clock = manualClock();
  const sv = shared(0);
  sv.value = decay({ velocity: 1000 });
  clock.step(16);
  const first = sv.value;
  near(first, 15.76, 0.05); // v0/1000 · (1 - 0.998^16) / 0.002
  clock.step(16);
  assert.ok(sv.value - first < first, 'each frame covers less distance');
  clock.settle();
  near(sv.value, 500, 1); // v0/1000 / (1 - 0.998)
  const clamped = shared(0);
  let done = null;
  clamped.value = decay({ velocity: 1000, clamp: [0, 100] }, (f) => (done = f));
  clock.settle();
  assert.equal(clamped.value, 100);
  assert.equal(done, true);
});

test('sequence plays its animations one after the other, each with its callback', () => {
  const clock = manualClock();
  const sv = shared(0);
  const calls = [];
  sv.value = sequence(
    timing(10, { duration: 100, easing: Easing.linear }, () => calls.push('a')),
    timing(0, { duration: 100, easing: Easing.linear }, () => calls.push('b')),
  );
  clock.step(50);
  near(sv.value, 5);
  clock.step(50);
  assert.equal(sv.value, 10);
  assert.deepEqual(calls, ['a']);
  clock.step(50);
  near(sv.value, 5);
  clock.step(50);
  assert.equal(sv.value, 0);
  assert.deepEqual(calls, ['a', 'b']);
});

test('repeat with reverse goes back and forth, then calls back once', () => {
  const clock = manualClock();
  const sv = shared(0);
  const calls = [];
  sv.value = repeat(timing(10, { duration: 100, easing: Easing.linear }), 3, true, (f) => calls.push(f));
  const seen = [];
  for (let i = 0; i < 3; i++) {
    clock.step(100);
    seen.push(sv.value);
  }
  assert.deepEqual(seen, [10, 0, 10]);
  clock.settle();
  assert.deepEqual(calls, [true]);
});

test('delay holds the value, then runs the animation', () => {
  const clock = manualClock();
  const sv = shared(1);
  sv.value = delay(100, timing(2, { duration: 100, easing: Easing.linear }));
  clock.step(80);
  assert.equal(sv.value, 1);
  clock.step(70); // 50 ms into the animation
  near(sv.value, 1.5);
  clock.settle();
  assert.equal(sv.value, 2);
});

test('Easing curves', () => {
  near(Easing.linear(0.3), 0.3);
  near(Easing.quad(0.5), 0.25);
  near(Easing.cubic(0.5), 0.125);
  near(Easing.poly(4)(0.5), 0.0625);
  near(Easing.out(Easing.quad)(0.5), 0.75);
  near(Easing.inOut(Easing.cubic)(0.25), 0.0625);
  near(Easing.sin(1), 1);
  near(Easing.circle(1), 1);
  near(Easing.bounce(1), 1);
  near(Easing.back()(1), 1);
  near(Easing.elastic()(1), 1);
  const ease = Easing.cubicBezier(0.25, 0.1, 0.25, 1); // CSS `ease`
  near(ease(0.5), 0.8024, 1e-3);
  near(Easing.bezier(0.25, 0.1, 0.25, 1).factory()(0.5), 0.8024, 1e-3);
  near(Easing.cubicBezier(0, 0, 1, 1)(0.37), 0.37);
});

test('runOnJS / runOnUI call the function later with its arguments', async () => {
  const got = [];
  const fn = later((a, b) => got.push(a + b));
  fn(1, 2);
  assert.deepEqual(got, []);
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(got, [3]);
});

test('an animated style becomes CSS: numbers are px except unitless properties, rpx rewritten', () => {
  assert.deepEqual(cssOf({ width: 10, opacity: 0.5, 'border-top-left-radius': 4, transform: 'translateY(20rpx)', zIndex: 2, color: null }), {
    width: '10px',
    opacity: '0.5',
    borderTopLeftRadius: '4px',
    transform: 'translateY(calc(20 * var(--om-rpx)))',
    zIndex: '2',
  });
});
