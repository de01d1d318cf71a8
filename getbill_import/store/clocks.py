"""Accounts' clocks. A live account lives in real time; a sandbox's clock can be moved ahead
(like a Stripe test clock) so that a whole collection scenario plays in seconds: its follow-ups,
payments and events are stamped with the sandbox's time, its steps fall due by it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from getbill_import.store.engine import Store
from getbill_import.store.schema import accounts, sandbox_clocks


@dataclass(frozen=True)
class AccountClock:
    account: str
    sandbox: bool
    #: how far ahead of real time the account's clock is
    offset: dt.timedelta

    def now(self, real_now: dt.datetime) -> dt.datetime:
        return real_now + self.offset


def offset(conn: sa.Connection, account: str) -> dt.timedelta:
    seconds = conn.execute(
        sa.select(sandbox_clocks.c.offset_seconds).where(sandbox_clocks.c.account == account)
    ).scalar()
    return dt.timedelta(seconds=seconds or 0.0)


def account_now(store: Store, account: str, real_now: dt.datetime) -> dt.datetime:
    """The time on ``account``'s clock."""
    with store.read() as conn:
        return real_now + offset(conn, account)


def account_clocks(store: Store, only: str | None = None) -> list[AccountClock]:
    """Every account (or ``only``), with its clock."""
    query = sa.select(accounts.c.id, accounts.c.sandbox, sandbox_clocks.c.offset_seconds).select_from(
        accounts.outerjoin(sandbox_clocks, sandbox_clocks.c.account == accounts.c.id)
    ).order_by(accounts.c.id)
    if only is not None:
        query = query.where(accounts.c.id == only)
    with store.read() as conn:
        rows = conn.execute(query).all()
    found = [AccountClock(r.id, bool(r.sandbox), dt.timedelta(seconds=r.offset_seconds or 0.0)) for r in rows]
    if only is not None and not found:
        found = [AccountClock(only, False, dt.timedelta(0))]
    return found


def advance(store: Store, account: str, by: dt.timedelta, *, real_now: dt.datetime) -> dt.timedelta:
    """Move ``account``'s clock ahead by ``by``; returns its new offset."""
    with store.write() as conn:
        current = offset(conn, account)
        new = current + by
        if current == dt.timedelta(0) and conn.execute(
            sa.select(sandbox_clocks.c.account).where(sandbox_clocks.c.account == account)
        ).first() is None:
            conn.execute(sa.insert(sandbox_clocks).values(
                account=account, offset_seconds=new.total_seconds(), updated_at=real_now,
            ))
        else:
            conn.execute(sa.update(sandbox_clocks).where(sandbox_clocks.c.account == account).values(
                offset_seconds=new.total_seconds(), updated_at=real_now,
            ))
    return new


def reset(conn: sa.Connection, account: str) -> None:
    """Back to real time (a sandbox reset)."""
    conn.execute(sa.delete(sandbox_clocks).where(sandbox_clocks.c.account == account))
