/**
 * Selectors over the composed tree: `selectComponent(s)` (the model's select hook) and
 * WeChat's SelectorQuery, whose measurements the page frame answers (`query` →
 * `queryResult`). Selectors: compound `tag#id.a.b`, lists with `,`, descendant (space),
 * child (`>`) and `>>>` (descendant across component boundaries).
 */

import { VIRT, flushPage } from './tree.js';
import { stateOf } from './component.js';
import { settings } from './settings.js';
import { mediaUrl } from './values.js';
import { CanvasNode } from './canvas-node.js';
import { getCurrentPages } from '../logic/index.js';
import { invoke } from '../logic/wx/call.js';

/** @typedef {import('./tree.js').Block} Block */
/** @typedef {{tag: string, id: string, classes: string[], comb: string}} Compound */

/** @type {Map<string, Compound[][]>} */
const parsed = new Map();

/** @param {string} selector @returns {Compound[][]} */
function parse(selector) {
  let out = parsed.get(selector);
  if (out) return out;
  out = [];
  for (const part of selector.split(',')) {
    /** @type {Compound[]} */
    const chain = [];
    const tokens = part.trim().replace(/\s*(>>>|>)\s*/g, ' $1 ').split(/\s+/);
    let comb = ' ';
    for (const t of tokens) {
      if (!t) continue;
      if (t === '>' || t === '>>>') {
        comb = t;
        continue;
      }
      const m = /^([\w-]*)((?:[#.][\w-]+)*)$/.exec(t);
      if (!m) return (parsed.set(selector, []), []);
      const c = { tag: m[1], id: '', classes: /** @type {string[]} */ ([]), comb };
      for (const s of m[2].match(/[#.][\w-]+/g) || []) {
        if (s[0] === '#') c.id = s.slice(1);
        else c.classes.push(s.slice(1));
      }
      chain.push(c);
      comb = ' ';
    }
    if (chain.length) out.push(chain);
  }
  parsed.set(selector, out);
  return out;
}

/** @param {Block} b @param {Compound} c */
function matchOne(b, c) {
  const v = /** @type {any} */ (b.v);
  if (c.tag && v.tag !== c.tag) return false;
  if (c.id && v.domId !== c.id) return false;
  for (let i = 0; i < c.classes.length; i++) if (!v.raw || !v.raw.includes(c.classes[i])) return false;
  return true;
}

/** The element or host above `b` in the composed tree. @param {Block} b */
function parentOf(b) {
  let u = b.up;
  while (u && u.k === VIRT && u.t !== 'comp') u = u.up;
  return u && u.node ? u : null;
}

/** @param {Block} b @param {Compound[]} chain @param {number} at */
function matchChain(b, chain, at) {
  if (!matchOne(b, chain[at])) return false;
  if (at === 0) return true;
  const comb = chain[at].comb;
  for (let p = parentOf(b); p; p = parentOf(p)) {
    if (comb !== '>>>' && p.ctx.comp !== b.ctx.comp && p.t === 'comp' && p.cs.comp === b.ctx.comp) return false;
    if (matchChain(p, chain, at - 1)) return true;
    if (comb === '>') return false;
  }
  return false;
}

/**
 * Blocks of `cs`'s template (and of nested templates when the selector crosses with `>>>`)
 * matching `selector`, in tree order.
 * @param {any} cs @param {string} selector @param {boolean} componentsOnly
 */
export function selectBlocks(cs, selector, componentsOnly) {
  const chains = parse(selector);
  const deep = selector.includes('>>>');
  /** @type {Block[]} */
  const out = [];
  /** @param {Block[]} blocks */
  const walk = (blocks) => {
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      if (b.node && (b.k !== VIRT || b.t === 'comp') && (!componentsOnly || b.t === 'comp')) {
        for (let j = 0; j < chains.length; j++) {
          if (matchChain(b, chains[j], chains[j].length - 1)) {
            out.push(b);
            break;
          }
        }
      }
      if (b.t === 'comp') {
        walk(/** @type {Block[]} */ (b.content));
        if (deep) walk(b.kids);
      } else if (b.t !== 'slot') walk(b.kids);
    }
  };
  walk(cs.block.kids);
  return out;
}

/** The model's select hook (selectComponent / selectAllComponents). @param {any} comp @param {string} selector */
export function selectComponents(comp, selector) {
  const cs = stateOf(comp);
  if (!cs) return [];
  return selectBlocks(cs, selector, true).map((b) => /** @type {any} */ (b.cs).comp);
}

/**
 * `this.getRelationNodes` in tree order: sort linked components by their place in the page.
 * @param {any[]} comps
 */
export function inTreeOrder(comps) {
  const rank = new Map();
  let n = 0;
  /** @param {Block} b */
  const walk = (b) => {
    if (b.t === 'comp') rank.set(b.cs.comp, n++);
    for (let i = 0; i < b.kids.length; i++) walk(b.kids[i]);
  };
  const first = comps[0] && stateOf(comps[0]);
  if (!first) return comps;
  walk(first.ctx.page.root);
  return comps.slice().sort((a, b) => (rank.get(a) ?? 1e9) - (rank.get(b) ?? 1e9));
}

/**
 * Answer to a `query`/`method`/`observe` message: the whole answer goes to the waiting
 * callback (a failed widget method answers `{id, errMsg}` without `result`).
 * @param {any} view @param {{id: number, result?: any, errMsg?: string}} msg
 */
export function answer(view, msg) {
  const cb = view.queries.get(msg.id);
  if (!cb) return;
  view.queries.delete(msg.id);
  cb(msg);
}

/**
 * Run `fn` once the page's first batch is sent: a query or widget call made in `onLoad` (before
 * the template is in the frame) waits for it, then resolves its nodes.
 * @param {any} view @param {() => void} fn
 */
export function whenMounted(view, fn) {
  if (view.root.live) fn();
  else (view.later || (view.later = [])).push(fn);
}

/** Send a message that the frame answers; `cb` gets the answer message. @param {any} view @param {any} msg @param {(answer: any) => void} cb */
export function ask(view, msg, cb) {
  const id = view.nextQuery++;
  view.queries.set(id, cb);
  flushPage(view); // measure after the pending ops are applied
  view.send({ ...msg, id });
}

/** The scope of `wx.createSelectorQuery()`: the page on top when the query runs. */
const CURRENT_PAGE = {};
const currentPage = () => getCurrentPages().at(-1);

/**
 * Run widget method `name` of node `node` (0: the page itself) in the frame: the result, or a
 * rejection with the frame's `{errMsg}`.
 * @param {any} view @param {number} node @param {string} name @param {unknown} args @returns {Promise<any>}
 */
function callNode(view, node, name, args) {
  return new Promise((resolve, reject) => {
    ask(view, { t: 'method', node, name, args }, (m) => (m.errMsg ? reject({ errMsg: m.errMsg }) : resolve(m.result)));
  });
}

/**
 * WeChat's SelectorQuery. `scope` is the component whose template is searched (a page or
 * a component, `.in(component)`).
 */
export class SelectorQuery {
  /** @param {any} scope component instance */
  constructor(scope) {
    this._scope = scope;
    /** @type {{sel: string | null, all: boolean, fields: any, cb?: Function}[]} */
    this._reqs = [];
  }

  /** @param {any} comp */
  in(comp) {
    this._scope = comp;
    return this;
  }

  /** @param {string} selector */
  select(selector) {
    return new NodesRef(this, selector, false);
  }

  /** @param {string} selector */
  selectAll(selector) {
    return new NodesRef(this, selector, true);
  }

  selectViewport() {
    return new NodesRef(this, null, false);
  }

  /**
   * Nodes are resolved now, not at `select()`: a query built in `onLoad` finds the template's
   * nodes once the page's first batch is in the frame.
   * @param {Function} [cb]
   */
  exec(cb) {
    const reqs = this._reqs;
    this._reqs = [];
    // `wx.createSelectorQuery()` in a page's `attached` (a Component page) runs before the page
    // is on the stack and built: the current page is the one being opened, a microtask later.
    if (this._scope === CURRENT_PAGE) return void Promise.resolve().then(() => this._run(reqs, currentPage(), cb));
    this._run(reqs, this._scope, cb);
  }

  /** @param {any[]} reqs @param {any} scope @param {Function} [cb] */
  _run(reqs, scope, cb) {
    const cs = scope && stateOf(scope);
    if (!cs) {
      if (cb) cb(reqs.map((r) => (r.all ? [] : null)));
      return;
    }
    const view = cs.ctx.page;
    whenMounted(view, () => {
      const nodes = reqs.map((r) => {
        const found = r.sel === null ? [view.root] : selectBlocks(cs, r.sel, false).filter((b) => b.k !== VIRT);
        return r.all ? found : found.slice(0, 1);
      });
      const message = { t: 'query', nodes: nodes.map((list) => list.map((b) => b.id)), fields: reqs.map((r) => r.fields) };
      ask(view, message, ({ result }) => {
        const out = reqs.map((r, i) => {
          const list = nodes[i].map((b, j) => withIds(b, r.fields, (result && result[i] && result[i][j]) || {}, view));
          const value = r.all ? list : list[0] || null;
          if (r.cb) r.cb(value);
          return value;
        });
        if (cb) cb(out);
      });
    });
  }
}

/**
 * id/dataset come from logic (the frame does not keep raw values), and so does a canvas's node.
 * @param {Block} b @param {any} fields @param {any} res @param {any} view
 */
function withIds(b, fields, res, view) {
  const v = /** @type {any} */ (b.v);
  if (fields.node && v.tag === 'canvas') res.node = canvasNode(b, view, res.node);
  if (fields.node && v.tag === 'scroll-view') res.node = v.scrollContext || (v.scrollContext = scrollContext(b, view));
  if (fields.id) res.id = v.domId || '';
  if (fields.dataset) res.dataset = v.dataset || {};
  if (fields.mark) res.mark = {};
  if (fields.properties && b.node && b.node.attrs) {
    for (const name of fields.properties) if (v.props && name in v.props) res[name] = v.props[name];
  }
  return res;
}

/**
 * A scroll-view's node: WeChat's ScrollViewContext, whose calls the widget in the frame runs
 * (`scrollTo`, `scrollIntoView`; what it does not do, such as the two-level refresher, fails).
 * @param {Block} b @param {any} view
 */
function scrollContext(b, view) {
  /** @param {string} name @param {any} o the options, whose callbacks stay here @param {any} [extra] */
  const call = (name, o, extra) => invoke(name, o, (/** @type {any} */ opts) => {
    const args = { ...extra };
    for (const k in opts) if (typeof opts[k] !== 'function') args[k] = opts[k];
    return callNode(view, b.id, name, args);
  });
  /** @type {Record<string, Function>} */
  const ctx = {
    scrollIntoView: (/** @type {string} */ selector, /** @type {any} */ o) => call('scrollIntoView', o, { selector }),
  };
  for (const name of ['scrollTo', 'closeRefresh', 'triggerRefresh', 'closeTwoLevel', 'triggerTwoLevel']) {
    ctx[name] = (/** @type {any} */ o) => call(name, o);
  }
  return ctx;
}

/**
 * The Canvas node of a `type` canvas: made once, from the surface the frame transfers the first
 * time it is asked (later answers are `true`); a legacy canvas has none.
 * @param {Block} b @param {any} view @param {unknown} answered
 */
function canvasNode(b, view, answered) {
  const v = /** @type {any} */ (b.v);
  if (v.canvasNode) return v.canvasNode;
  if (!answered || typeof answered !== 'object') return null;
  /** @param {string} src */
  const load = (src) => callNode(view, b.id, 'loadImage', { src });
  const resolve = (/** @type {string} */ src) => String(mediaUrl(src, b.ctx.path, settings.manifest, settings.base));
  const alive = () => b.live && !stateOf(view.comp)?.dead;
  return (v.canvasNode = new CanvasNode(answered, load, resolve, alive));
}

/**
 * `wx.createOffscreenCanvas`: a Canvas node over a surface of the worker's own, not on any page.
 * Its images are loaded by the page frame of `scope` (default: the top page), which answers
 * `loadImage` on the page itself (node 0).
 * @param {any} surface an OffscreenCanvas @param {any} [scope] a page or component
 */
export function offscreenNode(surface, scope) {
  const owner = () => scope || currentPage();
  /** @param {string} src */
  const load = (src) => new Promise((resolve, reject) => {
    const cs = stateOf(owner());
    if (!cs) return reject({ errMsg: 'loadImage:fail no page to load the image in' });
    const view = cs.ctx.page;
    whenMounted(view, () => callNode(view, 0, 'loadImage', { src }).then(resolve, reject));
  });
  return new CanvasNode(surface, load, (src) => mediaUrlOf(owner(), src), () => true);
}

class NodesRef {
  /** @param {SelectorQuery} query @param {string | null} selector @param {boolean} all */
  constructor(query, selector, all) {
    this._q = query;
    this._sel = selector;
    this._all = all;
  }

  /** @param {any} fields @param {Function} [cb] */
  fields(fields, cb) {
    this._q._reqs.push({ sel: this._sel, all: this._all, fields, cb });
    return this._q;
  }

  /** @param {Function} [cb] */
  boundingClientRect(cb) {
    return this.fields({ id: true, dataset: true, rect: true, size: true }, cb);
  }

  /** @param {Function} [cb] */
  scrollOffset(cb) {
    return this.fields({ id: true, dataset: true, scrollOffset: true }, cb);
  }

  /** @param {Function} [cb] */
  node(cb) {
    return this.fields({ node: true }, cb);
  }
}

/** `wx.createSelectorQuery()` / `this.createSelectorQuery()`. @param {any} [scope] a component; default the current page */
export function createSelectorQuery(scope) {
  return new SelectorQuery(scope || CURRENT_PAGE);
}



/**
 * A method of a built-in widget (video play, scroll-view scrollTo, canvas draw…): a `method`
 * message to the first node matching `selector` in `scope`'s template — a selector, or
 * `{tag, attr, value}` for a node found by an attribute (a legacy canvas by its `canvas-id`).
 * Resolves with the widget's result; rejects with `{errMsg}` when the widget failed
 * (`"<name>:fail …"`) or no node matches (`"<name>:fail node not found"`).
 * @param {any} scope @param {string | {tag: string, attr: string, value: unknown}} selector
 * @param {string} name @param {unknown} args
 * @returns {Promise<any>}
 */
export function callWidget(scope, selector, name, args) {
  return new Promise((resolve, reject) => {
    const cs = stateOf(scope);
    if (!cs) return reject({ errMsg: `${name}:fail node not found` });
    whenMounted(cs.ctx.page, () => {
      const b = typeof selector === 'string' ? selectBlocks(cs, selector, false)[0] : withAttr(cs, selector);
      if (!b || b.k === VIRT) return reject({ errMsg: `${name}:fail node not found` });
      callNode(cs.ctx.page, b.id, name, args).then(resolve, reject);
    });
  });
}

/**
 * The first element of `cs`'s template with tag `tag` whose attribute `attr` is `value`.
 * @param {any} cs @param {{tag: string, attr: string, value: unknown}} want @returns {Block | undefined}
 */
function withAttr(cs, want) {
  return selectBlocks(cs, want.tag, false).find((b) => {
    const v = /** @type {any} */ (b.v);
    return v.props && v.props[want.attr] != null && String(v.props[want.attr]) === String(want.value);
  });
}

/**
 * A media path as `scope` (a page or component) wrote it — absolute or relative to its files —
 * as the URL of the package file; other values (URLs, temp files) as they are.
 * @param {any} scope @param {string} src
 */
export function mediaUrlOf(scope, src) {
  const cs = stateOf(scope);
  return String(mediaUrl(src, cs ? cs.path : '', settings.manifest, settings.base));
}
