import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, resolveUrl, stringifyQuery } from '../../../src/openmini/runtime/host/url.js';

test('parseQuery decodes once and keeps malformed escapes', () => {
  assert.deepEqual(parseQuery('a=1&b=%20x&c&d=%zz&e=a%3Db'), { a: '1', b: ' x', c: '', d: '%zz', e: 'a=b' });
  assert.deepEqual(parseQuery(''), {});
  assert.deepEqual(parseQuery('scene=a%252Cb'), { scene: 'a%2Cb' });
});

test('resolveUrl: absolute, bare, relative', () => {
  assert.deepEqual(resolveUrl('/pages/a/a?x=1'), { route: 'pages/a/a', query: { x: '1' } });
  assert.deepEqual(resolveUrl('pages/a/a', 'sub/b/b'), { route: 'pages/a/a', query: {} });
  assert.deepEqual(resolveUrl('../c/c?y=2', 'pages/b/b'), { route: 'pages/c/c', query: { y: '2' } });
  assert.deepEqual(resolveUrl('./d', 'pages/b/b'), { route: 'pages/b/d', query: {} });
});

test('stringifyQuery round-trips', () => {
  assert.deepEqual(parseQuery(stringifyQuery({ a: 'x y', 'b&': '=' })), { a: 'x y', 'b&': '=' });
});
