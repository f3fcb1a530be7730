// Temporary files (wx tempFilePath): Blobs the host holds under blob: URLs until the mini program
// closes. Page frames can show them (their CSP allows blob:) and logic passes them back.

export class Files {
  constructor() {
    /** @type {Map<string, { blob: Blob, name: string }>} */
    this.map = new Map();
  }

  /** Keep `blob`; returns its tempFilePath. */
  add(/** @type {Blob} */ blob, /** @type {string} */ name = 'file') {
    const url = URL.createObjectURL(blob);
    this.map.set(url, { blob, name });
    return url;
  }

  get(/** @type {string} */ path) {
    const f = this.map.get(path);
    return f ? f.blob : undefined;
  }

  name(/** @type {string} */ path) {
    const f = this.map.get(path);
    return f ? f.name : 'file';
  }

  /** The Blob behind a tempFilePath or any fetchable URL (package files, https images). */
  async blob(/** @type {string} */ path) {
    const own = this.get(path);
    if (own) return own;
    const res = await fetch(path);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.blob();
  }

  revokeAll() {
    for (const url of this.map.keys()) URL.revokeObjectURL(url);
    this.map.clear();
  }
}
