// <rich-text>: sanitised nodes built as light-DOM children of the element (so the page's or
// component's class rules apply to them, as WeChat documents), with createElement only.
import { Widget, docCSS, widget } from "./shared.js";
import { richNodes } from "./rich-text-html.js";

const SPACE = /** @type {Record<string, string>} */ ({ ensp: "\u2002", emsp: "\u2003", nbsp: "\u00a0" });

/**
 * @param {Node} parent @param {import("./rich-text-html.js").RichNode[]} nodes
 * @param {string} space @param {string} prefix class prefix of the owning isolated component
 */
function build(parent, nodes, space, prefix) {
  for (const n of nodes) {
    if ("text" in n) {
      parent.appendChild(document.createTextNode(space ? n.text.replace(/ /g, space) : n.text));
      continue;
    }
    const e = document.createElement(n.name);
    for (const k in n.attrs) {
      const v = n.attrs[k];
      e.setAttribute(k, k === "class" && prefix ? v.split(/\s+/).filter(Boolean).map((c) => prefix + "--" + c).join(" ") : v);
    }
    if (n.name === "img") e.setAttribute("referrerpolicy", "no-referrer");
    build(e, n.children, space, prefix);
    parent.appendChild(e);
  }
}

let styled = false;

class RichText extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    if (!styled) (styled = true), docCSS(":where(wx-rich-text[om-select]){display:block;user-select:text;-webkit-user-select:text}");
  }

  update() {
    const el = this.el;
    el.textContent = "";
    build(el, richNodes(this.p.nodes ?? []), SPACE[this.s("space", "")] ?? "", this.s("classPrefix", ""));
    el.toggleAttribute("om-select", this.b("userSelect"));
  }
}

widget("rich-text", RichText);
