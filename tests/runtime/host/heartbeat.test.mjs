import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Heartbeat } from '../../../src/openmini/runtime/host/heartbeat.js';
import { answer } from '../../../src/openmini/runtime/host/broker.js';
import { ApiError } from '../../../src/openmini/runtime/host/args.js';
import { pageDoc, serviceDoc, workerSource } from '../../../src/openmini/runtime/host/frames.js';

test('heartbeat: stuck after 5 s without pong, recovers on pong, wait resets', () => {
  let now = 0;
  const pings = [];
  const changes = [];
  const hb = new Heartbeat((n) => pings.push(n), (s) => changes.push(s), () => now);
  for (let t = 1; t <= 4; t++) { now = t * 1000; hb.tick(); }
  assert.deepEqual(changes, []);
  now = 5000; hb.tick();
  assert.deepEqual(changes, [true]);
  now = 6000; hb.tick();
  assert.deepEqual(changes, [true]);
  hb.pong();
  assert.deepEqual(changes, [true, false]);
  now = 11000; hb.tick();
  assert.deepEqual(changes, [true, false, true]);
  hb.wait();
  now = 15000; hb.tick();
  assert.deepEqual(changes, [true, false, true]);
  assert.deepEqual(pings, [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('answer: ok results get errMsg, failures keep WeChat shape', async () => {
  const handlers = {
    a: () => ({ x: 1 }),
    b: () => { throw new ApiError('b:fail nope'); },
    c: async () => { throw new Error('boom'); },
  };
  assert.deepEqual(await answer(handlers, { id: 1, api: 'a' }), { t: 'reply', id: 1, ok: true, result: { x: 1, errMsg: 'a:ok' } });
  assert.deepEqual(await answer(handlers, { id: 2, api: 'b' }), { t: 'reply', id: 2, ok: false, errMsg: 'b:fail nope' });
  assert.deepEqual(await answer(handlers, { id: 3, api: 'c' }), { t: 'reply', id: 3, ok: false, errMsg: 'c:fail boom' });
  assert.equal((await answer(handlers, { id: 4, api: 'requestPayment' })).errMsg, 'requestPayment:fail not supported yet');
  assert.equal((await answer(handlers, { id: 5, api: 'toString' })).errMsg, 'toString:fail not supported');
});

test('frame documents carry the CSP', () => {
  const svc = serviceDoc('http://h:1/runtime/');
  assert.match(svc, /default-src 'none'; script-src 'unsafe-inline' blob: http:\/\/h:1; worker-src blob:; connect-src 'none'/);
  assert.match(workerSource('http://h:1/runtime/'), /import\("http:\/\/h:1\/runtime\/logic\/worker.js"\)/);
  const page = pageDoc({ runtimeBase: 'http://h:1/runtime/', packageBase: 'http://p:2/app/', styles: ['http://p:2/app/files/a.css'] });
  assert.match(page, /script-src http:\/\/h:1; style-src 'unsafe-inline' http:\/\/h:1 http:\/\/p:2;/);
  assert.match(page, /connect-src 'none'; frame-src https:/);
  assert.match(page, /<link rel="stylesheet" href="http:\/\/p:2\/app\/files\/a.css">/);
  assert.match(page, /<script type="module" src="http:\/\/h:1\/runtime\/view\/index.js">/);
});
