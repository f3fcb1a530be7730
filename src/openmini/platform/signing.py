"""Ed25519 signatures over released manifests, verified by the host before it runs a mini program.

The manifest names every package file by its content hash, so one signature over the manifest's
exact bytes covers the whole package. The host checks it with WebCrypto
(src/openmini/runtime/host/verify.js). Signatures and the public key travel as standard base64:
the 64-byte signature and the raw 32-byte public key.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class ManifestSigner:
    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key

    @classmethod
    def generate(cls) -> ManifestSigner:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, pem: bytes) -> ManifestSigner:
        """A signer from an unencrypted PKCS#8 PEM key; ValueError when it is not an Ed25519 key."""
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the signing key is not an Ed25519 private key")
        return cls(key)

    @classmethod
    def load_or_create(cls, path: Path) -> ManifestSigner:
        """The key in ``path``, created (mode 0600) on first use.

        Processes starting at once against the same data dir end up with one key: each writes a
        private temp file and hard-links it into place, and whoever loses the race reads the winner's.
        """
        if path.exists():
            return cls.from_pem(path.read_bytes())
        path.parent.mkdir(parents=True, exist_ok=True)
        signer = cls.generate()
        temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(signer.private_pem())
            os.link(temp, path)
        except FileExistsError:
            return cls.from_pem(path.read_bytes())
        finally:
            temp.unlink(missing_ok=True)
        return signer

    @classmethod
    def from_secret(cls, secret: str) -> ManifestSigner:
        """The key derived (HKDF-SHA256) from a platform secret: every ``openmini serve`` process
        sharing the secret signs with the same key, with no key file to copy between machines."""
        seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"openmini manifest signing").derive(
            secret.encode("utf-8")
        )
        return cls(Ed25519PrivateKey.from_private_bytes(seed))

    def private_pem(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    @property
    def public_key_b64(self) -> str:
        raw = self._key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    def sign(self, manifest: bytes) -> str:
        """The base64 Ed25519 signature of the manifest's exact bytes."""
        return base64.b64encode(self._key.sign(manifest)).decode("ascii")


def verify_signature(manifest: bytes, signature_b64: str, public_key_b64: str) -> bool:
    """Whether ``signature_b64`` signs ``manifest`` under the key: the host's check, for servers and tools."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        key.verify(base64.b64decode(signature_b64, validate=True), manifest)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
