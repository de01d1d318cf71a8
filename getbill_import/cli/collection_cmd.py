"""The collection lifecycle on the command line: ``collection tick|scenarios|status|escalate``,
``followups list``, ``payments import|add|list`` and ``report``."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.table import Table

from getbill_import.cli._common import (
    EXIT_CANNOT_PROCESS,
    EXIT_INVALID_ROWS,
    console,
    echo_json,
    load_settings,
    opened_store,
    store_options,
    user_errors,
)
from getbill_import.collection.scenarios import CHANNELS
from getbill_import.store.types import utc_now

_MOMENT = click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S"])
_OUTCOMES = ("delivered", "reached", "no_answer", "bounced", "promise_to_pay", "failed")


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def _fail(message: str) -> NoReturn:
    console(stderr=True).print(f"[bold red]Error:[/] {message}")
    sys.exit(EXIT_CANNOT_PROCESS)


def _case_id(store: Any, account: str, key: str) -> str:
    from getbill_import.store.service import find_case

    with store.read() as conn:
        row = find_case(conn, account, key)
    if row is None:
        _fail(f"There is no case '{key}' (a reference or an id) in account '{account}'.")
    return str(row["id"])


# --- collection ---------------------------------------------------------------------------------

@click.group()
def collection() -> None:
    """Run the follow-up scheduler, list the scenarios, move a case along its statuses."""


@collection.command("tick")
@click.option("--account", help="Only this account (default: every account in the store).")
@click.option("--database-url", help="The case store (default: GETBILL_DATABASE_URL).")
@click.option("--now", type=_MOMENT, help="Run as of this moment (UTC), not the current time.")
@click.option("--limit", type=click.IntRange(min=1), help="Handle at most this many cases.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def tick_(account, database_url, now, limit, fmt):
    """Execute every due follow-up, escalation and plan of every open case, once (for cron;
    `serve` runs the same scheduler). Several may run at once on one PostgreSQL."""
    from getbill_import.collection.scheduler import tick
    from getbill_import.store import open_store

    with user_errors():
        settings = load_settings(database_url=database_url)
        store = open_store(settings.database_url)
        try:
            result = tick(store, settings, now=_utc(now) or utc_now(), account=account, limit=limit)
        finally:
            store.close()
    if fmt == "json":
        echo_json(result.to_json())
        return
    out = console()
    channels = ", ".join(f"{n} {c}" for c, n in sorted(result.by_channel.items())) or "none"
    outcomes = ", ".join(f"{n} {o}" for o, n in sorted(result.by_outcome.items())) or "none"
    out.print(f"{result.followups} follow-up{'s' if result.followups != 1 else ''} ({channels}; {outcomes}), "
              f"{result.contacted} first contact{'s' if result.contacted != 1 else ''}, "
              f"{result.escalated} escalated, {result.planned} planned, in {result.seconds:.2f} s "
              f"over {result.accounts} account{'s' if result.accounts != 1 else ''}.")
    for name, count in sorted(result.unknown_scenarios.items()):
        out.print(f"[yellow]{count} case(s) name the scenario '{name}', which no scenario file defines: skipped.[/]")
    if result.deferred:
        out.print(f"[yellow]{result.deferred} follow-up(s) deferred: their channel could not be reached.[/]")
    if result.interrupted:
        out.print(f"[yellow]{result.interrupted} follow-up(s) interrupted by a stopped scheduler, recorded as failed.[/]")
    if result.more:
        out.print(f"Stopped at --limit {limit}: due cases are left; run it again.")


@collection.command("scenarios")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def scenarios_(fmt):
    """The scenarios cases may name: their waves (day, channel, template) and escalation."""
    from getbill_import.collection.scenarios import load_catalog

    with user_errors():
        settings = load_settings()
        catalog = load_catalog(settings.collection.scenarios_dir)
    chosen = [s for s in catalog.scenarios.values() if s.name in settings.scenarios]
    if fmt == "json":
        echo_json([{**s.to_json(), "default": s.name == settings.default_scenario, "source": s.source}
                   for s in chosen])
        return
    table = Table()
    for column in ("scenario", "waves", "escalation", "description"):
        table.add_column(column, overflow="fold")
    for s in chosen:
        waves = ", ".join(f"day {w.day} {w.channel}" for w in s.waves)
        name = s.name + (" (default)" if s.name == settings.default_scenario else "")
        table.add_row(name, waves, f"day {s.escalation_day}" if s.escalation_day is not None else "none", s.description)
    console().print(table)


def _change(key: str, status: str, reason: str | None, account: str | None, database_url: str | None) -> None:
    from getbill_import.collection.payments import change_status
    from getbill_import.store.service import CaseConflict

    with user_errors(), opened_store(account, database_url) as (store, account_id):
        case_id = _case_id(store, account_id, key)
        try:
            case = change_status(store, account=account_id, case_id=case_id, status=status, now=utc_now(),
                                 reason=reason)
        except CaseConflict as exc:
            _fail(str(exc))
    console().print(f"Case {case['reference']} ({case['id']}) is {case['status']}.")


@collection.command("status")
@click.argument("key", metavar="REFERENCE_OR_ID")
@click.argument("status", type=click.Choice(["contacted", "payment_plan", "escalated", "cancelled"]))
@click.option("--reason", help="Why (kept in the debt.escalated event).")
@store_options
def status_(key, status, reason, account, database_url):
    """Move a case to another status, as the status machine allows (a case is resolved by its
    payments: see `payments add`)."""
    _change(key, status, reason, account, database_url)


@collection.command("escalate")
@click.argument("key", metavar="REFERENCE_OR_ID")
@click.option("--reason", help="Why (kept in the debt.escalated event).")
@store_options
def escalate_(key, reason, account, database_url):
    """Hand a case over to legal collection now (debt.escalated)."""
    _change(key, "escalated", reason, account, database_url)


# --- followups ----------------------------------------------------------------------------------

@click.group()
def followups() -> None:
    """The follow-ups executed: e-mails, SMS, AI calls, letters."""


FOLLOWUP_COLUMNS = ("id", "reference", "debt_id", "scenario", "wave", "channel", "template", "status", "outcome",
                    "scheduled_for", "started_at", "completed_at", "details")


@followups.command("list")
@click.option("--case", "key", metavar="REFERENCE_OR_ID", help="Only this case's follow-ups.")
@click.option("--channel", type=click.Choice(CHANNELS))
@click.option("--outcome", type=click.Choice(_OUTCOMES))
@click.option("--since", type=_MOMENT, help="Started on or after (YYYY-MM-DD or a moment, UTC).")
@click.option("--until", type=_MOMENT, help="Started before this moment (a day: on or before it).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most this many; 0 for all.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@store_options
def followups_list(key, channel, outcome, since, until, limit, fmt, account, database_url):
    """List follow-ups in the order they were executed."""
    from getbill_import.store.followups import FollowupFilter, followup_json, iter_followups

    with user_errors(), opened_store(account, database_url) as (store, account_id):
        case_id = _case_id(store, account_id, key) if key else None
        until_value: dt.date | dt.datetime | None = until
        if until is not None and until.time() == dt.time(0):
            until_value = until.date()
        filters = FollowupFilter(case_id=case_id, channel=channel, outcome=outcome, since=_utc(since),
                                 until=_utc(until_value) if isinstance(until_value, dt.datetime) else until_value)
        rows = [followup_json(r) for r in iter_followups(store, account=account_id, filters=filters, limit=limit or None)]
    if fmt == "json":
        echo_json(rows)
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=FOLLOWUP_COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "details": json.dumps(row["details"], ensure_ascii=False)})
    else:
        table = Table()
        for column in ("started_at", "reference", "scenario", "wave", "channel", "outcome"):
            table.add_column(column, overflow="fold")
        for r in rows:
            table.add_row(r["started_at"], r.get("reference") or r["debt_id"], r["scenario"], str(r["wave"]),
                          r["channel"], r["outcome"] or r["status"])
        console().print(table if rows else f"No follow-up for account '{account_id}' with these filters.")


# --- payments -----------------------------------------------------------------------------------

@click.group()
def payments() -> None:
    """Record payments, list them, reconcile a bank statement or a payments export."""


@payments.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sheet", help="Sheet name, or its 0-based index.")
@click.option("--encoding", help="The file's encoding, e.g. cp1252 (default: detected).")
@click.option("--delimiter", type=click.Choice([",", ";", "|", "~", "tab"]))
@click.option("--date-order", type=click.Choice(["day", "month"]), help="How to read 03/04/2026.")
@click.option("--column", "columns", multiple=True, metavar="ROLE=COLUMN",
              help="Say which column plays a role: amount, credit, debit, date, currency, id, text, payer, "
                   "email, invoice, status, method, refunded (repeat the option).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write what became of each line: .csv or .json.")
@click.option("--dry-run", is_flag=True, help="Match and report, record nothing.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def payments_import(path, sheet, encoding, delimiter, date_order, columns, report_path, dry_run, fmt, account,
                    database_url):
    """Reconcile a payments file (a bank statement, a Stripe payments export…): each line is
    matched to a case by the reference in it (anywhere in its text), else by amount and debtor,
    and recorded as its payment. Lines already recorded are never paid twice. Exit code 1 when
    some lines are unmatched or ambiguous (listed, and in --report)."""
    from getbill_import.collection.reconcile import ReconcileOptions, reconcile

    roles = {}
    for item in columns:
        role, sep, column = item.partition("=")
        if not sep or not column:
            _fail(f"--column takes ROLE=COLUMN, e.g. --column amount=Crédit, not {item!r}.")
        roles[role.strip()] = column.strip()
    if report_path is not None and report_path.suffix.lower() not in (".csv", ".json"):
        _fail(f"Write the report as .csv or .json, not {report_path.name!r}.")
    options = ReconcileOptions(
        sheet=int(sheet) if sheet and sheet.isdigit() else sheet, encoding=encoding,
        delimiter="\t" if delimiter == "tab" else delimiter, date_order=date_order, columns=roles, dry_run=dry_run,
    )
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        result = reconcile(store, load_settings(account=account), path, account=account_id, now=utc_now(),
                           options=options, source="import")
        if report_path is not None:
            if report_path.suffix.lower() == ".json":
                report_path.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
            else:
                _write_csv(report_path, result.report_rows())
    counts = result.counts
    if fmt == "json":
        echo_json(result.to_json())
    else:
        out = console()
        verb = "would be recorded" if dry_run else "recorded"
        out.print(f"{counts['lines']} lines: {counts['matched']} matched ({counts['payments']} payments {verb}, "
                  f"{counts['resolved']} cases resolved, {counts['overpayments']} overpayments), "
                  f"{counts['already_recorded']} already recorded, {counts['ambiguous']} ambiguous, "
                  f"{counts['unmatched']} unmatched, {counts['skipped']} skipped.")
        for title, items in (("Ambiguous", result.ambiguous), ("Unmatched", result.unmatched)):
            if not items:
                continue
            table = Table(title=title)
            for column in ("line", "amount", "text", "why", "candidates"):
                table.add_column(column, overflow="fold")
            for item in items:
                table.add_row(str(item["line"]), f"{item['amount']:.2f} {item['currency']}", item.get("text") or "",
                              item["reason"], " ".join(c["reference"] for c in item.get("candidates") or []))
            out.print(table)
    if result.ambiguous or result.unmatched:
        sys.exit(EXIT_INVALID_ROWS)


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    from getbill_import.report._escape import escape_value

    with path.open("w", newline="", encoding="utf-8") as handle:
        if not rows:
            handle.write("line,outcome\n")
            return
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: escape_value(v) for k, v in row.items()})


@payments.command("add")
@click.argument("key", metavar="REFERENCE_OR_ID")
@click.argument("amount")
@click.option("--currency", help="Default: the case's.")
@click.option("--method", default="transfer", show_default=True, help="card, transfer, direct_debit, check, cash…")
@click.option("--external-id", help="The payment's id at its processor (a Stripe payment id…): recorded once.")
@click.option("--paid-at", type=_MOMENT, help="When it was paid (default: now).")
@store_options
def payments_add(key, amount, currency, method, external_id, paid_at, account, database_url):
    """Record a payment for a case: its balance goes down; the payment that pays it off resolves it."""
    from getbill_import.collection.payments import pay

    try:
        value = Decimal(amount.replace(",", "."))
        usable = value.is_finite() and 0 < value < 10**13 and value == value.quantize(Decimal("0.01"))
    except InvalidOperation:
        usable = False
    if not usable:
        _fail(f"The amount is a number more than 0 with at most 2 decimals, such as 120.50, not {amount!r}.")
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        case_id = _case_id(store, account_id, key)
        recorded = pay(store, account=account_id, case_id=case_id, amount_cents=int(value * 100), currency=currency,
                       method=method, external_id=external_id, paid_at=_utc(paid_at), now=utc_now(), source="cli")
    payment, case = recorded.payment, recorded.case
    out = console()
    if not recorded.created:
        out.print(f"Payment {external_id} was recorded before ({payment['id']}): nothing paid again.")
        return
    out.print(f"Recorded {payment['amount']:.2f} {payment['currency']} for {case['reference']}: balance "
              f"{case['balance']:.2f}, status {case['status']}.")
    if payment["overpayment"]:
        out.print(f"[yellow]Overpayment: {payment['overpaid']:.2f} {payment['currency']} beyond the balance.[/]")


@payments.command("list")
@click.argument("key", metavar="REFERENCE_OR_ID")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def payments_list(key, fmt, account, database_url):
    """A case's payments, oldest first."""
    from getbill_import.store.payments import list_payments

    with user_errors(), opened_store(account, database_url) as (store, account_id):
        found = list_payments(store, account=account_id, case_id=_case_id(store, account_id, key))
    if fmt == "json":
        echo_json(found)
        return
    table = Table()
    for column in ("paid_at", "amount", "method", "external_id", "applied", "overpaid", "source"):
        table.add_column(column, overflow="fold")
    for p in found:
        table.add_row(p["paid_at"], f"{p['amount']:.2f} {p['currency']}", p["method"], p["external_id"] or "",
                      f"{p['applied']:.2f}", f"{p['overpaid']:.2f}", p["source"])
    console().print(table if found else "No payment recorded for this case.")


# --- report -------------------------------------------------------------------------------------

@click.command("report")
@click.option("--period", type=click.Choice(["day", "week", "month"]), default="month", show_default=True,
              help="How cases are grouped by creation.")
@click.option("--since", type=_MOMENT, help="Cases created on or after (YYYY-MM-DD or a moment, UTC).")
@click.option("--until", type=_MOMENT, help="Cases created before this moment (a day: on or before it).")
@click.option("--output", "outputs", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Write the figures to a .json or .csv file, or draw them into a .png chart (repeat the option).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@store_options
def report_(period, since, until, outputs, fmt, account, database_url):
    """Collection figures: resolution rate, amounts recovered and outstanding, delay to
    resolution (average and median), in all and by period, scenario and channel."""
    from getbill_import.collection.report import build_report, write_report

    for output in outputs:
        if output.suffix.lower() not in (".json", ".csv", ".png"):
            _fail(f"--output writes .json, .csv or .png files, not {output.name!r}.")
    end = None
    if until is not None:
        end = _utc(until + dt.timedelta(days=1) if until.time() == dt.time(0) else until)
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        built = build_report(store, account=account_id, period=period, since=_utc(since), until=end, now=utc_now())
        for output in outputs:
            write_report(built, output)
    if fmt == "json":
        echo_json(built.to_json())
        return
    if fmt == "csv":
        click.echo(built.csv_text(), nl=False)
        return
    table = Table(title=f"Collection report — {account_id}")
    for column in ("", "cases", "resolved", "rate", "recovered", "outstanding", "delay avg", "delay median"):
        table.add_column(column, overflow="fold")
    sections = [("total", built.totals), *((f"{period} {g['period']}", g) for g in built.by_period),
                *((f"scenario {g['scenario']}", g) for g in built.by_scenario),
                *((f"channel {g['channel']}", g) for g in built.by_channel)]
    for label, figures in sections:
        money = figures["amounts"]
        rate = figures["resolution_rate"]
        delay = figures["delay_days"]
        table.add_row(
            label, str(figures["cases"]), str(figures["resolved"]), f"{rate:.1%}" if rate is not None else "",
            " ".join(f"{m['recovered']:,.2f} {c}" for c, m in money.items()),
            " ".join(f"{m['outstanding']:,.2f} {c}" for c, m in money.items()),
            f"{delay['average']:.1f} d" if delay["average"] is not None else "",
            f"{delay['median']:.1f} d" if delay["median"] is not None else "",
        )
    console().print(table)
    for output in outputs:
        console().print(f"Written: {output}")


COMMANDS = [collection, followups, payments, report_]
