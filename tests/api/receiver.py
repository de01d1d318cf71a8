"""A real webhook receiver on loopback: it verifies every signature it gets with the secrets it
is told, records what it received, and answers as each test scripts it (statuses, delays,
Retry-After)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from getbill_import.webhooks import WebhookVerificationError, verify


@dataclass
class Received:
    at: float
    headers: dict[str, str]
    body: bytes
    verified_with: list[str]

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class Receiver:
    port: int = 0
    #: answers to give, in order, then 200 for ever: an int status, or (status, headers, delay_s)
    script: list[Any] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    #: requests whose signature matched none of the secrets
    forged: int = 0
    #: requests cut short by the sender's death, their body shorter than its content-length
    truncated: int = 0
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length)
                if len(raw) < length:
                    # the sender died mid-request (a killed process): no request to verify or answer
                    with receiver.lock:
                        receiver.truncated += 1
                    return
                headers = {k.lower(): v for k, v in self.headers.items()}
                good = []
                for secret in list(receiver.secrets):
                    try:
                        verify(raw, headers, secret)
                        good.append(secret)
                    except WebhookVerificationError:
                        pass
                with receiver.lock:
                    receiver.received.append(Received(time.time(), headers, raw, good))
                    if not good:
                        receiver.forged += 1
                    step = receiver.script.pop(0) if receiver.script else 200
                status, extra, delay = (step, {}, 0.0) if isinstance(step, int) else step
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in extra.items():
                        self.send_header(name, value)
                    self.send_header("content-length", "0")
                    self.end_headers()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        ThreadingHTTPServer.request_queue_size = 128
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def ids(self) -> list[str]:
        return [r.headers["webhook-id"] for r in self.received]

    def wait(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"received {len(self.received)} webhooks, expected {count}")

