// `<button open-type>` taps (frame → host `{t:"openType", id, openType, target, props}`), the
// share flow they share with the capsule menu, and wx.openLocation. The answer to the frame is
// `{t:"openType.result", id, type?, detail?}`: the event the button fires (docs/runtime-view.md).
// The user's info and phone number come from the platform after the user agrees (host/identity.js),
// the settings sheet from host/consent.js; customer service fails clearly — never fake data.

/**
 * @typedef {{
 *   dialogs: import('./dialogs.js').Dialogs,
 *   chooseImage(args: any): Promise<any>,
 *   share(from: string, target?: any): Promise<void>,
 *   phoneNumber(): Promise<{code?: string, errMsg: string}>,
 *   userInfo(): Promise<Record<string, any>>,
 *   openSetting(): Promise<Record<string, any>>,
 * }} OpenTypeContext
 */

/** open-type → [event type, the API whose errMsg it carries] for what this platform does not offer. */
const NOT_OFFERED = /** @type {Record<string, [string, string]>} */ ({
  contact: ['contact', 'enterContact'],
});
const UNAVAILABLE = 'not supported: customer service is not available on this platform';

/**
 * The event a button fires for its open-type (none: `{}`).
 * @param {OpenTypeContext} ctx @param {string} type @param {any} target {id, dataset}
 * @returns {Promise<{type?: string, detail?: any}>}
 */
export async function openTypeAnswer(ctx, type, target) {
  const missing = NOT_OFFERED[type];
  if (missing) return { type: missing[0], detail: { errMsg: `${missing[1]}:fail ${UNAVAILABLE}` } };
  switch (type) {
    case 'share':
      await ctx.share('button', target);
      return {};
    case 'getPhoneNumber':
      return { type: 'getphonenumber', detail: await ctx.phoneNumber() };
    case 'getRealtimePhoneNumber': // the same consent and one-time code; the backend exchanges it the same way
      return { type: 'getrealtimephonenumber', detail: await ctx.phoneNumber() };
    case 'getUserInfo':
      return { type: 'getuserinfo', detail: await ctx.userInfo() };
    case 'openSetting':
      return { type: 'opensetting', detail: { ...(await ctx.openSetting()), errMsg: 'openSetting:ok' } };
    case 'chooseAvatar': {
      // a real picture the user picks (a temp file), not a profile the platform would provide
      const r = await ctx.chooseImage({ count: 1, sizeType: ['compressed'] }).catch(() => null);
      return r && r.tempFilePaths[0] ? { type: 'chooseavatar', detail: { avatarUrl: r.tempFilePaths[0] } } : {};
    }
    case 'launchApp':
      return { type: 'error', detail: { errMsg: 'launchApp:fail not supported' } };
    case 'agreePrivacyAuthorization':
      return { type: 'agreeprivacyauthorization', detail: {} }; // the tap is the agreement
    default:
      return {}; // feedback and unknown types: nothing to fire
  }
}

/**
 * Show what the mini program would share (host-drawn): its title and path. There is no share
 * target outside a super app yet, so the sheet only shows it.
 * @param {import('./dialogs.js').Dialogs} dialogs @param {any} content {title, path, imageUrl}
 * @param {string} appTitle @param {string} route
 */
export function showShare(dialogs, content, appTitle, route) {
  const title = (content && content.title) || appTitle;
  const path = (content && content.path) || `/${route}`;
  return dialogs.modal({
    title: '转发', content: `${title}\n${path}`, showCancel: false, cancelText: '取消', cancelColor: '#000000',
    confirmText: '知道了', confirmColor: '#576B95', editable: false, placeholderText: '',
  });
}

/**
 * wx.openLocation: a host dialog with the place, and a map link the user may open.
 * @param {import('./dialogs.js').Dialogs} dialogs @param {any} args
 */
export async function openLocation(dialogs, args) {
  const lat = Number(args.latitude);
  const lon = Number(args.longitude);
  if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) throw new Error('invalid latitude or longitude');
  const zoom = Math.min(18, Math.max(5, Number(args.scale) || 18));
  const r = await dialogs.modal({
    title: String(args.name || '位置'), content: `${args.address ? `${args.address}\n` : ''}${lat.toFixed(6)}, ${lon.toFixed(6)}`,
    showCancel: true, cancelText: '关闭', cancelColor: '#000000', confirmText: '打开地图', confirmColor: '#576B95',
    editable: false, placeholderText: '',
  });
  if (r.confirm) open(`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=${zoom}/${lat}/${lon}`, '_blank', 'noopener');
}
