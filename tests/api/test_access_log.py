"""The access log: every request of an account, with its route template and never its query
string or anything personal; readable by its own account only; purged after 90 days."""

from __future__ import annotations

import datetime as dt

from getbill_import.store import open_store
from getbill_import.store.access_log import purge, write_entries
from tests.api.conftest import ApiServer, debt, new_account, wait_for


def test_requests_are_logged_by_route_without_personal_data(api: ApiServer) -> None:
    account = new_account()
    with api.http(api.key(account)) as http:
        case = http.post("/debts", json=debt("LOG-1")).json()
        http.get(f"/debts/{case['id']}")
        http.get("/debts", params={"reference": "LOG-1", "status": "open"})
        http.get("/debts/debt_missing")

        def logged() -> list | None:
            entries = http.get("/access-logs").json()["data"]
            return entries if len(entries) >= 4 else None

        entries = wait_for(logged)
    mine = [(e["method"], e["path"], e["status"]) for e in entries if e["path"] != "/external-api/v1/access-logs"]
    assert mine[:4] == [
        ("GET", "/external-api/v1/debts/{debt_id}", 404),
        ("GET", "/external-api/v1/debts", 200),
        ("GET", "/external-api/v1/debts/{debt_id}", 200),
        ("POST", "/external-api/v1/debts", 201),
    ]
    text = str(entries)
    assert case["id"] not in text and "LOG-1" not in text and "Jean" not in text
    assert all(e["latency_ms"] >= 0 and e["credential"].startswith("key_") for e in entries)
    # another account sees none of it
    with api.http(api.key(new_account())) as other:
        assert all(e["path"].endswith("/access-logs") for e in other.get("/access-logs").json()["data"])


def test_entries_older_than_the_retention_are_purged(api: ApiServer) -> None:
    account = new_account()
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=91)
    entry = {"account": account, "credential": "key_x", "method": "GET", "path": "/x", "status": 200, "latency_ms": 1.0}
    with open_store(api.database_url) as store:
        write_entries(store, [{**entry, "at": old}, {**entry, "at": old + dt.timedelta(days=2)}])
        assert purge(store, older_than=dt.datetime.now(dt.UTC) - dt.timedelta(days=90)) >= 1
    with api.http(api.key(account)) as http:
        paths = [e["path"] for e in http.get("/access-logs").json()["data"]]
    assert paths.count("/x") == 1
