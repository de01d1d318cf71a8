"""Running the API: the app built from the environment (for ``uvicorn --factory`` and
``serve --workers N``, whose processes each build their own), and the sandbox's start-up."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from fastapi import FastAPI

from getbill_import.config import Settings
from getbill_import.sandbox import reset_sandbox, schedule_reset
from getbill_import.store.credentials import NewCredential, create_key, ensure_sandbox, revoke_key
from getbill_import.store.engine import Store
from getbill_import.store.schema import accounts, api_keys

SERVE_KEY_NAME = "serve --sandbox"


def app_from_env() -> FastAPI:
    """The app of one ``serve --workers N`` process (``GETBILL_SERVE_JOBS=0``: no background jobs)."""
    import os

    from getbill_import.api import create_app

    return create_app(Settings.from_env(), run_worker=os.environ.get("GETBILL_SERVE_JOBS", "1") != "0")


def prepare_sandbox(store: Store, settings: Settings, *, now: dt.datetime) -> NewCredential:
    """The sandbox of ``settings.account`` loaded with mock cases (unless it has been reset
    within its schedule) and its next reset scheduled; a new sandbox key (the previous one
    ``serve --sandbox`` printed is revoked)."""
    with store.write() as conn:
        sandbox = ensure_sandbox(conn, settings.account)
        reset_at = conn.execute(sa.select(accounts.c.reset_at).where(accounts.c.id == sandbox)).scalar()
        previous = conn.execute(sa.select(api_keys.c.id).where(
            api_keys.c.account == sandbox, api_keys.c.name == SERVE_KEY_NAME, api_keys.c.revoked_at.is_(None)
        )).scalars().all()
    if reset_at is None or now - reset_at > dt.timedelta(days=settings.api.sandbox_reset_days):
        reset_sandbox(store, settings, account=sandbox, now=now)
    schedule_reset(store, settings, account=sandbox, now=now)
    for key_id in previous:
        revoke_key(store, key_id=key_id, now=now)
    return create_key(store, account=settings.account, name=SERVE_KEY_NAME, sandbox=True, now=now)
