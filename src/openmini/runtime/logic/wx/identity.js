// Who the user is (docs/identity.md): wx.login, wx.checkSession, wx.getUserProfile and
// wx.getUserInfo. The host asks the platform and draws the consent prompt; the results carry a
// login code or signed and encrypted open data, never the session_key.

import { Fail, invoke, hostCall } from './call.js';
import { userGesture } from '../events.js';

/** @typedef {Record<string, any>} Obj */

/** @param {Obj} o */
const lang = (o) => (typeof o.lang === 'string' ? o.lang : 'en');

/** @type {Record<string, Function>} */
export const identityApis = {
  login: (/** @type {unknown} */ o) => invoke('login', o, () => hostCall('login')),
  checkSession: (/** @type {unknown} */ o) => invoke('checkSession', o, () => hostCall('checkSession')),
  getUserProfile: (/** @type {unknown} */ o) => invoke('getUserProfile', o, (args) => {
    // WeChat's rule: a prompt appears only in answer to the user's own tap
    if (!userGesture.tap) throw new Fail('can only be invoked by user TAP gesture.');
    return hostCall('getUserProfile', { desc: args.desc, lang: lang(args) });
  }, 'desc:String'),
  getUserInfo: (/** @type {unknown} */ o) => invoke('getUserInfo', o, (args) => hostCall('getUserInfo', { lang: lang(args) })),
};
