// System and app-level APIs answered in the worker from what `init` brought (system info,
// launch options, account, the capsule rect), plus the app event listeners (onAppShow, onError…)
// the worker fires.

import { invoke, sync, onOff } from './call.js';
import { unsupported } from './unsupported.js';

/** @typedef {Record<string, any>} Obj */

const state = {
  /** @type {Obj} */ system: {},
  /** @type {Obj} */ launch: { path: '', query: {}, scene: 1001, referrerInfo: {} },
  /** @type {Obj} */ enter: { path: '', query: {}, scene: 1001, referrerInfo: {} },
  /** @type {Obj} */ account: {},
  /** @type {Obj | null} */ menuButton: null,
};

/** From `init`. @param {{system?: Obj, launch?: Obj, account?: Obj, menuButton?: Obj}} init */
export function initSystem(init) {
  state.system = init.system || {};
  state.launch = { referrerInfo: {}, query: {}, ...(init.launch || {}) };
  state.enter = state.launch;
  state.account = init.account || {};
  state.menuButton = init.menuButton || null;
}

/** The app came to the foreground with these options (getEnterOptionsSync). @param {Obj} options */
export function setEnterOptions(options) {
  state.enter = { referrerInfo: {}, query: {}, ...options };
}

/** The host's `init.launch` (path, query, scene…). */
export const launchOptions = () => /** @type {import('../app.js').LaunchOptions} */ (state.launch);

/** @param {Obj} from @param {string[]} keys */
function pick(from, keys) {
  /** @type {Obj} */
  const out = {};
  for (const k of keys) if (k in from) out[k] = copy(from[k]);
  return out;
}

/** @param {unknown} v */
const copy = (v) => (v && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v);

const WINDOW = ['pixelRatio', 'screenWidth', 'screenHeight', 'windowWidth', 'windowHeight', 'statusBarHeight', 'safeArea', 'screenTop'];
const DEVICE = ['abi', 'deviceAbi', 'benchmarkLevel', 'brand', 'model', 'platform', 'system', 'memorySize', 'cpuType'];
const BASE = ['SDKVersion', 'enableDebug', 'host', 'language', 'version', 'theme', 'fontSizeSetting', 'fontSizeScaleFactor'];

function systemSetting() {
  const s = state.system;
  return {
    bluetoothEnabled: !!s.bluetoothEnabled,
    locationEnabled: !!s.locationEnabled,
    wifiEnabled: !!s.wifiEnabled,
    deviceOrientation: s.deviceOrientation || (s.screenWidth > s.screenHeight ? 'landscape' : 'portrait'),
  };
}

function authorizeSetting() {
  // What the browser allows the host, as the host reported it; nothing asked yet otherwise.
  const a = state.system.appAuthorize || {};
  /** @type {Obj} */
  const out = {};
  for (const k of ['albumAuthorized', 'bluetoothAuthorized', 'cameraAuthorized', 'locationAuthorized', 'locationReducedAccuracy', 'microphoneAuthorized', 'notificationAuthorized', 'phoneCalendarAuthorized']) {
    out[k] = k in a ? a[k] : k === 'locationReducedAccuracy' ? false : 'not determined';
  }
  return out;
}

function menuButton() {
  if (state.menuButton) return { ...state.menuButton };
  // WeChat's capsule on a 375-wide phone: 87×32, 7 px from the right edge, 4 px under the status bar.
  const w = state.system.windowWidth || 375;
  const top = (state.system.statusBarHeight || 20) + 4;
  return { width: 87, height: 32, top, right: w - 7, bottom: top + 32, left: w - 94 };
}

/** WeChat's built-in components we render (canIUse("view"), canIUse("button.open-type.share")…). */
const COMPONENTS = 'view,scroll-view,swiper,swiper-item,movable-area,movable-view,cover-view,cover-image,icon,text,rich-text,progress,button,checkbox,checkbox-group,form,input,label,picker,picker-view,picker-view-column,radio,radio-group,slider,switch,textarea,navigator,image,video,audio,camera,canvas,map,web-view,block,slot,template,import,include,wxs'.split(',');

/**
 * `wx.canIUse("request.object.timeout")`: an API we implement (its parameters and return fields
 * follow WeChat's), a built-in component (its attributes follow WeChat's), or false.
 * @param {Obj} wx @param {unknown} schema
 */
function canIUse(wx, schema) {
  if (typeof schema !== 'string' || !schema) return false;
  const parts = schema.split('.');
  let head = parts[0];
  // biome-ignore lint/suspicious/noTemplateCurlyInString: WeChat's docs write the schema as "${wx}.api"
  if (head === 'wx' || head === '${wx}') head = parts[1] || '';
  const api = unsupported.has(head) ? undefined : wx[head];
  if (api !== undefined) return parts.length < 3 || ['object', 'return', 'success', 'fail', 'callback'].includes(parts[head === parts[0] ? 1 : 2]);
  return COMPONENTS.includes(head);
}

/** Update manager: a running mini program never has a pending update here (releases apply on the next launch). */
const updateManager = {
  onCheckForUpdate(/** @type {Function} */ fn) {
    if (typeof fn === 'function') setTimeout(() => fn({ hasUpdate: false }), 0);
  },
  onUpdateReady() {},
  onUpdateFailed() {},
  applyUpdate() {
    console.warn('[openmini] applyUpdate: no update is ready (onUpdateReady was not called)');
  },
};

/** Deep-freeze a JSON value. @template T @param {T} v @returns {T} */
function freeze(v) {
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) freeze(/** @type {any} */ (v)[k]);
    Object.freeze(v);
  }
  return v;
}

/**
 * WeChat's `__wxConfig` global: a frozen snapshot of the app's configuration and environment
 * that some libraries read (`__wxConfig.envVersion`, `.lang`, `.pages`, `.global.window`).
 * @param {Obj} manifest @param {Obj} init the `init` message
 */
export function wxConfig(manifest, init) {
  const app = manifest.app || {};
  const system = init.system || {};
  const account = { appId: '', envVersion: 'develop', version: '', ...(init.account || {}) };
  const language = system.language || 'zh_CN';
  const entry = manifest.entryPagePath || (app.pages && app.pages[0]) || '';
  return freeze(copy({
    envVersion: account.envVersion,
    version: account.version,
    pages: Object.keys(manifest.pages || {}),
    entryPagePath: entry ? `${entry}.html` : '',
    global: { window: app.window || {} },
    tabBar: app.tabBar,
    networkTimeout: app.networkTimeout,
    subPackages: app.subPackages || app.subpackages,
    preloadRule: app.preloadRule,
    debug: !!app.debug,
    darkmode: !!app.darkmode,
    platform: system.platform || 'devtools',
    language,
    lang: language,
    accountInfo: { appId: account.appId, nickname: '', icon: '' },
    appLaunchInfo: { path: (init.launch && init.launch.path) || entry, query: (init.launch && init.launch.query) || {}, scene: (init.launch && init.launch.scene) || 1001 },
  }));
}

/** @param {Obj} wx the wx object (for canIUse) */
export function systemApis(wx) {
  const info = () => ({ ...copy(state.system), ...systemSetting() });
  const [onAppShow, offAppShow] = onOff('appShow');
  const [onAppHide, offAppHide] = onOff('appHide');
  const [onError, offError] = onOff('error');
  const [onPageNotFound, offPageNotFound] = onOff('pageNotFound');
  const [onUnhandledRejection, offUnhandledRejection] = onOff('unhandledRejection');
  const [onThemeChange, offThemeChange] = onOff('themeChange');
  const [onNetworkStatusChange, offNetworkStatusChange] = onOff('networkStatusChange');
  const [onWindowResize, offWindowResize] = onOff('windowResize');
  return {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    getSystemInfoSync: () => sync('getSystemInfoSync', info),
    getSystemInfo: (/** @type {any} */ o) => invoke('getSystemInfo', o, info),
    getSystemInfoAsync: (/** @type {any} */ o) => invoke('getSystemInfoAsync', o, info),
    getWindowInfo: () => pick(state.system, WINDOW),
    getDeviceInfo: () => pick(state.system, DEVICE),
    getAppBaseInfo: () => pick(state.system, BASE),
    getSystemSetting: systemSetting,
    getAppAuthorizeSetting: authorizeSetting,
    getMenuButtonBoundingClientRect: menuButton,
    getAccountInfoSync: () => ({ miniProgram: { appId: '', envVersion: 'develop', version: '', ...state.account }, plugin: {} }),
    getLaunchOptionsSync: () => copy(state.launch),
    getEnterOptionsSync: () => copy(state.enter),
    canIUse: (/** @type {unknown} */ schema) => canIUse(wx, schema),
    nextTick: (/** @type {Function} */ fn) => {
      if (typeof fn === 'function') setTimeout(fn, 0);
    },
    getUpdateManager: () => updateManager,
    onAppShow, offAppShow, onAppHide, offAppHide, onError, offError, onPageNotFound, offPageNotFound,
    onUnhandledRejection, offUnhandledRejection, onThemeChange, offThemeChange,
    onNetworkStatusChange, offNetworkStatusChange, onWindowResize, offWindowResize,
  };
}
