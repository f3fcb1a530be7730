// <web-view>: an https page from the mini program's business domains, in a sandboxed iframe
// that fills the page. Anything else shows an error box instead of loading.
import { Widget, shadow, widget } from "./shared.js";
import { hostConfig } from "./registry.js";

/**
 * Why `src` may not be opened, or "" when it may: https only, a listed host (exact, or under a
 * `*.` wildcard), never one of the platform's own origins (ancestors of this frame).
 * @param {string} src @param {string[] | null} list @param {string[]} ancestors
 */
export function refuse(src, list, ancestors = []) {
  let u;
  try {
    u = new URL(src);
  } catch {
    return "invalid url";
  }
  if (u.protocol !== "https:") return "only https pages can be opened";
  if (u.username || u.password) return "credentials in url";
  if (ancestors.includes(u.origin)) return "the platform's own pages cannot be opened";
  const host = u.host.toLowerCase();
  const ok = (list || []).some((d) => d === host || (d.startsWith("*.") && host.endsWith(d.slice(1))));
  return ok ? "" : `domain ${host} is not in the business domain list`;
}

const STYLE = `:host{display:block;position:fixed;inset:0;z-index:100;background:#fff}iframe{border:0;
width:100%;height:100%;display:block}.e{padding:24px;font:14px/1.6 system-ui,sans-serif;color:#333}
.e b{display:block;color:#e64340;margin-bottom:8px}`;

class WebView extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    this.root = shadow(el, STYLE, "");
    /** @type {HTMLIFrameElement | null} */
    this.frame = null;
    addEventListener("message", (e) => {
      if (this.frame && e.source === this.frame.contentWindow) this.send("message", { data: [e.data] });
    });
  }

  update() {
    const src = this.s("src", "");
    const why = src ? refuse(src, hostConfig.webViewDomains, [...(location.ancestorOrigins || [])]) : "";
    this.root.textContent = "";
    this.frame = null;
    if (!src) return;
    if (why) {
      const box = this.root.appendChild(document.createElement("div"));
      box.className = "e";
      box.appendChild(document.createElement("b")).textContent = "web-view cannot open this page";
      box.append(why + ": " + src);
      return this.send("error", { src, errMsg: "web-view:fail " + why });
    }
    const f = (this.frame = document.createElement("iframe"));
    // its own (external) origin, scripts and forms; no top navigation, no access to us
    f.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups");
    f.setAttribute("referrerpolicy", "strict-origin");
    f.onload = () => this.send("load", { src });
    f.src = src;
    this.root.appendChild(f);
  }
}

widget("web-view", WebView);

