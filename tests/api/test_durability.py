"""Background work survives the server: a server killed (kill -9) in the middle of a batch or an
upload finishes it after a restart, with nothing lost or doubled; two servers on one PostgreSQL
share the work without doing any of it twice."""

from __future__ import annotations

import csv
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from getbill_import.store import open_store
from getbill_import.store.schema import cases, events, imports
from tests.api.conftest import ApiServer, debt, new_account, wait_for

SLOW_LOAD = {"GETBILL_BATCH_SIZE": "250", "GETBILL_JOB_LEASE_SECONDS": "2"}


def _counts(url: str, account: str) -> tuple[int, int, int]:
    with open_store(url, migrate_schema=False) as store, store.read() as conn:
        n_cases = conn.execute(sa.select(sa.func.count()).select_from(cases).where(cases.c.account == account)).scalar_one()
        distinct = conn.execute(sa.select(sa.func.count(sa.distinct(cases.c.reference))).where(cases.c.account == account)).scalar_one()
        n_events = conn.execute(sa.select(sa.func.count()).select_from(events).where(events.c.account == account)).scalar_one()
    return int(n_cases), int(distinct), int(n_events)


def _write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["N° facture", "Client", "Email", "Montant TTC", "Échéance"])
        for i in range(rows):
            writer.writerow([f"UP-{i:06d}", f"Client {i}", f"client{i}@example.fr", f"{(i % 900) + 10},50", "15/01/2026"])


@pytest.mark.parametrize("kind", ["batch", "upload"])
def test_a_server_killed_mid_job_finishes_it_after_restart(make_server, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server(**SLOW_LOAD)
    account = new_account()
    key = server.key(account)
    total = 40_000
    with server.http(key) as http:
        if kind == "batch":
            answer = http.post("/debts/batch", json={"debts": [debt(f"K-{i:06d}") for i in range(total)]}).json()
            path = f"/debts/batch/{answer['batch_id']}"
        else:
            export = tmp_path / "export.csv"
            _write_csv(export, total)
            answer = http.post("/imports", files={"file": ("export.csv", export.read_bytes(), "text/csv")}).json()
            path = f"/imports/{answer['id']}"
    wait_for(lambda: _counts(server.database_url, account)[0] > 0, timeout=120, interval=0.01)
    server.kill()
    partial = _counts(server.database_url, account)[0]
    assert 0 < partial < total, "the kill came too late to test anything"

    server.start()  # same store; the job's lease runs out and the worker takes it again
    with server.http(key) as http:
        state = wait_for(lambda: (s := http.get(path).json())["status"] != "processing" and s, timeout=180)
    assert state["status"] == "completed"
    created = state["created"] if kind == "batch" else state["load"]["created"]
    assert created == total
    assert _counts(server.database_url, account) == (total, total, total)


@pytest.mark.postgres
def test_two_servers_on_one_postgresql_share_concurrent_batches(make_server) -> None:  # type: ignore[no-untyped-def]
    first: ApiServer = make_server("postgresql", GETBILL_BATCH_SIZE="300")
    second: ApiServer = make_server(url=first.database_url, GETBILL_BATCH_SIZE="300")
    account = new_account()
    key = first.key(account)
    # ten batches of 3,000 debts; each overlaps the next by 1,000 references; 1 in 50 invalid
    batches = []
    for b in range(10):
        items = [debt(f"C-{i:06d}") for i in range(b * 2000, b * 2000 + 3000)]
        for i in range(0, len(items), 50):
            items[i]["amount"] = "n/a"
        batches.append({"debts": items})
    valid_refs = {
        item["reference"] for batch in batches for item in batch["debts"] if item["amount"] != "n/a"
    }

    def send(index: int) -> str:
        server = first if index % 2 == 0 else second
        with server.http(key) as http:
            return http.post("/debts/batch", json=batches[index]).json()["batch_id"]

    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(send, range(10)))
    with first.http(key) as http:
        finished: list[dict[str, Any]] = [
            wait_for(lambda b=b: (s := http.get(f"/debts/batch/{b}").json())["status"] == "completed" and s, timeout=300)
            for b in ids
        ]
    n_cases, distinct, n_events = _counts(first.database_url, account)
    assert n_cases == distinct == n_events == len(valid_refs)
    # every valid item counted once: created by one batch, found existing by the others
    assert sum(s["created"] for s in finished) == len(valid_refs)
    assert sum(s["created"] + s["existing"] for s in finished) == sum(s["valid"] for s in finished)
    with open_store(first.database_url, migrate_schema=False) as store, store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(imports).where(imports.c.account == account)).scalar() == 10
