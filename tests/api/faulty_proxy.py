"""A small HTTP proxy for the tests that breaks some requests on purpose, between a client and
a real server on loopback.

Each request is matched against the proxy's ``plan``: a function of (method, path, the how-many-th
request of this method and path) giving what to do with it. With ``per_header`` set (for instance
``"Idempotency-Key"``), requests are counted per value of that header as well, so the plan can
decide by attempt: the third attempt of one chunk, whatever the other chunks in flight did.

- ``"pass"``: forward it and relay the answer;
- ``"500"``: answer 500 at once, never forwarding;
- ``"404"``: answer 404 at once, never forwarding, as a server without this route does;
- ``"drop"``: close the connection without forwarding (the server never sees the request);
- ``"drop-after"``: forward it, let the server finish, then close the connection without
  answering (the server did the work, the client never hears of it);
- ``"slow"``: forward it, then hold the answer for ``slow_s`` seconds (longer than the client's
  timeout) before trying to send it.
"""

from __future__ import annotations

import collections
import contextlib
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

Plan = Callable[[str, str, int], str]
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "te", "trailer", "upgrade",
               "proxy-authorization", "proxy-authenticate", "content-encoding"}


def passing(method: str, path: str, n: int) -> str:
    return "pass"


class FaultyProxy:
    def __init__(self, upstream: str, plan: Plan = passing, *, slow_s: float = 2.0, per_header: str | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.plan = plan
        self.slow_s = slow_s
        self.per_header = per_header
        #: (method, path-without-query, value of ``per_header`` or "") -> requests seen
        self.seen: collections.Counter[tuple[str, str, str]] = collections.Counter()
        #: action -> times taken
        self.actions: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=120)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                proxy._handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, prefix: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{prefix}"

    def start(self) -> FaultyProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._client.close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("content-length") or 0)
        body = handler.rfile.read(length) if length else b""
        path = handler.path.split("?", 1)[0]
        counted = (handler.command, path, handler.headers.get(self.per_header, "") if self.per_header else "")
        with self._lock:
            self.seen[counted] += 1
            n = self.seen[counted]
        action = self.plan(handler.command, path, n)
        with self._lock:
            self.actions[action] += 1
        if action in ("500", "404"):
            payload = (b'{"title": "Internal Server Error", "status": 500}' if action == "500"
                       else b'{"detail": "Not Found"}')
            handler.send_response(int(action))
            handler.send_header("Content-Type", "application/problem+json")
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
            return
        if action == "drop":
            self._drop(handler)
            return
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in _HOP_BY_HOP and k.lower() != "host"}
        answer = self._client.request(handler.command, self.upstream + handler.path, content=body, headers=headers)
        if action == "drop-after":
            self._drop(handler)
            return
        if action == "slow":
            time.sleep(self.slow_s)
        try:
            handler.send_response(answer.status_code)
            for name, value in answer.headers.multi_items():
                if name.lower() not in _HOP_BY_HOP:
                    handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(answer.content)))
            handler.end_headers()
            handler.wfile.write(answer.content)
        except OSError:  # the client gave up waiting
            handler.close_connection = True

    @staticmethod
    def _drop(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        with contextlib.suppress(OSError):
            handler.connection.shutdown(socket.SHUT_RDWR)
