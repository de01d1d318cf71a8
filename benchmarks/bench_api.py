"""API benchmark: ``getbill-import serve`` on loopback under 32 concurrent clients, beside a
floor measured in the same run, and the time batches take to complete.

    python benchmarks/bench_api.py                      # SQLite store in a temporary folder
    python benchmarks/bench_api.py --database-url postgresql+psycopg://postgres@127.0.0.1:55432/postgres
    python benchmarks/bench_api.py --workers 2          # serve --workers 2

Measured, each for ``--seconds``:
- ``GET /debts/{id}`` of the API (authentication, rate limit, access log, the case read);
- the floor: a bare Starlette route reading the same row from the same database (SQLAlchemy,
  one query) in its own uvicorn process, as many processes as the API;
- ``POST /debts`` (validation, creation, event) of new cases;
then a 10,000-case and a 100,000-case batch, timed from the POST until ``GET /debts/batch/{id}``
says completed.

The load comes from a small asyncio client keeping 32 HTTP/1.1 keep-alive connections busy
(far cheaper per request than an HTTP library, so that the client is not what is measured).
Targets on this 2-core machine: p99 under 50 ms, GET at least 1,000 requests/s and at most 2×
the floor's time per request; a 10,000-case batch done in under 2 s, 100,000 in under 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 32
#: numbers requests across every run, so that each POST names a reference of its own
_COUNTER = itertools.count(1)
TARGETS = {"p99_ms": 50.0, "get_rps": 1000.0, "floor_ratio": 2.0, "batch_10k_s": 2.0, "batch_100k_s": 10.0}

FLOOR_APP = '''
import os, sqlalchemy as sa
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
from starlette.concurrency import run_in_threadpool
engine = sa.create_engine(os.environ["FLOOR_DATABASE_URL"])
def read(case_id):
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT reference, debtor_name, amount_cents FROM cases WHERE id = %s" if
            engine.dialect.name == "postgresql" else "SELECT reference, debtor_name, amount_cents FROM cases WHERE id = ?",
            (case_id,)).first()
async def get(request):
    row = await run_in_threadpool(read, request.path_params["case_id"])
    return Response('{"reference": "%s", "name": "%s", "amount": %d}' % tuple(row), media_type="application/json")
app = Starlette(routes=[Route("/cases/{case_id}", get)])
'''


def start(args: list[str], env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], int]:
    handle = log.open("wb")
    proc = subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        found = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", text)
        # with several workers the port is bound before any worker accepts
        if found and "Application startup complete" in text:
            return proc, int(found.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    if proc.poll() is None:
        stop(proc)
    raise SystemExit(f"server did not start:\n{log.read_text(errors='replace')}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(30)


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> tuple[int, bytes]:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
    body = await reader.readexactly(length)
    return status, body


def http_request(method: str, port: int, path: str, token: str | None, body: bytes = b"") -> bytes:
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    return (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


async def _load(port: int, make: Callable[[int], bytes], seconds: float, expect: int) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < deadline:
            raw = make(next(_COUNTER))
            began = time.perf_counter()
            status, _ = await _request(reader, writer, raw)
            latencies.append(time.perf_counter() - began)
            if status != expect:
                errors += 1
        writer.close()

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return len(latencies), latencies, errors


def measure(name: str, port: int, make: Callable[[int], bytes], seconds: float, expect: int) -> dict[str, float]:
    asyncio.run(_load(port, make, 1.0, expect))  # warm-up
    began = time.perf_counter()
    count, latencies, errors = asyncio.run(_load(port, make, seconds, expect))
    elapsed = time.perf_counter() - began
    latencies.sort()
    result = {
        "requests": count, "rps": count / elapsed, "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000, "mean_ms": statistics.fmean(latencies) * 1000,
        "errors": errors,
    }
    print(f"{name:<28} {result['rps']:8.0f} req/s   p50 {result['p50_ms']:6.1f} ms   p99 {result['p99_ms']:6.1f} ms"
          f"   ({count:,} requests, {errors} unexpected answers)", flush=True)
    return result


def api_call(method: str, url: str, token: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def debt(i: int, prefix: str) -> dict:
    return {"debtor": {"name": f"Client {i}", "email": f"client{i}@example.fr", "phone": f"+3361{i % 10_000_000:07d}"},
            "amount": f"{(i % 9000) + 10}.{i % 100:02d}", "currency": "EUR", "reference": f"{prefix}-{i:07d}",
            "due_date": "2026-01-15", "scenario": "standard_3_waves"}


def batch_seconds(base: str, token: str, n: int, prefix: str) -> float:
    body = {"debts": [debt(i, prefix) for i in range(n)]}
    began = time.perf_counter()
    batch = api_call("POST", f"{base}/debts/batch", token, body)
    while True:
        state = api_call("GET", f"{base}/debts/batch/{batch['batch_id']}?problems_limit=0", token)
        if state["status"] != "processing":
            break
        time.sleep(0.02)
    took = time.perf_counter() - began
    assert state["status"] == "completed" and state["created"] == n, state
    print(f"batch of {n:>7,} cases          {took:6.2f} s to complete ({n / took:,.0f} cases/s)", flush=True)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-jobs", action="store_true",
                        help="serve --no-jobs beside a 'getbill-import worker' (background work off the server's threads)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="getbill-bench-api-"))
    url = args.database_url or f"sqlite:///{folder / 'getbill.db'}"
    env = {**os.environ, "GETBILL_DATA_DIR": str(folder), "GETBILL_DATABASE_URL": url,
           "GETBILL_API_RATE_LIMIT": "100000000", "PYTHONPATH": str(ROOT)}
    sys.path.insert(0, str(ROOT))
    from getbill_import.store import open_store
    from getbill_import.store.credentials import create_key
    from getbill_import.store.types import utc_now

    api, api_port = start([sys.executable, "-m", "getbill_import", "serve", "--port", "0", "--log-level", "info",
                           "--workers", str(args.workers), *(["--no-jobs"] if args.no_jobs else [])],
                          env, folder / "api.log")
    worker = subprocess.Popen([sys.executable, "-m", "getbill_import", "worker"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=env, start_new_session=True) if args.no_jobs else None
    (folder / "floor.py").write_text(FLOOR_APP)
    floor, floor_port = start([sys.executable, "-m", "uvicorn", "floor:app", "--port", "0", "--log-level", "info",
                               "--workers", str(args.workers), "--app-dir", str(folder)],
                              {**env, "FLOOR_DATABASE_URL": url}, folder / "floor.log")
    try:
        with open_store(url) as store:
            token = create_key(store, account="bench", name="bench", sandbox=False, now=utc_now()).secret
        base = f"http://127.0.0.1:{api_port}/external-api/v1"
        case = api_call("POST", f"{base}/debts", token, debt(0, "GET"))
        print(f"{args.workers} server process(es), {CLIENTS} concurrent clients, {url.split('://')[0]}", flush=True)
        results = {
            "floor": measure("floor: bare Starlette GET", floor_port,
                             lambda i: http_request("GET", floor_port, f"/cases/{case['id']}", None), args.seconds, 200),
            "get": measure("GET /debts/{id}", api_port,
                           lambda i: http_request("GET", api_port, f"/external-api/v1/debts/{case['id']}", token),
                           args.seconds, 200),
            "post": measure("POST /debts", api_port,
                            lambda i: http_request("POST", api_port, "/external-api/v1/debts", token,
                                                   json.dumps(debt(i, "POST")).encode()), args.seconds, 201),
        }
        ratio = results["get"]["mean_ms"] / results["floor"]["mean_ms"]
        print(f"GET time per request vs floor: {ratio:.2f}×", flush=True)
        b10 = batch_seconds(base, token, 10_000, "B10K")
        b100 = batch_seconds(base, token, 100_000, "B100K")
    finally:
        stop(api)
        stop(floor)
        if worker is not None:
            stop(worker)
    checks = {
        f"p99 of GET under {TARGETS['p99_ms']:.0f} ms": results["get"]["p99_ms"] < TARGETS["p99_ms"],
        f"p99 of POST under {TARGETS['p99_ms']:.0f} ms": results["post"]["p99_ms"] < TARGETS["p99_ms"],
        f"GET at least {TARGETS['get_rps']:.0f} req/s": results["get"]["rps"] >= TARGETS["get_rps"],
        f"GET at most {TARGETS['floor_ratio']:.0f}× the floor": ratio <= TARGETS["floor_ratio"],
        f"10,000-case batch under {TARGETS['batch_10k_s']:.0f} s": b10 < TARGETS["batch_10k_s"],
        f"100,000-case batch under {TARGETS['batch_100k_s']:.0f} s": b100 < TARGETS["batch_100k_s"],
    }
    for label, ok in checks.items():
        print(f"{'ok  ' if ok else 'MISS'} {label}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
