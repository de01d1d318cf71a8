"""Reports on SQLite and PostgreSQL: every figure the database aggregates equals the same figure
computed here case by case; CSV, JSON and a PNG chart."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from getbill_import.collection.channels import CONTACT_OUTCOMES
from getbill_import.collection.payments import change_status, pay
from getbill_import.collection.report import build_report, write_report
from getbill_import.collection.scheduler import tick
from getbill_import.store import Store, reports
from getbill_import.store.followups import iter_followups
from tests.collection.conftest import START, case_rows, debt

DAY = dt.timedelta(days=1)


def _history(store: Store, settings, add_cases) -> None:  # type: ignore[no-untyped-def]
    """Cases opened over two months in two currencies, played for 80 days, some paid (in full, in
    part, too much), some cancelled, one escalated by hand."""
    names = ["standard_3_waves", "gentle_2_waves", "firm_4_waves", "b2b_escalation"]
    ids: list[str] = []
    for batch, opened in enumerate((START, START + 12 * DAY, START + 35 * DAY)):
        debts = [debt(100 * batch + i, scenario=names[(i + batch) % 4], currency="USD" if i % 7 == 0 else "EUR",
                      due_date=(opened.date() - dt.timedelta(days=i % 3)).isoformat()) for i in range(30)]
        ids += add_cases(store, debts, now=opened)
    rows = case_rows(store)
    for day in range(80):
        now = START + day * DAY
        tick(store, settings, now=now)
        for n, case_id in enumerate(ids):
            row = rows[case_id]
            if row["created_at"] > now:
                continue
            if n % 5 == 0 and day == 3 + n % 17:
                pay(store, account="acme", case_id=case_id, amount_cents=row["amount_cents"], currency=None,
                    method="card", external_id=f"pi_{n}", paid_at=None, now=now, source="api")
            elif n % 5 == 1 and day == 20 + n % 11:
                pay(store, account="acme", case_id=case_id, amount_cents=row["amount_cents"] // 3, currency=None,
                    method="transfer", external_id=None, paid_at=None, now=now, source="api")
            elif n % 5 == 2 and day == 9 + n % 13:
                pay(store, account="acme", case_id=case_id, amount_cents=row["amount_cents"] + 1234, currency=None,
                    method="card", external_id=None, paid_at=None, now=now, source="api")
            elif n % 11 == 3 and day == 5 + n % 4:
                change_status(store, account="acme", case_id=case_id, status="cancelled", now=now)
            elif n == 4 and day == 2:
                change_status(store, account="acme", case_id=case_id, status="escalated", now=now, reason="asked")


def _expected(rows: list[dict[str, Any]], follow: list[dict[str, Any]], key) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    found = {}
    for name, members in groups.items():
        kept = [r for r in members if r["status"] != "cancelled"]
        resolved = [r for r in kept if r["status"] == "resolved"]
        delays = []
        for r in resolved:
            anchor = max(r["due_date"], r["created_at"].date())
            delays.append(max(0, (r["resolved_at"].date() - anchor).days))
        money: dict[str, dict[str, float]] = {}
        for r in kept:
            m = money.setdefault(r["currency"], {"total": 0, "recovered": 0, "outstanding": 0})
            m["total"] += r["amount_cents"]
            m["recovered"] += r["amount_cents"] - r["balance_cents"]
            m["outstanding"] += r["balance_cents"]
        found[name] = {
            "cases": len(kept), "resolved": len(resolved), "cancelled": len(members) - len(kept),
            "escalated": sum(1 for r in kept if r["status"] == "escalated"),
            "resolution_rate": round(len(resolved) / len(kept), 4) if kept else None,
            "amounts": {c: {"total": m["total"] / 100, "recovered": m["recovered"] / 100,
                            "outstanding": m["outstanding"] / 100,
                            "recovery_rate": round(m["recovered"] / m["total"], 4) if m["total"] else None}
                        for c, m in sorted(money.items())},
            "delay_days": {"average": round(statistics.mean(delays), 2) if delays else None,
                           "median": float(statistics.median(delays)) if delays else None},
        }
    channels: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in follow:
        channels[f["channel"]].append(f)
    for name, made in channels.items():
        if name in found:
            reached = sum(1 for f in made if f["outcome"] in CONTACT_OUTCOMES)
            found[name].update(followups=len(made), reached=reached, contact_rate=round(reached / len(made), 4))
    return found


def _subset(actual: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    return {k: actual[k] for k in expected}


def test_every_figure_matches_one_computed_case_by_case(store: Store, settings, add_cases) -> None:  # type: ignore[no-untyped-def]
    _history(store, settings, add_cases)
    rows = list(case_rows(store).values())
    follow = list(iter_followups(store, account="acme"))
    report = build_report(store, account="acme", period="month", now=START + 80 * DAY)
    statuses = {r["status"] for r in rows}  # a varied history
    assert {"resolved", "escalated", "cancelled"} < statuses and len({r["currency"] for r in rows}) == 2
    total = _expected(rows, follow, lambda r: "all")["all"]
    assert _subset(report.totals, total) == total
    assert report.totals["followups"] == len(follow)
    for name, key in (("scenario", lambda r: r["scenario"]),
                      ("period", lambda r: r["created_at"].strftime("%Y-%m")),
                      ("channel", lambda r: r["last_channel"] or "none")):
        expected = _expected(rows, follow, key)
        actual = {g[name]: g for g in getattr(report, f"by_{name}")}
        assert set(actual) == set(expected), name
        for group, figures in expected.items():
            assert _subset(actual[group], figures) == figures, (name, group)
    weekly = build_report(store, account="acme", period="week", now=START)
    mondays = {(r["created_at"].date() - dt.timedelta(days=r["created_at"].weekday())).isoformat() for r in rows}
    assert {g["period"] for g in weekly.by_period} == mondays


def test_a_large_sqlite_account_is_grouped_in_parallel_ranges_to_the_same_figures(  # type: ignore[no-untyped-def]
    store: Store, settings, add_cases, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Above ``PARALLEL_FROM`` cases, SQLite groups ranges of rows side by side: the figures are those
    of one pass, and another account's cases between the ranges are not counted."""
    add_cases(store, [debt(900 + i) for i in range(7)], account="other")
    _history(store, settings, add_cases)
    add_cases(store, [debt(950 + i) for i in range(5)], account="other")
    serial = build_report(store, account="acme", period="week", now=START + 80 * DAY)
    monkeypatch.setattr(reports, "PARALLEL_FROM", 1)
    monkeypatch.setattr(reports.os, "cpu_count", lambda: 4)
    if store.dialect == "sqlite":
        assert len(reports._sqlite_parts(store, "acme")) == 4
    parallel = build_report(store, account="acme", period="week", now=START + 80 * DAY)
    assert parallel.to_json() == serial.to_json()
    assert parallel.totals["cases"] + parallel.totals["cancelled"] == len(case_rows(store))


def test_a_period_of_creation_limits_the_cases(store: Store, settings, add_cases) -> None:  # type: ignore[no-untyped-def]
    add_cases(store, [debt(i) for i in range(4)], now=START)
    add_cases(store, [debt(10 + i) for i in range(6)], now=START + 40 * DAY)
    report = build_report(store, account="acme", period="day", since=START + 30 * DAY, until=START + 50 * DAY,
                          now=START + 60 * DAY)
    assert report.totals["cases"] == 6 and [g["period"] for g in report.by_period] == ["2026-04-11"]
    empty = build_report(store, account="other", now=START)
    assert empty.totals["cases"] == 0 and empty.totals["resolution_rate"] is None and empty.by_scenario == []


def test_the_report_is_written_as_json_csv_and_a_chart(store: Store, settings, add_cases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = add_cases(store, [debt(i, currency="USD" if i == 1 else "EUR") for i in range(6)])
    for day in range(3):
        tick(store, settings, now=START + day * DAY)
    pay(store, account="acme", case_id=ids[0], amount_cents=10_000, currency=None, method="card", external_id=None,
        paid_at=None, now=START + 4 * DAY, source="api")
    report = build_report(store, account="acme", now=START + 5 * DAY)
    for suffix in ("json", "csv", "png"):
        write_report(report, tmp_path / f"r.{suffix}")
    assert json.loads((tmp_path / "r.json").read_text()) == report.to_json()
    lines = (tmp_path / "r.csv").read_text().splitlines()
    assert lines[0].startswith("breakdown,key,cases,resolved") and lines[1].startswith("total,all,6,1,0,5,0,0.1667,4.0,4.0")
    assert sum(1 for line in lines if line.startswith("total,all")) == 2  # one row per currency
    png = (tmp_path / "r.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    from getbill_import.errors import ConfigError

    with pytest.raises(ConfigError, match=r"\.json, \.csv or \.png"):
        write_report(report, tmp_path / "r.xlsx")
