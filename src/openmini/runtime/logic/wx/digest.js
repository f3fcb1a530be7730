// MD5 and SHA-1 of bytes, as hex: wx.getFileInfo's `digest`. Written out because the worker's
// crypto.subtle has no MD5 (and exists only in secure contexts), and getFileInfo answers both.

/** @param {number} x @param {number} n */
const rotl = (x, n) => (x << n) | (x >>> (32 - n));

/**
 * The message padded to a multiple of 64 bytes with its bit length appended (both digests pad
 * alike; MD5 writes the length little-endian, SHA-1 big-endian).
 * @param {Uint8Array} bytes @param {boolean} bigEndian
 */
function padded(bytes, bigEndian) {
  const n = bytes.length;
  const out = new Uint8Array((((n + 8) >> 6) + 1) * 64);
  out.set(bytes);
  out[n] = 0x80;
  const view = new DataView(out.buffer);
  const bits = n * 8;
  const lo = bits >>> 0, hi = Math.floor(bits / 2 ** 32);
  if (bigEndian) {
    view.setUint32(out.length - 8, hi);
    view.setUint32(out.length - 4, lo);
  } else {
    view.setUint32(out.length - 8, lo, true);
    view.setUint32(out.length - 4, hi, true);
  }
  return view;
}

/** @param {number[]} words @param {boolean} littleEndian */
function hex(words, littleEndian) {
  const view = new DataView(new ArrayBuffer(words.length * 4));
  for (let i = 0; i < words.length; i++) view.setUint32(i * 4, words[i], littleEndian);
  return Array.from(new Uint8Array(view.buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** @param {Uint8Array} bytes */
export function md5(bytes) {
  const view = padded(bytes, false);
  let [a0, b0, c0, d0] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  for (let off = 0; off < view.byteLength; off += 64) {
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      const r = i >> 4;
      const f = r === 0 ? (b & c) | (~b & d) : r === 1 ? (d & b) | (~d & c) : r === 2 ? b ^ c ^ d : c ^ (b | ~d);
      const g = r === 0 ? i : r === 1 ? (5 * i + 1) % 16 : r === 2 ? (3 * i + 5) % 16 : (7 * i) % 16;
      const t = d;
      d = c;
      c = b;
      b = (b + rotl((a + f + K[i] + view.getUint32(off + g * 4, true)) | 0, S[r * 4 + (i % 4)])) | 0;
      a = t;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return hex([a0, b0, c0, d0], true);
}

/** @param {Uint8Array} bytes */
export function sha1(bytes) {
  const view = padded(bytes, true);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Int32Array(80);
  for (let off = 0; off < view.byteLength; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      const r = Math.floor(i / 20);
      const f = r === 0 ? (b & c) | (~b & d) : r === 2 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6][r];
      const t = (rotl(a, 5) + f + e + k + w[i]) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
  }
  return hex(h.map((x) => x >>> 0), false);
}
