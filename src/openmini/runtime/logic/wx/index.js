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
import { miscApis } from './misc.js';
import { performanceApis } from './performance.js';
import { identityApis } from './identity.js';
import { consentApis } from './consent.js';
import { cloudApis } from './cloud.js';
import { adApis } from './ads.js';
import { deferredApis } from './deferred.js';

/** Build a `wx` object. @returns {Record<string, any>} */
export function createWx() {
  /** @type {Record<string, any>} */
  const wx = {};
  Object.assign(wx, passthroughApis, storageApis, navigationApis, networkApis, mediaApis, canvasApis, animationApis, miscApis, performanceApis, identityApis, consentApis, cloudApis, adApis, deferredApis, systemApis(wx));
  return wx;
}

export { EventChannel, beforeOpen, afterOpen } from './navigation.js';
export { initStorage } from './storage.js';
export { initSystem, setEnterOptions, launchOptions, wxConfig } from './system.js';
export { configureNetwork } from './network.js';
export { preloadChunks } from './deferred.js';
export { addUnsupported } from './unsupported.js';
export { connect, post, onReply, onTaskEvent, emit, bridge } from './call.js';
