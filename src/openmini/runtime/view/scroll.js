// Page scrolling: the frame's document scrolls (not the host). Reports the position once per
// animation frame to logic (`scroll` → onPageScroll / onReachBottom) and to the host (`scrolled`,
// for the navigation bar), detects the reach-bottom zone, runs the pull-down gesture and
// `wx.pageScrollTo` (the host's `scrollTo`).

import { watchGestures } from "./events.js";
import { num } from "./props.js";

/** How far (px) a pull from the top must go before releasing it refreshes. */
const PULL_TRIGGER = 50;

const config = { reachBottom: 50, pullDown: false };
/** @type {(msg: any) => void} */
let toLogic = () => {};
/** @type {(msg: any) => void} */
let toHost = () => {};
let pending = 0;
const zone = { inside: false, top: 0 };
/** Pull-down state: the start y while tracking, whether `start` was sent, refresh running. */
const pull = { y: -1, started: false, refreshing: false };

/**
 * Whether this scroll position enters the reach-bottom zone. WeChat fires onReachBottom once
 * when a downward scroll comes within `distance` of the bottom, and again only after leaving it.
 * @param {{inside: boolean, top: number}} z (updated)
 * @param {number} scrollTop @param {number} scrollHeight @param {number} viewHeight
 * @param {number} distance
 */
export function entersBottom(z, scrollTop, scrollHeight, viewHeight, distance) {
  const inside = scrollHeight - scrollTop - viewHeight <= distance;
  const fire = inside && !z.inside && scrollTop > z.top;
  z.inside = inside;
  z.top = scrollTop;
  return fire;
}

/**
 * @param {(msg: any) => void} logic
 * @param {(msg: any) => void} host
 */
export function initScroll(logic, host) {
  toLogic = logic;
  toHost = host;
  addEventListener("scroll", () => {
    if (!pending) pending = requestAnimationFrame(flush);
  }, { passive: true });
  watchGestures(onGesture);
}

function flush() {
  pending = 0;
  const root = document.documentElement;
  const scrollTop = Math.max(0, root.scrollTop || window.scrollY);
  const scrollHeight = root.scrollHeight;
  const viewHeight = window.innerHeight;
  /** @type {any} */
  const msg = { t: "scroll", scrollTop, scrollHeight, viewHeight };
  if (entersBottom(zone, scrollTop, scrollHeight, viewHeight, config.reachBottom)) msg.reachBottom = true;
  toLogic(msg);
  toHost({ t: "scrolled", scrollTop });
}

/**
 * The `config` message: the page's window settings.
 * @param {Record<string, any>} win
 */
export function configure(win) {
  config.reachBottom = num(win.onReachBottomDistance, 50);
  config.pullDown = !!win.enablePullDownRefresh;
  const root = document.documentElement;
  root.style.overflow = win.disableScroll ? "hidden" : "";
  if (win.backgroundColor) root.style.backgroundColor = String(win.backgroundColor);
}

/** @param {string} phase @param {number} _x @param {number} y */
function onGesture(phase, _x, y) {
  if (!config.pullDown || pull.refreshing) return;
  if (phase === "start") {
    pull.y = window.scrollY <= 0 ? y : -1;
    pull.started = false;
  } else if (pull.y < 0) {
    return;
  } else if (phase === "move") {
    if (!pull.started && y - pull.y > PULL_TRIGGER) {
      pull.started = true;
      toHost({ t: "pulldown", phase: "start" });
    }
  } else {
    if (pull.started) {
      const release = phase === "end" && y - pull.y > PULL_TRIGGER;
      pull.refreshing = release;
      toHost({ t: "pulldown", phase: release ? "release" : "cancel" });
    }
    pull.y = -1;
  }
}

/** The host's `pulldown.end`: the refresh finished. */
export function pullDownEnd() {
  pull.refreshing = false;
}

/**
 * The host's `scrollTo` (`wx.pageScrollTo`).
 * @param {{scrollTop?: number, duration?: number, selector?: string, offsetTop?: number}} m
 */
export function scrollPage(m) {
  let top = num(m.scrollTop, 0);
  if (m.selector) {
    let el = null;
    try {
      el = document.querySelector(m.selector);
    } catch {
      // an invalid selector scrolls nowhere, like a selector that matches nothing
    }
    if (!el) return;
    top = el.getBoundingClientRect().top + window.scrollY + num(m.offsetTop, 0);
  }
  window.scrollTo({ top, behavior: num(m.duration, 300) > 0 ? "smooth" : "auto" });
}
