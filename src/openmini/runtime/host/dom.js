// Tiny DOM helpers for the host's own UI (never used inside page frames).

/**
 * Create an element with a class and optional text, appended to `parent` when given.
 * @param {string} tag
 * @param {string} className
 * @param {string | null} [text]
 * @param {HTMLElement | null} [parent]
 */
export function h(tag, className, text, parent) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text != null) el.textContent = text;
  if (parent) parent.appendChild(el);
  return el;
}

/** A button that calls `onClick`. */
export function button(/** @type {string} */ className, /** @type {string} */ text, /** @type {() => void} */ onClick, /** @type {HTMLElement | null} */ parent) {
  const el = /** @type {HTMLButtonElement} */ (h('button', className, text, parent));
  el.type = 'button';
  el.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return el;
}

/**
 * The URL of a package file ("images/a.png", "/images/a.png"), or the value itself when it is
 * already a URL (https:, data:, blob:).
 * @param {{ files: Record<string, { file: string }> }} manifest
 * @param {string} packageBase
 * @param {string} path
 */
export function packageUrl(manifest, packageBase, path) {
  if (!path) return '';
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return path;
  const entry = manifest.files[path.replace(/^\/+/, '')];
  return entry ? new URL(`files/${entry.file}`, packageBase).href : '';
}
