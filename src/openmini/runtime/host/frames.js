// The documents of the service frame and the page frames (docs/runtime-protocol.md), and the
// sandboxed iframes that hold them. Both frames have an opaque origin (sandbox without
// allow-same-origin) and a CSP with connect-src 'none', which the logic worker inherits.

const escapeAttr = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `new URL(url).origin`, or "" for URLs without one. */
export function originOf(/** @type {string} */ url) {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? '' : origin;
  } catch {
    return '';
  }
}

/** Distinct origins of the given URLs, space separated (for CSP source lists). */
function origins(/** @type {string[]} */ urls) {
  return [...new Set(urls.map(originOf).filter(Boolean))].join(' ');
}

/**
 * The worker's bootstrap (a classic worker from a blob: URL). The control port arrives while
 * the runtime module is still loading, and a dedicated worker drops messages nobody listens to,
 * so early messages are kept and re-dispatched once `start(self)` has installed its listeners.
 */
export function workerSource(/** @type {string} */ codeBase) {
  const url = JSON.stringify(new URL('logic/worker.js', codeBase).href);
  return `var q=[];self.onmessage=function(e){q.push(e)};import(${url}).then(function(m){self.onmessage=null;m.start(self);for(var i=0;i<q.length;i++)self.dispatchEvent(new MessageEvent("message",{data:q[i].data,ports:q[i].ports}))},function(e){setTimeout(function(){throw e})})`;
}

/**
 * The service frame's document: it only starts the worker and hands it the control port. The
 * worker inherits its CSP and importScripts the package's bundles, so the package origin (a CDN,
 * or another dev server) is a script source too. `bundleBase`: where the runtime's bundles are
 * (server/runtime_bundle.py, one file per realm); without it the worker imports the modules.
 */
export function serviceDoc(/** @type {string} */ runtimeBase, packageBase = runtimeBase, bundleBase = '') {
  const csp = `default-src 'none'; script-src 'unsafe-inline' blob: ${origins([runtimeBase, packageBase, bundleBase])}; worker-src blob:; connect-src 'none'`;
  const boot = `addEventListener("message",function(e){var d=e.data;if(e.source!==parent||!d||d.t!=="boot")return;var src=${JSON.stringify(workerSource(bundleBase || runtimeBase))};var w=new Worker(URL.createObjectURL(new Blob([src],{type:"text/javascript"})));w.onerror=function(x){parent.postMessage({t:"service.error",message:String(x.message||"the logic worker failed to start")},"*")};w.postMessage({t:"port"},[e.ports[0]])})`;
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}"><script>${boot.replace(/<\//g, '<\\/')}</script>`;
}

/**
 * A page frame's document: the app and page stylesheets and the view runtime (its bundle when
 * `bundleBase` is given; lazy widget chunks come from there too).
 * @param {{ runtimeBase: string, bundleBase?: string, packageBase: string, styles: string[] }} options  styles: absolute URLs
 */
export function pageDoc({ runtimeBase, bundleBase = '', packageBase, styles }) {
  const own = origins([runtimeBase, packageBase, ...styles]);
  const csp =
    `default-src 'none'; script-src ${origins([runtimeBase, bundleBase])}; style-src 'unsafe-inline' ${own}; ` +
    `img-src ${own} https: data: blob:; media-src ${own} https: blob:; font-src ${own} https: data:; ` +
    `connect-src 'none'; frame-src https:`;
  let links = '';
  for (let i = 0; i < styles.length; i++) links += `<link rel="stylesheet" href="${escapeAttr(styles[i])}">`;
  const view = escapeAttr(new URL('view/index.js', bundleBase || runtimeBase).href);
  return (
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><style>:root{--om-rpx:calc(100vw / 750)}</style>` +
    `${links}<script type="module" src="${view}"></script></head><body></body></html>`
  );
}

/** A sandboxed iframe (scripts only: opaque origin, no popups, no top navigation). */
export function sandboxedFrame(/** @type {string} */ doc, /** @type {string} */ className) {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  // <video> full screen (the frame's own element; the sandbox still has no other powers)
  if (className === 'om-page') frame.setAttribute('allow', 'fullscreen');
  frame.className = className;
  frame.srcdoc = doc;
  return frame;
}
