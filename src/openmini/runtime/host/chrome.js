// The navigation bar and the tab bar the host draws around the page frames.

import { fail } from './args.js';
import { button, h } from './dom.js';

/**
 * What the navigation bar shows for one page: window config (app.json `window` overridden by the
 * page's json), then whatever `wx.setNavigationBar*` changed.
 * @typedef {{ title: string, background: string, front: string, loading: boolean, custom: boolean, homeHidden: boolean }} NavState
 */

/** @param {Record<string, any>} config  the merged window config @returns {NavState} */
export function navState(config) {
  return {
    title: config.navigationBarTitleText || '',
    background: config.navigationBarBackgroundColor || '#000000',
    front: config.navigationBarTextStyle === 'black' ? '#000000' : '#ffffff',
    loading: false,
    custom: config.navigationStyle === 'custom',
    homeHidden: false,
  };
}

export const NAV_HEIGHT = 44;
export const TAB_HEIGHT = 50;

export class NavBar {
  /**
   * @param {HTMLElement} parent
   * @param {number} statusBar  height of the (simulated) status bar above the bar
   * @param {{ back(): void, home(): void }} actions
   */
  constructor(parent, statusBar, actions) {
    this.el = h('div', 'om-navbar', null, parent);
    this.el.style.paddingTop = `${statusBar}px`;
    this.back = button('om-nav-back', '‹', actions.back, this.el);
    this.back.setAttribute('aria-label', 'back');
    this.home = button('om-nav-home', '⌂', actions.home, this.el);
    this.home.setAttribute('aria-label', 'home');
    const center = h('div', 'om-nav-center', null, this.el);
    this.spinner = h('i', 'om-icon-loading om-nav-loading', null, center);
    this.title = h('div', 'om-nav-title', null, center);
  }

  /** @param {NavState} s @param {'back' | 'home' | ''} left */
  render(s, left) {
    const el = this.el;
    el.hidden = s.custom;
    el.style.background = s.background;
    el.style.color = s.front;
    this.title.textContent = s.title;
    this.spinner.hidden = !s.loading;
    this.back.hidden = left !== 'back';
    this.home.hidden = left !== 'home' || s.homeHidden;
  }
}

/**
 * @typedef {{ pagePath: string, text?: string, iconPath?: string, selectedIconPath?: string, badge?: string, dot?: boolean }} TabItem
 * @typedef {{ color: string, selectedColor: string, backgroundColor: string, borderStyle: string, position: string, custom: boolean, list: TabItem[] }} TabConfig
 */

export class TabBar {
  /**
   * @param {HTMLElement} parent
   * @param {Record<string, any>} config  manifest `app.tabBar`
   * @param {(path: string) => string} iconUrl
   * @param {(index: number) => void} onTap
   */
  constructor(parent, config, iconUrl, onTap) {
    /** @type {TabConfig} */
    this.cfg = {
      color: config.color || '#000000',
      selectedColor: config.selectedColor || '#000000',
      backgroundColor: config.backgroundColor || '#ffffff',
      borderStyle: config.borderStyle || 'black',
      position: config.position === 'top' ? 'top' : 'bottom',
      custom: !!config.custom,
      list: (config.list || []).map((/** @type {TabItem} */ item) => ({ ...item })),
    };
    this.iconUrl = iconUrl;
    this.onTap = onTap;
    this.hidden = false;
    this.selected = -1;
    this.el = h('div', `om-tabbar om-tabbar-${this.cfg.position}`, null, parent);
  }

  /** The index of `route` in the list, or -1. */
  indexOf(/** @type {string} */ route) {
    const list = this.cfg.list;
    for (let i = 0; i < list.length; i++) if (list[i].pagePath === route) return i;
    return -1;
  }

  /** Redraw (cheap: at most 5 items). @param {number} selected */
  render(selected) {
    this.selected = selected;
    const { cfg, el } = this;
    el.hidden = selected < 0 || this.hidden || cfg.custom;
    el.style.background = cfg.backgroundColor;
    el.style.borderColor = cfg.borderStyle === 'white' ? '#f2f2f2' : 'rgba(0,0,0,.15)';
    el.textContent = '';
    for (let i = 0; i < cfg.list.length; i++) {
      const item = cfg.list[i];
      const on = i === selected;
      const tab = button('om-tab', '', () => this.onTap(i), el);
      tab.style.color = on ? cfg.selectedColor : cfg.color;
      const icon = on ? item.selectedIconPath || item.iconPath : item.iconPath;
      // A top tab bar has no icons, as in WeChat.
      if (icon && cfg.position === 'bottom') /** @type {HTMLImageElement} */ (h('img', 'om-tab-icon', null, tab)).src = this.iconUrl(icon);
      h('span', 'om-tab-text', item.text || '', tab);
      if (item.badge) h('span', 'om-tab-badge', item.badge, tab);
      else if (item.dot) h('span', 'om-tab-dot', null, tab);
    }
  }

  /** @param {number} index @param {string} api for errMsgs @returns {TabItem} */
  item(index, api) {
    const item = this.cfg.list[index];
    if (!item) fail(api, 'tabbar item not found');
    return item;
  }
}
