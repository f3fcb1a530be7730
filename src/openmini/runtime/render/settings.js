/** What the worker tells render once per package (configureRender): the manifest and where its files are. */
export const settings = {
  /** @type {any} */
  manifest: { components: {}, pages: {}, files: {} },
  /** URL prefix of stored files: `base + manifest.files[name].file`. */
  base: '',
  /** Send `ready`/`onReady` after first renders (off only in glass-easel-like harnesses). */
  ready: true,
  /**
   * Load a package's bundles (the worker's importScripts, synchronous) before a component of
   * a subpackage that is not loaded yet renders; throws when they cannot load.
   * @type {(name: string) => void}
   */
  load: (_name) => {},
};
