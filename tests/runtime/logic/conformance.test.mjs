// Behaviour ports of the component-model cases in tests/conformance/cases.jsonl
// (areas behavior, component-props, observer, setdata, lifetime). Each test names its case id.
// No rendering: a view mirror is built from initialRenderData + the changes the render hook
// receives, and the assertions read what the template would read from it. Parent templates
// are simulated by passing property values the way the bindings would.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  Component, Behavior, hooks, createComponent, setProperties, initialRenderData,
  attachComponent, detachComponent, flushRenders, setAtPath,
} from '../../../src/openmini/runtime/logic/index.js';

/** @type {Map<any, any>} */
let views;
let warnings;
beforeEach(() => {
  views = new Map();
  warnings = [];
  hooks.warn = (m) => warnings.push(m);
  hooks.error = (e) => { throw e; };
  hooks.render = (comp, changes, done) => {
    const v = views.get(comp);
    for (const c of changes) setAtPath(v, c.path, structuredClone(c.value));
    done();
  };
});

function mount(def, props, parent = null) {
  const comp = createComponent(def, { properties: props, owner: parent });
  views.set(comp, structuredClone(initialRenderData(comp)));
  attachComponent(comp, parent);
  return comp;
}
/** what the template reads after pending renders */
function view(comp) {
  flushRenders();
  return views.get(comp);
}
const s = (x) => (x == null ? '' : String(x));

test('behavior-data-merge', () => {
  const beh = Behavior({ data: { a: 'beh-a', b: 'beh-b' } });
  const v = view(mount(Component({ behaviors: [beh], data: { b: 'comp-b', c: 'comp-c' } })));
  assert.equal(`${v.a}|${v.b}|${v.c}`, 'beh-a|comp-b|comp-c');
});

test('behavior-lifetime-order', () => {
  const add = (tag) => function () { this.setData({ log: this.data.log + tag }); };
  const b1 = Behavior({ lifetimes: { attached: add('b1;') } });
  const b2 = Behavior({ lifetimes: { attached: add('b2;') } });
  const c = mount(Component({ behaviors: [b1, b2], data: { log: '' }, lifetimes: { attached: add('comp;') } }));
  assert.equal(view(c).log, 'b1;b2;comp;');
});

test('behavior-method-override', () => {
  const beh = Behavior({ methods: { who() { return 'beh'; }, only() { return 'beh-only'; } } });
  const c = mount(Component({
    behaviors: [beh], data: { r: '' },
    methods: { who() { return 'comp'; } },
    lifetimes: { attached() { this.setData({ r: this.who() + '/' + this.only() }); } },
  }));
  assert.equal(view(c).r, 'comp/beh-only');
});

test('behavior-nested', () => {
  const add = (tag) => function () { this.setData({ log: this.data.log + tag }); };
  const inner = Behavior({ data: { x: 'inner-x', y: 'inner-y' }, lifetimes: { attached: add('I') } });
  const outer = Behavior({ behaviors: [inner], data: { y: 'outer-y' }, lifetimes: { attached: add('O') } });
  const v = view(mount(Component({ behaviors: [outer], data: { log: '' }, lifetimes: { attached: add('C') } })));
  assert.equal(`${v.x}|${v.y}|${v.log}`, 'inner-x|outer-y|IOC');
});

test('behavior-object-data-merge', () => {
  const b = Behavior({ data: { cfg: { a: 'beh', b: 'beh' } } });
  const v = view(mount(Component({ behaviors: [b], data: { cfg: { b: 'comp', c: 'comp' } } })));
  assert.equal(`${v.cfg.a}|${v.cfg.b}|${v.cfg.c}`, 'beh|comp|comp');
});

test('behavior-observers-both', () => {
  const b = Behavior({ observers: { v(v) { this.setData({ log: this.data.log + 'B' + v }); } } });
  const c = mount(Component({ behaviors: [b], data: { v: 0, log: '' }, observers: { v(v) { this.setData({ log: this.data.log + 'C' + v }); } } }));
  assert.equal(view(c).log, '');
  c.setData({ v: 1 });
  assert.equal(view(c).log, 'B1C1');
});

test('behavior-properties', () => {
  const bp = Behavior({ properties: { label: String, size: { type: String, value: 'md' } } });
  const v = view(mount(Component({ behaviors: [bp] }), { label: 'L' }));
  assert.equal(`${v.label}|${v.size}`, 'L|md');
});

test('behavior-shared-reuse', () => {
  const sh = Behavior({ data: { shared: 'sh' } });
  const a = mount(Component({ behaviors: [sh] }));
  const b = mount(Component({ behaviors: [sh], data: { shared: 'own' } }));
  assert.deepEqual([`A:${view(a).shared} `, `B:${view(b).shared}`], ['A:sh ', 'B:own']);
});

test('behavior-two-same-field', () => {
  const c = mount(Component({ behaviors: [Behavior({ data: { v: 'one' } }), Behavior({ data: { v: 'two' } })] }));
  assert.equal(view(c).v, 'two');
});

test('prop-basic', () => {
  const root = mount(Component({ data: { t: 'hi' } }));
  const label = mount(Component({ properties: { text: String } }), { text: root.data.t }, root);
  assert.equal(`[${view(label).text}]`, '[hi]');
  root.setData({ t: 'bye' });
  setProperties(label, { text: root.data.t });
  assert.equal(`[${view(label).text}]`, '[bye]');
});

test('prop-camel-dash (the compiler maps user-name → userName; the logic sees camelCase)', () => {
  const x = mount(Component({ properties: { userName: String, maxCount: Number } }), { userName: 'neo', maxCount: 3 });
  assert.equal(`${view(x).userName}/${view(x).maxCount}`, 'neo/3');
});

test('prop-class-id-on-component (host id and dataset reach the instance)', () => {
  const def = Component({});
  const comp = createComponent(def, { id: 'h1', dataset: { k: 'v' } });
  assert.equal(comp.id, 'h1');
  assert.deepEqual(comp.dataset, { k: 'v' });
});

test('prop-coerce-boolean', () => {
  const def = Component({ properties: { v: { type: Boolean, value: true } } });
  const given = [0, 1, '', 'false', null, true]; // v="" is "", bare v is true
  assert.deepEqual(given.map((g) => `${view(mount(def, { v: g })).v} `), ['false ', 'true ', 'false ', 'true ', 'false ', 'true ']);
});

test('prop-coerce-object-array', () => {
  const def = Component({ properties: { o: { type: Object, value: { d: 1 } }, a: { type: Array, value: [0] } } });
  const rows = [['str', 'str'], [null, null], [[1], { x: 1 }]].map(([o, a]) => {
    const v = view(mount(def, { o, a }));
    return `[${s(v.o)}|${s(v.a)}] `;
  });
  assert.deepEqual(rows, ['[|] ', '[|] ', '[1|] ']);
  assert.equal(warnings.filter((w) => w.includes('"o" received')).length, 1);
  assert.equal(warnings.filter((w) => w.includes('"a" received')).length, 3);
});

test('prop-data-and-props', () => {
  const v = view(mount(Component({ properties: { label: String }, data: { suffix: 'S' } }), { label: 'L' }));
  assert.equal(`${v.label}-${v.suffix}`, 'L-S');
});

test('prop-defaults', () => {
  const def = Component({ properties: { s: { type: String, value: 'ds' }, n: { type: Number, value: 7 }, b: { type: Boolean, value: false }, o: { type: Object, value: { k: 'dk' } }, arr: { type: Array, value: [1, 2] } } });
  const line = (v) => `${v.s}|${v.n}|${v.b}|${v.o.k}|${v.arr.length};`;
  assert.equal(line(view(mount(def))), 'ds|7|false|dk|2;');
  assert.equal(line(view(mount(def, { s: 'x', n: 5, b: true }))), 'x|5|true|dk|2;');
});

test('prop-internal-setdata', () => {
  const t = mount(Component({ properties: { v: String }, methods: { bump() { this.setData({ v: this.data.v + '!' }); } } }), { v: 'a' });
  assert.equal(view(t).v, 'a');
  t.bump();
  assert.equal(view(t).v, 'a!');
  setProperties(t, { v: 'b' });
  assert.equal(view(t).v, 'b');
});

test('prop-null-type', () => {
  const def = Component({ properties: { v: null } });
  const out = [1, 's', [1, 2]].map((g) => { const v = view(mount(def, { v: g })).v; return `${v}:${typeof v} `; });
  assert.deepEqual(out, ['1:number ', 's:string ', '1,2:object ']);
});

test('prop-optional-types', () => {
  const def = Component({ properties: { v: { type: Number, optionalTypes: [String], value: 0 } } });
  const out = [5, 'five', true].map((g) => { const v = view(mount(def, { v: g })).v; return `${v}:${typeof v} `; });
  assert.deepEqual(out, ['5:number ', 'five:string ', '1:number ']);
});

test('prop-undeclared-attr', () => {
  const v = view(mount(Component({ properties: { v: String } }), { foo: 'bar', v: '1' }));
  assert.equal(`${s(v.v)}|${s(v.foo)}`, '1|');
  assert.ok(warnings.includes('"foo" is not a valid property'));
});

test('prop-update-from-parent', () => {
  const root = mount(Component({ data: { n: 1, list: ['a'] } }));
  const bind = () => ({ count: root.data.n, items: root.data.list });
  const c = mount(Component({ properties: { count: Number, items: Array } }), bind(), root);
  const text = () => [`${view(c).count}:`, ...view(c).items];
  assert.deepEqual(text(), ['1:', 'a']);
  root.setData({ n: 2 });
  setProperties(c, bind());
  assert.deepEqual(text(), ['2:', 'a']);
  root.setData({ 'list[1]': 'b' });
  setProperties(c, bind());
  assert.deepEqual(text(), ['2:', 'a', 'b']);
});

test('lifetime-attached-setdata-props', () => {
  const c = mount(Component({ properties: { v: String }, data: { seen: '' }, lifetimes: { attached() { this.setData({ seen: 'attached:' + this.data.v }); } } }), { v: 'P' });
  assert.equal(view(c).seen, 'attached:P');
});

test('lifetime-created-data (direct this.data writes in created are not rendered)', () => {
  const c = mount(Component({ data: { v: 'initial' }, lifetimes: { created() { this.data.v = 'from-created'; } } }));
  assert.equal(view(c).v, 'initial');
});

test('lifetime-detached', () => {
  const log = [];
  const x = Component({ lifetimes: { attached() { log.push('x.attached'); }, detached() { log.push('x.detached'); } } });
  const root = mount(Component({ data: { on: true, log: '' }, methods: { show() { this.setData({ log: log.join(',') }); } } }));
  let child = mount(x, undefined, root);
  root.setData({ on: false });
  detachComponent(child); // wx:if became false
  root.show();
  assert.equal(view(root).log, 'x.attached,x.detached');
  root.setData({ on: true });
  child = mount(x, undefined, root); // wx:if true again: a new instance
  root.show();
  assert.equal(view(root).log, 'x.attached,x.detached,x.attached');
});

test('lifetime-legacy-fields (lifetimes.x wins over top-level x)', () => {
  const c = mount(Component({
    data: { log: '' },
    attached() { this.setData({ log: this.data.log + 'top;' }); },
    lifetimes: { attached() { this.setData({ log: this.data.log + 'lifetimes;' }); } },
  }));
  assert.equal(view(c).log, 'lifetimes;');
});

test('observer-array-item', () => {
  const c = mount(Component({ data: { list: [1, 2], log: '' }, observers: { 'list[1]'(v) { this.setData({ log: this.data.log + v + ';' }); } } }));
  const steps = [{ 'list[1]': 5 }, { 'list[0]': 9 }, { list: [0, 7] }];
  const logs = steps.map((st) => { c.setData(st); return view(c).log; });
  assert.deepEqual(logs, ['5;', '5;', '5;7;']);
});

test('observer-initial-not-fired', () => {
  const c = mount(Component({ data: { v: 1, log: 'init' }, observers: { v(v) { this.setData({ log: this.data.log + ',v=' + v }); } } }));
  assert.equal(view(c).log, 'init');
  c.setData({ v: 2 });
  assert.equal(view(c).log, 'init,v=2');
  c.setData({ v: 2 });
  assert.equal(view(c).log, 'init,v=2,v=2');
});

test('observer-property', () => {
  const c = mount(Component({ properties: { v: Number }, data: { double: 0 }, observers: { v(v) { this.setData({ double: v * 2 }); } } }), { v: 3 });
  assert.equal(`${view(c).v}:${view(c).double}`, '3:6');
  setProperties(c, { v: 4 });
  assert.equal(`${view(c).v}:${view(c).double}`, '4:8');
});

test('observer-property-legacy', () => {
  const c = mount(Component({
    properties: { v: { type: Number, value: 0, observer(nv, ov) { this.setData({ log: this.data.log + ov + '->' + nv + ';' }); } } },
    data: { log: '' },
  }), { v: 1 });
  assert.equal(view(c).log, '0->1;');
  setProperties(c, { v: 2 });
  assert.equal(view(c).log, '0->1;1->2;');
  setProperties(c, { v: 2 });
  assert.equal(view(c).log, '0->1;1->2;');
});

test('observer-same-value', () => {
  const c = mount(Component({ data: { v: 1, count: 0 }, observers: { v() { this.setData({ count: this.data.count + 1 }); } } }));
  const counts = [view(c).count];
  c.setData({ v: 1 }); counts.push(view(c).count);
  c.setData({ v: 1 }); counts.push(view(c).count);
  assert.deepEqual(counts, [0, 1, 2]);
});

test('observer-subfield', () => {
  const c = mount(Component({ data: { o: { x: 1, y: 1 }, log: '' }, observers: { 'o.x'(x) { this.setData({ log: this.data.log + 'x' + x + ';' }); } } }));
  const logs = [{ 'o.x': 2 }, { 'o.y': 5 }, { o: { x: 3, y: 3 } }].map((st) => { c.setData(st); return view(c).log; });
  assert.deepEqual(logs, ['x2;', 'x2;', 'x2;x3;']);
});

test('observer-wildcard', () => {
  const c = mount(Component({ data: { o: { a: { b: 1 } }, n: 0 }, observers: { 'o.**'() { this.setData({ n: this.data.n + 1 }); } } }));
  const ns = [view(c).n];
  c.setData({ 'o.a.b': 2 }); ns.push(view(c).n);
  c.setData({ o: {} }); ns.push(view(c).n);
  assert.deepEqual(ns, [0, 1, 2]);
});

const page = (data) => mount(Component({ data }));

test('setdata-array-extend', () => {
  const c = page({ list: ['a'] });
  c.setData({ 'list[3]': 'd' });
  const v = view(c);
  assert.deepEqual(Array.from(v.list, (x) => `[${s(x)}]`).concat(`len=${v.list.length}`), ['[a]', '[]', '[]', '[d]', 'len=4']);
});

test('setdata-array-index', () => {
  const c = page({ list: [1, 2, 3] });
  c.setData({ 'list[0]': 100 });
  assert.deepEqual(view(c).list, [100, 2, 3]);
  c.setData({ 'list[2]': 300 });
  assert.deepEqual(view(c).list, [100, 2, 300]);
});

test('setdata-mixed-path', () => {
  const c = page({ a: { b: [{ c: 'x' }, { c: 'y' }] } });
  c.setData({ 'a.b[1].c': 'Y' });
  assert.equal(`${view(c).a.b[0].c}|${view(c).a.b[1].c}`, 'x|Y');
});

test('setdata-multiple-keys', () => {
  const c = page({ a: 1, b: { c: 2 }, d: [0, 0] });
  c.setData({ a: 'A', 'b.c': 'C', 'd[1]': 'D' });
  const v = view(c);
  assert.equal(`${v.a}|${v.b.c}|${v.d[1]}`, 'A|C|D');
});

test('setdata-nested-array-path', () => {
  const c = page({ grid: [[1, 2], [3, 4]] });
  c.setData({ 'grid[1][0]': 9 });
  assert.deepEqual(view(c).grid.flat(), [1, 2, 9, 4]);
});

test('setdata-nested-path', () => {
  const c = page({ a: { b: { c: 1, d: 2 } } });
  c.setData({ 'a.b.c': 10 });
  assert.equal(`${view(c).a.b.c}|${view(c).a.b.d}`, '10|2');
});

test('setdata-null-value', () => {
  const c = page({ a: 1, b: { c: 2 } });
  c.setData({ a: null, 'b.c': null });
  assert.equal(`[${s(view(c).a)}][${s(view(c).b.c)}]`, '[][]');
});

test('setdata-quoted-like-key', () => {
  const c = page({ m: { 2: 'b', k1: 'a' } });
  c.setData({ 'm.k1': 'A', 'm.2': 'B' });
  assert.equal(`${view(c).m.k1}|${view(c).m['2']}`, 'A|B');
});

test('setdata-type-change', () => {
  const c = page({ v: [1, 2] });
  c.setData({ v: 'ab' });
  assert.equal(view(c).v, 'ab');
  c.setData({ v: 2 });
  assert.equal(view(c).v, 2);
});
