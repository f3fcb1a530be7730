// APIs about what the page frames show: the keyboard (the focused field in the top frame, the
// host's visual viewport for its height) and fonts (wx.loadFontFace). The host fetches a font
// itself (a package file, or a download through the domain allow-list as downloadFile does),
// checks that the browser can read it, and hands the bytes to the frames, which fetch nothing.

import { fail } from './args.js';

/**
 * @typedef {{ frame: HTMLIFrameElement, port: MessagePort | null, page: { id: number } }} FramePage  port null: the frame is ready
 * @typedef {{ t: 'font', family: string, data: ArrayBuffer, desc: Record<string, string> }} FontMessage
 * @typedef {{
 *   notify(name: string, payload: any): void, top(): FramePage | null, pages: Map<number, FramePage>,
 *   fonts: { msg: FontMessage, page: number | null }[], ask(frame: HTMLIFrameElement, msg: any): Promise<any>,
 *   download(url: string, call: { id: number, api: string }): Promise<string>, packageUrl(path: string): string,
 *   files: import('./files.js').Files,
 * }} FrameContext  fonts: every loaded font and its page (null: all pages), sent to frames as they get ready
 */

/** The URL in a CSS `src` value: `url("…")`, or the bare text. @param {string} source */
export function fontUrl(source) {
  const m = /^\s*url\(\s*(["']?)(.*?)\1\s*\)\s*$/.exec(source);
  return (m ? m[2] : source).trim();
}

/**
 * The software keyboard's height: what the visual viewport lost at the bottom (a pinch zoom
 * scales the visual viewport as a whole and is not a keyboard).
 * @param {number} innerHeight @param {{ height: number, scale: number }} vv
 */
export const keyboardHeight = (innerHeight, vv) => Math.max(0, Math.round(innerHeight - vv.height * vv.scale));

/** @param {FrameContext} ctx @param {Window} win */
export function frameApis(ctx, win = window) {
  /** @type {(() => void) | null} */
  let unwatch = null;

  /** The focused field of the top frame: {focused, start, end}; `hide` blurs it. @param {boolean} hide */
  async function field(hide) {
    const t = ctx.top();
    return (t && (await ctx.ask(t.frame, { t: 'keyboard', hide }))) || { focused: false };
  }

  /** @param {string} src @param {{ id: number, api: string }} call @returns {Promise<ArrayBuffer>} */
  async function fontData(src, call) {
    const data = /^data:[^,]*;base64,(.*)$/s.exec(src);
    if (data) return Uint8Array.from(atob(data[1]), (c) => c.charCodeAt(0)).buffer;
    if (/^https?:/i.test(src)) return (await ctx.files.blob(await ctx.download(src, call))).arrayBuffer();
    if (ctx.files.get(src)) return (await ctx.files.blob(src)).arrayBuffer();
    if (/^[a-z][a-z0-9+.-]*:/i.test(src)) throw new Error(`unsupported source ${src.slice(0, 40)}`);
    const res = await fetch(ctx.packageUrl(src.replace(/^\//, '')));
    if (!res.ok) throw new Error(`file not found: ${src}`);
    return res.arrayBuffer();
  }

  /** @type {Record<string, import('./broker.js').Handler>} */
  const handlers = {
    async hideKeyboard() {
      await field(true);
    },
    async getSelectedTextRange() {
      const r = await field(false);
      if (!r.focused) fail('getSelectedTextRange', 'no focused input');
      return { start: r.start, end: r.end };
    },
    // the first onKeyboardHeightChange listener in logic (its internal call)
    'keyboard.watch'() {
      const vv = win.visualViewport;
      if (unwatch || !vv) return;
      let last = keyboardHeight(win.innerHeight, vv);
      const onResize = () => {
        const height = keyboardHeight(win.innerHeight, vv);
        if (height !== last) ctx.notify('keyboardHeightChange', { height: (last = height) });
      };
      vv.addEventListener('resize', onResize);
      unwatch = () => vv.removeEventListener('resize', onResize);
    },
    async loadFontFace(args, call) {
      const api = 'loadFontFace';
      const src = fontUrl(String(args.source));
      const data = await fontData(src, call).catch((e) => fail(api, String(e.message).replace(/^downloadFile:fail /, '')));
      /** @type {Record<string, string>} */
      const desc = {};
      for (const k of ['style', 'weight', 'variant']) if (args.desc && typeof args.desc[k] === 'string') desc[k] = args.desc[k];
      // parsed here first: a file the browser cannot read fails now, not silently in the frames
      await new FontFace(args.family, data, desc).load().catch(() => fail(api, `${src.slice(0, 80)} is not a font the browser can read`));
      const t = ctx.top();
      const page = args.global ? null : t ? t.page.id : null;
      /** @type {FontMessage} */
      const msg = { t: 'font', family: args.family, data, desc };
      ctx.fonts.push({ msg, page });
      for (const p of ctx.pages.values()) if (!p.port && (page === null || p.page.id === page)) p.frame.contentWindow?.postMessage(msg, '*');
      return { status: 'loaded' };
    },
  };
  return {
    handlers,
    close() {
      if (unwatch) unwatch();
      unwatch = null;
    },
  };
}
