// wx.setKeepScreenOn with the Screen Wake Lock API. WeChat keeps the setting while the mini
// program is in the foreground; the browser drops a wake lock whenever the document is hidden,
// so the host asks again when it shows. Closing the mini program releases it.

import { ApiError, checkArgs, fail } from './args.js';

/**
 * @typedef {{released: boolean, release(): Promise<void>}} Sentinel
 * @typedef {{wakeLock?: {request(type: 'screen'): Promise<Sentinel>}}} WakeLockNavigator
 */

/**
 * @param {WakeLockNavigator} nav @param {Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>} doc
 */
export function wakeLockApis(nav = navigator, doc = document) {
  let wanted = false;
  /** @type {Sentinel | null} */
  let lock = null;
  const held = () => !!lock && !lock.released;
  const acquire = async () => {
    lock = await /** @type {NonNullable<WakeLockNavigator['wakeLock']>} */ (nav.wakeLock).request('screen');
  };
  const onVisibility = () => {
    // the user sees the page again; a refusal now has nobody to tell and is retried next time
    if (wanted && doc.visibilityState === 'visible' && !held()) acquire().catch(() => {});
  };
  doc.addEventListener('visibilitychange', onVisibility);
  return {
    handlers: {
      /** @param {Record<string, any>} args */
      async setKeepScreenOn(args) {
        const bad = checkArgs('setKeepScreenOn', args, { keepScreenOn: 'Boolean' });
        if (bad) throw new ApiError(bad);
        if (!nav.wakeLock) fail('setKeepScreenOn', 'not supported by this browser');
        wanted = args.keepScreenOn;
        if (wanted && !held()) {
          try {
            await acquire();
          } catch (e) {
            wanted = false;
            fail('setKeepScreenOn', e instanceof Error ? e.message : String(e));
          }
        } else if (!wanted && lock) {
          const l = lock;
          lock = null;
          await l.release();
        }
      },
    },
    close() {
      wanted = false;
      doc.removeEventListener('visibilitychange', onVisibility);
      if (lock) lock.release().catch(() => {});
      lock = null;
    },
  };
}
