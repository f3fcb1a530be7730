/**
 * Pages: what the worker entry calls. A page is opened into the port of its frame, its
 * template rendered once (with the properties and setData of created/attached/onLoad already
 * applied, so the first batch is final), then patched by the model's render hook.
 */

import {
  loadPage, readyPage, unloadPage, pageScroll, reachBottom, hooks, flushRenders, safeCall,
} from '../logic/index.js';
import { settings } from './settings.js';
import { HOST, mount, flushPage } from './tree.js';
import { makeState, buildShadow, definitionOf, renderComponent, attachNew, stateOf } from './component.js';
import { dispatch, applyModel } from './events.js';
import { selectComponents, answer } from './query.js';

/** @typedef {import('./tree.js').PageView} PageView */

/** @type {Map<number, PageView & Record<string, any>>} */
const pages = new Map();

/** Native events that bubble (WeChat's list); widget events (input, change, scroll…) do not. */
const BUBBLING = new Set(['touchstart', 'touchmove', 'touchcancel', 'touchend', 'tap', 'longpress', 'longtap',
  'transitionend', 'animationstart', 'animationiteration', 'animationend', 'touchforcechange']);

/**
 * Once per package: the manifest and the URL prefix of its stored files. Installs the model's
 * render/event/select hooks. `ready: false` never sends `ready`/`onReady` (for harnesses that
 * mimic glass-easel's, which never fires it).
 * @param {{manifest: any, base?: string, ready?: boolean}} options
 */
export function configureRender(options) {
  settings.manifest = options.manifest;
  settings.base = options.base || '';
  settings.ready = options.ready !== false;
  hooks.render = renderComponent;
  hooks.event = (comp, record) => {
    const cs = stateOf(comp);
    if (cs && !cs.dead) dispatch(cs.block, /** @type {any} */ (record));
  };
  hooks.select = selectComponents;
}

/**
 * Open a page into its frame's port.
 * @param {{id: number, route: string, query?: Record<string, string>, openType?: string, send: (msg: any) => void}} options
 */
export function openPage({ id, route, query, send }) {
  definitionOf(route);
  /** @type {any} */
  const view = {
    id, send, ops: [], seq: 0, nextId: 1, nodes: new Map(), pending: [], waiting: new Map(),
    scheduled: false, fresh: [], readyAfterRender: settings.ready, comp: null, root: null,
    queries: new Map(), nextQuery: 1, bottom: false,
  };
  /** @type {any} */
  const root = { k: HOST, id: 0, node: null, ctx: { page: view, comp: null }, up: null, kids: [], live: false, t: 'comp', v: {} };
  view.root = root;
  view.nodes.set(0, root);
  pages.set(id, view);
  const unit = settings.manifest.pages && settings.manifest.pages[route];
  const app = (settings.manifest.app && settings.manifest.app.window) || {};
  send({ t: 'config', window: { ...app, ...((unit && unit.config) || {}) } });
  const comp = loadPage(route, query || {});
  view.comp = comp;
  const cs = makeState(comp, root, route, comp.__om.def, view);
  buildShadow(cs);
  for (let i = 0; i < root.kids.length; i++) attachNew(root.kids[i]);
  flushRenders(); // properties and setData of created/attached/onLoad: into the first batch
  root.live = true;
  for (let i = 0; i < root.kids.length; i++) mount(root.kids[i]);
  if (settings.ready) view.pending.push(() => readyPage(comp));
  flushPage(view);
  return comp;
}

/** @param {number} id */
export const pageOf = (id) => {
  const view = pages.get(id);
  return view ? view.comp : undefined;
};

/** @param {number} id */
export const pageView = (id) => pages.get(id);

/**
 * A message from the page's frame.
 * @param {number} pageId @param {any} msg
 */
export function handleViewMessage(pageId, msg) {
  const view = pages.get(pageId);
  if (!view) return;
  switch (msg.t) {
    case 'applied': {
      const callbacks = view.waiting.get(msg.seq);
      view.waiting.delete(msg.seq);
      if (callbacks) for (let i = 0; i < callbacks.length; i++) safeCall(callbacks[i], null, [], 'render callback', null);
      return;
    }
    case 'event': {
      const target = view.nodes.get(msg.node);
      if (!target || !target.live) return;
      applyModel(target, msg.type, msg.detail);
      const bubbles = BUBBLING.has(msg.type);
      dispatch(target, {
        type: msg.type, detail: msg.detail === undefined ? {} : msg.detail, bubbles, composed: bubbles, capturePhase: bubbles,
        timeStamp: msg.timeStamp || 0, touches: msg.touches, changedTouches: msg.changedTouches,
      });
      flushRenders();
      return;
    }
    case 'scroll': {
      pageScroll(view.comp, { scrollTop: msg.scrollTop });
      const unit = settings.manifest.pages && settings.manifest.pages[view.comp.route];
      const cfg = (unit && unit.config) || {};
      const app = (settings.manifest.app && settings.manifest.app.window) || {};
      const distance = cfg.onReachBottomDistance ?? app.onReachBottomDistance ?? 50;
      const near = msg.scrollHeight - (msg.scrollTop + msg.viewHeight) <= distance;
      // once per approach: leave the zone to get it again, as WeChat does
      if (near && !view.bottom) reachBottom(view.comp);
      view.bottom = near;
      return;
    }
    case 'queryResult':
    case 'methodResult':
      answer(view, msg);
  }
}

/** The page left the stack: onUnload, detach (child first), forget its tree. @param {number} id */
export function closePage(id) {
  const view = pages.get(id);
  if (!view) return;
  pages.delete(id);
  unloadPage(view.comp);
  const cs = stateOf(view.comp);
  if (cs) cs.dead = true;
}

/** Send every page's queued operations now (tests, and before answering the host). */
export function flushAll() {
  flushRenders();
  pages.forEach((view) => flushPage(view));
}
