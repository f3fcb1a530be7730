// <cover-view> and <cover-image>: in a web page nothing is "native", so they are a view and an
// image that stay above their siblings.
import { $, Widget, shadow, widget } from "./shared.js";

class CoverView extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, `:host{display:block;position:relative;z-index:1;overflow:hidden;text-overflow:ellipsis;
white-space:nowrap;line-height:1.2}.s{width:100%;height:100%;overflow:inherit}`, `<div class="s"><slot></slot></div>`);
    this.sc = $(r, ".s");
  }
  update() {
    if (this.p.scrollTop != null) this.sc.style.overflowY = "auto", (this.sc.scrollTop = this.n("scrollTop", 0));
  }
}

class CoverImage extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, ":host{display:inline-block;position:relative;z-index:1;overflow:hidden;line-height:0}" +
      "img{width:100%;height:100%}", "<img part=image>");
    /** @type {HTMLImageElement} */
    this.img = $(r, "img");
    this.img.onload = () => send("load", { width: this.img.naturalWidth, height: this.img.naturalHeight });
    this.img.onerror = () => this.img.getAttribute("src") && send("error", { errMsg: "GET " + this.img.src + " error" });
  }
  update() {
    const src = this.s("src", "");
    if (src) this.img.src = src;
    else this.img.removeAttribute("src");
  }
}

widget("cover-view", CoverView);
widget("cover-image", CoverImage);
