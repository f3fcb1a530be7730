// Plays the `animation` attribute: the data `wx.createAnimation().….step().export()` gives
// (docs/runtime-wx.md "Animation export"). Each action becomes inline CSS transitions: its
// `transition` and `transform-origin`, its transform functions joined, its styles; the next action
// starts `duration + delay` ms later. The final styles stay on the element, as in WeChat. A new
// export replaces the one still playing on that element and goes on from where the element is.

/**
 * @typedef {{type: string, args: unknown[]}} Animate
 * @typedef {{animates?: Animate[], option?: {transition?: {duration?: number, timingFunction?: string, delay?: number}, transformOrigin?: string}}} Action
 * @typedef {{transition: string, transformOrigin: string, transform: string | null, styles: [string, string][], wait: number}} ActionCss
 */

/** Transform functions whose numeric arguments are angles (deg); other numbers stay plain. */
const ANGLES = new Set(["rotate", "rotateX", "rotateY", "rotateZ", "skew", "skewX", "skewY"]);
const LENGTHS = new Set(["translate", "translateX", "translateY", "translateZ", "translate3d"]);
const SCALARS = new Set(["scale", "scaleX", "scaleY", "scaleZ", "scale3d", "matrix", "matrix3d"]);

/** The pending next action of the export playing on each element. @type {WeakMap<Element, ReturnType<typeof setTimeout>>} */
const timers = new WeakMap();

/** `backgroundColor` → `background-color`. @param {string} name */
const kebab = (name) => name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

/**
 * One transform function as CSS, or null for a type WeChat does not have (kept off the element
 * rather than making the whole `transform` invalid).
 * @param {Animate} a
 */
export function transformFunction(a) {
  const args = Array.isArray(a.args) ? a.args : [];
  /** @type {(v: unknown, i: number) => string} */
  let unit;
  if (ANGLES.has(a.type)) unit = (v) => (typeof v === "number" ? v + "deg" : String(v));
  else if (LENGTHS.has(a.type)) unit = (v) => (typeof v === "number" ? v + "px" : String(v));
  // rotate3d(x, y, z, angle): only the angle has a unit
  else if (a.type === "rotate3d") unit = (v, i) => (typeof v === "number" && i === 3 ? v + "deg" : String(v));
  else if (SCALARS.has(a.type)) unit = (v) => String(v);
  else return null;
  return `${a.type}(${args.map(unit).join(", ")})`;
}

/**
 * The CSS of one exported action.
 * @param {Action} action
 * @returns {ActionCss}
 */
export function actionCss(action) {
  const option = action.option || {};
  const t = option.transition || {};
  const duration = Number(t.duration) || 0;
  const delay = Number(t.delay) || 0;
  const timing = t.timingFunction || "linear";
  /** @type {string[]} */
  const functions = [];
  /** @type {[string, string][]} */
  const styles = [];
  for (const a of action.animates || []) {
    if (!a) continue;
    if (a.type === "style") {
      const [name, value] = a.args || [];
      if (typeof name !== "string" || value == null) continue;
      const prop = kebab(name);
      styles.push([prop, typeof value === "number" && prop !== "opacity" ? value + "px" : String(value)]);
    } else {
      const f = transformFunction(a);
      if (f) functions.push(f);
    }
  }
  // only what this action changes transitions: the element's other transitions are left alone
  const props = (functions.length ? ["transform"] : []).concat(styles.map(([p]) => p));
  return {
    transition: props.map((p) => `${p} ${duration}ms ${timing} ${delay}ms`).join(", "),
    transformOrigin: option.transformOrigin || "50% 50% 0",
    transform: functions.length ? functions.join(" ") : null,
    styles,
    wait: duration + delay,
  };
}

/**
 * Set one action's CSS. The style is computed first so that the transition starts from what
 * the element shows now (it was just created, or the previous action ended this task).
 * @param {HTMLElement} el @param {ActionCss} css
 */
function apply(el, css) {
  getComputedStyle(el).getPropertyValue("transform");
  const s = el.style;
  s.transition = css.transition;
  s.transformOrigin = css.transformOrigin;
  if (css.transform !== null) s.transform = css.transform;
  for (const [prop, value] of css.styles) s.setProperty(prop, value);
}

/**
 * Play an `animation` attribute value on `el` (null or a value without actions only stops the
 * one playing).
 * @param {HTMLElement} el @param {any} value
 */
export function playExport(el, value) {
  const pending = timers.get(el);
  if (pending !== undefined) clearTimeout(pending);
  timers.delete(el);
  const actions = value && Array.isArray(value.actions) ? value.actions.map(actionCss) : [];
  /** @param {number} i */
  const run = (i) => {
    timers.delete(el);
    if (i >= actions.length) return;
    apply(el, actions[i]);
    if (i + 1 < actions.length) timers.set(el, setTimeout(() => run(i + 1), actions[i].wait));
  };
  run(0);
}
