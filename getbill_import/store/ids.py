"""Public identifiers (``debt_01jd2k…``), generated in bulk.

An identifier is a ULID-like 26-character lowercase Crockford base-32 string: 48 bits of
milliseconds since the epoch, then 80 random bits. Identifiers made later sort later, so a bulk
load appends to the primary-key index instead of writing all over it, and 80 random bits keep
identifiers made in the same millisecond apart.
"""

from __future__ import annotations

import os
import threading
import time

import numpy as np
import polars as pl

_ALPHABET = np.frombuffer(b"0123456789abcdefghjkmnpqrstvwxyz", dtype=np.uint8)
_RANDOM_BYTES = 10  # 80 bits -> 16 characters
_TIME_CHARS = 10  # 48 bits of milliseconds (50 bits of room) -> 10 characters
_clock_lock = threading.Lock()
_last_ms = 0


def _monotonic_ms(now_ms: int) -> int:
    """Each call gets a later millisecond than the one before in this process, so identifiers of
    successive calls sort in call order even when they fall in the same millisecond."""
    global _last_ms
    with _clock_lock:
        _last_ms = max(now_ms, _last_ms + 1)
        return _last_ms


def new_id(prefix: str) -> str:
    return str(new_ids(prefix, 1)[0])


def new_ids(prefix: str, n: int, *, now_ms: int | None = None) -> pl.Series:
    """``n`` identifiers ``<prefix>_<26 characters>`` sharing one timestamp, in ascending order,
    from a single read of the OS random source; a later call's identifiers sort after these."""
    if n == 0:
        return pl.Series("id", [], dtype=pl.String)
    stamp = _time_part(_monotonic_ms(time.time_ns() // 1_000_000 if now_ms is None else now_ms))
    raw = np.frombuffer(os.urandom(n * _RANDOM_BYTES), dtype=np.uint8).reshape(n, _RANDOM_BYTES)
    chars = np.empty((n, 16), dtype=np.uint8)
    for half in range(2):  # 40 bits -> 8 characters, twice
        value = np.zeros(n, dtype=np.uint64)
        for byte in raw[:, 5 * half : 5 * half + 5].T:
            value = (value << np.uint64(8)) | byte.astype(np.uint64)
        for j in range(8):
            shift = np.uint64(5 * (7 - j))
            chars[:, 8 * half + j] = _ALPHABET[(value >> shift) & np.uint64(31)]
    suffix = pl.Series("id", chars.view("S16").ravel(), dtype=pl.Binary).cast(pl.String)
    return (f"{prefix}_{stamp}" + suffix).sort().alias("id")


def _time_part(ms: int) -> str:
    chars = []
    for _ in range(_TIME_CHARS):
        chars.append(chr(_ALPHABET[ms & 31]))
        ms >>= 5
    return "".join(reversed(chars))
