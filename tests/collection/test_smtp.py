"""The e-mail channel against a real SMTP server on loopback (aiosmtpd): messages rendered from
their templates, refused recipients bounced, a server that is down deferred then retried, a
scheduler killed (kill -9) mid-send never sending twice, and sandboxes never sending at all."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from getbill_import.collection.scheduler import tick
from getbill_import.config import Settings
from getbill_import.store import Store, open_store
from getbill_import.store.events import list_events
from getbill_import.store.followups import iter_followups
from tests.collection.conftest import START, case_rows, debt

DAY = dt.timedelta(days=1)


@dataclass
class Mailbox:
    """What the server accepted; recipients starting with "refuse" are refused; with ``hold``
    set, DATA waits until it is cleared (a slow server)."""

    messages: list[Message] = field(default_factory=list)
    data_started: threading.Event = field(default_factory=threading.Event)
    hold: bool = False

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("refuse"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_started.set()
        while self.hold:
            await asyncio.sleep(0.05)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, Controller]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield box, controller
    with contextlib.suppress(AssertionError, RuntimeError):
        controller.stop()


def _settings(tmp_path: Path, port: int) -> Settings:
    return Settings.from_env({
        "GETBILL_DATA_DIR": str(tmp_path / "data"), "GETBILL_SMTP_HOST": "127.0.0.1", "GETBILL_SMTP_PORT": str(port),
        "GETBILL_SMTP_SECURITY": "none", "GETBILL_SMTP_FROM": "relances@acme.example", "GETBILL_CREDITOR_NAME": "ACME",
        "GETBILL_SMTP_TIMEOUT_SECONDS": "5",
    })


def test_real_mail_from_templates_bounces_and_missing_addresses(store: Store, tmp_path: Path, smtp, add_cases) -> None:  # type: ignore[no-untyped-def]
    box, controller = smtp
    settings = _settings(tmp_path, controller.port)
    ok, refused, silent = add_cases(store, [
        debt(1, amount="2340.00", reference="F-2024-0847", debtor={"name": "Jean Dupont", "email": "jean.dupont@email.com"}),
        debt(2, debtor={"name": "Léa Martin", "email": "refuse.me@example.fr"}),
        debt(3, debtor={"name": "Hugo Faure", "phone": "+33612345678"}),
    ])
    result = tick(store, settings, now=START + DAY)
    assert result.by_outcome == {"delivered": 1, "bounced": 1, "failed": 1} and result.contacted == 1
    [message] = box.messages
    assert message["To"] == "jean.dupont@email.com" and message["From"] == "relances@acme.example"
    assert message["Subject"] == "Invoice F-2024-0847: 2340.00 EUR still to pay"
    body = message.get_payload(decode=True).decode()
    assert "Hello Jean Dupont" in body and "invoice F-2024-0847 from ACME (due on 2026-03-02)" in body
    done = {f["case_id"]: f for f in iter_followups(store, account="acme")}
    assert done[ok]["outcome"] == "delivered" and done[ok]["details"]["message_id"] == message["Message-ID"]
    assert done[refused]["outcome"] == "bounced" and "Recipient address rejected" in done[refused]["details"]["error"]
    assert done[silent]["outcome"] == "failed" and done[silent]["details"]["error"] == "no e-mail address"
    assert {f["status"] for f in done.values()} == {"done"}
    rows = case_rows(store)
    assert rows[ok]["status"] == "contacted" and rows[refused]["status"] == "open"
    assert sum(1 for e in list_events(store, account="acme") if e["type"] == "followup.completed") == 3
    assert tick(store, settings, now=START + DAY).followups == 0 and len(box.messages) == 1


def test_a_server_that_is_down_has_the_mail_sent_later(store: Store, tmp_path: Path, add_cases) -> None:  # type: ignore[no-untyped-def]
    port = _free_port()
    settings = _settings(tmp_path, port)
    [case_id] = add_cases(store, [debt(1)])
    down = tick(store, settings, now=START + DAY)
    assert down.deferred == 1 and down.followups == 0
    [waiting] = iter_followups(store, account="acme")
    assert waiting["status"] == "sending" and "connection refused" in waiting["details"]["error"]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert tick(store, settings, now=START + DAY + dt.timedelta(minutes=1)).followups == 0  # not before its retry
        back = tick(store, settings, now=START + DAY + dt.timedelta(minutes=6))
    finally:
        controller.stop()
    assert back.by_outcome == {"delivered": 1} and len(box.messages) == 1
    [sent] = iter_followups(store, account="acme")
    assert sent["id"] == waiting["id"] and sent["outcome"] == "delivered" and sent["status"] == "done"
    assert case_rows(store)[case_id]["status"] == "contacted"


def test_a_scheduler_killed_mid_send_never_sends_twice(store_url: str, tmp_path: Path, smtp, add_cases) -> None:  # type: ignore[no-untyped-def]
    box, controller = smtp
    store = open_store(store_url)
    try:
        [case_id] = add_cases(store, [debt(1)])
    finally:
        store.close()
    box.hold = True
    env = {k: v for k, v in os.environ.items() if not k.startswith("GETBILL_")}
    env.update(GETBILL_DATA_DIR=str(tmp_path / "cli"), GETBILL_DATABASE_URL=store_url, GETBILL_SMTP_HOST="127.0.0.1",
               GETBILL_SMTP_PORT=str(controller.port), GETBILL_SMTP_SECURITY="none",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    process = subprocess.Popen(
        [sys.executable, "-m", "getbill_import", "collection", "tick", "--now", "2026-03-03T09:00:00"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        assert box.data_started.wait(60), "the scheduler never reached the mail server"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
    box.hold = False
    time.sleep(0.2)
    sent_before = len(box.messages)
    store = open_store(store_url)
    try:
        settings = _settings(tmp_path, controller.port)
        assert tick(store, settings, now=START + DAY + dt.timedelta(minutes=1)).to_json()["interrupted"] == 0
        later = tick(store, settings, now=START + DAY + dt.timedelta(minutes=11))
        assert later.interrupted == 1
        [followup] = iter_followups(store, account="acme")
        assert followup["outcome"] == "failed" and "interrupted while sending" in followup["details"]["error"]
        assert case_rows(store)[case_id]["steps_done"] == 1
        assert tick(store, settings, now=START + 2 * DAY).followups == 0
    finally:
        store.close()
    assert len(box.messages) == sent_before <= 1


def test_a_sandbox_never_sends_real_mail(store: Store, tmp_path: Path, smtp, add_cases) -> None:  # type: ignore[no-untyped-def]
    box, controller = smtp
    settings = _settings(tmp_path, controller.port)
    from getbill_import.store.credentials import ensure_sandbox

    with store.write() as conn:
        sandbox = ensure_sandbox(conn, "acme")
    add_cases(store, [debt(1)], account=sandbox)
    result = tick(store, settings, now=START + DAY)
    assert result.followups == 1 and box.messages == []
    [followup] = iter_followups(store, account=sandbox)
    assert followup["details"]["simulated"] is True
