"""The durable job mechanism: claims, leases, retries, scheduled work, on both databases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from getbill_import.config import ApiSettings, Settings
from getbill_import.jobs import JobContext, Worker
from getbill_import.sandbox import reset_sandbox, schedule_reset
from getbill_import.store.cases import count_cases
from getbill_import.store.credentials import ensure_sandbox
from getbill_import.store.jobs import claim, enqueue
from getbill_import.store.schema import jobs

T0 = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def _settings(tmp_path, **api: Any) -> Settings:  # type: ignore[no-untyped-def]
    return Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path)}).with_options(api=ApiSettings(**api))


def _job(store, job_id: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return dict(conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).mappings().one())


def test_a_failing_job_is_retried_with_backoff_then_failed_for_good(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    calls: list[int] = []

    def flaky(ctx: JobContext) -> dict[str, Any]:
        calls.append(ctx.job.attempts)
        raise RuntimeError("receiver down")

    with store.write() as conn:
        job_id = enqueue(conn, account="a", kind="flaky", now=clock(), max_attempts=3)
    worker = Worker(store, _settings(tmp_path), {"flaky": flaky}, clock=clock)
    assert worker.run_pending() == 1
    assert _job(store, job_id)["status"] == "queued"
    assert worker.run_pending() == 0  # not before its backoff
    for _ in range(2):
        clock.now = _job(store, job_id)["run_at"] + dt.timedelta(seconds=1)
        assert worker.run_pending() == 1
    row = _job(store, job_id)
    assert calls == [1, 2, 3]
    assert (row["status"], row["last_error"]) == ("failed", "receiver down")
    clock.now += dt.timedelta(days=1)
    assert worker.run_pending() == 0


def test_a_job_whose_worker_died_is_taken_again_after_its_lease(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    with store.write() as conn:
        job_id = enqueue(conn, account="a", kind="work", now=clock())
    lease = dt.timedelta(seconds=30)
    assert claim(store, worker="dead", kinds=["work"], lease=lease, now=clock()) is not None
    assert claim(store, worker="other", kinds=["work"], lease=lease, now=clock() + dt.timedelta(seconds=29)) is None
    again = claim(store, worker="other", kinds=["work"], lease=lease, now=clock() + dt.timedelta(seconds=31))
    assert again is not None and again.id == job_id and again.attempts == 2


def test_two_claims_never_take_the_same_job(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with store.write() as conn:
        for _ in range(20):
            enqueue(conn, account="a", kind="work", now=T0)
    taken = [claim(store, worker=f"w{i % 2}", kinds=["work"], lease=dt.timedelta(seconds=30), now=T0) for i in range(25)]
    ids = [job.id for job in taken if job is not None]
    assert len(ids) == len(set(ids)) == 20


def test_the_sandbox_resets_itself_weekly(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    settings = _settings(tmp_path)
    with store.write() as conn:
        sandbox = ensure_sandbox(conn, "acme")
    assert reset_sandbox(store, settings, account=sandbox, now=clock()) == 40
    schedule_reset(store, settings, account=sandbox, now=clock())
    schedule_reset(store, settings, account=sandbox, now=clock())  # still one reset scheduled
    with store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(jobs).where(jobs.c.status == "queued")).scalar() == 1
    with store.write() as conn:  # a test case is added in the sandbox
        conn.exec_driver_sql("UPDATE cases SET debtor_name = 'changed' WHERE account = 'acme.sandbox'")
    worker = Worker(store, settings, clock=clock)
    clock.now += dt.timedelta(days=6)
    assert worker.run_pending() == 0
    clock.now += dt.timedelta(days=1, seconds=1)
    assert worker.run_pending() == 1
    assert count_cases(store, account=sandbox) == 40
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM cases WHERE debtor_name = 'changed'").scalar() == 0
        queued = conn.execute(sa.select(jobs.c.run_at).where(jobs.c.status == "queued")).scalars().all()
    assert queued == [clock.now + dt.timedelta(days=7)]
