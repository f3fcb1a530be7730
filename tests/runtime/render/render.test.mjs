// The render layer against hand-written view code: which ops a setData produces (never a
// re-render), keyed moves, events, model:, media URLs, rpx, selectors, ready.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  Component, hooks, enterModule, leaveModule, resetRegistry, resetPages, flushRenders,
} from '../../../src/openmini/runtime/logic/index.js';
import { registerView, resetModules } from '../../../src/openmini/runtime/logic/modules.js';
import {
  configureRender, openPage, handleViewMessage, flushAll, pageView, createSelectorQuery, closePage,
} from '../../../src/openmini/runtime/render/index.js';
import { rewriteRpx, mediaUrl, overlaps } from '../../../src/openmini/runtime/render/values.js';
import { createFrame, canonical } from '../../../scripts/conformance_node.mjs';

// bindings as the compiler writes them: [fn(D,S,W,R), deps]
const d = (name) => [(D) => D[name], [['D', name]]];
const t = (name) => [(D, S, W, R) => R.s(D[name]), [['D', name]]];
const s = (name, key) => [(D, S, W, R) => R.s(key ? S[name]?.[key] : S[name]), [key ? ['S', name, key] : ['S', name]]];

let frame, sent, pageId = 0, id, warnings;
beforeEach(() => {
  resetModules();
  resetRegistry();
  resetPages();
  warnings = [];
  hooks.warn = (m) => warnings.push(m);
  hooks.error = (e) => { throw e; };
});

/** Open page "index" with this root node list and page definition; returns the instance. */
function open(root, def, { components = {}, files = {}, views = {} } = {}) {
  registerView('index.wxml', { version: 1, wxs: {}, imports: [], templates: {}, root });
  for (const path in views) registerView(path, views[path]);
  enterModule('index');
  Component(def);
  leaveModule();
  configureRender({ manifest: { pages: { index: { template: 'index.wxml', config: {} } }, components, files }, base: 'https://cdn/files/' });
  frame = createFrame();
  sent = [];
  id = ++pageId;
  const page = openPage({ id, route: 'index', send: (msg) => { sent.push(msg); if (msg.t === 'ops') frame.apply(msg.ops); } });
  settle();
  return page;
}
function settle() {
  for (let i = 0; i < 20; i++) {
    flushAll();
    const acks = sent.filter((m) => m.t === 'ops' && !m.acked);
    if (!acks.length) return;
    for (const m of acks) { m.acked = true; handleViewMessage(id, { t: 'applied', seq: m.seq }); }
  }
}
/** the ops of batches sent since `from` */
const opsSince = (from) => sent.slice(from).filter((m) => m.t === 'ops').flatMap((m) => m.ops);
const tree = () => canonical(frame.root, ['cabc']);

test('a setData changes only the text that reads it', () => {
  const page = open([
    { k: 'element', tag: 'view', children: [{ k: 'text', v: t('a') }] },
    { k: 'element', tag: 'view', id: 'x', children: [{ k: 'text', v: t('b') }] },
  ], { data: { a: 1, b: 2 } });
  const mark = sent.length;
  page.setData({ b: 3 });
  settle();
  const ops = opsSince(mark);
  assert.equal(ops.length, 1);
  assert.equal(ops[0][0], 5); // SET_TEXT
  assert.equal(ops[0][2], '3');
  assert.deepEqual(tree()[1], { tag: 'view', attrs: { id: 'x' }, children: ['3'] });
});

test('keyed wx:for moves only what moved, and a list path setData reaches one item', () => {
  const list = [{ id: 1, v: 'a' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }];
  const page = open([{ k: 'for', list: d('list'), item: 'item', index: 'index', key: 'id',
    children: [{ k: 'element', tag: 'view', children: [{ k: 'text', v: s('item', 'v') }] }] }], { data: { list } });
  let mark = sent.length;
  page.setData({ list: [list[2], list[0], list[1]] });
  settle();
  const moves = opsSince(mark).filter((o) => o[0] === 2);
  assert.equal(moves.length, 1); // only "c" moved to the front
  assert.deepEqual(tree().map((n) => n.children[0]), ['c', 'a', 'b']);
  mark = sent.length;
  page.setData({ 'list[2].v': 'B' });
  settle();
  assert.deepEqual(opsSince(mark), [[5, opsSince(0).find((o) => o[0] === 1 && o[2] === 'b')[1], 'B']]);
});

test('capture then bubble, catch stops, mark collected, dataset and ids', () => {
  const log = [];
  const h = (name) => function (e) { log.push(`${name}@${e.currentTarget.id}>${e.target.id}:${JSON.stringify(e.mark)}`); };
  open([{ k: 'element', tag: 'view', id: 'o', mark: { a: '1' }, on: [['tap', 'capture-bind', 'co'], ['tap', 'bind', 'bo']],
    children: [{ k: 'element', tag: 'view', id: 'm', on: [['tap', 'catch', 'cm']],
      children: [{ k: 'element', tag: 'view', id: 'i', mark: { b: '2' }, data: { k: 'v' }, on: [['tap', 'bind', 'bi']], children: [] }] }] }],
  { methods: { co: h('co'), bo: h('bo'), cm: h('cm'), bi: h('bi') } });
  handleViewMessage(id, { t: 'event', node: frame.find('i').nid, type: 'tap', detail: {} });
  assert.deepEqual(log, ['co@o>i:{"a":"1","b":"2"}', 'bi@i>i:{"a":"1","b":"2"}', 'cm@m>i:{"a":"1","b":"2"}']);
});

test('model: writes the input value back, also through a wx:for item', () => {
  const page = open([
    { k: 'element', tag: 'input', id: 'a', attrs: { value: d('v') }, model: { value: ['D', 'v'] }, children: [] },
    { k: 'for', list: d('list'), item: 'it', index: 'index', key: null, children: [
      { k: 'element', tag: 'input', id: 'b', attrs: { value: s('it', 'n') }, model: { value: ['S', 'it', 'n'] }, children: [] }] },
  ], { data: { v: 'x', list: [{ n: 'p' }] } });
  handleViewMessage(id, { t: 'event', node: frame.find('a').nid, type: 'input', detail: { value: 'typed' } });
  handleViewMessage(id, { t: 'event', node: frame.find('b').nid, type: 'input', detail: { value: 'q' } });
  settle();
  assert.equal(page.data.v, 'typed');
  assert.equal(page.data.list[0].n, 'q');
  assert.equal(frame.find('a').props.value, 'typed');
});

test('style rpx, media src, classes of an isolated component, om-host', () => {
  registerView('c/x.wxml', { version: 1, wxs: {}, imports: [], templates: {}, root: [
    { k: 'element', tag: 'image', class: 'pic ext', attrs: { src: '../img/a.png' }, style: 'width:100rpx;height:.5rpx', children: [] }] });
  enterModule('c/x'); Component({ externalClasses: ['ext'] }); leaveModule();
  open([{ k: 'component', tag: 'c-x', component: 'c/x', class: 'host', attrs: { ext: 'red' }, children: [] }], {}, {
    components: { 'c/x': { template: 'c/x.wxml', classPrefix: 'cabc', config: {} } },
    files: { 'img/a.png': { file: 'ff00.png' } },
  });
  const host = frame.root.children[0];
  assert.equal(host.props['om-host'], 'cabc');
  const img = host.children[0];
  assert.equal(img.cls, 'cabc--pic red');
  assert.equal(img.props.src, 'https://cdn/files/ff00.png');
  assert.equal(img.style, 'width:calc(100*var(--om-rpx));height:calc(.5*var(--om-rpx))');
});

test('selectComponent and SelectorQuery go through the tree and the frame', () => {
  enterModule('c/y'); Component({}); leaveModule();
  registerView('c/y.wxml', { version: 1, wxs: {}, imports: [], templates: {}, root: [] });
  const page = open([{ k: 'element', tag: 'view', class: 'box', children: [
    { k: 'component', tag: 'c-y', component: 'c/y', id: 'y', class: 'k', children: [] }] }], {}, {
    components: { 'c/y': { template: 'c/y.wxml', classPrefix: 'cy', config: {} } } });
  assert.equal(page.selectComponent('.box .k').is, 'c/y');
  assert.equal(page.selectComponent('#y').is, 'c/y');
  assert.equal(page.selectComponent('#nope'), null);
  let got;
  createSelectorQuery(page).select('.box').boundingClientRect().exec((r) => { got = r; });
  const q = sent.find((m) => m.t === 'query');
  assert.deepEqual(q.nodes, [[frame.root.children[0].nid]]);
  handleViewMessage(id, { t: 'queryResult', id: q.id, result: [[{ width: 10, height: 5 }]] });
  assert.deepEqual(got, [{ width: 10, height: 5, id: '', dataset: {} }]);
});

test('onReady after the first batch is applied, ready for components, detach child first on close', () => {
  const log = [];
  enterModule('c/z'); Component({ lifetimes: { ready() { log.push('z.ready'); }, detached() { log.push('z.detached'); } } }); leaveModule();
  registerView('c/z.wxml', { version: 1, wxs: {}, imports: [], templates: {}, root: [] });
  const page = open([{ k: 'component', tag: 'c-z', component: 'c/z', children: [] }],
    { methods: { onReady() { log.push('page.ready'); } }, lifetimes: { detached() { log.push('page.detached'); } } },
    { components: { 'c/z': { template: 'c/z.wxml', classPrefix: 'cz', config: {} } } });
  // onReady waits for onShow (the router's showPage)
  assert.deepEqual(log, ['z.ready']);
  closePage(id);
  assert.deepEqual(log, ['z.ready', 'z.detached', 'page.detached']);
  void page;
});

test('values: overlap, rpx outside strings, media paths', () => {
  assert.ok(overlaps(['D', 'a'], ['D', 'a', 'b']));
  assert.ok(overlaps(['D', 'm', '2'], ['D', 'm', 2]));
  assert.ok(overlaps(['D', 'list'], ['D', 'list', 3])); // list.length's dep is the list (compiler)
  assert.ok(!overlaps(['D', 'list', 'length'], ['D', 'list', 3]));
  assert.ok(!overlaps(['D', 'a', 'b'], ['D', 'a', 'c']));
  assert.equal(rewriteRpx('content:"750rpx";margin:-2rpx'), 'content:"750rpx";margin:calc(-2*var(--om-rpx))');
  const m = { files: { 'a/b.png': { file: 'h.png' } } };
  assert.equal(mediaUrl('/a/b.png', 'x/y.wxml', m, 'B/'), 'B/h.png');
  assert.equal(mediaUrl('https://x/y.png', 'x/y.wxml', m, 'B/'), 'https://x/y.png');
  assert.equal(mediaUrl('missing.png', 'x/y.wxml', m, 'B/'), 'missing.png');
});

test('created runs children first, attached and ready parents first / children first', () => {
  const log = [];
  const life = (name) => ({ lifetimes: {
    created() { log.push(`${name}.created`); }, attached() { log.push(`${name}.attached`); }, ready() { log.push(`${name}.ready`); },
  } });
  for (const [path, kids] of [['c/a', [{ k: 'component', tag: 'c-b', component: 'c/b', children: [] }]], ['c/b', []]]) {
    registerView(`${path}.wxml`, { version: 1, wxs: {}, imports: [], templates: {}, root: kids });
    enterModule(path);
    Component(life(path.slice(2)));
    leaveModule();
  }
  const components = { 'c/a': { template: 'c/a.wxml' }, 'c/b': { template: 'c/b.wxml' } };
  open([{ k: 'component', tag: 'c-a', component: 'c/a', children: [] }], {}, { components });
  assert.deepEqual(log, ['b.created', 'a.created', 'a.attached', 'b.attached', 'b.ready', 'a.ready']);
});

test('widget methods: the frame\'s errMsg rejects callWidget; intersection observers', async () => {
  const { callWidget, createIntersectionObserver } = await import('../../../src/openmini/runtime/render/index.js');
  const page = open([{ k: 'element', tag: 'video', id: 'v', children: [] }, { k: 'element', tag: 'view', id: 'far', data: { k: 'x' }, children: [] }], {});
  const from = sent.length;
  const failed = callWidget(page, '#v', 'play', {});
  const m = sent.slice(from).find((x) => x.t === 'method');
  assert.deepEqual([m.name, m.node > 0, typeof m.id], ['play', true, 'number']);
  handleViewMessage(id, { t: 'methodResult', id: m.id, errMsg: 'play:fail not allowed' });
  await assert.rejects(failed, { errMsg: 'play:fail not allowed' });
  await assert.rejects(callWidget(page, '#nope', 'play', {}), { errMsg: 'play:fail node not found' });

  const seen = [];
  const io = createIntersectionObserver(page, { thresholds: [0, 0.5] }).relativeToViewport({ bottom: 100 });
  io.observe('#far', (res) => seen.push(res));
  const o = sent.find((x) => x.t === 'observe');
  assert.deepEqual({ ...o, id: 0 }, { t: 'observe', id: 0, nodes: [m.node + 1], root: 0, margins: { bottom: 100 }, thresholds: [0, 0.5], initialRatio: 0 });
  handleViewMessage(id, { t: 'intersection', id: o.id, node: o.nodes[0], intersectionRatio: 0.6, intersectionRect: {}, boundingClientRect: {}, relativeRect: {}, time: 5 });
  assert.deepEqual(seen.map((r) => [r.id, r.dataset, r.intersectionRatio]), [['far', { k: 'x' }, 0.6]]);
  io.disconnect();
  assert.equal(sent.at(-1).t, 'unobserve');
});

test('the custom tab bar is a component, not a page, and getTabBar() returns it on tab pages', () => {
  const page = open([{ k: 'text', v: 'p' }], {});
  registerView('custom-tab-bar/index.wxml', { version: 1, wxs: {}, imports: [], templates: {}, root: [{ k: 'text', v: t('sel') }] });
  enterModule('custom-tab-bar/index');
  Component({ data: { sel: '' } });
  leaveModule();
  configureRender({
    manifest: { pages: { index: { template: 'index.wxml', config: {} } }, components: { 'custom-tab-bar/index': { template: 'custom-tab-bar/index.wxml' } }, files: {}, tabBarPages: ['index'] },
    base: '',
  });
  const barFrame = createFrame();
  const bar = openPage({ id: 999, route: 'custom-tab-bar/index', openType: 'customTabBar', send: (msg) => msg.t === 'ops' && barFrame.apply(msg.ops) });
  assert.equal(page.getTabBar(), bar);
  bar.setData({ sel: 'index' });
  flushAll();
  assert.deepEqual(canonical(barFrame.root, []), ['index']);
  assert.ok(!(bar.route));
  closePage(999);
  assert.equal(page.getTabBar(), null);
});
