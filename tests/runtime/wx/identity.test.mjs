import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWx } from '../../../src/openmini/runtime/logic/wx/index.js';
import { invokeHandler, userGesture } from '../../../src/openmini/runtime/logic/events.js';
import { fakeHost, tick } from './helpers.mjs';

const wx = createWx();

test('login and checkSession are answered by the host', async () => {
  const host = fakeHost();
  const login = wx.login();
  await tick();
  host.ok(host.last('login'), { code: 'c0de' });
  assert.deepEqual(await login, { code: 'c0de', errMsg: 'login:ok' });
  const check = wx.checkSession();
  await tick();
  host.fail(host.last('checkSession'), 'checkSession:fail session time out, need relogin');
  await assert.rejects(check, { errMsg: 'checkSession:fail session time out, need relogin' });
});

test('getUserProfile works only while a tap handler runs', async () => {
  const host = fakeHost();
  await assert.rejects(wx.getUserProfile({ desc: 'to show your name' }), {
    errMsg: 'getUserProfile:fail can only be invoked by user TAP gesture.',
  });
  assert.equal(host.calls('getUserProfile').length, 0);
  /** @type {Promise<any>[]} */
  const asked = [];
  const page = { onTap() { asked.push(wx.getUserProfile({ desc: 'to show your name', lang: 'zh_CN' })); }, onInput() { asked.push(wx.getUserProfile({ desc: 'x' }).catch((e) => e)); } };
  invokeHandler(page, 'onTap', { type: 'tap' });
  invokeHandler(page, 'onInput', { type: 'input' });
  assert.equal(userGesture.tap, false);
  await tick();
  assert.deepEqual(host.calls('getUserProfile').map((m) => m.args), [{ desc: 'to show your name', lang: 'zh_CN' }]);
  host.ok(host.last('getUserProfile'), { userInfo: { nickName: 'Ann' }, rawData: '{}', signature: 's', encryptedData: 'e', iv: 'i' });
  assert.equal((await asked[0]).userInfo.nickName, 'Ann');
  assert.deepEqual(await asked[1], { errMsg: 'getUserProfile:fail can only be invoked by user TAP gesture.' });
  await assert.rejects(wx.getUserProfile({}), { errMsg: 'getUserProfile:fail parameter error: parameter.desc should be String instead of Undefined;' });
});

test('getUserInfo needs no tap', async () => {
  const host = fakeHost();
  const info = wx.getUserInfo({});
  await tick();
  assert.deepEqual(host.last('getUserInfo').args, { lang: 'en' });
  host.ok(host.last('getUserInfo'), { userInfo: { nickName: '用户' } });
  assert.equal((await info).userInfo.nickName, '用户');
});
