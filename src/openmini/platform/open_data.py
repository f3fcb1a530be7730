"""Session-key cryptography exactly as WeChat defines it (platform-apis.md §1.2), so developers'
backends verify and decrypt what mini programs receive with the code they already have.

- ``rawData`` signature: lowercase hex SHA-1 of ``rawData`` followed by the session_key's base64 text.
- ``encryptedData``: AES-128-CBC with PKCS#7 padding; the key is the base64-decoded session_key and the
  IV travels next to the data, both base64. The plaintext is JSON with a ``watermark`` naming the appid.
- User login-state signature (``/wxa/checksession``, ``/wxa/resetusersessionkey``): lowercase hex
  HMAC-SHA256 keyed with the session_key's base64 text (not decoded) over the request body (empty for GET).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SESSION_KEY_BYTES = 16
AES_BLOCK_BITS = 128


def new_session_key() -> str:
    """16 random bytes in base64, the form WeChat hands out."""
    return base64.b64encode(secrets.token_bytes(SESSION_KEY_BYTES)).decode("ascii")


def raw_data_signature(raw_data: str, session_key: str) -> str:
    return hashlib.sha1((raw_data + session_key).encode("utf-8")).hexdigest()


def login_state_signature(session_key: str, body: bytes = b"") -> str:
    return hmac.new(session_key.encode("utf-8"), body, hashlib.sha256).hexdigest()


def compact_json(value: Any) -> str:
    """JSON as a mini program's ``JSON.stringify`` writes it: no spaces, characters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Sealed:
    encrypted_data: str
    iv: str


def _cipher(session_key: str, iv: bytes) -> Cipher[modes.CBC]:
    return Cipher(algorithms.AES(base64.b64decode(session_key, validate=True)), modes.CBC(iv))


def encrypt(session_key: str, data: dict[str, Any], iv: bytes | None = None) -> Sealed:
    """``data`` as ``encryptedData``, under a fresh random IV unless one is given."""
    iv = secrets.token_bytes(16) if iv is None else iv
    padder = padding.PKCS7(AES_BLOCK_BITS).padder()
    plaintext = padder.update(compact_json(data).encode("utf-8")) + padder.finalize()
    encryptor = _cipher(session_key, iv).encryptor()
    ciphertext = encryptor.update(plaintext) + encryptor.finalize()
    return Sealed(base64.b64encode(ciphertext).decode("ascii"), base64.b64encode(iv).decode("ascii"))
