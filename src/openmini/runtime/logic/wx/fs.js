// wx.getFileSystemManager(): the user data folder `wxfile://usr` (wx.env.USER_DATA_PATH). Files
// live in the mini program's storage under hidden keys (storage.js FILE_PREFIX), so they are
// partitioned per (user, appid), persisted through the host like storage, and share its 10 MB
// quota; a file's stored form (base64) is limited to 1 MB like a storage item. Temporary files
// (host `blob:` URLs) and package files are read through the host (`fs.readTemp`), by the
// async `readFile` only (a sync read cannot wait for the host).

import { Fail, invoke, sync, hostCall } from './call.js';
import { FILE_PREFIX, writeRaw, readRaw, removeRaw, rawKeys } from './storage.js';
import { hooks } from '../hooks.js';

/** @typedef {Record<string, any>} Obj */

export const USER_DATA_PATH = 'wxfile://usr';
/**
 * Saved files (wx.saveFile, saved-files.js) are `wxfile://store_<name>`, kept beside the user
 * folder under keys starting "\u0001" (no user path makes one), so readdir never lists them.
 */
export const STORE = 'wxfile://store_';

/** Key-relative path ("a/b.txt"; "" is the root) of a user path, or a Fail. @param {unknown} path @param {string} op */
export function rel(path, op) {
  if (typeof path !== 'string') throw new Fail(`parameter error: path should be String instead of ${path === undefined ? 'Undefined' : typeof path};`);
  if (path.startsWith(STORE) && !path.includes('/', STORE.length)) return '\u0001' + path.slice(STORE.length);
  if (path !== USER_DATA_PATH && !path.startsWith(USER_DATA_PATH + '/')) throw new Fail(`permission denied, ${op} ${path}`);
  const parts = [];
  for (const p of path.slice(USER_DATA_PATH.length).split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

/** @param {string} r */
const entry = (r) => (r === '' ? { type: 'Dir', data: { t: 0 } } : readRaw(FILE_PREFIX + r));
/** @param {string} r */
const parentOf = (r) => r.slice(0, Math.max(0, r.lastIndexOf('/')));
/** @param {string} r */
const isDir = (r) => {
  const e = entry(r);
  return !!e && e.type === 'Dir';
};
/** Paths directly or deeply under dir `r`. @param {string} r */
const below = (r) => rawKeys().filter((k) => k.startsWith(FILE_PREFIX) && k.length > FILE_PREFIX.length).map((k) => k.slice(FILE_PREFIX.length)).filter((k) => (r ? k.startsWith(r + '/') : k[0] !== '\u0001'));

// ---- bytes and encodings

/** @param {Uint8Array} bytes */
export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, /** @type {any} */ (bytes.subarray(i, i + 0x8000)));
  return btoa(s);
}
/** @param {string} b64 */
function fromBase64(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** @param {unknown} data @param {string} [encoding] @returns {Uint8Array} */
function encodeData(data, encoding) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  if (typeof data !== 'string') throw new Fail(`parameter error: data should be String|ArrayBuffer;`);
  const enc = (encoding || 'utf8').toLowerCase();
  if (enc === 'utf8' || enc === 'utf-8') return new TextEncoder().encode(data);
  if (enc === 'base64') return fromBase64(data);
  if (enc === 'hex') return new Uint8Array((data.match(/../g) || []).map((h) => parseInt(h, 16)));
  if (enc === 'binary' || enc === 'latin1' || enc === 'ascii') return Uint8Array.from(data, (c) => c.charCodeAt(0) & (enc === 'ascii' ? 0x7f : 0xff));
  if (enc === 'ucs2' || enc === 'ucs-2' || enc === 'utf16le' || enc === 'utf-16le') {
    const out = new Uint8Array(data.length * 2);
    for (let i = 0; i < data.length; i++) {
      out[2 * i] = data.charCodeAt(i) & 0xff;
      out[2 * i + 1] = data.charCodeAt(i) >> 8;
    }
    return out;
  }
  throw new Fail(`invalid encoding: ${encoding}`);
}

/** @param {Uint8Array} bytes @param {string} [encoding] */
function decodeData(bytes, encoding) {
  if (!encoding) return bytes.slice().buffer;
  const enc = encoding.toLowerCase();
  if (enc === 'utf8' || enc === 'utf-8') return new TextDecoder().decode(bytes);
  if (enc === 'base64') return toBase64(bytes);
  if (enc === 'hex') return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  if (enc === 'binary' || enc === 'latin1' || enc === 'ascii') return Array.from(bytes, (b) => String.fromCharCode(enc === 'ascii' ? b & 0x7f : b)).join('');
  if (enc === 'ucs2' || enc === 'ucs-2' || enc === 'utf16le' || enc === 'utf-16le') {
    let s = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
    return s;
  }
  throw new Fail(`invalid encoding: ${encoding}`);
}

// ---- operations (synchronous on the mirror; return the persistence Promise)

/** @param {string} path @returns {Uint8Array} */
export function readBytes(path) {
  const r = rel(path, 'open');
  const e = entry(r);
  if (!e) throw new Fail(`no such file or directory, open ${path}`);
  if (e.type !== 'File') throw new Fail(`illegal operation on a directory, open ${path}`);
  return fromBase64(e.data.b);
}

/** @param {string} path @param {Uint8Array} bytes @param {boolean} append */
export function writeBytes(path, bytes, append) {
  const r = rel(path, 'open');
  if (!r) throw new Fail(`illegal operation on a directory, open ${path}`);
  const e = entry(r);
  if (e && e.type !== 'File') throw new Fail(`illegal operation on a directory, open ${path}`);
  if (append && !e) throw new Fail(`no such file or directory, open ${path}`);
  if (!isDir(parentOf(r))) throw new Fail(`no such file or directory, open ${path}`);
  if (append && e) {
    const old = fromBase64(e.data.b);
    const both = new Uint8Array(old.length + bytes.length);
    both.set(old);
    both.set(bytes, old.length);
    bytes = both;
  }
  try {
    return writeRaw(FILE_PREFIX + r, { type: 'File', data: { b: toBase64(bytes), t: now() } });
  } catch (err) {
    throw err instanceof Fail ? new Fail('the maximum size of the file storage limit is exceeded') : err;
  }
}

const now = () => Math.floor(Date.now() / 1000);

/** @param {string} path @param {boolean} recursive */
function mkdir(path, recursive) {
  const r = rel(path, 'mkdir');
  if (entry(r)) throw new Fail(`file already exists ${path}`);
  const parts = r.split('/');
  const made = [];
  for (let i = 1; i <= parts.length; i++) {
    const sub = parts.slice(0, i).join('/');
    const e = entry(sub);
    if (e && e.type !== 'Dir') throw new Fail(`not a directory ${path}`);
    if (e) continue;
    if (i < parts.length && !recursive) throw new Fail(`no such file or directory ${path}`);
    made.push(writeRaw(FILE_PREFIX + sub, { type: 'Dir', data: { t: now() } }));
  }
  return Promise.all(made);
}

/** @param {string} path @param {boolean} recursive */
function rmdir(path, recursive) {
  const r = rel(path, 'rmdir');
  const e = entry(r);
  if (!e) throw new Fail(`no such file or directory ${path}`);
  if (e.type !== 'Dir') throw new Fail(`not a directory ${path}`);
  const inner = below(r);
  if (inner.length && !recursive) throw new Fail(`directory not empty`);
  const done = inner.map((k) => removeRaw(FILE_PREFIX + k));
  if (r) done.push(removeRaw(FILE_PREFIX + r));
  return Promise.all(done);
}

/** @param {string} path */
function unlink(path) {
  const r = rel(path, 'unlink');
  const e = entry(r);
  if (!e) throw new Fail(`no such file or directory ${path}`);
  if (e.type !== 'File') throw new Fail(`operation not permitted, unlink ${path}`);
  return removeRaw(FILE_PREFIX + r);
}

/** @param {string} path */
function readdir(path) {
  const r = rel(path, 'readdir');
  const e = entry(r);
  if (!e) throw new Fail(`no such file or directory ${path}`);
  if (e.type !== 'Dir') throw new Fail(`not a directory ${path}`);
  const names = new Set();
  for (const k of below(r)) names.add(k.slice(r ? r.length + 1 : 0).split('/')[0]);
  return Array.from(names);
}

/** @param {Obj} e */
export function stats(e) {
  const dir = e.type === 'Dir';
  const size = dir ? 0 : Math.floor((e.data.b.length * 3) / 4) - (e.data.b.endsWith('==') ? 2 : e.data.b.endsWith('=') ? 1 : 0);
  return {
    mode: dir ? 0o40777 : 0o100666,
    size,
    lastAccessedTime: e.data.t,
    lastModifiedTime: e.data.t,
    isDirectory: () => dir,
    isFile: () => !dir,
  };
}

/** @param {string} path @param {boolean} recursive */
function stat(path, recursive) {
  const r = rel(path, 'stat');
  const e = entry(r);
  if (!e) throw new Fail(`no such file or directory ${path}`);
  if (!recursive || e.type !== 'Dir') return stats(e);
  const list = [{ path: '/', stats: stats(e) }];
  for (const k of below(r)) list.push({ path: '/' + k.slice(r ? r.length + 1 : 0), stats: stats(/** @type {Obj} */ (entry(k))) });
  return list;
}

/** @param {string} path */
function access(path) {
  if (!entry(rel(path, 'access'))) throw new Fail(`no such file or directory ${path}`);
}

/** @param {string} from @param {string} to @param {boolean} move */
function copy(from, to, move) {
  const r = rel(from, move ? 'rename' : 'copyFile');
  const e = entry(r);
  if (!e) throw new Fail(`no such file or directory, ${move ? 'rename' : 'copyFile'} ${from}`);
  if (e.type !== 'File') {
    if (!move) throw new Fail(`illegal operation on a directory, copyFile ${from}`);
    // A folder moves with everything in it.
    const target = rel(to, 'rename');
    if (entry(target)) throw new Fail(`file already exists ${to}`);
    const done = [writeRaw(FILE_PREFIX + target, e), removeRaw(FILE_PREFIX + r)];
    for (const k of below(r)) {
      done.push(writeRaw(FILE_PREFIX + target + k.slice(r.length), /** @type {any} */ (entry(k))));
      done.push(removeRaw(FILE_PREFIX + k));
    }
    return Promise.all(done);
  }
  const wrote = writeBytes(to, fromBase64(e.data.b), false);
  return move ? Promise.all([wrote, removeRaw(FILE_PREFIX + r)]) : wrote;
}

/** @param {Uint8Array} bytes @param {number} [position] @param {number} [length] */
const slice = (bytes, position, length) => (position == null && length == null ? bytes : bytes.subarray(position || 0, length == null ? undefined : (position || 0) + length));

/** @param {unknown} path */
export const isUserPath = (path) => typeof path === 'string' && path.startsWith('wxfile://');

/**
 * `<image src="wxfile://…">` (a saved or user file): render asks for a URL the page frame can
 * load; the stored form is base64 already, so a data: URL costs nothing to make.
 */
hooks.fileUrl = (path) => {
  const e = isUserPath(path) ? entry(rel(path, 'open')) : null;
  return e && e.type === 'File' ? `data:${MIME[(path.match(/\.(\w+)$/) || [])[1]] || 'application/octet-stream'};base64,${e.data.b}` : path;
};
/** What a page frame needs to show a file by its extension (images sniff anyway; video and svg do not). */
const MIME = /** @type {Record<string, string>} */ ({ svg: 'image/svg+xml', mp4: 'video/mp4', webm: 'video/webm', mp3: 'audio/mpeg', m4a: 'audio/mp4', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' });

/** @param {string} name @param {(o: Obj) => any} run @param {string} spec */
const method = (name, run, spec) => (/** @type {any} */ o) => invoke(name, o, run, spec);

/** Async writes answer once the host has persisted them. @param {unknown} pending */
const after = (pending) => Promise.resolve(pending).then(() => ({}));

/** The FileSystemManager; saved-files.js adds the saved-file methods (getFileInfo, saveFile…). @type {Obj} */
export const manager = {
  access: method('access', (o) => access(o.path), 'path:String'),
  accessSync: (/** @type {string} */ path) => sync('accessSync', () => access(path)),
  readFile: method('readFile', (o) => (isUserPath(o.filePath)
    ? { data: decodeData(slice(readBytes(o.filePath), o.position, o.length), o.encoding) }
    // temp files (blob: URLs) and package files live in the host: only the async form reads them
    : hostCall('fs.readTemp', { path: o.filePath }).then((r) => ({ data: decodeData(slice(new Uint8Array(r.data), o.position, o.length), o.encoding) }))), 'filePath:String'),
  readFileSync: (/** @type {string} */ filePath, /** @type {string} */ encoding, /** @type {number} */ position, /** @type {number} */ length) => sync('readFileSync', () => decodeData(slice(readBytes(filePath), position, length), encoding)),
  writeFile: method('writeFile', (o) => after(writeBytes(o.filePath, encodeData(o.data, o.encoding), false)), 'filePath:String'),
  writeFileSync: (/** @type {string} */ filePath, /** @type {unknown} */ data, /** @type {string} */ encoding) => sync('writeFileSync', () => void writeBytes(filePath, encodeData(data, encoding), false)),
  appendFile: method('appendFile', (o) => after(writeBytes(o.filePath, encodeData(o.data, o.encoding), true)), 'filePath:String'),
  appendFileSync: (/** @type {string} */ filePath, /** @type {unknown} */ data, /** @type {string} */ encoding) => sync('appendFileSync', () => void writeBytes(filePath, encodeData(data, encoding), true)),
  unlink: method('unlink', (o) => after(unlink(o.filePath)), 'filePath:String'),
  unlinkSync: (/** @type {string} */ filePath) => sync('unlinkSync', () => void unlink(filePath)),
  mkdir: method('mkdir', (o) => after(mkdir(o.dirPath, !!o.recursive)), 'dirPath:String'),
  mkdirSync: (/** @type {string} */ dirPath, /** @type {boolean} */ recursive) => sync('mkdirSync', () => void mkdir(dirPath, !!recursive)),
  rmdir: method('rmdir', (o) => after(rmdir(o.dirPath, !!o.recursive)), 'dirPath:String'),
  rmdirSync: (/** @type {string} */ dirPath, /** @type {boolean} */ recursive) => sync('rmdirSync', () => void rmdir(dirPath, !!recursive)),
  readdir: method('readdir', (o) => ({ files: readdir(o.dirPath) }), 'dirPath:String'),
  readdirSync: (/** @type {string} */ dirPath) => sync('readdirSync', () => readdir(dirPath)),
  stat: method('stat', (o) => ({ stats: stat(o.path, !!o.recursive) }), 'path:String'),
  statSync: (/** @type {string} */ path, /** @type {boolean} */ recursive) => sync('statSync', () => stat(path, !!recursive)),
  rename: method('rename', (o) => after(copy(o.oldPath, o.newPath, true)), 'oldPath:String,newPath:String'),
  renameSync: (/** @type {string} */ oldPath, /** @type {string} */ newPath) => sync('renameSync', () => void copy(oldPath, newPath, true)),
  copyFile: method('copyFile', (o) => after(copy(o.srcPath, o.destPath, false)), 'srcPath:String,destPath:String'),
  copyFileSync: (/** @type {string} */ srcPath, /** @type {string} */ destPath) => sync('copyFileSync', () => void copy(srcPath, destPath, false)),
};
