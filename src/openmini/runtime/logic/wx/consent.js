// Consent (docs/consent-and-messages.md): wx.authorize, wx.getSetting, wx.openSetting and
// wx.requestSubscribeMessage. The host asks the platform and draws the prompts.

import { Fail, invoke, hostCall } from './call.js';
import { userGesture } from '../events.js';

/** WeChat shows these prompts only in answer to the user's own tap. */
function tapOnly() {
  if (!userGesture.tap) throw new Fail('can only be invoked by user TAP gesture.');
}

/** @type {Record<string, Function>} */
export const consentApis = {
  authorize: (/** @type {unknown} */ o) => invoke('authorize', o, (args) => hostCall('authorize', { scope: args.scope }), 'scope:String'),
  getSetting: (/** @type {unknown} */ o) => invoke('getSetting', o, (args) => hostCall('getSetting', { withSubscriptions: !!args.withSubscriptions })),
  openSetting: (/** @type {unknown} */ o) => invoke('openSetting', o, (args) => {
    tapOnly();
    return hostCall('openSetting', { withSubscriptions: !!args.withSubscriptions });
  }),
  requestSubscribeMessage: (/** @type {unknown} */ o) => invoke('requestSubscribeMessage', o, (args) => {
    tapOnly();
    return hostCall('requestSubscribeMessage', { tmplIds: args.tmplIds });
  }, 'tmplIds:Array'),
};
