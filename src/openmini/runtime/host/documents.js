// Files the user looks at or keeps: wx.openDocument (a PDF opens in a new browser tab, which
// shows it; other documents and blocked tabs become a download), wx.previewMedia (the image
// viewer, with videos), and the download every "save to the phone" API ends in.

import { fail } from './args.js';

/** @typedef {{ dialogs: import('./dialogs.js').Dialogs }} DocumentContext */

/** Hand `blob` to the browser as a download named `name` (a page's way to save to the phone). */
export function download(/** @type {Blob} */ blob, /** @type {string} */ name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}

const TYPES = /** @type {Record<string, string>} */ ({
  pdf: 'application/pdf', doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
});

/** @param {DocumentContext} ctx @returns {Record<string, import('./broker.js').Handler>} */
export function documentApis(ctx) {
  return {
    /** `{data: ArrayBuffer, fileType, name}`: logic read the file and checked the type. */
    openDocument(args) {
      const type = String(args.fileType);
      if (!TYPES[type] || !(args.data instanceof ArrayBuffer)) fail('openDocument', 'filetype not supported');
      const blob = new Blob([args.data], { type: TYPES[type] });
      const name = String(args.name || 'document').replace(/(\.\w+)?$/, `.${type}`);
      if (type === 'pdf') {
        const url = URL.createObjectURL(blob);
        if (window.open(url, '_blank')) return void setTimeout(() => URL.revokeObjectURL(url), 60000);
        URL.revokeObjectURL(url);
      }
      download(blob, name);
    },
    /** `{sources: [{url, type: "image"|"video", poster?}], current}` */
    previewMedia(args) {
      const sources = Array.isArray(args.sources) ? args.sources.filter((/** @type {any} */ s) => s && typeof s.url === 'string') : [];
      if (!sources.length) fail('previewMedia', 'parameter error: parameter.sources should not be empty;');
      const i = Math.min(sources.length - 1, Math.max(0, Number(args.current) || 0));
      ctx.dialogs.preview(sources.map((/** @type {any} */ s) => s.url), i, sources.map((/** @type {any} */ s) => s.type === 'video'));
    },
  };
}
