// launch(container, options): run one mini program inside `container` (docs/runtime-host.md).
// The host owns the page stack, the chrome around the page frames, dialogs and the API broker;
// all developer code runs in the logic worker behind the service frame.

import { answer } from './broker.js';
import { ApiError, fail } from './args.js';
import { NavBar, navState, TabBar } from './chrome.js';
import { actionSheetOptions, Dialogs, modalOptions, toastOptions } from './dialogs.js';
import { button, h, packageUrl } from './dom.js';
import { Files } from './files.js';
import { pageDoc, sandboxedFrame, serviceDoc } from './frames.js';
import { Heartbeat } from './heartbeat.js';
import { Router } from './router.js';
import { menuButtonRect, systemInfo } from './system.js';
import { resolveUrl } from './url.js';

/**
 * @typedef {{
 *   runtimeBase: string, bundleBase?: string, packageBase: string, apiBase: string, appId: string, user?: string,
 *   path?: string, scene?: number, referrerInfo?: object, platform?: string, statusBarHeight?: number,
 *   envVersion?: 'develop' | 'trial' | 'release', version?: string,
 *   domains?: Record<string, string[]> | null, test?: boolean,
 *   onConsole?(entry: any): void, onError?(entry: any): void, onNetwork?(entry: any): void,
 *   onStorage?(items: Record<string, any>): void, onClose?(result?: { extraData?: any }): void,
 *   openMiniProgram?(target: MiniProgramTarget, confirm: (name: string) => Promise<boolean>): Promise<void>,
 *   onRestart?(path: string): void,
 * }} LaunchOptions
 *   onClose: `result` when navigateBackMiniProgram closed it; openMiniProgram: wx.navigateToMiniProgram
 *   on a platform that can run several (the shell), rejects with the reason; onRestart: restartMiniProgram
 * @typedef {{ appId: string, path: string, extraData: any, envVersion: string }} MiniProgramTarget
 * @typedef {{ id: number, route: string, query: Record<string, string>, tab: boolean }} StackPage
 * @typedef {{ page: StackPage, frame: HTMLIFrameElement, port: MessagePort | null, config: Record<string, any>, nav: import('./chrome.js').NavState, bar?: boolean, route?: import('./routes.js').HostRoute }} HostPage
 *   route: opened with a custom route (logic's navigateTo `customRoute`)
 */

/** How long an unloaded page's frame stays (hidden) before it is removed; see `unload`. */
const FRAME_REMOVAL_DELAY_MS = 1000;

/** navigator open-type → navigation API. */
const OPEN_TYPES = /** @type {Record<string, string>} */ ({
  navigate: 'navigateTo', navigateTo: 'navigateTo', redirect: 'redirectTo', redirectTo: 'redirectTo',
  switchTab: 'switchTab', reLaunch: 'reLaunch', navigateBack: 'navigateBack',
});

/**
 * @param {HTMLElement} container  a phone-sized box
 * @param {LaunchOptions} options
 */
export async function launch(container, options) {
  // bundleBase: the runtime served one file per realm (server/runtime_bundle.py); the sandboxed
  // frames and the worker have opaque origins, so without it each one fetches every module again
  const { runtimeBase, packageBase, bundleBase = '' } = options;
  const getJson = async (/** @type {string} */ url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.json();
  };
  const appid = encodeURIComponent(options.appId);
  const [manifest, stored] = await Promise.all([
    getJson(new URL('manifest.json', packageBase).href),
    getJson(new URL(`storage?appid=${appid}`, options.apiBase).href),
  ]);
  const storage = stored.items || {};
  if (options.onStorage) options.onStorage(storage);
  const app = manifest.app;
  const win = app.window || {};
  const fileUrl = (/** @type {string} */ path) => packageUrl(manifest, packageBase, path);
  const statusBar = options.statusBarHeight || 0;
  const log = (/** @type {string} */ level, /** @type {string} */ text) => (options.onConsole ? options.onConsole({ level, args: [text], where: 'host' }) : console[/** @type {'log'} */ (level)](text));

  // ---- the shell
  if (!document.querySelector('link[data-openmini-host]')) {
    const css = h('link', '');
    css.setAttribute('rel', 'stylesheet');
    css.setAttribute('href', new URL('host/host.css', runtimeBase).href);
    css.dataset.openminiHost = '';
    document.head.appendChild(css);
  }
  container.textContent = '';
  const root = h('div', 'om-app', null, container);
  const navbar = new NavBar(root, statusBar, { back: () => router.run('navigateBack', { delta: 1 }), home: () => router.run('reLaunch', { url: `/${manifest.entryPagePath}` }) });
  const pull = h('div', 'om-pull', null, root);
  for (let i = 0; i < 3; i++) h('i', '', null, pull);
  const body = h('div', 'om-body', null, root);
  const tabCfg = app.tabBar || null;
  const tabbar = tabCfg ? new TabBar(root, tabCfg, fileUrl, tapTab) : null;
  const customBar = tabCfg && tabCfg.custom ? h('div', 'om-custom-tabbar', null, root) : null;
  const capsule = h('div', 'om-capsule', null, root);
  const rect = menuButtonRect(container.clientWidth, statusBar);
  capsule.style.top = `${rect.top}px`;
  button('om-capsule-menu', '•••', menu, capsule).setAttribute('aria-label', 'menu');
  button('om-capsule-close', '◉', () => handle.close(), capsule).setAttribute('aria-label', 'close');
  const layer = h('div', 'om-layer', null, root);
  const dialogs = new Dialogs(layer, fileUrl);
  const files = new Files();

  // ---- logic: service frame → worker, control channel, heartbeat
  const control = new MessageChannel();
  const toLogic = control.port1;
  const send = (/** @type {any} */ msg, /** @type {Transferable[]} */ transfer = []) => toLogic.postMessage(msg, transfer);
  const service = sandboxedFrame(serviceDoc(runtimeBase, packageBase, bundleBase), 'om-service');
  service.hidden = true;
  root.appendChild(service);
  const banner = h('div', 'om-banner', null, root);
  banner.hidden = true;
  h('span', '', `“${win.navigationBarTitleText || options.appId}” 没有响应`, banner);
  button('', '关闭', () => handle.close(), banner);
  button('', '等待', () => {
    heartbeat.wait();
    banner.hidden = true;
  }, banner);
  const heartbeat = new Heartbeat((n) => send({ t: 'ping', n }), (stuck) => (banner.hidden = !stuck));

  /** @type {Map<number, HostPage>} */
  const pages = new Map();
  const top = () => {
    const p = router.top();
    return p ? /** @type {HostPage} */ (pages.get(p.id)) : null;
  };

  /** Custom routes (routes.js), once a page opened with one. @type {import('./routes.js').Routes | null} */
  let routes = null;
  const removeFrame = (/** @type {{frame: HTMLIFrameElement}} */ p) => {
    // Hidden now, removed a moment later: a tap inside this frame may be what unloads it, and
    // Chromium runs sandboxed frames in their own process, which must live to acknowledge that
    // input (removing it at once leaves the pointer's release unanswered).
    p.frame.hidden = true;
    setTimeout(() => p.frame.remove(), FRAME_REMOVAL_DELAY_MS);
  };

  const router = new Router(manifest, {
    open(page, openType, route) {
      const info = manifest.pages[page.route];
      const config = { ...win, ...info.config };
      // app.wxss does not apply to an independent subpackage's pages (WeChat: they run without the main package)
      const pkg = (manifest.packages || {})[info.package];
      const styles = [pkg && pkg.independent ? '' : 'app.css', info.style].map(fileUrl).filter(Boolean);
      const frame = sandboxedFrame(pageDoc({ runtimeBase, bundleBase, packageBase, styles }), 'om-page');
      frame.title = page.route;
      body.appendChild(frame);
      const channel = new MessageChannel();
      /** @type {HostPage} */
      const p = { page, frame, port: channel.port1, config, nav: navState(config) };
      pages.set(page.id, p);
      if (route) {
        frame.style.opacity = '0'; // until its first style is on
        import('./routes.js').then((m) => (routes ||= new m.Routes(removeFrame, () => router.run('navigateBack', { delta: 1 }))).open(p, route));
      }
      // page.open goes out at once: onLoad runs while the frame loads; the frame's end of the
      // channel queues messages until it is handed over on frame.ready.
      send({ t: 'page.open', page: page.id, route: page.route, query: page.query, openType, port: channel.port2 }, [channel.port2]);
    },
    show: (page) => send({ t: 'page.show', page: page.id }),
    hide: (page) => send({ t: 'page.hide', page: page.id }),
    unload(page, pop) {
      const p = pages.get(page.id);
      // a popped custom route keeps its frame for its exit
      const exit = !!(p && routes && routes.leave(p, !!pop));
      send({ t: 'page.unload', page: page.id, ...(exit && { pop: true }) });
      if (p && !exit) removeFrame(p);
      pages.delete(page.id);
    },
    changed: render,
  });

  function render() {
    const t = top();
    if (!t) return;
    if (routes) routes.show(router.stack.map((s) => /** @type {HostPage} */ (pages.get(s.id))), pages.values());
    else for (const p of pages.values()) if (!p.bar) p.frame.hidden = p !== t;
    navbar.render(t.nav, router.stack.length > 1 ? 'back' : t.page.route !== manifest.entryPagePath && !t.page.tab ? 'home' : '');
    root.classList.toggle('om-custom-nav', t.nav.custom);
    capsule.classList.toggle('om-capsule-light', t.nav.front === '#ffffff' && !t.nav.custom);
    const sel = tabbar ? tabbar.indexOf(t.page.route) : -1;
    if (tabbar) tabbar.render(sel);
    if (customBar) customBar.hidden = sel < 0 || !tabbar || tabbar.hidden;
    setPull(t, '');
  }

  /** Pull-down indicator: '' hidden, 'pull' while dragging, 'refresh' until stopPullDownRefresh. */
  function setPull(/** @type {HostPage} */ p, /** @type {string} */ state) {
    pull.className = `om-pull${state ? ` om-pull-${state}` : ''}${p.config.backgroundTextStyle === 'light' ? ' om-pull-light' : ''}`;
    pull.style.background = p.config.backgroundColor || '#ffffff';
  }

  function pageEvent(/** @type {HostPage} */ p, /** @type {string} */ name, /** @type {any} */ args) {
    send({ t: 'page.event', page: p.page.id, name, args });
  }

  function tapTab(/** @type {number} */ index) {
    const item = /** @type {TabBar} */ (tabbar).cfg.list[index];
    const err = router.run('switchTab', { url: `/${item.pagePath}` });
    if (err) return log('warn', err);
    pageEvent(/** @type {HostPage} */ (top()), 'tabItemTap', { index: String(index), pagePath: item.pagePath, text: item.text || '' });
  }

  async function menu() {
    const items = shareMenu ? ['转发给朋友', '重新进入小程序'] : ['重新进入小程序'];
    const i = await dialogs.actionSheet(actionSheetOptions({ itemList: items }));
    const t = top();
    if (items[i] === '转发给朋友' && t) share(t, 'menu');
    else if (items[i] === '重新进入小程序') router.run('reLaunch', { url: `/${router.entry}` });
  }

  // ---- frames → host
  function onFrameMessage(/** @type {MessageEvent} */ e) {
    const d = e.data;
    if (!d || typeof d.t !== 'string') return;
    if (e.source === service.contentWindow) {
      if (d.t === 'service.error') (options.onError || console.error)({ message: d.message, file: 'logic/worker.js' });
      return;
    }
    let p = null;
    for (const q of pages.values()) if (q.frame.contentWindow === e.source) p = q;
    if (!p) return;
    const frame = p.frame;
    if (d.t === 'frame.ready' && p.port) {
      // the business domains come from the host (the platform), never from logic
      frame.contentWindow?.postMessage({ t: 'webViewDomains', domains: (options.domains && options.domains.webView) || null }, '*');
      frame.contentWindow?.postMessage({ t: 'port' }, '*', [p.port]);
      p.port = null;
      for (const f of fonts) if (f.page === null || f.page === p.page.id) frame.contentWindow?.postMessage(f.msg, '*');
    } else if (d.t === 'frame.answer') {
      const done = asks.get(d.id);
      asks.delete(d.id);
      if (done) done(d);
    } else if (d.t === 'openType') {
      openTypes()
        .then((o) => o.openTypeAnswer({
          dialogs, chooseImage: (a) => deviceCall('chooseImage', a), share: (from, target) => share(/** @type {HostPage} */ (p), from, target),
          phoneNumber: () => identity().then((i) => i.phoneNumber()), userInfo: () => identity().then((i) => i.userInfo()),
          openSetting: () => moreApis().then(() => handlers.openSetting({}, { id: 0, api: 'openSetting' })),
        }, String(d.openType), d.target))
        .catch((e) => ({ type: 'error', detail: { errMsg: `${d.openType}:fail ${e.message || e}` } }))
        .then((r) => frame.contentWindow?.postMessage({ t: 'openType.result', id: d.id, ...r }, '*'));
    } else if (d.t === 'navigate' && d.openType === 'navigateToMiniProgram') {
      answer(handlers, { id: 0, api: 'navigateToMiniProgram', args: d }).then((r) => r.ok || log('warn', /** @type {string} */ (r.errMsg)));
    } else if (d.t === 'navigate') {
      const api = OPEN_TYPES[d.openType] || 'navigateTo';
      const err = router.run(api, api === 'navigateBack' ? { delta: d.delta } : { url: d.url });
      if (err) log('warn', err);
    } else if (d.t === 'pulldown' && p === top() && p.config.enablePullDownRefresh) {
      if (d.phase === 'release') {
        setPull(p, 'refresh');
        pageEvent(p, 'pullDownRefresh', {});
      } else setPull(p, d.phase === 'start' ? 'pull' : '');
    }
  }
  addEventListener('message', onFrameMessage);

  // ---- logic → host
  const shell = shellApis();
  /** @type {Record<string, import('./broker.js').Handler>} */
  const handlers = { ...shell };
  /** What the lazy APIs hold open (transfers, sockets, audio). @type {{ close(): void }[]} */
  const closers = [];
  /** @type {Promise<void> | null} */
  let more = null;
  /** The APIs of host/apis.js, on the first call the shell does not answer: a launch that only renders never needs them. */
  const moreApis = () => (more ||= Promise.all([import('./apis.js'), identity()]).then(([a, id]) => {
    const got = a.moreApis({
      options, manifest, files, storage, dialogs, layer, fileUrl, send, top, pages, fonts, askFrame, render,
      close: (/** @type {any} */ r) => handle.close(r), launchScene: launchOptions.scene, identity: id,
    });
    // the shell's own handlers win
    Object.assign(handlers, got.handlers, shell);
    closers.push(...got.closers);
  }));
  const deviceCall = (/** @type {string} */ api, /** @type {any} */ args) => moreApis().then(() => handlers[api](args, { id: 0, api }));
  const openTypes = () => import('./open-types.js');
  const identity = () => import('./identity.js').then((i) => i.identityApis({ apiBase: options.apiBase, appId: options.appId, dialogs, layer }));
  /** Questions to logic (`page.event shareAppMessage`) and to page frames waiting for their answer. @type {Map<number, (r: any) => void>} */
  const asks = new Map();
  let nextAsk = 1;
  /** Ask a page frame (`frame.answer`); null when it does not answer within a second (not loaded). @param {HTMLIFrameElement} frame @param {any} msg */
  const askFrame = (frame, msg) => new Promise((resolve) => {
    const id = nextAsk++;
    asks.set(id, resolve);
    frame.contentWindow?.postMessage({ ...msg, id }, '*');
    setTimeout(() => asks.delete(id) && resolve(null), 1000);
  });
  /** Fonts wx.loadFontFace loaded, for frames that get ready later (host/frame-apis.js). @type {import('./frame-apis.js').FrameContext['fonts']} */
  const fonts = [];
  /**
   * Share the page (`<button open-type="share">`, the capsule menu): ask logic for the content
   * (onShareAppMessage; it answers within ~3 s), then show it.
   * @param {HostPage} p @param {string} from @param {any} [target]
   */
  async function share(p, from, target) {
    const id = nextAsk++;
    const content = await new Promise((resolve) => {
      asks.set(id, resolve);
      send({ t: 'page.event', page: p.page.id, name: 'shareAppMessage', args: { from, target }, id });
      setTimeout(() => asks.delete(id) && resolve(null), 4000);
    });
    await (await openTypes()).showShare(dialogs, content, win.navigationBarTitleText || options.appId, p.page.route);
  }
  let shareMenu = true;
  /** Test-only control requests (options.test) waiting for their `test.result`. @type {Map<number, (m: any) => void>} */
  const tests = new Map();
  /** @type {(v?: any) => void} */
  let onReady = () => {};
  const ready = new Promise((resolve) => (onReady = resolve));
  toLogic.onmessage = async (e) => {
    const d = e.data;
    switch (d && d.t) {
      case 'pong': return heartbeat.pong();
      case 'ready': return onReady();
      case 'reply': {
        const done = asks.get(d.id);
        asks.delete(d.id);
        return done && done(d.result);
      }
      case 'test.result': {
        const done = tests.get(d.id);
        tests.delete(d.id);
        return done && done(d);
      }
      case 'call':
        if (!Object.hasOwn(handlers, d.api)) await moreApis().catch((e) => log('error', `host: ${e.message}`));
        return send(await answer(handlers, d));
      case 'route': return routes && routes.apply(d, (id) => pages.get(id)) && render();
      case 'console': return options.onConsole ? options.onConsole(d) : console.log('[mini program]', ...(d.args || []));
      case 'error': return options.onError ? options.onError(d) : console.error('[mini program]', d.message, d.stack || '');
    }
  };

  /** @returns {Record<string, import('./broker.js').Handler>} */
  function shellApis() {
    const nav = (/** @type {(p: HostPage) => void} */ fn) => () => {
      const t = top();
      if (t) fn(t);
      render();
    };
    /** A tab bar api: only while a tab page is on top. */
    const tab = (/** @type {string} */ api, /** @type {(bar: TabBar, args: any) => void} */ fn) => (/** @type {any} */ args) => {
      if (!tabbar) fail(api, 'no tabBar');
      const t = top();
      if (!t || !t.page.tab) fail(api, 'not TabBar page');
      fn(/** @type {TabBar} */ (tabbar), args);
      render();
    };
    const routing = (/** @type {string} */ api) => (/** @type {any} */ args) => {
      const err = router.run(api, args);
      if (err) throw new ApiError(err);
    };
    return {
      navigateTo: routing('navigateTo'), redirectTo: routing('redirectTo'), navigateBack: routing('navigateBack'),
      switchTab: routing('switchTab'), reLaunch: routing('reLaunch'),
      setNavigationBarTitle: (args) => nav((p) => (p.nav.title = String(args.title ?? '')))(),
      setNavigationBarColor(args) {
        if (args.frontColor !== '#ffffff' && args.frontColor !== '#000000') fail('setNavigationBarColor', 'invalid frontColor');
        nav((p) => {
          p.nav.front = args.frontColor;
          if (args.backgroundColor) p.nav.background = args.backgroundColor;
        })();
      },
      showNavigationBarLoading: nav((p) => (p.nav.loading = true)),
      hideNavigationBarLoading: nav((p) => (p.nav.loading = false)),
      hideHomeButton: nav((p) => (p.nav.homeHidden = true)),
      setTabBarBadge: tab('setTabBarBadge', (bar, a) => {
        const item = bar.item(a.index, 'setTabBarBadge');
        item.badge = String(a.text ?? '');
        item.dot = false;
      }),
      removeTabBarBadge: tab('removeTabBarBadge', (bar, a) => (bar.item(a.index, 'removeTabBarBadge').badge = '')),
      showTabBarRedDot: tab('showTabBarRedDot', (bar, a) => {
        const item = bar.item(a.index, 'showTabBarRedDot');
        item.dot = true;
        item.badge = '';
      }),
      hideTabBarRedDot: tab('hideTabBarRedDot', (bar, a) => (bar.item(a.index, 'hideTabBarRedDot').dot = false)),
      setTabBarItem: tab('setTabBarItem', (bar, a) => {
        const item = bar.item(a.index, 'setTabBarItem');
        for (const k of ['text', 'iconPath', 'selectedIconPath']) if (typeof a[k] === 'string') /** @type {any} */ (item)[k] = a[k];
      }),
      setTabBarStyle: tab('setTabBarStyle', (bar, a) => {
        for (const k of ['color', 'selectedColor', 'backgroundColor', 'borderStyle']) if (typeof a[k] === 'string') /** @type {any} */ (bar.cfg)[k] = a[k];
      }),
      showTabBar: tab('showTabBar', (bar) => (bar.hidden = false)),
      hideTabBar: tab('hideTabBar', (bar) => (bar.hidden = true)),
      startPullDownRefresh() {
        const t = top();
        if (!t) return;
        setPull(t, 'refresh');
        pageEvent(t, 'pullDownRefresh', {});
      },
      stopPullDownRefresh() {
        const t = top();
        if (!t) return;
        setPull(t, '');
        t.frame.contentWindow?.postMessage({ t: 'pulldown.end' }, '*');
      },
      pageScrollTo(args) {
        const t = top();
        if (t) t.frame.contentWindow?.postMessage({ t: 'scrollTo', scrollTop: args.scrollTop, duration: args.duration ?? 300, selector: args.selector, offsetTop: args.offsetTop }, '*');
      },
      showShareMenu: () => void (shareMenu = true),
      hideShareMenu: () => void (shareMenu = false),
      async openLocation(args) {
        await (await openTypes()).openLocation(dialogs, args).catch((e) => fail('openLocation', e.message));
      },
      showToast: (args) => dialogs.showToast(toastOptions(args, 'showToast')),
      showLoading: (args) => dialogs.showToast(toastOptions(args, 'showLoading')),
      hideToast: () => dialogs.hideToast(false),
      hideLoading: () => dialogs.hideToast(true),
      showModal: (args) => dialogs.modal(modalOptions(args)),
      async showActionSheet(args) {
        const i = await dialogs.actionSheet(actionSheetOptions(args));
        if (i < 0) fail('showActionSheet', 'cancel');
        return { tapIndex: i };
      },
      previewImage(args) {
        const urls = Array.isArray(args.urls) ? args.urls.map(String) : fail('previewImage', 'parameter error: parameter.urls should be Array;');
        if (!urls.length) fail('previewImage', 'parameter error: urls should not be empty');
        const i = typeof args.current === 'number' ? args.current : Math.max(0, urls.indexOf(args.current));
        dialogs.preview(urls, i);
      },
    };
  }

  // ---- app visibility
  /** Behind another mini program it opened (the shell's `hide()`): the page's visibility is not its own. */
  let behind = false;
  const onVisibility = () => {
    if (behind) return;
    const t = top();
    if (document.hidden) {
      send({ t: 'app.hide', options: {} });
      if (t) send({ t: 'page.hide', page: t.page.id });
    } else {
      send({ t: 'app.show', options: launchOptions });
      if (t) send({ t: 'page.show', page: t.page.id });
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  const onOnline = () => deviceCall('getNetworkType', {}).then((r) => send({ t: 'notify', name: 'networkStatusChange', payload: { isConnected: navigator.onLine, networkType: r.networkType } }));
  addEventListener('online', onOnline);
  addEventListener('offline', onOnline);

  // ---- boot
  const start = resolveUrl(options.path || manifest.entryPagePath);
  const entryRoute = manifest.pages[start.route] ? start.route : manifest.entryPagePath;
  const entryCfg = { ...win, ...(manifest.pages[entryRoute] || {}).config };
  const system = systemInfo({
    width: container.clientWidth, height: container.clientHeight, statusBar,
    platform: options.platform || 'web', navHidden: entryCfg.navigationStyle === 'custom',
    tabBar: !!(manifest.tabBarPages || []).includes(entryRoute),
  });
  const launchOptions = { path: entryRoute, query: start.query, scene: options.scene || 1001, referrerInfo: options.referrerInfo || {} };
  // The battery is watched only for a program whose code names wx.getBatteryInfo(Sync).
  const named = new Set(((manifest.capabilities || {}).apis || []).map((/** @type {any} */ a) => a.name));
  const [battery] = await Promise.all([
    named.has('getBatteryInfo') || named.has('getBatteryInfoSync')
      ? import('./battery.js').then((b) => b.watchBattery(navigator, (state) => send({ t: 'notify', name: 'battery', payload: state })))
      : { state: undefined, close() {} },
    new Promise((resolve) => service.addEventListener('load', resolve, { once: true })),
  ]);
  closers.push(battery);
  service.contentWindow?.postMessage({ t: 'boot', runtime: runtimeBase }, '*', [control.port2]);
  send({
    t: 'init', base: packageBase, manifest, system, menuButton: rect, launch: launchOptions, storage, storageLimit: stored.limit,
    account: { appId: options.appId, envVersion: options.envVersion || 'develop', version: options.version || '' }, test: !!options.test,
    battery: battery.state,
  });
  heartbeat.start();
  // The custom tab bar opens first: the entry page's onShow may already call getTabBar().
  if (customBar && manifest.customTabBar) {
    const styles = ['app.css', (manifest.components[manifest.customTabBar] || {}).style].map(fileUrl).filter(Boolean);
    const frame = sandboxedFrame(pageDoc({ runtimeBase, bundleBase, packageBase, styles }), 'om-page');
    customBar.appendChild(frame);
    const channel = new MessageChannel();
    const page = { id: router.nextId++, route: manifest.customTabBar, query: {}, tab: false };
    pages.set(page.id, { page, frame, port: channel.port1, config: win, nav: navState(win), bar: true });
    send({ t: 'page.open', page: page.id, route: page.route, query: {}, openType: 'customTabBar', port: channel.port2 }, [channel.port2]);
  }

  router.launch(entryRoute, start.query);

  let closed = false;
  const handle = {
    system,
    ready,
    /** Close the mini program: removing the service frame terminates the worker. @param {{ extraData?: any }} [result] */
    close(result) {
      if (closed) return;
      closed = true;
      heartbeat.stop();
      for (const c of closers) c.close();
      removeEventListener('message', onFrameMessage);
      removeEventListener('online', onOnline);
      removeEventListener('offline', onOnline);
      document.removeEventListener('visibilitychange', onVisibility);
      toLogic.close();
      root.remove();
      files.revokeAll();
      if (options.onClose) options.onClose(result);
    },
    /** Into the background: it opened another mini program, which the shell shows instead. */
    hide() {
      const t = top();
      behind = true;
      send({ t: 'app.hide', options: {} });
      if (t) send({ t: 'page.hide', page: t.page.id });
    },
    /** Back in front, with how it came back (scene 1038, referrerInfo). @param {Record<string, any>} enter */
    show(enter) {
      const t = top();
      behind = false;
      send({ t: 'app.show', options: { path: t ? t.page.route : launchOptions.path, query: t ? t.page.query : {}, ...enter } });
      if (t) send({ t: 'page.show', page: t.page.id });
    },
    /** Open `url` as reLaunch does (the simulator's page picker). */
    navigate(/** @type {string} */ url) {
      return router.run('reLaunch', { url: url.startsWith('/') ? url : `/${url}` });
    },
    stack: () => router.stack.map((p) => p.route),
    /**
     * Only with `options.test`: a test-only control request to logic (`setData`, `call`, `event`,
     * `settle` on the top page; docs/runtime-protocol.md "Test control"), answered once every
     * batch of DOM operations it caused is applied in the page frame.
     * @param {Record<string, any>} msg
     * @returns {Promise<any>}
     */
    test(msg) {
      if (!options.test) return Promise.reject(new Error('launch() was not given test: true'));
      const id = nextAsk++;
      const t = router.top();
      send({ page: t ? t.id : 0, ...msg, t: 'test', id });
      return new Promise((resolve, reject) => tests.set(id, (/** @type {any} */ m) => (m.ok ? resolve(m.result) : reject(new Error(m.error)))));
    },
    /** For tests and the simulator: the page frames, top last. */
    frames: () => router.stack.map((p) => /** @type {HostPage} */ (pages.get(p.id)).frame),
  };
  return handle;
}
