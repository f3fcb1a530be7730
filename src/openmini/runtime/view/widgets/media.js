// <image> and <icon>.

import { defineWidget, props } from "./registry.js";
import { cssLength, str } from "../props.js";

// <image>: an inner <img>; `mode` is reflected on the host and view/base.css maps each mode to
// object-fit/object-position (widthFix/heightFix: the host's height/width follow the picture).
// `src` arrives resolved to a URL by logic (package paths mapped through the manifest).
defineWidget("image", {
  create(el, send) {
    const img = document.createElement("img");
    img.draggable = false;
    img.alt = "";
    img.addEventListener("load", () => {
      img.style.visibility = "";
      send("load", { width: img.naturalWidth, height: img.naturalHeight });
    });
    img.addEventListener("error", () => {
      // WeChat shows nothing for a broken picture, not the browser's broken-image glyph.
      img.style.visibility = "hidden";
      send("error", { errMsg: `GET ${img.getAttribute("src")} failed` });
    });
    el.prepend(img);
  },
  set(el, name, v) {
    const img = /** @type {HTMLImageElement} */ (el.firstChild);
    if (name === "src") {
      if (v == null || v === "") img.removeAttribute("src");
      else if (img.getAttribute("src") !== String(v)) img.src = String(v);
    } else if (name === "mode") {
      el.setAttribute("mode", str(v, "scaleToFill"));
    } else if (name === "lazyLoad") {
      img.loading = v ? "lazy" : "eager";
    }
  },
});

// <icon>: WeChat's icon set as small SVGs, drawn with DOM calls (no markup strings, so no
// developer-supplied value can become markup). Each entry: [default colour, glyph path,
// glyph drawn on a filled circle?].
const ICONS = /** @type {Record<string, [string, string, boolean]>} */ ({
  success: ["#09bb07", "M7 12.5l3.5 3.5L17 9", true],
  success_no_circle: ["#09bb07", "M4 12.5l5.5 5.5L20 7", false],
  info: ["#10aeff", "M12 11v6M12 7.5v.1", true],
  warn: ["#f76260", "M12 6.5v7M12 16.9v.1", true],
  waiting: ["#10aeff", "M12 6.5V12l3.5 2.5", true],
  cancel: ["#f43530", "M8.5 8.5l7 7M15.5 8.5l-7 7", true],
  download: ["#09bb07", "M12 6.5v9M8 12l4 4 4-4", true],
  search: ["#b2b2b2", "M10.5 4a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M15.5 15.5L21 21", false],
  clear: ["#b2b2b2", "M8.5 8.5l7 7M15.5 8.5l-7 7", true],
});
const NS = "http://www.w3.org/2000/svg";

/** @param {string} tag @param {Record<string, string>} attrs */
function svgNode(tag, attrs) {
  const n = document.createElementNS(NS, tag);
  for (const k in attrs) n.setAttribute(k, attrs[k]);
  return n;
}

/** @param {HTMLElement} el */
function drawIcon(el) {
  const p = props(el);
  const icon = ICONS[p.type];
  el.textContent = "";
  if (!icon) return;
  const color = str(p.color, icon[0]);
  const size = cssLength(p.size == null ? 23 : p.size);
  const svg = svgNode("svg", { viewBox: "0 0 24 24", class: "wx-icon-" + p.type });
  svg.style.width = svg.style.height = size;
  if (icon[2]) svg.append(svgNode("circle", { cx: "12", cy: "12", r: "12", fill: color }));
  svg.append(svgNode("path", {
    d: icon[1], fill: "none", stroke: icon[2] ? "#fff" : color, "stroke-width": "2",
    "stroke-linecap": "round", "stroke-linejoin": "round",
  }));
  el.append(svg);
}

defineWidget("icon", {
  set(el) {
    drawIcon(el);
  },
});
