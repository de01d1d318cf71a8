"""The sandbox: a test account beside each live one, preloaded with realistic mock cases, reset
on demand and on a schedule (weekly by default). A sandbox key only ever reaches this account.

The mock cases go through the same validation and the same case service as real ones.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import sqlalchemy as sa

from getbill_import.config import Settings
from getbill_import.store.engine import Store
from getbill_import.store.schema import (
    accounts,
    case_tombstones,
    cases,
    corrections,
    events,
    file_chunks,
    files,
    followups,
    idempotency_keys,
    imports,
    jobs,
    payments,
    sandbox_clocks,
)

MOCK_CASES = 40
RESET_JOB = "sandbox-reset"

_FIRST = ("Jean", "Marie", "Luc", "Camille", "Hélène", "Thomas", "Chloé", "Nicolas", "Léa", "Antoine",
          "Sofia", "Lukas", "Giulia", "Pablo", "Emma", "Hugo")
_LAST = ("Dupont", "Martin", "Lefèvre", "Moreau", "Garnier", "Rousseau", "Bernard", "Fournier", "Rossi",
         "Müller", "García", "Petit", "Durand", "Lambert", "Faure", "Mercier")
_COMPANIES = ("Boulangerie du Marché", "Garage Central SARL", "Atelier Bois & Fer", "Pharmacie des Halles",
              "Transports Lemoine", "Cabinet Verdier", "Hôtel Beau Séjour", "SAS Nordica", "Imprimerie Rapide",
              "Menuiserie Perrin")
_CITIES = (("75011", "Paris"), ("69003", "Lyon"), ("13006", "Marseille"), ("31000", "Toulouse"),
           ("33000", "Bordeaux"), ("59000", "Lille"), ("44000", "Nantes"), ("67000", "Strasbourg"))
_STREETS = ("rue de la République", "avenue Jean Jaurès", "boulevard Voltaire", "rue du Moulin",
            "place de la Mairie", "chemin des Vignes")
_SCENARIOS = ("standard_3_waves", "gentle_2_waves", "firm_4_waves", "b2b_escalation")


def mock_debts(today: dt.date, n: int = MOCK_CASES, seed: int = 2024) -> list[dict[str, Any]]:
    """``n`` realistic debts in the API's JSON shape (the same every time for a given day)."""
    rng = random.Random(seed)
    debts = []
    for i in range(n):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        company = rng.choice(_COMPANIES) if i % 3 == 0 else None
        postal, city = rng.choice(_CITIES)
        issue = today - dt.timedelta(days=rng.randint(40, 200))
        debtor: dict[str, Any] = {
            "name": company or f"{first} {last}",
            "company": company,
            "email": f"{first}.{last}@example.fr".lower().replace("é", "e").replace("è", "e").replace("ü", "u")
            .replace("í", "i"),
            "phone": f"+3361{rng.randint(0, 9_999_999):07d}",
            "address": {"line1": f"{rng.randint(1, 120)} {rng.choice(_STREETS)}", "postal_code": postal,
                        "city": city, "country": "FR"},
        }
        debts.append({
            "debtor": debtor,
            "amount": f"{rng.randint(80, 9_000)}.{rng.randint(0, 99):02d}",
            "currency": "EUR",
            "reference": f"TEST-{issue.year}-{i + 1:04d}",
            "issue_date": issue.isoformat(),
            "due_date": (issue + dt.timedelta(days=30)).isoformat(),
            "scenario": rng.choice(_SCENARIOS),
            "metadata": {"source": "sandbox"},
        })
    return debts


def reset_sandbox(store: Store, settings: Settings, *, account: str, now: dt.datetime) -> int:
    """Erase everything a sandbox account holds (cases, events, follow-ups, payments, imports,
    files, pending jobs but its own reset; its clock goes back to real time) and load the mock
    cases again. Returns how many were loaded. Refuses a live account."""
    from getbill_import.records import prepare_records
    from getbill_import.store.service import create_cases

    with store.write() as conn:
        row = conn.execute(sa.select(accounts.c.sandbox).where(accounts.c.id == account)).first()
        if row is None or not row[0]:
            raise ValueError(f"{account!r} is not a sandbox account")
        for table in (events, cases, corrections, case_tombstones, idempotency_keys, imports, followups, payments,
                      sandbox_clocks):
            conn.execute(sa.delete(table).where(table.c.account == account))
        conn.execute(sa.delete(file_chunks).where(
            file_chunks.c.file_id.in_(sa.select(files.c.id).where(files.c.account == account))
        ))
        conn.execute(sa.delete(files).where(files.c.account == account))
        conn.execute(sa.delete(jobs).where(
            jobs.c.account == account, jobs.c.kind != RESET_JOB, jobs.c.status.in_(("queued", "done", "failed"))
        ))
        conn.execute(sa.update(accounts).where(accounts.c.id == account).values(reset_at=now))
    prepared = prepare_records(mock_debts(now.date()), settings.with_options(account=account))
    created = create_cases(store, prepared.cases, account=account, now=now)
    return sum(1 for c in created if c.created)


def schedule_reset(store: Store, settings: Settings, *, account: str, now: dt.datetime) -> None:
    """Make sure the sandbox's next weekly reset is scheduled."""
    from getbill_import.store.jobs import schedule_once

    with store.write() as conn:
        reset_at = conn.execute(sa.select(accounts.c.reset_at).where(accounts.c.id == account)).scalar()
        when = (reset_at or now) + dt.timedelta(days=settings.api.sandbox_reset_days)
        schedule_once(conn, account=account, kind=RESET_JOB, subject=account, run_at=when, now=now)


def sandbox_accounts(store: Store) -> list[str]:
    with store.read() as conn:
        return [r[0] for r in conn.execute(sa.select(accounts.c.id).where(accounts.c.sandbox.is_(True)))]
