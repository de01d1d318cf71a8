"""Every hostile input (``tests/hostile_inputs.py``) through the real command, under a memory cap:
exit 0, 1 or 2 only, a message when refused, never a traceback or a library's panic, peak memory
(the command and the workbook parser's process) and time within the limits; and no report or
corrected copy holds a live formula, however a spreadsheet splits its lines."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("hostile_inputs", Path(__file__).with_name("hostile_inputs.py"))
assert _spec is not None and _spec.loader is not None
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

#: the limits no input may pass with the default settings
PEAK_MEMORY = 1536 * 1024 * 1024
SECONDS = 60
#: the address space the command runs in (a runaway never takes the test machine down)
CAP = 6 * 1024**3
_NOISE = ("Traceback", "panicked", "Exception ignored", "PanicException", "RUST_BACKTRACE")
_RUN = (
    "import os, resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap})); "
    "os.execv(sys.executable, [sys.executable, '-m', 'getbill_import', *sys.argv[1:]])"
)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile.generate_all(tmp_path_factory.mktemp("hostile"))


def run_capped(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str, float, int]:
    """(exit code, stdout, stderr, seconds, peak RSS of the command or any process it waited for)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _RUN.format(cap=CAP), *args],
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env)
        timer = threading.Timer(3 * SECONDS, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), \
            seconds, usage.ru_maxrss * 1024


COMMANDS = {
    "validate": lambda f, d: ["validate", str(f), "--report", str(d / "report.xlsx"), "--fix", str(d / "fixed.csv")],
    "validate-csv": lambda f, d: ["validate", str(f), "--report", str(d / "report.csv"), "--fix", str(d / "fixed.xlsx")],
    "import": lambda f, d: ["import", str(f), "--report", str(d / "report.csv"),
                            "--database-url", f"sqlite:///{d / 'store.db'}"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name", list(hostile.GENERATORS))
def test_hostile_input_gets_a_clear_answer_within_the_limits(
    inputs: dict[str, Path], name: str, command: str, tmp_path: Path
) -> None:
    env = {**os.environ, "GETBILL_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "80"}
    code, out, err, seconds, peak = run_capped(COMMANDS[command](inputs[name], tmp_path), tmp_path, env)
    assert code in (0, 1, 2), (code, out[-2000:], err[-2000:])
    for noise in _NOISE:
        assert noise not in out and noise not in err, (noise, out[-2000:], err[-2000:])
    if code == 2:
        assert err.startswith("Error: ") and len(err.strip()) > 40, err
    else:
        assert out.strip(), "a command that worked says what it did"
    assert peak <= PEAK_MEMORY, f"{name}: peak memory {peak / 2**20:,.0f} MiB"
    assert seconds <= SECONDS, f"{name}: {seconds:.1f} s"
    for written in tmp_path.glob("*"):
        if written.suffix == ".csv":
            assert_no_live_formula_in_csv(written)
        elif written.suffix == ".xlsx":
            assert_no_formula_in_xlsx(written)
    print(f"{name} {command}: exit {code}, {seconds:.1f} s, {peak / 2**20:,.0f} MiB")


# --- the formula scan --------------------------------------------------------------------------

_DANGEROUS = re.compile(r"^[=+\-@\t\r]")
#: what a spreadsheet reads as a number: harmless
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9][0-9 .,()/-]*$")


def split_as_a_spreadsheet(line: str, separator: str) -> list[str]:
    """A line cut into fields as a spreadsheet whose list separator is ``separator`` does: a quote
    opens or closes a quoted stretch wherever it stands, and separators inside one do not cut."""
    fields, current, quoted, i = [], [], False, 0
    while i < len(line):
        ch = line[i]
        if ch == '"':
            if quoted and i + 1 < len(line) and line[i + 1] == '"':
                current.append('"')
                i += 1
            else:
                quoted = not quoted
        elif ch == separator and not quoted:
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    fields.append("".join(current))
    return fields


def live_formulas(text: str) -> list[tuple[str, str]]:
    found = []
    for line in _records(text.lstrip("\ufeff")):
        for separator in (",", ";", "\t"):
            for field in split_as_a_spreadsheet(line, separator):
                if _DANGEROUS.match(field) and not _PLAIN_NUMBER.match(field):
                    found.append((repr(separator), field))
    return found


def _records(text: str) -> list[str]:
    """Physical records: lines, joined while a quote is open."""
    records, current = [], ""
    for line in text.split("\n"):
        current = f"{current}\n{line}" if current else line
        if current.count('"') % 2 == 0:
            records.append(current)
            current = ""
    if current:
        records.append(current)
    return records


def assert_no_live_formula_in_csv(path: Path) -> None:
    found = live_formulas(path.read_text(encoding="utf-8"))
    assert not found, (path.name, found[:5])


def assert_no_formula_in_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        for member in zf.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                with zf.open(member) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        data = tail + chunk
                        assert b"<f>" not in data and b"<f " not in data, (path.name, member)
                        tail = data[-8:]


def test_the_scan_finds_what_a_spreadsheet_would_run() -> None:
    assert live_formulas('a,"Eve;=1+1;",b\n') == []  # quoted: one field whatever the separator
    assert live_formulas("a,Eve;=1+1;,b\n") == [("';'", "=1+1")]
    assert live_formulas("x\t-2+3+cmd|' /C calc'!A0\n") == [("'\\t'", "-2+3+cmd|' /C calc'!A0")]
    assert live_formulas("F-1,+33142567890,-75.00,\"'=1+1\"\n") == []
    # a ';' spreadsheet reads a ',' line as one cell: its start must be inert too
    assert live_formulas("+33142567890,x\n") == [("';'", "+33142567890,x"), ("'\\t'", "+33142567890,x")]


def test_formula_payloads_in_headers_and_cells_come_out_inert(inputs: dict[str, Path], tmp_path: Path) -> None:
    env = {**os.environ, "GETBILL_DATA_DIR": str(tmp_path / "data")}
    for name in ("formula_payloads", "formula_payloads_semicolon"):
        code, _out, err, _, _ = run_capped(
            ["validate", str(inputs[name]), "--report", str(tmp_path / f"{name}.csv"), "--fix", str(tmp_path / f"{name}-fixed.csv")],
            tmp_path, env,
        )
        assert code in (0, 1), err
        fixed = (tmp_path / f"{name}-fixed.csv").read_text(encoding="utf-8")
        assert not live_formulas(fixed)
        assert "'=HYPERLINK" in fixed or "'=cmd" in fixed  # the header too
        if name == "formula_payloads":
            assert "+33142567890" in fixed and "'+33142567890" not in fixed  # a phone stays a phone
