// <button open-type> answers (host/open-types.js): the event each button fires and its detail.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openTypeAnswer } from '../../../src/openmini/runtime/host/open-types.js';

const ctx = /** @type {any} */ ({
  openSetting: async () => ({ authSetting: { 'scope.userLocation': false } }),
  phoneNumber: async () => ({ code: 'c0de', errMsg: 'getPhoneNumber:ok' }),
});

test('open-type="openSetting" opens the settings sheet and fires opensetting with the settings after it', async () => {
  assert.deepEqual(await openTypeAnswer(ctx, 'openSetting', {}), {
    type: 'opensetting',
    detail: { authSetting: { 'scope.userLocation': false }, errMsg: 'openSetting:ok' },
  });
});

test('open-type="getRealtimePhoneNumber" goes through the same phone consent', async () => {
  const answer = await openTypeAnswer(ctx, 'getRealtimePhoneNumber', {});
  assert.equal(answer.type, 'getrealtimephonenumber');
  assert.equal(answer.detail.code, 'c0de');
});

test('open-type="contact" fails clearly: there is no customer service here', async () => {
  const answer = await openTypeAnswer(ctx, 'contact', {});
  assert.equal(answer.type, 'contact');
  assert.match(answer.detail.errMsg, /^enterContact:fail /);
});
