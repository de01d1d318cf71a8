"""Collection benchmark: the scheduler over 1,000,000 open cases with one wave due for each, a
second tick that finds nothing to do, and the report on a million cases — on SQLite and, when a
URL is given, PostgreSQL.

    python benchmarks/bench_collection.py                       # SQLite, 1,000,000 cases
    python benchmarks/bench_collection.py --cases 200000 --postgres postgresql+psycopg://postgres@127.0.0.1:55432/postgres

The cases are loaded by the importer's loader (``load_cases``) into a fresh store, all in
``standard_3_waves`` and opened today, so that tomorrow each has exactly its first wave due
(a simulated e-mail). The tick is timed as ``collection tick`` runs it: claims, channel,
follow-ups, case changes and events (``followup.completed`` and ``debt.contacted``) written.

Floors, measured in the same run on the same store (reset between runs):
- tick: the same rows written by four set-based SQL statements with constant payloads
  (``INSERT … SELECT`` the follow-ups, one ``UPDATE`` of the cases, ``INSERT … SELECT`` the two
  kinds of events) — what no scheduler that writes a row per follow-up and per event can beat;
- report: one ``SELECT count(*), sum(…)`` over the account's cases.

The report runs on cases made varied first: opened over a year, 40% resolved, 10% escalated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from getbill_import.collection.report import build_report  # noqa: E402
from getbill_import.collection.scheduler import tick  # noqa: E402
from getbill_import.config import Settings  # noqa: E402
from getbill_import.fields import CASE_FIELDS, LINE  # noqa: E402
from getbill_import.load import load_cases  # noqa: E402
from getbill_import.store import Store, open_store  # noqa: E402
from getbill_import.store.imports import ensure_account  # noqa: E402
from getbill_import.validate import VALID  # noqa: E402

ACCOUNT = "bench"


def cases_frame(n: int, today: dt.date) -> pl.DataFrame:
    """``n`` valid cases as validation hands them to the loader."""
    frame = pl.DataFrame({LINE: pl.int_range(2, n + 2, eager=True)}).with_columns(
        pl.format("BENCH-{}", pl.col(LINE)).alias("reference"),
        pl.format("Client {}", pl.col(LINE)).alias("debtor.name"),
        pl.format("client{}@example.fr", pl.col(LINE)).alias("debtor.email"),
        pl.format("+336{}", (pl.col(LINE) % 100_000_000).cast(pl.String).str.zfill(8)).alias("debtor.phone"),
        pl.format("{} rue du Moulin", pl.col(LINE) % 200).alias("debtor.address.line1"),
        pl.lit("69003").alias("debtor.address.postal_code"), pl.lit("Lyon").alias("debtor.address.city"),
        pl.lit("FR").alias("debtor.address.country"),
        ((pl.col(LINE) % 5000) * 100 + 1999).cast(pl.Decimal(18, 2)).truediv(100).cast(pl.Decimal(18, 2)).alias("amount"),
        pl.lit("EUR").alias("currency"), pl.lit(today).alias("due_date"), pl.lit(None, pl.Date).alias("issue_date"),
        pl.lit("standard_3_waves").alias("scenario"), pl.lit("{}").alias("metadata"), pl.lit(True).alias(VALID),
    )
    return frame.with_columns(pl.lit(None, pl.String).alias(f) for f in CASE_FIELDS if f not in frame.columns)


def analyze(store: Store) -> None:
    with store.write() as conn:
        conn.exec_driver_sql("ANALYZE")


def reset(store: Store) -> None:
    """Back to the state after loading: every case open with its first wave due, no follow-up,
    only the ``debt.created`` events (their payloads rendered from the case, as after a load)."""
    with store.write() as conn:
        conn.exec_driver_sql("DELETE FROM followups")
        conn.exec_driver_sql("DELETE FROM events WHERE type <> 'debt.created'")
        conn.exec_driver_sql(
            "UPDATE cases SET steps_done = 0, next_step_on = '1970-01-01', last_step_at = NULL, last_channel = NULL, "
            "contacted_at = NULL, resolved_at = NULL, escalated_at = NULL, status = 'open', balance_cents = amount_cents"
        )
        conn.exec_driver_sql("UPDATE events SET payload = NULL WHERE type = 'debt.created'")
    analyze(store)


def floor(store: Store, now: dt.datetime) -> float:
    """The tick's rows written by four set-based statements."""
    dialect = store.dialect
    stamp: Any = now.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") if dialect == "sqlite" else now
    day = now.date().isoformat()
    params = {"a": ACCOUNT, "now": stamp, "day": day, "next": (now.date() + dt.timedelta(days=6)).isoformat()}
    details = '{"simulated": true, "template": "email_friendly_reminder"}'
    # PostgreSQL wants days typed; SQLite compares the ISO text (a CAST would make it a number)
    day_sql, next_sql = ("CAST(:day AS date)", "CAST(:next AS date)") if dialect == "postgresql" else (":day", ":next")
    payload = '{"event": "constant"}'
    started = time.perf_counter()
    with store.write() as conn:
        conn.execute(sa.text(
            "INSERT INTO followups (account, case_id, scenario, wave, channel, template, status, outcome, details, "
            f"scheduled_for, started_at, completed_at) SELECT account, id, scenario, 1, 'email', 'email_friendly_reminder', "
            f"'done', 'delivered', '{details}', {day_sql}, :now, :now FROM cases WHERE account = :a "
            f"AND status IN ('open', 'contacted') AND next_step_on <= {day_sql}"
        ), params)
        conn.execute(sa.text(
            f"UPDATE cases SET steps_done = 1, next_step_on = {next_sql}, last_step_at = :now, last_channel = 'email', "
            "status = 'contacted', contacted_at = :now, updated_at = :now WHERE account = :a "
            f"AND status IN ('open', 'contacted') AND next_step_on <= {day_sql}"
        ), params)
        for kind in ("followup.completed", "debt.contacted"):
            conn.execute(sa.text(
                "INSERT INTO events (account, case_id, type, payload, created_at) "
                f"SELECT account, case_id, '{kind}', '{payload}', :now FROM followups WHERE account = :a"
            ), params)
    return time.perf_counter() - started


def history(store: Store) -> None:
    """Vary the cases for the report: opened over a year, 40% resolved, 10% escalated."""
    if store.dialect == "postgresql":
        spread = "created_at - (abs(hashtext(id)) % 365) * interval '1 day'"
        resolved_at = "created_at + (abs(hashtext(reference)) % 60) * interval '1 day'"
        bucket = "abs(hashtext(id || 'x')) % 10"
    else:
        spread = "datetime(created_at, '-' || (abs(unicode(substr(id, -3))) * 7 % 365) || ' days')"
        resolved_at = "datetime(created_at, '+' || (rowid % 60) || ' days')"
        bucket = "(rowid * 7) % 10"
    with store.write() as conn:
        conn.execute(sa.text(f"UPDATE cases SET created_at = {spread}"))
        conn.execute(sa.text(
            f"UPDATE cases SET status = 'resolved', balance_cents = 0, resolved_at = {resolved_at} WHERE {bucket} < 4"
        ))
        conn.execute(sa.text(f"UPDATE cases SET status = 'escalated', escalated_at = created_at WHERE {bucket} = 4"))
        conn.execute(sa.text(f"UPDATE cases SET balance_cents = balance_cents / 2 WHERE {bucket} = 5"))
    analyze(store)


def report_floor(store: Store) -> float:
    started = time.perf_counter()
    with store.read() as conn:
        conn.execute(sa.text("SELECT count(*), sum(amount_cents), sum(balance_cents) FROM cases WHERE account = :a"),
                     {"a": ACCOUNT}).one()
    return time.perf_counter() - started


def followup_count(store: Store) -> int:
    with store.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM followups").scalar_one())


def bench(url: str, label: str, n: int, repeat: int, settings: Settings) -> dict[str, Any]:
    store = open_store(url)
    try:
        today = dt.datetime.now(dt.UTC).date()
        with store.write() as conn:
            ensure_account(conn, ACCOUNT)
        started = time.perf_counter()
        load_cases(store, cases_frame(n, today), account=ACCOUNT)
        loaded = time.perf_counter() - started
        analyze(store)
        when = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
        ticks, floors = [], []
        for run in range(repeat):
            if run:
                reset(store)
            started = time.perf_counter()
            result = tick(store, settings, now=when)
            ticks.append(time.perf_counter() - started)
            assert result.followups == n, result.to_json()
            started = time.perf_counter()
            second = tick(store, settings, now=when + dt.timedelta(hours=1))
            again = time.perf_counter() - started
            assert second.followups == 0 and followup_count(store) == n
            reset(store)
            floors.append(floor(store, when))
            assert followup_count(store) == n
        print(f"[{label}] tick {[round(t, 1) for t in ticks]} s, floor {[round(f, 1) for f in floors]} s", file=sys.stderr)
        history(store)  # on the floor's writes: every case contacted once by e-mail
        reports, report_floors = [], []
        for _ in range(5):
            started = time.perf_counter()
            built = build_report(store, account=ACCOUNT, period="month", now=when)
            reports.append(time.perf_counter() - started)
            report_floors.append(report_floor(store))
        assert built.totals["cases"] == n
        tick_s, floor_s = statistics.median(ticks), statistics.median(floors)
        return {
            "database": label, "cases": n, "load_s": loaded, "tick_s": tick_s, "throughput": n / tick_s,
            "floor_s": floor_s, "ratio": tick_s / floor_s, "second_tick_s": again,
            "report_s": statistics.median(reports), "report_floor_s": statistics.median(report_floors),
            "report_periods": len(built.by_period), "resolution_rate": built.totals["resolution_rate"],
        }
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="tick and floor runs, in turns (medians are kept)")
    parser.add_argument("--postgres", help="also on this PostgreSQL server (in a schema of its own, dropped after)")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="getbill-bench-collection-") as folder:
        settings = Settings.from_env({"GETBILL_DATA_DIR": folder})
        if not args.no_sqlite:
            results.append(bench(f"sqlite:///{folder}/bench.db", "sqlite", args.cases, args.repeat, settings))
        if args.postgres:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine(args.postgres, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            try:
                url = sa.make_url(args.postgres).update_query_dict({"options": f"-csearch_path={schema}"})
                results.append(bench(url.render_as_string(hide_password=False), "postgresql", args.cases, args.repeat,
                                     settings))
            finally:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
                admin.dispose()
    print(f"{'database':<11} {'cases':>9} {'load':>7} {'tick':>7} {'cases/s':>8} {'floor':>7} {'×floor':>6} "
          f"{'2nd tick':>9} {'report':>7} {'floor':>7}")
    for r in results:
        print(f"{r['database']:<11} {r['cases']:>9,} {r['load_s']:>6.1f}s {r['tick_s']:>6.1f}s {r['throughput']:>8,.0f} "
              f"{r['floor_s']:>6.1f}s {r['ratio']:>6.2f} {r['second_tick_s'] * 1000:>7.0f}ms {r['report_s']:>6.2f}s "
              f"{r['report_floor_s']:>6.2f}s")


if __name__ == "__main__":
    main()
