"""Error reports: the problem table written for people (CSV, annotated XLSX) and scripts (JSON),
and the corrected copy of the input (``--fix``).

    write_report(path, problems, *, context) -> Path     # format from the suffix: .csv .json .xlsx
    write_fixed_copy(path, frame, problems, *, context) -> FixResult
"""

from __future__ import annotations

from getbill_import.report._context import ReportContext
from getbill_import.report._escape import escape_expr, escape_frame, escape_value
from getbill_import.report._fix import FixResult, write_fixed_copy
from getbill_import.report._writers import REPORT_FORMATS, write_report

__all__ = [
    "REPORT_FORMATS",
    "FixResult",
    "ReportContext",
    "escape_expr",
    "escape_frame",
    "escape_value",
    "write_fixed_copy",
    "write_report",
]
