// Device, location and mini-program-level APIs a browser can really do: sensors, location
// updates, the keyboard, fonts, the battery, leaving or switching mini programs. The host
// performs them (host/sensors.js, host/frame-apis.js, host/mini-program.js); their events come back as
// `notify` and reach the `wx.on…` listeners (docs/runtime-wx.md "Device and mini program").
// A chunk (deferred.js), loaded at init when the code names one of them.

import { Fail, hostCall, invoke, listen, noop, onOff, sync } from './call.js';
import { forward } from './passthrough.js';

/** Host calls: api name → parameter spec (call.js `check`). */
const HOST = {
  startAccelerometer: 'interval?:String', stopAccelerometer: '',
  startCompass: '', stopCompass: '',
  startGyroscope: 'interval?:String', stopGyroscope: '',
  startDeviceMotionListening: 'interval?:String', stopDeviceMotionListening: '',
  startLocationUpdate: '', startLocationUpdateBackground: '', stopLocationUpdate: '', getFuzzyLocation: '',
  hideKeyboard: '', getSelectedTextRange: '',
  loadFontFace: 'family:String,source:String',
  setBackgroundColor: '', setBackgroundTextStyle: 'textStyle:String', showHomeButton: '',
  exitMiniProgram: '', navigateToMiniProgram: 'appId:String', navigateBackMiniProgram: '', restartMiniProgram: 'path:String',
};

/** Listeners the browser never fires, registered as on WeChat devices without the event. */
const SILENT = ['memoryWarning', 'userCaptureScreen', 'copyUrl', 'menuButtonBoundingClientRectWeightChange'];

/** Listeners the host feeds with `notify` once the matching start* succeeded. */
const FED = ['accelerometerChange', 'compassChange', 'gyroscopeChange', 'deviceMotionChange', 'locationChange', 'locationChangeError'];

/** The most random bytes one call gives (WeChat's limit). */
const MAX_RANDOM = 1048576;

/**
 * `navigator.getBattery()` as the host last saw it; null: the browser has no Battery API;
 * undefined: the host does not watch it (the code does not name wx.getBatteryInfo(Sync)).
 * @type {{level: number, isCharging: boolean} | null | undefined}
 */
let battery;

/** The chunk's init (deferred.js): `battery` from `init`, then kept current by the host's `notify battery`. @param {{battery?: any}} msg */
export function init(msg) {
  battery = msg.battery;
  listen('battery', (/** @type {any} */ b) => (battery = b));
}

const batteryInfo = () => {
  if (battery === undefined) throw new Fail('the build did not see wx.getBatteryInfo in the code, so the battery is not watched');
  if (!battery) throw new Fail('not supported: this browser has no Battery Status API');
  return { ...battery };
};

/** Keyboard height changes: the host starts watching its visual viewport at the first listener. */
let keyboardWatched = false;

/** @type {Record<string, Function>} */
export const apis = {
  getBatteryInfo: (/** @type {unknown} */ o) => invoke('getBatteryInfo', o, batteryInfo),
  getBatteryInfoSync: () => sync('getBatteryInfoSync', batteryInfo),
  getRendererUserAgent: (/** @type {unknown} */ o) => invoke('getRendererUserAgent', o, () => ({ userAgent: navigator.userAgent })),
  getRandomValues: (/** @type {unknown} */ o) => invoke('getRandomValues', o, ({ length }) => {
    if (!(Number.isInteger(length) && length > 0 && length <= MAX_RANDOM)) throw new Fail(`invalid length: an integer from 1 to ${MAX_RANDOM}`);
    const bytes = new Uint8Array(length);
    // crypto.getRandomValues fills at most 65536 bytes at a time
    for (let i = 0; i < length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
    return { randomValues: bytes.buffer };
  }, 'length:Number'),
  onKeyboardHeightChange(/** @type {unknown} */ fn) {
    listen('keyboardHeightChange', fn);
    if (typeof fn !== 'function' || keyboardWatched) return;
    keyboardWatched = true;
    hostCall('keyboard.watch').catch(noop);
  },
  offKeyboardHeightChange: onOff('keyboardHeightChange')[1],
};
for (const name in HOST) apis[name] = forward(name, /** @type {any} */ (HOST)[name]);
for (const name of [...FED, ...SILENT]) {
  const cap = name[0].toUpperCase() + name.slice(1);
  [apis[`on${cap}`], apis[`off${cap}`]] = onOff(name);
}
