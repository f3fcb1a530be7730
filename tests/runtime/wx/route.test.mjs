// Custom routes (logic/wx/route.js) on a hand-stepped frame clock: the builder's config and
// defaults, the entrance 0 → 1 and the exit back to 0 with their statuses, the page below
// following the route (its own secondary animation, or the route's previous-page handler), and
// one `route` message per frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setClock } from '../../../src/openmini/runtime/logic/wx/worklet-core.js';
import { AnimationStatus, enter, leave, newContext, out, prepare } from '../../../src/openmini/runtime/logic/wx/route.js';

/** The previous test's clock: its frames run out before the next test starts its own. */
let previous = null;

/** A clock whose frames run only when the test steps time; the route messages it sent. */
function setup() {
  if (previous) for (let i = 0; i < 100; i++) previous.step(16);
  let now = 0;
  let queued = [];
  setClock({ now: () => now, request: (fn) => void queued.push(fn) });
  const sent = [];
  out.post = (m) => sent.push(m);
  out.css = (style) => Object.fromEntries(Object.entries(style || {}).map(([k, v]) => [k, String(v)]));
  previous = {
    sent,
    step(ms) {
      now += ms;
      const run = queued;
      queued = [];
      for (const fn of run) fn();
    },
  };
  return previous;
}

/** A builder fading its page in, moving the page below by its secondary animation. */
const fade = (extra = {}) => (ctx) => ({
  transitionDuration: 100,
  handlePrimaryAnimation: () => ({ opacity: ctx.primaryAnimation.value }),
  handleSecondaryAnimation: () => ({ transform: `translateX(${-ctx.secondaryAnimation.value * 30}%)` }),
  ...extra,
});

const frameOf = (msg, page) => msg.frames.find((f) => f.page === page);

test('the builder gets the context and options; WeChat defaults fill its config', () => {
  setup();
  let got = null;
  const route = prepare((ctx, options) => ((got = { ctx, options }), {}), { k: 1 }, () => {});
  assert.deepEqual(got.options, { k: 1 });
  assert.equal(got.ctx, route.ctx);
  assert.equal(route.ctx.primaryAnimation.value, 0);
  assert.equal(route.ctx.primaryAnimationStatus.value, AnimationStatus.dismissed);
  assert.deepEqual(route.host, { opaque: true, barrierColor: '', barrierDismissible: false, reverse: 300, style: {} });
  assert.equal(route.duration, 300);
});

test('the entrance plays 0 → 1 over transitionDuration, one message a frame, then the exit goes back to 0', () => {
  const clock = setup();
  const route = prepare(fade({ reverseTransitionDuration: 200 }), {}, () => {});
  assert.deepEqual(route.host.style, { opacity: '0' });
  enter(route, 2, 1, null);
  const { primaryAnimation, primaryAnimationStatus } = route.ctx;
  assert.equal(primaryAnimationStatus.value, AnimationStatus.forward);
  clock.step(50);
  assert.equal(primaryAnimation.value, 0.5);
  assert.equal(clock.sent.length, 1);
  assert.deepEqual(clock.sent[0], { t: 'route', frames: [{ page: 2, style: { opacity: '0.5' }, progress: 0.5 }] });
  clock.step(50);
  assert.equal(primaryAnimation.value, 1);
  assert.equal(primaryAnimationStatus.value, AnimationStatus.completed);
  assert.deepEqual(clock.sent.at(-1).frames, [{ page: 2, style: { opacity: '1' }, progress: 1 }]);

  clock.sent.length = 0;
  leave(2, true);
  assert.equal(primaryAnimationStatus.value, AnimationStatus.reverse);
  clock.step(100);
  assert.equal(primaryAnimation.value, 0.5);
  clock.step(100);
  assert.equal(primaryAnimationStatus.value, AnimationStatus.dismissed);
  assert.deepEqual(clock.sent.at(-1).frames, [{ page: 2, style: { opacity: '0' }, progress: 0 }]);
  const count = clock.sent.length;
  clock.step(16);
  assert.equal(clock.sent.length, count, 'nothing more once the route left');
});

test('a pop after a gesture animates from where the gesture left the route', () => {
  const clock = setup();
  const route = prepare(fade(), {}, () => {});
  enter(route, 3, 0, null);
  clock.step(100);
  route.ctx.startUserGesture();
  route.ctx.primaryAnimation.value = 0.25; // the user dragged it most of the way out
  leave(3, true);
  clock.step(25); // a quarter of the 100 ms reverse is what is left
  assert.equal(route.ctx.primaryAnimation.value, 0);
  assert.equal(route.ctx.primaryAnimationStatus.value, AnimationStatus.dismissed);
});

test('the page below follows the route: its own secondary animation, else the previous-page handler', () => {
  const clock = setup();
  const first = prepare(fade(), {}, () => {});
  enter(first, 10, 0, null);
  clock.step(100);
  const second = prepare(fade(), {}, () => {});
  enter(second, 11, 10, first.ctx);
  clock.step(50);
  assert.equal(first.ctx.secondaryAnimation.value, 0.5);
  assert.equal(first.ctx.secondaryAnimationStatus.value, AnimationStatus.forward);
  const msg = clock.sent.at(-1);
  assert.deepEqual(frameOf(msg, 10).style, { opacity: '1', transform: 'translateX(-15%)' });
  assert.equal(frameOf(msg, 11).progress, 0.5);

  // a page opened without a custom route gets the route's handlePreviousPageAnimation
  const plain = newContext(true, () => {});
  const third = prepare(fade({ handlePreviousPageAnimation: () => ({ opacity: 1 - third.ctx.primaryAnimation.value }) }), {}, () => {});
  enter(third, 21, 20, plain);
  clock.step(100);
  assert.deepEqual(frameOf(clock.sent.at(-1), 20), { page: 20, style: { opacity: '0' } });
  leave(21, true);
  clock.step(300);
  // once the route left, the page below loses the style
  assert.deepEqual(frameOf(clock.sent.at(-1), 20), { page: 20, style: null });
});

test('a route unloaded without a pop (redirectTo, reLaunch) leaves at once', () => {
  const clock = setup();
  const route = prepare(fade(), {}, () => {});
  enter(route, 30, 0, null);
  clock.step(100);
  clock.sent.length = 0;
  leave(30, false);
  clock.step(16);
  assert.equal(clock.sent.length, 0);
});
