// logic/modules.js: the module registry of the logic realm (docs/modules.md).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  define, requireModule, requireWxs, resetModules, setLogicGlobals, setPackageLoader,
} from '../../../src/openmini/runtime/logic/modules.js';

/** A factory from source text, as the compiler emits it (`function (require, module, exports) {…}`). */
const factory = (/** @type {string} */ body) => new Function('require', 'module', 'exports', body);

test.beforeEach(() => {
  resetModules();
  setPackageLoader(null);
});

test('logic modules receive require, module, exports, with this === exports', () => {
  define('a.js', { './b': 'b.js' }, factory('module.exports = { b: require("./b"), args: arguments.length, self: this === exports }'));
  define('b.js', {}, factory('exports.v = 1'));
  const a = requireModule('a.js');
  assert.deepEqual(a, { b: { v: 1 }, args: 3, self: true });
  assert.equal(requireModule('a.js'), a, 'modules are singletons');
});

test('a require cycle gets the partly filled exports', () => {
  define('a.js', { './b': 'b.js' }, factory('exports.early = 1; exports.seen = require("./b").seen; exports.late = 2'));
  define('b.js', { './a': 'a.js' }, factory('const a = require("./a"); exports.seen = [a.early, a.late]'));
  assert.deepEqual(requireModule('a.js'), { early: 1, seen: [1, undefined], late: 2 });
});

test('a spec missing from the map throws WeChat\'s message; a failed module runs again next time', () => {
  define('a.js', {}, factory('require("./nope")'));
  assert.throws(() => requireModule('a.js'), { message: 'module "./nope" is not defined' });
  assert.throws(() => requireModule('a.js'), { message: 'module "./nope" is not defined' });
  assert.throws(() => requireModule('zzz.js'), { message: 'module "zzz.js" is not defined' });
});

test('setLogicGlobals makes the framework names globals of the given scope', () => {
  const scope = {};
  const shared = {};
  setLogicGlobals({ getApp: () => 'app', wx: { x: 1 }, global: shared }, scope);
  assert.equal(scope.getApp(), 'app');
  assert.equal(scope.global, shared);
  const realm = { global: null };
  realm.global = realm;
  setLogicGlobals({ global: shared }, realm);
  assert.equal(realm.global, realm, 'a realm that names itself global keeps it');
});

test('require(spec, callback) loads the package of the module first', async () => {
  const asked = [];
  setPackageLoader((id) => {
    asked.push(id);
    define('sub/util.js', {}, factory('exports.whoami = "sub"'));
    return Promise.resolve();
  });
  define('main.js', { '../sub/util.js': 'sub/util.js' }, factory(
    'module.exports = new Promise((resolve) => require("../sub/util.js", resolve))',
  ));
  const util = await requireModule('main.js');
  assert.deepEqual(util, { whoami: 'sub' });
  assert.deepEqual(asked, ['sub/util.js']);
});

test('require.async resolves an already loaded module without the loader', async () => {
  setPackageLoader(() => Promise.reject(new Error('not expected')));
  define('a.js', { './b': 'b.js' }, factory('module.exports = require.async("./b")'));
  define('b.js', {}, factory('exports.v = 2'));
  assert.deepEqual(await requireModule('a.js'), { v: 2 });
});

test('async failures have WeChat\'s {mod, errMsg} shape', async () => {
  define('a.js', { './gone': 'sub/gone.js', './bad': 'bad.js' }, factory(`
    module.exports = {
      missing: require.async('./x'),
      unloaded: require.async('./gone'),
      throws: require.async('./bad'),
      callback: new Promise((resolve) => require('./x', () => resolve('ok'), resolve)),
    };`));
  define('bad.js', {}, factory('throw new Error("boom")'));
  setPackageLoader(() => Promise.reject(new Error('offline')));
  const got = requireModule('a.js');
  await assert.rejects(got.missing, { mod: './x', errMsg: 'module "./x" is not defined' });
  await assert.rejects(got.unloaded, { mod: './gone', errMsg: 'module "sub/gone.js" could not be loaded: offline' });
  await assert.rejects(got.throws, { mod: './bad', errMsg: 'boom' });
  assert.deepEqual(await got.callback, { mod: './x', errMsg: 'module "./x" is not defined' });
});

test('a loader that resolves without defining the module is a failure, not a hang', async () => {
  setPackageLoader(() => Promise.resolve());
  define('a.js', { './s': 's.js' }, factory('module.exports = require.async("./s")'));
  await assert.rejects(requireModule('a.js'), { mod: './s', errMsg: 'module "s.js" is not defined' });
});

test('WXS modules get require, module, exports, getRegExp, getDate and no async require', () => {
  define('t.wxs', {}, new Function('require', 'module', 'exports', 'getRegExp', 'getDate',
    'module.exports = { re: getRegExp("a+", "g").test("aa"), year: getDate(2020, 1).getFullYear(), async: typeof require.async }'));
  assert.deepEqual(requireWxs('t.wxs'), { re: true, year: 2020, async: 'undefined' });
});
