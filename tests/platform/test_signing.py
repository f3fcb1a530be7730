"""Manifest signatures: keys persist in the data dir, signatures verify, anything altered does not."""

from __future__ import annotations

import base64
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from openmini.platform.signing import ManifestSigner, verify_signature

MANIFEST = '{"files":{"app.js":{"file":"ab12"}},"name":"中文"}'.encode()


def test_a_signature_verifies_under_the_signers_public_key() -> None:
    signer = ManifestSigner.generate()
    signature = signer.sign(MANIFEST)
    assert len(base64.b64decode(signature)) == 64
    assert len(base64.b64decode(signer.public_key_b64)) == 32
    assert verify_signature(MANIFEST, signature, signer.public_key_b64)


def test_altered_manifest_other_key_or_garbage_fail() -> None:
    signer = ManifestSigner.generate()
    signature = signer.sign(MANIFEST)
    assert not verify_signature(MANIFEST + b" ", signature, signer.public_key_b64)
    assert not verify_signature(MANIFEST, signature, ManifestSigner.generate().public_key_b64)
    assert not verify_signature(MANIFEST, "not base64!", signer.public_key_b64)
    assert not verify_signature(MANIFEST, signature, base64.b64encode(b"short").decode())
    assert not verify_signature(MANIFEST, "", "")


def test_the_key_is_created_once_private_and_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "signing.pem"
    first = ManifestSigner.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    again = ManifestSigner.load_or_create(path)
    assert again.public_key_b64 == first.public_key_b64
    assert verify_signature(MANIFEST, again.sign(MANIFEST), first.public_key_b64)
    assert [p.name for p in path.parent.iterdir()] == ["signing.pem"]


def test_processes_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / "signing.pem"
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: ManifestSigner.load_or_create(path).public_key_b64, range(16)))
    assert keys == {ManifestSigner.from_pem(path.read_bytes()).public_key_b64}


def test_a_key_that_is_not_ed25519_is_refused() -> None:
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(ValueError, match="not an Ed25519"):
        ManifestSigner.from_pem(other)
