"""The API's commands: clients, keys, serve --sandbox, worker, access-log, sandbox reset."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import httpx
from click.testing import CliRunner

from getbill_import.cli import cli
from tests.api.conftest import ApiServer, debt, wait_for


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_clients_create_list_revoke(store_url: str) -> None:
    code, out = _run("clients", "create", "--name", "ERP sync", "--scopes", "read write", "--account", "acme",
                     "--database-url", store_url, "--format", "json")
    assert code == 0
    made = json.loads(out)
    assert made["client_id"].startswith("cli_") and made["client_secret"].startswith("gbcs_")
    assert made["scopes"] == "read write"
    code, out = _run("clients", "list", "--account", "acme", "--database-url", store_url, "--format", "json")
    [listed] = json.loads(out)
    assert listed["id"] == made["client_id"] and "secret" not in json.dumps(listed)
    assert _run("clients", "revoke", made["client_id"], "--database-url", store_url)[0] == 0
    code, out = _run("clients", "revoke", made["client_id"], "--database-url", store_url)
    assert code == 1 and "no active client" in out
    code, out = _run("clients", "create", "--name", "x", "--scopes", "admin", "--database-url", store_url)
    assert code == 2 and "Unknown scope" in out


def test_keys_are_sandbox_unless_live(store_url: str) -> None:
    code, out = _run("keys", "create", "--name", "tests", "--account", "acme", "--database-url", store_url)
    assert code == 0
    key = re.search(r"gbk_test_\S+", out)
    assert key is not None and "cannot be shown again" in out
    code, out = _run("keys", "create", "--name", "prod", "--live", "--account", "acme", "--database-url", store_url,
                     "--format", "json")
    live = json.loads(out)
    assert live["key"].startswith("gbk_live_") and live["account"] == "acme" and not live["sandbox"]
    code, out = _run("keys", "list", "--account", "acme", "--database-url", store_url, "--format", "json")
    assert sorted(k["account"] for k in json.loads(out)) == ["acme", "acme.sandbox"]
    assert _run("keys", "revoke", live["id"], "--database-url", store_url)[0] == 0


def test_serve_sandbox_prints_a_key_that_sees_mock_cases(make_server) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server(args=["--sandbox"])
    key = re.search(r"gbk_test_\S+", server.log())
    assert key is not None
    with server.http(key.group(0)) as http:
        page = http.get("/debts", params={"limit": 100}).json()["data"]
        assert len(page) == 40 and all(c["reference"].startswith("TEST-") for c in page)
        http.post("/debts", json=debt("MINE-1"))
    code, out = _run("sandbox", "reset", "--database-url", server.database_url)
    assert code == 0 and "40 mock cases" in out
    with server.http(key.group(0)) as http:
        assert http.get("/debts", params={"reference": "MINE-1"}).json()["data"] == []
        http.get("/debts")
    code, out = _run("access-log", "--account", "default.sandbox", "--database-url", server.database_url, "--format", "json")
    assert code == 0
    assert {e["path"] for e in json.loads(wait_for(lambda: _nonempty_log(server)))} >= {"/external-api/v1/debts"}


def _nonempty_log(server: ApiServer) -> str | None:
    code, out = _run("access-log", "--account", "default.sandbox", "--database-url", server.database_url, "--format", "json")
    return out if code == 0 and json.loads(out) else None


def test_worker_runs_the_jobs_a_server_without_jobs_accepted(make_server) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server(args=["--no-jobs"])
    key = server.key()
    with server.http(key) as http:
        batch = http.post("/debts/batch", json={"debts": [debt(f"W-{i}") for i in range(20)]}).json()
        assert http.get(f"/debts/batch/{batch['batch_id']}").json()["status"] == "processing"
        done = subprocess.run(
            [sys.executable, "-m", "getbill_import", "worker", "--once", "--database-url", server.database_url],
            capture_output=True, text=True, env=server.env, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        # the batch, and the collection scheduler's tick that the server left in the store
        assert re.fullmatch(r"[12] jobs? run\.\n", done.stdout), done.stdout
        state = http.get(f"/debts/batch/{batch['batch_id']}").json()
        assert (state["status"], state["created"]) == ("completed", 20)
    assert httpx.get(f"{server.base}/openapi.json").json()["info"]["title"] == "getbill-import API"
