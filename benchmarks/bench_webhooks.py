"""Webhook benchmark: deliveries per second to a local receiver with 10 endpoints, signing
included, beside a floor measured in the same run.

    python benchmarks/bench_webhooks.py                  # SQLite store in a temporary folder
    python benchmarks/bench_webhooks.py --cases 5000 --database-url postgresql+psycopg://…

``--cases`` cases are created (one ``debt.created`` event each) in an account with 10 endpoints,
so the dispatcher makes 10 × cases deliveries: fan-out into delivery jobs, claims, rendering of
each payload from its case, Standard Webhooks signing, HTTP POST, and the recording of every
attempt. The receiver is a minimal asyncio HTTP server in its own process (it answers 204 at
once), so that what is measured is the sender. The floor is the same number of POSTs of the
same size sent by one httpx client per endpoint with the same concurrency, no store, no signing.

Target on this 2-core machine: at least 500 deliveries/s (goal 1,000).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ENDPOINTS = 10
TARGET = 500.0

RECEIVER = r'''
import asyncio, sys
async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            writer.write(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()
asyncio.run(main())
'''


async def floor(port: int, total: int, size: int, concurrency: int) -> float:
    """The same POSTs from one httpx client per endpoint (as the dispatcher has), ``concurrency``
    in flight to each, nothing else."""
    body = b"x" * size
    clients = [httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)) for _ in range(ENDPOINTS)]
    gates = [asyncio.Semaphore(concurrency) for _ in range(ENDPOINTS)]

    async def one(i: int) -> None:
        k = i % ENDPOINTS
        async with gates[k]:
            await clients[k].post(f"http://127.0.0.1:{port}/e{k}", content=body,
                                  headers={"content-type": "application/json"})

    began = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(total)))
    took = time.perf_counter() - began
    for client in clients:
        await client.aclose()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="getbill-bench-webhooks-"))
    os.environ.update({"GETBILL_DATA_DIR": str(folder), "GETBILL_WEBHOOK_ALLOW_PRIVATE": "1"})
    from getbill_import.config import Settings
    from getbill_import.records import prepare_records
    from getbill_import.store import open_store
    from getbill_import.store.service import create_cases
    from getbill_import.store.webhooks import create_endpoint
    from getbill_import.webhooks.dispatcher import Dispatcher
    from getbill_import.webhooks.signing import new_secret

    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER], stdout=subprocess.PIPE, text=True)
    port = int(receiver.stdout.readline())  # type: ignore[union-attr]
    url = args.database_url or f"sqlite:///{folder / 'getbill.db'}"
    settings = Settings.from_env({**os.environ, "GETBILL_DATABASE_URL": url})
    try:
        with open_store(url) as store:
            now = dt.datetime.now(dt.UTC)
            dispatcher = Dispatcher(store, settings)
            account = f"bench-{os.getpid()}-{int(time.time())}"
            for i in range(ENDPOINTS):
                create_endpoint(store, account=account, url=f"http://127.0.0.1:{port}/e{i}", events=["*"],
                                description=None, secret_enc=dispatcher.box.seal(new_secret()), now=now)
            debts = [{"debtor": {"name": f"Client {i}", "email": f"c{i}@example.fr", "phone": f"+3361{i:07d}"},
                      "amount": f"{i % 900 + 10}.50", "reference": f"W-{i:07d}", "due_date": "2026-01-15"}
                     for i in range(args.cases)]
            created = create_cases(store, prepare_records(debts, settings).cases, account=account, now=now)
            deliveries = len(created) * ENDPOINTS
            began = time.perf_counter()
            attempts = asyncio.run(dispatcher.run_until_idle(timeout=3600))
            took = time.perf_counter() - began
            with store.read() as conn:
                sizes = conn.execute(sa.text("SELECT count(*) FROM webhook_attempts WHERE success AND account = :a"),
                                     {"a": account}).scalar()
        assert attempts == deliveries == sizes, (attempts, deliveries, sizes)
        floor_took = asyncio.run(floor(port, deliveries, 700, settings.webhooks.concurrency))
    finally:
        receiver.terminate()
    rate = deliveries / took
    print(f"{deliveries:,} deliveries ({len(created):,} events × {ENDPOINTS} endpoints), {url.split(':')[0]}")
    print(f"dispatcher (fan-out, claims, payloads, signing, POST, records): {took:6.2f} s  {rate:8.0f} deliveries/s")
    print(f"floor (bare httpx POSTs, same concurrency):                    {floor_took:6.2f} s  "
          f"{deliveries / floor_took:8.0f} requests/s  (dispatcher at {floor_took / took:.0%} of it)")
    print(f"{'ok  ' if rate >= TARGET else 'MISS'} at least {TARGET:.0f} deliveries/s")
    sys.exit(0 if rate >= TARGET else 1)


if __name__ == "__main__":
    main()
