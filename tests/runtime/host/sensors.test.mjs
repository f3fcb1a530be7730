// The host's device helpers without a browser: sensors on a fake window (host/sensors.js), the
// keyboard height and font sources (host/frame-apis.js), the battery (host/battery.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sensorApis } from '../../../src/openmini/runtime/host/sensors.js';
import { fontUrl, keyboardHeight } from '../../../src/openmini/runtime/host/frame-apis.js';
import { watchBattery } from '../../../src/openmini/runtime/host/battery.js';
import { fuzzy } from '../../../src/openmini/runtime/host/device.js';

/** A window with motion events; `motion(data, t)` dispatches one. */
function fakeWindow() {
  const win = new EventTarget();
  Object.assign(win, { DeviceMotionEvent: class {}, DeviceOrientationEvent: class {}, ondevicemotion: null, ondeviceorientation: null });
  const motion = (/** @type {any} */ data, /** @type {number} */ t) => {
    const e = new Event('devicemotion');
    Object.defineProperty(e, 'timeStamp', { value: t });
    win.dispatchEvent(Object.assign(e, data));
  };
  return { win: /** @type {any} */ (win), motion };
}

test('a sensor start waits for the first reading and sends at most one per interval, in WeChat units', async () => {
  const { win, motion } = fakeWindow();
  const sent = [];
  const s = sensorApis({ notify: (name, payload) => sent.push([name, payload]), consent: async () => {} }, win);
  const started = s.handlers.startAccelerometer({ interval: 'ui' }, { id: 1, api: 'startAccelerometer' });
  await new Promise((r) => setTimeout(r, 0)); // the permission check first
  motion({ accelerationIncludingGravity: { x: null, y: null, z: null } }, 0); // no data: not a reading
  motion({ accelerationIncludingGravity: { x: 0, y: 0, z: 9.80665 } }, 10);
  await started;
  motion({ accelerationIncludingGravity: { x: 9.80665, y: 0, z: 0 } }, 26); // within 60 ms: dropped
  motion({ accelerationIncludingGravity: { x: 9.80665, y: 0, z: 0 } }, 80);
  s.handlers.stopAccelerometer({}, { id: 2, api: 'stopAccelerometer' });
  motion({ accelerationIncludingGravity: { x: 0, y: 9.80665, z: 0 } }, 200);
  assert.deepEqual(sent, [['accelerometerChange', { x: -0, y: -0, z: -1 }], ['accelerometerChange', { x: -1, y: -0, z: -0 }]]);
  s.close();
});

test('a sensor start fails clearly without events or without readings', async () => {
  const s = sensorApis({ notify() {}, consent: async () => {} }, /** @type {any} */ (new EventTarget()));
  await assert.rejects(s.handlers.startGyroscope({}, { id: 1, api: 'startGyroscope' }), { message: 'startGyroscope:fail not supported: this browser has no devicemotion events' });
  const { win } = fakeWindow();
  const silent = sensorApis({ notify() {}, consent: async () => {} }, win);
  await assert.rejects(silent.handlers.startGyroscope({}, { id: 1, api: 'startGyroscope' }), { message: 'startGyroscope:fail no gyroscope: this device gave no readings' });
});

test('the keyboard height is what the visual viewport lost at the bottom; font sources as CSS writes them', () => {
  assert.equal(keyboardHeight(800, { height: 500, scale: 1 }), 300);
  assert.equal(keyboardHeight(800, { height: 400, scale: 2 }), 0); // pinch zoom, no keyboard
  assert.equal(fontUrl('url("https://f.test/a.woff2")'), 'https://f.test/a.woff2');
  assert.equal(fontUrl(" url( 'data:font/ttf;base64,AA==' ) "), 'data:font/ttf;base64,AA==');
  assert.equal(fontUrl('https://f.test/b.ttf'), 'https://f.test/b.ttf');
  assert.equal(fuzzy(31.23456), 31.23);
});

test('the battery: WeChat shape, every change sent, none without the API', async () => {
  assert.equal((await watchBattery({}, () => {})).state, null);
  const b = Object.assign(new EventTarget(), { level: 0.5, charging: true });
  const seen = [];
  const w = await watchBattery({ getBattery: async () => b }, (s) => seen.push(s));
  assert.deepEqual(w.state, { level: 50, isCharging: true });
  b.level = 0.49;
  b.dispatchEvent(new Event('levelchange'));
  w.close();
  b.dispatchEvent(new Event('chargingchange'));
  assert.deepEqual(seen, [{ level: 49, isCharging: true }]);
});
