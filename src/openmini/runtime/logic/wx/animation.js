// wx.createAnimation: WeChat's Animation builder. Calls are grouped into steps; `export()` gives
// the data a page sets on an element's `animation` attribute (setData) and forgets the steps:
//
//   {actions: [{animates: [{type: "translateX", args: [100]}, {type: "style", args: ["opacity", 0.5]}],
//               option: {transition: {duration, timingFunction, delay}, transformOrigin}}]}
//
// Transform types keep their arguments as given (numbers: px for lengths, deg for angles);
// style values that are numbers mean px (except opacity). The view plays the actions one after
// another (docs/runtime-wx.md "Animation").

const TRANSFORMS = 'rotate,rotateX,rotateY,rotateZ,rotate3d,scale,scaleX,scaleY,scaleZ,scale3d,translate,translateX,translateY,translateZ,translate3d,skew,skewX,skewY,matrix,matrix3d'.split(',');
const STYLES = 'opacity,backgroundColor,width,height,top,left,bottom,right'.split(',');

/** @typedef {{duration?: number, timingFunction?: string, delay?: number, transformOrigin?: string}} AnimationOptions */

export class Animation {
  /** @param {AnimationOptions} [options] */
  constructor(options) {
    const o = options || {};
    this.option = {
      duration: o.duration != null ? o.duration : 400,
      timingFunction: o.timingFunction || 'linear',
      delay: o.delay || 0,
      transformOrigin: o.transformOrigin || '50% 50% 0',
    };
    /** @type {{type: string, args: unknown[]}[]} */
    this.current = [];
    /** @type {any[]} */
    this.actions = [];
  }

  /** Close the current group of calls into one step. @param {AnimationOptions} [options] */
  step(options) {
    const o = { ...this.option, ...(options || {}) };
    this.actions.push({
      animates: this.current,
      option: { transition: { duration: o.duration, timingFunction: o.timingFunction, delay: o.delay }, transformOrigin: o.transformOrigin },
    });
    this.current = [];
    return this;
  }

  /** The steps so far, for setData; they are cleared (WeChat's export does the same). */
  export() {
    if (this.current.length) this.step();
    const out = { actions: this.actions };
    this.actions = [];
    return out;
  }
}

const proto = /** @type {any} */ (Animation.prototype);
for (const type of TRANSFORMS) {
  proto[type] = function (/** @type {unknown[]} */ ...args) {
    this.current.push({ type, args });
    return this;
  };
}
for (const name of STYLES) {
  proto[name] = function (/** @type {unknown} */ value) {
    this.current.push({ type: 'style', args: [name, typeof value === 'number' && name !== 'opacity' ? `${value}px` : value] });
    return this;
  };
}

export const animationApis = {
  createAnimation: (/** @type {AnimationOptions} */ options) => new Animation(options),
};
