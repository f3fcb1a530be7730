import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { networkApis as wx, resetNetwork, configureNetwork } from '../../../src/openmini/runtime/logic/wx/network.js';
import { onTaskEvent } from '../../../src/openmini/runtime/logic/wx/call.js';
import { fakeHost, tick } from './helpers.mjs';

let host;
beforeEach(() => {
  host = fakeHost();
  resetNetwork();
  configureNetwork({});
});

test('request returns its task at once (no Promise form) and the call id names the task', async () => {
  let res;
  const task = wx.request({ url: 'https://a.example/x', data: { q: 1 }, success: (r) => (res = r) });
  assert.equal(typeof task.abort, 'function');
  await tick();
  const call = host.last('request');
  assert.deepEqual(call.args, { url: 'https://a.example/x', data: { q: 1 }, timeout: 60000 });
  const headers = [];
  task.onHeadersReceived((h) => headers.push(h));
  onTaskEvent({ id: call.id, type: 'headersReceived', header: { a: 'b' } });
  assert.deepEqual(headers, [{ header: { a: 'b' } }]);
  host.ok(call, { data: { ok: true }, statusCode: 404, header: {} });
  await tick();
  assert.deepEqual(res, { errMsg: 'request:ok', data: { ok: true }, statusCode: 404, header: {} });
  assert.equal(wx.request({ url: 'https://a.example/x' }) instanceof Promise, false);
});

test('parameter errors reach fail', async () => {
  let err;
  wx.request({ fail: (e) => (err = e) });
  await tick();
  assert.equal(err.errMsg, 'request:fail parameter error: parameter.url should be String instead of Undefined;');
});

test('abort fails the task with "abort" and tells the host', async () => {
  let err;
  const task = wx.request({ url: 'https://a.example/', fail: (e) => (err = e) });
  await tick();
  const call = host.last('request');
  task.abort();
  await tick();
  assert.equal(err.errMsg, 'request:fail abort');
  assert.deepEqual(host.last('task.abort').args, { id: call.id });
  host.ok(call, { statusCode: 200 }); // a late answer changes nothing
});

test('the timeout from app.json networkTimeout fails the task with "timeout"', async () => {
  configureNetwork({ request: 20 });
  let err;
  wx.request({ url: 'https://a.example/', fail: (e) => (err = e) });
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(err.errMsg, 'request:fail timeout');
  assert.equal(host.calls('task.abort').length, 1);
});

test('at most 10 request/upload/download run at once; the rest wait their turn', async () => {
  for (let i = 0; i < 12; i++) wx.request({ url: `https://a.example/${i}`, complete() {} });
  await tick();
  assert.equal(host.calls('request').length, 10);
  const queuedTask = wx.downloadFile({ url: 'https://a.example/f', complete() {} });
  host.ok(host.calls('request')[0], { statusCode: 200 });
  await tick();
  assert.equal(host.calls('request').length, 11);
  queuedTask.abort(); // still waiting: never sent
  host.ok(host.calls('request')[1], { statusCode: 200 });
  host.ok(host.calls('request')[2], { statusCode: 200 });
  await tick();
  assert.equal(host.calls('request').length, 12);
  assert.equal(host.calls('downloadFile').length, 0);
});

test('uploadFile progress events', async () => {
  const task = wx.uploadFile({ url: 'https://a.example/u', filePath: 'blob:x', name: 'file', complete() {} });
  await tick();
  const got = [];
  task.onProgressUpdate((p) => got.push(p));
  onTaskEvent({ id: host.last('uploadFile').id, type: 'progressUpdate', progress: 50, totalBytesSent: 5, totalBytesExpectedToSend: 10 });
  assert.deepEqual(got, [{ progress: 50, totalBytesSent: 5, totalBytesExpectedToSend: 10 }]);
});

test('SocketTask: open, message, send, close; global onSocket* follow the latest socket', async () => {
  const task = wx.connectSocket({ url: 'wss://a.example/s', complete() {} });
  await tick();
  const call = host.last('connectSocket');
  host.ok(call, { socketTaskId: call.id });
  const log = [];
  task.onOpen(() => log.push('open'));
  task.onMessage((m) => log.push('msg:' + m.data));
  task.onClose((c) => log.push('close:' + c.code));
  wx.onSocketMessage((m) => log.push('global:' + m.data));
  let sendErr;
  task.send({ data: 'early', fail: (e) => (sendErr = e.errMsg) });
  await tick();
  assert.equal(sendErr, 'sendSocketMessage:fail WebSocket is not connected');
  onTaskEvent({ id: call.id, type: 'open', header: {} });
  onTaskEvent({ id: call.id, type: 'message', data: 'hi' });
  task.send({ data: 'x' });
  await tick();
  assert.deepEqual(host.last('socket.send').args, { id: call.id, data: 'x' });
  task.close({ code: 1000 });
  await tick();
  assert.deepEqual(host.last('socket.close').args, { id: call.id, code: 1000, reason: undefined });
  onTaskEvent({ id: call.id, type: 'close', code: 1000, reason: '' });
  assert.deepEqual(log, ['open', 'msg:hi', 'global:hi', 'close:1000']);
});

test('a sixth socket fails with "exceed max task count"', async () => {
  for (let i = 0; i < 5; i++) wx.connectSocket({ url: 'wss://a.example/s', complete() {} });
  let err;
  wx.connectSocket({ url: 'wss://a.example/s', fail: (e) => (err = e.errMsg) });
  await tick();
  assert.equal(err, 'connectSocket:fail exceed max task count');
  assert.equal(host.calls('connectSocket').length, 5);
  // one closes: a new one may connect
  const first = host.calls('connectSocket')[0];
  onTaskEvent({ id: first.id, type: 'close', code: 1000 });
  wx.connectSocket({ url: 'wss://a.example/s', complete() {} });
  await tick();
  assert.equal(host.calls('connectSocket').length, 6);
});
