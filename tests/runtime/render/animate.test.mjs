// this.animate / this.clearAnimation: WeChat keyframes → CSS (render/keyframes.js), what the
// worker sends to the page frame, and the Web Animations keyframes the frame builds (view/animate.js).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { translateKeyframes, clearedKeys } from '../../../src/openmini/runtime/render/keyframes.js';
import { compose } from '../../../src/openmini/runtime/view/animate.js';
import { handleViewMessage } from '../../../src/openmini/runtime/render/index.js';
import { reset, open } from './harness.mjs';

let warnings = [];
beforeEach(() => { warnings = reset(); });

test('WeChat keyframe properties become CSS: transform functions with deg/px, lengths in px, rpx, easing', () => {
  const frames = translateKeyframes([
    { opacity: 1, rotate: 0, backgroundColor: '#FF0000' },
    { scale: [1.5, 1.5], rotate: 45, ease: 'ease-in', offset: 0.9, width: '20rpx', left: 5 },
    { translate: [10, '2rpx'], rotate3d: [0, 0, 1, 30], skewX: 5, transformOrigin: 'left top', offset: 1 },
  ]);
  assert.deepEqual(frames, [
    { offset: null, easing: null, composite: null, props: [
      ['opacity', 'opacity', '1'], ['rotate', 'transform', 'rotate(0deg)'], ['backgroundColor', 'backgroundColor', '#FF0000']] },
    { offset: 0.9, easing: 'ease-in', composite: null, props: [
      ['scale', 'transform', 'scale(1.5, 1.5)'], ['rotate', 'transform', 'rotate(45deg)'],
      ['width', 'width', 'calc(20*var(--om-rpx))'], ['left', 'left', '5px']] },
    { offset: 1, easing: null, composite: null, props: [
      ['translate', 'transform', 'translate(10px, calc(2*var(--om-rpx)))'], ['rotate3d', 'transform', 'rotate3d(0, 0, 1, 30deg)'],
      ['skewX', 'transform', 'skewX(5deg)'], ['transformOrigin', 'transformOrigin', 'left top']] },
  ]);
});

test('the scroll-driven form passes CSS keyframes through (camel-cased, easing, composite)', () => {
  const [f] = translateKeyframes([{ 'border-radius': 4, transform: 'scale(.5)', easing: 'linear', composite: 'add', zIndex: 3 }]);
  assert.deepEqual(f, { offset: null, easing: 'linear', composite: 'add', props: [
    ['border-radius', 'borderRadius', '4px'], ['transform', 'transform', 'scale(.5)'], ['zIndex', 'zIndex', '3']] });
});

test('keyframes the Web Animations API would refuse are refused with a reason', () => {
  assert.throws(() => translateKeyframes({}), /should be an array/);
  assert.throws(() => translateKeyframes([{ offset: 2 }]), /offset should be between 0 and 1/);
  assert.throws(() => translateKeyframes([{ offset: 0.5 }, { offset: 0.2 }]), /offsets should not decrease/);
});

test('clearAnimation options name the properties to drop; none means all', () => {
  assert.equal(clearedKeys(undefined), null);
  assert.deepEqual(clearedKeys({ opacity: true, rotate: true, scale: false }), ['opacity', 'rotate']);
});

test('the frame puts transform functions in one order, missing ones as identity, and drops cleared keys', () => {
  const frames = translateKeyframes([
    { opacity: 1, rotate: 0 },
    { scale: [2, 2], rotate: 90, offset: 0.5, ease: 'ease-out' },
    { opacity: 0 },
  ]);
  assert.deepEqual(compose(frames, null), [
    { opacity: '1', transform: 'rotate(0deg) scale(1)' },
    { offset: 0.5, easing: 'ease-out', transform: 'rotate(90deg) scale(2, 2)' },
    { opacity: '0' },
  ]);
  assert.deepEqual(compose(frames, new Set(['rotate', 'opacity'])), [
    {}, { offset: 0.5, easing: 'ease-out', transform: 'scale(2, 2)' }, {},
  ]);
});

const block = (id, cls) => ({ k: 'element', tag: 'view', id, ...(cls ? { class: cls } : {}), attrs: {}, children: [] });

test('this.animate sends the matching nodes and calls back when the frame says all finished', () => {
  const calls = [];
  const h = open([block('a', 'box'), block('b', 'box'), block('c')], {
    methods: {
      go() { this.animate('.box', [{ opacity: 1 }, { opacity: 0 }], 300, () => calls.push('done')); },
    },
  });
  h.page.go();
  h.settle();
  const msg = h.sent.find((m) => m.t === 'animate');
  assert.equal(msg.nodes.length, 2, 'both .box elements');
  assert.equal(msg.duration, 300);
  assert.deepEqual(msg.frames[1].props, [['opacity', 'opacity', '0']]);
  assert.equal(calls.length, 0);
  handleViewMessage(h.id, { t: 'methodResult', id: msg.id });
  assert.deepEqual(calls, ['done'], 'called back once');
});

test('an animation cleared before its end does not call back; clearAnimation does', () => {
  const calls = [];
  const h = open([block('a')], {
    methods: {
      go() {
        this.animate('#a', [{ rotate: 0 }, { rotate: 90 }], 1000, () => calls.push('animated'));
        this.clearAnimation('#a', { rotate: true }, () => calls.push('cleared'));
      },
    },
  });
  h.page.go();
  h.settle();
  const played = h.sent.find((m) => m.t === 'animate');
  const cleared = h.sent.find((m) => m.t === 'clearAnimation');
  assert.deepEqual(cleared.keys, ['rotate']);
  assert.deepEqual(cleared.nodes, played.nodes);
  handleViewMessage(h.id, { t: 'methodResult', id: cleared.id, result: {} });
  handleViewMessage(h.id, { t: 'methodResult', id: played.id, errMsg: 'animate:fail cancelled by clearAnimation' });
  assert.deepEqual(calls, ['cleared']);
  assert.deepEqual(warnings, []);
});

test('clearAnimation(selector, callback) clears everything', () => {
  const h = open([block('a')], { methods: { go() { this.clearAnimation('#a', () => {}); } } });
  h.page.go();
  h.settle();
  assert.equal(h.sent.find((m) => m.t === 'clearAnimation').keys, null);
});

test('the scroll-driven form names its scroll-view and is not answered; bad input warns, never throws', () => {
  const scroller = { k: 'element', tag: 'scroll-view', id: 'sv', attrs: {}, children: [block('a')] };
  const h = open([scroller], {
    methods: {
      onLoad() {
        this.animate('#a', [{ borderRadius: '0', offset: 0 }, { borderRadius: '50%', offset: 1 }], 2000,
          { scrollSource: '#sv', timeRange: 2000, startScrollOffset: 0, endScrollOffset: 150 });
        this.animate('#a', [{ offset: 3 }], 10);
        this.animate('#missing', [{ opacity: 0 }], 10);
      },
    },
  });
  const msgs = h.sent.filter((m) => m.t === 'animate');
  assert.equal(msgs.length, 1);
  assert.equal(msgs[0].id, undefined);
  assert.deepEqual({ ...msgs[0].scroll, node: typeof msgs[0].scroll.node },
    { node: 'number', horizontal: false, start: 0, end: 150, timeRange: 2000 });
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /offset should be between 0 and 1/);
  assert.match(warnings[1], /no node matches "#missing"/);
});
