/**
 * WeChat's IntersectionObserver (`this.createIntersectionObserver(options)`,
 * `wx.createIntersectionObserver(comp, options)`). Selectors are resolved here over the
 * composed tree when `observe` is called; the page frame watches the nodes with the browser's
 * IntersectionObserver (`observe` → `intersection` messages, docs/runtime-protocol.md).
 */

import { VIRT, flushPage } from './tree.js';
import { stateOf } from './component.js';
import { selectBlocks, whenMounted } from './query.js';
import { getCurrentPages, safeCall, hooks } from '../logic/index.js';

/** @typedef {{left?: number, right?: number, top?: number, bottom?: number}} Margins */

export class IntersectionObserver {
  /**
   * @param {any} comp the component whose template the selectors search
   * @param {{thresholds?: number[], initialRatio?: number, observeAll?: boolean}} options
   */
  constructor(comp, options) {
    this._comp = comp;
    this._opts = options || {};
    /** @type {string | null} null: the viewport */
    this._rel = null;
    /** @type {Margins} */
    this._margins = {};
    /** @type {[any, number][]} [page view, observation id] */
    this._live = [];
  }

  /** @param {string} selector @param {Margins} [margins] */
  relativeTo(selector, margins) {
    this._rel = selector;
    this._margins = margins || {};
    return this;
  }

  /** @param {Margins} [margins] */
  relativeToViewport(margins) {
    this._rel = null;
    this._margins = margins || {};
    return this;
  }

  /** @param {string} selector @param {(res: any) => void} callback */
  observe(selector, callback) {
    const cs = this._comp && stateOf(this._comp);
    if (cs) whenMounted(cs.ctx.page, () => this._observe(cs, selector, callback));
  }

  /** @param {any} cs @param {string} selector @param {(res: any) => void} callback */
  _observe(cs, selector, callback) {
    if (cs.dead) return;
    const nodes = selectBlocks(cs, selector, false).filter((b) => b.k !== VIRT);
    if (!nodes.length) return hooks.warn(`createIntersectionObserver: no node matches "${selector}"`, this._comp);
    const targets = this._opts.observeAll ? nodes : nodes.slice(0, 1);
    const root = this._rel === null ? null : selectBlocks(cs, this._rel, false).find((b) => b.k !== VIRT);
    if (this._rel !== null && !root) return hooks.warn(`createIntersectionObserver: no node matches "${this._rel}"`, this._comp);
    const view = cs.ctx.page;
    const id = view.nextQuery++;
    const byId = new Map(targets.map((b) => [b.id, b]));
    view.observers.set(id, (/** @type {any} */ m) => {
      const b = byId.get(m.node);
      if (!b || !b.live) return;
      const v = /** @type {any} */ (b.v);
      const res = {
        id: v.domId || '', dataset: v.dataset || {}, intersectionRatio: m.intersectionRatio,
        intersectionRect: m.intersectionRect, boundingClientRect: m.boundingClientRect,
        relativeRect: m.relativeRect, time: m.time,
      };
      safeCall(callback, this, [res], 'IntersectionObserver callback', this._comp);
    });
    this._live.push([view, id]);
    flushPage(view); // the nodes must exist in the frame first
    view.send({
      t: 'observe', id, nodes: targets.map((b) => b.id), root: root ? root.id : 0, margins: this._margins,
      thresholds: Array.isArray(this._opts.thresholds) && this._opts.thresholds.length ? this._opts.thresholds : [0],
      initialRatio: Number(this._opts.initialRatio) || 0,
    });
  }

  disconnect() {
    for (const [view, id] of this._live) {
      view.observers.delete(id);
      view.send({ t: 'unobserve', id });
    }
    this._live = [];
  }
}

/** @param {any} [comp] default: the current page @param {any} [options] */
export function createIntersectionObserver(comp, options) {
  const pages = getCurrentPages();
  return new IntersectionObserver(comp || pages[pages.length - 1], options || {});
}
