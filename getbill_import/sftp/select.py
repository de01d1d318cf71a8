"""Which files of a drop folder are complete and may be taken (pure: entries in, decisions out).

- Names starting with ``.`` or ending ``.part``, ``.tmp``, ``.filepart`` are uploads in progress
  (or hidden files) and are never taken; markers (``NAME.ready``, ``NAME.done``) are not data.
- With a marker beside it, a file is complete (unless ``completion = "stable"``).
- Otherwise (``completion = "auto"`` or ``"stable"``) its size and modification time must be the
  same at two looks a few seconds apart, and it must be older than a minimum age: a file still
  being written is listed with its current size.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

from getbill_import.sftp.remote import RemoteEntry

IN_PROGRESS_SUFFIXES = (".part", ".tmp", ".filepart")
MARKER_SUFFIXES = (".ready", ".done")
#: what a file that is not taken is waiting for
WAIT_MARKER = "marker"
WAIT_STABLE = "stable"


@dataclass(frozen=True)
class Candidate:
    entry: RemoteEntry
    #: the marker files announcing this one is complete
    markers: tuple[str, ...] = ()


def is_hidden_or_partial(name: str) -> bool:
    lowered = name.lower()
    return name.startswith(".") or lowered.endswith(IN_PROGRESS_SUFFIXES)


def is_marker(name: str) -> bool:
    return name.lower().endswith(MARKER_SUFFIXES)


def matches(name: str, patterns: Iterable[str]) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, p.lower()) for p in patterns)


def candidates(
    entries: Iterable[RemoteEntry], patterns: Iterable[str], *, exclude: Iterable[str] = ()
) -> list[Candidate]:
    """The data files of one folder listing that match ``patterns`` and not ``exclude``, with
    their markers, by name."""
    entries = list(entries)
    names = {e.name for e in entries}
    patterns, exclude = tuple(patterns), tuple(exclude)
    found = []
    for entry in sorted(entries, key=lambda e: e.name):
        if not entry.is_file or is_hidden_or_partial(entry.name) or is_marker(entry.name):
            continue
        if not matches(entry.name, patterns) or matches(entry.name, exclude):
            continue
        markers = tuple(entry.name + s for s in MARKER_SUFFIXES if entry.name + s in names)
        found.append(Candidate(entry, markers))
    return found


def newest(taken: Iterable[Candidate]) -> Candidate | None:
    """The most recently modified of complete files (by name when two have the same time)."""
    return max(taken, key=lambda c: (c.entry.mtime, c.entry.name), default=None)


def needs_second_look(candidate: Candidate, completion: str) -> bool:
    return completion != "marker" and not (candidate.markers and completion == "auto")


def decide(
    candidate: Candidate, second: RemoteEntry | None, *, completion: str, now: float, min_age: float
) -> str | None:
    """None when the file may be taken, else what it waits for (``WAIT_MARKER``/``WAIT_STABLE``).
    ``second`` is the same path at a later look (None: gone, or not looked at again)."""
    if candidate.markers and completion != "stable":
        return None
    if completion == "marker":
        return WAIT_MARKER
    first = candidate.entry
    if second is None or (second.size, second.mtime) != (first.size, first.mtime):
        return WAIT_STABLE
    if now - first.mtime < min_age:
        return WAIT_STABLE
    return None
