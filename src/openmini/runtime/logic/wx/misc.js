// The rest of wx: selector queries and intersection observers (the render layer measures
// through the page frame), analytics, and the identity / payment / messaging APIs that fail
// clearly until the platform provides them (never a fake success).

import { Fail, invoke, bridge } from './call.js';
import { ownerOf } from './media.js';

const NOT_YET = ['login', 'checkSession', 'getUserProfile', 'getUserInfo', 'authorize', 'getSetting', 'openSetting', 'requestPayment', 'requestSubscribeMessage'];

/** @returns {any} */
function render() {
  if (!bridge.render) throw new Error('the render layer is not ready');
  return bridge.render;
}

/** @type {Record<string, Function>} */
export const miscApis = {
  createSelectorQuery: () => render().createSelectorQuery(),
  createIntersectionObserver: (/** @type {unknown} */ comp, /** @type {unknown} */ options) => render().createIntersectionObserver(ownerOf(comp), options || {}),
  reportAnalytics: (/** @type {string} */ eventName, /** @type {unknown} */ data) => {
    console.info(`[openmini] reportAnalytics ${eventName}`, data);
  },
};

for (const name of NOT_YET) {
  miscApis[name] = (/** @type {unknown} */ o) => invoke(name, o, () => {
    throw new Fail('not supported yet: identity and payments arrive with the platform');
  });
}
