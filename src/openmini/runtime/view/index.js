// Page frame entry (docs/runtime-view.md): loaded as a module in each sandboxed page frame.
// Announces itself to the host, takes the page port, then applies ops and forwards events.

import { applyOps, mountRoot, getNode, onWidgetEvent } from "./apply.js";
import { emit, listen } from "./events.js";
import { initScroll, configure, pullDownEnd, scrollPage } from "./scroll.js";
import { setPort, toLogic, toHost, hostAnswer } from "./channel.js";
import { nodeState } from "./widgets/registry.js";
import "./widgets/basic.js";
import "./widgets/text.js";
import "./widgets/media.js";
import { setWebViewDomains, widgetsFor } from "./widgets/complex.js";

const doc = document;
// WeChat's defaults go first so that app.css and the page's css override them.
const base = doc.createElement("link");
base.rel = "stylesheet";
base.href = new URL("./base.css", import.meta.url).href;
// The frame is ready only once WeChat's defaults apply: the first render and the first selector
// query must measure styled nodes (app.css and the page's css already block this module).
const baseLoaded = new Promise((resolve) => {
  base.onload = base.onerror = resolve;
});
doc.head.prepend(base);
// 750rpx = the frame's width (docs/wxss.md); set inline too so it holds before base.css loads.
doc.documentElement.style.setProperty("--om-rpx", "calc(100vw / 750)");

const root = doc.createElement("wx-page");
doc.body.append(root);
mountRoot(root);
onWidgetEvent((el, type, detail) => emit(el, type, detail));
listen();
initScroll(toLogic, toHost);

addEventListener("message", (e) => {
  if (e.source !== window.parent) return;
  const m = e.data;
  if (!m || typeof m !== "object") return;
  if (m.t === "port" && e.ports[0]) {
    const port = e.ports[0];
    setPort(port);
    port.onmessage = (ev) => receive(ev.data);
  } else if (m.t === "scrollTo") {
    scrollPage(m);
  } else if (m.t === "pulldown.end") {
    pullDownEnd();
  } else if (m.t === "webViewDomains") {
    // the platform's business domains for <web-view>: from the host only (widgets/complex.js)
    setWebViewDomains(m.domains);
  } else if (m.t === "keyboard") {
    // wx.hideKeyboard / wx.getSelectedTextRange (host/frame-apis.js): the focused field, which
    // widgets keep in their shadow roots
    let f = doc.activeElement;
    while (f && f.shadowRoot && f.shadowRoot.activeElement) f = f.shadowRoot.activeElement;
    const field = f instanceof HTMLInputElement || f instanceof HTMLTextAreaElement ? f : null;
    toHost({ t: "frame.answer", id: m.id, focused: !!field, start: field && field.selectionStart, end: field && field.selectionEnd });
    if (field && m.hide) field.blur();
  } else if (m.t === "font") {
    // wx.loadFontFace: bytes the host fetched and checked
    doc.fonts.add(new FontFace(m.family, m.data, m.desc));
  } else {
    hostAnswer(m);
  }
});
baseLoaded.then(() => toHost({ t: "frame.ready" }));

/**
 * Logic's messages while a batch waits for a complex widget's module (widgets/complex.js), in
 * arrival order: queries, methods and later batches must see the DOM that batch builds.
 * @type {any[] | null}
 */
let held = null;

/**
 * Selector queries and intersection observers load on first use, as complex widgets do: many
 * pages never ask.
 */
/** @type {any} */
let query = null;
/** @type {any} */
let observer = null;
/** @type {Promise<any> | null} */
let loadingQuery = null;
/** @type {Promise<any> | null} */
let loadingObserver = null;
/** `this.animate` (animate.js), also on first use. @type {any} */
let animations = null;
/** @type {Promise<any> | null} */
let loadingAnimations = null;
/** Skyline's animated styles (animated-style.js), on first use. @type {any} */
let animatedStyles = null;

/**
 * What message `m` must wait for before it is handled (null: nothing, the usual case).
 * @param {any} m
 * @returns {Promise<any> | null | false}
 */
function needs(m) {
  const t = m && m.t;
  if (t === "ops") return widgetsFor(m.ops);
  if (t === "query" && !query) return (loadingQuery ||= import("./query.js").then((q) => void (query = q)));
  if ((t === "observe" || t === "unobserve") && !observer) return (loadingObserver ||= import("./observe.js").then((o) => void (observer = o)));
  if ((t === "animate" || t === "clearAnimation") && !animations) {
    return (loadingAnimations ||= import("./animate.js").then((a) => void (animations = a)));
  }
  if (t === "animatedStyle" && !animatedStyles) return import("./animated-style.js").then((a) => void (animatedStyles = a));
  return null;
}

/** @param {any} m */
function receive(m) {
  if (held) return void held.push(m);
  const wait = needs(m);
  if (!wait) return onPageMessage(m);
  held = [m];
  // a module that failed to load (logged by the browser) must not hold the page's messages for good
  const go = () => {
    const queue = /** @type {any[]} */ (held);
    held = null;
    // the batch that waited goes without a check; a later one may wait again (and re-hold the rest)
    onPageMessage(queue[0]);
    for (let i = 1; i < queue.length; i++) {
      const again = /** @type {any[] | null} */ (held); // receive() may hold again: tsc cannot see that
      if (again) again.push(queue[i]);
      else receive(queue[i]);
    }
  };
  wait.then(go, go);
}

/** @param {any} m */
function onPageMessage(m) {
  switch (m && m.t) {
    case "ops":
      applyOps(m.ops);
      afterPaint(() => toLogic({ t: "applied", seq: m.seq }));
      return;
    case "query": {
      const result = query ? query.answerQuery(m) : null;
      toLogic({ t: "queryResult", id: m.id, result }, query ? query.transferables(result) : []);
      return;
    }
    case "method":
      return callMethod(m);
    case "observe":
      return observer && observer.observe(m);
    case "unobserve":
      return observer && observer.unobserve(m.id);
    case "config":
      return configure(m.window || {});
    case "animatedStyle":
      return animatedStyles && animatedStyles.applyAnimatedStyle(m);
    case "animate":
    case "clearAnimation": {
      if (!animations) return m.id != null && toLogic({ t: "methodResult", id: m.id, errMsg: `${m.t}:fail not supported` });
      const answer = m.t === "animate" ? animations.play(m) : Promise.resolve(animations.clear(m));
      if (m.id != null) answer.then((/** @type {any} */ r) => toLogic({ t: "methodResult", id: m.id, ...r }));
      return;
    }
  }
}

/**
 * Run `fn` once the DOM changes are painted: after the next animation frame. Frames the browser
 * does not paint (a page below the top of the stack) get no animation frames; the timeout keeps
 * setData callbacks of those pages from waiting forever.
 * @param {() => void} fn
 */
function afterPaint(fn) {
  let done = false;
  const run = () => {
    if (!done) {
      done = true;
      fn();
    }
  };
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, 100);
}

/**
 * Methods of the page itself (node 0): `loadImage` for the worker's offscreen canvases, which
 * cannot load images (the worker has no network).
 * @param {string} name @param {any} args
 */
async function pageMethod(name, args) {
  if (name !== "loadImage") throw new Error("not supported");
  const { loadImage } = await import("./widgets/canvas.js");
  return createImageBitmap(await loadImage(String(args && args.src)));
}

/** @param {{node: number, name: string, args: any, id?: number}} m */
function callMethod(m) {
  const answer = (/** @type {any} */ r) => {
    if (m.id != null) toLogic({ t: "methodResult", id: m.id, ...r });
  };
  const el = /** @type {HTMLElement} */ (m.node === 0 ? null : getNode(m.node));
  const w = el && nodeState(el) && nodeState(el).widget;
  if (m.node !== 0 && (!w || !w.method)) return answer({ errMsg: `${m.name}:fail not supported` });
  Promise.resolve()
    .then(() => (m.node === 0 ? pageMethod(m.name, m.args) : /** @type {{method: Function}} */ (w).method(el, m.name, m.args)))
    .then(
      (result) => answer({ result }),
      (err) => answer({ errMsg: `${m.name}:fail ${(err && err.message) || err}` }),
    );
}
