import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  Component, Behavior, hooks, createComponent, setProperties, initialRenderData, attachComponent,
  flushRenders, invokeHandler, enterModule, leaveModule, getDefinition,
} from '../../../src/openmini/runtime/logic/index.js';

let renders, warnings, pendingAcks;
beforeEach(() => {
  renders = []; warnings = []; pendingAcks = [];
  hooks.warn = (m) => warnings.push(m);
  hooks.error = (e) => { throw e; };
  hooks.render = (comp, changes, done) => { renders.push(changes.map((c) => [c.path.join('.'), c.value])); pendingAcks.push(done); };
  hooks.event = null;
  hooks.select = null;
});

test('this.data is updated at once; the view gets one batch per task', async () => {
  const c = createComponent(Component({ data: { a: 1, b: { c: 1 } } }));
  c.setData({ a: 2 });
  assert.equal(c.data.a, 2);
  c.setData({ 'b.c': 3 });
  c.setData({ a: 4 });
  assert.equal(renders.length, 0);
  await Promise.resolve();
  assert.deepEqual(renders, [[['b.c', 3], ['a', 4]]]);
});

test('setData callback runs after the view acknowledges the render', async () => {
  const c = createComponent(Component({ data: { a: 1 } }));
  const order = [];
  c.setData({ a: 2 }, () => order.push('cb'));
  flushRenders();
  assert.deepEqual(order, []);
  pendingAcks[0]();
  assert.deepEqual(order, ['cb']);
});

test('without a render hook callbacks run at flush', async () => {
  hooks.render = null;
  const c = createComponent(Component({ data: { a: 1 } }));
  let called = false;
  c.setData({ a: 2 }, () => { called = true; });
  await Promise.resolve();
  assert.ok(called);
});

test('undefined values warn and are not set', () => {
  const c = createComponent(Component({ data: { a: 1 } }));
  c.setData({ a: undefined, b: 2 });
  assert.equal(c.data.a, 1);
  assert.equal(c.data.b, 2);
  assert.match(warnings[0], /"a" was set to undefined/);
});

test('an oversized setData throws and changes nothing', () => {
  const c = createComponent(Component({ data: { a: 1 } }));
  assert.throws(() => c.setData({ a: 2, big: 'x'.repeat(1100 * 1024) }), /1024 KB limit/);
  assert.equal(c.data.a, 1);
  flushRenders();
  assert.equal(renders.length, 0);
});

test('setData keeps the object in this.data, the view gets a copy; fields not in initial data may be added', () => {
  const c = createComponent(Component({ data: {} }));
  const obj = { x: [1], on() {} };
  c.setData({ obj, 'fresh.deep[1]': 'y' });
  obj.x.push(2);
  assert.equal(c.data.obj, obj); // WeChat: this.data.eventChannel.on(…) after setData({eventChannel})
  flushRenders();
  const sent = renders[renders.length - 1].find((ch) => ch[0] === 'obj');
  assert.deepEqual(sent[1], { x: [1] }); // JSON copy at setData time: no function, no later push
  assert.equal(c.data.fresh.deep.length, 2);
  assert.equal(c.data.fresh.deep[1], 'y');
});

test('this.properties is this.data; is/id/dataset', () => {
  enterModule('components/card/index');
  const def = Component({ properties: { t: String } });
  leaveModule();
  assert.equal(getDefinition('components/card/index'), def);
  const c = createComponent('components/card/index', { id: 'k', dataset: { n: 1 }, properties: { t: 'x' } });
  assert.equal(c.properties, c.data);
  assert.equal(c.is, 'components/card/index');
  assert.equal(c.id, 'k');
  assert.deepEqual(c.dataset, { n: 1 });
  assert.equal(c.data.t, 'x');
});

test('pureDataPattern fields are not sent to the view but observers still see them', () => {
  const seen = [];
  const c = createComponent(Component({
    options: { pureDataPattern: /^_/ },
    data: { _raw: 1, shown: 1 },
    observers: { _raw(v) { seen.push(v); } },
  }));
  assert.deepEqual(initialRenderData(c), { shown: 1 });
  c.setData({ _raw: 2, shown: 2 });
  flushRenders();
  assert.deepEqual(renders, [[['shown', 2]]]);
  assert.deepEqual(seen, [2]);
  assert.equal(c.data._raw, 2);
});

test('observers: several paths, ** wildcard, order data observers then property observers', () => {
  const log = [];
  const c = createComponent(Component({
    properties: { p: { type: Number, observer(n, o) { log.push(`prop ${o}->${n}`); } } },
    data: { a: 1, b: 2 },
    observers: {
      'a, b'(a, b) { log.push(`ab ${a},${b}`); },
      '**'() { log.push('all'); },
      p(p) { log.push(`data-observer p=${p}`); },
    },
  }));
  c.setData({ b: 3 });
  setProperties(c, { p: 5 });
  assert.deepEqual(log, ['ab 1,3', 'all', 'all', 'data-observer p=5', 'prop 0->5']);
});

test('setData inside an observer joins the same update and re-triggers observers', () => {
  const log = [];
  const c = createComponent(Component({
    data: { a: 0, b: 0 },
    observers: {
      b(b) { log.push('b=' + b); },
      a(a) { log.push('a=' + a); this.setData({ b: a * 10 }); },
    },
  }));
  c.setData({ a: 1 });
  assert.deepEqual(log, ['a=1', 'b=10']);
  flushRenders();
  assert.deepEqual(renders, [[['a', 1], ['b', 10]]]);
});

test('an observer that keeps setting its own field stops with a warning', () => {
  const c = createComponent(Component({ data: { n: 0 }, observers: { n(n) { this.setData({ n: n + 1 }); } } }));
  c.setData({ n: 1 });
  assert.ok(warnings.some((w) => /100 rounds/.test(w)));
});

test('legacy property observer given as a method name', () => {
  const log = [];
  const c = createComponent(Component({
    properties: { v: { type: String, observer: 'onV' } },
    methods: { onV(n, o) { log.push([n, o]); } },
  }));
  setProperties(c, { v: 'x' });
  assert.deepEqual(log, [['x', '']]);
});

test('triggerEvent returns an event record and hands it to the view', () => {
  const sent = [];
  hooks.event = (comp, ev) => sent.push(ev);
  const c = createComponent(Component({}), { id: 'me', dataset: { k: 1 } });
  const ev = c.triggerEvent('change', { v: 1 }, { bubbles: true, composed: true });
  assert.equal(sent[0], ev);
  assert.equal(ev.type, 'change');
  assert.deepEqual(ev.detail, { v: 1 });
  assert.equal(ev.bubbles, true);
  assert.equal(ev.composed, true);
  assert.equal(ev.capturePhase, false);
  assert.deepEqual(ev.target, { id: 'me', dataset: { k: 1 } });
  assert.equal(ev.source, c);
});

test('invokeHandler calls a method for the view; a missing one warns', () => {
  const c = createComponent(Component({ methods: { onTap(e) { return e.type; } } }));
  assert.equal(invokeHandler(c, 'onTap', { type: 'tap' }), 'tap');
  invokeHandler(c, 'nope', { type: 'tap' });
  assert.match(warnings[0], /does not have a method "nope"/);
});

test('selectComponent: fallback by #id among owned components, export()', () => {
  const parent = createComponent(Component({}));
  const plain = createComponent(Component({}), { id: 'a', owner: parent });
  createComponent(Component({ behaviors: ['wx://component-export'], export() { return { api: 1 }; } }), { id: 'b', owner: parent });
  assert.equal(parent.selectComponent('#a'), plain);
  assert.deepEqual(parent.selectComponent('#b'), { api: 1 });
  assert.equal(parent.selectComponent('#zz'), null);
  assert.equal(plain.selectOwnerComponent(), parent);
  hooks.select = (comp, sel) => (sel === '.x' ? [plain] : []);
  assert.deepEqual(parent.selectAllComponents('.x'), [plain]);
});

test('errors in lifetimes go to lifetimes.error, else hooks.error', () => {
  const errors = [];
  const c = createComponent(Component({
    lifetimes: { attached() { throw new Error('boom'); }, error(e) { errors.push(e.message); } },
  }));
  attachComponent(c);
  assert.deepEqual(errors, ['boom']);
  const seen = [];
  hooks.error = (e, where) => seen.push(where);
  createComponent(Component({ lifetimes: { created() { throw new Error('x'); } } }));
  assert.deepEqual(seen, ['lifetimes.created']);
});

test('options are normalised; externalClasses merged from behaviors', () => {
  const b = Behavior({ externalClasses: ['b-class'] });
  const d1 = Component({ behaviors: [b], externalClasses: ['my-class'], options: { multipleSlots: true, addGlobalClass: true, virtualHost: true } });
  assert.deepEqual(d1.externalClasses, ['b-class', 'my-class']);
  assert.deepEqual(d1.options, { multipleSlots: true, addGlobalClass: true, styleIsolation: 'apply-shared', virtualHost: true, pureDataPattern: null });
  assert.equal(Component({}).options.styleIsolation, 'isolated');
  assert.equal(Component({ options: { styleIsolation: 'shared' } }).options.styleIsolation, 'shared');
});

test('a property observer that sets its own property to the value it got does not recurse', () => {
  // tcmpp goods-specs-popup / select-time: observer(list) { this.setData({list}) }
  let calls = 0;
  const c = createComponent(Component({
    properties: { list: { type: Array, value: [], observer(list) { calls++; if (list.length) this.setData({ list }); } } },
  }));
  const list = [{ a: 1 }];
  setProperties(c, { list });
  assert.equal(calls, 1);
  assert.deepEqual(c.data.list, list);
  c.setData({ list: c.data.list }); // same value: no observer
  assert.equal(calls, 1);
  c.setData({ list: [{ a: 2 }] }); // a new value: the observer fires once (its own setData is a no-op change)
  assert.equal(calls, 2);
});
