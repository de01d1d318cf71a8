"""Files kept in the store — uploads waiting for their import, error reports — in chunks, so
that every process sharing the database (several servers and workers on PostgreSQL) can read
them, and none depends on a local disk."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa

from getbill_import.store.engine import Store
from getbill_import.store.ids import new_id
from getbill_import.store.schema import file_chunks, files

CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class StoredFile:
    id: str
    account: str
    kind: str
    name: str
    content_type: str | None
    size: int
    sha256: str


def put_file(
    conn: sa.Connection, *, account: str, kind: str, name: str, source: BinaryIO, now: dt.datetime,
    content_type: str | None = None,
) -> StoredFile:
    """Store ``source`` (read to its end) in the caller's transaction."""
    file_id = new_id("file")
    digest = hashlib.sha256()
    size = 0
    conn.execute(sa.insert(files).values(
        id=file_id, account=account, kind=kind, name=name[:500], content_type=content_type, size=0,
        sha256="", created_at=now,
    ))
    seq = 0
    while chunk := source.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
        conn.execute(sa.insert(file_chunks).values(file_id=file_id, seq=seq, data=chunk))
        seq += 1
    conn.execute(sa.update(files).where(files.c.id == file_id).values(size=size, sha256=digest.hexdigest()))
    return StoredFile(file_id, account, kind, name, content_type, size, digest.hexdigest())


def file_info(store: Store, *, account: str, file_id: str) -> StoredFile | None:
    with store.read() as conn:
        row = conn.execute(
            sa.select(files).where(files.c.account == account, files.c.id == file_id)
        ).mappings().first()
    if row is None:
        return None
    return StoredFile(row["id"], row["account"], row["kind"], row["name"], row["content_type"], row["size"], row["sha256"])


def iter_file(store: Store, *, account: str, file_id: str) -> Iterator[bytes]:
    """The file's bytes, a chunk at a time (one short read per chunk)."""
    if file_info(store, account=account, file_id=file_id) is None:
        return
    seq = 0
    while True:
        with store.read() as conn:
            chunk = conn.execute(
                sa.select(file_chunks.c.data).where(file_chunks.c.file_id == file_id, file_chunks.c.seq == seq)
            ).scalar()
        if chunk is None:
            return
        yield bytes(chunk)
        seq += 1


def copy_to(store: Store, *, account: str, file_id: str, path: Path) -> int:
    """Write the file to ``path``; returns its size."""
    size = 0
    with path.open("wb") as out:
        for chunk in iter_file(store, account=account, file_id=file_id):
            out.write(chunk)
            size += len(chunk)
    return size


def delete_file(conn: sa.Connection, *, account: str, file_id: str) -> None:
    owned = sa.select(files.c.id).where(files.c.account == account, files.c.id == file_id)
    conn.execute(sa.delete(file_chunks).where(file_chunks.c.file_id.in_(owned)))
    conn.execute(sa.delete(files).where(files.c.account == account, files.c.id == file_id))
