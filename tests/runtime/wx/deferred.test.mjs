import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deferredObject, preloadChunks } from '../../../src/openmini/runtime/logic/wx/deferred.js';
import { createWx } from '../../../src/openmini/runtime/logic/wx/index.js';
import { md5, sha1 } from '../../../src/openmini/runtime/logic/wx/digest.js';

test('md5 and sha1 match node for lengths around the padding boundaries', () => {
  for (const n of [0, 3, 55, 56, 63, 64, 65, 1000]) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 7) & 0xff);
    assert.equal(md5(bytes), createHash('md5').update(bytes).digest('hex'));
    assert.equal(sha1(bytes), createHash('sha1').update(bytes).digest('hex'));
  }
});

test('deferredObject replays writes and calls made before its chunk loaded, in order', async () => {
  const log = [];
  const real = { set src(v) { log.push(`src=${v}`); }, play() { log.push('play'); }, paused: false };
  let loaded;
  const chunk = new Promise((r) => (loaded = r));
  const o = deferredObject(() => chunk, 'make', [], { paused: true });
  o.title = 't';
  o.onPlay(() => {});
  o.src = 'a.mp3';
  assert.equal(o.paused, true, 'initial values until the chunk is there');
  assert.equal(o.title, 't');
  assert.equal(o.then, undefined, 'never a thenable');
  loaded({ apis: { make: () => Object.assign(real, { onPlay: () => log.push('onPlay') }) } });
  await chunk;
  await Promise.resolve();
  assert.deepEqual(log, ['onPlay', 'src=a.mp3']);
  o.play();
  assert.equal(o.paused, false);
  assert.deepEqual(log.at(-1), 'play');
});

test('init loads the chunks the code names and puts their APIs on wx; a gesture handler counts as wx.worklet', async () => {
  const wx = createWx();
  assert.equal(wx.worklet, undefined);
  const manifest = { capabilities: { apis: [{ name: 'getXrFrameSystem' }], components: [{ name: 'pan-gesture-handler' }] } };
  await preloadChunks(wx, { manifest }, { render: {} });
  assert.equal(typeof wx.worklet.shared, 'function');
  assert.equal(typeof wx.router.addRouteBuilder, 'function');
  assert.equal(typeof wx.getXrFrameSystem, 'function');
  assert.equal(preloadChunks(createWx(), { manifest: { capabilities: { apis: [{ name: 'request' }] } } }, /** @type {any} */ ({})), null);
});

test('a chunk not loaded at init: async APIs load it on first call, synchronous ones fail saying why', async () => {
  const wx = createWx();
  assert.throws(() => wx.createWorker('workers/a.js'), {
    errMsg: 'createWorker:fail the build did not see wx.createWorker in the code, so its chunk was not loaded: call it as wx.createWorker',
  });
  assert.throws(() => wx.getSkylineInfoSync(), { errMsg: /^getSkylineInfoSync:fail the build did not see wx.getSkylineInfoSync/ });
  assert.deepEqual(await wx.getSkylineInfo(), { isSupported: false, version: '', reason: 'pages render in the web view; Skyline is not available on this platform', errMsg: 'getSkylineInfo:ok' });
  // the device chunk, loaded by its first use, says why the battery is unknown
  await assert.rejects(wx.getBatteryInfo(), { errMsg: 'getBatteryInfo:fail the build did not see wx.getBatteryInfo in the code, so the battery is not watched' });
});
