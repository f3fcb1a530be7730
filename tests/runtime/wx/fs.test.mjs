import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { apis } from '../../../src/openmini/runtime/logic/wx/saved-files.js';
import { initStorage, storageApis } from '../../../src/openmini/runtime/logic/wx/storage.js';
import { fakeHost, tick } from './helpers.mjs';

const fs = apis.getFileSystemManager();
const U = 'wxfile://usr';
let host;
beforeEach(() => {
  host = fakeHost();
  initStorage({});
});

test('write, read (text, base64, ArrayBuffer), append, stat, readdir', () => {
  fs.writeFileSync(`${U}/a.txt`, 'héllo');
  assert.equal(fs.readFileSync(`${U}/a.txt`, 'utf8'), 'héllo');
  fs.appendFileSync(`${U}/a.txt`, '!');
  assert.equal(fs.readFileSync(`${U}/a.txt`, 'utf-8'), 'héllo!');
  const buf = fs.readFileSync(`${U}/a.txt`);
  assert.ok(buf instanceof ArrayBuffer);
  assert.equal(buf.byteLength, 7);
  fs.writeFileSync(`${U}/b.bin`, new Uint8Array([1, 2, 255]).buffer);
  assert.equal(fs.readFileSync(`${U}/b.bin`, 'base64'), 'AQL/');
  assert.equal(fs.readFileSync(`${U}/b.bin`, 'hex'), '0102ff');
  assert.equal(fs.statSync(`${U}/b.bin`).size, 3);
  assert.equal(fs.statSync(`${U}/b.bin`).isFile(), true);
  fs.mkdirSync(`${U}/d/e`, true);
  assert.equal(fs.statSync(`${U}/d`).isDirectory(), true);
  assert.deepEqual(fs.readdirSync(U).sort(), ['a.txt', 'b.bin', 'd']);
  assert.deepEqual(fs.readdirSync(`${U}/d`), ['e']);
});

test('files persist through the host as hidden storage items the storage API does not show', () => {
  fs.writeFileSync(`${U}/a.txt`, 'x');
  const call = host.last('storage.set');
  assert.equal(call.args.key, '\u0001fs:a.txt');
  assert.equal(call.args.value.type, 'File');
  assert.deepEqual(storageApis.getStorageInfoSync().keys, []);
  storageApis.clearStorageSync();
  assert.equal(fs.readFileSync(`${U}/a.txt`, 'utf8'), 'x', 'clearStorage leaves files alone');
  // and they come back from init's storage
  initStorage({ '\u0001fs:a.txt': call.args.value });
  assert.equal(fs.readFileSync(`${U}/a.txt`, 'utf8'), 'x');
});

test('WeChat\'s errors', async () => {
  assert.throws(() => fs.readFileSync(`${U}/none`), { message: `readFileSync:fail no such file or directory, open ${U}/none` });
  assert.throws(() => fs.writeFileSync('/etc/x', 'a'), { message: 'writeFileSync:fail permission denied, open /etc/x' });
  assert.throws(() => fs.writeFileSync(`${U}/no/dir.txt`, 'a'), { message: `writeFileSync:fail no such file or directory, open ${U}/no/dir.txt` });
  assert.throws(() => fs.accessSync(`${U}/none`), { message: `accessSync:fail no such file or directory ${U}/none` });
  fs.mkdirSync(`${U}/d`);
  assert.throws(() => fs.mkdirSync(`${U}/d`), { message: `mkdirSync:fail file already exists ${U}/d` });
  fs.writeFileSync(`${U}/d/f`, '1');
  assert.throws(() => fs.rmdirSync(`${U}/d`), { message: 'rmdirSync:fail directory not empty' });
  assert.throws(() => fs.unlinkSync(`${U}/d`), { message: `unlinkSync:fail operation not permitted, unlink ${U}/d` });
  fs.rmdirSync(`${U}/d`, true);
  assert.deepEqual(fs.readdirSync(U), []);
  await assert.rejects(fs.readFile({ filePath: `${U}/none` }), { errMsg: `readFile:fail no such file or directory, open ${U}/none` });
  await assert.rejects(fs.readFile({}), { errMsg: 'readFile:fail parameter error: parameter.filePath should be String instead of Undefined;' });
});

test('files share the 10 MB storage quota', () => {
  const big = 'z'.repeat(700 * 1024);
  for (let i = 0; i < 10; i++) fs.writeFileSync(`${U}/f${i}`, big); // 700 KB is ~933 KB stored (base64)
  assert.throws(() => fs.writeFileSync(`${U}/f10`, big), { message: 'writeFileSync:fail the maximum size of the file storage limit is exceeded' });
});

test('async forms answer after the host persisted the write', async () => {
  let res = null;
  fs.writeFile({ filePath: `${U}/x`, data: 'abc', success: (r) => (res = r) });
  await tick();
  assert.equal(res, null);
  host.ok(host.last('storage.set'));
  await tick();
  assert.deepEqual(res, { errMsg: 'writeFile:ok' });
  assert.deepEqual(await fs.readFile({ filePath: `${U}/x`, encoding: 'utf8' }), { data: 'abc', errMsg: 'readFile:ok' });
  fs.renameSync(`${U}/x`, `${U}/y`);
  fs.copyFileSync(`${U}/y`, `${U}/z`);
  assert.deepEqual(fs.readdirSync(U).sort(), ['y', 'z']);
});
