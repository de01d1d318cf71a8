"""A whole collection played on the sandbox clock of a real server, for a few hundred cases: the
follow-ups of every scenario on their days, payments (whole, partial, too much), requested
escalations and a payment plan, every event received by a real webhook receiver that verifies
its signature, and the report's figures against the same figures computed here from what the
test did and saw."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from typing import Any

import pytest

from getbill_import.collection.channels import CONTACT_OUTCOMES
from getbill_import.collection.scenarios import load_catalog
from tests.api.conftest import FAST_WEBHOOKS, new_account, wait_for
from tests.api.receiver import Receiver

CASES = 240
SCENARIOS = ("standard_3_waves", "gentle_2_waves", "firm_4_waves", "b2b_escalation")
#: the page's debt.payment_received data, as documented
PAGE_PAYMENT_KEYS = {"debt_id", "reference", "payment", "debtor", "status"}


def _all(http, path: str, **params: Any) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    found, cursor = [], None
    while True:
        page = http.get(path, params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        found += body["data"]
        if not body["has_more"]:
            return found
        cursor = body["next_cursor"]


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_whole_collection_plays_on_the_sandbox_clock(make_server, receiver: Receiver, database: str) -> None:  # type: ignore[no-untyped-def]
    server = make_server(database, **FAST_WEBHOOKS)
    catalog = load_catalog()
    key = server.key(new_account(), sandbox=True)
    with server.http(key) as http:
        endpoint = http.post("/webhooks", json={"url": receiver.url}).json()
        receiver.secrets.append(endpoint["secret"])
        today = dt.date.fromisoformat(http.get("/sandbox/clock").json()["now"][:10])
        debts = []
        for i in range(CASES):
            debtor: dict[str, Any] = {"name": f"Client {i}", "phone": f"+3361{i:07d}",
                                      "address": {"line1": f"{i} rue du Port", "postal_code": "44000", "city": "Nantes"}}
            if i % 9:
                debtor["email"] = f"client{i}@example.fr"
            debts.append({"debtor": debtor, "amount": f"{50 + 7 * i}.{i % 100:02d}", "reference": f"LC-{i:04d}",
                          "due_date": today.isoformat(), "scenario": SCENARIOS[i % 4],
                          "currency": "USD" if i % 10 == 7 else "EUR"})
        batch = http.post("/debts/batch", json={"debts": debts})
        assert batch.status_code == 202, batch.text
        wait_for(lambda: http.get(f"/debts/batch/{batch.json()['batch_id']}").json()["status"] == "completed", 60)
        cases = {c["reference"]: c for c in _all(http, "/debts")}
        assert len(cases) == CASES

        # five days of collection, then what the debtors and the creditor do
        first = http.post("/sandbox/clock", json={"days": 5})
        assert first.status_code == 200, first.text
        ticks = first.json()["ticks"]  # day 1: three scenarios e-mail; day 3: gentle e-mails; day 4: firm texts
        assert [(t["at"][:10], t["followups"]) for t in ticks] == [
            ((today + dt.timedelta(days=d)).isoformat(), n) for d, n in ((1, 180), (3, 60), (4, 60))]
        paid: dict[str, int] = defaultdict(int)  # reference -> cents paid by the test
        paid_on: dict[str, dt.date] = {}
        left_scenario: set[str] = set()
        day5 = today + dt.timedelta(days=5)
        for i, (reference, case) in enumerate(sorted(cases.items())):
            cents = round(case["amount"] * 100)
            if i % 6 == 0:  # pays in full, by card
                answer = http.post("/sandbox/payments", json={"debt_id": case["id"]})
                assert answer.status_code == 201 and answer.json()["debt"]["status"] == "resolved"
            elif i % 6 == 1:  # pays a third, by transfer
                cents = cents // 3
                answer = http.post(f"/debts/{case['id']}/payments",
                                   json={"amount": cents / 100, "method": "transfer", "external_id": f"vir-{i}"})
                assert answer.status_code == 201 and answer.json()["debt"]["status"] != "resolved"
            elif i % 12 == 2:  # pays 10 too much
                cents += 1000
                answer = http.post(f"/debts/{case['id']}/payments",
                                   json={"amount": cents / 100, "stripe_payment_id": f"pi_lc_{i}"})
                assert answer.status_code == 201 and answer.json()["overpaid"] == 10.0
            elif i % 24 == 5:
                assert http.post(f"/debts/{case['id']}/escalate", json={"reason": "disputed"}).status_code == 200
                left_scenario.add(reference)
                continue
            elif i % 24 == 11:
                assert http.post(f"/debts/{case['id']}/status", json={"status": "payment_plan"}).status_code == 200
                left_scenario.add(reference)
                continue
            else:
                continue
            paid[reference] += cents
            paid_on[reference] = day5
            if paid[reference] >= round(case["amount"] * 100):
                left_scenario.add(reference)
        # a replayed payment pays nothing twice
        again = http.post(f"/debts/{cases['LC-0001']['id']}/payments",
                          json={"amount": (round(cases["LC-0001"]["amount"] * 100) // 3) / 100, "external_id": "vir-1"})
        assert again.status_code == 200 and again.json()["replayed"] is True

        # the rest of the scenarios plays out
        rest = http.post("/sandbox/clock", json={"days": 70})
        assert rest.status_code == 200, rest.text
        follow = _all(http, "/followups")
        cases = {c["reference"]: c for c in _all(http, "/debts")}
        report = http.get("/reports").json()
        csv_report = http.get("/reports", params={"format": "csv"})

    # --- the follow-ups: every wave on its day, until the case left its scenario -------------
    by_case: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in follow:
        by_case[f["reference"]].append(f)
    for reference, case in cases.items():
        scenario = catalog.scenarios[case["scenario"]]
        waves = [w for w in scenario.waves if reference not in left_scenario or w.day <= 5]
        mine = by_case[reference]
        assert [(f["wave"], f["channel"]) for f in mine] == [(w.number, w.channel) for w in waves], reference
        assert [f["scheduled_for"] for f in mine] == [(today + dt.timedelta(days=w.day)).isoformat() for w in waves]
        assert all(f["started_at"][:10] == f["scheduled_for"] and f["status"] == "done" for f in mine)
        if case["debtor"]["email"] is None:
            assert all(f["outcome"] == "failed" for f in mine if f["channel"] == "email")
        if reference in left_scenario:
            assert case["status"] in ("resolved", "escalated", "payment_plan"), reference
        else:
            assert case["status"] == "escalated"
            assert round(case["balance"] * 100) == round(case["amount"] * 100) - paid[reference]

    # --- the webhooks: every event of every change, signed ---------------------------------
    contacted = {r for r, fs in by_case.items() if any(f["outcome"] in CONTACT_OUTCOMES for f in fs)}
    resolved = {r for r, c in cases.items() if c["status"] == "resolved"}
    escalated = {r for r, c in cases.items() if c["status"] == "escalated"}
    expected = Counter({
        "debt.created": CASES, "followup.completed": len(follow), "debt.contacted": len(contacted),
        "debt.payment_received": sum(1 for cents in paid.values() if cents), "debt.resolved": len(resolved),
        "debt.escalated": len(escalated),
    })
    received = receiver.wait(sum(expected.values()), timeout=120)
    assert receiver.forged == 0
    messages = [r.json for r in received]
    assert Counter(m["event"] for m in messages) == expected
    assert len({m["webhook_id"] for m in messages}) == len(messages)
    completed = {m["data"]["followup"]["id"] for m in messages if m["event"] == "followup.completed"}
    assert completed == {f["id"] for f in follow}
    assert {m["data"]["reference"] for m in messages if m["event"] == "debt.contacted"} == contacted
    for m in messages:
        if m["event"] == "debt.payment_received":
            data = m["data"]
            assert set(data) >= PAGE_PAYMENT_KEYS and {"amount", "currency", "method", "stripe_payment_id"} <= set(data["payment"])
            assert data["debtor"]["name"] == cases[data["reference"]]["debtor"]["name"]
            assert ("resolved_at" in data) == (data["status"] == "resolved")
            assert m["timestamp"][:10] == day5.isoformat()  # the sandbox's time
        if m["event"] == "debt.escalated":
            reason = m["data"]["reason"]
            assert reason == ("disputed" if m["data"]["reference"] in left_scenario else
                              f"end of scenario {cases[m['data']['reference']]['scenario']}")

    # --- the report, against figures computed here ---------------------------------------------
    def figures(references: list[str]) -> dict[str, Any]:
        done = [r for r in references if r in resolved]
        money: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in references:
            amount = round(cases[r]["amount"] * 100)
            recovered = min(paid[r], amount)
            money[cases[r]["currency"]][0] += recovered
            money[cases[r]["currency"]][1] += amount - recovered
        delays = [(paid_on[r] - today).days for r in done]
        return {
            "cases": len(references), "resolved": len(done), "resolution_rate": round(len(done) / len(references), 4),
            "amounts": {c: (m[0] / 100, m[1] / 100) for c, m in sorted(money.items())},
            "delay_days": {"average": round(statistics.mean(delays), 2) if delays else None,
                           "median": float(statistics.median(delays)) if delays else None},
        }

    def reported(group: dict[str, Any]) -> dict[str, Any]:
        return {"cases": group["cases"], "resolved": group["resolved"], "resolution_rate": group["resolution_rate"],
                "amounts": {c: (round(m["recovered"], 2), round(m["outstanding"], 2)) for c, m in group["amounts"].items()},
                "delay_days": group["delay_days"]}

    def rounded(found: dict[str, Any]) -> dict[str, Any]:
        return {**found, "amounts": {c: (round(a, 2), round(b, 2)) for c, (a, b) in found["amounts"].items()}}

    assert reported(report["totals"]) == rounded(figures(list(cases)))
    for scenario in SCENARIOS:
        group = next(g for g in report["by_scenario"] if g["scenario"] == scenario)
        assert reported(group) == rounded(figures([r for r, c in cases.items() if c["scenario"] == scenario]))
    last_channel = {r: (by_case[r][-1]["channel"] if by_case[r] else "none") for r in cases}
    for group in report["by_channel"]:
        mine = [r for r in cases if last_channel[r] == group["channel"]]
        assert reported(group) == rounded(figures(mine))
        made = [f for f in follow if f["channel"] == group["channel"]]
        assert group["followups"] == len(made)
        assert group["reached"] == sum(1 for f in made if f["outcome"] in CONTACT_OUTCOMES)
    assert report["totals"]["followups"] == len(follow)
    assert csv_report.status_code == 200 and csv_report.text.startswith("breakdown,key,cases")
