// The dev simulator (`openmini dev` serves it at /): a phone frame running launch(), a side
// panel with the mini program's console, network log and storage, and an overlay for compile
// errors. Live reload and diagnostics arrive over `WS api/dev`; console entries go back to it.

const config = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('openmini-config')).textContent || '{}');
// the host's bundle when the server has them (one request instead of the module graph)
const { launch } = await import(new URL('host/index.js', config.bundleBase || config.runtimeBase).href);

const DEVICES = [
  { name: 'iPhone SE', width: 375, height: 667 },
  { name: 'iPhone 14', width: 390, height: 844 },
  { name: 'Pixel 7', width: 412, height: 915 },
  { name: 'iPad mini', width: 768, height: 1024 },
];
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const phone = $('phone');
const device = /** @type {HTMLSelectElement} */ ($('device'));
const pathInput = /** @type {HTMLInputElement} */ ($('path'));
const overlay = $('overlay');
const status = $('status');

for (let i = 0; i < DEVICES.length; i++) device.add(new Option(`${DEVICES[i].name} ${DEVICES[i].width}×${DEVICES[i].height}`, String(i)));
device.value = localStorage.getItem('openmini.device') || '0';

/** @type {any} */
let handle = null;
/** @type {WebSocket | null} */
let socket = null;

/** Rows a panel keeps (older ones are dropped), and console entries sent to the terminal per frame. */
const MAX_ROWS = 1000;
const MAX_SENT = 200;
/** Rows waiting for the next frame, by panel: a console flood costs one layout per frame. @type {Map<string, HTMLElement[]>} */
const queued = new Map();
/** Console entries for the dev server, and how many a flood made us drop. @type {any[]} */
let outbox = [];
let dropped = 0;
let frameAsked = false;

/** A row in a panel view (rendered with the next animation frame). */
function row(/** @type {string} */ view, /** @type {string} */ text, /** @type {string} */ where = '', /** @type {string} */ level = '') {
  const el = document.createElement('div');
  el.className = `sim-row${level === 'warn' || level === 'error' ? ` sim-${level}` : ''}`;
  const msg = document.createElement('span');
  msg.className = 'msg';
  msg.textContent = text;
  el.appendChild(msg);
  if (where) {
    const w = document.createElement('span');
    w.className = 'where';
    w.textContent = where;
    el.appendChild(w);
  }
  let list = queued.get(view);
  if (!list) queued.set(view, (list = []));
  list.push(el);
  if (list.length > MAX_ROWS) list.splice(0, list.length - MAX_ROWS);
  later();
}

function later() {
  if (!frameAsked) {
    frameAsked = true;
    requestAnimationFrame(flush);
  }
}

/** Append the queued rows (one layout read per panel), trim to MAX_ROWS, send the console batch. */
function flush() {
  frameAsked = false;
  for (const [view, list] of queued) {
    const box = $(view);
    const stick = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    box.append(...list);
    for (let n = box.childElementCount - MAX_ROWS; n > 0; n--) /** @type {Element} */ (box.firstElementChild).remove();
    if (stick) box.scrollTop = box.scrollHeight;
  }
  queued.clear();
  if (socket && socket.readyState === 1) {
    if (dropped) outbox.push({ t: 'console', level: 'warn', args: [`(simulator: ${dropped} console entries not sent to the terminal)`] });
    for (const entry of outbox) socket.send(JSON.stringify(entry));
    outbox = [];
    dropped = 0;
  }
}

/** Console entries go to the terminal in per-frame batches of at most MAX_SENT. */
function toServer(/** @type {any} */ entry) {
  if (outbox.length < MAX_SENT) outbox.push(entry);
  else dropped++;
  later();
}
const whereOf = (/** @type {any} */ w) => (!w ? '' : typeof w === 'string' ? w : `${w.file || ''}${w.line ? `:${w.line}` : ''}`);

function onConsole(/** @type {any} */ e) {
  row('console', (e.args || []).join(' '), whereOf(e.where), e.level);
  toServer({ t: 'console', level: e.level, args: e.args, where: e.where });
}
function onError(/** @type {any} */ e) {
  row('console', e.stack || e.message, whereOf(e.file ? { file: e.file, line: e.line } : ''), 'error');
  toServer({ t: 'error', message: e.message, stack: e.stack, file: e.file, line: e.line });
}
function onNetwork(/** @type {any} */ e) {
  const state = e.error ? `✕ ${e.error}` : e.status != null ? `${e.status} · ${e.ms} ms` : '';
  row('network', `${e.method || ''} ${e.url} ${state}`, e.api, e.error ? 'error' : '');
}
function onStorage(/** @type {Record<string, any>} */ items) {
  const box = $('storage');
  box.textContent = '';
  queued.delete('storage');
  const keys = Object.keys(items).sort();
  if (!keys.length) row('storage', '(empty)');
  for (const k of keys) row('storage', `${k} = ${JSON.stringify(items[k] && 'data' in items[k] ? items[k].data : items[k])}`);
}

async function start(/** @type {string} */ path = pathInput.value.trim()) {
  if (handle) handle.close();
  handle = null;
  const d = DEVICES[Number(device.value)] || DEVICES[0];
  phone.style.width = `${d.width}px`;
  phone.style.height = `${d.height}px`;
  status.textContent = 'starting…';
  try {
    handle = await launch(phone, {
      ...config, path: path || undefined, platform: 'devtools', statusBarHeight: 20,
      onConsole, onError, onNetwork, onStorage,
      onClose: () => closed(),
      onRestart: (/** @type {string} */ to) => start(to),
    });
    status.textContent = '';
    /** @type {any} */ (window).openmini = handle;
  } catch (error) {
    status.textContent = '';
    onError({ message: `launch failed: ${/** @type {Error} */ (error).message}` });
  }
}

/** The user closed the mini program with the capsule: offer to open it again. */
function closed() {
  handle = null;
  phone.textContent = '';
  const box = document.createElement('div');
  box.className = 'sim-closed';
  box.textContent = 'The mini program was closed.';
  const again = document.createElement('button');
  again.textContent = 'Open again';
  again.onclick = () => start();
  box.appendChild(again);
  phone.appendChild(box);
}

/** Compile errors: file:line:col, message, code frame. */
function showDiagnostics(/** @type {any[]} */ items) {
  overlay.textContent = '';
  const title = document.createElement('h2');
  title.textContent = `Compile failed: ${items.filter((d) => d.severity === 'error').length} error(s)`;
  overlay.appendChild(title);
  for (const d of items) {
    const head = document.createElement('div');
    const pos = d.start ? `:${d.start.line}:${d.start.column}` : '';
    head.textContent = `${d.path || ''}${pos}: ${d.severity} ${d.code}: ${d.message}`;
    overlay.appendChild(head);
    if (d.frame) {
      const pre = document.createElement('pre');
      pre.textContent = d.frame;
      overlay.appendChild(pre);
    }
  }
  overlay.hidden = false;
}

function connect() {
  const url = new URL('dev', config.apiBase);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(url.href);
  let first = true;
  socket.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.t === 'diagnostics') showDiagnostics(m.items || []);
    else if (m.t === 'reload') {
      overlay.hidden = true;
      // The first message says the current state; a reload then is the page's own launch.
      if (!first || !handle) start(handle ? currentPath() : undefined);
    }
    first = false;
  };
  socket.onopen = later; // console entries from before the connection
  socket.onclose = () => setTimeout(connect, 1000);
}

/** The top page, so that a reload comes back to what the developer was looking at. */
function currentPath() {
  const stack = handle ? handle.stack() : [];
  return pathInput.value.trim() || stack[stack.length - 1] || '';
}

device.onchange = () => {
  localStorage.setItem('openmini.device', device.value);
  start(currentPath());
};
$('open').onclick = () => start();
pathInput.onkeydown = (e) => e.key === 'Enter' && start();
$('reload').onclick = () => start(currentPath());
$('clear').onclick = () => {
  $('console').textContent = '';
  $('network').textContent = '';
  queued.delete('console');
  queued.delete('network');
};
for (const tab of document.querySelectorAll('[data-tab]')) {
  /** @type {HTMLElement} */ (tab).onclick = () => {
    for (const t of document.querySelectorAll('[data-tab]')) t.classList.toggle('on', t === tab);
    for (const v of document.querySelectorAll('.sim-view')) v.classList.toggle('on', v.id === /** @type {HTMLElement} */ (tab).dataset.tab);
  };
}

// `?path=pages/x/x&query=a=1%26b=2` (or a query in `path` itself) starts at that page
const params = new URLSearchParams(location.search);
const first = params.get('path') || '';
const query = params.get('query') || '';
if (first) pathInput.value = first + (query ? `${first.includes('?') ? '&' : '?'}${query}` : '');
await start();
connect();
