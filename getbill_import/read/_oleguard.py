"""Guard for legacy XLS workbooks (BIFF in an OLE2 compound file), run before the parser.

A compound file is a little file system: streams are chains of sectors linked through a
table (the FAT). A chain that loops makes a reader follow it forever (a 5.6 KB file grows a
reader to gigabytes); a ``DIMENSIONS`` or ``SST`` record declaring billions of cells or strings
makes it reserve them. So, before parsing: walk every chain (the FAT's own, the directory's,
every stream's, the mini stream's) once, refusing a loop or a sector outside the file; then read
the workbook stream and check what its records declare.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from getbill_import.errors import InputFileError
from getbill_import.read._sniff import OLE_MAGIC, SAVE_AS_HINT

_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_SPECIAL = 0xFFFFFFFA  # and above: markers, not sectors
#: BIFF8's grid (XLS): 65,536 rows × 256 columns
XLS_ROWS = 65_536
XLS_COLUMNS = 256
_DIMENSIONS = 0x0200
_SST = 0x00FC
_STREAM_NAMES = ("Workbook", "Book")


def guard_ole_workbook(path: Path, max_cells: int) -> None:
    with path.open("rb") as fh:
        _Compound(path.name, fh, max_cells).check()


class _Compound:
    def __init__(self, name: str, fh: BinaryIO, max_cells: int) -> None:
        self.name, self.fh, self.max_cells = name, fh, max_cells
        fh.seek(0, 2)
        self.size = fh.tell()

    def damaged(self, why: str) -> InputFileError:
        return InputFileError(f"{self.name} is a damaged or malformed XLS workbook ({why}). " + SAVE_AS_HINT)

    def check(self) -> None:
        self.fh.seek(0)
        header = self.fh.read(512)
        if len(header) < 512 or not header.startswith(OLE_MAGIC):
            raise self.damaged("no compound-file header")
        shift, mini_shift = struct.unpack_from("<HH", header, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise self.damaged("impossible sector size")
        self.sector = 1 << shift
        # sector n starts at (n + 1) × sector size (the header takes the first one)
        self.sectors = max(0, (self.size - 1) // self.sector)
        n_fat, dir_start = struct.unpack_from("<II", header, 0x2C)
        cutoff, minifat_start, n_minifat, difat_start, n_difat = struct.unpack_from("<IIIII", header, 0x38)
        if n_fat > self.sectors or n_minifat > self.sectors or n_difat > self.sectors:
            raise self.damaged("the header declares more sectors than the file holds")
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < _SPECIAL]
        per_sector = self.sector // 4
        seen: set[int] = set()
        sect = difat_start
        while sect < _SPECIAL and len(fat_sectors) < n_fat:
            if sect in seen or sect >= self.sectors:
                raise self.damaged("its sector allocation table loops" if sect in seen else "a sector lies outside the file")
            seen.add(sect)
            entries = struct.unpack(f"<{per_sector}I", self._read_sector(sect))
            fat_sectors.extend(s for s in entries[:-1] if s < _SPECIAL)
            sect = entries[-1]
        if len(set(fat_sectors)) != len(fat_sectors) or any(s >= self.sectors for s in fat_sectors):
            raise self.damaged("its sector allocation table is inconsistent")
        self.fat = array("I")
        for s in fat_sectors[:n_fat]:
            self.fat.frombytes(self._read_sector(s))
        directory = b"".join(self._read_sector(s) for s in self._chain(dir_start, "directory"))
        records = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
        if not records:
            raise self.damaged("no directory")
        mini_fat = array("I")
        for s in self._chain(minifat_start, "mini allocation table"):
            mini_fat.frombytes(self._read_sector(s))
        root_start = struct.unpack_from("<I", records[0], 116)[0]
        mini_stream = list(self._chain(root_start, "mini stream"))
        workbook: bytes | None = None
        for entry in records:
            kind = entry[66]
            if kind != 2:  # a stream
                continue
            start, size = struct.unpack_from("<II", entry, 116)
            if size < cutoff:
                chain = list(self._mini_chain(mini_fat, start, len(mini_stream) * (self.sector // 64)))
                if len(chain) * 64 < size:
                    raise self.damaged("a stream is shorter than it declares")
                if _entry_name(entry) in _STREAM_NAMES and workbook is None:
                    workbook = self._mini_read(mini_stream, chain, size)
            else:
                chain = list(self._chain(start, "a stream"))
                if len(chain) * self.sector < size:
                    raise self.damaged("a stream is shorter than it declares")
                if _entry_name(entry) in _STREAM_NAMES and workbook is None:
                    workbook = b"".join(self._read_sector(s) for s in chain)[:size]
        if workbook is not None:
            self._check_records(workbook)

    def _read_sector(self, sect: int) -> bytes:
        self.fh.seek((sect + 1) * self.sector)
        data = self.fh.read(self.sector)
        return data + b"\0" * (self.sector - len(data))

    def _chain(self, start: int, what: str) -> Iterator[int]:
        seen: set[int] = set()
        sect = start
        while sect < _SPECIAL:
            if sect >= len(self.fat) or sect >= self.sectors:
                raise self.damaged(f"{what} points outside the file")
            if sect in seen:
                raise self.damaged(f"the sector chain of {what} loops")
            seen.add(sect)
            yield sect
            sect = self.fat[sect]

    def _mini_chain(self, mini_fat: array, start: int, available: int) -> Iterator[int]:
        seen: set[int] = set()
        sect = start
        while sect < _SPECIAL:
            if sect >= len(mini_fat) or sect >= available:
                raise self.damaged("a small stream points outside the mini stream")
            if sect in seen:
                raise self.damaged("the sector chain of a small stream loops")
            seen.add(sect)
            yield sect
            sect = mini_fat[sect]

    def _mini_read(self, mini_stream: list[int], chain: list[int], size: int) -> bytes:
        per = self.sector // 64
        parts = []
        for mini in chain:
            data = self._read_sector(mini_stream[mini // per])
            offset = (mini % per) * 64
            parts.append(data[offset:offset + 64])
        return b"".join(parts)[:size]

    def _check_records(self, stream: bytes) -> None:
        at = 0
        end = len(stream) - 4
        while at <= end:
            kind, length = struct.unpack_from("<HH", stream, at)
            body = stream[at + 4:at + 4 + length]
            if kind == _DIMENSIONS:
                if length >= 14:
                    _, rows, _, cols = struct.unpack_from("<IIHH", body)
                elif length >= 8:
                    _, rows, _, cols = struct.unpack_from("<HHHH", body)
                else:
                    rows = cols = 0
                if rows > XLS_ROWS or cols > XLS_COLUMNS or rows * cols > self.max_cells:
                    raise InputFileError(
                        f"{self.name} declares a sheet of {rows:,} rows × {cols:,} columns, beyond what an "
                        f"XLS sheet holds ({XLS_ROWS:,} × {XLS_COLUMNS}) or the memory allowed; it was not "
                        "opened. " + SAVE_AS_HINT
                    )
            elif kind == _SST and length >= 8:
                total, unique = struct.unpack_from("<II", body)
                if max(total, unique) > self.max_cells:
                    raise InputFileError(
                        f"{self.name} declares {max(total, unique):,} shared strings, more than a workbook "
                        f"this reader accepts holds ({self.max_cells:,}); it was not opened. " + SAVE_AS_HINT
                    )
            at += 4 + length


def _entry_name(entry: bytes) -> str:
    length = struct.unpack_from("<H", entry, 64)[0]
    return entry[:max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
