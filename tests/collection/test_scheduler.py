"""The scheduler on SQLite and PostgreSQL: every wave of every scenario on its day, then the
escalation; each step once (a second tick, a second scheduler in another process); one step a
day when catching up; paid, paused and unknown-scenario cases; simulated outcomes that depend
only on the seed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from getbill_import.collection.channels import CONTACT_OUTCOMES, SIMULATED_SHARES, simulated_outcome
from getbill_import.collection.payments import change_status, pay
from getbill_import.collection.scenarios import load_catalog
from getbill_import.collection.scheduler import tick
from getbill_import.config import Settings
from getbill_import.store import Store
from getbill_import.store.events import list_events
from getbill_import.store.followups import iter_followups
from getbill_import.store.schema import followups
from getbill_import.webhooks.payloads import simulated
from tests.collection.conftest import START, case_rows, debt

DAY = dt.timedelta(days=1)


def play(store: Store, settings: Settings, days: int, start: dt.datetime = START, **kwargs):  # type: ignore[no-untyped-def]
    return [tick(store, settings, now=start + day * DAY, **kwargs) for day in range(days)]


def test_every_wave_on_its_day_then_the_escalation_each_once(store: Store, settings: Settings, add_cases) -> None:  # type: ignore[no-untyped-def]
    catalog = load_catalog()
    names = list(catalog.names)
    debts = [debt(i, scenario=names[i % len(names)]) for i in range(40)]
    debts[3]["debtor"]["email"] = None  # its e-mail waves cannot be sent
    ids = add_cases(store, debts)
    results = play(store, settings, 70)
    rows = case_rows(store)
    done = list(iter_followups(store, account="acme"))
    by_case: dict[str, list[dict]] = {}
    for f in done:
        by_case.setdefault(f["case_id"], []).append(f)
    events = list_events(store, account="acme")
    kinds = Counter(e["type"] for e in events)
    for case_id in ids:
        case = rows[case_id]
        scenario = catalog.scenarios[case["scenario"]]
        mine = by_case[case_id]
        # each wave once, in order, on the day it falls due, through its channel
        assert [(f["wave"], f["channel"], f["template"]) for f in mine] == [
            (w.number, w.channel, w.template) for w in scenario.waves
        ]
        assert [f["started_at"].date() for f in mine] == [START.date() + dt.timedelta(days=w.day) for w in scenario.waves]
        assert all(f["scheduled_for"] == f["started_at"].date() for f in mine)
        for f in mine:
            expected = simulated_outcome(f["channel"], 0, case_id, f["wave"])
            if case_id == ids[3] and f["channel"] == "email":
                expected = "failed"
                assert f["details"]["error"] == "no e-mail address"
            assert f["outcome"] == expected and f["status"] == "done"
        # then legal collection, on the escalation day
        assert case["status"] == "escalated" and case["steps_done"] == scenario.steps and case["next_step_on"] is None
        assert case["escalated_at"].date() == START.date() + dt.timedelta(days=scenario.escalation_day)
        first_contact = next((f for f in mine if f["outcome"] in CONTACT_OUTCOMES), None)
        assert (case["contacted_at"] is None) == (first_contact is None)
        if first_contact is not None:
            assert case["contacted_at"] == first_contact["started_at"]
    assert kinds["followup.completed"] == len(done) == sum(r.followups for r in results)
    assert kinds["debt.escalated"] == 40 == sum(r.escalated for r in results)
    assert kinds["debt.contacted"] == sum(1 for r in rows.values() if r["contacted_at"] is not None)
    assert len({(e["case_id"]) for e in events if e["type"] == "debt.contacted"}) == kinds["debt.contacted"]


def test_real_events_have_the_shape_the_sandbox_simulates(store: Store, settings: Settings, add_cases) -> None:  # type: ignore[no-untyped-def]
    # three cases: the simulated outcomes are drawn from the case ids, and a case whose e-mail and
    # text bounce and whose call is not answered (0.12 × 0.08 × 0.40: one in 260) is never
    # contacted; with three, a run without any contact (the shape of debt.contacted unchecked) is
    # one in about 18 million
    case_id, *_ = add_cases(store, [debt(1), debt(2), debt(3)])
    play(store, settings, 31)
    pay(store, account="acme", case_id=case_id, amount_cents=10101, currency="EUR", method="card",
        external_id="pi_1", paid_at=None, now=START + 40 * DAY, source="api")
    events = list_events(store, account="acme")
    row = case_rows(store)[case_id]
    for event in events:
        expected = simulated(event["type"], row, START, {})

        def keys(data: dict, prefix: str = "") -> set[str]:
            found = set()
            for key, value in data.items():
                found.add(prefix + key)
                if isinstance(value, dict) and key != "details":
                    found |= keys(value, prefix + key + ".")
            return found

        assert keys(expected) <= keys(event["payload"]), event["type"]
    payment = next(e for e in events if e["type"] == "debt.payment_received")["payload"]
    assert payment["payment"]["stripe_payment_id"] == "pi_1" and payment["balance"] == 0 == row["balance_cents"]
    assert payment["status"] == "resolved" == row["status"]  # an escalated case is resolved by its payment
    contacted = any(f["outcome"] in CONTACT_OUTCOMES for f in iter_followups(store, account="acme"))
    assert {e["type"] for e in events} == {"debt.created", "followup.completed", "debt.escalated",
                                           "debt.payment_received", "debt.resolved"} | ({"debt.contacted"} if contacted else set())


def test_a_second_tick_does_nothing(store: Store, settings: Settings, add_cases) -> None:  # type: ignore[no-untyped-def]
    add_cases(store, [debt(i) for i in range(30)])
    tick(store, settings, now=START)  # plans them: the first wave is due tomorrow
    first = tick(store, settings, now=START + DAY)
    again = tick(store, settings, now=START + DAY + dt.timedelta(hours=3))
    assert first.followups == 30 and first.by_channel == {"email": 30}
    assert again.to_json() | {"seconds": 0} == {**again.to_json(), "followups": 0, "by_channel": {}, "by_outcome": {},
                                                "contacted": 0, "escalated": 0, "planned": 0, "seconds": 0}
    with store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(followups)).scalar() == 30


def test_a_stopped_scheduler_catches_up_one_step_a_day(store: Store, settings: Settings, add_cases) -> None:  # type: ignore[no-untyped-def]
    # overdue for a year when opened: its scenario counts from the day it was opened
    [case_id] = add_cases(store, [debt(1, due_date="2025-03-01", scenario="firm_4_waves")])
    late = START + 30 * DAY  # the scheduler was down for 30 days: every step is due
    results = play(store, settings, 6, start=late)
    assert [r.followups + r.escalated for r in results] == [1, 1, 1, 1, 1, 0]
    done = list(iter_followups(store, account="acme"))
    assert [f["started_at"] for f in done] == [late + n * DAY for n in range(4)]
    assert [f["scheduled_for"] for f in done] == [START.date() + dt.timedelta(days=d) for d in (1, 4, 8, 15)]
    assert case_rows(store)[case_id]["status"] == "escalated"


def test_paid_and_paused_cases_get_no_follow_up(store: Store, settings: Settings, add_cases) -> None:  # type: ignore[no-untyped-def]
    paid, paused, other = add_cases(store, [debt(1), debt(2), debt(3)])
    play(store, settings, 2)  # wave 1 on day 1
    pay(store, account="acme", case_id=paid, amount_cents=10101, currency=None, method="transfer",
        external_id=None, paid_at=None, now=START + 2 * DAY, source="api")
    change_status(store, account="acme", case_id=paused, status="payment_plan", now=START + 2 * DAY)
    play(store, settings, 40, start=START + 2 * DAY)
    per_case = Counter(f["case_id"] for f in iter_followups(store, account="acme"))
    rows = case_rows(store)
    assert per_case[paid] == 1 and rows[paid]["status"] == "resolved"
    assert per_case[paused] == 1 and rows[paused]["status"] == "payment_plan"
    assert per_case[other] == 3 and rows[other]["status"] == "escalated"
    # the plan is broken: the scenario goes on, one step a day
    change_status(store, account="acme", case_id=paused, status="contacted", now=START + 42 * DAY)
    play(store, settings, 4, start=START + 42 * DAY)
    assert [f["wave"] for f in iter_followups(store, account="acme") if f["case_id"] == paused] == [1, 2, 3]
    assert case_rows(store)[paused]["status"] == "escalated"


def test_a_case_of_an_unknown_scenario_waits_until_it_is_known(store: Store, tmp_path: Path, add_cases) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "quick.toml").write_text('[[waves]]\nday = 1\nchannel = "sms"\ntemplate = "sms_firm"\n', encoding="utf-8")
    with_quick = Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path), "GETBILL_SCENARIOS_DIR": str(folder)})
    without = Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path)})
    from getbill_import.records import prepare_records
    from getbill_import.store.imports import ensure_account
    from getbill_import.store.service import create_cases

    with store.write() as conn:
        ensure_account(conn, "acme")
    create_cases(store, prepare_records([debt(1, scenario="quick")], with_quick).cases, account="acme", now=START)
    missing = tick(store, without, now=START + DAY)
    assert missing.unknown_scenarios == {"quick": 1} and missing.followups == 0
    assert tick(store, with_quick, now=START + DAY).followups == 0  # looked at again tomorrow
    found = tick(store, with_quick, now=START + 2 * DAY)
    assert found.by_channel == {"sms": 1} and not found.unknown_scenarios


def test_two_schedulers_at_once_execute_each_step_once(store_url: str, settings: Settings, add_cases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from getbill_import.store import open_store

    store = open_store(store_url)
    try:
        add_cases(store, [debt(i) for i in range(2_000)], account="acme")
        add_cases(store, [debt(i) for i in range(500)], account="zenith")
    finally:
        store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GETBILL_")}
    env.update(GETBILL_DATA_DIR=str(tmp_path / "cli"), GETBILL_DATABASE_URL=store_url,
               GETBILL_COLLECTION_BATCH_SIZE="100", PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    command = [sys.executable, "-m", "getbill_import", "collection", "tick", "--now", "2026-03-03T09:00:00",
               "--format", "json"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    import json

    counts = [json.loads(out)["followups"] for out, _ in outputs]
    store = open_store(store_url)
    try:
        with store.read() as conn:
            pairs = conn.execute(sa.select(followups.c.case_id, followups.c.wave)).all()
        assert sum(counts) == len(pairs) == 2_500 and len(set(pairs)) == 2_500
        for account, n in (("acme", 2_000), ("zenith", 500)):
            events = Counter(e["type"] for e in list_events(store, account=account))
            assert events["followup.completed"] == n
            assert {r["steps_done"] for r in case_rows(store, account).values()} == {1}
    finally:
        store.close()


def test_simulated_outcomes_depend_only_on_the_seed_and_follow_their_shares() -> None:
    for channel, shares in SIMULATED_SHARES.items():
        drawn = Counter(simulated_outcome(channel, 7, f"debt_{i}", 1) for i in range(4_000))
        for outcome, share in shares:
            assert abs(drawn[outcome] / 4_000 - share) < 0.03, (channel, outcome)
        again = [simulated_outcome(channel, 7, f"debt_{i}", 1) for i in range(200)]
        assert again == [simulated_outcome(channel, 7, f"debt_{i}", 1) for i in range(200)]
    other_seed = [simulated_outcome("ai_call", 8, f"debt_{i}", 1) for i in range(200)]
    assert other_seed != [simulated_outcome("ai_call", 7, f"debt_{i}", 1) for i in range(200)]


@pytest.mark.parametrize("seed", ["3", "11"])
def test_the_seed_setting_chooses_the_story(store: Store, tmp_path: Path, add_cases, seed: str) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path), "GETBILL_COLLECTION_SEED": seed})
    ids = add_cases(store, [debt(i, scenario="firm_4_waves") for i in range(30)])
    play(store, settings, 9)
    calls = {f["case_id"]: f["outcome"] for f in iter_followups(store, account="acme") if f["channel"] == "ai_call"}
    assert calls == {i: simulated_outcome("ai_call", int(seed), i, 3) for i in ids}
