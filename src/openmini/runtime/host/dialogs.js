// Host-drawn dialogs: toast/loading, modal, action sheet, image preview. The option checks are
// pure functions (tested in node); the classes below draw into the shell's dialog layer.

import { ApiError, checkArgs, fail } from './args.js';
import { button, h } from './dom.js';

/** Width in "Chinese characters": WeChat counts an ASCII character as half of one. */
function textWidth(/** @type {string} */ s) {
  let w = 0;
  for (let i = 0; i < s.length; i++) w += s.charCodeAt(i) > 255 ? 2 : 1;
  return w / 2;
}

const ICONS = new Set(['success', 'error', 'loading', 'none']);

/** @param {Record<string, any>} args @param {string} api showToast | showLoading */
export function toastOptions(args, api) {
  const bad = checkArgs(api, args, { title: 'String', 'icon?': 'String', 'image?': 'String', 'duration?': 'Number', 'mask?': 'Boolean' });
  if (bad) throw new ApiError(bad);
  const loading = api === 'showLoading';
  return {
    title: args.title,
    icon: loading ? 'loading' : ICONS.has(args.icon) ? args.icon : 'success',
    // A local path (WeChat's rule): a network URL would be loaded by the host, outside the
    // domain list (DESIGN.md invariant 2), so it is ignored and the icon shows instead.
    image: loading || /^(?!blob:)[a-z][a-z0-9+.-]*:/i.test(args.image || '') ? '' : args.image || '',
    duration: loading ? 0 : args.duration === undefined ? 1500 : args.duration,
    mask: !!args.mask,
    loading,
  };
}

/** @param {Record<string, any>} args */
export function modalOptions(args) {
  const api = 'showModal';
  const bad = checkArgs(api, args, {
    'title?': 'String', 'content?': 'String', 'showCancel?': 'Boolean', 'cancelText?': 'String', 'cancelColor?': 'String',
    'confirmText?': 'String', 'confirmColor?': 'String', 'editable?': 'Boolean', 'placeholderText?': 'String',
  });
  if (bad) throw new ApiError(bad);
  const o = {
    title: args.title || '',
    content: args.content || '',
    showCancel: args.showCancel !== false,
    cancelText: args.cancelText ?? '取消',
    cancelColor: args.cancelColor || '#000000',
    confirmText: args.confirmText ?? '确定',
    confirmColor: args.confirmColor || '#576B95',
    editable: !!args.editable,
    placeholderText: args.placeholderText || '',
  };
  if (textWidth(o.cancelText) > 4) fail(api, 'cancelText length should not larger than 4 Chinese characters');
  if (textWidth(o.confirmText) > 4) fail(api, 'confirmText length should not larger than 4 Chinese characters');
  return o;
}

/** @param {Record<string, any>} args */
export function actionSheetOptions(args) {
  const api = 'showActionSheet';
  const bad = checkArgs(api, args, { itemList: 'Array', 'itemColor?': 'String', 'alertText?': 'String' });
  if (bad) throw new ApiError(bad);
  if (args.itemList.length > 6) fail(api, 'parameter error: itemList should not be large than 6');
  if (!args.itemList.length) fail(api, 'parameter error: itemList should not be empty');
  return { itemList: args.itemList.map(String), itemColor: args.itemColor || '#000000', alertText: args.alertText || '' };
}

export class Dialogs {
  /**
   * @param {HTMLElement} layer  the shell's dialog layer (covers the mini program area)
   * @param {(path: string) => string} imageUrl  package path → URL
   */
  constructor(layer, imageUrl) {
    this.layer = layer;
    this.imageUrl = imageUrl;
    /** @type {{ el: HTMLElement, loading: boolean, timer: any } | null} */
    this.toast = null;
  }

  /** showToast / showLoading: one at a time, the newer replaces the older. */
  showToast(/** @type {ReturnType<typeof toastOptions>} */ o) {
    this.hideToast();
    const el = h('div', `om-toast-wrap${o.mask ? ' om-mask' : ''}`, null, this.layer);
    const box = h('div', `om-toast${o.icon === 'none' && !o.image ? ' om-toast-text' : ''}`, null, el);
    if (o.image) {
      const img = /** @type {HTMLImageElement} */ (h('img', 'om-toast-icon', null, box));
      img.src = this.imageUrl(o.image);
    } else if (o.icon !== 'none') h('i', `om-toast-icon om-icon-${o.icon}`, null, box);
    h('p', 'om-toast-title', o.title, box);
    const toast = { el, loading: o.loading, timer: /** @type {any} */ (0) };
    if (o.duration > 0) toast.timer = setTimeout(() => this.toast === toast && this.hideToast(), o.duration);
    this.toast = toast;
  }

  /** @param {boolean} [loading]  hideLoading only closes a loading, hideToast only a toast */
  hideToast(loading) {
    const t = this.toast;
    if (!t || (loading !== undefined && t.loading !== loading)) return;
    clearTimeout(t.timer);
    t.el.remove();
    this.toast = null;
  }

  /** @param {ReturnType<typeof modalOptions>} o @returns {Promise<{confirm: boolean, cancel: boolean, content?: string}>} */
  modal(o) {
    return new Promise((resolve) => {
      const wrap = h('div', 'om-mask om-modal-wrap', null, this.layer);
      const box = h('div', 'om-modal', null, wrap);
      box.setAttribute('role', 'dialog');
      if (o.title) h('div', 'om-modal-title', o.title, box);
      /** @type {HTMLTextAreaElement | null} */
      let input = null;
      if (o.editable) {
        input = /** @type {HTMLTextAreaElement} */ (h('textarea', 'om-modal-input', null, box));
        input.value = o.content;
        input.placeholder = o.placeholderText;
      } else if (o.content) h('div', 'om-modal-content', o.content, box);
      const bar = h('div', 'om-modal-buttons', null, box);
      const done = (/** @type {boolean} */ confirm) => {
        wrap.remove();
        resolve(o.editable ? { confirm, cancel: !confirm, content: input ? input.value : '' } : { confirm, cancel: !confirm });
      };
      if (o.showCancel) button('om-modal-cancel', o.cancelText, () => done(false), bar).style.color = o.cancelColor;
      button('om-modal-confirm', o.confirmText, () => done(true), bar).style.color = o.confirmColor;
      if (input) input.focus();
    });
  }

  /** @param {ReturnType<typeof actionSheetOptions>} o @returns {Promise<number>} the index, -1 on cancel */
  actionSheet(o) {
    return new Promise((resolve) => {
      const wrap = h('div', 'om-mask om-sheet-wrap', null, this.layer);
      const sheet = h('div', 'om-sheet', null, wrap);
      const done = (/** @type {number} */ i) => {
        wrap.remove();
        resolve(i);
      };
      wrap.addEventListener('click', (e) => e.target === wrap && done(-1));
      if (o.alertText) h('div', 'om-sheet-alert', o.alertText, sheet);
      for (let i = 0; i < o.itemList.length; i++) {
        button('om-sheet-item', o.itemList[i], () => done(i), sheet).style.color = o.itemColor;
      }
      button('om-sheet-item om-sheet-cancel', '取消', () => done(-1), sheet);
    });
  }

  /**
   * Full-screen image (and video: previewMedia) preview; tap closes, arrows/swipe move.
   * @param {string[]} urls @param {number} index @param {boolean[]} [videos] which urls are videos
   */
  preview(urls, index, videos = []) {
    const wrap = h('div', 'om-preview', null, this.layer);
    let img = /** @type {HTMLImageElement | HTMLVideoElement} */ (h('img', '', null, wrap));
    const count = h('div', 'om-preview-count', null, wrap);
    const show = (/** @type {number} */ i) => {
      index = (i + urls.length) % urls.length;
      const tag = videos[index] ? 'video' : 'img';
      if (img.localName !== tag) {
        const el = /** @type {HTMLImageElement | HTMLVideoElement} */ (document.createElement(tag));
        if (el instanceof HTMLVideoElement) el.controls = true;
        img.replaceWith(el);
        img = el;
      }
      img.src = this.imageUrl(urls[index]);
      count.textContent = urls.length > 1 ? `${index + 1}/${urls.length}` : '';
    };
    if (urls.length > 1) {
      button('om-preview-prev', '‹', () => show(index - 1), wrap);
      button('om-preview-next', '›', () => show(index + 1), wrap);
    }
    let startX = 0;
    wrap.addEventListener('pointerdown', (e) => (startX = e.clientX));
    wrap.addEventListener('pointerup', (e) => {
      const dx = e.clientX - startX;
      if (Math.abs(dx) > 40 && urls.length > 1) show(index + (dx < 0 ? 1 : -1));
      else if ((e.target === img && !videos[index]) || e.target === wrap) wrap.remove();
    });
    show(index);
  }

  /** A yes/no question the host asks for itself (consent prompts, phone calls). */
  ask(/** @type {string} */ title, /** @type {string} */ content, /** @type {string} */ yes = '允许', /** @type {string} */ no = '拒绝') {
    return this.modal(modalOptions({ title, content, confirmText: yes, cancelText: no })).then((r) => r.confirm);
  }
}
