"""``getbill-import cases list|show|delete``: look at the cases in the store, or erase one."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

import click
from rich.table import Table

from getbill_import.cli._common import (
    EXIT_INVALID_ROWS,
    console,
    echo_json,
    opened_store,
    plural,
    safe,
    store_options,
    user_errors,
)
from getbill_import.store import Store
from getbill_import.store.cases import CaseFilter, count_cases, get_case, iter_cases
from getbill_import.store.events import list_events
from getbill_import.store.imports import list_corrections
from getbill_import.store.schema import CASE_STATUSES
from getbill_import.store.service import delete_case

DEFAULT_LIST_LIMIT = 50
#: the columns of ``cases list --format csv``: the case JSON flattened with dotted names
CSV_COLUMNS: tuple[str, ...] = (
    "id", "reference", "debtor.name", "debtor.company", "debtor.email", "debtor.phone",
    "debtor.address.line1", "debtor.address.line2", "debtor.address.postal_code",
    "debtor.address.city", "debtor.address.region", "debtor.address.country",
    "amount", "balance", "currency", "due_date", "issue_date", "scenario", "status", "metadata",
    "import_id", "created_at", "updated_at",
)


_store_options = store_options
_opened = opened_store


@click.group()
def cases() -> None:
    """List, show and delete the collection cases in the store."""


@cases.command("list")
@click.option("--status", type=click.Choice(CASE_STATUSES), help="Only cases in this status.")
@click.option("--reference", help="Only this reference; end it with * for a prefix (e.g. 'F-2024-*').")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only cases created on or after this day (YYYY-MM-DD, UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only cases created on or before this day (YYYY-MM-DD, UTC).")
@click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIST_LIMIT, show_default=True, help="At most this many cases; 0 for all.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@_store_options
def list_(status, reference, since, until, limit, fmt, account, database_url):
    """List cases, oldest first."""
    filters = CaseFilter(
        status=status, reference=reference,
        since=since.date() if since else None, until=until.date() if until else None,
    )
    with user_errors(), _opened(account, database_url) as (store, account_id):
        found = iter_cases(store, account=account_id, filters=filters, limit=limit or None)
        if fmt == "json":
            _write_json_array(found)
        elif fmt == "csv":
            _write_csv(found)
        else:
            shown = list(found)
            total = count_cases(store, account=account_id, filters=filters)
            _render_list(shown, total, account_id)


@cases.command("show")
@click.argument("key", metavar="REFERENCE_OR_ID")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_store_options
def show(key, fmt, account, database_url):
    """Show one case (by its reference or its id), its events and any corrected values."""
    with user_errors(), _opened(account, database_url) as (store, account_id):
        case = _case_or_exit(store, account_id, key)
        events = [
            {"id": e["id"], "type": e["type"], "created_at": _iso(e["created_at"]), "delivered_at": _iso(e["delivered_at"])}
            for e in list_events(store, account=account_id, case_id=case["id"])
        ]
        corrections = list_corrections(store, account=account_id, reference=case["reference"])
    if fmt == "json":
        echo_json({**case, "events": events, "corrections": corrections})
        return
    out = console()
    table = Table(title=f"Case {safe(case['reference'])}", show_header=False)
    table.add_column("Field", style="bold", no_wrap=True)
    table.add_column("Value", overflow="fold")
    for name, value in _flatten(case).items():
        if name == "metadata":
            # each column the file kept, by its header; never Python's rendering of a dict
            for key, kept in (value or {}).items():
                table.add_row(f"metadata: {safe(key)}", safe(_metadata_text(kept)))
            continue
        if name in ("amount", "balance") and value is not None:
            value = f"{value:,.2f} {case['currency']}"
        table.add_row(name, safe(value))
    out.print(table)
    happened = ", ".join(f"{e['type']} ({e['created_at']})" for e in events)
    out.print(f"Events: {happened or 'none'}")
    for c in corrections:
        out.print(
            f"Corrected on import: {safe(c['column'] or c['field'])} '{safe(c['original'])}' → "
            f"'{safe(c['corrected'])}' (line {c['line']})"
        )


@cases.command("delete")
@click.argument("key", metavar="REFERENCE_OR_ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@_store_options
def delete(key, yes, account, database_url):
    """Erase a case, its events and its recorded corrections for good (right to erasure)."""
    with user_errors(), _opened(account, database_url) as (store, account_id):
        case = _case_or_exit(store, account_id, key)
        if not yes:
            click.confirm(
                f"Erase case {case['reference']} ({case['id']}, {case['debtor']['name']}) and its events "
                "for good?",
                abort=True,
            )
        deleted = delete_case(store, account=account_id, key=case["id"])
    if deleted is None:  # erased by someone else meanwhile
        _not_found(key, account_id)
    console().print(
        f"Erased case {safe(deleted.reference)} ({deleted.id}), {plural(deleted.events, 'event')} and "
        f"{plural(deleted.corrections, 'recorded correction')}."
    )


def _case_or_exit(store: Store, account: str, key: str) -> dict[str, Any]:
    case = get_case(store, account=account, key=key)
    if case is None:
        _not_found(key, account)
    return case


def _not_found(key: str, account: str) -> NoReturn:
    console(stderr=True).print(f"[bold red]Error:[/] no case with reference or id '{safe(key)}' in account '{safe(account)}'.")
    sys.exit(EXIT_INVALID_ROWS)


def _render_list(shown: list[dict[str, Any]], total: int, account: str) -> None:
    out = console()
    if not shown:
        out.print(f"No case in account '{safe(account)}' matches.")
        return
    table = Table()
    table.add_column("Reference", no_wrap=True)
    table.add_column("Debtor")
    table.add_column("Amount", justify="right", no_wrap=True)
    table.add_column("Balance", justify="right", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Status")
    table.add_column("Created", no_wrap=True)
    for case in shown:
        table.add_row(
            safe(case["reference"]), safe(case["debtor"]["name"]), f"{case['amount']:,.2f} {case['currency']}",
            f"{case['balance']:,.2f}", case["due_date"] or "", case["status"], case["created_at"][:10],
        )
    out.print(table)
    if total > len(shown):
        out.print(f"{len(shown):,} of {total:,} cases shown; use --limit 0 for all.")
    else:
        out.print(f"{plural(total, 'case')}.")


def _write_json_array(found: Iterable[dict[str, Any]]) -> None:
    # streamed: a listing of every case of a large account never sits in memory at once
    out = sys.stdout
    first = True
    out.write("[")
    for case in found:
        out.write(("\n  " if first else ",\n  ") + json.dumps(case, ensure_ascii=False))
        first = False
    out.write("]\n" if first else "\n]\n")


def _write_csv(found: Iterable[dict[str, Any]]) -> None:
    from getbill_import.report._escape import csv_field

    out = sys.stdout
    out.write(",".join(CSV_COLUMNS) + "\n")
    for case in found:
        flat = _flatten(case)
        out.write(",".join(csv_field(_csv_text(flat.get(c)), first=i == 0) for i, c in enumerate(CSV_COLUMNS)) + "\n")


def _flatten(case: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in case.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and key != "metadata":
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _metadata_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


COMMANDS = [cases]
