import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseDataPath, formatPath, setAtPath, getAtPath, coalesceChanges, copyPayload, utf8Length,
  SetDataError, MAX_SET_DATA_BYTES,
} from '../../../src/openmini/runtime/logic/set-data.js';
import { parseObserverPaths } from '../../../src/openmini/runtime/logic/observers.js';

test('parseDataPath: dots, indices, digit field names', () => {
  assert.deepEqual(parseDataPath('a.b[2].c'), ['a', 'b', 2, 'c']);
  assert.deepEqual(parseDataPath('grid[1][0]'), ['grid', 1, 0]);
  assert.deepEqual(parseDataPath('m.2'), ['m', '2']);
  assert.deepEqual(parseDataPath('a'), ['a']);
  assert.deepEqual(parseDataPath('a b.c d'), ['a b', 'c d']);
  assert.deepEqual(parseDataPath('a..b'), ['a', 'b']);
  assert.deepEqual(parseDataPath('[0]'), ['0']);
});

test('parseDataPath: escapes', () => {
  assert.deepEqual(parseDataPath('a\\.b'), ['a.b']);
  assert.deepEqual(parseDataPath('a\\[0\\]'), ['a[0]']);
  assert.deepEqual(parseDataPath('a\\\\.b'), ['a\\', 'b']);
  assert.deepEqual(parseDataPath('a\\x'), ['a\\x']);
});

test('parseDataPath: brackets take digits only', () => {
  assert.throws(() => parseDataPath("a['b']"), SetDataError);
  assert.throws(() => parseDataPath('a[-1]'), /illegal at char/);
  assert.throws(() => parseDataPath('a[x]'), (e) => e.code === 'bad-path');
});

test('formatPath inverts parseDataPath', () => {
  for (const key of ['a.b[2].c', 'a\\.b', 'list[0][1].x']) assert.equal(formatPath(parseDataPath(key)), key);
});

test('setAtPath creates intermediate objects and arrays', () => {
  const d = {};
  setAtPath(d, ['a', 'b', 1, 'c'], 5);
  assert.equal(d.a.b[1].c, 5);
  assert.ok(Array.isArray(d.a.b));
  assert.equal(d.a.b.length, 2);
  const e = { s: 'str', n: null };
  setAtPath(e, ['s', 'x'], 1);
  setAtPath(e, ['n', 0], 1);
  assert.deepEqual(e, { s: { x: 1 }, n: [1] });
  // oracle quirk: a name step under an array replaces the array with an object
  const f = { list: [1, 2] };
  setAtPath(f, ['list', 'k'], 1);
  assert.deepEqual(f.list, { k: 1 });
  assert.equal(getAtPath(d, ['a', 'b', 1, 'c']), 5);
  assert.equal(getAtPath(d, ['zz', 'y']), undefined);
});

test('coalesceChanges drops changes a later one overwrites', () => {
  const ch = (k, v) => ({ path: parseDataPath(k), value: v });
  const out = coalesceChanges([ch('a.b', 1), ch('c', 1), ch('a', {}), ch('c.d', 2), ch('list[1]', 1), ch('list[10]', 1)]);
  assert.deepEqual(out.map((c) => formatPath(c.path)), ['c', 'a', 'c.d', 'list[1]', 'list[10]']);
});

test('copyPayload: JSON semantics and the 1024 KB guard', () => {
  const date = new Date(0);
  const copy = copyPayload({ o: { f() {}, u: undefined, d: date, n: NaN }, arr: [undefined, 1] });
  assert.deepEqual(copy, { o: { d: date.toJSON(), n: null }, arr: [null, 1] });
  const ok = 'x'.repeat(MAX_SET_DATA_BYTES - 20);
  assert.doesNotThrow(() => copyPayload({ ok }));
  const big = '字'.repeat(400 * 1024); // 1200 KB in UTF-8
  assert.throws(() => copyPayload({ big }, 'pages/index/index'), (e) => e.code === 'too-large' && /1024 KB limit/.test(e.message) && /big/.test(e.message));
  const cyc = {}; cyc.self = cyc;
  assert.throws(() => copyPayload({ cyc }), (e) => e.code === 'not-json');
});

test('utf8Length', () => {
  assert.equal(utf8Length('aé字😀'), 1 + 2 + 3 + 4);
});

test('parseObserverPaths', () => {
  assert.deepEqual(parseObserverPaths('a.b, list[1]'), [['a', 'b'], ['list', 1]]);
  assert.deepEqual(parseObserverPaths('o.**'), [['o', '**']]);
  assert.deepEqual(parseObserverPaths('**'), [['**']]);
  assert.deepEqual(parseObserverPaths(' a , b . c '), [['a'], ['b', 'c']]);
  assert.throws(() => parseObserverPaths('1a'));
  assert.throws(() => parseObserverPaths('a[x]'));
});
