// <text>: inline text. `user-select`/`selectable` allow selecting it; `space` widens spaces;
// `decode` turns the entities WeChat lists into characters; a literal `\n` (backslash, n) written
// in the template breaks the line, as in WeChat. Text node data is rewritten in place; the raw
// value logic sent is on the text node's state (`text`, view/apply.js), so rewrites start from it.

import { defineWidget, props } from "./registry.js";

const SPACES = /** @type {Record<string, string>} */ ({ ensp: "\u2002", emsp: "\u2003", nbsp: "\u00a0" });
const ENTITIES = /** @type {Record<string, string>} */ ({
  nbsp: "\u00a0", ensp: "\u2002", emsp: "\u2003", lt: "<", gt: ">", amp: "&", apos: "'", quot: '"',
});

/**
 * What a text node inside <text> shows for the raw text `s`.
 * @param {string} s
 * @param {{space?: any, decode?: any}} p
 */
export function textShown(s, p) {
  let out = s.indexOf("\\n") < 0 ? s : s.replace(/\\n/g, "\n");
  if (p.decode) out = out.replace(/&(nbsp|ensp|emsp|lt|gt|amp|apos|quot);/g, (_, n) => ENTITIES[n]);
  const sp = SPACES[p.space];
  return sp ? out.replace(/ /g, sp) : out;
}

/** @param {any} el */
function render(el) {
  const p = props(el);
  for (let c = el.firstChild; c; c = c.nextSibling) {
    const s = c.__om;
    if (c.nodeType !== 3 || !s) continue;
    const out = textShown(s.text, p);
    if (c.data !== out) c.data = out;
  }
}

// One observer for every <text>: children and text changes arrive in the same task as the ops
// and are rewritten before the frame paints.
const observer = typeof MutationObserver === "function"
  ? new MutationObserver((records) => {
      for (let i = 0; i < records.length; i++) {
        const t = records[i].target;
        render(t.nodeType === 3 ? t.parentNode : t);
      }
    })
  : null;

defineWidget("text", {
  create(el) {
    if (observer) observer.observe(el, { childList: true, characterData: true, subtree: true });
  },
  set(el, name) {
    if (name === "selectable" || name === "userSelect") {
      const p = props(el);
      el.toggleAttribute("selectable", !!(p.selectable || p.userSelect));
    } else if (name === "space" || name === "decode") {
      render(el);
    }
  },
});
