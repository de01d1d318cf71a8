"""Bytes of a delimited-text file → UTF-8 bytes, never decoding lossily behind the user's back.

Order: a BOM (UTF-8/16/32) wins; then strict UTF-8; then the caller's explicit encoding; then
charset-normalizer as a hint on a large sample, preferring cp1252 for Western European text
(it labels short French samples cp1250). A file that mixes encodings (UTF-8, with some lines
saved in cp1252 by another tool) is decoded line by line, each line in its own encoding, with a
notice naming the lines; a line that reads as neither keeps U+FFFD in place of its bad bytes and
the reader reports it as an ``undecodable-text`` row problem. Nothing is decoded as a whole in a
code page when part of it is UTF-8: that would store mojibake ("HĂ©lĂ¨ne").
"""

from __future__ import annotations

import codecs
import re
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

# How plausible a letter is in Western (cp1252) or Central European (cp1250) text, for the
# bytes that the two code pages decode differently (è/č, ø/ř, ì/ě, ê/ę…).
_WESTERN_LETTERS = {
    # Portuguese's ã and õ as common as French's è (cp1250 reads them ă and ő), its ordinals º and ª too
    **dict.fromkeys("éèàêçôîâüöäßñáíóúåøæãõ", 1.0), **dict.fromkeys("ùòìû", 0.7), **dict.fromkeys("ëïœºª", 0.5),
    "ÿ": 0.2,
    # Spanish's opening question mark (cp1250 reads it ż), which exports also write for a letter they lost
    # ("MU¿OZ": an Argentine issuer's names)
    "¿": 1.0,
}
_CENTRAL_LETTERS = {
    **dict.fromkeys("čřěšžůłąęśżćńőűăşţ", 1.0), **dict.fromkeys("źťďňľ", 0.5), **dict.fromkeys("ĺŕ", 0.2),
}
for _table in (_WESTERN_LETTERS, _CENTRAL_LETTERS):
    _table.update({k.upper(): v / 2 for k, v in list(_table.items()) if k.upper() != k})
#: cp1250 is chosen only when its letters are this much more plausible than cp1252's
_CENTRAL_MARGIN = 1.5


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

    mixed = _mixed_lines(raw, _lookup(encoding) if encoding else None)
    if mixed is not None:
        return mixed

    if encoding:
        codec = _lookup(encoding)
        text = _strict(raw, codec, name, encoding)
        return Decoded(text.encode("utf-8"), encoding)

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
            "Give the right encoding ({encoding}, e.g. cp1252) or save the file as UTF-8.",
            options=("encoding",),
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


#: a valid multi-byte UTF-8 sequence: the sign that (part of) a file is UTF-8
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: lines listed one by one in the notice
_LISTED_LINES = 10


def _mixed_lines(raw: bytes, codec: str | None) -> Decoded | None:
    """A file holding UTF-8 text and lines that are not UTF-8, decoded line by line; None when
    no part of the file is UTF-8 (beyond ASCII).

    A line that is not UTF-8 is decoded with ``codec`` (the caller's), else with the code page
    its bytes suggest (cp1252 for Western text), provided every character it then holds is a
    printable letter or sign and the line holds no UTF-8 sequence itself (then it is broken
    UTF-8); otherwise its bad bytes become U+FFFD and the reader reports the row.
    """
    if not _UTF8_SEQUENCE.search(raw):
        return None
    lines = raw.splitlines(keepends=True)
    foreign: list[int] = []
    utf8_lines = 0
    for i, line in enumerate(lines):
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                foreign.append(i)
            else:
                utf8_lines += 1
    if not foreign or not utf8_lines:  # a code page's bytes may form a UTF-8 pair by chance
        return None
    if codec:
        legacy = codec
    else:  # the code page reading most of those lines plausibly (cp1252 first for Western text)
        candidates = _candidates(b"".join(lines[i] for i in foreign))
        legacy = max(candidates, key=lambda c: (sum(_plausible(lines[i], c) is not None for i in foreign),
                                                -candidates.index(c)))
    parts = [line.decode("utf-8") if i not in set(foreign) else "" for i, line in enumerate(lines)]
    decoded_lines: list[int] = []
    broken: list[int] = []
    for i in foreign:
        text = _plausible(lines[i], legacy)
        if text is None:
            parts[i] = lines[i].decode("utf-8", errors="replace")
            broken.append(i + 1)
        else:
            parts[i] = text
            decoded_lines.append(i + 1)
    notices = []
    if decoded_lines:
        notices.append(
            f"The file mixes text encodings: it is UTF-8 except for {_lines(decoded_lines)}, decoded as "
            f"{legacy}. Each line was decoded in its own encoding; check those lines."
        )
    if broken:
        notices.append(
            f"{_lines(broken).capitalize()} of the file hold bytes that are text in no encoding tried; "
            "they were replaced by '\ufffd' and the rows holding them are reported as undecodable."
        )
    return Decoded("".join(parts).encode("utf-8"), "utf-8", notices)


#: UTF-8 read as a Western code page: "Ã©" for "é", "Â°" for "°"
_MOJIBAKE = re.compile("[ÃÂÅÄĂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def _plausible(line: bytes, codec: str) -> str | None:
    try:
        text = line.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if _MOJIBAKE.search(text):  # broken UTF-8, not a code page
        return None
    if any(not (ch.isprintable() or ch in "\t\r\n") or "\x80" <= ch <= "\x9f" for ch in text if not ch.isascii()):
        return None
    return text


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_LISTED_LINES])
    more = f" and {len(numbers) - _LISTED_LINES:,} more" if len(numbers) > _LISTED_LINES else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _candidates(raw: bytes) -> list[str]:
    """Code pages to try, most likely first.

    charset-normalizer's guess leads only for text whose accented bytes sit among other
    accented bytes (Cyrillic, Greek, Asian scripts). In Western European text they sit next to
    ASCII letters ("Lef?vre"), and the guess (often cp1250 or mac-latin2 on short samples) is
    overruled by cp1252, unless the bytes read far better as Central European letters.
    """
    sample = raw[:DETECTION_SAMPLE_BYTES]
    match = charset_normalizer.from_bytes(sample).best()
    hint = _codec_name(match.encoding) if match and match.encoding else None
    if hint is not None and hint.startswith("utf"):
        hint = None
    order: list[str] = []
    if _latin_context(sample):
        if _looks_turkish(sample):
            order.append("cp1254")
        elif _looks_baltic(sample):
            order.append("cp1257")
        elif _looks_central_european(sample):
            order.append("cp1250")
        order.append("cp1252")
    if hint:
        order.append(hint)
    order.extend(["cp1252", "latin-1"])
    return list(dict.fromkeys(order))


#: the high bytes but 0xA0, the no-break space of Western code pages that French amounts put
#: between thousands ("1\xa0234,56"): beside digits, not letters, it says nothing of the script
_HIGH = re.compile(rb"[\x80-\x9f\xa1-\xff]")
_HIGH_NEXT_TO_ASCII_LETTER = re.compile(rb"(?<=[A-Za-z])[\x80-\x9f\xa1-\xff]|[\x80-\x9f\xa1-\xff](?=[A-Za-z])")


def _latin_context(sample: bytes) -> bool:
    """True when most non-ASCII bytes touch an ASCII letter, as accents do in Latin-script words
    (a file whose only one is the no-break space is Western text)."""
    high = len(_HIGH.findall(sample))
    if not high:
        return True
    return 2 * len(_HIGH_NEXT_TO_ASCII_LETTER.findall(sample)) >= high


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _looks_central_european(sample: bytes) -> bool:
    """True when the high bytes read far better as Central European letters than Western ones.

    Short samples can be ambiguous (Italian "Forlì, Cantù" is Czech "Forlě, Cantů" in cp1250);
    cp1252 wins unless cp1250 is clearly better, as the reader mostly sees Western exports.
    """
    western = central = 0.0
    for byte in range(0x80, 0x100):
        n = sample.count(bytes((byte,)))
        if not n:
            continue
        as_1252 = bytes((byte,)).decode("cp1252", errors="ignore")
        as_1250 = bytes((byte,)).decode("cp1250", errors="ignore")
        if as_1252 == as_1250:
            continue
        western += n * _WESTERN_LETTERS.get(as_1252, 0.0)
        central += n * _CENTRAL_LETTERS.get(as_1250, 0.0)
    # Czech's č, ř, ě, ů, ň read in cp1252 as è, ø, ì, ù, ò, as plausible as its own; but a Western word
    # never writes one beside an í, á, ú or ý ("Èíslo úètu", "Zùstatek", "Mìna"), and a Czech word does
    text = sample.decode("cp1252", errors="ignore")
    mixed = len(_MIXED_ACCENTS.findall(text)) + len(_HUNGARIAN_ACCENTS.findall(text))
    # š and ž, which both code pages write alike, are Central Europe's letters (a Croatian "Plaćeno"
    # beside "Šibenik"), not Western ones
    if (shared := len(_SHARED_CENTRAL.findall(text))) >= _SHARED_LEAST:
        central += _SHARED_WEIGHT * shared
    return central + _MIXED_WEIGHT * mixed > _CENTRAL_MARGIN * western


#: the bytes of Turkish's own letters in cp1254 (ş, Ş, ğ, Ğ), which other code pages read as þ, Þ, ð, Ð
#: (cp1252) or ţ, Ţ, đ, Đ (cp1250); and of its ı and İ (ý, Ý in both)
_TURKISH_BYTES = re.compile(rb"[\xfe\xde\xf0\xd0]")
_TURKISH_DOTLESS = re.compile(rb"[\xfd\xdd]")
#: the bytes of Central, Northern and Baltic European letters no Turkish word writes (č, ř, ě, ů, ł, ą, ę,
#: ś, ż, ć, ń, ă, ș in cp1250; è, ø, ì, ù, æ, ã, à, á, ë in cp1252; Lithuanian's ė, ą, į in cp1257)
_NOT_TURKISH_BYTES = re.compile(rb"[\xe8\xf8\xec\xf9\xb3\xb9\xea\x9c\xbf\xe6\xf1\xe3\xba\xe0\xe1\xeb]")
#: how many of Turkish's own letters make a file Turkish, and how many times the others they outnumber
_TURKISH_LEAST, _TURKISH_MARGIN = 2, 3


def _looks_turkish(sample: bytes) -> bool:
    """True when the high bytes are Turkish letters in cp1254: its ş and ğ ("İşlem Tutarı", "PEŞİN
    SATIŞ", read "Ýţlem Tutarý" in cp1250), with its ı, and hardly any letter of another language."""
    own = len(_TURKISH_BYTES.findall(sample))
    if own < _TURKISH_LEAST:
        return False
    return own + len(_TURKISH_DOTLESS.findall(sample)) > _TURKISH_MARGIN * len(_NOT_TURKISH_BYTES.findall(sample))


#: the bytes of the Baltic letters š, ž (and Š, Ž) in cp1257, which cp1250 writes 0x9a, 0x9e; and of the
#: Lithuanian and Latvian vowels ė, ą, į, ų, ū, ę, ā, ē, ī and č (ë, à, á, ø, û, æ, â, ç, î, è in cp1252)
_BALTIC_BYTES = re.compile(rb"[\xf0\xfe\xd0\xde]")
_BALTIC_VOWELS = re.compile(rb"[\xeb\xe0\xe1\xf8\xfb\xe6\xe2\xe7\xee\xe8\xcb\xc0\xc1\xd8\xdb\xc6\xc8]")
#: the bytes a Baltic text does not write: cp1250's š and ž, the ý and ı of Czech and Turkish, Romanian's
#: ş, Ş and ă
_NOT_BALTIC_BYTES = re.compile(rb"[\x9a\x9e\xfd\xdd\xba\xaa\xe3]")
_BALTIC_LEAST = 2


def _looks_baltic(sample: bytes) -> bool:
    """True when the high bytes are Lithuanian or Latvian letters in cp1257: its š and ž ("Vardenė
    Pavardenis", "Įmokų surinkimas", read "Vardenë" and "Áëmokø" in cp1252) beside its own vowels."""
    own = len(_BALTIC_BYTES.findall(sample))
    return (own >= _BALTIC_LEAST and len(_BALTIC_VOWELS.findall(sample)) >= _BALTIC_LEAST
            and len(_NOT_BALTIC_BYTES.findall(sample)) * 2 < own)


#: a word of cp1252 text writing a grave accent or an ø beside an acute í, á, ú or ý: Czech or Slovak
#: read in the wrong code page ("Èíslo", "Zùstatek" beside "Částka"), each worth that many letters
_MIXED_ACCENTS = re.compile(r"\b(?=\w*[èøìùòÈØÌÙÒ])(?=\w*[íáúýÍÁÚÝ])\w+")
_MIXED_WEIGHT = 3.0
#: a word of cp1252 text writing õ or û (Hungarian ő, ű read in the wrong code page) beside é, á, ö, ü,
#: í, ó or ú, and no ç or ã (Portuguese's "ações"): Hungarian ("Gyõri Fûtéstechnika")
_HUNGARIAN_ACCENTS = re.compile(r"\b(?=\w*[õûÕÛ])(?=\w*[éáöüíóúÉÁÖÜÍÓÚ])(?!\w*[çãÇÃ])\w+")
#: the letters both code pages write alike that Western languages do not write
_SHARED_CENTRAL = re.compile(r"[šžŠŽ]")
#: how many of them count (one is a name, "Škoda"), and what each is worth
_SHARED_LEAST, _SHARED_WEIGHT = 2, 1.5
