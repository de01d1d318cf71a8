"""Webhook endpoints and deliveries. A delivery is a durable job (``store.jobs``, kind
"webhook", subject the endpoint, ``event_id`` the event), so deliveries are claimed exactly like
the other background work; each attempt is recorded in ``webhook_attempts``.

Events reach endpoints by a fan-out that takes the outbox's new events (``delivered_at`` is NULL:
not yet dispatched) in order, writes one delivery job per enabled endpoint that wants the event's
type, and marks them dispatched, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from getbill_import.store.engine import Store
from getbill_import.store.ids import new_id
from getbill_import.store.schema import events, jobs, webhook_attempts, webhook_endpoints

KIND = "webhook"
EVENT_TYPES: tuple[str, ...] = (
    "debt.created", "debt.contacted", "debt.payment_received", "debt.resolved", "debt.escalated",
    "followup.completed",
)
ALL = "*"
FAN_OUT_BATCH = 5_000


def endpoint_json(row: Any) -> dict[str, Any]:
    from getbill_import.store.shape import iso_utc

    return {
        "id": row["id"], "url": row["url"], "description": row["description"], "events": list(row["events"]),
        "enabled": bool(row["enabled"]), "disabled_reason": row["disabled_reason"],
        "created_at": iso_utc(row["created_at"]), "updated_at": iso_utc(row["updated_at"]),
        "previous_secret_expires_at": iso_utc(row["previous_until"]) if row["previous_until"] else None,
    }


def create_endpoint(
    store: Store, *, account: str, url: str, events: Sequence[str], description: str | None, secret_enc: str,
    now: dt.datetime,
) -> dict[str, Any]:
    endpoint_id = new_id("we")
    with store.write() as conn:
        conn.execute(sa.insert(webhook_endpoints).values(
            id=endpoint_id, account=account, url=url, description=description, events=list(events), enabled=True,
            secret_enc=secret_enc, consecutive_failures=0, created_at=now, updated_at=now,
        ))
        row = conn.execute(_one(account, endpoint_id)).mappings().one()
    return dict(row)


def _one(account: str, endpoint_id: str) -> sa.Select[Any]:
    return sa.select(webhook_endpoints).where(webhook_endpoints.c.account == account, webhook_endpoints.c.id == endpoint_id)


def get_endpoint(store: Store, *, account: str, endpoint_id: str) -> dict[str, Any] | None:
    with store.read() as conn:
        row = conn.execute(_one(account, endpoint_id)).mappings().first()
    return dict(row) if row else None


def endpoints_by_id(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    with store.read() as conn:
        rows = conn.execute(sa.select(webhook_endpoints).where(webhook_endpoints.c.id.in_(list(ids)))).mappings().all()
    return {row["id"]: dict(row) for row in rows}


def list_endpoints(store: Store, *, account: str) -> list[dict[str, Any]]:
    with store.read() as conn:
        rows = conn.execute(
            sa.select(webhook_endpoints).where(webhook_endpoints.c.account == account).order_by(webhook_endpoints.c.created_at)
        ).mappings().all()
    return [dict(r) for r in rows]


def update_endpoint(
    store: Store, *, account: str, endpoint_id: str, changes: dict[str, Any], now: dt.datetime
) -> dict[str, Any] | None:
    """Change url, events, description or enabled; enabling again starts the failure count anew."""
    values = dict(changes)
    if values.get("enabled") is True:
        values.update(disabled_reason=None, consecutive_failures=0)
    with store.write() as conn:
        done = conn.execute(
            sa.update(webhook_endpoints).where(webhook_endpoints.c.account == account, webhook_endpoints.c.id == endpoint_id)
            .values(**values, updated_at=now)
        ).rowcount
        row = conn.execute(_one(account, endpoint_id)).mappings().first() if done else None
    return dict(row) if row else None


def rotate_secret(
    store: Store, *, account: str, endpoint_id: str, secret_enc: str, until: dt.datetime, now: dt.datetime,
) -> dict[str, Any] | None:
    """The new secret signs from now on; the one it replaces signs beside it until ``until``."""
    with store.write() as conn:
        row = conn.execute(_one(account, endpoint_id).with_for_update() if conn.dialect.name == "postgresql"
                           else _one(account, endpoint_id)).mappings().first()
        if row is None:
            return None
        conn.execute(sa.update(webhook_endpoints).where(webhook_endpoints.c.id == endpoint_id).values(
            secret_enc=secret_enc, previous_secret_enc=row["secret_enc"], previous_until=until, updated_at=now,
        ))
        return dict(conn.execute(_one(account, endpoint_id)).mappings().one())


def delete_endpoint(store: Store, *, account: str, endpoint_id: str, now: dt.datetime) -> bool:
    """Delete an endpoint; its waiting deliveries are dropped."""
    with store.write() as conn:
        done = conn.execute(sa.delete(webhook_endpoints).where(
            webhook_endpoints.c.account == account, webhook_endpoints.c.id == endpoint_id
        )).rowcount
        if done:
            conn.execute(sa.update(jobs).where(
                jobs.c.account == account, jobs.c.kind == KIND, jobs.c.subject == endpoint_id,
                jobs.c.status == "queued",
            ).values(status="failed", last_error="the endpoint was deleted", finished_at=now, updated_at=now))
    return bool(done)


def _wants(endpoint: dict[str, Any], event_type: str) -> bool:
    wanted = endpoint["events"]
    return ALL in wanted or event_type in wanted


def _delivery(endpoint: dict[str, Any], event_id: int, max_attempts: int, now: dt.datetime) -> dict[str, Any]:
    return {
        "account": endpoint["account"], "kind": KIND, "status": "queued", "subject": endpoint["id"],
        "event_id": event_id, "params": {}, "attempts": 0, "max_attempts": max_attempts, "run_at": now,
        "created_at": now, "updated_at": now,
    }


def fan_out(store: Store, *, max_attempts: int, now: dt.datetime, limit: int = FAN_OUT_BATCH) -> int:
    """Turn the outbox's next undispatched events into delivery jobs; returns how many events
    were taken (0: none waiting)."""
    pending = sa.select(events.c.id, events.c.account, events.c.type).where(
        events.c.delivered_at.is_(None)
    ).order_by(events.c.id).limit(limit)
    if store.dialect == "postgresql":
        pending = pending.with_for_update(skip_locked=True)
    else:
        with store.read() as conn:  # most looks find nothing: no write lock for those
            if conn.execute(pending.limit(1)).first() is None:
                return 0
    with store.write() as conn:
        listening = conn.execute(
            sa.select(webhook_endpoints.c.id).where(webhook_endpoints.c.enabled.is_(True)).limit(1)
        ).first()
        if listening is None:
            # no endpoint anywhere: the events are marked dispatched without being read
            next_ids = pending.with_only_columns(events.c.id).scalar_subquery()
            return conn.execute(sa.update(events).where(events.c.id.in_(next_ids)).values(delivered_at=now)).rowcount
        taken = conn.execute(pending).all()
        if not taken:
            return 0
        accounts = sorted({row.account for row in taken})
        endpoints: dict[str, list[dict[str, Any]]] = {}
        for row in conn.execute(sa.select(webhook_endpoints).where(
            webhook_endpoints.c.account.in_(accounts), webhook_endpoints.c.enabled.is_(True)
        )).mappings():
            endpoints.setdefault(row["account"], []).append(dict(row))
        deliveries = [
            _delivery(endpoint, row.id, max_attempts, now)
            for row in taken for endpoint in endpoints.get(row.account, ()) if _wants(endpoint, row.type)
        ]
        if deliveries:
            conn.execute(sa.insert(jobs), deliveries)
        ids = [row.id for row in taken]
        conn.execute(sa.update(events).where(events.c.id.in_(ids)).values(delivered_at=now))
    return len(taken)


def replay(
    store: Store, *, account: str, endpoint_id: str, since: dt.datetime, until: dt.datetime | None,
    max_attempts: int, now: dt.datetime,
) -> int | None:
    """New deliveries to this endpoint of every event of the period it wants (after an outage of
    the receiver); None when there is no such endpoint."""
    with store.write() as conn:
        row = conn.execute(_one(account, endpoint_id)).mappings().first()
        if row is None:
            return None
        endpoint = dict(row)
        query = sa.select(events.c.id, events.c.type).where(events.c.account == account, events.c.created_at >= since)
        if until is not None:
            query = query.where(events.c.created_at < until)
        found = conn.execute(query.order_by(events.c.id)).all()
        deliveries = [_delivery(endpoint, r.id, max_attempts, now) for r in found if _wants(endpoint, r.type)]
        if deliveries:
            conn.execute(sa.insert(jobs), deliveries)
    return len(deliveries)


def retry_delivery(store: Store, *, account: str, endpoint_id: str, delivery_id: int, now: dt.datetime) -> bool:
    """Queue a delivery again now, with a fresh set of attempts (its history is kept)."""
    with store.write() as conn:
        return bool(conn.execute(sa.update(jobs).where(
            jobs.c.account == account, jobs.c.kind == KIND, jobs.c.subject == endpoint_id, jobs.c.id == delivery_id,
            jobs.c.status.in_(("failed", "done", "queued")),
        ).values(status="queued", attempts=0, run_at=now, finished_at=None, last_error=None, updated_at=now)).rowcount)


@dataclass
class Outcome:
    """One attempt's end: ``retry_at`` None means no further attempt."""

    job_id: int
    account: str
    endpoint_id: str
    event_id: int
    attempt: int
    at: dt.datetime
    success: bool
    status_code: int | None = None
    latency_ms: float | None = None
    error: str | None = None
    retry_at: dt.datetime | None = None
    #: counts as a failed attempt of the endpoint (not when the attempt was never made)
    attempted: bool = True
    #: disables the endpoint (410 Gone)
    gone: bool = False


def record_outcomes(store: Store, outcomes: Sequence[Outcome], *, disable_after: int, now: dt.datetime) -> list[str]:
    """Write the attempts, move their jobs on (done, queued again, failed), keep each endpoint's
    run of failures and disable those that failed too often or answered 410 Gone. Returns the
    ids of the endpoints disabled now."""
    if not outcomes:
        return []
    attempts = [
        {"account": o.account, "endpoint_id": o.endpoint_id, "job_id": o.job_id, "event_id": o.event_id,
         "attempt": o.attempt, "at": o.at, "success": o.success, "status_code": o.status_code,
         "latency_ms": o.latency_ms, "error": (o.error or "")[:500] or None}
        for o in outcomes if o.attempted
    ]
    disabled: list[str] = []
    with store.write() as conn:
        if attempts:
            conn.execute(sa.insert(webhook_attempts), attempts)
        for outcome in outcomes:
            if outcome.success:
                values: dict[str, Any] = {"status": "done", "finished_at": now, "last_error": None}
            elif outcome.retry_at is not None:
                values = {"status": "queued", "run_at": outcome.retry_at, "last_error": outcome.error}
            else:
                values = {"status": "failed", "finished_at": now, "last_error": outcome.error}
            conn.execute(sa.update(jobs).where(jobs.c.id == outcome.job_id).values(
                **values, locked_by=None, locked_until=None, updated_at=now,
            ))
        by_endpoint: dict[str, list[Outcome]] = {}
        for outcome in outcomes:
            if outcome.attempted:
                by_endpoint.setdefault(outcome.endpoint_id, []).append(outcome)
        for endpoint_id, done in by_endpoint.items():
            failures = 0
            reset = False
            for outcome in done:
                if outcome.success:
                    failures, reset = 0, True
                else:
                    failures += 1
            count = webhook_endpoints.c.consecutive_failures
            conn.execute(sa.update(webhook_endpoints).where(webhook_endpoints.c.id == endpoint_id).values(
                consecutive_failures=failures if reset else count + failures,
            ))
            gone = any(o.gone for o in done)
            reason = (
                "the receiver answered 410 Gone" if gone
                else f"{disable_after} deliveries in a row failed"
            )
            turned_off = conn.execute(sa.update(webhook_endpoints).where(
                webhook_endpoints.c.id == endpoint_id, webhook_endpoints.c.enabled.is_(True),
                sa.or_(sa.literal(gone), webhook_endpoints.c.consecutive_failures >= disable_after),
            ).values(enabled=False, disabled_reason=reason, updated_at=now)).rowcount
            if turned_off:
                disabled.append(endpoint_id)
    return disabled


def list_deliveries(
    store: Store, *, account: str, endpoint_id: str, limit: int, before_id: int | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """Deliveries of an endpoint, newest first, each with its event type and its attempts."""
    query = (
        sa.select(jobs.c.id, jobs.c.event_id, jobs.c.status, jobs.c.attempts, jobs.c.max_attempts, jobs.c.run_at,
                  jobs.c.created_at, jobs.c.finished_at, jobs.c.last_error, events.c.type)
        .select_from(jobs.outerjoin(events, events.c.id == jobs.c.event_id))
        .where(jobs.c.account == account, jobs.c.kind == KIND, jobs.c.subject == endpoint_id)
    )
    if before_id is not None:
        query = query.where(jobs.c.id < before_id)
    if status is not None:
        query = query.where(jobs.c.status.in_({"pending": ("queued", "running"), "succeeded": ("done",),
                                               "failed": ("failed",)}[status]))
    with store.read() as conn:
        rows = conn.execute(query.order_by(jobs.c.id.desc()).limit(limit)).mappings().all()
        ids = [r["id"] for r in rows]
        tried = conn.execute(
            sa.select(webhook_attempts).where(webhook_attempts.c.job_id.in_(ids)).order_by(webhook_attempts.c.id)
        ).mappings().all() if ids else []
    by_job: dict[int, list[dict[str, Any]]] = {}
    for attempt in tried:
        by_job.setdefault(attempt["job_id"], []).append(dict(attempt))
    return [{**dict(r), "attempt_log": by_job.get(r["id"], [])} for r in rows]


def attempts_of(store: Store, *, event_id: int | None = None, endpoint_id: str | None = None) -> list[dict[str, Any]]:
    query = sa.select(webhook_attempts).order_by(webhook_attempts.c.id)
    if event_id is not None:
        query = query.where(webhook_attempts.c.event_id == event_id)
    if endpoint_id is not None:
        query = query.where(webhook_attempts.c.endpoint_id == endpoint_id)
    with store.read() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]
