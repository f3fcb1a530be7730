import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  Page, Component, App, getApp, getCurrentPages, hooks, enterModule, leaveModule, loadPage, showPage,
  readyPage, hidePage, unloadPage, resizePage, shareAppMessage, pageScroll, pageHas, createComponent,
  attachComponent, launchApp, hideApp, appError, resetApp, resetPages, installGlobals, globals,
} from '../../../src/openmini/runtime/logic/index.js';

beforeEach(() => {
  hooks.warn = () => {};
  hooks.render = null;
  resetApp();
  resetPages();
});

function definePage(path, def, ctor = Page) {
  enterModule(path);
  try { return ctor(def); } finally { leaveModule(); }
}

test('Page lifecycle order, onReady once and after onShow, getCurrentPages', () => {
  const log = [];
  const hooksFor = {};
  for (const h of ['onLoad', 'onShow', 'onReady', 'onHide', 'onUnload']) hooksFor[h] = function (arg) { log.push(h + (arg ? ' ' + JSON.stringify(arg) : '')); };
  definePage('pages/index/index', { data: { n: 1 }, custom: { deep: [1] }, ...hooksFor, tap() { return this.data.n; } });
  const page = loadPage('pages/index/index', { id: '7' });
  readyPage(page); // arrives before onShow: waits
  showPage(page);
  readyPage(page);
  hidePage(page);
  showPage(page);
  assert.deepEqual(getCurrentPages(), [page]);
  assert.equal(page.route, 'pages/index/index');
  assert.deepEqual(page.options, { id: '7' });
  assert.equal(page.tap(), 1);
  assert.deepEqual(page.custom, { deep: [1] });
  unloadPage(page);
  assert.deepEqual(getCurrentPages(), []);
  assert.deepEqual(log, ['onLoad {"id":"7"}', 'onShow', 'onReady', 'onHide', 'onShow', 'onUnload']);
});

test('page instances get their own copy of custom fields and data', () => {
  definePage('pages/a/a', { data: { list: [] }, cache: { hits: 0 } });
  const p1 = loadPage('pages/a/a');
  const p2 = loadPage('pages/a/a');
  p1.cache.hits++;
  p1.data.list.push(1);
  assert.equal(p2.cache.hits, 0);
  assert.deepEqual(p2.data.list, []);
  assert.notEqual(p1.getPageId(), p2.getPageId());
});

test('pageLifetimes reach components attached in the page', () => {
  const log = [];
  definePage('pages/b/b', { onShow() { log.push('page.onShow'); }, onResize(r) { log.push('page.onResize ' + r.size.windowWidth); } });
  const page = loadPage('pages/b/b');
  const C = Component({ pageLifetimes: { show() { log.push(this.id + '.show'); }, hide() { log.push(this.id + '.hide'); }, resize(r) { log.push(this.id + '.resize ' + r.size.windowWidth); } } });
  const c1 = createComponent(C, { id: 'c1' });
  attachComponent(c1, page);
  const c2 = createComponent(C, { id: 'c2' });
  attachComponent(c2, c1);
  showPage(page);
  hidePage(page);
  resizePage(page, { size: { windowWidth: 375 } });
  assert.deepEqual(log, ['page.onShow', 'c1.show', 'c2.show', 'c1.hide', 'c2.hide', 'page.onResize 375', 'c1.resize 375', 'c2.resize 375']);
});

test('a page built with Component(): hooks in methods, query fills properties', () => {
  const log = [];
  definePage('pages/c/c', {
    properties: { id: Number, q: String },
    methods: { onLoad(query) { log.push([query.id, this.data.id, this.data.q]); } },
    pageLifetimes: { show() { log.push('show'); } },
  }, Component);
  const page = loadPage('pages/c/c', { id: '42', q: 'x', other: 'y' });
  showPage(page);
  assert.deepEqual(log, [['42', 42, 'x'], 'show']);
});

test('share/scroll hooks return what the page returns', () => {
  definePage('pages/d/d', { onShareAppMessage(res) { return { title: 'T from ' + res.from }; }, onPageScroll(e) { this.top = e.scrollTop; } });
  const page = loadPage('pages/d/d');
  assert.deepEqual(shareAppMessage(page, { from: 'menu' }), { title: 'T from menu' });
  pageScroll(page, { scrollTop: 30 });
  assert.equal(page.top, 30);
  assert.ok(pageHas(page, 'onShareAppMessage'));
  assert.ok(!pageHas(page, 'onReachBottom'));
});

test('loading an undefined page fails clearly', () => {
  assert.throws(() => loadPage('pages/missing/missing'), /page "pages\/missing\/missing" is not defined/);
});

test('App, getApp, launch order, onError', () => {
  assert.equal(getApp(), undefined);
  const early = getApp({ allowDefault: true });
  early.fromDefault = 1;
  const log = [];
  App({
    globalData: { user: null },
    onLaunch(o) { log.push('launch ' + o.path); },
    onShow(o) { log.push('show ' + o.scene); },
    onHide() { log.push('hide'); },
    onError(msg) { log.push('error ' + msg.split('\n')[0]); },
  });
  App({ second: true });
  const app = getApp();
  assert.equal(app, early);
  assert.equal(app.fromDefault, 1);
  assert.equal(app.second, undefined);
  assert.deepEqual(app.globalData, { user: null });
  launchApp({ path: 'pages/index/index', query: {}, scene: 1001 });
  hideApp();
  assert.equal(appError(new Error('bad')), true);
  assert.deepEqual(log, ['launch pages/index/index', 'show 1001', 'hide', 'error bad']);
});

test('installGlobals defines the constructors and routes errors to App.onError', () => {
  const scope = {};
  const saved = hooks.error;
  hooks.error = () => { throw new Error('should not reach the fallback'); };
  installGlobals(scope);
  assert.deepEqual(Object.keys(scope).sort(), Object.keys(globals).sort());
  const errors = [];
  scope.App({ onError(m) { errors.push(m.split('\n')[0]); } });
  const c = createComponent(scope.Component({ lifetimes: { created() { throw new Error('oops'); } } }));
  assert.ok(c);
  assert.deepEqual(errors, ['oops']);
  hooks.error = saved;
});
