// The synchronous PNG encoder behind Canvas.toDataURL(): a valid PNG whose pixels read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync, crc32 } from 'node:zlib';
import { encodePng, base64 } from '../../../src/openmini/runtime/render/png.js';

/** The chunks of a PNG file: [{type, data, crcOk}]. */
function chunks(png) {
  const view = new DataView(png.buffer, png.byteOffset);
  const out = [];
  for (let p = 8; p < png.length;) {
    const len = view.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    const data = png.subarray(p + 8, p + 8 + len);
    out.push({ type, data, crcOk: view.getUint32(p + 8 + len) === crc32(png.subarray(p + 4, p + 8 + len)) });
    p += 12 + len;
  }
  return out;
}

test('an RGBA image becomes a PNG whose rows inflate back to its pixels', () => {
  const rgba = Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 128, 1, 2, 3, 4, 5, 6, 7, 8]);
  const png = encodePng(2, 2, rgba);
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const list = chunks(png);
  assert.deepEqual(list.map((c) => c.type), ['IHDR', 'IDAT', 'IEND']);
  assert.ok(list.every((c) => c.crcOk));
  const ihdr = new DataView(list[0].data.buffer, list[0].data.byteOffset);
  assert.deepEqual([ihdr.getUint32(0), ihdr.getUint32(4), list[0].data[8], list[0].data[9]], [2, 2, 8, 6]);
  const raw = inflateSync(list[1].data); // also checks the zlib adler32
  assert.deepEqual([...raw], [0, ...rgba.subarray(0, 8), 0, ...rgba.subarray(8)]);
});

test('images over one deflate block (65535 bytes) are split into several', () => {
  const w = 200, h = 100; // 80100 raw bytes
  const rgba = new Uint8Array(w * h * 4).map((_, i) => i % 251);
  const raw = inflateSync(chunks(encodePng(w, h, rgba))[1].data);
  assert.equal(raw.length, (w * 4 + 1) * h);
  assert.deepEqual([...raw.subarray(1 + w * 4 + 1, 1 + w * 4 + 1 + 8)], [...rgba.subarray(w * 4, w * 4 + 8)]);
});

test('base64 of bytes', () => {
  assert.equal(base64(Uint8Array.from([104, 105, 255])), Buffer.from([104, 105, 255]).toString('base64'));
});
