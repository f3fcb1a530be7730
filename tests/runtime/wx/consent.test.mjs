import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWx } from '../../../src/openmini/runtime/logic/wx/index.js';
import { invokeHandler } from '../../../src/openmini/runtime/logic/events.js';
import { fakeHost, tick } from './helpers.mjs';

const wx = createWx();
const TAP_ONLY = 'can only be invoked by user TAP gesture.';

test('authorize and getSetting are answered by the host', async () => {
  const host = fakeHost();
  await assert.rejects(wx.authorize({}), { errMsg: 'authorize:fail parameter error: parameter.scope should be String instead of Undefined;' });
  const asked = wx.authorize({ scope: 'scope.userLocation' });
  await tick();
  assert.deepEqual(host.last('authorize').args, { scope: 'scope.userLocation' });
  host.fail(host.last('authorize'), 'authorize:fail auth deny');
  await assert.rejects(asked, { errMsg: 'authorize:fail auth deny' });
  const setting = wx.getSetting({ withSubscriptions: true });
  await tick();
  assert.deepEqual(host.last('getSetting').args, { withSubscriptions: true });
  host.ok(host.last('getSetting'), { authSetting: { 'scope.userLocation': false } });
  assert.deepEqual((await setting).authSetting, { 'scope.userLocation': false });
});

test('requestSubscribeMessage and openSetting work only while a tap handler runs', async () => {
  const host = fakeHost();
  await assert.rejects(wx.requestSubscribeMessage({ tmplIds: ['t1'] }), { errMsg: `requestSubscribeMessage:fail ${TAP_ONLY}` });
  await assert.rejects(wx.openSetting({}), { errMsg: `openSetting:fail ${TAP_ONLY}` });
  assert.equal(host.calls().length, 0);
  /** @type {Promise<any>[]} */
  const asked = [];
  const page = {
    onTap() {
      asked.push(wx.requestSubscribeMessage({ tmplIds: ['t1', 't2'] }));
      // after an await the tap is over, as in WeChat
      asked.push(Promise.resolve().then(() => wx.openSetting({})).catch((e) => e));
    },
  };
  invokeHandler(page, 'onTap', { type: 'tap' });
  await tick();
  assert.deepEqual(host.calls().map((m) => [m.api, m.args]), [['requestSubscribeMessage', { tmplIds: ['t1', 't2'] }]]);
  host.ok(host.last('requestSubscribeMessage'), { t1: 'accept', t2: 'reject' });
  assert.deepEqual(await asked[0], { t1: 'accept', t2: 'reject', errMsg: 'requestSubscribeMessage:ok' });
  assert.deepEqual(await asked[1], { errMsg: `openSetting:fail ${TAP_ONLY}` });
});
