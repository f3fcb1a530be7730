/**
 * Which module is being defined, and the definitions registered so far.
 *
 * Mini program code calls `Component({...})` without saying which file it is
 * in; the loader (later: the logic bundle's module system) tells us with
 * `enterModule(path)` before running a module's code and `leaveModule()` after.
 * Paths are package-root-relative without extension: "components/card/index".
 */

/** @type {string[]} */
const moduleStack = [];

/** @type {Map<string, any>} compiled component/page definitions by path */
const definitions = new Map();

/** @param {string} path */
export function enterModule(path) {
  moduleStack.push(normalizePath(path));
}

export function leaveModule() {
  moduleStack.pop();
}

/** The path of the module whose code is running, or "" outside any module. */
export function currentModule() {
  return moduleStack.length ? moduleStack[moduleStack.length - 1] : '';
}

/** @param {string} path @param {any} def */
export function registerDefinition(path, def) {
  definitions.set(normalizePath(path), def);
}

/** @param {string} path */
export function getDefinition(path) {
  return definitions.get(normalizePath(path));
}

/** Forget every registration (tests; reloading a package). */
export function resetRegistry() {
  definitions.clear();
  moduleStack.length = 0;
}

/**
 * Normalise a path: drop a leading "/", ".js", "." and ".." segments.
 * @param {string} path
 */
export function normalizePath(path) {
  const parts = path.replace(/\\/g, '/').replace(/\.js$/, '').split('/');
  /** @type {string[]} */
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

/**
 * Resolve `target` (as written in `relations` keys or usingComponents) against
 * the module path `base`: "/x" is from the package root, anything else is
 * relative to base's folder.
 * @example resolvePath('components/ul/index', './li') // 'components/ul/li'
 * @param {string} base @param {string} target
 */
export function resolvePath(base, target) {
  if (target.startsWith('/')) return normalizePath(target);
  const slash = base.lastIndexOf('/');
  return normalizePath((slash >= 0 ? base.slice(0, slash + 1) : '') + target);
}
