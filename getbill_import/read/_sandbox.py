"""Untrusted workbooks are parsed in a child process with a memory ceiling and a time limit.

The child (``_workbook_child.py``) runs calamine under ``RLIMIT_AS`` (address space: an
allocation past it fails there, not here) and ``RLIMIT_CPU``; the parent also counts wall time
and kills the child when the limit passes. Whatever happens to the child (a panic, an abort on
a failed allocation, a kill), the parent raises an ``InputFileError`` naming the file and the
setting to raise, and stays up. Sheets come back as Arrow IPC through a private temporary file.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

import polars as pl

from getbill_import.config import ReadLimits
from getbill_import.errors import InputFileError
from getbill_import.read._sniff import SAVE_AS_HINT, human_size

_CHILD = Path(__file__).resolve().with_name("_workbook_child.py")
#: threads the child's libraries may start (each one reserves address space)
_CHILD_THREADS = "2"
#: what the child's stderr may hold before it is cut (it is only read to explain a crash)
_STDERR_KEEP = 64 * 1024
#: what a child that ran out of address space says on stderr before it dies
_MEMORY_SIGNS = ("memory allocation", "memoryerror", "cannot allocate", "out of memory", "capacity overflow")


class ParserFailure(Exception):
    """The parser answered with an error (``kind``: "parser", "memory", "protocol")."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class SandboxedWorkbook:
    """One workbook opened in its own limited process. Use as a context manager."""

    def __init__(self, path: Path, limits: ReadLimits) -> None:
        self.path = path
        self.limits = limits
        self._deadline = time.monotonic() + limits.max_workbook_seconds
        self._tmp = Path(tempfile.mkdtemp(prefix="getbill-workbook-"))
        self._stderr: IO[bytes] = (self._tmp / "stderr").open("w+b")
        env = {**os.environ, "POLARS_MAX_THREADS": _CHILD_THREADS, "RAYON_NUM_THREADS": _CHILD_THREADS,
               "MALLOC_ARENA_MAX": "2", "RUST_BACKTRACE": "0"}
        self._proc = subprocess.Popen(
            [sys.executable, "-P", str(_CHILD), str(limits.max_workbook_memory), str(limits.max_workbook_seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=env, close_fds=True,
        )
        self.sheet_names: list[str] = []
        #: requests sent whose answers are not read yet (the child answers in order)
        self._pending: list[dict[str, Any]] = []
        self._buffer = b""

    def __enter__(self) -> SandboxedWorkbook:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(abandon=exc_type is not None)

    def start(self, prefetch: int | None, max_rows: int) -> None:
        """Ask the child to open the workbook (and load sheet ``prefetch``) now, so that it works
        while this process does something else (the guard); the answers are read when needed."""
        self._send({"op": "open", "path": str(self.path)})
        if prefetch is not None:
            self._send(self._load_request(prefetch, max_rows))

    def open(self) -> list[str]:
        answer = self._ask({"op": "open", "path": str(self.path)})
        self.sheet_names = [str(n) for n in answer["sheets"]]
        return self.sheet_names

    def load(self, index: int, max_rows: int) -> tuple[pl.DataFrame, list[int]]:
        """Sheet ``index``: every cell as text, columns c0, c1…; and each column's 1-based number."""
        request = self._load_request(index, max_rows)
        out = Path(request["out"])
        answer = self._ask(request)
        if answer.get("too_many_rows"):
            raise InputFileError(
                f"{self.path.name}: the sheet has {answer['height']:,} rows, more than the "
                f"{self.limits.max_rows:,}-row limit. Split the file, or raise GETBILL_MAX_ROWS."
            )
        try:
            frame = pl.read_ipc(out)
        finally:
            out.unlink(missing_ok=True)
        return frame, [int(n) for n in answer["numbers"]]

    def close(self, *, abandon: bool = False) -> None:
        """End the child: told to stop when all went well, killed when it is abandoned (it may be
        busy with a file refused meanwhile)."""
        proc = self._proc
        if proc.poll() is None:
            if abandon:
                proc.kill()
            with contextlib.suppress(OSError):
                assert proc.stdin is not None
                proc.stdin.close()
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._stderr.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    # --- the conversation with the child -------------------------------------------------------

    def _load_request(self, index: int, max_rows: int) -> dict[str, Any]:
        out = self._tmp / f"sheet{index}.arrow"
        return {"op": "load", "index": index, "out": str(out), "max_rows": max_rows}

    def _send(self, request: dict[str, Any]) -> None:
        proc = self._proc
        assert proc.stdin is not None
        try:
            proc.stdin.write((json.dumps(request) + "\n").encode())
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._died()
        self._pending.append(request)

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """The answer to ``request``: one sent ahead by ``start`` if it was, else sent now.
        Answers to requests sent ahead and not wanted are read and dropped."""
        if request not in self._pending:
            self._send(request)
        while True:
            sent = self._pending.pop(0)
            answer = self._receive()
            if sent == request:
                break
            if sent.get("out"):
                Path(sent["out"]).unlink(missing_ok=True)
        if "error" in answer:
            if answer.get("kind") == "memory":
                self._memory_exceeded()
            raise ParserFailure(str(answer["error"]), str(answer.get("kind")))
        return answer

    def _receive(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = self._read_line(self._proc.stdout)
        if not line:
            self._died()
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _read_line(self, stream: IO[bytes]) -> bytes:
        """The next answer line; empty when the child is gone. Waits until the deadline only."""
        fd = stream.fileno()
        while b"\n" not in self._buffer:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                self._timed_out()
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                return b""
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _timed_out(self) -> None:
        self._proc.kill()
        self._proc.wait()
        raise InputFileError(
            f"{self.path.name} took longer than {self.limits.max_workbook_seconds:,} s to open and was "
            "abandoned (a workbook built to exhaust the reader, or an extremely large one). "
            "Export the invoices as CSV, or raise GETBILL_MAX_WORKBOOK_SECONDS."
        )

    def _memory_exceeded(self) -> None:
        raise InputFileError(
            f"{self.path.name} needs more than {human_size(self.limits.max_workbook_memory)} of memory "
            "to open and was abandoned (a workbook built to exhaust the reader, or an extremely large "
            "one). Delete the unused rows and columns, export the invoices as CSV, or raise "
            "GETBILL_MAX_WORKBOOK_MEMORY."
        )

    def _died(self) -> None:
        proc = self._proc
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        self._stderr.seek(0)
        err = self._stderr.read(_STDERR_KEEP).decode("utf-8", "replace")
        lowered = err.lower()
        if code in (-signal.SIGXCPU, -signal.SIGKILL) and "memory" not in lowered:
            self._timed_out()
        if any(sign in lowered for sign in _MEMORY_SIGNS):
            self._memory_exceeded()
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        raise InputFileError(
            f"{self.path.name} made the workbook reader fail ({how}); it may be corrupt or built "
            "to break readers. " + SAVE_AS_HINT
        )

