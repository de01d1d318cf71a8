"""``Idempotency-Key``: the first answer to a POST is kept (24 hours) and replayed to a retry
with the same key and the same body; the same key with another body is refused.

The key is claimed before the request is carried out (a row with no answer yet), so two
concurrent requests with one key cannot both act: the second is told the first is in progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from getbill_import.store.engine import Store
from getbill_import.store.schema import idempotency_keys


@dataclass(frozen=True)
class Claim:
    state: Literal["new", "replay", "mismatch", "in_progress"]
    status_code: int | None = None
    response: bytes | None = None
    headers: dict[str, str] | None = None


def claim_key(store: Store, *, account: str, key: str, request_hash: str, now: dt.datetime, ttl: dt.timedelta) -> Claim:
    with store.write() as conn:
        return claim_in(conn, store.dialect, account=account, key=key, request_hash=request_hash, now=now, ttl=ttl)


def claim_in(
    conn: sa.Connection, dialect: str, *, account: str, key: str, request_hash: str, now: dt.datetime,
    ttl: dt.timedelta,
) -> Claim:
    """``claim_key`` in a write transaction of the caller's (whose work the answer then describes,
    saved with ``save_answer_in`` before it commits)."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(idempotency_keys)
    # an expired key is forgotten first
    conn.execute(sa.delete(idempotency_keys).where(
        idempotency_keys.c.account == account, idempotency_keys.c.key == key,
        idempotency_keys.c.created_at < now - ttl,
    ))
    inserted = conn.execute(
        insert.values(account=account, key=key, request_hash=request_hash, created_at=now)
        .on_conflict_do_nothing().returning(idempotency_keys.c.key)
    ).first()
    if inserted is not None:
        return Claim("new")
    row = conn.execute(sa.select(idempotency_keys).where(
        idempotency_keys.c.account == account, idempotency_keys.c.key == key
    )).mappings().one()
    if row["request_hash"] != request_hash:
        return Claim("mismatch")
    if row["status_code"] is None:
        return Claim("in_progress")
    return Claim("replay", row["status_code"], bytes(row["response"]), row["headers"])


def save_answer(
    store: Store, *, account: str, key: str, status_code: int, response: bytes, headers: dict[str, Any],
    subject: str | None = None,
) -> None:
    with store.write() as conn:
        save_answer_in(conn, account=account, key=key, status_code=status_code, response=response, headers=headers,
                       subject=subject)


def save_answer_in(
    conn: sa.Connection, *, account: str, key: str, status_code: int, response: bytes, headers: dict[str, Any],
    subject: str | None = None,
) -> None:
    conn.execute(sa.update(idempotency_keys).where(
        idempotency_keys.c.account == account, idempotency_keys.c.key == key
    ).values(status_code=status_code, response=response, headers=headers, subject=subject))


def release_key(store: Store, *, account: str, key: str) -> None:
    """Forget a claimed key whose request failed before answering (so a retry can act)."""
    with store.write() as conn:
        conn.execute(sa.delete(idempotency_keys).where(
            idempotency_keys.c.account == account, idempotency_keys.c.key == key,
            idempotency_keys.c.status_code.is_(None),
        ))


def purge(store: Store, *, older_than: dt.datetime) -> int:
    with store.write() as conn:
        return int(conn.execute(sa.delete(idempotency_keys).where(idempotency_keys.c.created_at < older_than)).rowcount)
