// <view>, <navigator>, <button>, <label>, <form>: the widgets whose behaviour is a reaction to a
// tap (the `wxtap` DOM event view/events.js dispatches after forwarding the tap to logic).

import { defineWidget, nodeState, props } from "./registry.js";
import { toHost, askHost } from "../channel.js";
import { bool, num, str } from "../props.js";

// <view>: only hover-class (view/hover.js reads its props); nothing to draw.
defineWidget("view", { set() {} });

// <navigator>: a tap asks the host to navigate; a relative `url` resolves against the page.
defineWidget("navigator", {
  create(el) {
    el.addEventListener("wxtap", () => {
      const p = props(el);
      if (p.target === "miniProgram") {
        toHost({
          t: "navigate", openType: "navigateToMiniProgram", appId: str(p.appId, ""), path: str(p.path, ""),
          extraData: p.extraData || {}, envVersion: str(p.version, "release"), shortLink: str(p.shortLink, ""),
        });
        return;
      }
      const openType = str(p.openType, "navigate");
      toHost({ t: "navigate", openType, url: str(p.url, ""), delta: num(p.delta, 1) });
    });
  },
  set() {},
});

// <button>: type/size/plain/disabled/loading are host attributes base.css styles as WeChat does.
const BUTTON_ATTRS = ["plain", "disabled", "loading"];
defineWidget("button", {
  create(el, send) {
    el.setAttribute("type", "default");
    el.setAttribute("size", "default");
    el.addEventListener("wxtap", () => {
      const p = props(el);
      if (bool(p.disabled)) return;
      const form = p.formType === "submit" || p.formType === "reset" ? el.closest("wx-form") : null;
      if (form) form.dispatchEvent(new CustomEvent("wx" + p.formType));
      if (p.openType) openType(el, send, String(p.openType));
    });
  },
  set(el, name, v) {
    if (name === "type" || name === "size") el.setAttribute(name, str(v, "default"));
    else if (BUTTON_ATTRS.includes(name)) el.toggleAttribute(name, bool(v));
  },
});

/**
 * Open-types need the host (consent UI, share sheet, settings, customer service): it answers
 * with the event to fire on the button (`getuserinfo`, `getphonenumber`, `opensetting`,
 * `chooseavatar`, `contact`, `launchapp`, `error`…) and its detail, or none (share, feedback).
 * @param {HTMLElement} el @param {(type: string, detail: any) => void} send @param {string} type
 */
function openType(el, send, type) {
  const s = nodeState(el);
  askHost({ t: "openType", openType: type, target: { id: el.id, dataset: s.dataset || {} }, props: { ...s.props } })
    .then((m) => {
      if (m.type) send(m.type, m.detail || {});
    });
}

// <label>: a tap on it (outside the control itself) acts on the control named by `for`, or on
// the first control inside it.
const CONTROLS = "wx-checkbox,wx-radio,wx-switch,wx-button,wx-input,wx-textarea";
defineWidget("label", {
  create(el) {
    el.addEventListener("wxtap", (e) => {
      const hit = /** @type {Element} */ (e.target);
      if (hit !== el && hit.closest(CONTROLS)) return; // the control already reacted
      const p = props(el);
      const ctl = p.for ? document.getElementById(String(p.for)) : el.querySelector(CONTROLS);
      if (!ctl || !ctl.matches(CONTROLS)) return;
      const field = ctl.querySelector("input,textarea");
      if (field) /** @type {HTMLElement} */ (field).focus();
      else ctl.dispatchEvent(new CustomEvent("wxtap", { detail: /** @type {CustomEvent} */ (e).detail }));
    });
  },
  set() {},
});

// <form>: `submit` collects {name: value} from every named field widget inside it (widgets
// with a `value` function); `reset` puts each one back. Custom components using
// wx://form-field live in logic, which adds their values to the detail.
defineWidget("form", {
  create(el, send) {
    el.addEventListener("wxsubmit", () => send("submit", { value: formValues(el), formId: "" }));
    el.addEventListener("wxreset", () => {
      eachField(el, (f, w) => w.reset && w.reset(f));
      send("reset", {});
    });
  },
  set() {},
});

/**
 * @param {Element} form
 * @param {(field: HTMLElement, widget: import("./registry.js").Widget, name: string) => void} fn
 */
function eachField(form, fn) {
  const all = form.getElementsByTagName("*");
  for (let i = 0; i < all.length; i++) {
    const s = nodeState(all[i]);
    const w = s && s.widget;
    if (w && w.value && s.props.name != null && s.props.name !== "") {
      fn(/** @type {HTMLElement} */ (all[i]), w, String(s.props.name));
    }
  }
}

/** @param {Element} form */
export function formValues(form) {
  /** @type {Record<string, any>} */
  const value = {};
  eachField(form, (f, w, name) => {
    value[name] = /** @type {any} */ (w).value(f);
  });
  return value;
}
