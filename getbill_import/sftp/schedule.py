"""When a source is polled: every hour by default, ``every 15m`` style intervals, or a cron
expression (``0 6 * * 1-5``) read by croniter in the source's time zone."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from getbill_import.errors import ConfigError

HOURLY = "hourly"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^every\s+(\d+(?:\.\d+)?)\s*([smhd])$", re.IGNORECASE)
_ALIASES = {HOURLY: 3600.0, "daily": 86400.0}


@dataclass(frozen=True)
class Schedule:
    """``interval`` seconds after each cycle started, or the next time ``cron`` names."""

    text: str
    interval: float | None = None
    cron: str | None = None
    timezone: str | None = None

    def next_after(self, moment: float) -> float:
        """The next run (epoch seconds) strictly after ``moment`` (epoch seconds)."""
        if self.interval is not None:
            return moment + self.interval
        from croniter import croniter

        assert self.cron is not None
        zone = _zone(self.timezone) if self.timezone else None
        start = dt.datetime.fromtimestamp(moment, tz=zone) if zone else dt.datetime.fromtimestamp(moment).astimezone()
        following: dt.datetime = croniter(self.cron, start).get_next(dt.datetime)
        return following.timestamp()


def parse_schedule(text: str, *, timezone: str | None = None, where: str = "schedule") -> Schedule:
    """``hourly`` (the default), ``daily``, ``every N s|m|h|d`` or a 5-field cron expression."""
    cleaned = " ".join(str(text).split())
    lowered = cleaned.lower()
    if lowered in _ALIASES:
        return Schedule(cleaned, interval=_ALIASES[lowered])
    every = _EVERY.match(cleaned)
    if every:
        seconds = float(every.group(1)) * _UNITS[every.group(2).lower()]
        if seconds <= 0:
            raise ConfigError(f"{where}: {text!r} must be a positive interval.")
        return Schedule(cleaned, interval=seconds)
    from croniter import croniter

    if len(cleaned.split()) != 5 or not croniter.is_valid(cleaned):
        raise ConfigError(
            f"{where}: {text!r} is not a schedule. Use 'hourly', 'every 15m' (s, m, h or d) or a "
            "cron expression of five fields such as '0 6 * * 1-5' (minute hour day month weekday)."
        )
    if timezone:
        _zone(timezone, where)
    return Schedule(cleaned, cron=cleaned, timezone=timezone)


def _zone(name: str, where: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: unknown time zone {name!r} (use a name like 'Europe/Paris').") from None
