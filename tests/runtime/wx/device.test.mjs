// Device and mini-program-level APIs (logic/wx/device.js): what logic answers itself and what it
// asks the host, with WeChat's shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emit } from '../../../src/openmini/runtime/logic/wx/index.js';
import { init as initDevice } from '../../../src/openmini/runtime/logic/wx/device.js';
import { fakeHost, tick, wxUsing } from './helpers.mjs';

const wx = await wxUsing(['getBatteryInfoSync']);

test('getRandomValues gives `length` random bytes, at most 1048576, in the worker', async () => {
  const { randomValues } = await wx.getRandomValues({ length: 70000 });
  assert.ok(randomValues instanceof ArrayBuffer);
  assert.equal(randomValues.byteLength, 70000);
  // past crypto.getRandomValues' 65536-byte limit too
  assert.ok(new Uint8Array(randomValues).subarray(65536).some((b) => b !== 0));
  await assert.rejects(wx.getRandomValues({}), { errMsg: 'getRandomValues:fail parameter error: parameter.length should be Number instead of Undefined;' });
  await assert.rejects(wx.getRandomValues({ length: 1048577 }), { errMsg: 'getRandomValues:fail invalid length: an integer from 1 to 1048576' });
});

test('getRendererUserAgent answers the browser user agent', async () => {
  // the worker's navigator (Node before 21 has none)
  globalThis.navigator ??= { userAgent: 'Mozilla/5.0 test' };
  const r = await wx.getRendererUserAgent({});
  assert.deepEqual(r, { userAgent: globalThis.navigator.userAgent, errMsg: 'getRendererUserAgent:ok' });
});

test('the battery: from init, kept current by the host; fails clearly without the Battery API', async () => {
  fakeHost();
  initDevice({ battery: null });
  assert.throws(() => wx.getBatteryInfoSync(), { message: 'getBatteryInfoSync:fail not supported: this browser has no Battery Status API' });
  await assert.rejects(wx.getBatteryInfo(), { errMsg: 'getBatteryInfo:fail not supported: this browser has no Battery Status API' });
  initDevice({ battery: { level: 80, isCharging: false } });
  assert.deepEqual(wx.getBatteryInfoSync(), { level: 80, isCharging: false });
  emit('battery', [{ level: 79, isCharging: true }]);
  const got = [];
  wx.getBatteryInfo({ success: (r) => got.push(r) });
  await tick();
  assert.deepEqual(got, [{ level: 79, isCharging: true, errMsg: 'getBatteryInfo:ok' }]);
});

test('sensor starts go to the host with their interval; their events reach the listeners until off', async () => {
  const host = fakeHost();
  const started = wx.startAccelerometer({ interval: 'game' });
  await tick();
  assert.deepEqual(host.last('startAccelerometer').args, { interval: 'game' });
  host.ok(host.last('startAccelerometer'));
  assert.equal((await started).errMsg, 'startAccelerometer:ok');
  await assert.rejects(wx.startGyroscope({ interval: 20 }), { errMsg: 'startGyroscope:fail parameter error: parameter.interval should be String instead of Number;' });
  const seen = [];
  const fn = (r) => seen.push(r);
  wx.onAccelerometerChange(fn);
  wx.onCompassChange((r) => seen.push(r.direction));
  emit('accelerometerChange', [{ x: 0, y: 0, z: -1 }]);
  emit('compassChange', [{ direction: 90, accuracy: 'unknow' }]);
  wx.offAccelerometerChange(fn);
  emit('accelerometerChange', [{ x: 1, y: 0, z: 0 }]);
  assert.deepEqual(seen, [{ x: 0, y: 0, z: -1 }, 90]);
});

test('the first keyboard listener asks the host to watch once; the host never hears of later ones', async () => {
  const host = fakeHost();
  const heights = [];
  wx.onKeyboardHeightChange((r) => heights.push(r.height));
  wx.onKeyboardHeightChange(() => {});
  await tick();
  assert.equal(host.calls('keyboard.watch').length, 1);
  emit('keyboardHeightChange', [{ height: 300 }]);
  wx.offKeyboardHeightChange();
  emit('keyboardHeightChange', [{ height: 0 }]);
  assert.deepEqual(heights, [300]);
});

test('host-performed APIs check WeChat parameters and hand back the host answer', async () => {
  const host = fakeHost();
  await assert.rejects(wx.navigateToMiniProgram({}), { errMsg: 'navigateToMiniProgram:fail parameter error: parameter.appId should be String instead of Undefined;' });
  await assert.rejects(wx.loadFontFace({ family: 'F' }), { errMsg: 'loadFontFace:fail parameter error: parameter.source should be String instead of Undefined;' });
  const going = wx.navigateToMiniProgram({ appId: 'om0123456789abcdef', path: 'pages/a/a?x=1', extraData: { k: 1 }, success() {} });
  assert.equal(going, undefined);
  await tick();
  assert.deepEqual(host.last('navigateToMiniProgram').args, { appId: 'om0123456789abcdef', path: 'pages/a/a?x=1', extraData: { k: 1 } });
  const range = wx.getSelectedTextRange({});
  await tick();
  host.fail(host.last('getSelectedTextRange'), 'getSelectedTextRange:fail no focused input');
  await assert.rejects(range, { errMsg: 'getSelectedTextRange:fail no focused input' });
});

test('listeners the browser never raises can be registered and removed; none is "unsupported"', () => {
  for (const name of ['MemoryWarning', 'UserCaptureScreen', 'CopyUrl', 'MenuButtonBoundingClientRectWeightChange', 'LocationChange', 'LocationChangeError', 'GyroscopeChange', 'DeviceMotionChange']) {
    assert.equal(wx[`on${name}`](() => {}), undefined, name);
    assert.equal(wx[`off${name}`](), undefined, name);
    assert.equal(wx.canIUse(`on${name}`), true, name);
  }
  for (const name of ['startLocationUpdate', 'getFuzzyLocation', 'hideKeyboard', 'exitMiniProgram', 'showHomeButton', 'getBatteryInfoSync']) {
    assert.equal(wx.canIUse(name), true, name);
  }
});
