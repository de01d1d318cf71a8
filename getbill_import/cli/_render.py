"""Rich rendering of stage results, shared by the commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import polars as pl
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from getbill_import.cli._common import plural, safe
from getbill_import.mapping import MappingResult
from getbill_import.read import SourceInfo

if TYPE_CHECKING:
    from getbill_import.collection.reconcile import ReconcileResult
    from getbill_import.collection.settlements import Settled

_STATUS_STYLE = {"mapped": "green", "to_confirm": "yellow", "unmapped": "dim"}
_STAGE_LABEL = {
    "read": "Reading the file",
    "map": "Mapping the columns",
    "validate": "Validating the rows",
    "report": "Writing the reports",
    "load": "Loading the cases",
}


def render_source(console: Console, source: SourceInfo) -> None:
    parts = [f"[bold]{safe(source.path)}[/]", source.format.upper()]
    if source.encoding:
        parts.append(f"encoding {source.encoding}")
    if source.delimiter:
        parts.append(f"delimiter {_show_delimiter(source.delimiter)}")
    if source.sheet is not None:
        others = len(source.sheets) - 1
        parts.append(f"sheet '{safe(source.sheet)}'" + (f" (of {len(source.sheets)})" if others > 0 else ""))
    parts.append(f"header on line {source.header_line}" if source.header_line else "no header row")
    parts.append(plural(source.rows, "row"))
    console.print(" · ".join(parts))
    if source.excluded_lines:
        shown = ", ".join(f"{e.line} ({e.reason})" for e in source.excluded_lines[:8])
        more = len(source.excluded_lines) - 8 + source.unlisted
        console.print(f"Excluded lines: {shown}" + (f" and {more} more" if more > 0 else ""))


def render_mapping(console: Console, mapping: MappingResult) -> None:
    table = Table(title="Column mapping" + (f" (profile {safe(mapping.profile)})" if mapping.profile else ""))
    table.add_column("Source column", overflow="fold", ratio=1)
    # a field name is never cut ("debtor.address.postal_code"); the free text columns fold instead
    table.add_column("Field", no_wrap=True, min_width=max((len(c.field or "") for c in mapping.columns), default=5))
    table.add_column("Confidence", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Reason", overflow="fold", ratio=2)
    for col in mapping.columns:
        style = _STATUS_STYLE.get(col.status, "")
        table.add_row(
            safe(col.column),
            col.field or "—",
            f"{col.confidence:.0%}",
            f"[{style}]{col.status.replace('_', ' ')}[/]",
            safe(col.reason),
        )
    console.print(table)


def render_counts(console: Console, counts: dict[str, int], title: str = "Rows") -> None:
    table = Table(title=title)
    for key in counts:
        table.add_column(key.replace("_", " ").capitalize(), justify="right")
    table.add_row(*(f"{v:,}" for v in counts.values()))
    console.print(table)


#: the longest problem code: a table never cuts one
def _code_width(codes: list[str]) -> int:
    return max((len(c) for c in codes), default=4)


def render_problems(console: Console, problems: pl.DataFrame, *, limit: int = 15) -> None:
    if not problems.height:
        console.print("[green]No problem found.[/]")
        return
    by_code = problems.group_by("code", "severity").agg(
        pl.len().alias("count"), pl.col("line").min().alias("first_line"), pl.col("message").first()
    ).sort(["count", "code"], descending=[True, False])
    shown = by_code.head(limit)
    dropped = by_code.slice(limit)
    caption = None
    if dropped.height:
        caption = (
            f"and {plural(dropped.height, 'more code')} ({plural(int(dropped['count'].sum()), 'problem')}): "
            + ", ".join(dropped["code"].to_list())
        )
    table = Table(title="Most frequent problems")
    table.add_column("Code", no_wrap=True, min_width=_code_width(shown["code"].to_list()))
    table.add_column("Severity", no_wrap=True)
    table.add_column("Rows", justify="right", no_wrap=True)
    table.add_column("First line", justify="right", no_wrap=True)
    table.add_column("Example", overflow="fold")
    for row in shown.iter_rows(named=True):
        style = "red" if row["severity"] == "error" else "yellow"
        table.add_row(row["code"], f"[{style}]{row['severity']}[/]", f"{row['count']:,}", str(row["first_line"]),
                      safe(row["message"]))
    console.print(table)
    if caption:
        console.print(caption)
    detail = Table(title=f"First problems ({min(limit, problems.height)} of {problems.height:,})")
    detail.add_column("Line", no_wrap=True, justify="right")
    for name in ("Column", "Value", "Problem", "Suggestion"):
        detail.add_column(name, overflow="fold")
    for row in problems.head(limit).iter_rows(named=True):
        detail.add_row(
            str(row["line"]), safe(row["column"]), safe(_short(row["value"])), safe(row["message"]),
            safe(row["suggestion"]),
        )
    console.print(detail)


def render_notices(console: Console, notices: list[str]) -> None:
    for notice in notices:
        console.print(f"[cyan]Note:[/] {safe(notice)}")


@contextmanager
def stage_progress(console: Console) -> Iterator[Any]:
    """A progress display for the stages, on a terminal only; yields a ``progress(stage, fraction)``
    callback."""
    if not console.is_terminal:
        yield lambda stage, fraction=None: None
        return
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("Starting", total=None)

        def update(stage: str, fraction: float | None = None) -> None:
            label = _STAGE_LABEL.get(stage, stage)
            if fraction is not None:
                label = f"{label} ({fraction:.0%})"
            bar.update(task, description=label)

        yield update


def _short(value: Any, width: int = 40) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _show_delimiter(delimiter: str) -> str:
    return {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}.get(delimiter, repr(delimiter))


def render_settled(out: Console, settled: Settled) -> None:
    """The lines saying what a list said of the cases of earlier imports, and what was done."""
    counts = settled.counts
    if not settled.anything:
        return
    dry = settled.payments.dry_run
    parts = []
    if counts["payments"] or counts["already_recorded"]:
        parts.append(
            f"{counts['payments']:,} payment(s) {'to record' if dry else 'recorded'} on cases of earlier imports that "
            f"this file says are paid or owed less ({counts['amount_recorded']:,.2f}; {counts['resolved']:,} case(s) "
            f"paid in full), {counts['already_recorded']:,} recorded before"
        )
    if counts["absent"]:
        parts.append(f"{counts['absent']:,} of them on cases the complete list leaves out")
    if counts["cancelled"]:
        parts.append(f"{counts['cancelled']:,} case(s) {'to cancel' if dry else 'cancelled'}, as the file says their "
                     "invoices are")
    if counts["refused"]:
        parts.append(f"{counts['refused']:,} not recorded (another currency, or refused)")
    if counts["more_owed"]:
        parts.append(f"{counts['more_owed']:,} left as they are: the file says more is owed than their balance")
    out.print(("Earlier cases (dry run: nothing recorded): " if dry else "Earlier cases: ") + "; ".join(parts)
              + " (see --format json).")


def render_ledger_payments(out: Console, payments: ReconcileResult) -> None:
    """The line saying what became of a ledger's payments of earlier invoices."""
    counts = payments.counts
    out.print(
        f"Payments of earlier invoices in this ledger: {counts['payments']:,} recorded on their cases "
        f"({counts['amount_recorded']:,.2f}; {counts['resolved']:,} case(s) paid in full), "
        f"{counts['already_recorded']:,} recorded before, {counts['unmatched'] + counts['ambiguous']:,} "
        "matching no case (see --format json)."
    )
