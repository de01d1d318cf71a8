"""Property-based fuzzing of every operation of /openapi.json with schemathesis, against the
real server over HTTP: no 5xx, and no answer that breaks its documented schema, status code,
content type or headers."""

from __future__ import annotations

import pytest
import schemathesis
import schemathesis.specs.openapi.checks as checks
from hypothesis import HealthCheck, settings

from tests.api.conftest import ApiServer

#: examples per operation: enough to find the classic crashes, bounded for CI
EXAMPLES = 30


@pytest.fixture(scope="module")
def fuzz_server(make_server_module) -> ApiServer:  # type: ignore[no-untyped-def]
    return make_server_module()


@pytest.fixture(scope="module")
def fuzz_token(fuzz_server: ApiServer) -> str:
    return fuzz_server.key()


@pytest.fixture(scope="module")
def fuzz_schema(fuzz_server: ApiServer):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_url(f"{fuzz_server.base}/openapi.json")


schema = schemathesis.pytest.from_fixture("fuzz_schema")


#: the schema cannot say everything the routes check (a cursor must be one the list gave, a
#: refresh token must exist), and batch items are read leniently so that each bad one is a
#: reported problem rather than a refusal of the batch: those two checks would flag exactly that
LENIENCY = [checks.positive_data_acceptance, checks.negative_data_rejection]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_survives_fuzzing(case, fuzz_token: str) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_token}"}, excluded_checks=LENIENCY)
