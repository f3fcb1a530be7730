import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invoke, sync, Fail, check, failure, hostCall, listen, unlisten, emit } from '../../../src/openmini/runtime/logic/wx/call.js';
import { hooks } from '../../../src/openmini/runtime/logic/hooks.js';
import { fakeHost, tick } from './helpers.mjs';

test('success and complete get {errMsg: "name:ok", ...result}; no Promise with callbacks', async () => {
  const seen = [];
  const r = invoke('getThing', { success: (res) => seen.push(['s', res]), complete: (res) => seen.push(['c', res]) }, () => ({ v: 1 }));
  assert.equal(r, undefined);
  assert.deepEqual(seen, [], 'callbacks are asynchronous, as in WeChat');
  await tick();
  assert.deepEqual(seen, [['s', { v: 1, errMsg: 'getThing:ok' }], ['c', { v: 1, errMsg: 'getThing:ok' }]]);
});

test('without callbacks a Promise resolves with the result and rejects with {errMsg}', async () => {
  assert.deepEqual(await invoke('a', {}, () => ({ x: 2 })), { x: 2, errMsg: 'a:ok' });
  await assert.rejects(invoke('a', {}, () => { throw new Fail('nope'); }), { errMsg: 'a:fail nope' });
  assert.deepEqual(await invoke('a', undefined, () => 0), { errMsg: 'a:ok' });
});

test('fail and complete on failure', async () => {
  const seen = [];
  invoke('x', { fail: (r) => seen.push(r.errMsg), complete: (r) => seen.push('c:' + r.errMsg) }, () => Promise.reject({ errMsg: 'x:fail host said no' }));
  await tick();
  assert.deepEqual(seen, ['x:fail host said no', 'c:x:fail host said no']);
});

test('parameter errors are worded as WeChat words them', async () => {
  await assert.rejects(invoke('navigateTo', {}, () => ({}), 'url:String'), {
    errMsg: 'navigateTo:fail parameter error: parameter.url should be String instead of Undefined;',
  });
  await assert.rejects(invoke('navigateBack', { delta: '2' }, () => ({}), 'delta?:Number'), {
    errMsg: 'navigateBack:fail parameter error: parameter.delta should be Number instead of String;',
  });
  await assert.rejects(invoke('showToast', 'hi', () => ({}), 'title:String'), {
    errMsg: 'showToast:fail parameter error: parameter should be Object instead of String;',
  });
  assert.doesNotThrow(() => check({ data: new ArrayBuffer(2) }, 'data:String|ArrayBuffer'));
  assert.doesNotThrow(() => check({}, 'x?:Number'));
});

test('a host errMsg under a host-private name is shown under the wx name', () => {
  assert.equal(failure('setStorage', { errMsg: 'storage.set:fail exceed storage max size 10Mb' }).errMsg, 'setStorage:fail exceed storage max size 10Mb');
  assert.equal(failure('request', new Error('boom')).errMsg, 'request:fail boom');
});

test('sync APIs throw an Error whose message is the errMsg', () => {
  assert.equal(sync('a', () => 5), 5);
  assert.throws(() => sync('getX', () => { throw new Fail('bad'); }), (e) => e instanceof Error && e.message === 'getX:fail bad' && e.errMsg === 'getX:fail bad');
});

test('an exception in a success callback goes to hooks.error and does not reach fail', async () => {
  const errors = [];
  const saved = hooks.error;
  hooks.error = (e, where) => errors.push([e.message, where]);
  const failed = [];
  invoke('a', { success() { throw new Error('dev bug'); }, fail: () => failed.push(1) }, () => ({}));
  await tick();
  hooks.error = saved;
  assert.deepEqual(errors, [['dev bug', 'wx.a success']]);
  assert.deepEqual(failed, []);
});

test('hostCall posts a call and resolves with the reply', async () => {
  const host = fakeHost();
  const p = hostCall('getClipboardData', { a: 1 });
  const msg = host.last('getClipboardData');
  assert.deepEqual({ ...msg, id: 0 }, { t: 'call', id: 0, api: 'getClipboardData', args: { a: 1 } });
  host.ok(msg, { data: 'x' });
  assert.equal((await p).data, 'x');
  const q = hostCall('getClipboardData');
  host.fail(host.last('getClipboardData'), 'getClipboardData:fail denied');
  await assert.rejects(q, { errMsg: 'getClipboardData:fail denied' });
});

test('listen / unlisten / emit', () => {
  fakeHost();
  const got = [];
  const f = (x) => got.push(x);
  listen('appShow', f);
  listen('appShow', 'not a function');
  assert.equal(emit('appShow', [1]), 1);
  unlisten('appShow', f);
  assert.equal(emit('appShow', [2]), 0);
  listen('appShow', f);
  unlisten('appShow');
  emit('appShow', [3]);
  assert.deepEqual(got, [1]);
});
