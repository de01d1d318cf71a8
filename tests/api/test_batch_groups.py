"""Batch requests that arrive together are validated together, yet each answers exactly as if
it had come alone: a reference two requests share is no "duplicate-reference", a reference a
request repeats within itself is, with messages naming that request's own items."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.api.conftest import ApiServer, debt, new_account, wait_for


def _bodies() -> list[dict[str, Any]]:
    shared = [debt(f"G-{i:04d}", amount=100 + i) for i in range(60)]
    repeated = [debt("D-0001"), debt("D-0002", debtor={"name": "X", "email": "not-an-email"}), debt("D-0001"),
                *(debt(f"D-{i:04d}") for i in range(3, 40))]
    odd = [debt("O-0001", amount="1,234"), "not a debt", debt("O-0002", debtor={"name": "Y"}, due_date="31/02/2024"),
           debt("O-0003", unknown_field=1), *(debt(f"O-{i:04d}") for i in range(4, 30))]
    return [
        {"debts": shared[:40]}, {"debts": shared[20:]}, {"debts": repeated}, {"debts": odd},
        *({"debts": [debt(f"P{k}-{i:04d}") for i in range(50)]} for k in range(6)),
    ]


def _follow(client: httpx.Client, batch_id: str) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        body = client.get(f"/debts/batch/{batch_id}").json()
        return body if body["status"] != "processing" else None

    found: dict[str, Any] = wait_for(done, timeout=60)
    return found


def _validation(answer: dict[str, Any], followed: dict[str, Any]) -> dict[str, Any]:
    return {"total": answer["total"], "valid": answer["valid"], "errors": answer["errors"],
            "warnings": answer["warnings"], "problems": followed["problems"]}


def test_requests_validated_together_answer_as_if_alone(api: ApiServer) -> None:
    bodies = _bodies()
    together_key, alone_key = api.key(new_account(), sandbox=False), api.key(new_account(), sandbox=False)
    with api.http(together_key) as client, ThreadPoolExecutor(len(bodies)) as pool:
        answers = list(pool.map(lambda body: client.post("/debts/batch", json=body), bodies))
        assert [a.status_code for a in answers] == [202] * len(bodies)
        together = [_validation(a.json(), _follow(client, a.json()["batch_id"])) for a in answers]
    with api.http(alone_key) as client:
        alone = []
        for body in bodies:
            answer = client.post("/debts/batch", json=body)
            assert answer.status_code == 202
            alone.append(_validation(answer.json(), _follow(client, answer.json()["batch_id"])))
    assert together == alone
    # shared references are valid in both requests; the repeated one is an error in its own
    assert together[0]["errors"] == together[1]["errors"] == 0
    codes = {(p["index"], p["code"]) for p in together[2]["problems"]}
    assert (0, "duplicate-reference") in codes and (2, "duplicate-reference") in codes
    assert {p["index"] for p in together[3]["problems"] if p["severity"] == "error"} >= {1, 2, 3}
