"""Durable background work: a job is a row, written in the transaction that asks for it and
claimed by one worker at a time.

On PostgreSQL any number of processes claim jobs with ``FOR UPDATE SKIP LOCKED``: two workers
never take the same job and never wait on each other. On SQLite the claim runs under the write
lock. A claimed job holds a lease (``locked_until``) that its worker renews while it runs; a job
whose lease ran out — its worker was killed — is claimed again. Handlers are written so that
running a job twice does no harm (the loaders are exactly-once), so this is enough for
at-least-once execution without a broker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from getbill_import.store.engine import Store
from getbill_import.store.schema import jobs


@dataclass(frozen=True)
class Job:
    id: int
    account: str
    kind: str
    subject: str | None
    params: dict[str, Any]
    attempts: int
    max_attempts: int
    #: the worker holding the job
    locked_by: str
    #: the event a webhook delivery carries
    event_id: int | None = None


def enqueue(
    conn: sa.Connection, *, account: str, kind: str, now: dt.datetime, subject: str | None = None,
    params: dict[str, Any] | None = None, data: bytes | None = None, run_at: dt.datetime | None = None,
    max_attempts: int = 5,
) -> int:
    """Add a job in the caller's transaction (so it exists exactly when what asked for it does)."""
    return int(conn.execute(
        sa.insert(jobs).values(
            account=account, kind=kind, status="queued", subject=subject, params=params or {}, data=data,
            run_at=run_at or now, max_attempts=max_attempts, created_at=now, updated_at=now,
        ).returning(jobs.c.id)
    ).scalar_one())


def _ready(kinds: Sequence[str], now: dt.datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        jobs.c.kind.in_(kinds),
        sa.or_(
            sa.and_(jobs.c.status == "queued", jobs.c.run_at <= now),
            sa.and_(jobs.c.status == "running", jobs.c.locked_until < now),
        ),
    )


def claim(
    store: Store, *, worker: str, kinds: Sequence[str], lease: dt.timedelta, now: dt.datetime
) -> Job | None:
    """Take the oldest ready job of these kinds, or return None. A job claimed more often than
    its ``max_attempts`` (it keeps killing its worker) is marked failed instead."""
    ready = sa.select(jobs.c.id).where(_ready(kinds, now)).order_by(jobs.c.run_at, jobs.c.id).limit(1)
    if store.dialect == "sqlite":
        # a plain read first: most polls find nothing, and need not take the write lock
        with store.read() as conn:
            if conn.execute(ready).first() is None:
                return None
    else:
        ready = ready.with_for_update(skip_locked=True)
    with store.write() as conn:
        job_id = conn.execute(ready).scalar()
        if job_id is None:
            return None
        row = conn.execute(
            sa.update(jobs).where(jobs.c.id == job_id)
            .values(status="running", locked_by=worker, locked_until=now + lease, attempts=jobs.c.attempts + 1,
                    updated_at=now)
            .returning(jobs.c.id, jobs.c.account, jobs.c.kind, jobs.c.subject, jobs.c.params, jobs.c.attempts,
                       jobs.c.max_attempts)
        ).mappings().one()
        if row["attempts"] > row["max_attempts"]:
            conn.execute(sa.update(jobs).where(jobs.c.id == job_id).values(
                status="failed", locked_by=None, locked_until=None, finished_at=now,
                last_error=sa.func.coalesce(jobs.c.last_error, "the worker stopped while running it"),
            ))
            return None
    return Job(row["id"], row["account"], row["kind"], row["subject"], row["params"] or {}, row["attempts"],
               row["max_attempts"], worker)


def job_data(store: Store, job_id: int) -> bytes | None:
    with store.read() as conn:
        return conn.execute(sa.select(jobs.c.data).where(jobs.c.id == job_id)).scalar()


def extend(store: Store, job: Job, *, lease: dt.timedelta, now: dt.datetime) -> bool:
    """Renew the lease; False when the job is no longer this worker's (its lease ran out and
    another worker took it)."""
    with store.write() as conn:
        return bool(conn.execute(
            sa.update(jobs).where(jobs.c.id == job.id, jobs.c.locked_by == job.locked_by, jobs.c.status == "running")
            .values(locked_until=now + lease, updated_at=now)
        ).rowcount)


def complete(
    store: Store, job: Job, *, now: dt.datetime, result: dict[str, Any] | None = None,
    conn: sa.Connection | None = None,
) -> None:
    """Mark the job done (in ``conn``'s transaction when given, so the work and its completion
    commit together), dropping its payload."""
    statement = (
        sa.update(jobs).where(jobs.c.id == job.id)
        .values(status="done", result=result, data=None, locked_by=None, locked_until=None, finished_at=now,
                updated_at=now)
    )
    if conn is not None:
        conn.execute(statement)
        return
    with store.write() as own:
        own.execute(statement)


def fail(
    store: Store, job: Job, *, error: str, now: dt.datetime, retry_at: dt.datetime | None = None,
) -> None:
    """Record a failed attempt: the job runs again at ``retry_at`` while attempts remain, else
    it is failed for good."""
    final = retry_at is None or job.attempts >= job.max_attempts
    with store.write() as conn:
        conn.execute(
            sa.update(jobs).where(jobs.c.id == job.id)
            .values(
                status="failed" if final else "queued", last_error=error[:2000], locked_by=None,
                locked_until=None, run_at=jobs.c.run_at if final else retry_at, updated_at=now,
                finished_at=now if final else None,
            )
        )


def get_job(store: Store, *, kind: str, subject: str) -> dict[str, Any] | None:
    with store.read() as conn:
        row = conn.execute(
            sa.select(*(c for c in jobs.c if c.name != "data")).where(jobs.c.kind == kind, jobs.c.subject == subject)
            .order_by(jobs.c.id.desc()).limit(1)
        ).mappings().first()
    return dict(row) if row else None


def next_run_at(store: Store, *, kinds: Sequence[str]) -> dt.datetime | None:
    """When the earliest queued job of these kinds becomes ready (for a worker's nap)."""
    with store.read() as conn:
        return conn.execute(
            sa.select(sa.func.min(jobs.c.run_at, type_=jobs.c.run_at.type)).where(jobs.c.kind.in_(kinds), jobs.c.status == "queued")
        ).scalar()


def schedule_once(
    conn: sa.Connection, *, account: str, kind: str, subject: str, run_at: dt.datetime, now: dt.datetime,
    params: dict[str, Any] | None = None,
) -> int | None:
    """Enqueue a job unless one of this kind and subject is already waiting (scheduled work
    that reschedules itself stays a single job, even when a run is repeated after a crash)."""
    waiting = conn.execute(
        sa.select(jobs.c.id).where(
            jobs.c.account == account, jobs.c.kind == kind, jobs.c.subject == subject, jobs.c.status == "queued"
        )
    ).first()
    if waiting is not None:
        return None
    return enqueue(conn, account=account, kind=kind, subject=subject, params=params, run_at=run_at, now=now)


def claim_many(
    store: Store, *, worker: str, kind: str, limit: int, lease: dt.timedelta, now: dt.datetime,
    subject: str | None = None, account: str | None = None,
) -> list[Job]:
    """Take up to ``limit`` ready jobs of one kind, and of one subject (the deliveries of one
    webhook endpoint, say) or one account when given, in one transaction; another worker skips
    them."""
    ready = sa.select(jobs.c.id).where(_ready([kind], now))
    if subject is not None:
        ready = ready.where(jobs.c.subject == subject)
    if account is not None:
        ready = ready.where(jobs.c.account == account)
    ready = ready.order_by(jobs.c.run_at, jobs.c.id).limit(limit)
    if store.dialect == "postgresql":
        ready = ready.with_for_update(skip_locked=True)
    with store.write() as conn:
        ids = conn.execute(ready).scalars().all()
        if not ids:
            return []
        rows = conn.execute(
            sa.update(jobs).where(jobs.c.id.in_(ids))
            .values(status="running", locked_by=worker, locked_until=now + lease, attempts=jobs.c.attempts + 1,
                    updated_at=now)
            .returning(jobs.c.id, jobs.c.account, jobs.c.kind, jobs.c.subject, jobs.c.params, jobs.c.attempts,
                       jobs.c.max_attempts, jobs.c.event_id)
        ).mappings().all()
    return sorted(
        (Job(r["id"], r["account"], r["kind"], r["subject"], r["params"] or {}, r["attempts"], r["max_attempts"],
             worker, r["event_id"]) for r in rows),
        key=lambda job: job.id,
    )


def ready_subjects(store: Store, *, kind: str, now: dt.datetime, limit: int = 500) -> list[str]:
    """The subjects that have ready jobs of this kind (the endpoints with deliveries to make)."""
    with store.read() as conn:
        return [s for s in conn.execute(
            sa.select(jobs.c.subject).where(_ready([kind], now)).group_by(jobs.c.subject).limit(limit)
        ).scalars() if s is not None]
