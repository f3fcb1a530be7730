// wx.createWorker: the logic side (wx/workers.js) with a fake Worker, and the thread runtime
// (logic/thread.js) running a workers bundle built by the Python compiler, importScripts faked with vm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { init } from '../../../src/openmini/runtime/logic/wx/workers.js';
import { buildPackage, wxUsing } from './helpers.mjs';
import { start } from '../../../src/openmini/runtime/logic/thread.js';

const FILES = 'http://pkg.test/app/files/';

const SOURCES = {
  'app.json': JSON.stringify({ pages: ['pages/index/index'], workers: 'workers' }),
  'pages/index/index.js': 'Page({})',
  'pages/index/index.wxml': '<view/>',
  'workers/calc/index.js': `const { square } = require('./math')
worker.onMessage(function (msg) {
  if (msg.boom) null.boom
  console.log('got', msg.n, typeof fetch, typeof importScripts, typeof wx)
  worker.postMessage({ result: square(msg.n) })
})`,
  'workers/calc/math.js': 'module.exports = { square: (n) => n * n }',
};

/** A Worker double: records what logic posts, lets the test answer as the thread. */
class FakeWorker {
  static made = [];
  constructor(url) {
    this.url = url;
    this.posted = [];
    this.terminated = false;
    this.onmessage = null;
    FakeWorker.made.push(this);
  }
  postMessage(m) {
    this.posted.push(structuredClone(m));
  }
  terminate() {
    this.terminated = true;
  }
  answer(data) {
    this.onmessage({ data });
  }
}

const wx = await wxUsing(['createWorker']);
/** The chunk's init, as the worker runs it. */
const configureWorkers = ({ manifest, ...context }) => init({ manifest }, context);
const manifest = { workers: { root: 'workers', logic: '@bundle/workers.js' }, files: { '@bundle/workers.js': { file: 'abc.js' } } };

test('createWorker: one thread at a time, messages queued until it is ready, terminate ends it', () => {
  const forwarded = [];
  configureWorkers({ Worker: FakeWorker, manifest, files: FILES, forward: (m) => forwarded.push(m) });
  const worker = wx.createWorker('workers/calc/index.js', { useExperimentalWorker: true });
  const thread = FakeWorker.made.at(-1);
  assert.match(thread.url, /^blob:/);
  const data = { n: 3 };
  worker.postMessage(data);
  data.n = 4; // a queued message was copied when posted
  assert.deepEqual(thread.posted, []);
  thread.answer({ t: 'ready' });
  assert.deepEqual(thread.posted, [
    { t: 'init', bundle: `${FILES}abc.js`, entry: 'workers/calc/index.js' },
    { t: 'message', data: { n: 3 } },
  ]);
  const got = [];
  worker.onMessage((m) => got.push(['first', m]));
  worker.onMessage((m) => got.push(['last', m]));
  thread.answer({ t: 'message', data: { result: 9 } });
  assert.deepEqual(got, [['last', { result: 9 }]], 'the last onMessage callback gets the messages');
  thread.answer({ t: 'error', message: 'boom', stack: '', file: 'workers/calc/index.js', line: 3 });
  thread.answer({ t: 'console', level: 'log', args: ['hi'], where: 'workers/calc/index.js:4' });
  assert.deepEqual(forwarded, [
    { t: 'error', message: 'worker workers/calc/index.js: boom', stack: '', file: 'workers/calc/index.js', line: 3 },
    { t: 'console', level: 'log', args: ['hi'], where: 'workers/calc/index.js:4' },
  ]);
  assert.throws(() => worker.postMessage({ f() {} }), { name: 'DataCloneError' });

  assert.throws(() => wx.createWorker('workers/calc/index.js'), { errMsg: /^createWorker:fail only one worker may run at a time/ });
  worker.terminate();
  assert.equal(thread.terminated, true);
  assert.throws(() => worker.postMessage({}), { errMsg: 'postMessage:fail the worker has been terminated' });
  assert.throws(() => worker.getCameraFrameData(), { errMsg: /^getCameraFrameData:fail/ });

  const again = wx.createWorker('/workers/calc/index.js');
  const killed = [];
  again.onProcessKilled(() => killed.push('killed'));
  again.testOnProcessKilled();
  assert.deepEqual(killed, ['killed']);
  assert.equal(FakeWorker.made.at(-1).terminated, true);
});

test('createWorker fails clearly without a workers folder or outside it', () => {
  configureWorkers({ Worker: FakeWorker, manifest, files: FILES, forward() {} });
  assert.throws(() => wx.createWorker('pages/index/index.js'), { errMsg: 'createWorker:fail pages/index/index.js is not in the workers folder "workers"' });
  assert.throws(() => wx.createWorker(1), { errMsg: /^createWorker:fail parameter error/ });
  configureWorkers({ Worker: FakeWorker, manifest: { files: {} }, files: FILES, forward() {} });
  assert.throws(() => wx.createWorker('workers/calc/index.js'), { errMsg: 'createWorker:fail app.json has no "workers" folder' });
});

test('the thread runs the worker file: require inside the folder, no network, errors at file:line', () => {
  const out = buildPackage(SOURCES);
  const built = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.deepEqual(built.workers, { root: 'workers', logic: '@bundle/workers.js' });
  const bundle = FILES + built.files['@bundle/workers.js'].file;
  const posted = [];
  const listeners = {};
  const scope = {
    console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
    fetch() {}, XMLHttpRequest() {}, WebSocket() {},
    postMessage: (m) => posted.push(m),
    importScripts: (url) => vm.runInContext(readFileSync(join(out, url.slice(FILES.length - 'files/'.length)), 'utf8'), scope, { filename: url }),
    addEventListener: (type, fn) => (listeners[type] = fn),
  };
  vm.createContext(scope);
  start(scope);
  assert.deepEqual(posted, [{ t: 'ready' }]);
  listeners.message({ data: { t: 'init', bundle, entry: 'workers/calc/index.js' } });
  for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts']) assert.equal(scope[name], undefined, name);
  posted.length = 0;
  listeners.message({ data: { t: 'message', data: { n: 7 } } });
  // structuredClone: as the thread's messages arrive (plain objects of this realm)
  assert.deepEqual(structuredClone(posted), [
    { t: 'console', level: 'log', args: ['got', '7', 'undefined', 'undefined', 'undefined'], where: 'workers/calc/index.js:4' },
    { t: 'message', data: { result: 49 } },
  ]);
  posted.length = 0;
  listeners.message({ data: { t: 'message', data: { boom: true } } });
  assert.equal(posted.length, 1);
  assert.equal(posted[0].t, 'error');
  assert.match(posted[0].message, /null/);
  assert.deepEqual([posted[0].file, posted[0].line], ['workers/calc/index.js', 3]);
});
