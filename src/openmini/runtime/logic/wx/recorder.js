// wx.getRecorderManager and the old wx.startRecord/stopRecord: a chunk loaded on first use
// (deferred.js). The host records the microphone (host/recorder.js: getUserMedia +
// MediaRecorder, after the user's consent to scope.record); its events come back as `notify
// task` {id, type, …} for the recording's id. There is one microphone: one recording at a time.

import { Fail, hostCall, invoke, newId, registerTask, strip } from './call.js';
import { listeners } from './media.js';

/** @typedef {Record<string, any>} Obj */

/** host event type → RecorderManager event */
const EVENTS = { start: 'Start', pause: 'Pause', resume: 'Resume', stop: 'Stop', frameRecorded: 'FrameRecorded', error: 'Error', interruptionBegin: 'InterruptionBegin', interruptionEnd: 'InterruptionEnd' };

/** @type {Obj | null} */
let manager = null;

/** The one RecorderManager. */
function getRecorderManager() {
  if (manager) return manager;
  /** @type {Obj} */
  const m = {};
  const fire = listeners(m, 'RecorderManager', Object.values(EVENTS));
  const control = (/** @type {string} */ op) => () => void hostCall(`recorder.${op}`, {}).catch((e) => fire('Error', { errMsg: e.errMsg }));
  m.start = (/** @type {Obj} */ o) => {
    const id = newId();
    registerTask(id, (ev) => {
      const name = /** @type {Record<string, string>} */ (EVENTS)[ev.type];
      if (ev.type === 'stop' || ev.type === 'error') registerTask(id, null);
      const { id: _, type: __, ...detail } = ev;
      if (name) fire(name, ev.type === 'start' || ev.type === 'pause' || ev.type === 'resume' ? undefined : detail);
    });
    hostCall('recorder.start', { ...strip(o || {}), id, api: 'operateRecorder' }).catch((e) => {
      registerTask(id, null);
      fire('Error', { errMsg: e.errMsg });
    });
  };
  m.pause = control('pause');
  m.resume = control('resume');
  m.stop = control('stop');
  return (manager = m);
}

export const apis = {
  getRecorderManager,
  /** Succeeds when the recording ends (stopRecord, or WeChat's one minute) with its tempFilePath. */
  startRecord: (/** @type {unknown} */ o) => invoke('startRecord', o, () => new Promise((resolve, reject) => {
    const id = newId();
    registerTask(id, (ev) => {
      if (ev.type !== 'stop' && ev.type !== 'error') return;
      registerTask(id, null);
      if (ev.type === 'stop') resolve({ tempFilePath: ev.tempFilePath });
      else reject(new Fail(String(ev.errMsg).replace(/^[^:]*:fail /, '')));
    });
    hostCall('recorder.start', { id, duration: 60000, api: 'startRecord' }).catch((e) => {
      registerTask(id, null);
      reject(e);
    });
  })),
  stopRecord: (/** @type {unknown} */ o) => invoke('stopRecord', o, () => hostCall('recorder.stop', {}).then(() => ({}))),
};
