// End to end in node: a small mini program built by the Python compiler, run by worker.js's
// createWorker with the real render layer, importScripts faked with vm. Checks the App/Page
// lifecycles, the network removal, console/error forwarding, subpackage loading and eventChannel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import * as render from '../../../src/openmini/runtime/render/index.js';
import { createWorker } from '../../../src/openmini/runtime/logic/worker.js';
import { buildPackage } from './helpers.mjs';

const BASE = 'http://pkg.test/app/';

const SOURCES = {
  'app.json': JSON.stringify({
    pages: ['pages/index/index', 'pages/next/next', 'pages/bad/bad'],
    subpackages: [{ root: 'sub', pages: ['pages/a/a'] }],
  }),
  'app.js': `App({
  onLaunch(o) { console.log('app.onLaunch', o.path, o.query.x); wx.setStorageSync('launched', new Date(5)); },
  onShow() { console.log('app.onShow'); },
  onHide() { console.log('app.onHide'); },
  onError(msg) { console.log('app.onError', msg.split('\\n')[0]); },
  onPageNotFound(res) { console.log('app.onPageNotFound', res.path); },
})`,
  'pages/index/index.js': `Page({
  data: { n: 1 },
  onLoad(q) { console.log('index.onLoad', q.x); this.setData({ n: 2 }); },
  // a UMD wrapper's \`})(window, factory)\` runs: WeChat's module wrapper declares window as undefined
  onShow() { console.log('index.onShow', typeof fetch, typeof XMLHttpRequest, typeof importScripts, (function (root) { return typeof root; })(window)); },
  onReady() { console.log('index.onReady'); },
  onHide() { console.log('index.onHide'); },
  go() {
    wx.navigateTo({ url: '../next/next?from=index', events: { back: (d) => console.log('opener got', d.v) },
      success: (res) => res.eventChannel.emit('hello', { v: 'from opener' }) });
  },
})`,
  'pages/index/index.wxml': '<view bindtap="go">{{n}}</view>',
  'pages/next/next.js': `Page({
  onLoad(q) {
    const ch = this.getOpenerEventChannel();
    ch.on('hello', (d) => console.log('opened got', d.v));
    ch.emit('back', { v: 'from opened' });
    console.log('next.onLoad', q.from);
  },
  onUnload() { console.log('next.onUnload'); },
})`,
  'pages/next/next.wxml': '<view>next</view>',
  'pages/bad/bad.js': `Page({
  onLoad() {
    null.boom;
  },
})`,
  'pages/bad/bad.wxml': '<view>bad</view>',
  'sub/pages/a/a.js': "Page({ onLoad() { console.log('sub.onLoad', getApp() !== undefined); } })",
  'sub/pages/a/a.wxml': '<view>a</view>',
};

function setup() {
  const out = buildPackage(SOURCES);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const loads = [];
  const listeners = {};
  const scope = {
    console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
    fetch() {}, XMLHttpRequest() {}, WebSocket() {}, EventSource() {},
    importScripts() {},
    addEventListener: (type, fn) => (listeners[type] = fn),
    setTimeout, clearTimeout, Promise,
  };
  vm.createContext(scope);
  const load = (url) => {
    loads.push(url.slice(BASE.length));
    vm.runInContext(readFileSync(join(out, url.slice(BASE.length)), 'utf8'), scope, { filename: url });
  };
  const sent = [];
  const control = { postMessage: (m) => sent.push(m) };
  const worker = createWorker(scope, render, load);
  worker.listen(control);
  const send = (msg) => control.onmessage({ data: msg });
  const logs = () => sent.filter((m) => m.t === 'console').map((m) => m.args.join(' '));
  return { manifest, scope, loads, sent, send, logs, listeners, worker };
}

function pagePort() {
  const got = [];
  return { got, postMessage: (m) => got.push(m), onmessage: null, close() {} };
}

test('init → App, page.open → Page lifecycles, network gone, subpackage, eventChannel, errors', async () => {
  const w = setup();
  w.send({
    t: 'init', base: BASE, manifest: w.manifest, system: { windowWidth: 375, screenWidth: 375, screenHeight: 667 },
    launch: { path: 'pages/index/index', query: { x: '1' }, scene: 1001 }, storage: {}, account: { appId: 'om1' },
  });
  assert.equal(w.sent.at(-1).t, 'ready');
  assert.deepEqual(w.loads.map((f) => f.split('/')[0]), ['files', 'files'], 'main logic.js and view.js');
  for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts']) assert.equal(w.scope[name], undefined, name);
  assert.equal(typeof w.scope.wx.request, 'function');
  assert.equal(typeof w.scope.getApp, 'function');
  const stored = w.sent.find((m) => m.t === 'call' && m.api === 'storage.set');
  assert.deepEqual(stored.args, { key: 'launched', value: { type: 'Date', data: 5 } });

  const p1 = pagePort();
  w.send({ t: 'page.open', page: 1, route: 'pages/index/index', query: { x: '1' }, openType: 'appLaunch', port: p1 });
  assert.ok(p1.got.some((m) => m.t === 'ops'), 'the first render went to the page port');
  const ops = p1.got.find((m) => m.t === 'ops');
  p1.onmessage({ data: { t: 'applied', seq: ops.seq } });
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(w.logs(), [
    'app.onLaunch pages/index/index 1', 'app.onShow', 'index.onLoad 1',
    'index.onShow undefined undefined undefined undefined', 'index.onReady',
  ]);
  const where = w.sent.find((m) => m.t === 'console' && m.args[0] === 'index.onLoad').where;
  assert.equal(where, 'pages/index/index.js:3', 'console messages say where they come from');

  // navigateTo with events: the host opens the page, then answers the call
  const page = render.pageOf(1);
  page.go();
  const nav = w.sent.find((m) => m.t === 'call' && m.api === 'navigateTo');
  assert.deepEqual(nav.args, { url: '../next/next?from=index' });
  w.send({ t: 'page.hide', page: 1 });
  w.send({ t: 'page.open', page: 2, route: 'pages/next/next', query: { from: 'index' }, openType: 'navigateTo', port: pagePort() });
  w.send({ t: 'reply', id: nav.id, ok: true, result: { errMsg: 'navigateTo:ok' } });
  await new Promise((r) => setTimeout(r, 0));
  w.send({ t: 'page.unload', page: 2 });
  assert.deepEqual(w.logs().slice(5), ['index.onHide', 'opener got from opened', 'next.onLoad index', 'opened got from opener', 'next.onUnload']);

  // a subpackage loads once, through the private loader
  w.send({ t: 'page.open', page: 3, route: 'sub/pages/a/a', query: {}, openType: 'navigateTo', port: pagePort() });
  assert.equal(w.loads.length, 4);
  assert.equal(w.logs().at(-1), 'sub.onLoad true');

  // an exception in onLoad: App.onError, and an error message naming the file and line
  w.send({ t: 'page.open', page: 4, route: 'pages/bad/bad', query: {}, openType: 'navigateTo', port: pagePort() });
  const err = w.sent.filter((m) => m.t === 'error').at(-1);
  assert.equal(err.file, 'pages/bad/bad.js');
  assert.equal(err.line, 3);
  assert.match(w.logs().at(-1), /^app.onError .*null/);

  // unknown route: onPageNotFound
  w.send({ t: 'page.open', page: 5, route: 'pages/nope/nope', query: {}, openType: 'navigateTo', port: pagePort() });
  assert.equal(w.logs().at(-1), 'app.onPageNotFound pages/nope/nope');

  // heartbeat, app hide/show
  w.send({ t: 'ping', n: 7 });
  assert.deepEqual(w.sent.at(-1), { t: 'pong', n: 7 });
  w.send({ t: 'app.hide' });
  assert.equal(w.logs().at(-1), 'app.onHide');
});

test('start(scope) waits for {t:"port"} and then serves the control port', async () => {
  const { start } = await import('../../../src/openmini/runtime/logic/worker.js');
  const listeners = {};
  const scope = {
    importScripts() {},
    addEventListener: (type, fn) => ((listeners[type] ||= []).push(fn)),
    removeEventListener: (type, fn) => (listeners[type] = listeners[type].filter((f) => f !== fn)),
    console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
  };
  start(scope);
  const sent = [];
  const port = { postMessage: (m) => sent.push(m) };
  for (const fn of listeners.message) fn({ data: { t: 'port' }, ports: [port] });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(typeof port.onmessage, 'function');
  port.onmessage({ data: { t: 'ping', n: 1 } });
  assert.deepEqual(sent, [{ t: 'pong', n: 1 }]);
  assert.equal(listeners.message.length, 0, 'the boot listener is gone');
});
