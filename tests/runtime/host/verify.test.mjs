import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { verifyManifest } from '../../../src/openmini/runtime/host/verify.js';

// Signatures made by the server's own code (openmini.platform.signing), so both sides agree on the format.
const python = fileURLToPath(new URL('../../../.venv/bin/python', import.meta.url));
const script = `
import json
from openmini.platform.signing import ManifestSigner
signer, other = ManifestSigner.generate(), ManifestSigner.generate()
manifest = json.dumps({"files": {"app.js": {"file": "ab12"}}, "name": "中文"}, ensure_ascii=False).encode()
print(json.dumps({"manifest": manifest.decode(), "signature": signer.sign(manifest),
                  "publicKey": signer.public_key_b64, "otherKey": other.public_key_b64}))
`;
const fixture = JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8' }));
const manifest = new TextEncoder().encode(fixture.manifest);

test('a signature made by the server verifies', async () => {
  assert.equal(await verifyManifest(manifest, fixture.signature, fixture.publicKey), true);
  assert.equal(await verifyManifest(manifest.slice().buffer, fixture.signature, fixture.publicKey), true);
});

test('a changed manifest fails', async () => {
  const changed = manifest.slice();
  changed[changed.length - 2] ^= 1;
  assert.equal(await verifyManifest(changed, fixture.signature, fixture.publicKey), false);
});

test('another key fails', async () => {
  assert.equal(await verifyManifest(manifest, fixture.signature, fixture.otherKey), false);
});

test('malformed signatures and keys fail without throwing', async () => {
  const shortSignature = btoa('x'.repeat(63));
  for (const [signature, key] of [
    ['not base64!', fixture.publicKey],
    [fixture.signature, 'not base64!'],
    [shortSignature, fixture.publicKey],
    [fixture.signature, btoa('k'.repeat(31))],
    ['', ''],
  ]) {
    assert.equal(await verifyManifest(manifest, signature, key), false, `${signature} / ${key}`);
  }
});
