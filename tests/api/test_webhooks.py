"""Webhooks end to end: a real server delivers to a real receiver on loopback that verifies
every signature; each test checks the exact attempts and that no event is lost."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.api.conftest import FAST_WEBHOOKS, ApiServer, debt, new_account, wait_for
from tests.api.receiver import Receiver


@pytest.fixture(scope="module")
def hooks(make_server_module) -> ApiServer:  # type: ignore[no-untyped-def]
    return make_server_module(**FAST_WEBHOOKS)


def _endpoint(http, url: str, **fields: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    answer = http.post("/webhooks", json={"url": url, **fields})
    assert answer.status_code == 201, answer.text
    return answer.json()


def _attempts(http, endpoint_id: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return http.get(f"/webhooks/{endpoint_id}/deliveries", params={"limit": 500}).json()["data"]


def test_a_created_case_is_delivered_signed_with_the_pages_shape(hooks: ApiServer, receiver: Receiver) -> None:
    with hooks.http(hooks.key()) as http:
        endpoint = _endpoint(http, receiver.url, description="ERP")
        assert endpoint["secret"].startswith("whsec_") and endpoint["events"] == ["*"]
        receiver.secrets.append(endpoint["secret"])
        case = http.post("/debts", json=debt("WH-1")).json()
        [got] = receiver.wait(1)
        assert receiver.forged == 0
        message = got.json
        assert set(message) == {"event", "timestamp", "data", "webhook_id"}
        assert message["event"] == "debt.created" and message["webhook_id"] == got.headers["webhook-id"]
        expected = {("debt_id" if k == "id" else k): v for k, v in case.items() if k != "warnings"}
        assert message["data"] == expected
        assert abs(int(got.headers["webhook-timestamp"]) - time.time()) < 30
        [delivery] = wait_for(lambda: [d for d in _attempts(http, endpoint["id"]) if d["status"] == "succeeded"])
        assert [a["status_code"] for a in delivery["attempts"]] == [200]
        listed = http.get("/webhooks").json()["data"]
        assert [e["id"] for e in listed] == [endpoint["id"]] and "secret" not in listed[0]


def test_500s_are_retried_until_success_with_exactly_the_attempts_made(hooks: ApiServer, receiver: Receiver) -> None:
    receiver.script = [500, 502, 503]
    with hooks.http(hooks.key()) as http:
        endpoint = _endpoint(http, receiver.url)
        receiver.secrets.append(endpoint["secret"])
        http.post("/debts", json=debt("WH-2"))
        got = receiver.wait(4)
        assert len(set(receiver.ids())) == 1  # one event, the same webhook-id on every attempt
        [delivery] = wait_for(lambda: [d for d in _attempts(http, endpoint["id"]) if d["status"] == "succeeded"])
        assert [a["status_code"] for a in delivery["attempts"]] == [500, 502, 503, 200]
        assert len(got) == 4 and receiver.forged == 0


def test_an_endpoint_that_never_succeeds_fails_after_five_retries(hooks: ApiServer, receiver: Receiver) -> None:
    receiver.script = [500] * 10
    with hooks.http(hooks.key()) as http:
        endpoint = _endpoint(http, receiver.url)
        http.post("/debts", json=debt("WH-3"))
        [delivery] = wait_for(lambda: [d for d in _attempts(http, endpoint["id"]) if d["status"] == "failed"])
        assert len(delivery["attempts"]) == 6 and len(receiver.received) == 6
        time.sleep(1)
        assert len(receiver.received) == 6
        # failed deliveries stay listable and can be sent again
        retried = http.post(f"/webhooks/{endpoint['id']}/deliveries/{delivery['id']}/retry")
        assert retried.status_code == 202
        receiver.script = []
        receiver.wait(7)
        wait_for(lambda: [d for d in _attempts(http, endpoint["id"]) if d["status"] == "succeeded"])


def test_a_receiver_down_then_back_gets_every_event(hooks: ApiServer) -> None:
    down = Receiver().start()
    port = down.port
    down.stop()  # nothing listens on the port now
    with hooks.http(hooks.key()) as http:
        endpoint = _endpoint(http, f"http://127.0.0.1:{port}/hook")
        for i in range(3):
            http.post("/debts", json=debt(f"WH-DOWN-{i}"))
        wait_for(lambda: all(len(d["attempts"]) >= 2 for d in _attempts(http, endpoint["id"])) and len(_attempts(http, endpoint["id"])) == 3)
        errors = {a["error"] for d in _attempts(http, endpoint["id"]) for a in d["attempts"]}
        # (a machine loaded enough may let a connection attempt itself run out of time)
        assert "connection refused" in errors and errors <= {"connection refused", "no answer within 1 s"}
        back = Receiver(port=port).start()
        back.secrets.append(endpoint["secret"])
        try:
            back.wait(3)
            wait_for(lambda: all(d["status"] == "succeeded" for d in _attempts(http, endpoint["id"])))
            assert sorted(m.json["data"]["reference"] for m in back.received) == ["WH-DOWN-0", "WH-DOWN-1", "WH-DOWN-2"]
            assert back.forged == 0
        finally:
            back.stop()


def test_a_timeout_is_a_failed_attempt(hooks: ApiServer, receiver: Receiver) -> None:
    receiver.script = [(200, {}, 2.0)]  # answers after the 1 s timeout
    with hooks.http(hooks.key()) as http:
        endpoint = _endpoint(http, receiver.url)
        http.post("/debts", json=debt("WH-T"))
        [delivery] = wait_for(lambda: [d for d in _attempts(http, endpoint["id"]) if d["status"] == "succeeded"])
        assert [a["error"] for a in delivery["attempts"]] == ["no answer within 1 s", None]


def test_retry_after_is_honoured(hooks: ApiServer, receiver: Receiver) -> None:
    receiver.script = [(429, {"Retry-After": "2"}, 0.0)]
    with hooks.http(hooks.key()) as http:
        _endpoint(http, receiver.url)
        http.post("/debts", json=debt("WH-429"))
        first, second = receiver.wait(2, timeout=20)
        assert second.at - first.at >= 1.9  # the schedule alone would have retried after 0.3 s


def test_410_disables_the_endpoint(hooks: ApiServer, receiver: Receiver) -> None:
    receiver.script = [410]
    with hooks.http(hooks.key()) as http:
        endpoint = _endpoint(http, receiver.url)
        http.post("/debts", json=debt("WH-410-1"))
        receiver.wait(1)
        state = wait_for(lambda: (e := http.get(f"/webhooks/{endpoint['id']}").json()) and not e["enabled"] and e)
        assert "410" in state["disabled_reason"]
        http.post("/debts", json=debt("WH-410-2"))
        time.sleep(1)
        assert len(receiver.received) == 1
        # enabling it again delivers new events
        assert http.put(f"/webhooks/{endpoint['id']}", json={"enabled": True}).json()["enabled"] is True
        http.post("/debts", json=debt("WH-410-3"))
        assert receiver.wait(2)[-1].json["data"]["reference"] == "WH-410-3"


def test_an_endpoint_that_keeps_failing_is_disabled(make_server, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server(**FAST_WEBHOOKS, GETBILL_WEBHOOK_DISABLE_AFTER="4")
    receiver.script = [500] * 100
    with server.http(server.key()) as http:
        endpoint = _endpoint(http, receiver.url)
        for i in range(3):
            http.post("/debts", json=debt(f"WH-BAD-{i}"))
        state = wait_for(lambda: (e := http.get(f"/webhooks/{endpoint['id']}").json()) and not e["enabled"] and e)
        assert state["disabled_reason"] == "4 deliveries in a row failed"
    # the server logs it once the endpoint is disabled in the store: the line may come a moment later
    assert wait_for(lambda: "disabled" in server.log(), timeout=10)


def test_a_rotated_secret_signs_beside_the_new_one(hooks: ApiServer, receiver: Receiver) -> None:
    with hooks.http(hooks.key()) as http:
        endpoint = _endpoint(http, receiver.url)
        old = endpoint["secret"]
        receiver.secrets.append(old)
        http.post("/debts", json=debt("ROT-1"))
        receiver.wait(1)
        rotated = http.post(f"/webhooks/{endpoint['id']}/rotate-secret").json()
        new = rotated["secret"]
        assert new != old and rotated["previous_secret_expires_at"]
        receiver.secrets.append(new)
        http.post("/debts", json=debt("ROT-2"))
        _, after = receiver.wait(2)
        assert after.verified_with == [old, new]
        assert len(after.headers["webhook-signature"].split()) == 2
        assert receiver.forged == 0


def test_replay_sends_a_period_again(hooks: ApiServer, receiver: Receiver) -> None:
    with hooks.http(hooks.key()) as http:
        endpoint = _endpoint(http, receiver.url, events=["debt.created"])
        since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 5))
        for i in range(3):
            http.post("/debts", json=debt(f"REP-{i}"))
        receiver.wait(3)
        replayed = http.post(f"/webhooks/{endpoint['id']}/replay", params={"since": since})
        assert replayed.json() == {"queued": 3}
        receiver.wait(6)
        assert sorted(receiver.ids()[:3]) == sorted(receiver.ids()[3:])


def test_the_sandbox_simulates_every_event_type(hooks: ApiServer, receiver: Receiver) -> None:
    account = new_account()
    key = hooks.key(account, sandbox=True)
    with hooks.http(key) as http:
        case = http.post("/debts", json=debt("SBX-1")).json()
        endpoint = _endpoint(http, receiver.url, events=["debt.payment_received", "followup.completed", "debt.resolved",
                                                         "debt.contacted", "debt.escalated"])
        receiver.secrets.append(endpoint["secret"])
        for kind in ("debt.contacted", "debt.payment_received", "debt.resolved", "debt.escalated", "followup.completed"):
            answer = http.post("/sandbox/events", json={"type": kind, "debt_id": case["id"]})
            assert answer.status_code == 202
        # delivered concurrently: in any order
        got = {m.json["event"]: m.json["data"] for m in receiver.wait(5)}
        assert sorted(got) == ["debt.contacted", "debt.escalated", "debt.payment_received", "debt.resolved",
                               "followup.completed"]
        payment = got["debt.payment_received"]
        assert payment["payment"]["amount"] == 2340.0 and payment["payment"]["method"] == "card"
        assert payment["status"] == "resolved" and payment["debtor"]["name"] == "Jean Dupont"
        assert got["followup.completed"]["followup"]["channel"] == "email"
        assert receiver.forged == 0
    with hooks.http(hooks.key(account)) as live:
        refused = live.post("/sandbox/events", json={"type": "debt.resolved", "debt_id": case["id"]})
        assert refused.status_code == 403


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/hook", "https://2130706433/hook", "https://0x7f.1/hook", "https://127.1/hook",
    "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://10.1.2.3/hook", "https://192.168.0.10/",
    "https://100.64.0.1/", "https://169.254.169.254/latest/meta-data", "https://[fe80::1]/", "https://224.0.0.1/",
    "http://example.com/hook", "ftp://example.com/", "https://user:pass@example.com/",
])
def test_internal_targets_are_refused_unless_allowed(api: ApiServer, url: str) -> None:
    with api.http(api.key()) as http:
        answer = http.post("/webhooks", json={"url": url})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "url"


def test_webhook_management_needs_its_scope_and_its_account(api: ApiServer) -> None:
    with api.http(api.key(scopes="read write")) as http:
        assert http.get("/webhooks").json()["code"] == "insufficient_scope"
    with api.http(api.key()) as http:
        assert http.get("/webhooks/we_nope").status_code == 404
        bad = http.post("/webhooks", json={"url": "https://example.com/h", "events": ["debt.lost"]})
        assert bad.status_code == 422 and "unknown-event-type" in {e["code"] for e in bad.json()["errors"]}
