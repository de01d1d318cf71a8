"""Column mapping: the user's columns onto the canonical case fields.

Public surface (pure: no I/O beyond reading mapping data files):

    map_columns(frame, *, mappings_dir, profiles_dirs, learned_dir, profile=None,
                mapped_threshold=0.8, confirm_threshold=0.6) -> MappingResult
    header_field(header) -> tuple[str | None, float, str]   # field (None = ignore), score 0..1, reason
    header_score(headers) -> float                          # how much a row looks like a header
    apply_mapping(frame, mapping) -> pl.DataFrame           # canonical String columns + LINE + METADATA
    save_profile(name, mapping, headers, directory) -> Path
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["mapped", "to_confirm", "unmapped"]


@dataclass
class ColumnMapping:
    column: str
    field: str | None
    confidence: float
    status: Status
    reason: str

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

    def field_columns(self) -> dict[str, str]:
        """Canonical field -> the user's column, for every mapped or to-confirm column."""
        return {c.field: c.column for c in self.columns if c.field and c.status != "unmapped"}
