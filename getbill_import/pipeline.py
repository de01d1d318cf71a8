"""The pipeline: read → map → validate (→ load). It only runs the stages in order and gathers
their results; it never prints. The CLI, the API and the SFTP daemon all come through here."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from getbill_import.config import Settings
from getbill_import.errors import MappingError
from getbill_import.fields import BY_NAME, LINE
from getbill_import.mapping import MappingResult
from getbill_import.problems import ERROR, concat_problems
from getbill_import.read import ReadResult
from getbill_import.report import ReportContext, write_fixed_copy, write_report
from getbill_import.report._fix import FixResult
from getbill_import.validate import VALID, ValidationOptions, ValidationResult

#: called with a stage name ("read", "map", "validate", "report", "load") and an optional fraction done
Progress = Callable[[str, float | None], None]


@dataclass(frozen=True)
class PrepareOptions:
    sheet: str | int | None = None
    profile: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    #: "day" / "month" to force how ambiguous dates are read
    date_order: str | None = None
    apply_suggestions: bool = False


@dataclass
class PreparedFile:
    """A file read, mapped and validated: everything a loader or a report needs."""

    path: Path
    read: ReadResult
    mapping: MappingResult
    validation: ValidationResult
    #: every problem: reading (ragged rows…) and validation
    problems: pl.DataFrame
    #: the suggestions applied with ``apply_suggestions`` (line, field, old, new)
    changes: pl.DataFrame | None = None
    reports: dict[str, str] = field(default_factory=dict)

    @property
    def cases(self) -> pl.DataFrame:
        return self.validation.cases

    def counts(self) -> dict[str, int]:
        v = self.validation
        return {"rows": v.rows, "valid": v.valid, "invalid": v.invalid, "warnings": v.warnings}

    def report_context(self) -> ReportContext:
        return ReportContext(
            source=self.read.source.to_json(),
            counts=self.counts(),
            columns=[c.to_json() for c in self.mapping.columns],
            frame=self.read.frame,
            sheet=self.read.source.sheet,
        )


def _noop(stage: str, fraction: float | None = None) -> None:
    return None


def validation_options(settings: Settings, date_order: str | None = None) -> ValidationOptions:
    return ValidationOptions(
        default_currency=settings.default_currency,
        default_region=settings.default_region,
        default_scenario=settings.default_scenario,
        scenarios=settings.scenarios,
        date_order=date_order,
        default_date_order=settings.date_order,
        check_deliverability=settings.check_email_deliverability,
    )


def prepare_file(
    path: Path | str, settings: Settings, options: PrepareOptions | None = None, *, progress: Progress = _noop
) -> PreparedFile:
    """Read, map and validate one file. Raises GetbillError when it cannot be processed at all."""
    from getbill_import.mapping import (
        apply_mapping,
        header_score,
        map_columns,
        mapping_columns_for_reports,
    )
    from getbill_import.read import read_table
    from getbill_import.validate import apply_suggestions, validate_frame

    options = options or PrepareOptions()
    path = Path(path)
    progress("read", None)
    read = read_table(
        path,
        sheet=options.sheet,
        encoding=options.encoding,
        delimiter=options.delimiter,
        limits=settings.read_limits,
        header_score=functools.partial(header_score, mappings_dir=settings.mappings_dir),
    )
    progress("map", None)
    mapping = map_columns(
        read.frame,
        mappings_dir=settings.mappings_dir,
        profiles_dirs=settings.profiles_dirs,
        learned_dir=settings.learned_dir,
        profile=options.profile,
        mapped_threshold=settings.mapped_threshold,
        confirm_threshold=settings.confirm_threshold,
    )
    _require_fields(mapping, read)
    mapped = _unescape_formula_guards(apply_mapping(read.frame, mapping))
    columns = mapping_columns_for_reports(mapping)
    vopts = validation_options(settings, options.date_order)
    progress("validate", None)
    validation = validate_frame(mapped, columns=columns, options=vopts, sheet=read.source.sheet)
    changes = None
    if options.apply_suggestions and validation.problems["suggestion"].is_not_null().any():
        fixed, changes = apply_suggestions(mapped, validation.problems)
        validation = validate_frame(fixed, columns=columns, options=vopts, sheet=read.source.sheet)
    validation = _reject_unreadable_rows(validation, read.problems)
    problems = concat_problems([read.problems, validation.problems])
    return PreparedFile(path, read, mapping, validation, problems, changes)


def write_reports(
    prepared: PreparedFile, *, report: Path | str | None = None, fix: Path | str | None = None
) -> FixResult | None:
    """Write the error report and/or the corrected copy the user asked for."""
    context = prepared.report_context()
    if report is not None:
        prepared.reports["report"] = str(write_report(report, prepared.problems, context=context))
    fixed = None
    if fix is not None:
        fixed = write_fixed_copy(fix, prepared.read.frame, prepared.problems, context=context)
        prepared.reports["fix"] = str(fixed.path)
    return fixed


def _require_fields(mapping: MappingResult, read: ReadResult) -> None:
    missing = mapping.missing_required()
    if missing:
        wanted = ", ".join(f"{BY_NAME[f].description.lower()} ({f})" for f in missing)
        found = ", ".join(repr(h) for h in read.headers) or "none"
        raise MappingError(
            f"No column of {read.source.path} was recognised as the {wanted}. Columns found: {found}. "
            "Check the header row, pick a saved profile with --profile, or map the columns once with "
            "'getbill-import map FILE' and '--save NAME'."
        )


def _unescape_formula_guards(frame: pl.DataFrame) -> pl.DataFrame:
    """Values our own reports protected against formula injection (a leading apostrophe before
    = + - @) come back as the user typed them."""
    return frame.with_columns(
        pl.col(name).str.replace(r"^'([=+\-@])", "$1").alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String and name != "metadata"
    )


def _reject_unreadable_rows(validation: ValidationResult, read_problems: pl.DataFrame) -> ValidationResult:
    """A row the reader could not represent faithfully (ragged, undecodable) is never loaded."""
    bad = read_problems.filter(pl.col("severity") == ERROR)["line"].unique()
    if not bad.len():
        return validation
    cases = validation.cases.with_columns((pl.col(VALID) & ~pl.col(LINE).is_in(bad.implode())).alias(VALID))
    return ValidationResult(cases=cases, problems=validation.problems, notices=validation.notices)


def summary_json(prepared: PreparedFile) -> dict[str, Any]:
    """The stable machine-readable summary shared by ``validate --format json`` and ``import``."""
    from getbill_import.report._writers import problems_by_code

    missing = prepared.mapping.missing_required()
    return {
        "source": prepared.read.source.to_json(),
        "profile": prepared.mapping.profile,
        "fingerprint": prepared.mapping.fingerprint,
        "columns": [c.to_json() for c in prepared.mapping.columns],
        "missing_required": missing,
        "counts": prepared.counts(),
        "problems_by_code": problems_by_code(prepared.problems),
        "notices": prepared.read.source.notices + prepared.mapping.notices + prepared.validation.notices,
        "reports": dict(prepared.reports),
    }
