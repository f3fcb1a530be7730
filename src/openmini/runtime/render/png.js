/**
 * A synchronous PNG encoder for `Canvas.toDataURL()`, which WeChat makes synchronous while the
 * worker's own encoder (OffscreenCanvas.convertToBlob) is asynchronous. The pixels go in
 * uncompressed deflate blocks: bigger than the browser's PNGs, but exact and with no
 * dependency.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** @param {Uint8Array} bytes @param {number} start @param {number} end */
function crc32(bytes, start, end) {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The PNG file of an RGBA image (8 bits per channel, non-premultiplied, as ImageData has it).
 * @param {number} width @param {number} height @param {ArrayLike<number>} rgba
 * @returns {Uint8Array}
 */
export function encodePng(width, height, rgba) {
  const row = width * 4 + 1; // filter byte 0 (None), then the row's pixels
  const raw = row * height;
  const blocks = Math.max(1, Math.ceil(raw / 65535));
  const zlen = 2 + raw + blocks * 5 + 4;
  const out = new Uint8Array(8 + 25 + 12 + zlen + 12);
  const view = new DataView(out.buffer);
  out.set([137, 80, 78, 71, 13, 10, 26, 10], 0);
  let p = 8;
  /** @param {string} type @param {number} length @param {(at: number) => void} fill */
  const chunk = (type, length, fill) => {
    view.setUint32(p, length);
    for (let i = 0; i < 4; i++) out[p + 4 + i] = type.charCodeAt(i);
    fill(p + 8);
    view.setUint32(p + 8 + length, crc32(out, p + 4, p + 8 + length));
    p += 12 + length;
  };
  chunk('IHDR', 13, (at) => {
    view.setUint32(at, width);
    view.setUint32(at + 4, height);
    out.set([8, 6, 0, 0, 0], at + 8); // 8-bit RGBA, deflate, no filter choice, no interlace
  });
  chunk('IDAT', zlen, (at) => {
    out[at] = 0x78; // zlib header: deflate, 32 KB window, no dictionary
    out[at + 1] = 0x01;
    let q = at + 2, a = 1, b = 0, done = 0;
    for (let k = 0; k < blocks; k++) {
      const n = Math.min(65535, raw - done);
      out[q] = k === blocks - 1 ? 1 : 0; // stored block, last one flagged
      view.setUint16(q + 1, n, true);
      view.setUint16(q + 3, ~n & 0xffff, true);
      q += 5;
      for (let i = done; i < done + n; i++) {
        const r = (i / row) | 0, c = i - r * row;
        const v = c === 0 ? 0 : rgba[r * width * 4 + c - 1];
        out[q++] = v;
        a = (a + v) % 65521;
        b = (b + a) % 65521;
      }
      done += n;
    }
    view.setUint32(q, ((b << 16) | a) >>> 0);
  });
  chunk('IEND', 0, () => {});
  return out;
}

/** @param {Uint8Array} bytes */
export function base64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
  return btoa(s);
}
