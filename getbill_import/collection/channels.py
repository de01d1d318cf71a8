"""Channel adapters: what executes a wave of a scenario for a batch of cases.

Every adapter takes :class:`Task` objects and returns one :class:`Result` each, in order. The
built-in adapters simulate: each draws its outcome from a hash of the seed, the case and the
wave, so the same seed always gives the same outcomes (a sandbox plays the same story every
time, a test knows what to expect). :class:`SmtpEmail` sends real e-mail, rendered from the
wave's template.

An adapter whose work has effects outside the store (``real = True``: a message really sent)
is run between two transactions — the follow-up is claimed, then sent, then recorded — so that
a crash never sends it twice; a simulated one runs inside the transaction that records it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Protocol

from getbill_import.collection.scenarios import Catalog, Wave
from getbill_import.config import SmtpSettings

#: what a follow-up can come to
OUTCOMES: tuple[str, ...] = ("delivered", "reached", "no_answer", "bounced", "promise_to_pay", "failed")
#: the outcomes that count as the debtor reached (the first one emits ``debt.contacted``)
CONTACT_OUTCOMES: frozenset[str] = frozenset({"delivered", "reached", "promise_to_pay"})

#: per channel, each simulated outcome and its share (the shares add up to 1)
SIMULATED_SHARES: dict[str, tuple[tuple[str, float], ...]] = {
    "email": (("delivered", 0.88), ("bounced", 0.12)),
    "sms": (("delivered", 0.92), ("bounced", 0.08)),
    "ai_call": (("reached", 0.45), ("no_answer", 0.40), ("promise_to_pay", 0.15)),
    "letter": (("delivered", 0.97), ("bounced", 0.03)),
}


@dataclass(frozen=True)
class Task:
    """One wave to execute for one case (``case``: the case's row, or the columns of it the
    channels read)."""

    case: Mapping[str, Any]
    scenario: str
    wave: Wave
    #: when the scheduler runs it (the account's clock)
    now: dt.datetime
    creditor: str


@dataclass
class Result:
    outcome: str
    details: dict[str, Any] = field(default_factory=dict)
    started_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None


class TransientChannelError(Exception):
    """The channel cannot be reached now (a mail server down): nothing was sent, try later."""


class Channel(Protocol):
    #: effects outside the store: run between a claim and a record (never twice)
    real: bool

    def execute(self, tasks: Sequence[Task]) -> list[Result]: ...


def draw(seed: int, case_id: str, wave: int) -> float:
    """A number in [0, 1) that depends only on the seed, the case and the wave."""
    digest = hashlib.blake2b(f"{seed}:{case_id}:{wave}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def simulated_outcome(channel: str, seed: int, case_id: str, wave: int) -> str:
    """The outcome the simulation gives this case's wave on ``channel`` (contact data aside)."""
    point = draw(seed, case_id, wave)
    total = 0.0
    shares = SIMULATED_SHARES[channel]
    for outcome, share in shares:
        total += share
        if point < total:
            return outcome
    return shares[-1][0]


def _address(case: Mapping[str, Any]) -> str | None:
    parts = [case.get("address_line1"), case.get("address_postal_code"), case.get("address_city")]
    return ", ".join(p for p in parts if p) if case.get("address_line1") or case.get("address_city") else None


class Simulated:
    """Simulated outcomes for one channel (no message leaves the machine)."""

    real = False

    def __init__(self, channel: str, seed: int = 0) -> None:
        self.channel = channel
        self.seed = seed

    def execute(self, tasks: Sequence[Task]) -> list[Result]:
        return [self._one(task) for task in tasks]

    def _one(self, task: Task) -> Result:
        case = task.case
        details: dict[str, Any] = {"simulated": True, "template": task.wave.template}
        if self.channel == "email":
            to = case.get("debtor_email")
            missing = "no e-mail address"
        elif self.channel in ("sms", "ai_call"):
            to = case.get("debtor_phone")
            missing = "no phone number"
        else:
            to = _address(case)
            missing = "no postal address"
        if not to:
            details["error"] = missing
            return Result("failed", details, task.now, task.now)
        details["to"] = to
        outcome = simulated_outcome(self.channel, self.seed, str(case["id"]), task.wave.number)
        if self.channel == "ai_call":
            point = draw(self.seed + 1, str(case["id"]), task.wave.number)
            details["duration_s"] = 0 if outcome == "no_answer" else 40 + int(point * 200)
            if outcome == "promise_to_pay":
                details["promised_date"] = (task.now.date() + dt.timedelta(days=3 + int(point * 12))).isoformat()
        return Result(outcome, details, task.now, task.now)


def template_values(task: Task) -> dict[str, str]:
    case = task.case
    due = case.get("due_date")
    return {
        "debtor_name": str(case.get("debtor_name") or ""),
        "reference": str(case["reference"]),
        "amount": f"{int(case['amount_cents']) / 100:.2f}",
        "balance": f"{int(case['balance_cents']) / 100:.2f}",
        "currency": str(case["currency"]),
        "due_date": due.isoformat() if isinstance(due, dt.date) else str(due or ""),
        "creditor": task.creditor,
    }


class SmtpEmail:
    """Real e-mail: the wave's template rendered for each case, sent through one SMTP connection
    per batch. A recipient the server refuses is ``bounced``; a server that cannot be reached
    raises :class:`TransientChannelError` before anything is sent (the batch is tried again
    later); a server that fails midway leaves the rest ``failed`` with its reason."""

    real = True

    def __init__(self, settings: SmtpSettings, catalog: Catalog, *, local_hostname: str | None = None) -> None:
        self.settings = settings
        self.catalog = catalog
        self.local_hostname = local_hostname

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.security == "ssl":
                server: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_s,
                                                        context=ssl.create_default_context(),
                                                        local_hostname=self.local_hostname)
            else:
                server = smtplib.SMTP(s.host, s.port, timeout=s.timeout_s, local_hostname=self.local_hostname)
                if s.security == "starttls":
                    server.starttls(context=ssl.create_default_context())
            if s.user:
                server.login(s.user, s.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise TransientChannelError(
                f"the mail server {s.host}:{s.port} cannot be used ({_reason(exc)}); check GETBILL_SMTP_*"
            ) from None
        return server

    def execute(self, tasks: Sequence[Task]) -> list[Result]:
        if not tasks:
            return []
        results: list[Result] = []
        server = self._connect()
        try:
            for task in tasks:
                results.append(self._send(server, task))
        finally:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
        return results

    def _send(self, server: smtplib.SMTP, task: Task) -> Result:
        started = task.now
        to = task.case.get("debtor_email")
        details: dict[str, Any] = {"template": task.wave.template}
        if not to:
            details["error"] = "no e-mail address"
            return Result("failed", details, started, started)
        template = self.catalog.templates[task.wave.template]
        subject, body = template.render(template_values(task))
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = str(to)
        message["Subject"] = subject or f"Invoice {task.case['reference']}"
        message["Date"] = email.utils.format_datetime(task.now)
        domain = self.settings.sender.rpartition("@")[2] or "localhost"
        message_id = f"<followup-{task.case['id']}-{task.wave.number}@{domain}>"
        message["Message-ID"] = message_id
        message.set_content(body)
        details.update(to=str(to), subject=message["Subject"], message_id=message_id)
        try:
            refused = server.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reason = next(iter(exc.recipients.values()), (None, b""))
            details["error"] = f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}".strip()
            return Result("bounced", details, started, task.now)
        except (OSError, smtplib.SMTPException) as exc:
            details["error"] = _reason(exc)
            return Result("failed", details, started, task.now)
        if refused:
            details["error"] = "refused by the server"
            return Result("bounced", details, started, task.now)
        return Result("delivered", details, started, task.now)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {message}".strip()
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def channels_for(
    *, sandbox: bool, seed: int, email: str, smtp: SmtpSettings | None, catalog: Catalog,
) -> dict[str, Channel]:
    """The adapter of each channel: simulated, but for e-mail over SMTP when configured — never
    for a sandbox, whose messages are always simulated."""
    adapters: dict[str, Channel] = {name: Simulated(name, seed) for name in SIMULATED_SHARES}
    if email == "smtp" and smtp is not None and not sandbox:
        adapters["email"] = SmtpEmail(smtp, catalog)
    return adapters
