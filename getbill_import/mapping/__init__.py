"""Column mapping: the user's columns onto the canonical case fields.

Public surface (pure: no I/O beyond reading mapping data files, and writing a learned profile):

    map_columns(frame, *, mappings_dir, profiles_dirs, learned_dir, profile=None,
                mapped_threshold=0.8, confirm_threshold=0.6) -> MappingResult
    header_field(header) -> tuple[str | None, float, str]   # field (None = ignore), score 0..1, reason
    header_score(headers) -> float                          # how much a row looks like a header
    apply_mapping(frame, mapping) -> pl.DataFrame           # canonical String columns + LINE + METADATA
    mapping_columns_for_reports(mapping) -> dict[str, str]  # case field -> user column ("Prénom + Nom")
    save_profile(name, mapping, headers, directory, *, today=None) -> Path
    headers_fingerprint(headers) -> str                     # sha256 of the normalised headers, in order
    normalize_header(header) -> str

The vocabulary is data: ``mappings/synonyms/*.toml``; profiles: ``mappings/profiles/*.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pathlib import Path

    from getbill_import.mapping.headers import HeaderMatch
    from getbill_import.mapping.profiles import Ledger, RowRule

Status = Literal["mapped", "to_confirm", "unmapped"]


@dataclass
class ColumnMapping:
    column: str
    field: str | None
    confidence: float
    status: Status
    reason: str
    #: what the header says the column is, when it ranks among several ("open balance", "total
    #: tax included", "invoice number"); empty when a profile or the values decided
    role: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "field": self.field,
            "confidence": round(self.confidence, 3),
            "status": self.status,
            "reason": self.reason,
        }


@dataclass
class MappingResult:
    columns: list[ColumnMapping]
    profile: str | None = None
    fingerprint: str = ""
    notices: list[str] = field(default_factory=list)
    #: the applied profile's row rules (see ``profiles.RowRule``)
    row_rules: tuple[RowRule, ...] = ()
    #: the applied profile's fallbacks (see ``profiles.Profile.fallbacks``)
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the applied profile's ledger (see ``profiles.Ledger``)
    ledger: Ledger | None = None
    #: the applied profile's file format (``profiles.FILE_FORMATS``)
    file_format: str | None = None
    #: the columns the user mapped or left out by hand (``--set``)
    set_by_hand: frozenset[str] = frozenset()

    def field_columns(self) -> dict[str, str]:
        """Canonical field -> the user's column, for every mapped or to-confirm column."""
        return {c.field: c.column for c in self.columns if c.field and c.status != "unmapped"}

    def runners_up(self, winner: str, target: str, mappings_dir: Path | str) -> list[tuple[str, HeaderMatch]]:
        """The columns (and their headers' readings) that read as ``target`` by their header but lost
        it to ``winner``, in the file's order; none the user set by hand."""
        from getbill_import.mapping.headers import match_header
        from getbill_import.mapping.resolve import lost_to

        said = lost_to(winner)
        # or, in a profile, listed after the winner for the same field
        taken = f": {target} is already '{winner}'"
        found = [(c.column, match_header(c.column, mappings_dir)) for c in self.columns
                 if c.field is None and c.column not in self.set_by_hand and (c.reason.startswith(said) or c.reason.endswith(taken))]
        return [(column, match) for column, match in found if match.field == target]

    def missing_required(self) -> list[str]:
        """Required case fields no column provides (a composed name counts as the name)."""
        from getbill_import.fields import REQUIRED_FIELDS

        fields = set(self.field_columns())
        if {"debtor.first_name", "debtor.last_name"} & fields:
            fields.add("debtor.name")
        return [f for f in REQUIRED_FIELDS if f not in fields]

    def to_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "fingerprint": self.fingerprint,
            "columns": [c.to_json() for c in self.columns],
            "missing_required": self.missing_required(),
            "notices": list(self.notices),
        }


# The functions import the dataclasses above, so they come last.
from getbill_import.mapping.apply import apply_mapping, mapping_columns_for_reports  # noqa: E402
from getbill_import.mapping.columns import map_columns  # noqa: E402
from getbill_import.mapping.headers import header_field, header_score, match_header  # noqa: E402
from getbill_import.mapping.normalize import normalize_header  # noqa: E402
from getbill_import.mapping.profiles import headers_fingerprint, load_profiles, save_profile  # noqa: E402

__all__ = [
    "ColumnMapping",
    "MappingResult",
    "Status",
    "apply_mapping",
    "header_field",
    "header_score",
    "headers_fingerprint",
    "load_profiles",
    "map_columns",
    "mapping_columns_for_reports",
    "match_header",
    "normalize_header",
    "save_profile",
]
