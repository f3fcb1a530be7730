// wx.getPerformance: entries the runtime records as it works, read back and observed as in WeChat.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { getPerformance, pageRendered, recordPerformance, resetPerformance, startLaunch } from '../../../src/openmini/runtime/logic/wx/performance.js';
import { handleViewMessage } from '../../../src/openmini/runtime/render/index.js';
import { reset, open } from '../render/harness.mjs';

beforeEach(() => { resetPerformance(); reset(); });

const tick = () => new Promise((r) => setTimeout(r, 0));

test('the first page on screen records appLaunch, then route and firstRender per page', () => {
  startLaunch();
  pageRendered({ path: 'pages/a/a', pageId: 1, navigationType: 'appLaunch', startTime: Date.now() });
  pageRendered({ path: 'pages/b/b', pageId: 2, navigationType: 'navigateTo', startTime: Date.now() });
  const perf = getPerformance();
  assert.deepEqual(perf.getEntries().map((e) => `${e.entryType}/${e.name} ${e.path}`), [
    'navigation/appLaunch pages/a/a', 'navigation/route pages/a/a', 'render/firstRender pages/a/a',
    'navigation/route pages/b/b', 'render/firstRender pages/b/b',
  ]);
  assert.deepEqual(perf.getEntriesByName('firstRender', 'render').map((e) => e.path), ['pages/a/a', 'pages/b/b']);
  assert.equal(perf.getEntriesByType('navigation').length, 3);
  const route = perf.getEntriesByName('route')[1];
  assert.equal(route.navigationType, 'navigateTo');
  assert.ok(route.duration >= 0 && route.startTime > 1e12, 'epoch milliseconds');
});

test('a page opened in render records its route when its first batch is applied', () => {
  const h = open([{ k: 'element', tag: 'view', children: [] }], {});
  const routes = getPerformance().getEntriesByName('route');
  assert.equal(routes.length, 1);
  assert.equal(routes[0].path, 'index');
  assert.equal(routes[0].pageId, h.id);
  handleViewMessage(h.id, { t: 'applied', seq: 99 });
  assert.equal(getPerformance().getEntriesByName('route').length, 1, 'once per page');
});

test('observers get batches of the types they observe, until they disconnect', async () => {
  const seen = [];
  const perf = getPerformance();
  const observer = perf.createObserver((list) => seen.push(list.getEntries().map((e) => e.name)));
  observer.observe({ entryTypes: ['render'] });
  pageRendered({ path: 'p', pageId: 1, navigationType: 'navigateTo', startTime: Date.now() });
  recordPerformance({ name: 'evaluateScript', entryType: 'script', startTime: 0, duration: 1 });
  await tick();
  assert.deepEqual(seen, [['firstRender']]);
  observer.disconnect();
  pageRendered({ path: 'q', pageId: 2, navigationType: 'navigateTo', startTime: Date.now() });
  await tick();
  assert.equal(seen.length, 1);
});

test('setBufferSize bounds what getEntries keeps', () => {
  const perf = getPerformance();
  perf.setBufferSize(2);
  for (let i = 0; i < 4; i++) recordPerformance({ name: `s${i}`, entryType: 'script', startTime: 0, duration: 0 });
  assert.deepEqual(perf.getEntries().map((e) => e.name), ['s0', 's1']);
});
