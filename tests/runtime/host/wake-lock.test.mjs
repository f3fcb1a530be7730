// wx.setKeepScreenOn through the Screen Wake Lock API (host/wake-lock.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wakeLockApis } from '../../../src/openmini/runtime/host/wake-lock.js';

function fakes({ refuse = false } = {}) {
  const requests = [];
  const listeners = new Set();
  const nav = {
    wakeLock: {
      async request(type) {
        if (refuse) throw new Error('NotAllowedError: the document is hidden');
        const lock = { type, released: false, release: async () => { lock.released = true; } };
        requests.push(lock);
        return lock;
      },
    },
  };
  const doc = {
    visibilityState: 'visible',
    addEventListener: (_, fn) => listeners.add(fn),
    removeEventListener: (_, fn) => listeners.delete(fn),
    show() { this.visibilityState = 'visible'; for (const fn of listeners) fn(); },
  };
  return { nav, doc, requests, listeners };
}

test('keepScreenOn true takes a screen wake lock, false releases it', async () => {
  const f = fakes();
  const { handlers } = wakeLockApis(f.nav, f.doc);
  await handlers.setKeepScreenOn({ keepScreenOn: true });
  await handlers.setKeepScreenOn({ keepScreenOn: true });
  assert.equal(f.requests.length, 1, 'one lock while it is held');
  assert.equal(f.requests[0].type, 'screen');
  await handlers.setKeepScreenOn({ keepScreenOn: false });
  assert.equal(f.requests[0].released, true);
});

test('the browser drops the lock when the page is hidden; it is taken again when it shows', async () => {
  const f = fakes();
  const api = wakeLockApis(f.nav, f.doc);
  await api.handlers.setKeepScreenOn({ keepScreenOn: true });
  f.requests[0].released = true; // what the browser does on visibilitychange → hidden
  f.doc.show();
  await Promise.resolve();
  assert.equal(f.requests.length, 2);
  api.close();
  await Promise.resolve();
  assert.equal(f.requests[1].released, true, 'closing the mini program releases it');
  assert.equal(f.listeners.size, 0);
});

test('failures keep WeChat\'s errMsg shape', async () => {
  const refused = wakeLockApis(fakes({ refuse: true }).nav, fakes().doc);
  await assert.rejects(refused.handlers.setKeepScreenOn({ keepScreenOn: true }), { message: 'setKeepScreenOn:fail NotAllowedError: the document is hidden' });
  const none = wakeLockApis({}, fakes().doc);
  await assert.rejects(none.handlers.setKeepScreenOn({ keepScreenOn: true }), { message: 'setKeepScreenOn:fail not supported by this browser' });
  await assert.rejects(none.handlers.setKeepScreenOn({}), { message: 'setKeepScreenOn:fail parameter error: parameter.keepScreenOn should be Boolean instead of Undefined;' });
});
