"""Collection reports: resolution rate, amounts recovered and outstanding, delay to resolution —
in all, by period (of the cases' creation), by scenario and by channel (the channel of the case's
last follow-up, the one that reached it before it paid; "none" when it had none).

Definitions (every figure leaves out cancelled cases, counted apart):

- ``resolution_rate`` = resolved / cases;
- per currency, ``total`` = the cases' amounts, ``recovered`` = what their payments took off
  their balances, ``outstanding`` = what is left to pay, ``recovery_rate`` = recovered / total;
- ``delay_days``: whole days from a case's anchor (its due date, or the day it was opened if it
  was overdue by then: the day its scenario counts from) to its resolution; ``average`` and
  ``median`` over the resolved cases;
- by channel, also the follow-ups made on it, how many reached the debtor, and that rate.

The database does the counting (``store.reports``); the median comes from the number of cases
resolved after each number of days, so it is exact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from getbill_import.collection.channels import CONTACT_OUTCOMES
from getbill_import.errors import ConfigError
from getbill_import.store.engine import Store
from getbill_import.store.reports import PERIODS, aggregates
from getbill_import.store.shape import iso_utc

ACTIVE_STATUSES = ("open", "contacted", "payment_plan")
BREAKDOWNS: tuple[str, ...] = ("period", "scenario", "channel")


@dataclass
class _Group:
    cases: int = 0
    resolved: int = 0
    escalated: int = 0
    active: int = 0
    cancelled: int = 0
    #: currency -> [total, recovered, outstanding] in cents
    money: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    #: delay in days -> resolved cases
    delays: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    followups: int = 0
    reached: int = 0

    def add_cell(self, currency: str, status: str, count: int, amount: int, balance: int) -> None:
        if status == "cancelled":
            self.cancelled += count
            return
        self.cases += count
        if status == "resolved":
            self.resolved += count
        elif status == "escalated":
            self.escalated += count
        else:
            self.active += count
        money = self.money[currency]
        money[0] += amount
        money[1] += amount - balance
        money[2] += balance

    def figures(self) -> dict[str, Any]:
        resolved_delays = sum(self.delays.values())
        average = (sum(d * n for d, n in self.delays.items()) / resolved_delays) if resolved_delays else None
        found: dict[str, Any] = {
            "cases": self.cases, "resolved": self.resolved, "escalated": self.escalated, "active": self.active,
            "cancelled": self.cancelled,
            "resolution_rate": round(self.resolved / self.cases, 4) if self.cases else None,
            "amounts": {
                currency: {
                    "total": total / 100, "recovered": recovered / 100, "outstanding": outstanding / 100,
                    "recovery_rate": round(recovered / total, 4) if total else None,
                }
                for currency, (total, recovered, outstanding) in sorted(self.money.items())
            },
            "delay_days": {
                "average": round(average, 2) if average is not None else None,
                "median": _median(self.delays),
            },
        }
        return found


def _median(histogram: dict[int, int]) -> float | None:
    """The median of values given as value -> how many times."""
    n = sum(histogram.values())
    if not n:
        return None
    wanted = sorted({(n - 1) // 2, n // 2})
    values = []
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        for position in wanted:
            if seen <= position < seen + count:
                values.append(value)
        seen += count
    return sum(values) / len(values)


@dataclass
class Report:
    account: str
    period: str
    since: dt.datetime | None
    until: dt.datetime | None
    generated_at: dt.datetime
    totals: dict[str, Any]
    by_period: list[dict[str, Any]]
    by_scenario: list[dict[str, Any]]
    by_channel: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "account": self.account, "period": self.period,
            "since": iso_utc(self.since) if self.since else None, "until": iso_utc(self.until) if self.until else None,
            "generated_at": iso_utc(self.generated_at), "totals": self.totals, "by_period": self.by_period,
            "by_scenario": self.by_scenario, "by_channel": self.by_channel,
        }

    def rows(self) -> list[dict[str, Any]]:
        """Flat rows (one per breakdown, key and currency), for CSV."""
        found = []
        groups: Iterable[tuple[str, str, dict[str, Any]]] = [
            ("total", "all", self.totals),
            *(("period", g["period"], g) for g in self.by_period),
            *(("scenario", g["scenario"], g) for g in self.by_scenario),
            *(("channel", g["channel"], g) for g in self.by_channel),
        ]
        for breakdown, key, figures in groups:
            base = {
                "breakdown": breakdown, "key": key, "cases": figures["cases"], "resolved": figures["resolved"],
                "escalated": figures["escalated"], "active": figures["active"], "cancelled": figures["cancelled"],
                "resolution_rate": figures["resolution_rate"],
                "delay_days_average": figures["delay_days"]["average"],
                "delay_days_median": figures["delay_days"]["median"],
                "followups": figures.get("followups"), "reached": figures.get("reached"),
                "contact_rate": figures.get("contact_rate"),
            }
            currencies = figures["amounts"] or {None: {"total": None, "recovered": None, "outstanding": None,
                                                        "recovery_rate": None}}
            for currency, money in currencies.items():
                found.append({**base, "currency": currency, **{k: money[k] for k in
                                                                 ("total", "recovered", "outstanding", "recovery_rate")}})
        return found

    def csv_text(self) -> str:
        rows = self.rows()
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()


def build_report(
    store: Store, *, account: str, period: str = "month", since: dt.datetime | None = None,
    until: dt.datetime | None = None, now: dt.datetime,
) -> Report:
    if period not in PERIODS:
        raise ConfigError(f"The period is one of {', '.join(PERIODS)}, not {period!r}.")
    found = aggregates(store, account=account, period=period, since=since, until=until)
    total = _Group()
    groups: dict[str, dict[str, _Group]] = {name: defaultdict(_Group) for name in BREAKDOWNS}
    for period_key, scenario, channel, currency, status, delay, count, amount, balance in found.cells:
        keys = {"period": str(period_key), "scenario": scenario or "none", "channel": channel}
        for group in (total, *(groups[name][keys[name]] for name in BREAKDOWNS)):
            group.add_cell(currency, status, int(count), int(amount or 0), int(balance or 0))
            if delay is not None and int(delay) >= 0:
                group.delays[int(delay)] += int(count)
    for channel, outcome, count in found.followups:
        for group in (total, groups["channel"][channel]):
            group.followups += int(count)
            if outcome in CONTACT_OUTCOMES:
                group.reached += int(count)

    def listed(name: str) -> list[dict[str, Any]]:
        items = []
        for key in sorted(groups[name]):
            group = groups[name][key]
            figures = {name: key, **group.figures()}
            if name == "channel":
                figures.update(_contact(group))
            items.append(figures)
        return items

    return Report(account, period, since, until, now, {**total.figures(), **_contact(total)}, listed("period"),
                  listed("scenario"), listed("channel"))


def _contact(group: _Group) -> dict[str, Any]:
    return {"followups": group.followups, "reached": group.reached,
            "contact_rate": round(group.reached / group.followups, 4) if group.followups else None}


def write_report(report: Report, path: Path) -> None:
    """The report as JSON, CSV or a PNG chart, by ``path``'s suffix."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        import json

        path.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    elif suffix == ".csv":
        path.write_text(report.csv_text(), encoding="utf-8")
    elif suffix == ".png":
        draw_chart(report, path)
    else:
        raise ConfigError(f"Write the report as .json, .csv or .png, not {path.name!r}.")


def draw_chart(report: Report, path: Path) -> None:
    """Four panels: resolution rate by period and by scenario, amounts recovered and
    outstanding by period (the first currency), and follow-ups and contact rate by channel."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ConfigError(
            "Drawing the chart needs matplotlib: pip install 'getbill-import[charts]'."
        ) from None
    currencies = sorted({c for g in report.by_period for c in g["amounts"]})
    currency = currencies[0] if currencies else None
    figure, axes = plt.subplots(2, 2, figsize=(12, 8), constrained_layout=True)
    figure.suptitle(f"Collection report — {report.account} (by {report.period})")
    periods = [g["period"] for g in report.by_period]
    _bars(axes[0][0], periods, [100 * (g["resolution_rate"] or 0) for g in report.by_period],
          "Resolution rate by period (%)")
    _bars(axes[0][1], [g["scenario"] for g in report.by_scenario],
          [100 * (g["resolution_rate"] or 0) for g in report.by_scenario], "Resolution rate by scenario (%)")
    ax = axes[1][0]
    if currency is not None:
        recovered = [g["amounts"].get(currency, {}).get("recovered", 0) for g in report.by_period]
        outstanding = [g["amounts"].get(currency, {}).get("outstanding", 0) for g in report.by_period]
        ax.bar(periods, recovered, label="recovered", color="#2e7d32")
        ax.bar(periods, outstanding, bottom=recovered, label="outstanding", color="#c62828")
        ax.legend()
    ax.set_title(f"Amounts by period ({currency or 'no cases'})")
    ax.tick_params(axis="x", rotation=45)
    channels = [g for g in report.by_channel if g["channel"] != "none"]
    _bars(axes[1][1], [g["channel"] for g in channels], [100 * (g["contact_rate"] or 0) for g in channels],
          "Follow-ups reaching the debtor, by channel (%)")
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _bars(ax: Any, labels: Sequence[str], values: Sequence[float], title: str) -> None:
    ax.bar(list(labels), list(values), color="#1565c0")
    ax.set_title(title)
    ax.set_ylim(0, 100)
    ax.tick_params(axis="x", rotation=45)
