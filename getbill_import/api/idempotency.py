"""``Idempotency-Key`` on every POST: the first answer is replayed to a retry with the same key
and body (``Idempotent-Replayed: true``); another body under a used key is a 422; a retry while
the first request is still running is a 409."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from getbill_import.api.auth import context
from getbill_import.api.problems import Problem
from getbill_import.store.credentials import Principal
from getbill_import.store.idempotency import Claim, claim_key, release_key, save_answer

MAX_KEY_CHARS = 255
_KEPT_HEADERS = ("location", "content-type")


@dataclass(frozen=True)
class RequestKey:
    """A request's ``Idempotency-Key`` and the digest of what it asks (method, path, body)."""

    key: str
    digest: str


def request_key(request: Request, body: bytes) -> RequestKey | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_CHARS:
        raise Problem(400, "invalid-idempotency-key", f"An Idempotency-Key is 1 to {MAX_KEY_CHARS} characters.")
    digest = hashlib.sha256(request.method.encode() + b" " + request.url.path.encode() + b"\n" + body).hexdigest()
    return RequestKey(key, digest)


def answer_of(claim: Claim) -> Response:
    """The stored answer to replay, or the problem a claim that is not new makes."""
    if claim.state == "mismatch":
        raise Problem(422, "idempotency-key-reused",
                      "This Idempotency-Key was used with another request body; use a new key for a new request.")
    if claim.state == "in_progress":
        raise Problem(409, "idempotency-key-in-progress",
                      "A request with this Idempotency-Key is still being processed; retry in a moment.",
                      headers={"Retry-After": "1"})
    assert claim.state == "replay" and claim.status_code is not None and claim.response is not None
    headers = {**(claim.headers or {}), "Idempotent-Replayed": "true"}
    return Response(claim.response, status_code=claim.status_code, headers=headers)


async def idempotent(
    request: Request, principal: Principal, body: bytes, act: Callable[[], Awaitable[Response]],
    subject: Callable[[Response], str | None] = lambda response: None,
) -> Response:
    asked = request_key(request, body)
    if asked is None:
        return await act()
    ctx = context(request)
    key = asked.key
    ttl = dt.timedelta(hours=ctx.settings.api.idempotency_hours)
    claim = await run_in_threadpool(
        claim_key, ctx.store, account=principal.account, key=key, request_hash=asked.digest, now=ctx.clock(), ttl=ttl,
    )
    if claim.state != "new":
        return answer_of(claim)
    try:
        response = await act()
    except Problem as problem:
        if problem.status >= 500 or problem.status == 429:
            await run_in_threadpool(release_key, ctx.store, account=principal.account, key=key)
            raise
        response = problem.response(request.url.path)
    except BaseException:
        await run_in_threadpool(release_key, ctx.store, account=principal.account, key=key)
        raise
    kept = {k: v for k, v in response.headers.items() if k in _KEPT_HEADERS}
    await run_in_threadpool(
        save_answer, ctx.store, account=principal.account, key=key, status_code=response.status_code,
        response=bytes(response.body), headers=kept, subject=subject(response),
    )
    return response
