// wx.getPerformance(): WeChat's performance entries, recorded as the runtime does the work they
// time (docs/runtime-wx.md "performance"): `navigation` appLaunch (init → the entry page's first
// render on screen) and route (a page opened → its first render on screen), `render`
// firstRender (the same span, as WeChat reports both), `script` evaluateScript (a package's
// bundles run). Times are epoch milliseconds, as in WeChat.

/**
 * @typedef {{name: string, entryType: string, startTime: number, duration: number,
 *   path?: string, pageId?: number, navigationType?: string, moduleName?: string, fileList?: string[]}} Entry
 */

const TYPES = ['navigation', 'render', 'script'];

/** @type {Entry[]} */
const entries = [];
let bufferSize = 30;
/** @type {Set<Observer>} */
const observers = new Set();
let launchStart = 0;
let launched = false;

/** Now, in epoch milliseconds. */
export const epochNow = () => Math.round(performance.timeOrigin + performance.now());

/** The worker received `init`: the app launch starts. */
export function startLaunch() {
  launchStart = epochNow();
  launched = false;
}

/**
 * Keep an entry (while the buffer has room, as WeChat's does) and give it to observers of its type.
 * @param {Entry} entry
 */
export function recordPerformance(entry) {
  if (entries.length < bufferSize) entries.push(entry);
  for (const o of observers) o.offer(entry);
}

/**
 * A page's first batch is on screen: its route and firstRender (and, for the first page, the
 * app launch).
 * @param {{path: string, pageId: number, navigationType: string, startTime: number}} page
 */
export function pageRendered({ path, pageId, navigationType, startTime }) {
  const end = epochNow();
  if (!launched && launchStart) {
    launched = true;
    recordPerformance({ name: 'appLaunch', entryType: 'navigation', startTime: launchStart, duration: end - launchStart, path, pageId, navigationType: 'appLaunch' });
  }
  recordPerformance({ name: 'route', entryType: 'navigation', startTime, duration: end - startTime, path, pageId, navigationType });
  recordPerformance({ name: 'firstRender', entryType: 'render', startTime, duration: end - startTime, path, pageId });
}

/** The lookups WeChat's Performance and EntryList share. @param {() => Entry[]} all */
function lookups(all) {
  return {
    getEntries: () => all().slice(),
    getEntriesByName: (/** @type {string} */ name, /** @type {string} */ type) => all().filter((e) => e.name === name && (!type || e.entryType === type)),
    getEntriesByType: (/** @type {string} */ type) => all().filter((e) => e.entryType === type),
  };
}

class Observer {
  /** @param {(list: any) => void} callback */
  constructor(callback) {
    this.callback = callback;
    /** @type {Set<string>} */
    this.types = new Set();
    /** @type {Entry[]} */
    this.queued = [];
  }

  /** @param {{entryTypes?: string[], type?: string}} options */
  observe(options) {
    const o = options || {};
    this.types = new Set(Array.isArray(o.entryTypes) ? o.entryTypes : o.type ? [o.type] : []);
    observers.add(this);
  }

  disconnect() {
    observers.delete(this);
    this.queued = [];
  }

  /** Entries arrive in batches, after the work that made them. @param {Entry} entry */
  offer(entry) {
    if (!this.types.has(entry.entryType)) return;
    if (!this.queued.length) {
      setTimeout(() => {
        const batch = this.queued;
        this.queued = [];
        if (batch.length && typeof this.callback === 'function') this.callback(lookups(() => batch));
      }, 0);
    }
    this.queued.push(entry);
  }
}
/** @type {any} */ (Observer).supportedEntryTypes = TYPES;

/** `wx.getPerformance()`. */
export function getPerformance() {
  return {
    ...lookups(() => entries),
    /** @param {number} size */
    setBufferSize(size) {
      bufferSize = Math.max(0, Math.floor(Number(size)) || 0);
      if (entries.length > bufferSize) entries.length = bufferSize;
    },
    /** @param {(list: any) => void} callback */
    createObserver: (callback) => new Observer(callback),
  };
}

/** Forget everything (tests). */
export function resetPerformance() {
  entries.length = 0;
  bufferSize = 30;
  observers.clear();
  launchStart = 0;
  launched = false;
}

export const performanceApis = { getPerformance };
