import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { storageApis as wx, initStorage, ITEM_LIMIT } from '../../../src/openmini/runtime/logic/wx/storage.js';
import { fakeHost, tick } from './helpers.mjs';

let host;
beforeEach(() => {
  host = fakeHost();
  initStorage({ old: { type: 'String', data: 'kept' } });
});

test('the mirror from init is readable synchronously; a missing key gives ""', () => {
  assert.equal(wx.getStorageSync('old'), 'kept');
  assert.equal(wx.getStorageSync('nope'), '');
});

test('values keep their type: Date, number, boolean, object, array, null, undefined', () => {
  const d = new Date(1700000000000);
  for (const [k, v] of [['d', d], ['n', 42], ['b', false], ['o', { a: [1, { b: 2 }] }], ['arr', [1, 'x']], ['nul', null], ['u', undefined], ['s', '']]) {
    wx.setStorageSync(k, v);
  }
  const back = wx.getStorageSync('d');
  assert.ok(back instanceof Date);
  assert.equal(back.getTime(), d.getTime());
  assert.equal(wx.getStorageSync('n'), 42);
  assert.equal(wx.getStorageSync('b'), false);
  assert.deepEqual(wx.getStorageSync('o'), { a: [1, { b: 2 }] });
  assert.deepEqual(wx.getStorageSync('arr'), [1, 'x']);
  assert.equal(wx.getStorageSync('nul'), null);
  assert.equal(wx.getStorageSync('u'), undefined);
  assert.deepEqual(host.last('storage.set').args, { key: 's', value: { type: 'String', data: '' } });
  assert.deepEqual(host.calls('storage.set')[0].args, { key: 'd', value: { type: 'Date', data: 1700000000000 } });
});

test('reads are copies: changing what you got does not change storage', () => {
  const o = { a: 1 };
  wx.setStorageSync('o', o);
  o.a = 2;
  wx.getStorageSync('o').a = 3;
  assert.equal(wx.getStorageSync('o').a, 1);
});

test('one key over 1 MB fails with WeChat\'s errMsg and changes nothing', () => {
  assert.throws(() => wx.setStorageSync('big', 'x'.repeat(ITEM_LIMIT)), { message: 'setStorageSync:fail exceed storage item max length' });
  assert.equal(wx.getStorageSync('big'), '');
  assert.equal(host.calls('storage.set').length, 0);
});

test('more than 10 MB in all fails', async () => {
  const chunk = 'y'.repeat(1000 * 1000);
  for (let i = 0; i < 10; i++) wx.setStorageSync('k' + i, chunk);
  assert.throws(() => wx.setStorageSync('k10', chunk), { message: 'setStorageSync:fail exceed storage max size 10Mb' });
  await assert.rejects(wx.setStorage({ key: 'k10', data: chunk }), { errMsg: 'setStorage:fail exceed storage max size 10Mb' });
  // replacing a key counts only the difference
  wx.setStorageSync('k0', chunk);
  const info = wx.getStorageInfoSync();
  assert.equal(info.limitSize, 10240);
  assert.equal(info.keys.length, 11);
  assert.ok(info.currentSize > 9700 && info.currentSize <= 10240);
});

test('parameter errors', async () => {
  assert.throws(() => wx.setStorageSync(undefined, 1), { message: 'setStorageSync:fail parameter error: parameter.key should be String instead of Undefined;' });
  await assert.rejects(wx.getStorage({}), { errMsg: 'getStorage:fail parameter error: parameter.key should be String instead of Undefined;' });
  await assert.rejects(wx.getStorage({ key: 'none' }), { errMsg: 'getStorage:fail data not found' });
});

test('async setStorage answers once the host persisted it', async () => {
  let done = null;
  wx.setStorage({ key: 'a', data: 1, success: (r) => (done = r) });
  await tick();
  assert.equal(done, null);
  assert.equal(wx.getStorageSync('a'), 1, 'the mirror has it at once');
  host.ok(host.last('storage.set'));
  await tick();
  assert.deepEqual(done, { errMsg: 'setStorage:ok' });
  assert.deepEqual(await wx.getStorage({ key: 'a' }), { data: 1, errMsg: 'getStorage:ok' });
});

test('remove and clear persist through the host', async () => {
  wx.removeStorageSync('old');
  assert.deepEqual(host.last('storage.remove').args, { key: 'old' });
  wx.setStorageSync('z', 1);
  wx.clearStorageSync();
  assert.ok(host.last('storage.clear'));
  assert.deepEqual(wx.getStorageInfoSync().keys, []);
  const p = wx.getStorageInfo();
  assert.deepEqual(await p, { keys: [], currentSize: 0, limitSize: 10240, errMsg: 'getStorageInfo:ok' });
});
