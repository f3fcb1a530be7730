// What the platform cannot provide fails as WeChat's APIs fail — `fail`/`complete`, a rejected
// Promise with errMsg, a thrown Error for synchronous methods — never with a TypeError of ours:
// wx.cloud, ads, workers. (setKeepScreenOn is real: tests/runtime/host/wake-lock.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNSUPPORTED_APIS, tick, wxUsing } from './helpers.mjs';

const wx = await wxUsing(UNSUPPORTED_APIS);
const CLOUD = 'cloud development is not available on this platform';

test('wx.cloud.init works; cloud calls fail through callbacks and Promises', async () => {
  assert.equal(wx.cloud.init({ env: 'prod', traceUser: true }), undefined);
  const got = [];
  wx.cloud.callFunction({ name: 'login', fail: (r) => got.push(r.errMsg), complete: () => got.push('complete') });
  await assert.rejects(wx.cloud.uploadFile({ cloudPath: 'a.png', filePath: 'wxfile://x' }), { errMsg: `cloud.uploadFile:fail ${CLOUD}` });
  await assert.rejects(wx.cloud.getTempFileURL({ fileList: [] }), { errMsg: `cloud.getTempFileURL:fail ${CLOUD}` });
  await tick();
  assert.deepEqual(got, [`cloud.callFunction:fail ${CLOUD}`, 'complete']);
  const other = new wx.cloud.Cloud({ resourceEnv: 'x' });
  other.init();
  await assert.rejects(other.callFunction({ name: 'f' }), { errMsg: `cloud.callFunction:fail ${CLOUD}` });
});

test('database query builders chain; the call that would reach the cloud fails', async () => {
  const db = wx.cloud.database();
  const _ = db.command;
  const query = db.collection('todos').where({ done: _.eq(false), at: _.lt(db.serverDate()) }).orderBy('at', 'desc').limit(10);
  await assert.rejects(query.get(), { errMsg: `collection.get:fail ${CLOUD}` });
  const failed = [];
  db.collection('todos').doc('id1').update({ data: { done: true }, fail: (r) => failed.push(r.errMsg) });
  await tick();
  assert.deepEqual(failed, [`document.update:fail ${CLOUD}`]);
  const errors = [];
  const watcher = db.collection('todos').where({}).watch({ onChange() {}, onError: (e) => errors.push(e.errMsg) });
  await watcher.close();
  assert.deepEqual(errors, [`collection.watch:fail ${CLOUD}`]);
  const model = wx.cloud.extend.AI.createModel('deepseek');
  await assert.rejects(model.streamText({ data: {} }), { errMsg: `cloud.extend.streamText:fail ${CLOUD}` });
  assert.equal(await Promise.resolve(db).then((d) => typeof d), 'function', 'a builder is not a thenable');
});

test('ads: the first load fails to onError with WeChat\'s errCode 1004; load and show reject', async () => {
  const ad = wx.createRewardedVideoAd({ adUnitId: 'adunit-1' });
  const errors = [];
  ad.onError((e) => errors.push(e));
  ad.onLoad(() => errors.push('loaded?'));
  await tick();
  assert.deepEqual(errors, [{ errMsg: 'load:fail no advertisement', errCode: 1004 }]);
  await assert.rejects(ad.load(), { errCode: 1004 });
  const inter = wx.createInterstitialAd({ adUnitId: 'adunit-2' });
  await assert.rejects(inter.show(), { errMsg: 'show:fail no advertisement', errCode: 1004 });
  inter.offError();
  inter.destroy();
  assert.throws(() => wx.createInterstitialAd({}), { message: /^createInterstitialAd:fail parameter error: parameter.adUnitId should be String/ });
});

test('background fetch and chat tool APIs fail through callbacks and Promises', async () => {
  await assert.rejects(wx.getBackgroundFetchData({ fetchType: 'pre' }), { errMsg: 'getBackgroundFetchData:fail not supported' });
  await assert.rejects(wx.setBackgroundFetchToken({ token: 't' }), { errMsg: 'setBackgroundFetchToken:fail not supported' });
  const got = [];
  wx.getChatToolInfo({ fail: (r) => got.push(r.errMsg) });
  await tick();
  assert.deepEqual(got, ['getChatToolInfo:fail not supported']);
});

test('getExptInfoSync: no experiments on this platform, so no key is set', () => {
  assert.deepEqual(wx.getExptInfoSync(['expt_args_2']), {});
  assert.equal(wx.canIUse('getExptInfoSync'), true);
});
