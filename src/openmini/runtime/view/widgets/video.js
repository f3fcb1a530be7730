// <video> (the browser's own player and controls) and the legacy <audio> component.
import { $, Widget, num, shadow, widget } from "./shared.js";

/** Media error codes → WeChat's audio `errMsg` values (MEDIA_ERR_*). */
const MEDIA_ERR = ["", "MEDIA_ERR_ABORTED", "MEDIA_ERR_NETWORK", "MEDIA_ERR_DECODE", "MEDIA_ERR_SRC_NOT_SUPPORTED"];

/**
 * Wire a media element's events to WeChat's: play, pause, ended, timeupdate (≤ 4 per second),
 * waiting, error, and for video loadedmetadata/progress/seekcomplete.
 * @param {HTMLMediaElement} m @param {(t: string, d?: any) => void} send @param {boolean} video
 */
function events(m, send, video) {
  let last = -1;
  m.onplay = () => send("play", {});
  m.onpause = () => !m.ended && send("pause", {});
  m.onended = () => send("ended", {});
  m.onwaiting = () => send("waiting", {});
  m.ontimeupdate = () => {
    if (Math.abs(m.currentTime - last) < 0.25 && !m.paused) return;
    last = m.currentTime;
    send("timeupdate", { currentTime: m.currentTime, duration: m.duration || 0 });
  };
  m.onerror = () => {
    const c = m.error?.code ?? 0;
    send("error", { errMsg: video ? (m.error?.message || MEDIA_ERR[c] || "video play error") : c });
  };
  if (!video) return;
  const v = /** @type {HTMLVideoElement} */ (m);
  v.onloadedmetadata = () => send("loadedmetadata", { width: v.videoWidth, height: v.videoHeight, duration: v.duration });
  v.onseeked = () => send("seekcomplete", { position: v.currentTime });
  v.onprogress = () => {
    const b = v.buffered;
    if (b.length && v.duration) send("progress", { buffered: Math.round((b.end(b.length - 1) / v.duration) * 100) });
  };
}

/** An empty src would raise a media error: remove the attribute instead. */
function setSrc(/** @type {HTMLMediaElement} */ m, /** @type {string} */ src) {
  if (src) m.src = src;
  else m.removeAttribute("src"), m.load();
}

const VIDEO = `:host{display:inline-block;width:300px;height:225px;position:relative;background:#000;
overflow:hidden;line-height:0}video{width:100%;height:100%;object-fit:contain;background:#000}
:host(.om-full){position:fixed!important;inset:0!important;width:100%!important;height:100%!important;
z-index:999;transform:none!important;translate:none!important}.t{position:absolute;top:0;left:0;right:0;
padding:8px 12px;color:#fff;font:14px/1.4 system-ui,sans-serif;background:linear-gradient(#0008,#0000);
pointer-events:none}.t:empty{display:none}`;

class Video extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, VIDEO, `<video playsinline webkit-playsinline preload="metadata" part="video"></video><div class="t"></div><slot></slot>`);
    /** @type {HTMLVideoElement} */
    this.v = $(r, "video");
    this.title = $(r, ".t");
    events(this.v, send, true);
    let started = false;
    this.v.addEventListener("play", () => {
      const t = this.n("initialTime", 0);
      if (!started && t) this.v.currentTime = t;
      started = true;
    });
    const fs = () => this.send("fullscreenchange", { fullScreen: this.full(), direction: "horizontal" });
    this.was = false;
    document.addEventListener("fullscreenchange", () => (document.fullscreenElement === el || this.was) && ((this.was = this.full()), fs()));
    this.fs = fs;
  }

  full() {
    return document.fullscreenElement === this.el || this.el.classList.contains("om-full");
  }

  /** @param {Set<string>} ch */
  update(ch) {
    const v = this.v, p = this.p;
    if (ch.has("src")) setSrc(v, this.s("src", ""));
    v.controls = p.controls !== false;
    v.loop = this.b("loop");
    v.muted = this.b("muted");
    v.poster = this.s("poster", "");
    v.style.objectFit = this.s("objectFit", "contain");
    if (p.playbackRate != null) v.playbackRate = num(p.playbackRate, 1);
    this.title.textContent = this.s("title", "");
    if (ch.has("autoplay") && this.b("autoplay")) v.autoplay = true;
  }

  /** VideoContext: play, pause, stop, seek(position), playbackRate(rate), requestFullScreen, exitFullScreen. */
  /** @param {string} name @param {any} a */
  async method(name, a) {
    const v = this.v;
    if (name === "play") return v.play().then(() => ({}));
    if (name === "pause") return v.pause();
    if (name === "stop") return v.pause(), (v.currentTime = 0), this.send("pause", {});
    if (name === "seek") return void (v.currentTime = num(Array.isArray(a) ? a[0] : a?.position ?? a, 0));
    if (name === "playbackRate") return void (v.playbackRate = num(Array.isArray(a) ? a[0] : a?.rate ?? a, 1));
    if (name === "requestFullScreen") {
      // the page frame may lack the `allowfullscreen` permission: fill the frame instead
      try {
        await this.el.requestFullscreen();
      } catch {
        this.el.classList.add("om-full"), (this.was = true), this.fs();
      }
      return;
    }
    if (name === "exitFullScreen") {
      if (document.fullscreenElement === this.el) return document.exitFullscreen();
      if (this.el.classList.contains("om-full")) this.el.classList.remove("om-full"), (this.was = false), this.fs();
      return;
    }
    return super.method(name, a);
  }

  destroy() {
    this.v.pause();
    this.v.removeAttribute("src");
  }
}

const AUDIO = `:host{display:inline-block}.a{display:flex;width:290px;height:75px;background:#fcfcfc;
border:1px solid #e0e0e0;border-radius:3px;overflow:hidden;font:13px/1.4 system-ui,sans-serif}
.po{position:relative;width:75px;height:75px;background:#e6e6e6 center/cover no-repeat;flex:none}
.po button{position:absolute;inset:0;margin:auto;width:24px;height:24px;border:1px solid #fff;
border-radius:50%;background:#0004;color:#fff;font-size:10px;line-height:1;cursor:pointer;padding:0}
.in{flex:1;padding:12px 14px;min-width:0;position:relative}.n{color:#353535;font-size:14px}
.au{color:#888;margin-top:6px}.n,.au{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.tm{position:absolute;right:14px;top:12px;color:#888;font-size:12px}`;

class Audio extends Widget {
  /** @param {HTMLElement} el @param {any} send */
  constructor(el, send) {
    super(el, send);
    const r = shadow(el, AUDIO, `<div class="a" part="audio"><div class="po"><button>▶</button></div><div class="in">` +
      `<div class="n"></div><div class="au"></div><div class="tm">00:00</div></div></div>`);
    this.box = $(r, ".a");
    this.a = new window.Audio();
    events(this.a, send, false);
    const btn = $(r, "button"), tm = $(r, ".tm");
    btn.onclick = () => (this.a.paused ? this.a.play().catch(() => {}) : this.a.pause());
    const paint = () => {
      btn.textContent = this.a.paused ? "▶" : "❚❚";
      const t = Math.floor(this.a.currentTime);
      tm.textContent = String(Math.floor(t / 60)).padStart(2, "0") + ":" + String(t % 60).padStart(2, "0");
    };
    for (const e of ["play", "pause", "timeupdate", "ended"]) this.a.addEventListener(e, paint);
    this.n1 = $(r, ".n");
    this.n2 = $(r, ".au");
    this.po = $(r, ".po");
  }

  update() {
    const a = this.a;
    if ((a.getAttribute("src") ?? "") !== this.s("src", "")) setSrc(a, this.s("src", ""));
    a.loop = this.b("loop");
    this.box.style.display = this.b("controls") ? "" : "none";
    this.n1.textContent = this.s("name", "未知音频");
    this.n2.textContent = this.s("author", "未知作者");
    this.po.style.backgroundImage = this.p.poster ? `url("${encodeURI(String(this.p.poster)).replace(/"/g, "%22")}")` : "";
  }

  /** AudioContext: setSrc(src), play, pause, seek(position). */
  /** @param {string} name @param {any} a */
  method(name, a) {
    const arg = Array.isArray(a) ? a[0] : a;
    if (name === "play") return this.a.play().then(() => ({}));
    if (name === "pause") return this.a.pause();
    if (name === "seek") return void (this.a.currentTime = num(arg?.position ?? arg, 0));
    if (name === "setSrc") return setSrc(this.a, String(arg?.src ?? arg ?? ""));
    return super.method(name, a);
  }

  destroy() {
    this.a.pause();
  }
}

widget("video", Video);
widget("audio", Audio);
