import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from '../../../src/openmini/runtime/host/router.js';

const manifest = {
  pages: { 'pages/a/a': {}, 'pages/b/b': {}, 'pages/t1/t1': {}, 'pages/t2/t2': {}, 'sub/c/c': {} },
  tabBarPages: ['pages/t1/t1', 'pages/t2/t2'],
  entryPagePath: 'pages/t1/t1',
};

function make() {
  const log = [];
  const r = new Router(manifest, {
    open: (p, type) => log.push(`open ${p.route} ${type} ${JSON.stringify(p.query)}`),
    show: (p) => log.push(`show ${p.route}`),
    hide: (p) => log.push(`hide ${p.route}`),
    unload: (p) => log.push(`unload ${p.route}`),
    changed: () => {},
  });
  return { r, log, routes: () => r.stack.map((p) => p.route) };
}

test('launch falls back to the entry page for an unknown path', () => {
  const { r, log } = make();
  r.launch('nope/x', { a: '1' });
  assert.deepEqual(log, ['open pages/t1/t1 appLaunch {}']);
});

test('navigateTo hides the top, resolves relative urls and decodes the query', () => {
  const { r, log, routes } = make();
  r.launch('pages/a/a');
  assert.equal(r.run('navigateTo', { url: '../b/b?x=1&y=%E4%BD%A0' }), '');
  assert.deepEqual(routes(), ['pages/a/a', 'pages/b/b']);
  assert.deepEqual(log.slice(1), ['hide pages/a/a', 'open pages/b/b navigateTo {"x":"1","y":"你"}']);
});

test('navigateTo errors', () => {
  const { r } = make();
  r.launch('pages/a/a');
  assert.equal(r.run('navigateTo', { url: '/pages/t1/t1' }), 'navigateTo:fail can not navigateTo a tabbar page');
  assert.equal(r.run('navigateTo', { url: '/pages/zz' }), 'navigateTo:fail page "pages/zz" is not found');
  assert.equal(r.run('navigateTo', {}), 'navigateTo:fail parameter error: parameter.url should be String instead of Undefined;');
  for (let i = 0; i < 9; i++) assert.equal(r.run('navigateTo', { url: '/pages/b/b' }), '');
  assert.equal(r.stack.length, 10);
  assert.equal(r.run('navigateTo', { url: '/pages/b/b' }), 'navigateTo:fail webview count limit exceed');
});

test('redirectTo replaces the top; not to tab pages', () => {
  const { r, log, routes } = make();
  r.launch('pages/a/a');
  assert.equal(r.run('redirectTo', { url: '/pages/t2/t2' }), 'redirectTo:fail can not redirectTo a tabbar page');
  assert.equal(r.run('redirectTo', { url: 'sub/c/c?k=v' }), '');
  assert.deepEqual(routes(), ['sub/c/c']);
  assert.deepEqual(log.slice(1), ['unload pages/a/a', 'open sub/c/c redirectTo {"k":"v"}']);
});

test('navigateBack unloads delta pages (clamped) and shows the revealed page', () => {
  const { r, log, routes } = make();
  r.launch('pages/a/a');
  assert.equal(r.run('navigateBack', {}), 'navigateBack:fail cannot navigate back at first page.');
  r.run('navigateTo', { url: '/pages/b/b' });
  r.run('navigateTo', { url: '/sub/c/c' });
  log.length = 0;
  assert.equal(r.run('navigateBack', { delta: 5 }), '');
  assert.deepEqual(routes(), ['pages/a/a']);
  assert.deepEqual(log, ['unload sub/c/c', 'unload pages/b/b', 'show pages/a/a']);
});

test('switchTab closes non-tab pages and keeps tab pages alive', () => {
  const { r, log, routes } = make();
  r.launch('pages/t1/t1');
  r.run('navigateTo', { url: '/pages/a/a' });
  assert.equal(r.run('switchTab', { url: '/pages/a/a' }), 'switchTab:fail can not switch to no-tabBar page');
  log.length = 0;
  assert.equal(r.run('switchTab', { url: '/pages/t2/t2?ignored=1' }), '');
  assert.deepEqual(log, ['unload pages/a/a', 'open pages/t2/t2 switchTab {}']);
  log.length = 0;
  r.run('switchTab', { url: '/pages/t1/t1' });
  assert.deepEqual(log, ['hide pages/t2/t2', 'show pages/t1/t1']);
  assert.deepEqual(routes(), ['pages/t1/t1']);
  assert.equal(r.tabs.size, 2);
});

test('reLaunch unloads everything, hidden tab pages included', () => {
  const { r, log, routes } = make();
  r.launch('pages/t1/t1');
  r.run('switchTab', { url: '/pages/t2/t2' });
  r.run('navigateTo', { url: '/pages/a/a' });
  log.length = 0;
  assert.equal(r.run('reLaunch', { url: '/pages/b/b?q=1' }), '');
  assert.deepEqual(log, ['unload pages/a/a', 'unload pages/t2/t2', 'unload pages/t1/t1', 'open pages/b/b reLaunch {"q":"1"}']);
  assert.deepEqual(routes(), ['pages/b/b']);
  assert.equal(r.tabs.size, 0);
});
