// Checks a released manifest's Ed25519 signature (src/openmini/platform/signing.py) before the host
// runs the mini program. The manifest names every package file by content hash, so verifying the
// manifest's exact bytes covers the whole package. WebCrypto has Ed25519 in Chromium and Node ≥ 20.

/**
 * Standard base64 → bytes; null when the text is not base64.
 * @param {string} text
 * @returns {Uint8Array<ArrayBuffer> | null}
 */
function fromBase64(text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Whether `signatureB64` is a valid Ed25519 signature of `bytes` under the raw public key `publicKeyB64`.
 * A malformed key or signature is a failed check, never an exception: the caller refuses to run either way.
 * @param {BufferSource} bytes  the manifest exactly as served (e.g. `await response.arrayBuffer()`)
 * @param {string} signatureB64  64-byte signature, standard base64
 * @param {string} publicKeyB64  32-byte raw public key, standard base64
 * @returns {Promise<boolean>}
 */
export async function verifyManifest(bytes, signatureB64, publicKeyB64) {
  const signature = fromBase64(signatureB64);
  const publicKey = fromBase64(publicKeyB64);
  if (!signature || !publicKey || signature.length !== 64 || publicKey.length !== 32) return false;
  const subtle = globalThis.crypto.subtle;
  try {
    const key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    return await subtle.verify({ name: 'Ed25519' }, key, signature, bytes);
  } catch {
    return false; // a 32-byte string that is no curve point
  }
}
