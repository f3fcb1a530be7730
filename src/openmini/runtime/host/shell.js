// The end-user shell that `openmini serve` shows at / and /a/{appid}: sign in or continue as
// guest, search released mini programs, recently used, open one full-screen with launch(), a
// settings page per mini program with its permissions, and the inbox of subscription messages
// (docs/runtime-host.md "End-user shell", docs/consent-and-messages.md).

import { absoluteConfig, apiError, debounce, domainRows, launchOptions, linkRequest, targetRequest, versionText } from './shell-model.js';

/** @typedef {import('./shell-model.js').ShellUser} ShellUser */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const config = absoluteConfig(JSON.parse($('openmini-config').textContent || '{}'), location.href);
const shell = $('shell');
const app = $('app');
const notice = $('notice');
const search = /** @type {HTMLInputElement} */ ($('q'));
/** @type {ShellUser | null} */
let user = null;
/** The control that opened the running mini program (focus returns to it on close). @type {HTMLElement | null} */
let opener = null;
let searches = 0;

/**
 * One call of the shell API; rejects with the server's errmsg.
 * @param {string} path  under `{apiBase}shell/`
 * @param {any} [body]  POSTed as JSON when given
 */
async function api(path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(new URL(`shell/${path}`, config.apiBase), init);
  const data = await res.json().catch(() => null);
  const error = apiError(res.status, data);
  if (error) throw new Error(error);
  return data;
}

function say(/** @type {string} */ text) {
  notice.textContent = text;
  notice.hidden = !text;
}

/** Show one view and move focus to its heading, so screen readers announce the change. */
function show(/** @type {string} */ id) {
  for (const v of document.querySelectorAll('.sh-view')) /** @type {HTMLElement} */ (v).hidden = v.id !== id;
  /** @type {HTMLElement} */ ($(id).querySelector('h1')).focus();
}

/** A list entry: the main button, optionally a settings button beside it. */
function entry(/** @type {any} */ item, /** @type {string} */ detail, /** @type {(b: HTMLElement) => void} */ onOpen, /** @type {boolean} */ withSettings) {
  const li = document.createElement('li');
  const main = document.createElement('button');
  main.type = 'button';
  main.className = 'sh-item';
  const icon = document.createElement(item.icon ? 'img' : 'span');
  icon.className = 'sh-icon';
  if (item.icon) /** @type {HTMLImageElement} */ (icon).src = item.icon;
  else icon.textContent = (item.name || '?').slice(0, 1);
  icon.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  const name = document.createElement('strong');
  name.textContent = item.name;
  const small = document.createElement('small');
  small.textContent = detail;
  text.append(name, small);
  main.append(icon, text);
  main.onclick = () => onOpen(main);
  li.appendChild(main);
  if (withSettings) {
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'sh-more';
    more.textContent = '⋯';
    more.title = `Settings of ${item.name}`;
    more.setAttribute('aria-label', more.title);
    more.onclick = () => openSettings(item.appid, more);
    li.appendChild(more);
  }
  return li;
}

async function home() {
  const u = /** @type {ShellUser} */ (user);
  $('who').textContent = u.guest ? `${u.name} (guest)` : u.name;
  $('signout').textContent = u.guest ? 'Sign in' : 'Sign out';
  show('home');
  await Promise.all([recents(), unread()]);
}

/** The unread count on the Messages button. */
function showUnread(/** @type {number} */ count) {
  const badge = $('unread');
  badge.textContent = String(count);
  badge.hidden = !count;
  $('inbox-open').setAttribute('aria-label', count ? `Messages, ${count} unread` : 'Messages');
}

async function unread() {
  try {
    showUnread((await api('inbox')).unread);
  } catch (e) {
    say(`Messages: ${/** @type {Error} */ (e).message}`);
  }
}

/** The inbox: subscription messages, newest first; tapping one opens its mini program at its page. */
async function inbox() {
  try {
    const { unread: count, items } = await api('inbox');
    showUnread(count);
    $('messages').replaceChildren(...items.map((/** @type {any} */ it) => {
      const fields = it.fields.map((/** @type {any} */ f) => `${f.name}: ${f.value}`).join(' · ');
      const li = entry({ name: it.title, icon: it.icon }, `${it.read ? '' : 'Unread · '}${it.appName} · ${fields}`, (b) => readMessage(it, b), false);
      /** @type {HTMLElement} */ (li.firstElementChild).classList.add('sh-message', ...(it.read ? [] : ['sh-unread']));
      return li;
    }));
    $('no-messages').hidden = items.length > 0;
    say('');
    show('inbox');
  } catch (e) {
    say(`Messages: ${/** @type {Error} */ (e).message}`);
  }
}

async function readMessage(/** @type {any} */ it, /** @type {HTMLElement} */ from) {
  try {
    showUnread((await api(`inbox/${it.id}/read`, {})).unread);
    const small = from.querySelector('small');
    if (small && !it.read) small.textContent = (small.textContent || '').replace(/^Unread · /, '');
    from.classList.remove('sh-unread');
    it.read = true;
  } catch (e) {
    say(`Messages: ${/** @type {Error} */ (e).message}`);
    return;
  }
  await open(linkRequest({ appid: it.appid, path: it.path, query: it.query, env: it.env, via: 'message' }), from);
}

async function recents() {
  const list = $('recents');
  try {
    const { items } = await api('recents');
    list.replaceChildren(...items.map((/** @type {any} */ it) => entry(it, new Date(it.openedAt).toLocaleString(), (b) => open({ appid: it.appid, via: 'recents' }, b), true)));
    $('no-recents').hidden = items.length > 0;
  } catch (e) {
    say(`Recently used: ${/** @type {Error} */ (e).message}`);
  }
}

async function find(/** @type {string} */ q) {
  const n = ++searches;
  const found = $('found');
  const results = $('results');
  if (!q) {
    results.replaceChildren();
    found.textContent = '';
    return;
  }
  try {
    const { items } = await api(`search?q=${encodeURIComponent(q)}`);
    if (n !== searches) return; // a newer search is under way
    results.replaceChildren(...items.map((/** @type {any} */ it) => entry(it, it.description || '', (b) => open({ appid: it.appid, via: 'search' }, b), false)));
    found.textContent = items.length ? `${items.length} found` : `No mini program is called “${q}”.`;
  } catch (e) {
    if (n === searches) found.textContent = `Search failed: ${/** @type {Error} */ (e).message}`;
  }
}

/**
 * Refuse a package whose manifest does not match the platform's signature: the bytes checked
 * are the ones served for this version (its manifest is per version, so launch() reads the same).
 * @param {import('./shell-model.js').LaunchAnswer} answer
 */
async function checkSignature(answer) {
  if (!answer.signature && !answer.publicKey) return;
  if (!answer.signature || !answer.publicKey) throw new Error('its package signature cannot be checked, so it was not run');
  const res = await fetch(new URL('manifest.json', new URL(answer.packageBase, location.href)));
  if (!res.ok) throw new Error(`its manifest could not be read (HTTP ${res.status})`);
  const { verifyManifest } = await import('./verify.js');
  if (!(await verifyManifest(new Uint8Array(await res.arrayBuffer()), answer.signature, answer.publicKey))) {
    throw new Error('its package does not match the platform’s signature, so it was not run');
  }
}

/**
 * The mini programs open, the one on screen last; each above the first was opened by the one
 * below it (wx.navigateToMiniProgram), which waits hidden until it comes back.
 * @typedef {{ answer: import('./shell-model.js').LaunchAnswer, box: HTMLElement, handle: any }} Running
 * @type {Running[]}
 */
const running = [];

/** Open a mini program full-screen; the capsule's close button (onClose) brings the shell back. */
async function open(/** @type {Record<string, any>} */ request, /** @type {HTMLElement | null} */ from) {
  say('');
  opener = from;
  const wait = document.createElement('p');
  wait.className = 'sh-opening';
  wait.textContent = 'Opening…';
  app.replaceChildren(wait);
  app.hidden = false;
  shell.hidden = true;
  app.focus(); // the opener is hidden now
  try {
    await run(await launchAnswer(request), {});
  } catch (e) {
    closed();
    say(`Could not open the mini program: ${/** @type {Error} */ (e).message}`);
  }
  wait.remove();
}

/** The server's answer to a launch request, its package signature checked. @param {Record<string, any>} request */
async function launchAnswer(request) {
  const answer = await api('launch', request);
  await checkSignature(answer);
  return answer;
}

/**
 * Launch `answer` in a box of its own above the running ones.
 * @param {import('./shell-model.js').LaunchAnswer} answer @param {Record<string, any>} extra  more launch() options
 */
async function run(answer, extra) {
  // the host's bundle when the server has them (one request instead of the module graph)
  const { launch } = await import(new URL('host/index.js', config.bundleBase || config.runtimeBase).href);
  const box = document.createElement('div');
  box.className = 'sh-box';
  app.appendChild(box);
  /** @type {Running} */
  const me = { answer, box, handle: null };
  running.push(me);
  document.title = answer.name;
  try {
    me.handle = await launch(box, {
      ...launchOptions(config, answer, /** @type {ShellUser} */ (user), location.href, (/** @type {any} */ result) => ended(me, result)),
      openMiniProgram: (/** @type {any} */ target, /** @type {(name: string) => Promise<boolean>} */ confirm) => openFrom(me, target, confirm),
      onRestart: (/** @type {string} */ path) => restart(me, extra, path),
      ...extra,
    });
  } catch (e) {
    running.splice(running.indexOf(me), 1);
    box.remove();
    throw e;
  }
}

/**
 * wx.navigateToMiniProgram: once the user confirms, the target opens above `from` (scene 1037,
 * `from` as its referrer), and `from` goes to the background. Rejects with the reason.
 * @param {Running} from @param {{ appId: string, path: string, extraData: any, envVersion: string }} target
 * @param {(name: string) => Promise<boolean>} confirm
 */
async function openFrom(from, target, confirm) {
  const answer = await launchAnswer(targetRequest(target));
  if (!(await confirm(answer.name))) throw new Error('cancel');
  await run(answer, { referrerInfo: { appId: from.answer.appid, extraData: target.extraData } });
  from.box.hidden = true;
  from.handle.hide();
}

/**
 * A mini program closed: the one that opened it comes back (scene 1038, with the extraData of
 * wx.navigateBackMiniProgram), or the shell when it was the first.
 * @param {Running} me @param {{ extraData?: any } | undefined} result
 */
function ended(me, result) {
  const i = running.indexOf(me);
  if (i < 0) return; // restarted
  running.splice(i, 1);
  me.box.remove();
  const below = running.at(-1);
  if (!below) return closed();
  below.box.hidden = false;
  document.title = below.answer.name;
  below.handle.show({ scene: 1038, referrerInfo: { appId: me.answer.appid, ...(result ? { extraData: result.extraData } : {}) } });
}

/** wx.restartMiniProgram: the same version again, at `path`. @param {Running} me @param {Record<string, any>} extra @param {string} path */
function restart(me, extra, path) {
  running.splice(running.indexOf(me), 1);
  me.handle.close();
  me.box.remove();
  const [page, query = ''] = path.split(/\?(.*)/s);
  const request = linkRequest({ appid: me.answer.appid, path: page, query });
  run({ ...me.answer, path: page || me.answer.path, query: request.query || {} }, extra).catch((e) => {
    if (!running.length) closed();
    say(`Could not restart the mini program: ${/** @type {Error} */ (e).message}`);
  });
}

function closed() {
  app.hidden = true;
  app.textContent = '';
  shell.hidden = false;
  document.title = 'openmini';
  unread();
  // recents() redraws the list: an opener from it is gone, and its mini program is now first
  recents().then(() => /** @type {HTMLElement} */ (opener?.isConnected ? opener : $('recents').querySelector('button') || search).focus());
}

async function openSettings(/** @type {string} */ appid, /** @type {HTMLElement} */ from) {
  opener = from;
  try {
    const s = await api(`apps/${encodeURIComponent(appid)}/settings`);
    $('settings-title').textContent = s.name;
    const body = $('settings-body');
    body.replaceChildren();
    const row = (/** @type {string} */ term, /** @type {string[]} */ values, /** @type {string} */ none) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      body.appendChild(dt);
      for (const v of values.length ? values : [none]) {
        const dd = document.createElement('dd');
        dd.textContent = v;
        body.appendChild(dd);
      }
    };
    row('Version', [versionText(s.version)], '');
    for (const [term, hosts] of domainRows(s.domains)) row(term, hosts, 'None');
    if (!s.scopes.length) row('Permissions', [], 'No permissions granted yet');
    else body.appendChild(document.createElement('dt')).textContent = 'Permissions';
    for (const g of s.scopes) {
      const dd = document.createElement('dd');
      dd.textContent = `${g.label}: ${g.granted ? 'allowed' : 'refused'} on ${new Date(g.at).toLocaleString()}`;
      const forget = document.createElement('button');
      forget.type = 'button';
      forget.className = 'sh-revoke';
      forget.textContent = 'Revoke';
      forget.setAttribute('aria-label', `Revoke: ${g.label}`);
      forget.onclick = () => revoke(appid, g, from);
      dd.appendChild(forget);
      body.appendChild(dd);
    }
    say('');
    show('settings');
  } catch (e) {
    say(`Settings: ${/** @type {Error} */ (e).message}`);
  }
}

/** Forget a decision: the mini program asks again the next time it needs the permission. */
async function revoke(/** @type {string} */ appid, /** @type {any} */ grant, /** @type {HTMLElement} */ from) {
  try {
    await api(`apps/${encodeURIComponent(appid)}/revoke`, { scope: grant.scope });
  } catch (e) {
    say(`Settings: ${/** @type {Error} */ (e).message}`);
    return;
  }
  await openSettings(appid, from);
}

/** After sign-in or guest: a `/a/{appid}` link opens its mini program at once, once. */
async function started(/** @type {ShellUser} */ who) {
  user = who;
  await home();
  const link = config.launch;
  config.launch = null;
  if (link) await open(linkRequest(link), null);
}

async function session(/** @type {string} */ path, /** @type {any} */ body) {
  say('');
  try {
    await started((await api(path, body)).user);
  } catch (e) {
    say(/** @type {Error} */ (e).message);
  }
}

/** @type {HTMLFormElement} */ ($('signin')).onsubmit = (e) => {
  e.preventDefault();
  const form = new FormData(/** @type {HTMLFormElement} */ (e.target));
  session('signin', { email: form.get('email'), password: form.get('password') });
};
$('guest').onclick = () => session('guest', {});
$('signout').onclick = async () => {
  try {
    await api('signout', {});
    user = null;
    search.value = '';
    find('');
    show('start');
  } catch (e) {
    say(/** @type {Error} */ (e).message);
  }
};
$('back').onclick = () => {
  show('home');
  if (opener?.isConnected) opener.focus();
};
$('inbox-open').onclick = () => inbox();
$('inbox-back').onclick = () => {
  show('home');
  $('inbox-open').focus();
};
search.oninput = debounce(() => find(search.value.trim()), 250);

$('start-hint').hidden = !config.launch;
try {
  const { user: who } = await api('me');
  if (who) await started(who);
  else show('start');
} catch (e) {
  show('start');
  say(/** @type {Error} */ (e).message);
}
