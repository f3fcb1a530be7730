import { test } from 'node:test';
import assert from 'node:assert/strict';
import { navigationApis as wx, EventChannel, beforeOpen, afterOpen } from '../../../src/openmini/runtime/logic/wx/navigation.js';
import { componentProto } from '../../../src/openmini/runtime/logic/component.js';
import { fakeHost, tick } from './helpers.mjs';

test('navigateTo sends {url} (no callbacks, no events) and answers with an eventChannel', async () => {
  const host = fakeHost();
  const p = wx.navigateTo({ url: '../b/b?x=1', events: { a() {} } });
  await tick();
  const call = host.last('navigateTo');
  assert.deepEqual(call.args, { url: '../b/b?x=1' });
  host.ok(call);
  const res = await p;
  assert.equal(res.errMsg, 'navigateTo:ok');
  assert.ok(res.eventChannel instanceof EventChannel);
});

test('navigateTo failures keep the host errMsg', async () => {
  const host = fakeHost();
  const p = wx.navigateTo({ url: 'pages/x/x' });
  await tick();
  host.fail(host.last('navigateTo'), 'navigateTo:fail page "pages/x/x" is not found');
  await assert.rejects(p, { errMsg: 'navigateTo:fail page "pages/x/x" is not found' });
  await assert.rejects(wx.navigateTo({}), { errMsg: 'navigateTo:fail parameter error: parameter.url should be String instead of Undefined;' });
  await assert.rejects(wx.redirectTo({ url: 3 }), { errMsg: 'redirectTo:fail parameter error: parameter.url should be String instead of Number;' });
});

test('opener and opened page talk through one channel; early emits wait for a listener', async () => {
  const host = fakeHost();
  const fromOpened = [];
  let channel;
  wx.navigateTo({
    url: 'pages/b/b',
    events: { acceptDataFromOpenedPage: (d) => fromOpened.push(d) },
    success: (res) => {
      channel = res.eventChannel;
      res.eventChannel.emit('acceptDataFromOpenerPage', { data: 'test' });
    },
  });
  await tick();
  // the host opens the page (page.open openType navigateTo) before it replies
  const page = { __om: {} };
  page.__om.page = page;
  beforeOpen('navigateTo');
  const opened = componentProto.getOpenerEventChannel.call(page); // in onLoad
  afterOpen(page);
  host.ok(host.last('navigateTo'));
  await tick();
  assert.equal(opened, channel);
  assert.equal(componentProto.getOpenerEventChannel.call(page), opened, 'same channel later');
  const got = [];
  opened.on('acceptDataFromOpenerPage', (d) => got.push(d));
  assert.deepEqual(got, [{ data: 'test' }]);
  opened.emit('acceptDataFromOpenedPage', { data: 'back' });
  assert.deepEqual(fromOpened, [{ data: 'back' }]);
});

test('a page opened without navigateTo gets an empty channel', () => {
  beforeOpen('redirectTo');
  const page = { __om: {} };
  const ch = componentProto.getOpenerEventChannel.call(page);
  afterOpen(page);
  assert.ok(ch instanceof EventChannel);
});

test('EventChannel once / off', () => {
  const ch = new EventChannel();
  const got = [];
  const f = (x) => got.push('on' + x);
  ch.once('e', (x) => got.push('once' + x));
  ch.on('e', f);
  ch.emit('e', 1);
  ch.emit('e', 2);
  ch.off('e', f);
  ch.emit('e', 3); // queued: nobody listens
  assert.deepEqual(got, ['once1', 'on1', 'on2']);
  ch.on('e', f);
  assert.deepEqual(got, ['once1', 'on1', 'on2', 'on3']);
});

test('navigateBack / switchTab / reLaunch', async () => {
  const host = fakeHost();
  const p = wx.navigateBack({ delta: 2 });
  await tick();
  assert.deepEqual(host.last('navigateBack').args, { delta: 2 });
  host.ok(host.last('navigateBack'));
  assert.equal((await p).errMsg, 'navigateBack:ok');
  wx.switchTab({ url: '/pages/a/a' });
  wx.reLaunch({ url: '/pages/a/a?x=1' });
  await tick();
  assert.deepEqual(host.last('switchTab').args, { url: '/pages/a/a' });
  assert.deepEqual(host.last('reLaunch').args, { url: '/pages/a/a?x=1' });
});

test('this.router resolves relative URLs against the component, this.pageRouter against its page', async () => {
  const host = fakeHost();
  const page = Object.assign(Object.create(componentProto), { is: 'pages/shop/index', __om: { page: null } });
  const card = Object.assign(Object.create(componentProto), { is: 'components/card/card', __om: { page } });
  const success = [];
  card.router.navigateTo({ url: './detail?id=3', success: (r) => success.push(r.errMsg) });
  card.pageRouter.redirectTo({ url: '../cart/index' });
  page.router.reLaunch({ url: '/pages/home/index' });
  card.router.switchTab({ url: '../../pages/tab/tab' });
  await tick();
  assert.deepEqual(host.last('navigateTo').args, { url: '/components/card/detail?id=3' });
  assert.deepEqual(host.last('redirectTo').args, { url: '/pages/cart/index' });
  assert.deepEqual(host.last('reLaunch').args, { url: '/pages/home/index' });
  assert.deepEqual(host.last('switchTab').args, { url: '/pages/tab/tab' });
  host.ok(host.last('navigateTo'));
  await tick();
  assert.deepEqual(success, ['navigateTo:ok']);
  assert.equal(page.router, page.pageRouter, 'a page has one router');
  const back = card.router.navigateBack({ delta: 1 });
  await tick();
  host.fail(host.last('navigateBack'), 'navigateBack:fail cannot navigate back at first page.');
  await assert.rejects(back, { errMsg: 'navigateBack:fail cannot navigate back at first page.' });
});

test('a page field named router shadows the built-in one', () => {
  const page = Object.assign(Object.create(componentProto), { is: 'pages/a/a', __om: { page: null } });
  page.router = 'mine';
  assert.equal(page.router, 'mine');
});
