/**
 * Pages: what the worker entry calls. A page is opened into the port of its frame, its
 * template rendered once (with the properties and setData of created/attached/onLoad already
 * applied, so the first batch is final), then patched by the model's render hook.
 */

import {
  loadPage, readyPage, unloadPage, pageScroll, reachBottom, hooks, flushRenders, safeCall,
  createComponent, attachComponent, readyComponent, detachComponent,
} from '../logic/index.js';
import { settings } from './settings.js';
import { HOST, mount, flushPage } from './tree.js';
import { makeState, buildShadow, definitionOf, renderComponent, attachNew, stateOf } from './component.js';
import { dispatch, applyModel } from './events.js';
import { selectComponents, answer, inTreeOrder, createSelectorQuery } from './query.js';
import { createIntersectionObserver } from './observe.js';
import { animate, clearAnimation } from './animate.js';
import { epochNow, pageRendered } from '../logic/wx/performance.js';

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
 * @param {{manifest: any, base?: string, ready?: boolean, load?: (name: string) => void}} options
 */
export function configureRender(options) {
  settings.manifest = options.manifest;
  settings.base = options.base || '';
  settings.ready = options.ready !== false;
  if (options.load) settings.load = options.load;
  hooks.render = renderComponent;
  hooks.event = (comp, record) => {
    const cs = stateOf(comp);
    if (cs && !cs.dead) dispatch(cs.block, /** @type {any} */ (record));
  };
  hooks.select = selectComponents;
  hooks.order = inTreeOrder;
  hooks.selectorQuery = createSelectorQuery;
  hooks.intersectionObserver = createIntersectionObserver;
  hooks.animate = animate;
  hooks.clearAnimation = clearAnimation;
  hooks.tabBar = (page) => {
    const tabs = settings.manifest.tabBarPages;
    return bar && !bar.dead && tabs && tabs.includes(page.route) ? bar.comp : null;
  };
}

/** The custom tab bar (app.json `tabBar.custom`) once its frame opened. @type {any} */
let bar = null;

/**
 * Open a page into its frame's port. `openType: "customTabBar"` opens the custom tab bar
 * component (`custom-tab-bar/index`) as the root of its frame: not a page (no page stack, no
 * page hooks), returned by `getTabBar()` on tab pages.
 * @param {{id: number, route: string, query?: Record<string, string>, openType?: string, send: (msg: any) => void}} options
 */
export function openPage({ id, route, query, openType, send }) {
  const isBar = openType === 'customTabBar';
  definitionOf(route);
  /** @type {any} */
  const view = {
    id, send, ops: [], seq: 0, nextId: 1, nodes: new Map(), pending: [], waiting: new Map(),
    scheduled: false, fresh: [], readyAfterRender: settings.ready, comp: null, root: null,
    queries: new Map(), observers: new Map(), nextQuery: 1, bar: isBar,
    // wx.getPerformance: route/firstRender end when the first batch is on screen
    opened: { path: route, pageId: id, navigationType: openType || 'navigateTo', startTime: epochNow() },
  };
  /** @type {any} */
  const root = { k: HOST, id: 0, node: null, ctx: { page: view, comp: null }, up: null, kids: [], live: false, t: 'comp', v: {} };
  view.root = root;
  view.nodes.set(0, root);
  pages.set(id, view);
  const unit = settings.manifest.pages && settings.manifest.pages[route];
  const app = (settings.manifest.app && settings.manifest.app.window) || {};
  send({ t: 'config', window: { ...app, ...((unit && unit.config) || {}) } });
  /** The page's template and components (created children first, then attached), before onLoad. @param {any} comp */
  const build = (comp) => {
    view.comp = comp;
    const cs = makeState(comp, root, route, comp.__om.def, view);
    if (isBar) bar = cs;
    buildShadow(cs);
    for (let i = 0; i < root.kids.length; i++) attachNew(root.kids[i]);
  };
  let comp;
  if (isBar) {
    comp = createComponent(definitionOf(route));
    attachComponent(comp, null);
    build(comp);
  } else comp = loadPage(route, query || {}, build);
  flushRenders(); // properties and setData of created/attached/onLoad: into the first batch
  root.live = true;
  for (let i = 0; i < root.kids.length; i++) mount(root.kids[i]);
  if (settings.ready) view.pending.push(() => (isBar ? readyComponent(comp) : readyPage(comp)));
  flushPage(view);
  // selector queries, widget calls and observers made in onLoad, now that the nodes exist
  const later = view.later;
  view.later = null;
  if (later) for (let i = 0; i < later.length; i++) safeCall(later[i], null, [], 'query', comp);
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
      if (view.opened && !view.bar) pageRendered(view.opened);
      view.opened = null;
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
    case 'scroll':
      if (view.bar) return;
      pageScroll(view.comp, { scrollTop: msg.scrollTop });
      // the frame decides (view/scroll.js): a downward scroll entering the
      // onReachBottomDistance zone, once per approach, as WeChat does
      if (msg.reachBottom) reachBottom(view.comp);
      return;
    case 'intersection': {
      const cb = view.observers.get(msg.id);
      if (cb) cb(msg);
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
  if (view.bar) detachComponent(view.comp);
  else unloadPage(view.comp);
  const cs = stateOf(view.comp);
  if (cs) cs.dead = true;
}

/** Send every page's queued operations now (tests, and before answering the host). */
export function flushAll() {
  flushRenders();
  for (const view of pages.values()) flushPage(view);
}
