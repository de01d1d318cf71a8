"""The workbook parser's own process: ``python -P _workbook_child.py MEMORY_BYTES SECONDS``.

calamine (through fastexcel) allocates from what a workbook declares and aborts the whole process
when an allocation fails; a Rust abort cannot be caught. So the parser runs here, alone, under
the resource limits its parent set, and answers one JSON request per line on stdin:

    {"op": "open", "path": "..."}                         -> {"sheets": [...]}
    {"op": "load", "index": 0, "out": "...", "max_rows": N} -> {"height": H, "numbers": [...]}
                                                              (the sheet, every cell as text,
                                                              written to "out" as Arrow IPC)

A failure the parser reports is answered {"error": "...", "kind": "..."}. This file imports
nothing from getbill_import: it starts fast and loads only the parser.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _answer(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def _failure(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, MemoryError):
        return {"error": "out of memory", "kind": "memory"}
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return {"error": message[:500], "kind": "parser"}


def _limit(memory: int, seconds: int) -> None:
    """Set before the parser is even imported: nothing it does can pass these."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # a backstop only: the parent counts wall time and kills this process itself
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 5, seconds + 10))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str]) -> int:
    _limit(int(argv[0]), int(argv[1]))
    import fastexcel
    import polars as pl

    reader: Any = None
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request["op"] == "open":
                reader = fastexcel.read_excel(request["path"])
                _answer({"sheets": list(reader.sheet_names)})
            elif request["op"] == "load":
                sheet = reader.load_sheet(request["index"], header_row=None, dtypes="string", skip_rows=0)
                if sheet.height > request["max_rows"]:
                    _answer({"height": sheet.height, "numbers": [], "too_many_rows": True})
                    continue
                numbers = [c.absolute_index + 1 for c in sheet.available_columns()]
                frame = pl.DataFrame(sheet)
                del sheet
                frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
                frame.cast(pl.String).write_ipc(request["out"], compression="uncompressed")
                _answer({"height": frame.height, "numbers": numbers})
                del frame
            else:
                _answer({"error": f"unknown request {request['op']!r}", "kind": "protocol"})
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            _answer(_failure(exc))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
