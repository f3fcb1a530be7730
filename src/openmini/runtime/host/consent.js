// Consent for the running mini program (docs/consent-and-messages.md): wx.authorize, wx.getSetting,
// wx.openSetting, wx.requestSubscribeMessage, and `ensure(scope, api)`, which device APIs that need
// a scope (getLocation, saveImageToPhotosAlbum…) await before they act. The platform records every
// decision (`/api/consent/…`, the session's end user); the host draws the prompts, which mini
// program code can neither draw nor answer. Under the simulator's dev server (no platform, no
// accounts) decisions last for the launch only, and subscriptions fail clearly.

import { fail } from './args.js';
import { button, h } from './dom.js';

/** The APIs app.json's `requiredPrivateInfos` declares, by the scope they need. */
const PRIVATE_INFOS = /** @type {Record<string, string[]>} */ ({
  'scope.userLocation': ['getLocation', 'chooseLocation', 'onLocationChange', 'startLocationUpdate'],
  'scope.userLocationBackground': ['startLocationUpdateBackground'],
  'scope.userFuzzyLocation': ['getFuzzyLocation'],
  'scope.address': ['chooseAddress'],
});

const NO_PLATFORM = 'not supported here: consent needs the platform (openmini serve)';

/**
 * What a scope prompt says: what is asked for, the developer's reason (app.json
 * `permission.<scope>.desc`) and the private-info APIs the mini program declared for it.
 * @param {any} app  the manifest's app.json
 * @param {string} scope
 * @param {string} what
 */
export function promptText(app, scope, what) {
  const lines = [`获取${what}`];
  const desc = app.permission && app.permission[scope] && app.permission[scope].desc;
  if (desc) lines.push(`${what}将用于${desc}`);
  const declared = (app.requiredPrivateInfos || []).filter((/** @type {string} */ api) => (PRIVATE_INFOS[scope] || []).includes(api));
  if (declared.length) lines.push(`声明使用：${declared.join('、')}`);
  return lines.join('\n');
}

/**
 * A host-drawn dialog: a title, content, optional switches and two buttons. Resolves with the
 * confirm button's choice and the switches' states. Focus moves into it; Escape cancels.
 * @param {HTMLElement} layer
 * @param {{ title: string, content?: string, switches?: { label: string, on: boolean, detail?: string }[], yes: string, no: string }} o
 * @returns {Promise<{ confirm: boolean, on: boolean[] }>}
 */
export function consentDialog(layer, o) {
  return new Promise((resolve) => {
    const wrap = h('div', 'om-mask om-modal-wrap om-consent', null, layer);
    const box = h('div', 'om-modal', null, wrap);
    const id = `om-consent-${Math.random().toString(36).slice(2)}`;
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-modal', 'true');
    box.setAttribute('aria-labelledby', id);
    h('div', 'om-modal-title', o.title, box).id = id;
    if (o.content) h('div', 'om-modal-content', o.content, box);
    /** @type {HTMLInputElement[]} */
    const inputs = [];
    if (o.switches && o.switches.length) {
      const list = h('div', 'om-modal-content', null, box);
      list.style.textAlign = 'left';
      for (const s of o.switches) {
        const label = h('label', '', null, list);
        label.style.display = 'flex';
        label.style.gap = '8px';
        label.style.padding = '6px 0';
        const input = /** @type {HTMLInputElement} */ (h('input', '', null, label));
        input.type = 'checkbox';
        input.setAttribute('role', 'switch');
        input.checked = s.on;
        h('span', '', s.detail ? `${s.label}\n${s.detail}` : s.label, label).style.whiteSpace = 'pre-wrap';
        inputs.push(input);
      }
    }
    const bar = h('div', 'om-modal-buttons', null, box);
    const done = (/** @type {boolean} */ confirm) => {
      wrap.remove();
      resolve({ confirm, on: inputs.map((i) => i.checked) });
    };
    button('om-modal-cancel', o.no, () => done(false), bar);
    const yes = button('om-modal-confirm', o.yes, () => done(true), bar);
    yes.style.color = '#576B95';
    wrap.addEventListener('keydown', (e) => e.key === 'Escape' && done(false));
    yes.focus();
  });
}

/**
 * @param {{ apiBase: string, appId: string, manifest: any, layer: HTMLElement }} ctx
 */
export function consentApis(ctx) {
  /** False once the platform answered 404: the simulator's dev server. */
  let platform = true;
  /** The simulator's decisions, for this launch only. @type {Map<string, boolean>} */
  const local = new Map();

  /**
   * One call of the consent API; fails `"<api>:fail <errmsg>"`, answers null without a platform.
   * @param {string} api @param {string} path @param {any} [body]
   * @returns {Promise<any>}
   */
  async function request(api, path, body) {
    if (!platform) return null;
    const url = new URL(`consent/${path}${path.includes('?') ? '&' : '?'}appid=${encodeURIComponent(ctx.appId)}`, ctx.apiBase);
    const res = await fetch(url.href, {
      method: body ? 'POST' : 'GET',
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    });
    if (res.status === 404) {
      platform = false;
      return null;
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok || data.errcode) fail(api, data.errmsg || `HTTP ${res.status}`);
    return data;
  }

  /** `request` where the platform is needed. @param {string} api @param {string} path @param {any} [body] */
  async function ask(api, path, body) {
    return (await request(api, path, body)) || fail(api, NO_PLATFORM);
  }

  /** The platform's setting, or the simulator's. @param {string} api @param {boolean} withSubscriptions */
  async function setting(api, withSubscriptions) {
    const data = await request(api, `setting?withSubscriptions=${withSubscriptions}`);
    if (data) return data;
    const authSetting = Object.fromEntries(local);
    return { authSetting, labels: {} };
  }

  /** Record a decision (the simulator: for this launch). @param {string} api @param {string} scope @param {boolean} granted */
  async function decide(api, scope, granted) {
    if (!(await request(api, 'decide', { scope, granted }))) local.set(scope, granted);
  }

  /**
   * Resolve when `scope` is granted, asking the user when nothing is decided yet; fail
   * `"<api>:fail auth deny"` when refused, now or before (a refusal is not asked again).
   * @param {string} scope @param {string} api
   */
  async function ensure(scope, api) {
    const s = (await request(api, `scope?scope=${encodeURIComponent(scope)}`)) || {
      state: local.has(scope) ? (local.get(scope) ? 'granted' : 'refused') : 'ask', name: ctx.appId, what: scope,
    };
    if (s.state === 'granted') return;
    if (s.state === 'refused') fail(api, 'auth deny');
    const r = await consentDialog(ctx.layer, { title: `${s.name} 申请`, content: promptText(ctx.manifest.app, scope, s.what), yes: '允许', no: '拒绝' });
    await decide(api, scope, r.confirm);
    if (!r.confirm) fail(api, 'auth deny');
  }

  /** @param {any} data the setting route's answer → wx.getSetting's result */
  const settingResult = (data) => {
    /** @type {Record<string, any>} */
    const out = { authSetting: data.authSetting };
    if (data.subscriptionsSetting) out.subscriptionsSetting = data.subscriptionsSetting;
    return out;
  };

  /** @type {Record<string, import('./broker.js').Handler>} */
  const handlers = {
    async authorize(args) {
      if (typeof args.scope !== 'string') fail('authorize', 'parameter error: parameter.scope should be String;');
      await ensure(args.scope, 'authorize');
      return {};
    },
    async getSetting(args) {
      return settingResult(await setting('getSetting', !!args.withSubscriptions));
    },
    // logic lets this through only during a tap (WeChat's rule)
    async openSetting(args) {
      const api = 'openSetting';
      const before = await setting(api, false);
      const scopes = Object.keys(before.authSetting);
      const r = await consentDialog(ctx.layer, {
        title: '设置', content: scopes.length ? '允许使用' : '该小程序未使用你的任何信息',
        switches: scopes.map((scope) => ({ label: before.labels[scope] || scope, on: before.authSetting[scope] })),
        yes: '完成', no: '取消',
      });
      for (let i = 0; r.confirm && i < scopes.length; i++) {
        if (r.on[i] !== before.authSetting[scopes[i]]) await decide(api, scopes[i], r.on[i]);
      }
      return settingResult(await setting(api, !!args.withSubscriptions));
    },
    // logic lets this through only during a tap (WeChat's rule)
    async requestSubscribeMessage(args) {
      const api = 'requestSubscribeMessage';
      const tmplIds = args.tmplIds;
      const plan = await ask(api, 'subscriptions/plan', { tmplIds });
      const asked = plan.items.filter((/** @type {any} */ item) => item.answer === null);
      /** @type {Record<string, string>} */
      const choices = {};
      let keep = false;
      if (asked.length) {
        const r = await consentDialog(ctx.layer, {
          title: `${plan.name} 申请`, content: '发送以下消息',
          switches: [
            ...asked.map((/** @type {any} */ item) => ({ label: item.title, detail: item.keywords.join('、'), on: true })),
            { label: '总是保持以上选择，不再询问', on: false },
          ],
          yes: '允许', no: '取消',
        });
        keep = r.on[asked.length];
        for (let i = 0; i < asked.length; i++) choices[asked[i].tmplId] = r.confirm && r.on[i] ? 'accept' : 'reject';
      }
      const { result } = await ask(api, 'subscriptions', { tmplIds, choices, keep });
      return result;
    },
  };
  return { handlers, ensure };
}
