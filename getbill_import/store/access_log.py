"""The API's access log: one row per request (account, credential, method, the route's path
template, status, latency, time) — never a query string, a body or anything personal. Kept for
``ApiSettings.access_log_days`` (90), readable by its own account only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from getbill_import.store.engine import Store
from getbill_import.store.schema import access_logs


def write_entries(store: Store, entries: Sequence[dict[str, Any]]) -> None:
    if entries:
        with store.write() as conn:
            conn.execute(sa.insert(access_logs), list(entries))


def list_entries(
    store: Store, *, account: str, limit: int, before_id: int | None = None,
    since: dt.datetime | None = None, until: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Newest first."""
    query = sa.select(access_logs).where(access_logs.c.account == account)
    if before_id is not None:
        query = query.where(access_logs.c.id < before_id)
    if since is not None:
        query = query.where(access_logs.c.at >= since)
    if until is not None:
        query = query.where(access_logs.c.at < until)
    with store.read() as conn:
        rows = conn.execute(query.order_by(access_logs.c.id.desc()).limit(limit)).mappings().all()
    return [dict(r) for r in rows]


def purge(store: Store, *, older_than: dt.datetime) -> int:
    with store.write() as conn:
        return int(conn.execute(sa.delete(access_logs).where(access_logs.c.at < older_than)).rowcount)
