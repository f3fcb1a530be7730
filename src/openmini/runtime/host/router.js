// The page stack and WeChat's navigation rules. DOM-free: what happens to frames and to logic is
// left to the `effects` the host passes in, so the rules are testable in node.

import { MAX_PAGES } from '../protocol.js';
import { checkArgs } from './args.js';
import { resolveUrl } from './url.js';

/**
 * @typedef {{ id: number, route: string, query: Record<string, string>, tab: boolean }} StackPage
 * @typedef {{
 *   open(page: StackPage, openType: string, customRoute?: any): void,
 *   show(page: StackPage): void,
 *   hide(page: StackPage): void,
 *   unload(page: StackPage, pop?: boolean): void,
 *   changed(): void,
 * }} RouterEffects
 */

export class Router {
  /**
   * @param {{ pages: Record<string, unknown>, tabBarPages?: string[], entryPagePath: string }} manifest
   * @param {RouterEffects} effects
   */
  constructor(manifest, effects) {
    this.routes = manifest.pages;
    this.tabRoutes = new Set(manifest.tabBarPages || []);
    this.entry = manifest.entryPagePath;
    this.fx = effects;
    /** @type {StackPage[]} */
    this.stack = [];
    /** Tab pages stay alive after switchTab leaves them (WeChat keeps them). @type {Map<string, StackPage>} */
    this.tabs = new Map();
    this.nextId = 1;
  }

  top() {
    return this.stack[this.stack.length - 1];
  }

  has(/** @type {string} */ route) {
    return Object.hasOwn(this.routes, route);
  }

  /** Open the first page; an unknown path falls back to the entry page. */
  launch(/** @type {string} */ route, /** @type {Record<string, string>} */ query = {}) {
    if (!this.has(route)) {
      route = this.entry;
      query = {};
    }
    this.push(route, query, 'appLaunch');
    this.fx.changed();
  }

  /**
   * Perform a navigation API. Returns "" on success or the errMsg.
   * @param {string} api  navigateTo | redirectTo | navigateBack | switchTab | reLaunch
   * @param {Record<string, any>} args
   */
  run(api, args) {
    if (api === 'navigateBack') return this.back(api, args.delta);
    const bad = checkArgs(api, args, { url: 'String' });
    if (bad) return bad;
    const top = this.top();
    const { route, query } = resolveUrl(args.url, top ? top.route : '');
    if (!this.has(route)) return `${api}:fail page "${route}" is not found`;
    const tab = this.tabRoutes.has(route);
    const fx = this.fx;
    switch (api) {
      case 'navigateTo':
        if (tab) return `${api}:fail can not navigateTo a tabbar page`;
        if (this.stack.length >= MAX_PAGES) return `${api}:fail webview count limit exceed`;
        if (top) fx.hide(top);
        this.push(route, query, api, args.customRoute); // logic's custom route (host/routes.js)
        break;
      case 'redirectTo':
        if (tab) return `${api}:fail can not redirectTo a tabbar page`;
        this.drop(this.stack.pop());
        this.push(route, query, api);
        break;
      case 'switchTab': {
        if (!tab) return `${api}:fail can not switch to no-tabBar page`;
        if (top && top.route === route && this.stack.length === 1) break;
        // Close every non-tab page (top first); hide the tab page we leave.
        while (this.stack.length) {
          const page = /** @type {StackPage} */ (this.stack.pop());
          if (page.tab) {
            if (page === top) fx.hide(page);
          } else this.drop(page);
        }
        const alive = this.tabs.get(route);
        if (alive) {
          this.stack.push(alive);
          fx.show(alive);
        } else this.push(route, {}, api); // switchTab ignores the query, as WeChat does
        break;
      }
      case 'reLaunch':
        this.closeAll();
        this.push(route, query, api);
        break;
      default:
        return `${api}:fail not supported`;
    }
    fx.changed();
    return '';
  }

  /** @param {string} api @param {unknown} delta */
  back(api, delta) {
    if (this.stack.length <= 1) return `${api}:fail cannot navigate back at first page.`;
    let n = typeof delta === 'number' && delta >= 1 ? Math.floor(delta) : 1;
    if (n > this.stack.length - 1) n = this.stack.length - 1;
    for (let i = 0; i < n; i++) this.drop(this.stack.pop(), i === 0);
    this.fx.show(/** @type {StackPage} */ (this.top()));
    this.fx.changed();
    return '';
  }

  /** Unload every page (the mini program closes). */
  closeAll() {
    while (this.stack.length) this.drop(this.stack.pop());
    for (const page of this.tabs.values()) this.fx.unload(page); // hidden tab pages
    this.tabs.clear();
  }

  /** @param {string} route @param {Record<string, string>} query @param {string} openType @param {any} [customRoute] */
  push(route, query, openType, customRoute) {
    const tab = this.tabRoutes.has(route);
    /** @type {StackPage} */
    const page = { id: this.nextId++, route, query, tab };
    this.stack.push(page);
    if (tab) this.tabs.set(route, page);
    this.fx.open(page, openType, customRoute);
  }

  /**
   * A page leaves for good (a tab page too: only switchTab keeps tab pages alive). `pop`: the
   * top page navigateBack closes (a custom route plays its exit).
   * @param {StackPage | undefined} page @param {boolean} [pop]
   */
  drop(page, pop = false) {
    if (!page) return;
    if (page.tab) this.tabs.delete(page.route);
    this.fx.unload(page, pop);
  }
}
