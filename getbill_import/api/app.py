"""``create_app``: the FastAPI application, every route under ``/external-api/v1``."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from getbill_import import __version__
from getbill_import.api.auth import REALM
from getbill_import.api.body import BodyLimitMiddleware, BodyTooLarge, too_large_problem
from getbill_import.api.context import AccessLog, ApiContext, RateLimiter
from getbill_import.api.problems import Problem
from getbill_import.config import Settings
from getbill_import.errors import GetbillError, StoreError, TransientError, api_field
from getbill_import.jobs import Clock, Worker
from getbill_import.store.engine import Store
from getbill_import.store.types import utc_now

log = logging.getLogger("getbill_import.api")
PREFIX = "/external-api/v1"

DESCRIPTION = """Create and follow debt collection cases, import thousands at once, read the
access log. Authenticate with an OAuth2 access token (`POST /external-api/v1/oauth/token`,
client credentials) or a sandbox API key, sent as `Authorization: Bearer …`. Scopes: `read`,
`write`, `webhooks`, `analytics`. Errors are `application/problem+json`."""


def _warm_up(settings: Settings) -> None:
    """Validate one debt, so that what validation loads on first use (modules, phone metadata,
    compiled expressions) is loaded before the server freezes its start-up objects."""
    from getbill_import.records import prepare_records

    sample = {
        "debtor": {"name": "Warm-up", "email": "warm.up@example.com", "phone": "+33 6 12 34 56 78",
                   "address": {"line1": "1 rue de la Paix", "postal_code": "75002", "city": "Paris", "country": "FR"}},
        "amount": "100.00", "currency": "EUR", "reference": "WARM-UP", "due_date": "2026-01-15",
    }
    try:
        prepare_records([sample], settings)
    except Exception as exc:  # a warm-up never keeps the server from starting
        log.warning("validation warm-up failed (the first request will load what it needs): %s", exc)


def create_app(
    settings: Settings | None = None, *, store: Store | None = None, clock: Clock = utc_now,
    run_worker: bool = True, on_stop: Callable[[], None] | None = None,
) -> FastAPI:
    """The API over ``store`` (opened from ``settings.database_url`` — and migrated — when not
    given). ``run_worker`` runs the background jobs and webhook deliveries in this process (else
    a ``getbill-import worker``, or ``serve``'s background process, runs them). ``on_stop`` is
    called once the server has stopped answering (``serve`` stops its background process)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from getbill_import.store import open_store

        opened = store or open_store(settings.database_url)
        access_log = AccessLog(opened, _days(settings.api.access_log_days), clock,
                               keep_keys=dt.timedelta(hours=settings.api.idempotency_hours))
        from getbill_import.api.creator import CaseCreator

        ctx = ApiContext(opened, settings, clock, RateLimiter(settings.api.rate_limit_storage), access_log)
        ctx.creator = CaseCreator(ctx)
        from getbill_import.webhooks.dispatcher import Dispatcher
        from getbill_import.webhooks.secretbox import SecretBox

        ctx.box = SecretBox.load(settings.webhooks.secret_key, settings.data_dir)
        if run_worker:
            ctx.worker = Worker(opened, settings, clock=clock)
            ctx.worker.start()
            ctx.dispatcher = Dispatcher(opened, settings, clock=clock)
            ctx.dispatcher.start()
        else:  # ``serve``'s background process, or a worker of its own, runs them
            from getbill_import.jobs.companion import Waker

            ctx.waker = Waker.from_env()
        if settings.collection.scheduler:  # the scheduler's job, for whichever process runs jobs
            from getbill_import.collection.jobs import schedule_tick

            schedule_tick(opened, settings, now=clock())
        access_log.start()
        app.state.ctx = ctx
        # what start-up built lives as long as the server: full collections need not walk it
        # again on every request burst (they did, tens of milliseconds each). The validation
        # modules, their tables and caches are made now, to be part of it.
        _warm_up(settings)
        gc.freeze()
        try:
            yield
        finally:
            if ctx.worker is not None:
                ctx.worker.stop()
            if ctx.dispatcher is not None:
                ctx.dispatcher.stop()
            if ctx.waker is not None:
                ctx.waker.close()
            access_log.stop()
            if store is None:
                opened.close()
            if on_stop is not None:
                on_stop()

    app = FastAPI(
        title="getbill-import API", version=__version__, description=DESCRIPTION, lifespan=lifespan,
        openapi_url="/openapi.json", docs_url="/docs", redoc_url=None,
    )
    from getbill_import.api import admin, auth, batches, debts, uploads, webhooks
    from getbill_import.api.lifecycle import ROUTERS as LIFECYCLE_ROUTERS

    for module in (auth, batches, debts, uploads, webhooks, admin):
        app.include_router(module.router, prefix=PREFIX)
    for router in LIFECYCLE_ROUTERS:
        app.include_router(router, prefix=PREFIX)
    _handlers(app)
    _problem_documents(app)
    app.add_middleware(BodyLimitMiddleware, settings=settings.api)
    app.add_middleware(BearerRequired)
    app.add_middleware(RequestLogMiddleware)
    return app


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _problem_documents(app: FastAPI) -> None:
    """The schema says what the answers are: a refused parameter is a problem document (not
    FastAPI's own validation error), and the OAuth2 endpoints answer OAuth2 errors."""
    from fastapi.openapi.utils import get_openapi

    from getbill_import.api.problems import PROBLEM_SCHEMA, PROBLEM_TYPE

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            for path, operations in schema.get("paths", {}).items():
                for operation in operations.values():
                    responses = operation.get("responses", {})
                    if "422" not in responses:
                        continue
                    if path.startswith(f"{PREFIX}/oauth/"):
                        del responses["422"]
                    elif "application/json" in responses["422"].get("content", {}):
                        responses["422"] = {"description": "The data is not valid",
                                            "content": {PROBLEM_TYPE: {"schema": PROBLEM_SCHEMA}}}
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
            schema.setdefault("components", {})["securitySchemes"] = {"bearer": {
                "type": "http", "scheme": "bearer", "description": "An OAuth2 access token or an API key.",
            }}
            for path, operations in schema.get("paths", {}).items():
                if _needs_bearer(path):
                    for operation in operations.values():
                        operation["security"] = [{"bearer": []}]
                        operation.setdefault("responses", {}).setdefault("401", {
                            "description": "No valid access token or API key",
                            "content": {PROBLEM_TYPE: {"schema": PROBLEM_SCHEMA}},
                        })
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def problem(request: Request, exc: Problem) -> Response:
        return exc.response(request.url.path)

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge) -> Response:
        return too_large_problem(exc).response(request.url.path)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith(f"{PREFIX}/oauth/"):
            missing = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors())
            return Response(
                orjson.dumps({"error": "invalid_request", "error_description": f"Missing or invalid: {missing}."}),
                status_code=400, media_type="application/json", headers={"Cache-Control": "no-store"},
            )
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ())[1:]) or None, "code": str(e.get("type", "invalid")),
             "severity": "error", "message": str(e.get("msg", "")), "suggestion": None}
            for e in exc.errors()
        ]
        return Problem(422, "invalid-request", "Some parameters are not valid.", errors=errors).response(request.url.path)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        detail = "No such route." if exc.status_code == 404 else str(exc.detail)
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(app, request.scope))
            detail = f"{request.method} is not allowed here; use {headers['Allow']}."
        return Problem(exc.status_code, code, detail, headers=headers).response(request.url.path)

    @app.exception_handler(GetbillError)
    async def getbill_error(request: Request, exc: GetbillError) -> Response:
        if isinstance(exc, StoreError | TransientError):
            log.error("store unavailable on %s: %s", request.url.path, exc)
            return Problem(503, exc.code, "The case store is unavailable; retry in a moment.",
                           headers={"Retry-After": "5"}).response(request.url.path)
        return Problem(422, exc.code, exc.render(api_field)).response(request.url.path)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return Problem(500, "internal-error", "Something went wrong on our side; it was logged.").response(
            request.url.path
        )


def _needs_bearer(path: str) -> bool:
    return path.startswith(PREFIX + "/") and not path.startswith(PREFIX + "/oauth/")


class BearerRequired:
    """A request to the API without a bearer token is answered 401 at once, before routing and
    parameter checks (the token itself is checked by each route)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _needs_bearer(scope["path"]):
            for name, value in scope["headers"]:
                if name == b"authorization":
                    kind, _, token = value.partition(b" ")
                    if kind.lower() == b"bearer" and token.strip():
                        break
            else:
                problem = Problem(401, "unauthorized", "Send an access token or an API key: "
                                  "'Authorization: Bearer <token>'.", headers={"WWW-Authenticate": REALM})
                await problem.response(scope["path"])(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method some operation serves at this path (each method is a route of its own), from
    the OpenAPI document."""
    import re

    by_specificity: dict[int, set[str]] = {}
    for template, operations in app.openapi().get("paths", {}).items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, scope["path"]):
            by_specificity.setdefault(template.count("{"), set()).update(m.upper() for m in operations)
    # a literal path (/debts/batch) is its own resource, not an id of the templated one beside it
    return sorted(by_specificity[min(by_specificity)]) if by_specificity else []


class RequestLogMiddleware:
    """Adds the rate-limit headers to every answer of an authenticated request, and writes the
    access log entry once the answer is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        state: dict[str, Any] = scope.setdefault("state", {})

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                rate = state.get("rate")
                if rate is not None:
                    limit, remaining, reset = rate
                    message.setdefault("headers", [])
                    message["headers"] = [
                        *message["headers"],
                        (b"x-ratelimit-limit", str(limit).encode()),
                        (b"x-ratelimit-remaining", str(remaining).encode()),
                        (b"x-ratelimit-reset", str(reset).encode()),
                    ]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            principal = state.get("principal")
            app = scope.get("app")
            ctx = getattr(getattr(app, "state", None), "ctx", None)
            if principal is not None and ctx is not None:
                route = getattr(scope.get("route"), "path", None) or "(unknown)"
                if not route.startswith(PREFIX) and route != "(unknown)":
                    route = PREFIX + route
                ctx.access_log.append({
                    "account": principal.account, "credential": principal.credential, "method": scope["method"],
                    "path": route, "status": status,
                    "latency_ms": (time.perf_counter() - started) * 1000, "at": ctx.clock(),
                })
