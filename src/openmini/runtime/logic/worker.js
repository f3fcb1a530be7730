// The logic worker's entry (docs/runtime-protocol.md). The service frame runs
//   import(".../logic/worker.js").then((m) => m.start(self))
// and then posts {t: "port"} with the control MessagePort. On `init` the worker loads the main
// package's bundles, removes the network from its global scope (DESIGN.md invariant 2), installs
// the mini program globals and runs app.js; then it drives pages for the host and answers
// the heartbeat.

import { define, registerView, requireModule, setLogicGlobals, hasModule, setPackageLoader } from './modules.js';
import { guardAsync, messageBudget } from './guard.js';
import { removeNetwork, ModuleLines, isError, messageOf, text } from './realm.js';
import {
  App, Page, Component, Behavior, getApp, getCurrentPages, installGlobals, hooks,
  launchApp, showApp, hideApp, appError, pageNotFound, unhandledRejection, themeChange,
  showPage, hidePage, pullDownRefresh, reachBottom, tabItemTap, resizePage, shareAppMessage,
} from './index.js';
import {
  createWx, beforeOpen, afterOpen, initStorage, initSystem, setEnterOptions, launchOptions, preloadChunks, addUnsupported,
  configureNetwork, connect, post, onReply, onTaskEvent, emit, bridge, wxConfig,
} from './wx/index.js';
import { epochNow, recordPerformance, startLaunch } from './wx/performance.js';

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug'];
/** Forwarded console/error messages per second (DESIGN.md invariant 8). */
const MESSAGES_PER_SECOND = 200;
/** ms between a page showing and the preloadRule packages loading. */
const PRELOAD_DELAY = 1000;

/** @typedef {Record<string, any>} Obj */

/**
 * The worker entry: wait for the control port, then serve it.
 * @param {any} scope the worker's global (`self`)
 */
export function start(scope) {
  // Taken now: the global one is removed after the main bundles load, and subpackages load later.
  const load = scope.importScripts.bind(scope);
  const render = import('../render/index.js');
  scope.addEventListener('message', function boot(/** @type {MessageEvent} */ e) {
    const d = e.data;
    if (!d || d.t !== 'port') return;
    scope.removeEventListener('message', boot);
    const port = d.port || e.ports[0];
    // Messages wait in the port's queue until onmessage is set.
    render.then((r) => createWorker(scope, r, load).listen(port), (err) => console.error('[openmini] the render layer failed to load', err));
  });
}

/**
 * The worker's message handling, with its dependencies passed in (tests give fakes).
 * @param {any} scope the global object developer code sees
 * @param {any} render render/index.js (docs/runtime-render.md)
 * @param {(url: string) => void} load importScripts
 */
export function createWorker(scope, render, load) {
  /** @type {Obj} */
  let manifest = { packages: {}, files: {}, pages: {}, app: {} };
  /** The package base (`manifest.json` and `files/` are under it, docs/runtime-protocol.md). */
  let base = '';
  /** Where stored files are: `files + manifest.files[name].file`. */
  let files = '';
  const loaded = new Set();
  let appStarted = false;
  /** Page id → its port. @type {Map<number, any>} */
  const ports = new Map();
  /** Where modules start in the package's bundles, to report file:line (set on init). */
  let lines = new ModuleLines('');
  const wx = createWx();
  /** Test-only control, when `init.test` (logic/testing.js, loaded only then). @type {Promise<(msg: Obj) => void> | null} */
  let testing = null;
  /** The promise rejection tracker (guard.js), once developer code may run. @type {{seen(p: unknown): void} | null} */
  let tracker = null;
  const out = { log: console.log.bind(console), error: console.error.bind(console) };
  bridge.render = render;
  /** console and error messages, budgeted: developer code cannot flood the host with them. */
  const forward = messageBudget(post, MESSAGES_PER_SECOND);
  /**
   * What API chunks' init gets (wx/deferred.js); the Worker constructor is taken now, as
   * wx.createWorker's threads need it and developer code must not have it.
   * @type {import('./wx/deferred.js').ChunkContext}
   */
  const context = { wx, render, Worker: scope.Worker, forward, files: '' };

  /** @param {string | undefined} stack */
  const locate = (stack) => lines.locate(stack);

  /** Report an error of developer code to the host (and App.onError, wx.onError). @param {unknown} error @param {string} [where] */
  function reportError(error, where) {
    const err = /** @type {any} */ (error);
    const message = messageOf(err);
    const stack = isError(err) ? err.stack || '' : '';
    const at = locate(stack);
    forward({ t: 'error', message: where ? `${where}: ${message}` : message, stack, file: at ? at.file : '', line: at ? at.line : 0 });
    appError(error);
    emit('error', [stack ? `${message}\n${stack}` : message]);
    out.error(`[openmini] ${where ? `${where}: ` : ''}`, error);
  }

  /** console.* still prints, and goes to the host. */
  function forwardConsole() {
    const c = scope.console || console;
    for (const level of CONSOLE) {
      const original = c[level].bind(c);
      c[level] = (/** @type {unknown[]} */ ...args) => {
        original(...args);
        const at = locate(new Error().stack);
        forward({ t: 'console', level, args: args.map(text), where: at ? `${at.file}:${at.line}` : '' });
      };
    }
  }

  /** importScripts a package's bundles (once). @param {string} name */
  function loadPackage(name) {
    if (loaded.has(name)) return;
    const pkg = manifest.packages[name];
    if (!pkg) throw new Error(`package "${name}" is not in the manifest`);
    const startTime = epochNow();
    /** @type {string[]} */
    const fileList = [];
    for (const key of [pkg.logic, pkg.view]) {
      const file = key && manifest.files[key];
      if (!file) continue;
      load(files + file.file);
      fileList.push(key);
    }
    loaded.add(name);
    recordPerformance({ name: 'evaluateScript', entryType: 'script', startTime, duration: epochNow() - startTime, moduleName: name, fileList });
  }

  /** The package whose root holds module `id` (the longest matching root; main: ""). @param {string} id */
  function packageOfModule(id) {
    let best = 'main';
    let len = -1;
    for (const name in manifest.packages) {
      const root = String(manifest.packages[name].root || '').replace(/\/?$/, '/');
      if (root !== '/' && id.startsWith(root) && root.length > len) {
        best = name;
        len = root.length;
      }
    }
    return best;
  }

  /** A preloadRule / require.async package reference: its name, or its root. @param {string} ref */
  function packageNamed(ref) {
    if (ref === '__APP__') return 'main';
    if (manifest.packages[ref]) return ref;
    const root = String(ref).replace(/\/$/, '');
    for (const name in manifest.packages) if (String(manifest.packages[name].root || '').replace(/\/$/, '') === root) return name;
    return null;
  }

  /**
   * app.json `preloadRule`: a second after a page with a rule is shown (its own first render and
   * resources go first), load the listed packages in the background (a browser has no
   * cellular/wifi distinction: "wifi" counts as "all").
   * @param {string} route
   */
  function preload(route) {
    const rules = manifest.app && manifest.app.preloadRule;
    const rule = rules && rules[route];
    if (!rule || !Array.isArray(rule.packages)) return;
    setTimeout(() => {
      for (const ref of rule.packages) {
        const name = packageNamed(ref);
        if (!name) continue;
        try {
          loadPackage(name);
        } catch (error) {
          reportError(error, `preloadRule of ${route}: package "${ref}"`);
        }
      }
    }, PRELOAD_DELAY);
  }

  /** An unhandled rejection: App.onUnhandledRejection, wx.onUnhandledRejection, the host. @param {unknown} reason @param {unknown} promise */
  function rejection(reason, promise) {
    const res = { reason, promise };
    unhandledRejection(res);
    emit('unhandledRejection', [res]);
    const r = /** @type {any} */ (reason);
    const message = messageOf(r);
    const stack = isError(r) ? r.stack || '' : '';
    const at = locate(stack);
    forward({ t: 'error', message: `unhandled promise rejection: ${message}`, stack, file: at ? at.file : '', line: at ? at.line : 0 });
  }

  /** Run app.js and App.onLaunch/onShow, once, with the main package loaded. */
  function startApp() {
    if (appStarted) return;
    appStarted = true;
    loadPackage('main');
    try {
      if (hasModule('app.js')) requireModule('app.js');
    } catch (error) {
      reportError(error, 'app.js');
    }
    launchApp(launchOptions());
  }

  /** The package that holds a route. @param {string} route */
  const packageOf = (route) => {
    const page = manifest.pages[route];
    return page ? page.package : 'main';
  };
  /** @param {string} name */
  const independent = (name) => !!(manifest.packages[name] && manifest.packages[name].independent);

  /** @param {Obj} msg */
  function init(msg) {
    startLaunch();
    manifest = msg.manifest;
    base = msg.base || '';
    files = base + (base.endsWith('/') ? '' : '/') + 'files/';
    context.files = files;
    initSystem(msg);
    addUnsupported(wx, manifest.unsupportedApis || []);
    initStorage(msg.storage, msg.storageLimit);
    configureNetwork(manifest.app && manifest.app.networkTimeout);
    lines = new ModuleLines(base);
    scope.__openmini_define__ = (/** @type {string} */ id, /** @type {any} */ requires, /** @type {any} */ factory) => {
      lines.record(id, new Error().stack);
      define(id, requires, factory);
    };
    scope.__openmini_view__ = registerView;
    // An independent subpackage launches without the main package (WeChat runs App later).
    const entry = packageOf(launchOptions().path);
    loadPackage(independent(entry) ? entry : 'main');
    removeNetwork(scope);
    // WeChat's read-only config global (`__wxConfig.envVersion`, `.lang`, `.pages`…)
    Object.defineProperty(scope, '__wxConfig', { value: wxConfig(manifest, msg), writable: false, configurable: false });
    setPackageLoader((id) => new Promise((resolve) => resolve(loadPackage(packageOfModule(id)))));
    const shared = {};
    setLogicGlobals({ App, Page, Component, Behavior, getApp, getCurrentPages, wx, global: shared });
    installGlobals(scope);
    scope.wx = wx;
    // WeChat's module wrapper declares `window` and `document` (as undefined): a UMD bundle's
    // `})(window, factory)` (wxml-to-canvas) evaluates to undefined there, not a ReferenceError
    scope.window = undefined;
    scope.document = undefined;
    hooks.error = (error, where) => reportError(error, where);
    hooks.rejection = (reason) => rejection(reason, null);
    tracker = guardAsync(scope, reportError, rejection);
    forwardConsole();
    render.configureRender({ manifest, base: files, load: loadPackage });
    if (msg.test === true) testing = import('./testing.js').then((t) => t.testControl(render, post));
    if (!independent(entry)) startApp();
    post({ t: 'ready' });
  }

  /** @param {Obj} msg */
  function openPage(msg) {
    const { page: id, route, openType, port } = msg;
    const query = msg.query || {};
    const known = Object.hasOwn(manifest.pages, route);
    if (!known && openType !== 'customTabBar') {
      const res = { path: route, query, isEntryPage: openType === 'appLaunch', openType };
      pageNotFound(res);
      emit('pageNotFound', [res]);
      post({ t: 'error', message: `page "${route}" is not found`, stack: '', file: '', line: 0 });
      return;
    }
    const pkg = packageOf(route);
    if (!independent(pkg)) startApp();
    loadPackage(pkg);
    const logic = known ? manifest.pages[route].logic : `${route}.js`;
    if (logic && hasModule(logic)) requireModule(logic);
    beforeOpen(openType);
    let inst = null;
    try {
      inst = render.openPage({ id, route, query, openType, send: (/** @type {any} */ m, /** @type {any[]} */ transfer) => port.postMessage(m, transfer) });
    } finally {
      afterOpen(inst);
    }
    ports.set(id, port);
    port.onmessage = (/** @type {MessageEvent} */ e) => {
      try {
        render.handleViewMessage(id, e.data);
      } catch (error) {
        reportError(error);
      }
    };
    if (openType !== 'customTabBar' && inst) {
      showPage(inst);
      preload(route);
    }
  }

  /** @param {Obj} msg */
  function pageEvent(msg) {
    const page = render.pageOf(msg.page);
    if (!page) return;
    const args = msg.args || {};
    switch (msg.name) {
      case 'pullDownRefresh': return pullDownRefresh(page);
      case 'reachBottom': return reachBottom(page);
      case 'tabItemTap': return tabItemTap(page, args);
      case 'resize':
        resizePage(page, args);
        return emit('windowResize', [args]);
      case 'shareAppMessage': return share(msg.id, shareAppMessage(page, args));
    }
  }

  /**
   * Answer the host with the share content; a `promise` field (WeChat 2.12) may replace it if
   * it resolves within 3 s.
   * @param {number} id @param {any} content
   */
  function share(id, content) {
    const plain = content && typeof content === 'object' ? { ...content } : {};
    const later = plain.promise;
    delete plain.promise;
    const answer = (/** @type {Obj} */ result) => post({ t: 'reply', id, ok: true, result: JSON.parse(JSON.stringify(result)) });
    if (!later || typeof later.then !== 'function') return answer(plain);
    const timer = new Promise((resolve) => setTimeout(() => resolve(plain), 3000));
    Promise.race([later, timer]).then((r) => answer({ ...plain, ...(r || {}) }), () => answer(plain));
  }

  /** Messages that came while `init` waited for the API chunks, in order. @type {Obj[] | null} */
  let held = null;

  /**
   * Handle one control message. The package's modules may use the APIs of chunks at their top
   * level (`wx.worklet.shared(0)`): `init` first loads the chunks the code names
   * (wx/deferred.js), and later messages wait.
   * @param {Obj} msg
   */
  function handle(msg) {
    if (held) return void held.push(msg);
    const chunks = msg.t === 'init' && msg.manifest ? preloadChunks(wx, msg, context) : null;
    if (!chunks) return dispatch(msg);
    held = [msg];
    const go = () => {
      const queue = /** @type {Obj[]} */ (held);
      held = null;
      for (const m of queue) {
        try {
          dispatch(m);
        } catch (error) {
          reportError(error);
        }
      }
    };
    chunks.then(go, (error) => {
      out.error('[openmini] an API chunk failed to load', error);
      go();
    });
  }

  /** @param {Obj} msg */
  function dispatch(msg) {
    switch (msg.t) {
      case 'init': return init(msg);
      case 'page.open': return openPage(msg);
      case 'page.show': { const p = render.pageOf(msg.page); if (p) showPage(p); return; }
      case 'page.hide': { const p = render.pageOf(msg.page); if (p) hidePage(p); return; }
      case 'page.unload': {
        if (hooks.leaveRoute) hooks.leaveRoute(msg.page, !!msg.pop);
        render.closePage(msg.page);
        const port = ports.get(msg.page);
        ports.delete(msg.page);
        if (port && port.close) port.close();
        return;
      }
      case 'page.event': return pageEvent(msg);
      case 'app.show':
        setEnterOptions(msg.options || {});
        showApp(msg.options || {});
        emit('appShow', [msg.options || {}]);
        return;
      case 'app.hide':
        hideApp();
        emit('appHide', []);
        return;
      case 'reply': return onReply(/** @type {any} */ (msg));
      case 'notify':
        if (msg.name === 'task') return onTaskEvent(msg.payload);
        if (msg.name === 'themeChange') themeChange(msg.payload);
        emit(msg.name, [msg.payload]);
        return;
      case 'ping': return post({ t: 'pong', n: msg.n });
      case 'test': return void testing?.then((control) => control(msg));
    }
  }

  scope.addEventListener('error', (/** @type {ErrorEvent} */ e) => {
    reportError(e.error || e.message);
    e.preventDefault();
  });
  scope.addEventListener('unhandledrejection', (/** @type {PromiseRejectionEvent} */ e) => {
    if (tracker) tracker.seen(e.promise); // reported here, not again by the tracker
    rejection(e.reason, e.promise);
    e.preventDefault();
  });

  return {
    handle,
    wx,
    /** Serve the control port. @param {any} port */
    listen(port) {
      connect(port);
      port.onmessage = (/** @type {MessageEvent} */ e) => {
        try {
          handle(e.data);
        } catch (error) {
          reportError(error);
        }
      };
    },
  };
}
