"""A streaming XLSX writer for reports: sheets of text cells, a few styles, cell comments.

Each sheet's XML is built by polars, a slice of rows at a time, and deflated straight into the
zip: a 200,000-row report is written in seconds and never sits in memory whole. Every value is
an inline string (``t="inlineStr"``), never a formula, so no value needs a formula guard.
Characters XML cannot hold (NUL, ESC and the other C0 controls) are written escaped, as
``\\x1b``; ``control_cells`` counts the values that held some, for a notice.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

import polars as pl

from getbill_import.errors import GetbillError

#: Excel's own limits
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576
#: rows turned into XML at once
_SLICE = 50_000

# style ids (cellXfs in styles.xml below)
PLAIN, BOLD, TITLE, ERROR_FILL, WARNING_FILL, CHANGED_FILL = range(6)

_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f]"
_CONTROL_NAMES = {i: f"\\x{i:02x}" for i in (*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20))}

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/></font></fonts>'
    '<fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF8CBAD"/><bgColor indexed="64"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFE699"/><bgColor indexed="64"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFC6EFCE"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="4" borderId="0" xfId="0" applyFill="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def xml_text(expr: pl.Expr, controls: bool = True) -> pl.Expr:
    """A String expression made safe inside an XML text node (controls shown as \\xNN, when
    ``controls`` says the values may hold some)."""
    out = expr.str.replace_all("&", "&amp;", literal=True).str.replace_all("<", "&lt;", literal=True)
    out = out.str.replace_all(">", "&gt;", literal=True)
    return _escape_controls(out) if controls else out


def _escape_controls(expr: pl.Expr) -> pl.Expr:
    for code, name in _CONTROL_NAMES.items():
        expr = expr.str.replace_all(chr(code), name, literal=True)
    return expr


def _xml_str(value: str) -> str:
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return "".join(_CONTROL_NAMES.get(ord(c), c) for c in text)


@dataclass
class Sheet:
    """What one sheet holds: ``frame`` (any columns, written as text; numbers stay numbers when
    ``numbers`` names them), one style per cell (``styles``: a frame of the same height with a
    UInt8 column per column, or None), a header row style, and comments."""

    name: str
    frame: pl.DataFrame
    header: list[str] | None = None
    header_style: int = BOLD
    styles: pl.DataFrame | None = None
    #: (row index in ``frame``, column index, text)
    comments: pl.DataFrame | None = None
    numbers: tuple[str, ...] = ()
    #: columns whose whole-number values are written as numbers, the rest as text
    whole_numbers: tuple[str, ...] = ()
    widths: dict[int, float] = field(default_factory=dict)


@dataclass
class WriteStats:
    control_cells: int = 0


class XlsxWriter:
    """``XlsxWriter(out).write([Sheet, …])``: the workbook, written to the binary stream ``out``."""

    def __init__(self, out: IO[bytes], *, what: str = "report") -> None:
        self.out = out
        self.what = what
        self.stats = WriteStats()

    def write(self, sheets: Iterable[Sheet]) -> WriteStats:
        sheets = list(sheets)
        for sheet in sheets:
            width = len(sheet.frame.columns)
            if width > MAX_COLUMNS:
                raise GetbillError(
                    f"The XLSX {self.what} would need {width:,} columns on sheet '{sheet.name}', more than "
                    f"a sheet holds ({MAX_COLUMNS:,}). Write it as .csv instead."
                )
            if sheet.frame.height + (1 if sheet.header else 0) > MAX_ROWS:
                raise GetbillError(
                    f"The XLSX {self.what} would need {sheet.frame.height:,} rows on sheet '{sheet.name}', more "
                    f"than a sheet holds ({MAX_ROWS:,}). Write it as .csv instead."
                )
        with zipfile.ZipFile(self.out, "w", zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True) as zf:
            zf.writestr("[Content_Types].xml", self._content_types(sheets))
            zf.writestr("_rels/.rels", _rels([("rId1", "officeDocument", "xl/workbook.xml")]))
            zf.writestr("xl/workbook.xml", self._workbook(sheets))
            zf.writestr("xl/_rels/workbook.xml.rels", _rels(
                [(f"rId{i + 1}", "worksheet", f"worksheets/sheet{i + 1}.xml") for i in range(len(sheets))]
                + [(f"rId{len(sheets) + 1}", "styles", "styles.xml")]
            ))
            zf.writestr("xl/styles.xml", _STYLES)
            for i, sheet in enumerate(sheets, start=1):
                has_comments = sheet.comments is not None and sheet.comments.height > 0
                with zf.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as part:
                    self._sheet_xml(part, sheet, legacy_drawing=has_comments)
                if has_comments:
                    assert sheet.comments is not None
                    zf.writestr(f"xl/worksheets/_rels/sheet{i}.xml.rels", _rels([
                        ("rId1", "comments", f"../comments{i}.xml"),
                        ("rId2", "vmlDrawing", f"../drawings/vmlDrawing{i}.vml"),
                    ]))
                    with zf.open(f"xl/comments{i}.xml", "w", force_zip64=True) as part:
                        self._comments_xml(part, sheet.comments, offset=1 if sheet.header else 0)
                    with zf.open(f"xl/drawings/vmlDrawing{i}.vml", "w", force_zip64=True) as part:
                        self._vml(part, sheet.comments, offset=1 if sheet.header else 0)
        return self.stats

    # --- parts -----------------------------------------------------------------------------------

    def _content_types(self, sheets: list[Sheet]) -> str:
        sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        parts = [
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{sheet_type}"/>'
            for i in range(1, len(sheets) + 1)
        ]
        parts += [
            f'<Override PartName="/xl/comments{i}.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.comments+xml"/>'
            for i, s in enumerate(sheets, start=1) if s.comments is not None and s.comments.height
        ]
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/>' + "".join(parts) + "</Types>"
        )

    def _workbook(self, sheets: list[Sheet]) -> str:
        listed = "".join(
            f'<sheet name="{_xml_str(_sheet_name(s.name))}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(sheets, start=1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>{listed}</sheets></workbook>'
        )

    def _sheet_xml(self, part: IO[bytes], sheet: Sheet, *, legacy_drawing: bool) -> None:
        part.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS_MAIN}" '
                   f'xmlns:r="{_NS_REL}">'.encode())
        if sheet.widths:
            cols = "".join(
                f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in sorted(sheet.widths.items())
            )
            part.write(f"<cols>{cols}</cols>".encode())
        part.write(b"<sheetData>")
        offset = 0
        if sheet.header is not None:
            cells = "".join(
                f'<c r="{column_letter(i)}1" t="inlineStr" s="{sheet.header_style}"><is><t xml:space="preserve">'
                f"{_xml_str(str(h))}</t></is></c>"
                for i, h in enumerate(sheet.header)
            )
            self.stats.control_cells += sum(1 for h in sheet.header if _has_control(str(h)))
            part.write(f'<row r="1">{cells}</row>'.encode())
            offset = 1
        frame = sheet.frame
        names = frame.columns
        letters = [column_letter(i) for i in range(len(names))]
        for start in range(0, frame.height, _SLICE):
            chunk = frame.slice(start, _SLICE)
            styles = sheet.styles.slice(start, _SLICE) if sheet.styles is not None else None
            row_number = (pl.int_range(start + 1 + offset, start + 1 + offset + chunk.height, eager=True)
                          .cast(pl.String).alias("__r__"))
            data = chunk.with_columns(row_number)
            if styles is not None:
                data = data.with_columns(styles.select(pl.all().name.prefix("__s__")))
            controls = data.select(
                pl.col(n).cast(pl.String).str.contains(_CONTROL).sum() for n in names
            ).row(0) if names else ()
            self.stats.control_cells += sum(int(c or 0) for c in controls)
            cell_exprs = [
                self._cell_expr(n, letters[i], (f"__s__{styles.columns[i]}" if styles is not None else None),
                                n in sheet.numbers, n in sheet.whole_numbers, bool(controls[i]))
                for i, n in enumerate(names)
            ]
            rows = data.select(
                pl.concat_str([pl.lit('<row r="'), pl.col("__r__"), pl.lit('">'), *cell_exprs, pl.lit("</row>")])
                .alias("xml")
            )
            rows.write_csv(part, include_header=False, quote_style="never")
        part.write(b"</sheetData>")
        if legacy_drawing:
            part.write(b'<legacyDrawing r:id="rId2"/>')
        part.write(b"</worksheet>")

    def _cell_expr(
        self, name: str, letter: str, style_col: str | None, number: bool, whole: bool, controls: bool
    ) -> pl.Expr:
        value = pl.col(name).cast(pl.String)
        style = (pl.lit(' s="') + pl.col(style_col).cast(pl.String) + pl.lit('"')) if style_col else pl.lit("")
        ref = pl.lit(f'<c r="{letter}') + pl.col("__r__") + pl.lit('"')
        as_number = ref + style + pl.lit("><v>") + value + pl.lit("</v></c>")
        as_text = (ref + style + pl.lit(' t="inlineStr"><is><t xml:space="preserve">')
                   + xml_text(value, controls) + pl.lit("</t></is></c>"))
        if number:
            body = as_number
        elif whole:
            body = pl.when(value.str.contains(r"^-?[0-9]{1,15}$")).then(as_number).otherwise(as_text)
        else:
            body = as_text
        empty = (ref + style + pl.lit("/>")) if style_col else pl.lit("")
        if style_col:
            empty = pl.when(pl.col(style_col) > 0).then(empty).otherwise(pl.lit(""))
        return pl.when(value.is_null()).then(empty).otherwise(body)

    def _comments_xml(self, part: IO[bytes], comments: pl.DataFrame, offset: int) -> None:
        part.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{_NS_MAIN}">'
                   "<authors><author>getbill-import</author></authors><commentList>".encode())
        for start in range(0, comments.height, _SLICE):
            chunk = comments.slice(start, _SLICE)
            xml = chunk.select(
                pl.concat_str([
                    pl.lit('<comment ref="'), _ref_expr(offset, chunk.get_column("col").unique().to_list()), pl.lit('" authorId="0"><text><r><t xml:space="preserve">'),
                    xml_text(pl.col("text")), pl.lit("</t></r></text></comment>"),
                ]).alias("x")
            ).get_column("x")
            part.write(xml.str.join("").item().encode("utf-8"))
        part.write(b"</commentList></comments>")

    def _vml(self, part: IO[bytes], comments: pl.DataFrame, offset: int) -> None:
        part.write(
            b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            b'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
            b'<o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" '
            b'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
            b'<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        )
        for start in range(0, comments.height, _SLICE):
            chunk = comments.slice(start, _SLICE)
            row = (pl.col("row") + offset).cast(pl.String)
            col = pl.col("col").cast(pl.String)
            xml = chunk.select(
                pl.concat_str([
                    pl.lit('<v:shape type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
                           'margin-top:1.5pt;width:240pt;height:90pt;z-index:1;visibility:hidden" '
                           'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
                           '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
                           '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></v:textbox>'
                           '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
                           '<x:AutoFill>False</x:AutoFill><x:Row>'),
                    row, pl.lit("</x:Row><x:Column>"), col, pl.lit("</x:Column></x:ClientData></v:shape>"),
                ]).alias("x")
            ).get_column("x")
            part.write(xml.str.join("").item().encode("utf-8"))
        part.write(b"</xml>")


def _ref_expr(offset: int, columns: list[int]) -> pl.Expr:
    letters = pl.col("col").replace_strict({c: column_letter(c) for c in columns}, return_dtype=pl.String)
    return letters + (pl.col("row") + offset + 1).cast(pl.String)


def _rels(items: list[tuple[str, str, str]]) -> str:
    kinds = {
        "officeDocument": f"{_NS_REL}/officeDocument",
        "worksheet": f"{_NS_REL}/worksheet",
        "styles": f"{_NS_REL}/styles",
        "comments": f"{_NS_REL}/comments",
        "vmlDrawing": f"{_NS_REL}/vmlDrawing",
    }
    body = "".join(f'<Relationship Id="{rid}" Type="{kinds[kind]}" Target="{target}"/>' for rid, kind, target in items)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_NS_PKG_REL}">{body}</Relationships>'


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if c in '[]:*?/\\' else c for c in name)
    return cleaned[:31] or "Sheet"


def _has_control(text: str) -> bool:
    return any(ord(c) in _CONTROL_NAMES for c in text)
