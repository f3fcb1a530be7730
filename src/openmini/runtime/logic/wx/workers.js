// `wx.createWorker(scriptPath)`: WeChat runs a file of the app.json `workers` folder in a thread
// of its own. Packages do not carry the worker files yet (the compiler bundles only modules the
// pages reach), so no worker can run: createWorker returns WeChat's Worker object — listeners
// can be registered and `terminate()` ends nothing that ran — and the first `postMessage`
// throws "postMessage:fail …", as WeChat's synchronous Worker methods fail. The page that
// only creates a worker in onLoad still opens; the feature that uses it fails clearly.

const REASON = 'workers are not available on this platform yet';

/** @param {string} method */
const refuse = (method) => () => {
  const err = new Error(`${method}:fail ${REASON}`);
  /** @type {any} */ (err).errMsg = err.message;
  throw err;
};

export const workerApis = {
  createWorker: (/** @type {unknown} */ scriptPath) => {
    if (typeof scriptPath !== 'string') {
      throw new Error(`createWorker:fail parameter error: parameter.scriptPath should be String`);
    }
    console.warn(`[openmini] wx.createWorker("${scriptPath}"): ${REASON}; its postMessage will fail`);
    return {
      postMessage: refuse('postMessage'),
      getCameraFrameData: refuse('getCameraFrameData'),
      onMessage() {},
      onProcessKilled() {},
      testOnProcessKilled() {},
      terminate() {},
    };
  },
};
