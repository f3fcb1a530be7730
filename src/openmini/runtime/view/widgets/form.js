// Form fields: <input>, <textarea>, <checkbox>(-group), <radio>(-group), <switch>, <slider>.
// Inner parts carry WeChat's class names (wx-checkbox-input, wx-switch-input, input-placeholder…)
// so that developer WXSS written against WeChat restyles them. A field's own state (typed text,
// checked, slider position) changes locally on user input; a PROP from logic overrides it.

import { defineWidget, nodeState, props } from "./registry.js";
import { bool, num, str } from "../props.js";

/** @param {string} tag @param {string} [cls] */
function part(tag, cls) {
  const n = document.createElement(tag);
  if (cls) n.className = cls;
  return n;
}

/** @param {Element} el */
const parts = (el) => nodeState(el).parts;

// ---- <input> and <textarea> ------------------------------------------------------------------

/** Characters each keyboard type accepts; typing others is undone, as WeChat's keyboards can't. */
const FILTERS = /** @type {Record<string, RegExp>} */ ({ number: /[^\d]/g, digit: /[^\d.]/g, idcard: /[^\dxX]/g });
const INPUT_MODES = /** @type {Record<string, string>} */ ({ number: "numeric", digit: "decimal", idcard: "text" });

/**
 * The text an input shows after typing `value` into a field of keyboard `type`.
 * @param {string} value
 * @param {string} type
 */
export function filterTyped(value, type) {
  const f = FILTERS[type];
  return f ? value.replace(f, "") : value;
}

/** @param {boolean} multiline */
function textField(multiline) {
  return {
    /** @param {HTMLElement} el @param {(t: string, d: any) => void} send */
    create(el, send) {
      const ph = part("div", "input-placeholder");
      const field = /** @type {HTMLInputElement} */ (part(multiline ? "textarea" : "input"));
      if (multiline) field.setAttribute("rows", "1"); // auto-height starts from one line
      field.maxLength = 140;
      field.enterKeyHint = "done";
      let keyCode = 0;
      let lines = 0;
      nodeState(el).parts = { field, ph };
      el.append(ph, field);
      field.addEventListener("keydown", (e) => {
        keyCode = e.keyCode;
        if (e.key !== "Enter" || e.isComposing) return;
        const p = props(el);
        if (multiline && (p.confirmType == null || p.confirmType === "return")) return;
        e.preventDefault();
        send("confirm", { value: field.value });
        if (!bool(p.confirmHold)) field.blur();
      });
      field.addEventListener("input", () => {
        const typed = filterTyped(field.value, str(props(el).type, "text"));
        if (typed !== field.value) field.value = typed;
        showPlaceholder(el);
        if (multiline) lines = grow(el, send, lines);
        send("input", { value: field.value, cursor: field.selectionEnd, keyCode });
      });
      field.addEventListener("focus", () => send("focus", { value: field.value, height: 0 }));
      field.addEventListener("blur", () => send("blur", { value: field.value, cursor: field.selectionEnd }));
    },
    /** @param {HTMLElement} el @param {string} name @param {any} v */
    set(el, name, v) {
      const { field, ph } = parts(el);
      const p = props(el);
      switch (name) {
        case "value":
          if (field.value !== str(v, "")) field.value = str(v, "");
          showPlaceholder(el);
          if (multiline) grow(el, () => {}, 0);
          return;
        case "type":
        case "password":
          if (!multiline) {
            const type = str(p.type, "text");
            field.type = bool(p.password) || type === "safe-password" ? "password" : "text";
            field.inputMode = INPUT_MODES[type] || "text";
          }
          return;
        case "placeholder":
          ph.textContent = str(v, "");
          return showPlaceholder(el);
        case "placeholderStyle":
          ph.style.cssText = str(v, "");
          return;
        case "placeholderClass":
          ph.className = "input-placeholder " + str(v, multiline ? "textarea-placeholder" : "");
          return;
        case "disabled":
          field.disabled = bool(v);
          el.toggleAttribute("disabled", bool(v));
          return;
        case "maxlength": {
          const n = num(v, 140);
          if (n < 0) field.removeAttribute("maxlength");
          else field.maxLength = n;
          return;
        }
        case "focus":
        case "autoFocus":
          // After the batch is in the document: focus() on a detached element does nothing.
          if (bool(v)) setTimeout(() => field.focus());
          else if (name === "focus" && document.activeElement === field) field.blur();
          return;
        case "confirmType":
          field.enterKeyHint = str(v, multiline ? "enter" : "done") === "return" ? "enter" : str(v, "done");
          return;
        case "cursor":
        case "selectionStart":
        case "selectionEnd":
          return select(field, p);
        case "autoHeight":
          el.toggleAttribute("auto-height", bool(v));
          if (multiline) grow(el, () => {}, 0);
          return;
      }
    },
    /** @param {HTMLElement} el */
    value: (el) => parts(el).field.value,
    /** @param {HTMLElement} el */
    reset(el) {
      parts(el).field.value = "";
      showPlaceholder(el);
    },
  };
}

/** @param {HTMLElement} el */
function showPlaceholder(el) {
  const { field, ph } = parts(el);
  ph.style.display = field.value ? "none" : "";
}

/**
 * `cursor` / `selection-start` + `selection-end`, only while focused (as WeChat: they apply to
 * the focused keyboard).
 * @param {HTMLInputElement} field @param {Record<string, any>} p
 */
function select(field, p) {
  const s = num(p.selectionStart, -1);
  const e = num(p.selectionEnd, -1);
  const c = num(p.cursor, -1);
  try {
    if (s >= 0 && e >= 0) field.setSelectionRange(s, e);
    else if (c >= 0) field.setSelectionRange(c, c);
  } catch {
    // number-like inputs without selection support
  }
}

/**
 * <textarea auto-height>: size it to its content; `linechange` when the line count changes.
 * @param {HTMLElement} el @param {(t: string, d: any) => void} send @param {number} lines
 */
function grow(el, send, lines) {
  const field = parts(el).field;
  // PROPs arrive before the INSERT of the same batch: measure once the node is in the document.
  if (!field.isConnected) {
    queueMicrotask(() => field.isConnected && grow(el, send, lines));
    return lines;
  }
  const auto = bool(props(el).autoHeight);
  if (auto) {
    field.style.height = "auto";
    field.style.height = field.scrollHeight + "px";
  } else {
    field.style.height = "";
  }
  const lh = parseFloat(getComputedStyle(field).lineHeight) || 20;
  const lineCount = Math.max(1, Math.round(field.scrollHeight / lh));
  if (lines && lineCount !== lines) {
    const height = field.scrollHeight;
    send("linechange", { height, heightRpx: Math.round((height * 750) / innerWidth), lineCount });
  }
  return lineCount;
}

defineWidget("input", textField(false));
defineWidget("textarea", textField(true));

// ---- <checkbox>, <radio> and their groups --------------------------------------------------------

/**
 * @param {Element} el
 * @param {boolean} on
 */
function setChecked(el, on) {
  const s = nodeState(el);
  s.on = on;
  el.toggleAttribute("checked", on);
  const box = s.parts;
  box.classList.toggle(box.dataset.base + "-checked", on);
  paint(el);
}

/** Colour of the mark / the switch: `color` applies only while checked. @param {Element} el */
function paint(el) {
  const s = nodeState(el);
  const p = s.props;
  const box = s.parts;
  if (s.tag === "switch") {
    const c = s.on && str(p.type, "switch") === "switch" ? str(p.color, "#04be02") : "";
    box.style.backgroundColor = box.style.borderColor = c;
    if (str(p.type, "switch") !== "switch") box.style.color = str(p.color, "#04be02");
  } else {
    box.style.color = p.color == null ? "" : String(p.color);
  }
}

/** @param {string} tag @param {(el: HTMLElement) => void} onTap */
function choice(tag, onTap) {
  defineWidget(tag, {
    create(el) {
      const box = part("div", `wx-${tag}-input`);
      box.dataset.base = `wx-${tag}-input`;
      nodeState(el).parts = box;
      nodeState(el).on = false;
      el.prepend(box);
      el.addEventListener("wxtap", () => {
        if (!bool(props(el).disabled)) onTap(el);
      });
    },
    set(el, name, v) {
      if (name === "checked") setChecked(el, bool(v));
      else if (name === "color") paint(el);
      else if (name === "disabled") {
        el.toggleAttribute("disabled", bool(v));
        parts(el).classList.toggle(`wx-${tag}-input-disabled`, bool(v));
      }
    },
  });
}

/**
 * The members of a group (nested groups excluded) — in document order.
 * @param {Element} group @param {string} tag
 * @returns {Element[]}
 */
function members(group, tag) {
  const out = [];
  const all = group.getElementsByTagName("wx-" + tag);
  for (let i = 0; i < all.length; i++) if (all[i].closest(`wx-${tag}-group`) === group) out.push(all[i]);
  return out;
}

/** @param {Element} group @param {string} tag @returns {string[]} */
function checkedValues(group, tag) {
  const out = [];
  const list = members(group, tag);
  for (let i = 0; i < list.length; i++) {
    const s = nodeState(list[i]);
    if (s.on) out.push(str(s.props.value, ""));
  }
  return out;
}

/** @param {Element} el @param {string} tag */
function groupChanged(el, tag) {
  const group = el.closest(`wx-${tag}-group`);
  const s = group && nodeState(group);
  if (!s || !s.send) return;
  const values = checkedValues(group, tag);
  s.send("change", { value: tag === "checkbox" ? values : values[0] || "" });
}

choice("checkbox", (el) => {
  setChecked(el, !nodeState(el).on);
  groupChanged(el, "checkbox");
});

choice("radio", (el) => {
  if (nodeState(el).on) return; // a radio is only ever turned on by a tap
  const group = el.closest("wx-radio-group");
  if (group) for (const r of members(group, "radio")) if (r !== el && nodeState(r).on) setChecked(r, false);
  setChecked(el, true);
  groupChanged(el, "radio");
});

defineWidget("checkbox-group", {
  set() {},
  value: (el) => checkedValues(el, "checkbox"),
  reset: (el) => { for (const c of members(el, "checkbox")) setChecked(c, false); },
});
defineWidget("radio-group", {
  set() {},
  value: (el) => checkedValues(el, "radio")[0] || "",
  reset: (el) => { for (const c of members(el, "radio")) setChecked(c, false); },
});

// ---- <switch> ------------------------------------------------------------------------------------

defineWidget("switch", {
  create(el, send) {
    const box = part("div", "wx-switch-input");
    box.dataset.base = "wx-switch-input";
    nodeState(el).parts = box;
    nodeState(el).on = false;
    el.setAttribute("type", "switch");
    el.prepend(box);
    el.addEventListener("wxtap", () => {
      if (bool(props(el).disabled)) return;
      setChecked(el, !nodeState(el).on);
      send("change", { value: nodeState(el).on });
    });
  },
  set(el, name, v) {
    const box = parts(el);
    if (name === "checked") return setChecked(el, bool(v));
    if (name === "disabled") el.toggleAttribute("disabled", bool(v));
    if (name === "type") {
      const base = str(v, "switch") === "checkbox" ? "wx-checkbox-input" : "wx-switch-input";
      el.setAttribute("type", str(v, "switch"));
      box.className = base + (nodeState(el).on ? ` ${base}-checked` : "");
      box.dataset.base = base;
    }
    paint(el);
  },
  value: (el) => !!nodeState(el).on,
  reset: (el) => setChecked(el, false),
});

// ---- <slider> ------------------------------------------------------------------------------------

/**
 * The slider value at `ratio` (0…1 of the track): a multiple of `step` from `min`, within range.
 * @param {number} ratio @param {number} min @param {number} max @param {number} step
 */
export function sliderValue(ratio, min, max, step) {
  if (max <= min) return min;
  const r = Math.min(1, Math.max(0, ratio));
  const s = step > 0 ? step : 1;
  const v = min + Math.round((r * (max - min)) / s) * s;
  // Decimal steps (0.1) must not print as 0.30000000000000004.
  return Math.min(max, Number(v.toFixed(10)));
}

/** @param {HTMLElement} el */
function range(el) {
  const p = props(el);
  const min = num(p.min, 0);
  return { min, max: num(p.max, 100), step: num(p.step, 1) };
}

/** @param {HTMLElement} el */
function sliderNow(el) {
  const { min, max } = range(el);
  return Math.min(max, Math.max(min, nodeState(el).value));
}

/** @param {HTMLElement} el */
function drawSlider(el) {
  const s = nodeState(el);
  const p = s.props;
  const { track, bar, thumb, label } = s.parts;
  const { min, max } = range(el);
  const pct = max > min ? ((sliderNow(el) - min) / (max - min)) * 100 : 0;
  track.style.width = pct + "%";
  track.style.backgroundColor = str(p.activeColor ?? p.selectedColor, "#1aad19");
  bar.style.backgroundColor = str(p.backgroundColor ?? p.color, "#e9e9e9");
  const size = Math.min(28, Math.max(12, num(p.blockSize, 28)));
  Object.assign(thumb.style, {
    left: pct + "%", width: size + "px", height: size + "px",
    marginTop: -size / 2 + "px", marginLeft: -size / 2 + "px",
    backgroundColor: str(p.blockColor, "#fff"),
  });
  label.textContent = String(sliderNow(el));
  label.style.display = bool(p.showValue) ? "" : "none";
}

defineWidget("slider", {
  create(el, send) {
    const wrap = part("div", "wx-slider-wrapper");
    const area = part("div", "wx-slider-tap-area");
    const bar = part("div", "wx-slider-handle-wrapper");
    const track = part("div", "wx-slider-track");
    const thumb = part("div", "wx-slider-thumb");
    const label = part("span", "wx-slider-value");
    bar.append(track, thumb);
    area.append(bar);
    wrap.append(area, label);
    el.prepend(wrap);
    const s = nodeState(el);
    s.parts = { track, bar, thumb, label };
    s.value = 0;
    let dragging = false;
    /** @param {PointerEvent} e */
    const at = (e) => {
      const b = bar.getBoundingClientRect();
      const { min, max, step } = range(el);
      const v = sliderValue((e.clientX - b.left) / (b.width || 1), min, max, step);
      const changed = v !== s.value;
      s.value = v;
      drawSlider(el);
      return changed;
    };
    area.addEventListener("pointerdown", (e) => {
      if (bool(s.props.disabled) || e.button > 0) return;
      dragging = true;
      area.setPointerCapture(e.pointerId);
      if (at(e)) send("changing", { value: s.value });
    });
    area.addEventListener("pointermove", (e) => {
      if (dragging && at(e)) send("changing", { value: s.value });
    });
    const stop = (/** @type {PointerEvent} */ e) => {
      if (!dragging) return;
      dragging = false;
      if (e.type === "pointerup") at(e);
      send("change", { value: s.value });
    };
    area.addEventListener("pointerup", stop);
    area.addEventListener("pointercancel", stop);
    drawSlider(el);
  },
  set(el, name, v) {
    const s = nodeState(el);
    // Kept as given and clamped when shown: `min`/`max` may arrive after `value`.
    if (name === "value") {
      s.value = num(v, range(el).min);
    } else if (name === "disabled") {
      el.toggleAttribute("disabled", bool(v));
    }
    drawSlider(el);
  },
  value: sliderNow,
  reset(el) {
    nodeState(el).value = range(el).min;
    drawSlider(el);
  },
});
