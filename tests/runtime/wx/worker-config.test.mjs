// The worker entry, round 2: __wxConfig, preloadRule, require.async across subpackages,
// errors thrown in timers reported with file:line, the console budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import * as render from '../../../src/openmini/runtime/render/index.js';
import { createWorker } from '../../../src/openmini/runtime/logic/worker.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const BASE = 'http://pkg.test/app/';

const SOURCES = {
  'app.json': JSON.stringify({
    pages: ['pages/index/index'],
    window: { navigationBarTitleText: 'T' },
    subpackages: [{ root: 'sub', pages: ['pages/a/a'] }, { root: 'lazy', pages: ['pages/b/b'] }],
    preloadRule: { 'pages/index/index': { network: 'all', packages: ['sub'] } },
  }),
  'app.js': 'App({})',
  'pages/index/index.js': `Page({
  onLoad() {
    console.log('config', __wxConfig.envVersion, __wxConfig.lang, __wxConfig.pages.length, __wxConfig.global.window.navigationBarTitleText, Object.isFrozen(__wxConfig));
    require.async('../../lazy/util.js').then((m) => console.log('async', m.name));
    setTimeout(() => {
      null.boom;
    }, 0);
  },
})`,
  'pages/index/index.wxml': '<view>i</view>',
  'sub/pages/a/a.js': 'Page({})',
  'sub/pages/a/a.wxml': '<view>a</view>',
  'lazy/pages/b/b.js': 'Page({})',
  'lazy/pages/b/b.wxml': '<view>b</view>',
  'lazy/util.js': "module.exports = { name: 'lazy util' };",
};

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'om-worker2-'));
  for (const [name, text] of Object.entries(SOURCES)) {
    mkdirSync(dirname(join(dir, 'src', name)), { recursive: true });
    writeFileSync(join(dir, 'src', name), text);
  }
  const out = join(dir, 'out');
  execFileSync(join(ROOT, '.venv/bin/openmini'), ['build', join(dir, 'src'), '-o', out], { stdio: 'pipe' });
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const loads = [];
  const scope = {
    console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
    importScripts() {}, addEventListener() {}, setTimeout, clearTimeout,
  };
  vm.createContext(scope);
  const load = (url) => {
    loads.push(url);
    vm.runInContext(readFileSync(join(out, url.slice(BASE.length)), 'utf8'), scope, { filename: url });
  };
  const sent = [];
  const control = { postMessage: (m) => sent.push(m) };
  const worker = createWorker(scope, render, load);
  worker.listen(control);
  const send = (msg) => control.onmessage({ data: msg });
  return { manifest, scope, loads, sent, send };
}

test('__wxConfig, preloadRule, require.async and errors in timers', async () => {
  const w = setup();
  w.send({ t: 'init', base: BASE, manifest: w.manifest, system: { language: 'en', platform: 'devtools' },
    launch: { path: 'pages/index/index', query: {}, scene: 1001 }, storage: {}, account: { appId: 'om1', envVersion: 'trial' } });
  const port = { postMessage() {}, onmessage: null, close() {} };
  const before = w.loads.length;
  w.send({ t: 'page.open', page: 1, route: 'pages/index/index', query: {}, openType: 'appLaunch', port });
  await new Promise((r) => setTimeout(r, 1100));
  const logs = w.sent.filter((m) => m.t === 'console').map((m) => m.args.join(' '));
  assert.ok(logs.includes('config trial en 3 T true'), logs.join('\n'));
  assert.ok(logs.includes('async lazy util'), 'require.async loaded the lazy package');
  const loaded = w.loads.slice(before).map((u) => w.manifest.packages.sub.logic && u);
  assert.ok(w.loads.some((u) => u.endsWith(w.manifest.files[w.manifest.packages.sub.logic].file)), 'preloadRule loaded "sub"');
  assert.ok(loaded.length >= 2);
  const err = w.sent.find((m) => m.t === 'error');
  assert.match(err.message, /setTimeout: .*null/);
  assert.equal(err.file, 'pages/index/index.js');
  assert.equal(err.line, 6);
});
