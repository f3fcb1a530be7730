// Skyline's custom routes, host side (logic/wx/route.js plays the animation): the styles the
// route's handlers return go on the page's frame element, not on the page inside it, so a
// transform or opacity moves and fades the whole page, its background included, and uncovers the
// frame below (in the frame, the content would move inside a box that stays put and white).
// A barrier (`barrierColor`) lies between the page and the one below, fading in with the route.
// Loaded when the first page opens with a custom route.

import { h } from './dom.js';

/**
 * @typedef {{opaque: boolean, barrierColor: string, barrierDismissible: boolean, reverse: number,
 *   style: Record<string, string>}} CustomRoute  what logic's `navigateTo` sends as `customRoute`
 * @typedef {CustomRoute & {progress: number, barrier?: HTMLElement}} HostRoute
 * @typedef {{page: {id: number}, frame: HTMLIFrameElement, bar?: boolean, route?: HostRoute}} RoutedPage
 */

/** @param {HTMLElement} el @param {Record<string, string> | null} style */
function setStyle(el, style) {
  el.removeAttribute('style');
  if (style) Object.assign(el.style, style);
}

export class Routes {
  /**
   * @param {(p: RoutedPage) => void} removeFrame hide the frame, remove it a moment later
   * @param {() => void} back navigateBack (a dismissible barrier's tap)
   */
  constructor(removeFrame, back) {
    this.removeFrame = removeFrame;
    this.back = back;
    /** Popped custom-route pages, kept while their exit plays. @type {Map<number, RoutedPage>} */
    this.leaving = new Map();
  }

  /** The page opens with `route`: its first style (the route at 0) and its barrier. @param {RoutedPage} p @param {CustomRoute} route */
  open(p, route) {
    /** @type {HostRoute} */
    const r = { ...route, progress: 0 };
    p.route = r;
    setStyle(p.frame, r.style);
    if (!r.barrierColor) return;
    const barrier = h('div', 'om-barrier');
    barrier.style.cssText = `position:absolute;inset:0;opacity:0;background:${r.barrierColor}`;
    if (r.barrierDismissible) barrier.addEventListener('click', this.back);
    p.frame.before(barrier);
    r.barrier = barrier;
  }

  /**
   * Show the top page and the pages under a custom route that is see-through (`opaque: false`)
   * or still entering; hide the others.
   * @param {RoutedPage[]} stack bottom first @param {Iterable<RoutedPage>} all
   */
  show(stack, all) {
    let i = stack.length - 1;
    for (let r; i > 0 && (r = stack[i].route) && (!r.opaque || r.progress < 1);) i--;
    const shown = new Set(stack.slice(i));
    for (const p of all) {
      if (p.bar) continue;
      p.frame.hidden = !shown.has(p);
      if (p.route?.barrier) p.route.barrier.hidden = p.frame.hidden;
    }
  }

  /**
   * The page unloads. Popped with a custom route, it stays for its exit (true), until `apply`
   * sees it back at 0 or its reverse duration is long past.
   * @param {RoutedPage} p @param {boolean} pop
   */
  leave(p, pop) {
    if (!p.route) return false;
    if (!pop) {
      p.route.barrier?.remove();
      return false;
    }
    this.leaving.set(p.page.id, p);
    setTimeout(() => this.leaving.has(p.page.id) && this.remove(p), p.route.reverse + 1000);
    return true;
  }

  /** @param {RoutedPage} p */
  remove(p) {
    this.leaving.delete(p.page.id);
    p.route?.barrier?.remove();
    this.removeFrame(p);
  }

  /**
   * A `route` message: each frame's style and its route's progress. Returns whether a route
   * finished or left its entrance (what shows under it changes).
   * @param {{frames: {page: number, style: Record<string, string> | null, progress?: number}[]}} msg
   * @param {(id: number) => RoutedPage | undefined} pageOf
   */
  apply(msg, pageOf) {
    let changed = false;
    for (const f of msg.frames || []) {
      const p = pageOf(f.page) || this.leaving.get(f.page);
      if (!p) continue;
      setStyle(p.frame, f.style);
      const r = p.route;
      if (!r || typeof f.progress !== 'number') continue;
      if (r.progress >= 1 !== f.progress >= 1) changed = true;
      r.progress = f.progress;
      if (r.barrier) r.barrier.style.opacity = String(f.progress);
      if (f.progress <= 0 && this.leaving.has(f.page)) this.remove(p);
    }
    return changed;
  }
}
