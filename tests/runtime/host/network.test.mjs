import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkUrl, decodeResponse, encodeRequest, fromBase64, Slots, timeoutFor, toBase64 } from '../../../src/openmini/runtime/host/network.js';

test('encodeRequest follows WeChat data rules', () => {
  assert.deepEqual(encodeRequest('https://a.com/x', 'GET', {}, { q: 'a b', n: 1 }), { url: 'https://a.com/x?q=a%20b&n=1', body: undefined });
  assert.deepEqual(encodeRequest('https://a.com/x?k=1', 'GET', {}, 'z=2'), { url: 'https://a.com/x?k=1&z=2', body: undefined });
  assert.deepEqual(encodeRequest('u', 'POST', {}, { a: 1 }), { url: 'u', body: '{"a":1}' });
  assert.deepEqual(encodeRequest('u', 'POST', { 'Content-Type': 'application/x-www-form-urlencoded' }, { a: 1, b: 'x&y' }), { url: 'u', body: 'a=1&b=x%26y' });
  assert.deepEqual(encodeRequest('u', 'PUT', {}, 'raw'), { url: 'u', body: 'raw' });
});

test('decodeResponse parses JSON when asked and possible', () => {
  assert.deepEqual(decodeResponse('{"a":1}', 'json', 'text'), { a: 1 });
  assert.equal(decodeResponse('not json', 'json', 'text'), 'not json');
  assert.equal(decodeResponse('{"a":1}', 'text', 'text'), '{"a":1}');
  const buf = decodeResponse(toBase64(new Uint8Array([1, 2, 255]).buffer), 'json', 'arraybuffer');
  assert.deepEqual([...new Uint8Array(buf)], [1, 2, 255]);
  assert.deepEqual([...new Uint8Array(fromBase64('AAE='))], [0, 1]);
});

test('timeouts: call, then networkTimeout, then 60 s', () => {
  assert.equal(timeoutFor(500, { request: 9000 }, 'request'), 500);
  assert.equal(timeoutFor(undefined, { request: 9000 }, 'request'), 9000);
  assert.equal(timeoutFor(undefined, undefined, 'uploadFile'), 60000);
});

test('checkUrl: scheme and domain list', () => {
  assert.equal(checkUrl('request', 'http://x.com/a', 'https:', null).host, 'x.com');
  assert.throws(() => checkUrl('request', 'http://api.a.com/', 'https:', ['api.a.com']), { message: 'request:fail url not in domain list' });
  assert.throws(() => checkUrl('request', 'https://evil.com/', 'https:', ['api.a.com']), { message: 'request:fail url not in domain list' });
  assert.equal(checkUrl('request', 'https://api.a.com/x', 'https:', ['api.a.com']).pathname, '/x');
  assert.throws(() => checkUrl('request', undefined, 'https:', null), { message: /parameter.url should be String/ });
});

test('Slots runs at most N at once, in order', async () => {
  const slots = new Slots(2);
  let running = 0;
  let peak = 0;
  const order = [];
  const job = (i) => slots.run(async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    order.push(i);
    running--;
    return i;
  });
  const results = await Promise.all([0, 1, 2, 3, 4].map(job));
  assert.deepEqual(results, [0, 1, 2, 3, 4]);
  assert.equal(peak, 2);
  assert.equal(slots.free, 2);
});
