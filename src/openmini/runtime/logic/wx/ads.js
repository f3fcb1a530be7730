// Rewarded video and interstitial ads (`wx.createRewardedVideoAd`, `wx.createInterstitialAd`).
// The platform has no ad network, so there is never an ad to show: the objects behave as
// WeChat's do when its ad network has none — the automatic first load after creation fails,
// `load()` and `show()` reject with WeChat's error `{errMsg, errCode: 1004}` (1004: no
// suitable ad, 无合适的广告), and a failed load also reaches the `onError` listeners.

import { check } from './call.js';

/** @param {string} method */
const noAd = (method) => ({ errMsg: `${method}:fail no advertisement`, errCode: 1004 });

class Ad {
  constructor() {
    /** @type {Record<string, Set<Function>>} */
    this.listeners = { load: new Set(), error: new Set(), close: new Set() };
    // WeChat loads an ad once right after creation; its failure reaches onError listeners
    // registered in the same task
    Promise.resolve().then(() => this.load().catch(() => {}));
  }

  load() {
    const err = noAd('load');
    for (const fn of this.listeners.error) fn({ ...err });
    return Promise.reject(err);
  }

  show() {
    return Promise.reject(noAd('show'));
  }

  destroy() {
    for (const key in this.listeners) this.listeners[key].clear();
  }
}

const proto = /** @type {any} */ (Ad.prototype);
for (const event of ['load', 'error', 'close']) {
  const name = event[0].toUpperCase() + event.slice(1);
  proto[`on${name}`] = function (/** @type {unknown} */ fn) {
    if (typeof fn === 'function') this.listeners[event].add(fn);
  };
  proto[`off${name}`] = function (/** @type {unknown} */ fn) {
    if (typeof fn === 'function') this.listeners[event].delete(fn);
    else this.listeners[event].clear();
  };
}

/** @param {string} api */
const create = (api) => (/** @type {any} */ options) => {
  try {
    check(options && typeof options === 'object' ? options : {}, 'adUnitId:String');
  } catch (e) {
    // a synchronous API: its parameter error is thrown, as WeChat throws it
    throw new Error(`${api}:fail ${/** @type {any} */ (e).reason}`);
  }
  return new Ad();
};

export const adApis = {
  createRewardedVideoAd: create('createRewardedVideoAd'),
  createInterstitialAd: create('createInterstitialAd'),
};
