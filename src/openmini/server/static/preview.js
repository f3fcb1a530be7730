// The reviewer's preview of one version: launch() fills the window, as a phone screen would.
// Headless Chromium screenshots this page (platform/screenshots.py): `body[data-preview]` tells
// it when the mini program started (`ready`, handle in `window.openminiPreview`) or failed.

const config = JSON.parse(/** @type {HTMLElement} */ (document.getElementById('openmini-config')).textContent || '{}');
const phone = /** @type {HTMLElement} */ (document.getElementById('phone'));
const problem = /** @type {HTMLElement} */ (document.getElementById('preview-error'));

try {
  const { launch } = await import(new URL('host/index.js', config.bundleBase).href);
  /** @type {any} */ (window).openminiPreview = await launch(phone, { ...config, platform: 'devtools' });
  document.body.dataset.preview = 'ready';
} catch (error) {
  problem.textContent = `The mini program did not start: ${/** @type {Error} */ (error).message}`;
  problem.hidden = false;
  document.body.dataset.preview = 'failed';
}
