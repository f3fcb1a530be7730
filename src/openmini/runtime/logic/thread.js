// The runtime of a `wx.createWorker` thread (wx/workers.js starts it and lists the messages).
// On init it loads the package's worker bundle, removes the network as the logic worker does,
// gives the code WeChat's `worker` global (no `wx`: WeChat's worker has none) and runs the
// file wx.createWorker named. Errors and console output go to logic with the module's file:line.

import { define, requireModule } from './modules.js';
import { removeNetwork, ModuleLines, isError, messageOf, text } from './realm.js';

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug'];

/** @param {any} scope the thread's global (`self`) */
export function start(scope) {
  const post = scope.postMessage.bind(scope);
  const load = scope.importScripts.bind(scope);
  // Not the forwarding console.error developer code gets: an error is sent once, as an error.
  const printError = scope.console.error.bind(scope.console);
  let lines = new ModuleLines('');
  /** @type {((data: unknown) => void) | null} */
  let listener = null;

  /** @param {unknown} error */
  const report = (error) => {
    const stack = isError(error) ? /** @type {Error} */ (error).stack || '' : '';
    const at = lines.locate(stack);
    printError('[openmini] worker:', error);
    post({ t: 'error', message: messageOf(error), stack, file: at ? at.file : '', line: at ? at.line : 0 });
  };

  /** @param {{bundle: string, entry: string}} msg */
  function init(msg) {
    lines = new ModuleLines(msg.bundle);
    scope.__openmini_define__ = (/** @type {string} */ id, /** @type {any} */ requires, /** @type {any} */ factory) => {
      lines.record(id, new Error().stack);
      define(id, requires, factory);
    };
    try {
      load(msg.bundle);
    } finally {
      delete scope.__openmini_define__;
      removeNetwork(scope);
    }
    for (const level of CONSOLE) {
      const original = scope.console[level].bind(scope.console);
      scope.console[level] = (/** @type {unknown[]} */ ...args) => {
        original(...args);
        const at = lines.locate(new Error().stack);
        post({ t: 'console', level, args: args.map(text), where: at ? `${at.file}:${at.line}` : '' });
      };
    }
    scope.worker = Object.freeze({
      /** @param {(data: unknown) => void} callback the last one registered gets the messages */
      onMessage(callback) {
        listener = typeof callback === 'function' ? callback : null;
      },
      /** @param {unknown} data */
      postMessage(data) {
        post({ t: 'message', data });
      },
      getCameraFrameData() {
        const err = new Error('getCameraFrameData:fail no camera frames on this platform');
        /** @type {any} */ (err).errMsg = err.message;
        throw err;
      },
    });
    requireModule(msg.entry);
  }

  scope.addEventListener('message', (/** @type {MessageEvent} */ e) => {
    const d = e.data;
    try {
      if (d.t === 'init') init(d);
      else if (d.t === 'message' && listener) listener(d.data);
    } catch (error) {
      report(error);
    }
  });
  scope.addEventListener('error', (/** @type {ErrorEvent} */ e) => {
    report(e.error || e.message);
    e.preventDefault();
  });
  scope.addEventListener('unhandledrejection', (/** @type {PromiseRejectionEvent} */ e) => {
    report(e.reason);
    e.preventDefault();
  });
  post({ t: 'ready' });
}
