"""Webhook delivery under failures of the sender: a dispatcher killed mid-delivery and restarted
loses no event; two dispatchers on one PostgreSQL never make the same attempt twice."""

from __future__ import annotations

import base64
import os
import time

import sqlalchemy as sa

from getbill_import.store import open_store
from getbill_import.store.schema import webhook_attempts
from tests.api.conftest import FAST_WEBHOOKS, ApiServer, debt, new_account, wait_for
from tests.api.receiver import Received, Receiver


def _attempts_by_job(url: str) -> dict[int, list[tuple[int, bool]]]:
    with open_store(url, migrate_schema=False) as store, store.read() as conn:
        rows = conn.execute(sa.select(webhook_attempts.c.job_id, webhook_attempts.c.attempt,
                                      webhook_attempts.c.success)).all()
    found: dict[int, list[tuple[int, bool]]] = {}
    for job_id, attempt, success in rows:
        found.setdefault(job_id, []).append((attempt, bool(success)))
    return found


def test_a_dispatcher_killed_mid_delivery_delivers_after_restart(make_server, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server(**FAST_WEBHOOKS, GETBILL_JOB_LEASE_SECONDS="2")
    receiver.script = [(200, {}, 30.0)] * 3  # the first three requests hang until the sender dies
    with server.http(server.key()) as http:
        endpoint = http.post("/webhooks", json={"url": receiver.url}).json()
        receiver.secrets.append(endpoint["secret"])
        for i in range(10):
            http.post("/debts", json=debt(f"KD-{i}"))
    receiver.wait(3)
    server.kill()
    time.sleep(0.5)  # a request the process wrote whole before it died still reaches the receiver
    before = receiver.ids()  # the first three hung; others may have arrived as the process died
    server.start()
    hung = before[:3]

    def delivered() -> list[Received] | None:
        ids = receiver.ids()
        # every event, and the hung attempts made again (at least once: same webhook-id)
        return receiver.received if len(set(ids)) == 10 and all(ids.count(h) >= 2 for h in hung) else None

    got = wait_for(delivered, timeout=120)
    assert receiver.forged == 0
    ids = receiver.ids()
    assert len(set(ids)) == 10
    # an event sent twice is one whose attempt was under way when the process died, never one
    # first sent after the restart
    assert {i for i in ids if ids.count(i) > 1} <= set(before)
    assert sorted({m.json["data"]["reference"] for m in got}) == [f"KD-{i}" for i in range(10)]


def test_two_dispatchers_on_one_postgresql_never_make_an_attempt_twice(make_server, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    # every process of a deployment is given the same key for the secrets at rest
    # (and a timeout no loaded test machine reaches: a timed-out attempt is rightly made again)
    shared = {**FAST_WEBHOOKS, "GETBILL_SECRET_KEY": base64.b64encode(os.urandom(32)).decode(),
              "GETBILL_WEBHOOK_TIMEOUT_SECONDS": "30"}
    first: ApiServer = make_server("postgresql", **shared)
    second: ApiServer = make_server(url=first.database_url, **shared)
    account = new_account()
    key = first.key(account)
    with first.http(key) as http:
        endpoint = http.post("/webhooks", json={"url": receiver.url}).json()
        receiver.secrets.append(endpoint["secret"])
        batch = http.post("/debts/batch", json={"debts": [debt(f"TD-{i:04d}") for i in range(400)]}).json()
        wait_for(lambda: http.get(f"/debts/batch/{batch['batch_id']}").json()["status"] == "completed", timeout=120)
    with second.http(key) as http:
        for i in range(100):
            http.post("/debts", json=debt(f"TD2-{i:04d}"))
    receiver.wait(500, timeout=120)
    done = wait_for(lambda: (found := _attempts_by_job(first.database_url))
                    and sum(any(ok for _, ok in tried) for tried in found.values()) == 500 and found)
    assert len(done) == 500 and receiver.forged == 0
    for tried in done.values():
        numbers = [attempt for attempt, _ in tried]
        assert len(numbers) == len(set(numbers))  # no attempt made twice
        assert [ok for _, ok in tried].count(True) == 1
    # each event reached the receiver once, plus once per attempt that failed after reaching it
    failed = sum(len(tried) - 1 for tried in done.values())
    assert len(set(receiver.ids())) == 500 and len(receiver.ids()) <= 500 + failed
