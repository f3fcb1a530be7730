import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteConfig, apiError, debounce, domainRows, launchOptions, linkRequest, startPath, targetRequest, versionText } from '../../../src/openmini/runtime/host/shell-model.js';
import { resolveUrl } from '../../../src/openmini/runtime/host/url.js';

test('absoluteConfig resolves root-relative bases against the page (launch() needs absolute ones)', () => {
  const c = absoluteConfig({ runtimeBase: '/runtime/', bundleBase: '/runtime/bundle/', apiBase: '/api/', launch: null }, 'https://x.test/a/om1?scene=1');
  assert.equal(c.runtimeBase, 'https://x.test/runtime/');
  assert.equal(c.bundleBase, 'https://x.test/runtime/bundle/');
  assert.equal(c.apiBase, 'https://x.test/api/');
  assert.equal(absoluteConfig({ runtimeBase: 'https://cdn.test/rt/', apiBase: '/api/' }, 'https://x.test/').runtimeBase, 'https://cdn.test/rt/');
});

test('apiError: WeChat errcode answers, HTTP errors and non-JSON answers are errors', () => {
  assert.equal(apiError(200, { errcode: 85079, errmsg: 'no release' }), 'no release (errcode 85079)');
  assert.equal(apiError(403, { errcode: 40001, errmsg: 'not a tester' }), 'not a tester (errcode 40001)');
  assert.equal(apiError(422, { detail: 'bad body' }), 'bad body (HTTP 422)');
  assert.equal(apiError(502, null), 'HTTP 502');
  assert.equal(apiError(200, null), 'the server did not answer with JSON');
  assert.equal(apiError(200, { errcode: 0, errmsg: 'ok' }), null);
  assert.equal(apiError(200, { user: null }), null);
});

test('linkRequest: a link query given as text becomes an object, empty fields are left out', () => {
  assert.deepEqual(linkRequest({ appid: 'om1', path: 'pages/a/a', query: 'x=1&y=%E4%BD%A0', scene: 'abc', env: 'trial', via: 'qr' }), {
    appid: 'om1', via: 'qr', path: 'pages/a/a', query: { x: '1', y: '你' }, scene: 'abc', env: 'trial',
  });
  assert.deepEqual(linkRequest({ appid: 'om1', path: null, query: '', scene: null }), { appid: 'om1', via: 'link' });
  assert.deepEqual(linkRequest({ appid: 'om1', query: { k: 'v' } }).query, { k: 'v' });
});

test('targetRequest: navigateToMiniProgram opens its path and query with scene 1037 (via miniProgram)', () => {
  assert.deepEqual(targetRequest({ appId: 'om2', path: 'pages/b/b?id=3&t=a%3Fb', envVersion: 'trial' }), {
    appid: 'om2', via: 'miniProgram', path: 'pages/b/b', query: { id: '3', t: 'a?b' }, env: 'trial',
  });
  assert.deepEqual(targetRequest({ appId: 'om2', path: '', envVersion: 'release' }), { appid: 'om2', via: 'miniProgram', env: 'release' });
});

test('startPath: launch() decodes the query once, so values arrive as the server sent them', () => {
  const path = /** @type {string} */ (startPath('pages/a/a', { scene: 'a%2Cb', q: 'x&y=z' }));
  assert.deepEqual(resolveUrl(path), { route: 'pages/a/a', query: { scene: 'a%2Cb', q: 'x&y=z' } });
  assert.equal(startPath('pages/a/a', {}), 'pages/a/a');
  assert.equal(startPath('pages/a/a?x=1', { y: '2' }), 'pages/a/a?x=1&y=2');
  assert.equal(startPath('', {}), undefined); // the entry page
  assert.deepEqual(resolveUrl(/** @type {string} */ (startPath('', { k: 'v' }))).query, { k: 'v' });
});

test('launchOptions carries the answer into launch()', () => {
  const config = absoluteConfig({ runtimeBase: '/runtime/', bundleBase: '/runtime/bundle/', apiBase: '/api/' }, 'http://h/');
  const onClose = () => {};
  const answer = {
    appid: 'om1', name: 'Shop', version: { id: 'v1', userVersion: '1.0.0', env: 'release' }, packageBase: '/p/v1/',
    path: 'pages/a/a', query: { scene: 'abc' }, scene: 1047, domains: { request: ['https://api.test'] }, signature: null, publicKey: null,
  };
  assert.deepEqual(launchOptions(config, answer, { id: 'u1', name: 'Ann', guest: false }, 'http://h/a/om1', onClose), {
    runtimeBase: 'http://h/runtime/', bundleBase: 'http://h/runtime/bundle/', apiBase: 'http://h/api/', packageBase: 'http://h/p/v1/',
    appId: 'om1', user: 'u1', path: 'pages/a/a?scene=abc', scene: 1047, domains: { request: ['https://api.test'] }, onClose,
    envVersion: 'release', version: '1.0.0',
  });
});

test('launchOptions: a trial reports its envVersion to wx.getAccountInfoSync, and no version number (as WeChat)', () => {
  const config = absoluteConfig({ runtimeBase: '/runtime/', apiBase: '/api/' }, 'http://h/');
  const answer = {
    appid: 'om1', name: 'Shop', version: { id: 'v2', userVersion: '1.1.0', env: /** @type {const} */ ('trial') }, packageBase: '/p/v2/',
    path: 'pages/a/a', query: {}, scene: 1011, domains: {}, signature: null, publicKey: null,
  };
  const options = launchOptions(config, answer, { id: 'u1', name: 'Tess', guest: false }, 'http://h/', () => {});
  assert.equal(options.envVersion, 'trial');
  assert.equal(options.version, '');
});

test('versionText and domainRows for the settings page', () => {
  assert.equal(versionText({ id: 'v1', userVersion: '1.2.0', env: 'release' }), '1.2.0');
  assert.equal(versionText({ id: 'v1', userVersion: '1.3.0', env: 'trial' }), '1.3.0 (trial)');
  assert.equal(versionText('1.0.0'), '1.0.0');
  assert.equal(versionText(null), 'not released');
  assert.deepEqual(domainRows({ request: ['https://a.test'], webView: ['https://w.test'] }), [
    ['Request domains', ['https://a.test']], ['WebSocket domains', []], ['Upload domains', []], ['Download domains', []],
    ['webView domains', ['https://w.test']],
  ]);
  assert.equal(domainRows(null).length, 4);
});

test('debounce runs once with the last arguments after the burst', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    /** @type {string[]} */
    const seen = [];
    const f = debounce((/** @type {string} */ q) => seen.push(q), 250);
    f('a');
    mock.timers.tick(100);
    f('ab');
    mock.timers.tick(249);
    assert.deepEqual(seen, []);
    mock.timers.tick(1);
    assert.deepEqual(seen, ['ab']);
  } finally {
    mock.timers.reset();
  }
});
