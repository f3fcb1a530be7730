// <canvas type="2d"/"webgl">: SelectorQuery…fields({node: true}) yields WeChat's Canvas node
// over the surface the frame transferred; legacy canvases are found by canvas-id.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as render from '../../../src/openmini/runtime/render/index.js';
import { createSelectorQuery, handleViewMessage } from '../../../src/openmini/runtime/render/index.js';
import { CanvasImage } from '../../../src/openmini/runtime/render/canvas-node.js';
import { settings } from '../../../src/openmini/runtime/render/settings.js';
import { bridge } from '../../../src/openmini/runtime/logic/wx/call.js';
import { canvasApis } from '../../../src/openmini/runtime/logic/wx/canvas.js';
import { reset, open } from './harness.mjs';

beforeEach(() => { reset(); });

/** What an OffscreenCanvas gives the node: a size and a context that records calls. */
function fakeSurface() {
  const calls = [];
  const ctx = {
    fillStyle: '#000',
    fillRect: (...a) => calls.push(['fillRect', ...a]),
    drawImage: (...a) => calls.push(['drawImage', ...a]),
  };
  return { calls, surface: { width: 300, height: 150, getContext: (kind) => (kind === '2d' ? ctx : null) } };
}

const canvasPage = (onNode) => open([{ k: 'element', tag: 'canvas', id: 'c', attrs: { type: '2d' }, children: [] }], {
  methods: {
    ask() { createSelectorQuery(this).select('#c').fields({ node: true, size: true }).exec((res) => onNode(res[0])); },
  },
});

/** The last query the page sent, answered with `node`. */
function answerNode(h, node) {
  const q = h.sent.filter((m) => m.t === 'query').at(-1);
  handleViewMessage(h.id, { t: 'queryResult', id: q.id, result: [[{ width: 300, height: 150, node }]] });
}

test('fields({node}) on a type canvas gives a Canvas node over the transferred surface, once', () => {
  const got = [];
  const h = canvasPage((r) => got.push(r));
  const { calls, surface } = fakeSurface();
  h.page.ask();
  answerNode(h, surface);
  const canvas = got[0].node;
  assert.equal(got[0].width, 300);
  canvas.width = 600;
  assert.equal(surface.width, 600, 'width/height are the surface\'s backing size');
  const ctx = canvas.getContext('2d');
  assert.equal(ctx.canvas, canvas);
  ctx.fillStyle = '#f00';
  ctx.fillRect(0, 0, 10, 10);
  assert.deepEqual(calls, [['fillRect', 0, 0, 10, 10]]);
  assert.equal(canvas.getContext('webgl'), null, 'a canvas has one kind of context');
  assert.equal(canvas.getContext('bitmaprenderer'), null);
  // a second query: the frame no longer has the surface and answers `true`
  h.page.ask();
  answerNode(h, true);
  assert.equal(got[1].node, canvas);
});

test('createImage loads through the frame with the path resolved, and draws as its bitmap', async () => {
  const got = [];
  const h = canvasPage((r) => got.push(r));
  settings.manifest = { ...settings.manifest, files: { 'car.png': { file: 'ab12.png' } } };
  const { calls, surface } = fakeSurface();
  h.page.ask();
  answerNode(h, surface);
  const canvas = got[0].node;
  const img = canvas.createImage();
  assert.ok(img instanceof CanvasImage);
  const loaded = new Promise((resolve) => { img.onload = resolve; });
  img.src = './car.png';
  const m = h.sent.filter((x) => x.t === 'method').at(-1);
  assert.equal(m.name, 'loadImage');
  assert.equal(m.args.src, 'https://cdn/files/ab12.png');
  const bitmap = { width: 20, height: 10 };
  handleViewMessage(h.id, { t: 'methodResult', id: m.id, result: bitmap });
  await loaded;
  assert.equal(img.width, 20);
  canvas.getContext('2d').drawImage(img, 1, 2);
  assert.deepEqual(calls, [['drawImage', bitmap, 1, 2]]);
});

test('an image the frame could not load calls onerror', async () => {
  const got = [];
  const h = canvasPage((r) => got.push(r));
  h.page.ask();
  answerNode(h, fakeSurface().surface);
  const img = got[0].node.createImage();
  const failed = new Promise((resolve) => { img.onerror = resolve; });
  img.src = 'https://x/missing.png';
  const m = h.sent.filter((x) => x.t === 'method').at(-1);
  handleViewMessage(h.id, { t: 'methodResult', id: m.id, errMsg: 'loadImage:fail image load error' });
  assert.match((await failed).errMsg, /loadImage:fail/);
});

test('a legacy canvas has no node', () => {
  const got = [];
  const h = open([{ k: 'element', tag: 'canvas', attrs: { 'canvas-id': 'x' }, id: 'c', children: [] }], {
    methods: { ask() { createSelectorQuery(this).select('#c').fields({ node: true }).exec((res) => got.push(res[0])); } },
  });
  h.page.ask();
  const q = h.sent.filter((m) => m.t === 'query').at(-1);
  handleViewMessage(h.id, { t: 'queryResult', id: q.id, result: [[{}]] });
  assert.equal(got[0].node, null);
});

test('wx.createCanvasContext finds its canvas by canvas-id, and createContext + drawCanvas draw the same actions', () => {
  bridge.render = render;
  const h = open([
    { k: 'element', tag: 'canvas', attrs: { 'canvas-id': 'bg' }, children: [] },
    { k: 'element', tag: 'canvas', attrs: { 'canvas-id': 'ball' }, children: [] },
  ], {});
  const ids = h.ops().filter((o) => o[0] === 0 && o[2] === 'canvas').map((o) => o[1]);
  settings.manifest = { ...settings.manifest, files: { 'img/car.png': { file: 'ab12.png' } } };
  const ctx = canvasApis.createCanvasContext('ball', h.page);
  ctx.setFillStyle('#1aad19');
  ctx.arc(5, 5, 5, 0, 7);
  const g = ctx.createLinearGradient(0, 0, 10, 0);
  g.addColorStop(0, 'red');
  ctx.strokeStyle = g;
  ctx.drawImage('img/car.png', 0, 0);
  ctx.draw();
  const legacy = h.sent.filter((m) => m.t === 'method').at(-1);
  assert.equal(legacy.node, ids[1]);
  // the widget's protocol (docs/runtime-widgets.md): [property, value], {type, args, stops}, URLs
  assert.deepEqual(legacy.args, {
    actions: [
      ['fillStyle', '#1aad19'],
      ['arc', 5, 5, 5, 0, 7],
      ['strokeStyle', { type: 'linear', args: [0, 0, 10, 0], stops: [[0, 'red']] }],
      ['drawImage', 'https://cdn/files/ab12.png', 0, 0],
    ],
    reserve: false,
  });

  const old = canvasApis.createContext();
  old.setFillStyle('#1aad19');
  old.arc(5, 5, 5, 0, 7);
  old.strokeStyle = g;
  old.drawImage('img/car.png', 0, 0);
  canvasApis.drawCanvas({ canvasId: 'bg', actions: old.getActions() }, h.page);
  return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
    const drawn = h.sent.filter((m) => m.t === 'method').at(-1);
    assert.equal(drawn.node, ids[0]);
    assert.deepEqual(drawn.args.actions, legacy.args.actions);
    assert.deepEqual(old.getActions(), [], 'getActions starts over');
  });
});
