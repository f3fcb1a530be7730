// Routing APIs (the host keeps the stack and checks the rules, docs/runtime-host.md "Routing"),
// the EventChannel between a page and the page it opened with navigateTo, and the Router of
// pages and components (`this.router`, `this.pageRouter`).

import { hooks } from '../hooks.js';
import { invoke, hostCall, strip } from './call.js';

/**
 * WeChat's EventChannel. One object is shared by the opener (`res.eventChannel`, with the
 * `events` it passed) and the opened page (`this.getOpenerEventChannel()`). An event emitted
 * before anyone listens for it is kept and delivered to the first `on`/`once` for its name:
 * the opener usually emits in `success`, and the opened page subscribes in `onLoad`.
 */
export class EventChannel {
  constructor() {
    /** @type {Map<string, {fn: Function, once: boolean}[]>} */
    this.listeners = new Map();
    /** @type {[string, unknown[]][]} */
    this.queue = [];
  }

  /** @param {string} name @param {Function} fn */
  on(name, fn) {
    this.add(name, fn, false);
  }

  /** @param {string} name @param {Function} fn */
  once(name, fn) {
    this.add(name, fn, true);
  }

  /** Remove `fn`, or every listener of `name` without it. @param {string} name @param {Function} [fn] */
  off(name, fn) {
    const list = this.listeners.get(name);
    if (!list) return;
    if (!fn) this.listeners.delete(name);
    else this.listeners.set(name, list.filter((l) => l.fn !== fn));
  }

  /** @param {string} name @param {...unknown} args */
  emit(name, ...args) {
    const list = this.listeners.get(name);
    if (!list || !list.length) {
      this.queue.push([name, args]);
      return;
    }
    this.listeners.set(name, list.filter((l) => !l.once));
    for (let i = 0; i < list.length; i++) list[i].fn.apply(this, args);
  }

  /** @param {string} name @param {Function} fn @param {boolean} once */
  add(name, fn, once) {
    if (typeof fn !== 'function') return;
    const list = this.listeners.get(name) || [];
    list.push({ fn, once });
    this.listeners.set(name, list);
    const queued = this.queue.filter((q) => q[0] === name);
    if (!queued.length) return;
    this.queue = this.queue.filter((q) => q[0] !== name);
    for (const [, args] of queued) this.emit(name, ...args);
  }
}

/** Channels of navigateTo calls whose page has not opened yet, oldest first. @type {EventChannel[]} */
const opening = [];
/** The channel of the page being opened right now. @type {EventChannel | null} */
let current = null;
/** @type {WeakMap<object, EventChannel>} */
const channels = new WeakMap();
/** The custom route (hooks.customRoute) a navigateTo opens its page with, by its channel. @type {WeakMap<EventChannel, {ctx: object, opened(page: object): void}>} */
const routes = new WeakMap();
/** The custom route of the page being opened: its onLoad and components already see its context. */
export const openingRoute = () => (current && routes.get(current)) || null;

/** The worker is about to open a page (`page.open`): a navigateTo page gets its opener's channel. @param {string} openType */
export function beforeOpen(openType) {
  current = openType === 'navigateTo' ? opening.shift() || null : null;
}

/** The page opened (onLoad ran). @param {object | null | undefined} page */
export function afterOpen(page) {
  if (page && current && !channels.has(page)) channels.set(page, current);
  if (page && current) routes.get(current)?.opened(page);
  current = null;
}

/** `this.getOpenerEventChannel()` on pages (and on components, for their page). */
hooks.opener = (page) => {
  let ch = channels.get(page);
  if (!ch) channels.set(page, (ch = current || new EventChannel()));
  return ch;
};

/** @param {string} api */
const route = (api) => (/** @type {any} */ o) => invoke(api, o, (o) => hostCall(api, strip(o)).then(() => ({})), 'url:String');

export const navigationApis = {
  navigateTo: (/** @type {any} */ options) => invoke('navigateTo', options, (o) => {
    const ch = new EventChannel();
    const events = o.events;
    if (events && typeof events === 'object') for (const name in events) ch.on(name, events[name]);
    opening.push(ch);
    const args = strip(o);
    delete args.events;
    const route = o.routeType != null && hooks.customRoute ? hooks.customRoute(String(o.routeType), o.routeOptions) : null;
    if (route) {
      args.customRoute = route.host;
      routes.set(ch, route);
    }
    // The host sends page.open before it answers; whatever the answer, this channel is no
    // longer waiting for its page.
    const settled = () => {
      const at = opening.indexOf(ch);
      if (at >= 0) opening.splice(at, 1);
    };
    return hostCall('navigateTo', args).then(
      () => {
        settled();
        return { eventChannel: ch };
      },
      (e) => {
        settled();
        throw e;
      },
    );
  }, 'url:String'),
  redirectTo: route('redirectTo'),
  switchTab: route('switchTab'),
  reLaunch: route('reLaunch'),
  navigateBack: (/** @type {any} */ o) => invoke('navigateBack', o, (o) => hostCall('navigateBack', strip(o)).then(() => ({})), 'delta?:Number'),
};

/**
 * `url` resolved against the file `from` ("components/card/card"): "./x" and "../x" become
 * absolute ("/components/x"); other forms go to the host as they are.
 * @param {string} url @param {string} from
 */
export function relativeTo(url, from) {
  if (!/^\.\.?\//.test(url)) return url;
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const segments = from.split('/');
  segments.pop();
  for (const part of path.split('/')) {
    if (part === '..') segments.pop();
    else if (part !== '.' && part !== '') segments.push(part);
  }
  return `/${segments.join('/')}${mark < 0 ? '' : url.slice(mark)}`;
}

/** @type {Map<string, Record<string, Function>>} */
const routers = new Map();

/**
 * WeChat's Router: the five routing APIs, except that a relative `url` is relative to the file
 * `from` — the component's own file for `this.router`, its page for `this.pageRouter` — rather
 * than to the page on top of the stack.
 * @param {string} from
 */
function routerFor(from) {
  let router = routers.get(from);
  if (router) return router;
  /** @param {'switchTab' | 'reLaunch' | 'redirectTo' | 'navigateTo'} api */
  const go = (api) => (/** @type {any} */ o) =>
    navigationApis[api](o && typeof o === 'object' && typeof o.url === 'string' ? { ...o, url: relativeTo(o.url, from) } : o);
  router = {
    switchTab: go('switchTab'),
    reLaunch: go('reLaunch'),
    redirectTo: go('redirectTo'),
    navigateTo: go('navigateTo'),
    navigateBack: navigationApis.navigateBack,
  };
  routers.set(from, router);
  return router;
}

hooks.router = routerFor;
