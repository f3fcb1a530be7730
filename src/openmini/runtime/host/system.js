// getSystemInfo for the container the mini program runs in, and the capsule's rect.

import { NAV_HEIGHT, TAB_HEIGHT } from './chrome.js';

/**
 * @param {{ width: number, height: number, statusBar: number, platform: string, navHidden: boolean, tabBar: boolean }} o
 */
export function systemInfo(o) {
  const { width, height, statusBar } = o;
  const lang = (navigator.language || 'en').replace('-', '_');
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    brand: 'openmini', model: o.platform === 'devtools' ? 'simulator' : 'browser',
    pixelRatio: globalThis.devicePixelRatio || 1,
    screenWidth: width, screenHeight: height,
    windowWidth: width, windowHeight: height - (o.navHidden ? 0 : statusBar + NAV_HEIGHT) - (o.tabBar ? TAB_HEIGHT : 0),
    statusBarHeight: statusBar,
    language: lang, version: '0.1.0', system: navigator.platform || 'web', platform: o.platform,
    fontSizeSetting: 16, SDKVersion: '3.0.0', benchmarkLevel: 1, theme: dark ? 'dark' : 'light',
    deviceOrientation: width > height ? 'landscape' : 'portrait',
    safeArea: { left: 0, right: width, top: statusBar, bottom: height, width, height: height - statusBar },
    enableDebug: false,
    host: { env: 'openmini' },
  };
}

/** WeChat's capsule: 87×32, 7 px from the right, centred in the 44 px bar. */
export function menuButtonRect(/** @type {number} */ width, /** @type {number} */ statusBar) {
  const top = statusBar + 6;
  const right = width - 7;
  return { width: 87, height: 32, top, right, bottom: top + 32, left: right - 87 };
}
