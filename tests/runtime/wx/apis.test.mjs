import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWx, initSystem } from '../../../src/openmini/runtime/logic/wx/index.js';
import { bridge, emit } from '../../../src/openmini/runtime/logic/wx/call.js';
import { fakeHost, tick } from './helpers.mjs';

const wx = createWx();

test('payments fail clearly, never fake success', async () => {
  fakeHost();
  await assert.rejects(wx.requestPayment({}), { errMsg: 'requestPayment:fail not supported yet: payments arrive with the platform' });
});

test('host-performed APIs: args without callbacks, required parameters checked', async () => {
  const host = fakeHost();
  const p = wx.showModal({ title: 'T', content: 'C', success() {} });
  assert.equal(p, undefined);
  await tick();
  assert.deepEqual(host.last('showModal').args, { title: 'T', content: 'C' });
  await assert.rejects(wx.showToast({}), { errMsg: 'showToast:fail parameter error: parameter.title should be String instead of Undefined;' });
  const q = wx.showActionSheet({ itemList: ['a'] });
  host.fail(host.last('showActionSheet'), 'showActionSheet:fail cancel');
  await assert.rejects(q, { errMsg: 'showActionSheet:fail cancel' });
});

test('system info from init, capsule rect, account, launch options, canIUse', () => {
  initSystem({
    system: { windowWidth: 375, windowHeight: 600, screenWidth: 375, screenHeight: 667, pixelRatio: 2, statusBarHeight: 20, platform: 'devtools', brand: 'x', SDKVersion: '3.0.0' },
    launch: { path: 'pages/a/a', query: { q: '1' }, scene: 1011 },
    account: { appId: 'om1', envVersion: 'develop', version: '' },
    menuButton: { width: 87, height: 32, top: 24, right: 368, bottom: 56, left: 281 },
  });
  assert.equal(wx.getSystemInfoSync().windowWidth, 375);
  assert.deepEqual(wx.getWindowInfo(), { pixelRatio: 2, screenWidth: 375, screenHeight: 667, windowWidth: 375, windowHeight: 600, statusBarHeight: 20 });
  assert.deepEqual(wx.getDeviceInfo(), { brand: 'x', platform: 'devtools' });
  assert.equal(wx.getAppBaseInfo().SDKVersion, '3.0.0');
  assert.equal(wx.getMenuButtonBoundingClientRect().left, 281);
  assert.equal(wx.getAccountInfoSync().miniProgram.appId, 'om1');
  assert.deepEqual(wx.getLaunchOptionsSync(), { referrerInfo: {}, query: { q: '1' }, path: 'pages/a/a', scene: 1011 });
  assert.equal(wx.getSystemSetting().deviceOrientation, 'portrait');
  assert.equal(wx.getAppAuthorizeSetting().cameraAuthorized, 'not determined');
  assert.equal(wx.env.USER_DATA_PATH, 'wxfile://usr');
  assert.equal(wx.canIUse('request'), true);
  assert.equal(wx.canIUse('request.object.timeout'), true);
  assert.equal(wx.canIUse('getSystemInfoSync.return.screenWidth'), true);
  assert.equal(wx.canIUse('button'), true);
  assert.equal(wx.canIUse('openBluetoothAdapter'), false);
  assert.equal(wx.canIUse('nope.thing'), false);
});

test('onAppShow/offAppShow, getUpdateManager, nextTick', async () => {
  const got = [];
  const f = (o) => got.push(o.scene);
  wx.onAppShow(f);
  emit('appShow', [{ scene: 1 }]);
  wx.offAppShow(f);
  emit('appShow', [{ scene: 2 }]);
  assert.deepEqual(got, [1]);
  let update;
  wx.getUpdateManager().onCheckForUpdate((r) => (update = r));
  let ticked = false;
  wx.nextTick(() => (ticked = true));
  assert.equal(ticked, false);
  await tick();
  assert.deepEqual(update, { hasUpdate: false });
  assert.equal(ticked, true);
});

test('createAnimation: steps and export in WeChat\'s shape; export clears', () => {
  const a = wx.createAnimation({ duration: 300, timingFunction: 'ease' });
  a.translateX(100).rotate(45).opacity(0.5).width(20).step().scale(2).step({ duration: 100 });
  const out = a.export();
  assert.deepEqual(out.actions[0], {
    animates: [{ type: 'translateX', args: [100] }, { type: 'rotate', args: [45] }, { type: 'style', args: ['opacity', 0.5] }, { type: 'style', args: ['width', '20px'] }],
    option: { transition: { duration: 300, timingFunction: 'ease', delay: 0 }, transformOrigin: '50% 50% 0' },
  });
  assert.equal(out.actions[1].option.transition.duration, 100);
  assert.deepEqual(a.export(), { actions: [] });
  assert.doesNotThrow(() => JSON.stringify(out));
});

test('createCanvasContext records actions and draw sends them to the widget', async () => {
  const calls = [];
  bridge.render = { callWidget: (comp, sel, name, args) => (calls.push([comp, sel, name, args]), Promise.resolve({})), mediaUrlOf: (comp, src) => src };
  const page = { is: 'page' };
  const ctx = wx.createCanvasContext('c1', page);
  ctx.setFillStyle('red');
  ctx.fillRect(0, 0, 10, 10);
  const g = ctx.createLinearGradient(0, 0, 10, 0);
  g.addColorStop(0, 'white');
  ctx.fillStyle = g;
  ctx.setFontSize(20);
  ctx.fillText('hi', 1, 2);
  assert.ok(ctx.measureText('hi').width > 0);
  let drawn = false;
  ctx.draw(false, () => (drawn = true));
  await tick();
  assert.equal(drawn, true);
  const [comp, sel, name, args] = calls[0];
  assert.equal(comp, page);
  assert.deepEqual(sel, { tag: 'canvas', attr: 'canvas-id', value: 'c1' }, 'a legacy canvas is found by its canvas-id');
  assert.equal(name, 'draw');
  assert.deepEqual(args, {
    reserve: false,
    actions: [['fillStyle', 'red'], ['fillRect', 0, 0, 10, 10], ['fillStyle', { type: 'linear', args: [0, 0, 10, 0], stops: [[0, 'white']] }], ['font', '20px sans-serif'], ['fillText', 'hi', 1, 2]],
  });
  const v = wx.createVideoContext('v', page);
  v.play();
  v.seek(3);
  await tick();
  assert.deepEqual(calls.slice(1).map((c) => [c[1], c[2], c[3]]), [['#v', 'play', undefined], ['#v', 'seek', 3]]);
  bridge.render = null;
});

test('InnerAudioContext drives the host and reports its events', async () => {
  const host = fakeHost();
  const a = wx.createInnerAudioContext();
  a.src = 'https://a.example/x.mp3';
  a.play();
  const calls = host.calls().map((c) => c.api);
  assert.deepEqual(calls, ['audio.create', 'audio.set', 'audio.play']);
  const id = host.calls()[0].args.id;
  const got = [];
  a.onPlay(() => got.push('play'));
  a.onError((e) => got.push(e.errMsg));
  const { onTaskEvent } = await import('../../../src/openmini/runtime/logic/wx/call.js');
  onTaskEvent({ id, type: 'play', currentTime: 1.5, paused: false });
  assert.equal(a.currentTime, 1.5);
  assert.equal(a.paused, false);
  host.fail(host.calls()[2], 'audio.play:fail not supported');
  await tick();
  assert.deepEqual(got, ['play', 'audio.play:fail not supported']);
});
