// The `wx` object mini program code receives: every API, assembled from the files of this folder.
// docs/runtime-wx.md lists them and what each does here.

import { storageApis } from './storage.js';
import { navigationApis } from './navigation.js';
import { passthroughApis } from './passthrough.js';
import { systemApis } from './system.js';
import { networkApis } from './network.js';
import { mediaApis } from './media.js';
import { canvasApis } from './canvas.js';
import { animationApis } from './animation.js';
import { fsApis } from './fs.js';
import { miscApis } from './misc.js';
import { performanceApis } from './performance.js';
import { identityApis } from './identity.js';
import { consentApis } from './consent.js';
import { cloudApis } from './cloud.js';
import { adApis } from './ads.js';
import { workerApis } from './workers.js';
import { xrFrameApis } from './xr-frame.js';
import { skylineApis } from './skyline.js';
import { deferredApis } from './deferred.js';
import { deviceApis } from './device.js';
import { addUnsupported } from './unsupported.js';

/** Build a `wx` object. @returns {Record<string, any>} */
export function createWx() {
  /** @type {Record<string, any>} */
  const wx = {};
  Object.assign(wx, passthroughApis, storageApis, navigationApis, networkApis, mediaApis, canvasApis, animationApis, fsApis, miscApis, performanceApis, identityApis, consentApis, cloudApis, adApis, workerApis, xrFrameApis, skylineApis, deferredApis, deviceApis, systemApis(wx));
  addUnsupported(wx);
  return wx;
}

export { EventChannel, beforeOpen, afterOpen } from './navigation.js';
export { initStorage } from './storage.js';
export { initDevice } from './device.js';
export { initSystem, setEnterOptions, launchOptions, wxConfig } from './system.js';
export { configureNetwork } from './network.js';
export { configureWorkers } from './workers.js';
export { connect, post, onReply, onTaskEvent, emit, bridge } from './call.js';
