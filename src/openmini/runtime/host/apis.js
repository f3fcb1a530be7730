// The host's APIs beyond the shell's: the platform's (storage, network), identity, consent,
// device, media, the recorder, contacts, documents, sensors, the page frames' (fonts, keyboard)
// and mini program jumps. One chunk, loaded on the first call the shell does not answer
// (host/index.js): a launch that only renders never needs it.

import { platformApis } from './platform.js';
import { deviceApis, wakeLockApis } from './device.js';
import { mediaApis } from './media.js';
import { consentApis } from './consent.js';
import { recorderApis } from './recorder.js';
import { contactApis } from './contact.js';
import { documentApis, download as save } from './documents.js';
import { sensorApis } from './sensors.js';
import { frameApis } from './frame-apis.js';
import { miniProgramApis } from './mini-program.js';

/** @typedef {import('./broker.js').Handler} Handler */

/**
 * The handlers, and what they hold open (transfers, sockets, audio) to close with the mini program.
 * `c` is what host/index.js has: its options, the manifest and the package's files, the
 * identity handlers (a chunk the shell also uses), the dialogs, frames and fonts.
 * @param {Record<string, any>} c
 * @returns {{ handlers: Record<string, Handler>, closers: { close(): void }[] }}
 */
export function moreApis(c) {
  const { options, manifest, files, dialogs, layer, fileUrl } = c;
  const notify = (/** @type {string} */ name, /** @type {any} */ payload) => c.send({ t: 'notify', name, payload });
  const platform = platformApis({
    apiBase: options.apiBase, appId: options.appId, manifest, domains: options.domains, files, storage: c.storage, notify,
    log: (entry) => options.onNetwork && options.onNetwork(entry),
    storageChanged: () => options.onStorage && options.onStorage(c.storage),
  });
  // a network image (getImageInfo) is downloaded as downloadFile does: domain list, platform proxy
  const download = async (/** @type {string} */ url, /** @type {any} */ call) => (await platform.handlers.downloadFile({ url }, call)).tempFilePath;
  const media = mediaApis({ notify, files, packageUrl: fileUrl });
  const consent = consentApis({ apiBase: options.apiBase, appId: options.appId, manifest, layer });
  const device = deviceApis({ dialogs, files, manifest, packageUrl: fileUrl, layer, download, consent: consent.ensure });
  const wakeLock = wakeLockApis();
  const recorder = recorderApis({ notify, files, consent: consent.ensure });
  const contact = contactApis({ dialogs, consent: consent.ensure, download: save });
  const sensors = sensorApis({ notify, consent: consent.ensure });
  const frames = frameApis({ notify, top: c.top, pages: c.pages, fonts: c.fonts, ask: c.askFrame, download, packageUrl: fileUrl, files });
  const jumps = miniProgramApis({ top: c.top, render: c.render, close: c.close, launchScene: c.launchScene, options, dialogs });
  return {
    handlers: {
      ...platform.handlers, ...device, ...media.handlers, ...c.identity.handlers, ...consent.handlers, ...wakeLock.handlers,
      ...recorder.handlers, ...contact, ...documentApis({ dialogs }), ...sensors.handlers, ...frames.handlers, ...jumps,
    },
    closers: [platform, media, wakeLock, recorder, sensors, frames],
  };
}
