"""Every error answer is ``application/problem+json`` (RFC 9457): ``type``, ``title``,
``status``, ``detail``, a stable ``code``, and for invalid data one entry per field in
``errors`` (field, code, message, suggestion). The OAuth2 endpoints answer in OAuth2's own
error format instead (RFC 6749 §5.2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

import orjson
from starlette.responses import Response

PROBLEM_TYPE = "application/problem+json"


def dumps(data: Any) -> bytes:
    """JSON bytes; text orjson refuses (a lone surrogate a client sent) is escaped instead."""
    try:
        return orjson.dumps(data)
    except TypeError:
        import json

        return json.dumps(data, ensure_ascii=True, default=str).encode()


class Problem(Exception):
    def __init__(
        self, status: int, code: str, detail: str | None = None, *, title: str | None = None,
        errors: Sequence[Mapping[str, Any]] | None = None, headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or code)
        self.status, self.code, self.detail = status, code, detail
        self.title = title or HTTPStatus(status).phrase
        self.errors = list(errors) if errors is not None else None
        self.headers = dict(headers or {})
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"urn:getbill-import:problem:{self.code}", "title": self.title, "status": self.status,
            "code": self.code,
        }
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        if self.errors is not None:
            body["errors"] = self.errors
        body.update(self.extra)
        return body

    def response(self, instance: str | None = None) -> Response:
        return Response(
            dumps(self.body(instance)), status_code=self.status, media_type=PROBLEM_TYPE, headers=self.headers,
        )


def field_errors(problems: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Row problems (``problems.PROBLEM_SCHEMA`` dicts) as the ``errors`` entries of a problem:
    the field as the JSON path the client sent."""
    return [
        {
            "field": p.get("column") or p.get("field"),
            "code": p["code"],
            "severity": p["severity"],
            "message": p["message"],
            "suggestion": p.get("suggestion"),
        }
        for p in problems
    ]


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": ["string", "null"]},
                    "code": {"type": "string"},
                    "severity": {"type": "string"},
                    "message": {"type": "string"},
                    "suggestion": {"type": ["string", "null"]},
                },
            },
        },
    },
}


_ERROR_TEXT = {
    400: "The request is malformed", 401: "No valid access token or API key", 403: "The token lacks a scope",
    404: "No such resource in your account", 409: "Conflicts with the resource's state", 410: "Erased",
    413: "The body is too large", 415: "The body is not JSON", 422: "The data is not valid",
    429: "Rate limit exceeded", 503: "The store is unavailable; retry later",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for problem answers."""
    common = (400, 401, 403, 429, 503)
    return {
        status: {"description": _ERROR_TEXT[status], "content": {PROBLEM_TYPE: {"schema": PROBLEM_SCHEMA}}}
        for status in sorted({*common, *statuses})
    }
