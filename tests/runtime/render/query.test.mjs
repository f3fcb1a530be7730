// Selector queries and widget calls made before the page is in its frame (onLoad), and
// <rich-text> in isolated components.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createSelectorQuery, handleViewMessage, configureRender, openPage, flushAll } from '../../../src/openmini/runtime/render/index.js';
import { Component, enterModule, leaveModule } from '../../../src/openmini/runtime/logic/index.js';
import { registerView } from '../../../src/openmini/runtime/logic/modules.js';
import { reset, open } from './harness.mjs';

beforeEach(() => { reset(); });

test('a selector query exec\'d in onLoad resolves its nodes once the first batch is sent', () => {
  let answer = null;
  const h = open([{ k: 'element', tag: 'canvas', id: 'canvas', attrs: { type: '2d' }, children: [] }], {
    methods: {
      onLoad() {
        createSelectorQuery(this).select('#canvas').fields({ node: true, size: true }).exec((res) => { answer = res; });
      },
    },
  });
  const first = h.sent.findIndex((m) => m.t === 'ops');
  const q = h.sent.findIndex((m) => m.t === 'query');
  assert.ok(first >= 0 && q > first, 'the query follows the first ops batch');
  const msg = h.sent[q];
  const created = h.sent[first].ops.find((o) => o[0] === 0 && o[2] === 'canvas');
  assert.deepEqual(msg.nodes, [[created[1]]]);
  handleViewMessage(h.id, { t: 'queryResult', id: msg.id, result: [[{ width: 300, height: 150, node: { id: 1 } }]] });
  assert.equal(answer[0].width, 300);
});

test('ready is not sent early by a query made in onLoad', () => {
  const order = [];
  const h = open([{ k: 'element', tag: 'view', id: 'x', children: [] }], {
    methods: {
      onLoad() { createSelectorQuery(this).select('#x').boundingClientRect().exec(() => order.push('query')); },
      onReady() { order.push('ready'); },
    },
  });
  const ops = h.sent.filter((m) => m.t === 'ops');
  assert.ok(ops[0].ops.length > 0, 'the first batch carries the page');
});

test('<rich-text> in an isolated component gets the classPrefix PROP', () => {
  registerView('c/c.wxml', { version: 1, wxs: {}, imports: [], templates: {}, root: [{ k: 'element', tag: 'rich-text', attrs: { nodes: '<b class="x">b</b>' }, children: [] }] });
  enterModule('c/c');
  Component({});
  leaveModule();
  registerView('index.wxml', { version: 1, wxs: {}, imports: [], templates: {}, root: [{ k: 'component', tag: 'c', component: 'c/c', attrs: {}, children: [] }] });
  enterModule('index');
  Component({});
  leaveModule();
  configureRender({ manifest: { pages: { index: { template: 'index.wxml', config: {} } }, components: { 'c/c': { template: 'c/c.wxml', classPrefix: 'cc', config: {} } }, files: {} } });
  const sent = [];
  openPage({ id: 77, route: 'index', send: (m) => sent.push(m) });
  flushAll();
  const ops = sent.filter((m) => m.t === 'ops').flatMap((m) => m.ops);
  assert.ok(ops.some((o) => o[0] === 4 && o[2] === 'classPrefix' && o[3] === 'cc'));
});
