// Identity for the running mini program (docs/identity.md): wx.login, wx.checkSession,
// wx.getUserProfile, wx.getUserInfo and `<button open-type="getPhoneNumber|getUserInfo">`. The
// host asks the platform (`/api/identity/…`, the session's end user) and draws the consent
// prompts itself; what reaches the mini program is a code or signed and encrypted data, never
// the session_key.

import { ApiError, fail } from './args.js';
import { consentDialog } from './consent.js';
import { modalOptions } from './dialogs.js';

const NO_PLATFORM = 'not supported here: identity needs the platform (openmini serve)';

/** "+86 138 0013 8000" → {countryCode, number}; a number without "+" is taken as Chinese (86). */
export function parsePhone(/** @type {string} */ text) {
  const t = text.trim();
  const m = /^\+(\d{1,4})[\s-]*([\d\s-]+)$/.exec(t) || /^()([\d\s-]+)$/.exec(t);
  return m ? { countryCode: m[1] || '86', number: m[2].replace(/[\s-]/g, '') } : null;
}

/** @param {string} api @param {unknown} e */
const errMsgOf = (api, e) => (e instanceof ApiError ? e.message : `${api}:fail ${e instanceof Error ? e.message : String(e)}`);

/**
 * @param {{ apiBase: string, appId: string, dialogs: import('./dialogs.js').Dialogs, layer: HTMLElement }} ctx
 */
export function identityApis(ctx) {
  /** The user's yes or no in a host-drawn prompt. @param {string} title @param {string} content */
  const agrees = async (title, content) => (await consentDialog(ctx.layer, { title, content, yes: '允许', no: '拒绝' })).confirm;

  /**
   * @param {string} api the wx name failures carry @param {string} method @param {string} path
   * @param {any} [body] @param {boolean} [withAppId]
   * @returns {Promise<any>}
   */
  async function ask(api, method, path, body, withAppId = true) {
    const query = withAppId ? `?appid=${encodeURIComponent(ctx.appId)}` : '';
    const res = await fetch(new URL(`identity/${path}${query}`, ctx.apiBase).href, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    });
    // the simulator's dev server has no accounts, so no identity
    if (res.status === 404) fail(api, NO_PLATFORM);
    const data = await res.json().catch(() => ({}));
    if (!res.ok || data.errcode) fail(api, data.errmsg || `HTTP ${res.status}`);
    return data;
  }

  /** @param {string} api @param {boolean} anonymous @param {unknown} lang */
  const openData = (api, anonymous, lang) => ask(api, 'POST', 'userinfo', { anonymous, lang: typeof lang === 'string' ? lang : 'en' });

  /** The user's number, asked for in the prompt when the platform has none yet; null when refused. */
  async function sharePhone() {
    const api = 'getPhoneNumber';
    const p = await ask(api, 'GET', 'prompt');
    const asking = `${p.name} 申请获取你的手机号`;
    if (p.phone) {
      const yes = await agrees(asking, `+${p.phone.countryCode} ${p.phone.number}`);
      return yes ? (await ask(api, 'POST', 'phone-code')).code : null;
    }
    const r = await ctx.dialogs.modal(modalOptions({
      title: asking, editable: true, placeholderText: '+86 13800138000', confirmText: '允许', cancelText: '拒绝',
    }));
    if (!r.confirm) return null;
    const phone = parsePhone(r.content || '');
    if (!phone) fail(api, 'invalid phone number');
    await ask(api, 'PUT', 'phone', phone, false);
    return (await ask(api, 'POST', 'phone-code')).code;
  }

  return {
    /** @type {Record<string, import('./broker.js').Handler>} */
    handlers: {
      login: async () => ({ code: (await ask('login', 'POST', 'login')).code }),
      async checkSession() {
        if (!(await ask('checkSession', 'GET', 'session')).valid) fail('checkSession', 'session time out, need relogin');
        return {};
      },
      // logic lets this through only during a tap (WeChat's rule); the user decides here.
      async getUserProfile(args) {
        const p = await ask('getUserProfile', 'GET', 'prompt');
        const content = `获取你的昵称、头像\n${String(args.desc || '')}\n\n${p.userInfo.nickName}`;
        if (!(await agrees(`${p.name} 申请`, content))) fail('getUserProfile', 'auth deny');
        return openData('getUserProfile', false, args.lang);
      },
      // WeChat answers getUserInfo without a prompt, with an anonymous profile.
      getUserInfo: (args) => openData('getUserInfo', true, args.lang),
    },
    /** `bindgetphonenumber`'s detail: `{code, errMsg}`, or the refusal or failure. */
    async phoneNumber() {
      try {
        const code = await sharePhone();
        return code ? { code, errMsg: 'getPhoneNumber:ok' } : { errMsg: 'getPhoneNumber:fail user deny' };
      } catch (e) {
        return { errMsg: errMsgOf('getPhoneNumber', e) };
      }
    },
    /** `bindgetuserinfo`'s detail: what wx.getUserInfo answers, or the failure. */
    async userInfo() {
      try {
        return { ...(await openData('getUserInfo', true, 'en')), errMsg: 'getUserInfo:ok' };
      } catch (e) {
        return { errMsg: errMsgOf('getUserInfo', e) };
      }
    },
  };
}
