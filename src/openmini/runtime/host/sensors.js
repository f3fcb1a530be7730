// Sensors and location updates: DeviceMotion/DeviceOrientation events of the host window and
// geolocation.watchPosition, sent to logic as `notify` at WeChat's pace (`interval`).
// A start succeeds once the device gave data: desktop browsers have the events but never fire
// them, and a start that then stayed silent would be a fake success.

import { fail } from './args.js';
import { locationResult } from './device.js';

/** WeChat's `interval` option, ms between callbacks. */
const INTERVALS = /** @type {Record<string, number>} */ ({ game: 20, ui: 60, normal: 200 });
/** How long a start waits for the first reading before it fails. */
const FIRST_READING_MS = 1000;
const G = 9.80665;
const RAD = Math.PI / 180;

/**
 * @typedef {{ what: string, event: string, notify: string, read(e: any): Record<string, any> | null }} Sensor
 * read: the listener's argument from one event, null when the event carries no data
 */

/** @type {Record<string, Sensor>} */
const SENSORS = {
  // WeChat: in g, a phone lying face up reads z = -1 (the DOM: +9.8 m/s²)
  Accelerometer: {
    what: 'accelerometer', event: 'devicemotion', notify: 'accelerometerChange',
    read: ({ accelerationIncludingGravity: a }) => (a && a.x != null ? { x: -a.x / G, y: -a.y / G, z: -a.z / G } : null),
  },
  // WeChat: rad/s around x, y, z (the DOM: deg/s around z = alpha, x = beta, y = gamma)
  Gyroscope: {
    what: 'gyroscope', event: 'devicemotion', notify: 'gyroscopeChange',
    read: ({ rotationRate: r }) => (r && r.alpha != null ? { x: r.beta * RAD, y: r.gamma * RAD, z: r.alpha * RAD } : null),
  },
  // WeChat: the orientation angles in radians
  DeviceMotionListening: {
    what: 'orientation sensor', event: 'deviceorientation', notify: 'deviceMotionChange',
    read: (e) => (e.alpha != null ? { alpha: e.alpha * RAD, beta: e.beta * RAD, gamma: e.gamma * RAD } : null),
  },
  // degrees clockwise from north: Safari's webkitCompassHeading, else an absolute alpha (counter-clockwise)
  Compass: {
    what: 'compass', event: typeof window !== 'undefined' && 'ondeviceorientationabsolute' in window ? 'deviceorientationabsolute' : 'deviceorientation', notify: 'compassChange',
    read(e) {
      const direction = e.webkitCompassHeading != null ? e.webkitCompassHeading : e.absolute && e.alpha != null ? (360 - e.alpha) % 360 : null;
      // "unknow" is WeChat's own spelling for an accuracy the device does not tell
      return direction == null ? null : { direction, accuracy: e.webkitCompassAccuracy != null ? e.webkitCompassAccuracy : 'unknow' };
    },
  },
};

/**
 * @param {{ notify(name: string, payload: any): void, consent(scope: string, api: string): Promise<void> }} ctx
 *   consent: resolves once the user allows the scope (host/consent.js)
 * @param {Window} win
 */
export function sensorApis(ctx, win = window) {
  /** Running sensors and the location watch: name → stop. @type {Map<string, () => void>} */
  const running = new Map();
  const stop = (/** @type {string} */ name) => {
    const end = running.get(name);
    running.delete(name);
    if (end) end();
  };

  /** iOS asks the user before it gives motion data (the page's tap is the gesture it needs). @param {string} api @param {string} event */
  async function allowed(api, event) {
    const Event = /** @type {any} */ (win)[event === 'devicemotion' ? 'DeviceMotionEvent' : 'DeviceOrientationEvent'];
    if (!Event || !(`on${event}` in win)) fail(api, `not supported: this browser has no ${event} events`);
    if (typeof Event.requestPermission === 'function' && (await Event.requestPermission().catch(() => 'denied')) !== 'granted') fail(api, 'auth deny');
  }

  /** @param {string} name a SENSORS key @param {Record<string, any>} args */
  async function start(name, args) {
    const api = `start${name}`;
    const s = SENSORS[name];
    await allowed(api, s.event);
    stop(name);
    const interval = INTERVALS[args.interval] || INTERVALS.normal;
    await new Promise((resolve, reject) => {
      let last = -Infinity;
      const timer = setTimeout(() => {
        stop(name);
        reject(new Error(`no ${s.what}: this device gave no readings`));
      }, FIRST_READING_MS);
      const on = (/** @type {Event} */ e) => {
        const value = s.read(e);
        if (!value) return;
        clearTimeout(timer);
        resolve(undefined);
        // events come at the sensor's rate (often 60 Hz); WeChat's interval is approximate
        if (e.timeStamp - last < interval * 0.8) return;
        last = e.timeStamp;
        ctx.notify(s.notify, value);
      };
      win.addEventListener(s.event, on);
      running.set(name, () => {
        clearTimeout(timer);
        win.removeEventListener(s.event, on);
      });
    }).catch((e) => fail(api, e.message));
  }

  /**
   * Location updates after the user's consent; the foreground form sends nothing while the
   * page is hidden (WeChat: only while the mini program is in front).
   * @param {string} api @param {boolean} background
   */
  async function watch(api, background) {
    await ctx.consent(background ? 'scope.userLocationBackground' : 'scope.userLocation', api);
    const geo = win.navigator.geolocation;
    if (!geo) fail(api, 'not supported: this browser has no geolocation');
    stop('location');
    const id = geo.watchPosition((p) => {
      if (background || !win.document.hidden) ctx.notify('locationChange', locationResult(p.coords));
    }, (e) => ctx.notify('locationChangeError', { errCode: e.code, errMsg: `onLocationChange:fail ${e.code === 1 ? 'auth deny' : e.message || 'location unavailable'}` }), { enableHighAccuracy: true });
    running.set('location', () => geo.clearWatch(id));
  }

  /** @type {Record<string, import('./broker.js').Handler>} */
  const handlers = {
    startLocationUpdate: () => watch('startLocationUpdate', false),
    startLocationUpdateBackground: () => watch('startLocationUpdateBackground', true),
    stopLocationUpdate: () => stop('location'),
  };
  for (const name in SENSORS) {
    handlers[`start${name}`] = (args) => start(name, args);
    handlers[`stop${name}`] = () => stop(name);
  }
  return {
    handlers,
    close() {
      for (const name of [...running.keys()]) stop(name);
    },
  };
}
