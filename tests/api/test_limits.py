"""Malformed and oversized requests: a clear problem, never a 500; bodies bounded as they stream."""

from __future__ import annotations

import httpx
import pytest

from tests.api.conftest import ApiServer, debt


@pytest.fixture(scope="module")
def small(make_server_module) -> ApiServer:  # type: ignore[no-untyped-def]
    return make_server_module(GETBILL_API_MAX_BODY_BYTES="2000", GETBILL_API_MAX_BATCH_BYTES="20000",
                              GETBILL_API_MAX_BATCH_ITEMS="10", GETBILL_API_MAX_UPLOAD_BYTES="3000")


def test_bodies_over_the_limit_are_413_whether_declared_or_streamed(small: ApiServer) -> None:
    with small.http(small.key()) as http:
        declared = http.post("/debts", content=b"{" + b" " * 5000 + b"}", headers={"content-type": "application/json"})
        assert (declared.status_code, declared.json()["code"]) == (413, "body-too-large")

        def chunks():  # no Content-Length: counted as it streams
            for _ in range(100):
                yield b" " * 100

        streamed = http.post("/debts", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        items = http.post("/debts/batch", json={"debts": [debt(f"L-{i}") for i in range(11)]})
        assert (items.status_code, items.json()["code"]) == (413, "too-many-items")
        upload = http.post("/imports", files={"file": ("big.csv", b"a;b\n" * 2000, "text/csv")})
        assert upload.status_code == 413
        assert http.post("/debts", json=debt("L-ok")).status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"debtor": {"name": "A\\u0000B"}, "amount": 1, "reference": "NUL-1"}',
        b'{"debtor": {"name": "A"}, "amount": 1, "reference": "NUL-2", "metadata": {"k": "\\u0000"}}',
        b'{"debtor": {"name": "A"}, "amount": 123456789012345678901234567890, "reference": "BIG-1"}',
        b'{"debtor": {"name": "A"}, "amount": NaN, "reference": "NAN-1"}',
        b'{"debtor": {"name": "A"}, "amount": 1, "reference": "' + b"R" * 1500 + b'"}',
        b'\xff\xfe{}',
        b'{"debtor": {"name": "A"}, "amount": true, "reference": "BOOL-1"}',
        b'{"debtor": null, "amount": 1, "reference": "NODEBTOR"}',
    ],
    ids=["deep-nesting", "nul-in-name", "nul-in-metadata", "huge-integer", "nan", "long-reference",
         "not-utf8", "boolean-amount", "null-debtor"],
)
def test_malformed_debts_are_problems_not_500s(api: ApiServer, body: bytes) -> None:
    with api.http(api.key()) as http:
        answer = http.post("/debts", content=body, headers={"content-type": "application/json"})
    assert answer.status_code in (400, 413, 422)
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"]


def test_a_ten_megabyte_string_is_refused_by_size(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        answer = http.post("/debts", json=debt("HUGE", debtor={"name": "x" * 10_000_000}))
    assert answer.status_code == 413


def test_unknown_routes_and_methods_are_problems(api: ApiServer) -> None:
    assert httpx.get(f"{api.url}/nothing").json()["code"] == "unauthorized"  # no token: refused first
    with api.http(api.key()) as http:
        assert http.get("/nothing").json()["code"] == "not-found"
        wrong = http.patch("/debts")
    assert wrong.status_code == 405 and wrong.headers["content-type"] == "application/problem+json"
    assert wrong.headers["allow"] == "GET, POST"
