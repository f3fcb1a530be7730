// <open-data> shows WeChat's anonymous placeholders (what WeChat itself shows since 2022 for
// nickname and avatar); <ad> and <ad-custom> render nothing and report that no ad is available.
import { Widget, shadow, widget } from "./shared.js";

/** WeChat's placeholders per open-data type. */
const TEXT = /** @type {Record<string, string>} */ ({ userNickName: "微信用户", groupName: "", userGender: "", userCity: "",
  userProvince: "", userCountry: "", userLanguage: "" });

const AVATAR = ":host{display:inline-block}.a{display:block;width:100%;height:100%;min-width:1em;min-height:1em;" +
  "background:#d8d8d8 radial-gradient(circle at 50% 38%,#fff 0 18%,transparent 19%) ;border-radius:4px;" +
  "box-shadow:inset 0 -.35em 0 -.12em #fff}";

class OpenData extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    this.root = shadow(el, AVATAR, "");
  }
  update() {
    const t = this.s("type", "");
    this.root.textContent = "";
    if (t === "userAvatarUrl") this.root.appendChild(document.createElement("span")).className = "a";
    else this.root.textContent = TEXT[t] ?? (this.s("defaultText", ""));
  }
}

class Ad extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    shadow(el, ":host{display:none!important}", "");
    // 1004: no suitable ad — apps use this to hide the ad's container
    setTimeout(() => send("error", { errCode: 1004, errMsg: "no advertisement" }), 0);
  }
}

widget("open-data", OpenData);
widget("ad", Ad);
widget("ad-custom", Ad);
