// `wx.getSkylineInfo(Sync)`: pages render with the web renderer here, never with Skyline; the
// Skyline APIs that work on the web (worklets, gesture handlers, custom routes) are in worklet.js,
// whose chunk carries these too.

import { invoke, sync } from './call.js';

const info = () => ({ isSupported: false, version: '', reason: 'pages render in the web view; Skyline is not available on this platform' });

export const skylineApis = {
  getSkylineInfoSync: () => sync('getSkylineInfoSync', info),
  /** @param {unknown} o */
  getSkylineInfo: (o) => invoke('getSkylineInfo', o, info),
};
