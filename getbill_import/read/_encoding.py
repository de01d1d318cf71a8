"""Bytes of a delimited-text file → UTF-8 bytes, never decoding lossily behind the user's back.

Order: a BOM (UTF-8/16/32) wins; then strict UTF-8; then the caller's explicit encoding; then
charset-normalizer as a hint on a large sample, preferring cp1252 for Western European text
(it labels short French samples cp1250). A file that is UTF-8 except for a few broken bytes is
decoded as UTF-8 with U+FFFD in place of those bytes; the reader then reports every affected row
as an ``undecodable-text`` problem instead of garbling every accented letter of the file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import charset_normalizer

from getbill_import.errors import InputFileError

#: bytes given to charset-normalizer (it is slow on more, and unreliable on much less)
DETECTION_SAMPLE_BYTES = 1_000_000
#: bytes in which a NUL means "binary file" (unless the layout is UTF-16)
BINARY_SAMPLE_BYTES = 65_536

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Single-byte code pages charset-normalizer confuses with cp1252 on Western European text.
_WESTERN_LOOKALIKES = {
    "cp1252", "windows-1252", "cp1250", "windows-1250", "latin_1", "latin-1", "iso-8859-1",
    "iso8859_1", "iso8859_15", "iso-8859-15", "iso8859_2", "iso-8859-2", "cp1254", "iso8859_9",
    "cp1257", "iso8859_13", "iso8859_4", "iso8859_10", "iso8859_14", "iso8859_16", "mac_roman",
    "mac_latin2", "cp850", "cp858", "cp437", "ascii",
}
_WESTERN_LETTERS = set("àâäáãåæçèéêëìíîïñòóôöõøœùúûüýÿßÀÂÄÁÃÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÖÕØŒÙÚÛÜÝŸ€")
_CENTRAL_LETTERS = set("ąćčďęěĺľłńňőŕřśšťůűźżžĄĆČĎĘĚĹĽŁŃŇŐŔŘŚŠŤŮŰŹŻŽ")


@dataclass
class Decoded:
    #: the file's text as UTF-8 bytes (BOM removed)
    data: bytes
    #: the encoding the bytes were decoded with, e.g. "utf-8", "utf-8-sig", "cp1252", "utf-16-le"
    encoding: str
    notices: list[str] = field(default_factory=list)


def decode_to_utf8(
    raw: bytes, encoding: str | None = None, *, name: str = "The file", parser_checks_utf8: bool = False
) -> Decoded:
    """Decode ``raw`` (see the module docstring).

    With ``parser_checks_utf8``, a file whose first megabyte is valid UTF-8 is returned as UTF-8
    without decoding the rest: the caller's parser validates every byte anyway and, if it finds
    an invalid sequence, the caller decodes again without this shortcut.
    """
    for bom, reported, codec in _BOMS:
        if raw.startswith(bom):
            return Decoded(_strict(raw[len(bom):], codec, name, reported).encode("utf-8"), reported)

    sample = raw[:BINARY_SAMPLE_BYTES]
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16 is None:
            raise InputFileError(
                f"{name} looks like a binary file, not CSV text (it contains NUL bytes). "
                "Export the invoices as CSV or XLSX."
            )
        text = _strict(raw, utf16, name, utf16)
        return Decoded(text.encode("utf-8"), utf16, [f"Decoded as {utf16} (no byte-order mark)."])

    if parser_checks_utf8 and _is_utf8(_cut_at_char(raw[:DETECTION_SAMPLE_BYTES])):
        return Decoded(raw, "utf-8")
    if _is_utf8(raw):
        return Decoded(raw, "utf-8")

    if encoding:
        codec = _lookup(encoding)
        text = _strict(raw, codec, name, encoding)
        return Decoded(text.encode("utf-8"), encoding)

    mostly = _mostly_utf8(raw)
    if mostly is not None:
        text, bad = mostly
        return Decoded(
            text.encode("utf-8"),
            "utf-8",
            [
                f"The file is UTF-8 except for {bad} invalid byte(s); they were replaced by "
                "'\ufffd' and the rows holding them are reported as undecodable."
            ],
        )

    for codec in _candidates(raw):
        try:
            text = raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        return Decoded(text.encode("utf-8"), codec, [f"The file is not UTF-8; decoded as {codec}."])
    # latin-1 maps every byte, so the loop always returns; this keeps type checkers content.
    raise InputFileError(f"{name}: cannot determine the text encoding. Save it as UTF-8 and try again.")


def _is_utf8(raw: bytes) -> bool:
    if raw.isascii():
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cut_at_char(sample: bytes) -> bytes:
    """Drop a multi-byte UTF-8 character cut in two at the end of a sample."""
    for back in range(1, min(4, len(sample)) + 1):
        byte = sample[-back]
        if byte < 0x80:
            return sample
        if byte >= 0xC0:
            return sample[:-back]
    return sample


def _strict(raw: bytes, codec: str, name: str, reported: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start:exc.start + 1].hex()
        raise InputFileError(
            f"{name} is not valid {reported} text: byte 0x{bad} on line {line} cannot be decoded. "
            "Give the right encoding (e.g. --encoding cp1252) or save the file as UTF-8."
        ) from None


def _lookup(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputFileError(
            f"Unknown text encoding {encoding!r}. Use a name such as utf-8, cp1252, latin-1 or utf-16."
        ) from None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM has NUL bytes on every other position (for Latin text)."""
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    if odd_nul >= 0.4 * pairs and even_nul <= 0.05 * pairs:
        return "utf-16-le"
    if even_nul >= 0.4 * pairs and odd_nul <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _mostly_utf8(raw: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few broken bytes: (text with U+FFFD, number of bad sequences), else None."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    good = non_ascii - bad
    if good >= 2 and bad * 4 <= good:
        return text, bad
    return None


def _candidates(raw: bytes) -> list[str]:
    match = charset_normalizer.from_bytes(raw[:DETECTION_SAMPLE_BYTES]).best()
    hint = codecs.lookup(match.encoding).name if match and match.encoding else None
    order: list[str] = []
    if hint and hint not in _WESTERN_LOOKALIKES and not hint.startswith("utf"):
        order.append(hint)
    if hint in ("cp1250", "iso8859_2") and _looks_central_european(raw[:DETECTION_SAMPLE_BYTES]):
        order.append(hint)
    order.append("cp1252")
    if hint and hint not in order and not hint.startswith("utf"):
        order.append(hint)
    order.append("latin-1")
    return order


def _looks_central_european(sample: bytes) -> bool:
    """True when the high bytes read as Central European letters far more than Western ones."""
    western = central = 0
    for byte in range(0x80, 0x100):
        n = sample.count(bytes((byte,)))
        if not n:
            continue
        as_1252 = bytes((byte,)).decode("cp1252", errors="ignore")
        as_1250 = bytes((byte,)).decode("cp1250", errors="ignore")
        if as_1252 == as_1250:
            continue
        if as_1252 in _WESTERN_LETTERS:
            western += n
        if as_1250 in _CENTRAL_LETTERS:
            central += n
    return central > 2 * western
