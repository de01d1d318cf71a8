"""Shared pieces of the remote-import tests: an export whose valid rows are known by
construction, and what the server holds for an account, read from its own database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from getbill_import.config import Settings
from getbill_import.store import open_store
from getbill_import.store.schema import cases, events, imports

HEADER = "N° facture;Client;Email;Téléphone;Montant TTC;Devise;Échéance"


def invalid_row(i: int) -> bool:
    """Rows the file's own validation rejects: a date that does not exist, or no amount."""
    return i % 13 == 5 or i % 29 == 7


def write_export(path: Path, rows: int, *, prefix: str = "R") -> dict[str, int]:
    """A semicolon CSV of ``rows`` invoices; returns the valid rows as reference -> amount in cents."""
    lines = [HEADER]
    expected: dict[str, int] = {}
    for i in range(rows):
        reference = f"{prefix}-{i:06d}"
        euros, cents = (i % 9000) + 10, i % 100
        email = f"client{i}@example.fr"
        amount = "" if i % 29 == 7 else f"{euros},{cents:02d}"
        due = "31/02/2026" if i % 13 == 5 else f"{1 + i % 28:02d}/01/2026"
        lines.append(
            f"{reference};Client {i};{email};06 {i // 10000 % 100:02d} {i // 100 % 100:02d} {i % 100:02d} 11;"
            f"{amount};EUR;{due}"
        )
        if not invalid_row(i):
            expected[reference] = euros * 100 + cents
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return expected


def client_settings(folder: Path, **env: str) -> Settings:
    """The importer's settings: its own data folder (and local store) under ``folder``."""
    return Settings.from_env({"GETBILL_DATA_DIR": str(folder), **env})


@dataclass
class ServerState:
    #: reference -> (amount in cents, how many cases hold it)
    cases: dict[str, tuple[int, int]]
    #: debt.created events
    events: int
    #: batches the server made for the account, and the cases they say they created
    batches: int
    created_by_batches: int


def server_state(database_url: str, account: str) -> ServerState:
    with open_store(database_url, migrate_schema=False) as store, store.read() as conn:
        rows = conn.execute(
            sa.select(cases.c.reference, sa.func.min(cases.c.amount_cents), sa.func.count())
            .where(cases.c.account == account).group_by(cases.c.reference)
        ).all()
        n_events = conn.execute(sa.select(sa.func.count()).select_from(events).where(
            events.c.account == account, events.c.type == "debt.created")).scalar_one()
        batches, created = conn.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(imports.c.created), 0))
                                        .where(imports.c.account == account, imports.c.kind == "batch")).one()
    return ServerState({r[0]: (int(r[1]), int(r[2])) for r in rows}, int(n_events), int(batches), int(created))


def assert_server_has_exactly(database_url: str, account: str, expected: dict[str, int], *, chunks: int) -> ServerState:
    """The server holds one case per valid row of the file, with its amount, none missing, none
    doubled, one debt.created event each; and one batch per chunk (no chunk made twice)."""
    state = server_state(database_url, account)
    missing = sorted(set(expected) - set(state.cases))
    extra = sorted(set(state.cases) - set(expected))
    assert not missing, f"{len(missing)} valid rows are not cases: {missing[:5]}"
    assert not extra, f"{len(extra)} cases are not valid rows: {extra[:5]}"
    doubled = [ref for ref, (_, n) in state.cases.items() if n != 1]
    assert not doubled
    assert {ref: cents for ref, (cents, _) in state.cases.items()} == expected
    assert state.events == len(expected)
    assert state.batches == chunks, f"{state.batches} batches for {chunks} chunks"
    assert state.created_by_batches == len(expected)
    return state
