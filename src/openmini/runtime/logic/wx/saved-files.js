// wx.getFileSystemManager() (fs.js) with the saved files (wx.saveFile & co. and the manager's
// forms), getFileInfo with its digest, openDocument and chooseVideo: a chunk (deferred.js),
// loaded at init when the code names one of them, else on first use. Saved files are files
// of fs.js under `wxfile://store_…`: persisted in the mini program's storage like user files,
// 10 MB at most together (WeChat's limit), and shown by `<image src>` (fs.js hooks.fileUrl).

import { Fail, hostCall, invoke, sync } from './call.js';
import { STORE, isUserPath, manager, readBytes, rel, stats, writeBytes } from './fs.js';
import { FILE_PREFIX, rawKeys, readRaw, removeRaw } from './storage.js';
import { md5, sha1 } from './digest.js';

/** @typedef {Record<string, any>} Obj */

/**
 * The bytes and name of a file the mini program may read: a user or saved file (here), a temp or
 * package file (in the host, `fs.readTemp`).
 * @param {string} path @returns {Promise<{bytes: Uint8Array, name: string}>}
 */
async function read(path) {
  if (isUserPath(path)) return { bytes: readBytes(path), name: path };
  const r = await hostCall('fs.readTemp', { path });
  return { bytes: new Uint8Array(r.data), name: r.name || path };
}

/** Every saved file: `{filePath, size, createTime}` (seconds, as WeChat gives it). */
const savedList = () => rawKeys().filter((k) => k.startsWith(FILE_PREFIX + '\u0001')).map((k) => {
  const e = /** @type {Obj} */ (readRaw(k));
  return { filePath: STORE + k.slice(FILE_PREFIX.length + 1), size: stats(e).size, createTime: e.data.t };
});

/** WeChat's room for saved files, all together (each also fits a storage item, ~750 KB). */
export const SAVED_LIMIT = 10 * 1024 * 1024;

/**
 * Save `bytes` (from a file named `name`) at `to`, or as a new saved file; returns its path and
 * the persistence Promise.
 * @param {Uint8Array} bytes @param {string} name @param {string} [to]
 */
function store(bytes, name, to) {
  let path = to;
  if (!path) {
    let used = bytes.length;
    for (const k of rawKeys()) if (k.startsWith(FILE_PREFIX + '\u0001')) used += stats(/** @type {Obj} */ (readRaw(k))).size;
    if (used > SAVED_LIMIT) throw new Fail('the maximum size of the file storage limit is exceeded');
    path = STORE + Date.now().toString(36) + Math.random().toString(36).slice(2, 6) + (name.match(/\.\w+$/) || [''])[0];
  }
  return { path, done: writeBytes(path, bytes, false) };
}

/** The sync save: only a user file can be read synchronously (temp files are in the host). @param {unknown} from @param {string} [to] */
function saveSync(from, to) {
  if (!isUserPath(from)) throw new Fail('temp files can be saved by the async saveFile only');
  return store(readBytes(/** @type {string} */ (from)), /** @type {string} */ (from), to).path;
}

/** @param {unknown} path */
function saved(path) {
  const found = savedList().find((f) => f.filePath === path);
  if (!found) throw new Fail('file not exist');
  return found;
}

/** @param {Obj} o */
async function saveFile(o) {
  const { bytes, name } = await read(o.tempFilePath);
  const { path, done } = store(bytes, name, o.filePath);
  await done;
  return { savedFilePath: path };
}

/** WeChat's openDocument types; the browser shows a PDF itself and downloads the others. */
const DOCUMENTS = ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf'];

/** @param {Obj} o */
async function openDocument(o) {
  const path = String(o.filePath);
  if (o.fileType != null && !DOCUMENTS.includes(o.fileType)) throw new Fail(`parameter error: parameter.fileType should be one of ${DOCUMENTS.join(', ')};`);
  const { bytes, name } = await read(path);
  const type = o.fileType || (name.match(/\.(\w+)$/) || [])[1] || '';
  if (!DOCUMENTS.includes(type.toLowerCase())) throw new Fail('filetype not supported');
  const data = bytes.slice().buffer;
  return hostCall('openDocument', { data, fileType: type.toLowerCase(), name: name.replace(/^.*[/_]/, '') }).then(() => ({}));
}

/** @param {string} name @param {(o: Obj) => any} run @param {string} [spec] */
const api = (name, run, spec) => (/** @type {unknown} */ o) => invoke(name, o, run, spec);

/** @type {Record<string, Function>} */
export const apis = {
  getFileSystemManager: () => manager,
  saveFile: api('saveFile', saveFile, 'tempFilePath:String,filePath?:String'),
  getSavedFileList: api('getSavedFileList', () => ({ fileList: savedList() })),
  getSavedFileInfo: api('getSavedFileInfo', (o) => {
    const { size, createTime } = saved(o.filePath);
    return { size, createTime };
  }, 'filePath:String'),
  removeSavedFile: api('removeSavedFile', (o) => {
    saved(o.filePath);
    return removeRaw(FILE_PREFIX + rel(o.filePath, 'unlink')).then(() => ({}));
  }, 'filePath:String'),
  getFileInfo: api('getFileInfo', async (o) => {
    const algorithm = o.digestAlgorithm || 'md5';
    if (algorithm !== 'md5' && algorithm !== 'sha1') throw new Fail(`parameter error: parameter.digestAlgorithm should be md5 or sha1;`);
    const { bytes } = await read(o.filePath);
    return { size: bytes.length, digest: (algorithm === 'md5' ? md5 : sha1)(bytes) };
  }, 'filePath:String'),
  openDocument: api('openDocument', openDocument, 'filePath:String'),
  /** chooseMedia for one video, in chooseVideo's shape. */
  chooseVideo: api('chooseVideo', async (o) => {
    const r = await hostCall('chooseMedia', { count: 1, mediaType: ['video'], sourceType: o.sourceType, maxDuration: o.maxDuration, camera: o.camera });
    const f = r.tempFiles[0];
    return { tempFilePath: f.tempFilePath, duration: f.duration, size: f.size, width: f.width, height: f.height };
  }),
};

// the FileSystemManager's forms
for (const name of ['getFileInfo', 'saveFile', 'getSavedFileList', 'removeSavedFile']) manager[name] = apis[name];
manager.saveFileSync = (/** @type {string} */ tempFilePath, /** @type {string} */ filePath) => sync('saveFileSync', () => saveSync(tempFilePath, filePath));
