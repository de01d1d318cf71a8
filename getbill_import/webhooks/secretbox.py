"""Webhook secrets at rest: signing needs the secret itself, so it is kept encrypted with
AES-256-GCM. The key comes from ``GETBILL_SECRET_KEY`` (base64 of 32 bytes) — every process of a
deployment must be given the same — or, when that is unset, from ``secret.key`` in the data folder,
created on first use (readable by its owner only)."""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from getbill_import.errors import ConfigError

KEY_BYTES = 32
NONCE_BYTES = 12
KEY_FILE = "secret.key"


class SecretBox:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ConfigError(f"The secret key must be {KEY_BYTES} bytes (base64), not {len(key)}.")
        self._aead = AESGCM(key)

    @classmethod
    def load(cls, encoded: str | None, data_dir: Path) -> SecretBox:
        if encoded:
            try:
                return cls(base64.b64decode(encoded, validate=True))
            except binascii.Error:
                raise ConfigError("GETBILL_SECRET_KEY is not base64; make one with: "
                                  "python -c \"import os,base64;print(base64.b64encode(os.urandom(32)).decode())\"") from None
        path = data_dir / KEY_FILE
        if not path.exists():
            _create_key(path)
        return cls(base64.b64decode(path.read_text().strip()))

    def seal(self, text: str) -> str:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return base64.b64encode(nonce + self._aead.encrypt(nonce, text.encode(), None)).decode()

    def open(self, sealed: str) -> str:
        raw = base64.b64decode(sealed)
        return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None).decode()


def _create_key(path: Path) -> None:
    """A new key at ``path``, whole or not at all: written to a file of its own, then linked into
    place, so that a process starting beside this one (a server and its worker) never reads a key
    half written, and the first of two to link it is the key both use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode())
            out.flush()
            os.fsync(out.fileno())
        # another process may have linked its key first: that one is the key
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
