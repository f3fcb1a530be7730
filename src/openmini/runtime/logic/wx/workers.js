// `wx.createWorker(scriptPath)`: a file of app.json's `workers` folder runs in a thread of its own
// (docs/runtime-wx.md "Workers"). The compiler packs the folder into one bundle
// (manifest `workers`); the thread is a dedicated Worker this logic worker starts from a blob:,
// as the service frame starts logic, so it inherits the same CSP (connect-src 'none'), and its
// runtime (../thread.js) removes the network before the worker file runs. It ends with
// `terminate()`, and with the mini program: a worker's threads end with it.
//
// Between logic and the thread (structured clone both ways):
//   thread → logic  {t: "ready"} · {t: "message", data} · {t: "console", level, args, where} ·
//                   {t: "error", message, stack, file, line}
//   logic → thread  {t: "init", bundle, entry} (after "ready") · {t: "message", data}

/** @typedef {Record<string, any>} Obj */
/** @typedef {{ Worker: any, files: string, forward: (msg: Obj) => void }} WorkerContext */

/** The manifest and the worker's context (deferred.js ChunkContext: `files` is set by `init`). @type {{manifest: Obj, context: WorkerContext} | null} */
let config = null;
/** The running worker (WeChat allows one at a time). @type {Obj | null} */
let current = null;
/** The thread's bootstrap, made once. @type {string} */
let bootUrl = '';

/**
 * The chunk's init (deferred.js), at the worker's `init`, before the network is removed: the
 * context holds the Worker constructor, which developer code must not have.
 * @param {Obj} msg the `init` message @param {WorkerContext} context
 */
export function init(msg, context) {
  config = { manifest: msg.manifest, context };
}

/** An Error carrying WeChat's errMsg, as WeChat's synchronous Worker methods throw. @param {string} errMsg */
function failure(errMsg) {
  const err = new Error(errMsg);
  /** @type {any} */ (err).errMsg = errMsg;
  return err;
}

/** A classic worker that loads the thread runtime; its module URL is the runtime's own (import.meta.url). */
function boot() {
  if (!bootUrl) {
    const url = JSON.stringify(new URL('../thread.js', import.meta.url).href);
    const src = `import(${url}).then(function(m){m.start(self)},function(e){postMessage({t:"error",message:"the worker runtime failed to load: "+e,stack:"",file:"",line:0})})`;
    bootUrl = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  }
  return bootUrl;
}

/**
 * `options.useExperimentalWorker` is ignored: a browser has one kind of worker.
 * @param {unknown} scriptPath
 */
function createWorker(scriptPath) {
  if (typeof scriptPath !== 'string') {
    throw failure(`createWorker:fail parameter error: parameter.scriptPath should be String instead of ${typeof scriptPath}`);
  }
  const workers = config && config.manifest.workers;
  if (!config || !workers) throw failure('createWorker:fail app.json has no "workers" folder');
  const entry = scriptPath.replace(/^\/+/, '');
  if (!entry.startsWith(`${workers.root}/`)) throw failure(`createWorker:fail ${scriptPath} is not in the workers folder "${workers.root}"`);
  if (current) throw failure('createWorker:fail only one worker may run at a time: terminate() the current one first');
  const { forward, files, Worker } = config.context;
  const bundle = files + config.manifest.files[workers.logic].file;
  const thread = new Worker(boot());
  /** Messages posted before the thread is ready. @type {unknown[] | null} */
  let queue = [];
  /** @type {((data: unknown) => void) | null} */
  let listener = null;
  /** @type {Set<() => void>} */
  const killed = new Set();
  let ended = false;
  const end = () => {
    ended = true;
    thread.terminate();
    if (current === worker) current = null;
  };
  thread.onmessage = (/** @type {MessageEvent} */ e) => {
    const d = e.data;
    if (ended) return; // sent before terminate() and still queued here: the thread is gone
    if (d.t === 'ready') {
      thread.postMessage({ t: 'init', bundle, entry });
      for (const data of queue || []) thread.postMessage({ t: 'message', data });
      queue = null;
    } else if (d.t === 'message') {
      if (listener) listener(d.data);
    } else if (d.t === 'console' || d.t === 'error') {
      // The thread printed it to its own console; the host shows it with logic's.
      forward(d.t === 'error' ? { ...d, message: `worker ${entry}: ${d.message}` } : d);
    }
  };
  const worker = {
    /** @param {unknown} data */
    postMessage(data) {
      if (ended) throw failure('postMessage:fail the worker has been terminated');
      // A queued message is copied now, as sending it would: later changes do not reach the thread.
      if (queue) queue.push(structuredClone(data));
      else thread.postMessage({ t: 'message', data });
    },
    /** @param {(data: unknown) => void} callback the last one registered gets the messages */
    onMessage(callback) {
      listener = typeof callback === 'function' ? callback : null;
    },
    /** @param {() => void} callback */
    onProcessKilled(callback) {
      if (typeof callback === 'function') killed.add(callback);
    },
    /** WeChat's test hook: end the thread as the system would, then tell the listeners. */
    testOnProcessKilled() {
      if (ended) return;
      end();
      for (const callback of killed) callback();
    },
    terminate() {
      if (!ended) end();
    },
    getCameraFrameData() {
      throw failure('getCameraFrameData:fail no camera frames on this platform');
    },
  };
  current = worker;
  return worker;
}

export const apis = { createWorker };
