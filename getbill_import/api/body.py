"""Request bodies: bounded (counted as they stream; 413 beyond the route's limit) and parsed
with numbers kept exact."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from getbill_import.api.problems import Problem
from getbill_import.config import ApiSettings
from getbill_import.records import loads


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def body_limit(settings: ApiSettings, path: str) -> int:
    if path.endswith("/debts/batch"):
        return settings.max_batch_bytes
    if path.endswith(("/imports", "/payments/import")):
        return settings.max_upload_bytes
    return settings.max_body_bytes


class BodyLimitMiddleware:
    """Refuses a body longer than its route's limit: at once when ``Content-Length`` says so,
    else as soon as the streamed bytes pass it (never reading the rest)."""

    def __init__(self, app: ASGIApp, settings: ApiSettings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        limit = body_limit(self.settings, scope["path"])
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > limit:
                    await _too_large(limit).response(scope["path"])(scope, receive, send)
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


def _too_large(limit: int) -> Problem:
    return Problem(413, "body-too-large", f"The request body is larger than {limit:,} bytes.", limit=limit)


def too_large_problem(exc: BodyTooLarge) -> Problem:
    return _too_large(exc.limit)


async def raw_body(request: Request) -> bytes:
    """The whole body (bounded by the middleware)."""
    return await request.body()


def parse_json(body: bytes, content_type: str | None) -> Any:
    if content_type is not None and "json" not in content_type.split(";")[0].lower():
        raise Problem(415, "unsupported-media-type", "Send the body as JSON (Content-Type: application/json).")
    if not body.strip():
        raise Problem(400, "empty-body", "The request has no body; send the debt as JSON.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(400, "invalid-json", "The body is not UTF-8 text.") from None
    try:
        return loads(text)
    except ValueError as exc:
        raise Problem(400, "invalid-json", f"The body is not valid JSON: {exc}.") from None
