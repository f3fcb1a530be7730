// WXS event responses and change: observers (WeChat "WXS 响应事件"), run in the worker.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { define } from '../../../src/openmini/runtime/logic/modules.js';
import { reset, open, d } from './harness.mjs';

let warnings;
beforeEach(() => { warnings = reset(); });

const W = (fn) => [(D, S, W) => W.m && W.m[fn], []];

test('a function-valued binding is never sent as a PROP (DataCloneError would lose the batch)', () => {
  define('index.wxml#m', {}, (require, module) => { module.exports = { fn() {} }; });
  const h = openWithWxs([{ k: 'element', tag: 'view', attrs: { 'change:opened': W('fn'), opened: d('opened'), other: W('fn') }, children: [] }],
    { data: { opened: 1 } });
  assert.ok(h.ops().some((o) => o[0] === 4 && o[2] === 'other' && o[3] === null));
  for (const o of h.ops()) for (const x of o) assert.notEqual(typeof x, 'function');
  assert.ok(!h.ops().some((o) => o[0] === 4 && o[2] === 'change:opened'));
});

test('change:prop calls fn(new, old, ownerInstance, instance) once initially and when the value changes', () => {
  const calls = [];
  const fns = { fn(n, o, owner, ins) { calls.push([n, o]); ins.setStyle({ left: n + 'px' }); ins.addClass('on'); } };
  // view code names the file's WXS modules; register it the way the compiler does
  define('index.wxml#m', {}, (require, module) => { module.exports = fns; });
  const root = [{ k: 'element', tag: 'view', id: 'v', class: 'box', attrs: { 'change:pos': W('fn'), pos: d('pos') }, children: [] }];
  const h = openWithWxs(root, { data: { pos: 1, other: 0 } });
  assert.deepEqual(calls, [[1, undefined]]);
  let v = h.tree()[0];
  assert.equal(v.attrs.style, 'left:1px;');
  assert.equal(v.attrs.class, 'box on');
  h.page.setData({ other: 1 });
  h.settle();
  assert.equal(calls.length, 1); // pos untouched
  h.page.setData({ pos: 1 });
  h.settle();
  assert.equal(calls.length, 1); // same primitive: not called
  h.page.setData({ pos: 5 });
  h.settle();
  assert.deepEqual(calls[1], [5, 1]);
  v = h.tree()[0];
  assert.equal(v.attrs.style, 'left:5px;');
});

test('a WXS event handler gets (event, ownerInstance); false stops the event; instances reach the page', () => {
  const seen = [];
  define('index.wxml#m', {}, (require, module) => {
    module.exports = {
      start(e, owner) {
        seen.push([e.type, e.instance.getDataset().k, typeof owner.callMethod]);
        e.instance.getState().n = (e.instance.getState().n || 0) + 1;
        owner.callMethod('hit', { n: e.instance.getState().n });
        owner.selectComponent('.inner').setStyle('color: red').removeClass('inner');
        return false;
      },
    };
  });
  const root = [{ k: 'element', tag: 'view', id: 'outer', on: [['touchstart', 'bind', 'outerTouch']], children: [
    { k: 'element', tag: 'view', id: 'in', class: 'inner', data: { k: 7 }, on: [['touchstart', 'bind', W('start')]], children: [] },
  ] }];
  const hits = [];
  const h = openWithWxs(root, { methods: { hit(a) { hits.push(a.n); }, outerTouch() { hits.push('outer'); } } });
  const id = findId(h, 'in');
  h.event(id, 'touchstart');
  h.event(id, 'touchstart');
  assert.deepEqual(seen[0], ['touchstart', 7, 'function']);
  assert.deepEqual(hits, [1, 2]); // the outer bind never ran: false stopped the event
  const v = h.tree()[0].children[0];
  assert.equal(v.attrs.style, 'color: red');
  assert.equal(v.attrs.class, undefined);
});

/** The frame node id of the element with this id. */
function findId(h, domId) {
  for (const m of h.sent) if (m.t === 'ops') for (const o of m.ops) if (o[0] === 10 && o[2] === domId) return o[1];
  throw new Error(`no #${domId}`);
}

/** open() with index.wxml naming the WXS module `m`. */
function openWithWxs(root, def) {
  return open(root, def, { wxs: { m: true } });
}
