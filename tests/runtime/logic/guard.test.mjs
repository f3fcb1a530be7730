// Guards around developer code: errors in async callbacks are reported with their stack,
// console/error output is budgeted, host calls are capped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { guardAsync, messageBudget } from '../../../src/openmini/runtime/logic/guard.js';
import { connect, hostCall, resetCalls, MAX_PENDING } from '../../../src/openmini/runtime/logic/wx/call.js';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

test('timer, microtask and promise callbacks that throw are reported with the error itself', async () => {
  class P extends Promise {}
  const scope = { setTimeout, setInterval, queueMicrotask, Promise: P };
  const reported = [];
  const rejected = [];
  guardAsync(scope, (e, where) => reported.push([e.message, where]), (r) => rejected.push(r.message));
  scope.setTimeout(() => { throw new Error('in a timer'); }, 0);
  scope.queueMicrotask(() => { throw new Error('in a microtask'); });
  await tick(5);
  assert.deepEqual(reported, [['in a microtask', 'queueMicrotask'], ['in a timer', 'setTimeout']]);

});

test('a throwing then callback nobody observes is reported as an unhandled rejection', () => {
  // In the worker the browser stays silent about such a rejection (the bundle is cross-origin);
  // node reports it itself, so this runs in a node told to ignore unhandled rejections.
  const script = `
    import { guardAsync } from ${JSON.stringify(new URL('../../../src/openmini/runtime/logic/guard.js', import.meta.url).href)};
    class P extends Promise {}
    const rejected = [];
    guardAsync({ setTimeout, Promise: P }, () => {}, (r) => rejected.push(r.message));
    P.resolve(1).then(() => { throw new Error('unhandled'); });
    P.resolve(1).then(() => { throw new Error('caught'); }).catch(() => {});
    const awaited = P.resolve(1).then(() => { throw new Error('awaited'); });
    (async () => { try { await awaited; } catch (e) {} })();
    setTimeout(() => console.log(JSON.stringify(rejected)), 10);`;
  const out = execFileSync(process.execPath, ['--unhandled-rejections=none', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), ['unhandled']);
});

test('messages over the budget are dropped and counted in one line per second', () => {
  let t = 0;
  const posted = [];
  const timers = [];
  const forward = messageBudget((m) => posted.push(m), 3, () => t, (fn) => timers.push(fn));
  for (let i = 0; i < 10; i++) forward({ t: 'console', args: [String(i)] });
  assert.equal(posted.length, 3);
  t = 1000;
  forward({ t: 'console', args: ['next'] });
  assert.match(posted[3].args[0], /7 console\/error messages dropped/);
  assert.equal(posted[4].args[0], 'next');
  // output that stops after dropping still reports the count (timer)
  for (let i = 0; i < 5; i++) forward({ t: 'console', args: ['x'] });
  t = 2001;
  timers.at(-1)();
  assert.match(posted.at(-1).args[0], /3 console\/error messages dropped/);
});

test('host calls beyond MAX_PENDING fail at once with "too many pending calls"', async () => {
  resetCalls();
  const posted = [];
  connect({ postMessage: (m) => posted.push(m) });
  const calls = [];
  for (let i = 0; i < MAX_PENDING + 5; i++) calls.push(hostCall('getNetworkType').catch((e) => e));
  assert.equal(posted.length, MAX_PENDING);
  const last = await calls.at(-1);
  assert.equal(last.reason, 'too many pending calls');
  // storage persistence is never refused
  hostCall('storage.set', { key: 'k' }, undefined, false);
  assert.equal(posted.length, MAX_PENDING + 1);
  resetCalls();
});
