// The WeChat APIs openmini does not implement, when the code names them (manifest
// `unsupportedApis`), fail clearly; the compiler's list of them and the runtime cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWx } from '../../../src/openmini/runtime/logic/wx/index.js';
import { UNSUPPORTED_APIS, wxUsing } from './helpers.mjs';

const wx = await wxUsing(UNSUPPORTED_APIS);

test("no API of the compiler's unsupported list is implemented by the runtime, and the list has no duplicates", () => {
  const plain = createWx(); // every implemented API, or the stand-in of its chunk
  assert.deepEqual(UNSUPPORTED_APIS.filter((name) => name in plain), []);
  assert.equal(new Set(UNSUPPORTED_APIS).size, UNSUPPORTED_APIS.length);
  assert.ok(UNSUPPORTED_APIS.length > 200);
});

test('only the unsupported APIs the code names are installed', async () => {
  const some = await wxUsing(['startWifi', 'request']);
  assert.equal(typeof some.startWifi, 'function');
  assert.equal(some.stopWifi, undefined);
  assert.equal(some.canIUse('startWifi'), false);
});

test('an unimplemented async API fails "<name>:fail not supported" through callbacks and the Promise', async () => {
  const got = [];
  wx.getWeRunData({ fail: (r) => got.push(r.errMsg), complete: (r) => got.push('c ' + r.errMsg) });
  await assert.rejects(wx.startWifi(), { errMsg: 'startWifi:fail not supported' });
  assert.deepEqual(got, ['getWeRunData:fail not supported', 'c getWeRunData:fail not supported']);
});

test('…Sync throws; create*/get*Manager give objects whose methods fail; on/off register', async () => {
  assert.throws(() => wx.getExtConfigSync(), { message: 'getExtConfigSync:fail not supported' });
  const ctx = wx.createCameraContext();
  ctx.onSomething(() => {});
  ctx.scale = 3;
  assert.equal(ctx.scale, 3);
  assert.equal(ctx.then, undefined);
  await assert.rejects(ctx.takePhoto(), { errMsg: 'takePhoto:fail not supported' });
  const crypto = wx.getUserCryptoManager();
  crypto.onStop(() => {});
  assert.equal(typeof wx.onBeaconUpdate, 'function');
  assert.equal(wx.onBeaconUpdate(() => {}), undefined);
  assert.equal(wx.offBeaconUpdate(), undefined);
});

test('a method of an unsupported object called with a bare callback fails through it', () => {
  const got = [];
  assert.equal(wx.createVKSession({ track: {} }).start((r) => got.push(r.errMsg)), undefined);
  assert.deepEqual(got, ['start:fail not supported']);
});

test('canIUse is false for unsupported APIs and true for implemented ones; helpers work', () => {
  assert.equal(wx.canIUse('getWeRunData'), false);
  assert.equal(wx.canIUse('createCameraContext'), false);
  assert.equal(wx.canIUse('createMapContext'), true);
  assert.equal(wx.canIUse('request'), true);
  assert.equal(wx.arrayBufferToBase64(new Uint8Array([104, 105]).buffer), 'aGk=');
  assert.deepEqual([...new Uint8Array(wx.base64ToArrayBuffer('aGk='))], [104, 105]);
  for (const name of ['saveFile', 'getSavedFileList', 'openBluetoothAdapter', 'createCameraContext', 'getBackgroundAudioManager', 'onKeyboardHeightChange', 'requestIdleCallback']) {
    assert.equal(typeof wx[name], 'function', name);
  }
  const log = wx.getLogManager();
  assert.equal(typeof log.info, 'function');
});

test('event-emitter objects take listeners; onCameraFrame gives a listener whose start fails', async () => {
  const session = wx.createVKSession({ track: { plane: { mode: 1 } } });
  assert.equal(session.on('updateAnchors', () => {}), undefined);
  assert.equal(session.off('updateAnchors'), undefined);
  const listener = wx.createCameraContext().onCameraFrame(() => {});
  await assert.rejects(listener.start(), { errMsg: 'start:fail not supported' });
  await assert.rejects(wx.getChatForwardMaterials({ needGroupOpenID: true }), { errMsg: 'getChatForwardMaterials:fail not supported' });
  await assert.rejects(wx.createAnimationVideoContext('av').play(), { errMsg: 'play:fail not supported' });
  await assert.rejects(wx.createExternalElementContext('ext').play(), { errMsg: 'play:fail not supported' });
});
