"""The product page's examples, sent as the page writes them (host replaced by the local
server), give the shapes the page shows."""

from __future__ import annotations

import httpx

from tests.api.conftest import ApiServer, debt, wait_for


def test_create_one_case_as_the_page_does(api: ApiServer) -> None:
    key = api.key()
    # the page's Python example, with requests' json= replaced by httpx's
    response = httpx.post(
        f"{api.url}/debts",
        headers={"Authorization": f"Bearer {key}"},
        json={
            "debtor": {"name": "Jean Dupont", "email": "jean.dupont@email.com", "phone": "+33612345678"},
            "amount": 2340.00,
            "currency": "EUR",
            "reference": "F-2024-0847",
            "due_date": "2024-01-15",
            "scenario": "standard_3_waves",
        },
    )
    assert response.status_code == 201
    created = response.json()
    assert created["id"].startswith("debt_")
    assert response.headers["location"] == f"/external-api/v1/debts/{created['id']}"
    assert created["debtor"]["name"] == "Jean Dupont" and created["debtor"]["phone"] == "+33612345678"
    assert (created["amount"], created["balance"], created["currency"]) == (2340.0, 2340.0, "EUR")
    assert (created["reference"], created["due_date"], created["scenario"]) == ("F-2024-0847", "2024-01-15", "standard_3_waves")
    assert created["status"] == "open" and created["warnings"] == []

    tracked = httpx.get(f"{api.url}/debts/{created['id']}", headers={"Authorization": f"Bearer {key}"})
    assert tracked.status_code == 200
    assert {k: v for k, v in tracked.json().items()} == {k: v for k, v in created.items() if k != "warnings"}


def test_sandbox_create_needs_only_name_amount_and_reference(api: ApiServer) -> None:
    key = api.key(sandbox=True)
    with api.http(key) as http:
        response = http.post("/debts", json={"debtor": {"name": "Test Dupont"}, "amount": 1500.00, "reference": "TEST-001"})
        assert response.status_code == 201
        case = response.json()
        assert (case["currency"], case["scenario"], case["amount"]) == ("EUR", "standard_3_waves", 1500.0)
        assert [w["code"] for w in case["warnings"]] == ["no-contact-channel"]
        listed = http.get("/debts").json()
    assert [c["reference"] for c in listed["data"]] == ["TEST-001"]


def test_token_then_list_as_the_page_does(api: ApiServer) -> None:
    client_id, secret = api.client()
    token = httpx.post(
        f"{api.url}/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert token.status_code == 200
    body = token.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["access_token"] and body["refresh_token"] and body["scope"] == "read write webhooks analytics"
    assert token.headers["cache-control"] == "no-store"

    listed = httpx.get(f"{api.url}/debts", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert listed.status_code == 200
    assert listed.json() == {"data": [], "has_more": False, "next_cursor": None}


def test_batch_as_the_page_does(api: ApiServer) -> None:
    key = api.key()
    debts = [debt(f"B-{i:04d}") for i in range(1847)]
    for i in range(0, 1847, 77):  # 24 invalid debts
        debts[i]["amount"] = "abc"
    with api.http(key) as http:
        answer = http.post("/debts/batch", json={"debts": debts})
        assert answer.status_code == 202
        body = answer.json()
        assert body["batch_id"].startswith("batch_") and body["status"] == "processing"
        assert (body["total"], body["errors"]) == (1847, 24)

        def done() -> dict | None:
            state = http.get(f"/debts/batch/{body['batch_id']}").json()
            return state if state["status"] == "completed" else None

        state = wait_for(done)
        assert (state["total"], state["created"], state["errors"]) == (1847, 1823, 24)
        invalid = sorted({p["index"] for p in state["problems"] if p["severity"] == "error"})
        assert invalid == list(range(0, 1847, 77))
        assert {p["code"] for p in state["problems"] if p["severity"] == "error"} == {"invalid-amount"}
        assert state["problems"][0]["reference"] == "B-0000"
        total = 0
        cursor = None
        while True:
            page = http.get("/debts", params={"limit": 500, **({"cursor": cursor} if cursor else {})}).json()
            total += len(page["data"])
            if not page["has_more"]:
                break
            cursor = page["next_cursor"]
        assert total == 1823
