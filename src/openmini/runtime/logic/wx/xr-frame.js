// wx.getXrFrameSystem(): XR-FRAME without a renderer (openmini draws no 3D: compiler warning
// OM5112, docs/compatibility.md). Mini programs extend its classes and register components,
// elements, effects, geometries… when their modules load; that works, and what is registered is
// kept, so the rest of the program runs. Everything that needs the renderer fails when used:
// a static `create…` gives an instance whose every other member throws on access, other statics
// and unknown members of the system throw. One console warning says so.

const WHY = 'needs the XR renderer, which openmini does not have';

/** What mini program code registered: kind ("Component", "Effect"…) → name → definition. @type {Map<string, Map<string, unknown>>} */
export const registered = new Map();
/** @type {any} */
let system = null;

/** @param {string} what @returns {never} */
const fail = (what) => {
  throw new Error(`xr-frame: ${what} ${WHY}`);
};

/** Read normally what `target` has; anything else fails. @param {string} name */
const guard = (/** @type {string} */ name) => ({
  /** @param {any} target @param {string | symbol} key @param {any} receiver */
  get(target, key, receiver) {
    if (typeof key !== 'string' || key in target || key === 'then' || key === 'toJSON') return Reflect.get(target, key, receiver);
    return key.startsWith('create') && typeof target === 'function' ? () => new receiver() : fail(`${name}.${key}`);
  },
});

/**
 * An XR-FRAME class (Component, Element, Vector3…): extendable; what neither it nor a subclass
 * defines is looked up in a guard, at the end of both the static and the instance prototype chains.
 * @param {string} name
 */
function xrClass(name) {
  const base = { [name]: class {} }[name];
  Object.setPrototypeOf(base, new Proxy(Function.prototype, guard(name)));
  Object.setPrototypeOf(base.prototype, new Proxy(Object.prototype, guard(name)));
  return base;
}

/** `registerComponent(name, definition)` and the others of its kind. @param {string} kind */
const register = (kind) => (/** @type {unknown} */ name, /** @type {unknown} */ definition) => {
  if (typeof name !== 'string') throw new Error(`register${kind}:fail parameter error: name should be String`);
  if (!registered.has(kind)) registered.set(kind, new Map());
  /** @type {Map<string, unknown>} */ (registered.get(kind)).set(name, definition);
};

function getXrFrameSystem() {
  if (system) return system;
  console.warn(`[openmini] wx.getXrFrameSystem(): registrations are kept, but xr-frame scenes do not render: openmini has no XR renderer`);
  /** @type {Record<string, unknown>} */
  const made = Object.create(null);
  system = new Proxy(made, {
    get(target, key) {
      if (typeof key !== 'string' || key === 'then' || key === 'toJSON') return undefined;
      if (!(key in target)) {
        // Enums (ECullMode.BACK…) are read where effects are described: their values are the names.
        if (/^E[A-Z]/.test(key)) target[key] = new Proxy({}, { get: (_, k) => k });
        else if (/^register[A-Z]/.test(key)) target[key] = register(key.slice(8));
        else target[key] = /^[A-Z]/.test(key) ? xrClass(key) : fail(`xrFrameSystem.${key}`);
      }
      return target[key];
    },
  });
  return system;
}

export const apis = { getXrFrameSystem };
