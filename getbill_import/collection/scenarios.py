"""Collection scenarios and message templates, as data.

A scenario is a TOML file named after it (``standard_3_waves.toml``): waves, each a day offset, a
channel and a template, and a final escalation step::

    description = "E-mail on day 1, SMS on day 7; legal escalation on day 30."
    order = 1                 # optional: where it comes in lists

    [[waves]]
    day = 1                   # days after the due date (after the case was opened, if it was
    channel = "email"         #   opened overdue): email, sms, ai_call or letter
    template = "email_friendly_reminder"

    [escalation]              # optional: hand the case to legal collection on this day
    day = 30

A template is a TOML file in a ``templates`` folder: its ``channel``, a ``subject`` (e-mails and
letters) and a ``body``, with the placeholders of :data:`PLACEHOLDERS` written ``$reference``.

The scenarios and templates shipped with the package come first; a user folder (the
``GETBILL_SCENARIOS_DIR`` setting) adds its own, or replaces one of the same name. The names
of the catalog are the scenarios validation accepts.

Pure: reads the TOML files, nothing else.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from getbill_import.errors import ConfigError

CHANNELS: tuple[str, ...] = ("email", "sms", "ai_call", "letter")
#: what a template may say
PLACEHOLDERS: frozenset[str] = frozenset(
    {"debtor_name", "reference", "amount", "balance", "currency", "due_date", "creditor"}
)
TEMPLATES_DIR = "templates"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
_LAST_ORDER = 1_000_000


@dataclass(frozen=True)
class Wave:
    #: 1 for the first wave of its scenario
    number: int
    day: int
    channel: str
    template: str


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    waves: tuple[Wave, ...]
    #: the day the case goes to legal collection if still unpaid (None: it never does)
    escalation_day: int | None
    source: str
    order: int = _LAST_ORDER

    @property
    def steps(self) -> int:
        """Waves, and the escalation step when there is one."""
        return len(self.waves) + (1 if self.escalation_day is not None else 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "description": self.description,
            "waves": [{"wave": w.number, "day": w.day, "channel": w.channel, "template": w.template}
                      for w in self.waves],
            "escalation": None if self.escalation_day is None else {"day": self.escalation_day},
        }


@dataclass(frozen=True)
class Template:
    name: str
    channel: str
    subject: str | None
    body: str
    source: str

    def render(self, values: Mapping[str, str]) -> tuple[str | None, str]:
        """The subject and body with the placeholders filled in."""
        subject = string.Template(self.subject).safe_substitute(values) if self.subject is not None else None
        return subject, string.Template(self.body).safe_substitute(values)


@dataclass(frozen=True)
class Catalog:
    scenarios: dict[str, Scenario]
    templates: dict[str, Template]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.scenarios)

    def get(self, name: str | None) -> Scenario | None:
        return self.scenarios.get(name) if name is not None else None


def bundled_dir() -> Path:
    """The scenarios shipped with the package (their templates in ``templates/`` beside)."""
    return Path(__file__).resolve().parent / "scenarios"


def bundled_templates_dir() -> Path:
    return Path(__file__).resolve().parent / TEMPLATES_DIR


def load_catalog(user_dir: Path | str | None = None) -> Catalog:
    """The bundled scenarios and templates, and those of ``user_dir`` (``*.toml`` scenarios,
    ``templates/*.toml``), which replace bundled ones of the same name. A missing user folder
    adds nothing. Raises ConfigError naming the file and what is wrong with it."""
    folder = Path(user_dir).expanduser() if user_dir is not None else None
    return _load(str(folder) if folder is not None else None, _fingerprint(folder))


def bundled_names() -> tuple[str, ...]:
    """The names of the scenarios shipped with the package, in their order."""
    return load_catalog(None).names


def _fingerprint(folder: Path | None) -> tuple[tuple[str, float], ...]:
    """The user folder's files and modification times: the cache is read again when they change."""
    if folder is None or not folder.is_dir():
        return ()
    files = [*folder.glob("*.toml"), *(folder / TEMPLATES_DIR).glob("*.toml")]
    return tuple(sorted((str(f), f.stat().st_mtime) for f in files))


@lru_cache(maxsize=16)
def _load(folder: str | None, _stamp: tuple[tuple[str, float], ...]) -> Catalog:
    template_files = _files(bundled_templates_dir())
    scenario_files = _files(bundled_dir())
    if folder is not None:
        template_files.update(_files(Path(folder) / TEMPLATES_DIR))
        scenario_files.update(_files(Path(folder)))
    templates = {name: _template(name, path) for name, path in sorted(template_files.items())}
    scenarios = [_scenario(name, path, templates) for name, path in scenario_files.items()]
    scenarios.sort(key=lambda s: (s.order, s.name))
    return Catalog({s.name: s for s in scenarios}, templates)


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    found = {}
    for path in folder.glob("*.toml"):
        if not _NAME.match(path.stem):
            raise ConfigError(
                f"{path}: a scenario or template is named by its file, in lowercase letters, digits and "
                f"underscores (at most 64 characters), e.g. my_scenario.toml; rename {path.name}."
            )
        found[path.stem] = path
    return found


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}.") from None
    except OSError as exc:
        raise ConfigError(f"{path} cannot be read: {exc.strerror or exc}.") from None


def _template(name: str, path: Path) -> Template:
    doc = _read(path)
    unknown = sorted(set(doc) - {"channel", "subject", "body"})
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}; a template has channel, subject and body.")
    channel, subject, body = doc.get("channel"), doc.get("subject"), doc.get("body")
    if channel not in CHANNELS:
        raise ConfigError(f"{path}: channel must be one of {', '.join(CHANNELS)}, not {channel!r}.")
    if not isinstance(body, str) or not body.strip():
        raise ConfigError(f"{path}: body is the message's text, and cannot be empty.")
    if subject is not None and not isinstance(subject, str):
        raise ConfigError(f"{path}: subject is text.")
    if channel == "email" and not subject:
        raise ConfigError(f"{path}: an e-mail template needs a subject.")
    for text in (subject, body):
        if text is None:
            continue
        checked = string.Template(text)
        if not checked.is_valid():
            raise ConfigError(f"{path}: a '$' that starts no placeholder; write '$$' for a dollar sign.")
        strange = sorted(set(checked.get_identifiers()) - PLACEHOLDERS)
        if strange:
            raise ConfigError(
                f"{path}: unknown placeholder(s) {', '.join('$' + s for s in strange)}; "
                f"known: {', '.join('$' + p for p in sorted(PLACEHOLDERS))}."
            )
    return Template(name, channel, subject, body, str(path))


def _scenario(name: str, path: Path, templates: Mapping[str, Template]) -> Scenario:
    doc = _read(path)
    unknown = sorted(set(doc) - {"description", "order", "waves", "escalation"})
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) {', '.join(unknown)}; a scenario has description, order, [[waves]] and [escalation]."
        )
    description = doc.get("description", "")
    if not isinstance(description, str):
        raise ConfigError(f"{path}: description is text.")
    order = doc.get("order", _LAST_ORDER)
    if not isinstance(order, int) or isinstance(order, bool):
        raise ConfigError(f"{path}: order is a whole number.")
    raw_waves = doc.get("waves")
    if not isinstance(raw_waves, list) or not raw_waves:
        raise ConfigError(f"{path}: a scenario has at least one wave ([[waves]] with day, channel and template).")
    waves = []
    previous = -1
    for number, raw in enumerate(raw_waves, start=1):
        where = f"{path}, wave {number}"
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: a wave is a table with day, channel and template.")
        strange = sorted(set(raw) - {"day", "channel", "template"})
        if strange:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(strange)}; a wave has day, channel and template.")
        day = _day(raw.get("day"), where)
        if day < previous:
            raise ConfigError(f"{where}: day {day} comes before the previous wave's day {previous}; list waves in order.")
        previous = day
        channel = raw.get("channel")
        if channel not in CHANNELS:
            raise ConfigError(f"{where}: channel must be one of {', '.join(CHANNELS)}, not {channel!r}.")
        template = raw.get("template")
        found = templates.get(template) if isinstance(template, str) else None
        if found is None:
            raise ConfigError(
                f"{where}: there is no template {template!r}; add templates/{template}.toml beside the scenario "
                f"or use one of {', '.join(sorted(templates))}."
            )
        if found.channel != channel:
            raise ConfigError(f"{where}: template {template!r} is for {found.channel}, not {channel}.")
        waves.append(Wave(number, day, channel, found.name))
    escalation = doc.get("escalation")
    escalation_day = None
    if escalation is not None:
        if not isinstance(escalation, dict) or set(escalation) - {"day"}:
            raise ConfigError(f"{path}: [escalation] holds only the day the case goes to legal collection.")
        escalation_day = _day(escalation.get("day"), f"{path}, escalation")
        if escalation_day < previous:
            raise ConfigError(f"{path}: the escalation (day {escalation_day}) comes before the last wave (day {previous}).")
    return Scenario(name, description, tuple(waves), escalation_day, str(path), order)


def _day(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3650:
        raise ConfigError(f"{where}: day is a whole number of days after the due date (0 to 3650), not {value!r}.")
    return value
