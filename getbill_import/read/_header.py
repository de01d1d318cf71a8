"""Finding the header row below titles and blank lines, and naming the columns."""

from __future__ import annotations

import re
from collections.abc import Sequence

from getbill_import.fields import LINE
from getbill_import.read import HeaderScore

#: rows looked at for the header (title and metadata blocks are shorter than this)
HEADER_SCAN_ROWS = 30
#: an injected scorer must reach this for a row to be taken as the header
HEADER_SCORE_THRESHOLD = 0.5
#: rows after a header candidate compared with it for width
_FOLLOWING_ROWS = 5

#: numbers, amounts, dates, times and percentages, with their usual separators and currency signs
NUMERIC_PATTERN = (
    # (the sign written before the amount too: "$5,000.00", "-€ 12,50", "£1,200")
    r"^[\s+\-−(]*(?:[€$£]\s*[\-−(]?)?[\d\s.,'’/:\-\u00a0\u202f]*\d[\d\s.,'’/:\-\u00a0\u202f)]*"
    r"\s*(€|eur|euros?|\$|usd|£|gbp|chf|%|dr|cr)?\s*$"
)
_NUMERIC = re.compile(NUMERIC_PATTERN, re.IGNORECASE)

Row = Sequence[str | None]


def cell_text(value: str | None) -> str:
    return (value or "").strip()


def is_blank(row: Row) -> bool:
    return not any(cell_text(v) for v in row)


def is_numeric_like(value: str) -> bool:
    return bool(_NUMERIC.match(value))


def span(row: Row) -> int:
    """Position of the last non-empty cell + 1 (0 for a blank row)."""
    for i in range(len(row) - 1, -1, -1):
        if cell_text(row[i]):
            return i + 1
    return 0


def find_header(rows: Sequence[Row], header_score: HeaderScore | None = None) -> int | None:
    """Index of the header row among the first rows, or None when every row is blank.

    With a scorer, the best-scoring row wins if it reaches the threshold (ties: the first).
    Otherwise the first row that has at least two cells, mostly non-numeric text, and is not
    followed by clearly wider rows (a title such as "Société: ACME;Paris" is followed by the
    wider header). Failing both, the first row with two cells, then the first non-blank row.
    """
    scan = list(rows[:HEADER_SCAN_ROWS])
    candidates = [i for i, r in enumerate(scan) if _filled(r) >= 2]
    # a title block's "label: value" rows ("Intestatario conto:;XXX") name no columns, when a row
    # below is of another kind
    unlabelled = [i for i in candidates if not label_and_value(scan, i)]
    candidates = unlabelled or candidates
    if header_score is not None and candidates:
        # (a row of values a mapping reads as names, "BANCOMER" as a balance, is no header)
        scored = [(header_score([cell_text(v) for v in scan[i]]), -i) for i in candidates
                  if not written_again(scan, i)] or [(0.0, 0)]
        best, neg_i = max(scored)
        if best >= HEADER_SCORE_THRESHOLD:
            return -neg_i
    for i in candidates:
        # (a record, a date beside an amount, names no column: "2/1/2023" … "-1.95" under a header
        # its data's ragged cells outspread)
        if (_mostly_text(scan[i]) and not _followed_by_wider(scan, i) and not _followed_by_fuller(scan, i)
                and not holds_a_record(scan[i])):
            return i
    if candidates:
        return candidates[0]
    return next((i for i, r in enumerate(scan) if not is_blank(r)), None)


#: the cells of a row written again in their own columns from which it holds values, no names
VALUES_WRITTEN_AGAIN = 2


def written_again(sample: Sequence[Row], index: int) -> bool:
    """Whether ``VALUES_WRITTEN_AGAIN`` cells or more of a row are written again in their own
    columns on other rows that do not repeat the whole row ("BANCOMER" and "CLN" of a customer's
    bank and town, again and again): a row of values, no columns' names. A header repeated on each
    page repeats all of its cells on one row."""
    row = [cell_text(v) for v in sample[index]]
    cells = [j for j, text in enumerate(row) if text]
    if len(cells) < VALUES_WRITTEN_AGAIN:
        return False
    again: set[int] = set()
    for other, cells_of in enumerate(sample):
        if other == index:
            continue
        same = [j for j in cells if j < len(cells_of) and cell_text(cells_of[j]) == row[j]]
        if abs(other - index) == 1 and not any(is_numeric_like(row[j]) for j in same):
            # (two headers one above the other, a template's and its table's, name some columns alike:
            # "Nr.", "Navn" over "Nr.", "Navn", "Saldo")
            continue
        if len(same) < len(cells):
            again.update(same)
    return len(again) >= VALUES_WRITTEN_AGAIN


#: a cell holding a whole date, its year written ("2026-04-13", "13/04/2026")
_WHOLE_DATE = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


def holds_a_record(row: Sequence[str | None]) -> bool:
    """Whether a row holds a whole date beside a number ("2026-04-13" … "400"): a record of the table,
    which a row's words matching the columns' names ("client" under "type") make no header. The
    columns of a wide layout name dates alone, an ageing's its periods ("0-30")."""
    texts = [cell_text(v) for v in row]
    dates = [t for t in texts if _WHOLE_DATE.match(t)]
    return bool(dates) and any(is_numeric_like(t) and t not in dates for t in texts if t)


def is_second_header(row: Row, header_score: HeaderScore | None) -> bool:
    """A row right below the header that is a header too: the columns' technical names under
    their labels ("SalesInvoice.name" under "Invoice No"). It reads as a header, and holds no
    digit, as a row of data would in its amounts and dates."""
    cells = [cell_text(v) for v in row]
    return (
        header_score is not None
        and sum(1 for c in cells if c) >= 2
        and not any(ch.isdigit() for c in cells for ch in c)
        and header_score(cells) >= HEADER_SCORE_THRESHOLD
    )


def best_header_score(rows: Sequence[Row], header_score: HeaderScore) -> float:
    scores = [header_score([cell_text(v) for v in r]) for r in rows[:HEADER_SCAN_ROWS] if _filled(r) >= 2]
    return max(scores, default=0.0)


#: the most cells a title block's "label: value" row fills (a label, a value, a second value)
_LABEL_ROW_CELLS = 3


def label_and_value(rows: Sequence[Row], index: int) -> bool:
    """Whether a row is a label and its value, as a title block writes them ("Numero conto:;XXX",
    "Saldo contabile finale al:;30.11.2025;1111", "Importo Fido:;;-"): its first cell ends with a
    colon, and a value or two follow it; or a label in words and one date after it, above clearly
    wider rows ("Задолженность на дату | 20.04.2029": a report's parameter; "Client | 31/12/2025"
    over two columns of balances is a header)."""
    filled = [c for c in (cell_text(v) for v in rows[index]) if c]
    if (len(filled) == 2 and not is_numeric_like(filled[0]) and _WHOLE_DATE.match(filled[1])
            and not _WHOLE_DATE.match(filled[0]) and _followed_by_wider(rows, index)):
        return True
    return 2 <= len(filled) <= _LABEL_ROW_CELLS and filled[0].endswith((":", "："))


def _filled(row: Row) -> int:
    return sum(1 for v in row if cell_text(v))


def _mostly_text(row: Row) -> bool:
    cells = [cell_text(v) for v in row if cell_text(v)]
    text = sum(1 for c in cells if not is_numeric_like(c))
    return text * 2 > len(cells)


def _followed_by_wider(rows: Sequence[Row], i: int) -> bool:
    own = span(rows[i])
    allowance = max(1, own // 4)
    following = [r for r in rows[i + 1:] if not is_blank(r)][:_FOLLOWING_ROWS]
    return any(span(r) > own + allowance for r in following)


#: rows below a title block's row looked at for a row of the columns' names
_BANNER_ROWS = 15


def _followed_by_fuller(rows: Sequence[Row], i: int) -> bool:
    """Whether a row is followed by a row of text that fills twice as many of its cells, and most
    of its width: a title block's row above the columns' names ("Detail Penjualan" … "Forka Coffe &
    Space", a report's name and its company's a page apart; "Periode" … "Total Penjualan" 6825000,
    its parameters and totals), no header."""
    own, width = _filled(rows[i]), span(rows[i])
    return any(_filled(r) >= max(4, 2 * own) and _filled(r) * 2 >= width and _mostly_text(r) and not holds_a_record(r)
               for r in rows[i + 1:i + 1 + _BANNER_ROWS])


def column_letter(number: int) -> str:
    """A spreadsheet's letters for its column ``number`` (1 is "A", 27 is "AA")."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_names(cells: Row, column_numbers: Sequence[int]) -> list[str]:
    """Header texts stripped; blank → "Column N"; repeated → "Montant (2)", "Montant (3)". A "#"
    that opens every header ("#Data operacji;#Kwota": a bank's export marking its header row) is
    no number sign, and is dropped."""
    texts = [cell_text(v) for v in cells]
    filled = [t for t in texts if t]
    if len(filled) >= 2 and all(t.startswith("#") and len(t) > 1 for t in filled):
        texts = [t[1:].strip() for t in texts]
    if len(filled) >= 2 and all(not t or t.upper() == column_letter(n) for t, n in zip(texts, column_numbers, strict=True)):
        # the sheet's own column letters written as the header ("A", "B", "C"): no names, the columns
        # are read by their values
        texts = [""] * len(texts)
    raw = [t or f"Column {n}" for t, n in zip(texts, column_numbers, strict=True)]
    taken: set[str] = {LINE}
    seen: dict[str, int] = {}
    names: list[str] = []
    for name in raw:
        count = seen.get(name, 0) + 1
        seen[name] = count
        candidate = name if count == 1 and name not in taken else f"{name} ({count})"
        while candidate in taken:
            count += 1
            candidate = f"{name} ({count})"
        seen[name] = count
        taken.add(candidate)
        names.append(candidate)
    return names


_TOTAL_WORDS = r"(grand[\s-]*total|sous[\s-]*total|sub[\s-]*total|totaux|totals?|total\s+g[ée]n[ée]ral|montant\s+total)"
_TOTAL_QUALIFIERS = (
    r"(g[ée]n[ée]ral|ttc|ht|tva|vat|d[uû]|[àa]\s+payer|factures?|clients?|impay[ée]e?s?|"
    r"amount|due|eur|euros?|cumul[ée]?|page|p[ée]riode|mois|ann[ée]e|\d)"
)
#: a cell that labels a totals row: "Total", "TOTAL TTC", "Total général", "Sous-total", "Totaux",
#: "Grand total", "Total:", "Total (12 factures)"… but not "Total Energies" (a company)
#: ... or "Summe", "Zwischensumme", "Gesamtsumme" and whatever follows ("Summe Debitor 10001", "Summe
#: Konto 12000"): no company's name starts so
TOTALS_PATTERN = (
    rf"(?i)^\s*{_TOTAL_WORDS}(\s*$|\s*[:(\-–=]|\s+{_TOTAL_QUALIFIERS}(\b|\s|$))"
    r"|^\s*(?:zwischen|gesamt|end)?summe(?:\s|:|$)"
    # the whole cell a Persian or an Arabic total ("جمع", "جمع کل", "المجموع", "الإجمالي")
    r"|^\s*(?:جمع(?:\s+(?:کل|كل))?|مجموع|المجموع|الإجمالي|الاجمالي|اجمالي|إجمالي)\s*:?\s*$"
    # the whole cell a Turkish total ("Toplam", "Genel Toplam", "RAPOR TOPLAMI", "Ara toplam")
    r"|^\s*(?:rapor\s+|genel\s+|ara\s+)?toplam(?:[ıi]|lar)?\s*:?\s*$"
    # the whole cell a Vietnamese total ("Tổng cộng", "Cộng", "Tổng"), written with its accents or without
    r"|^\s*(?:t[ổo]ng\s+c[ộo]ng|c[ộo]ng|t[ổo]ng)\s*:?\s*$"
    # ...and the total of a statement to pay ("Tổng giá trị thanh toán", "Tổng cộng tiền thanh toán", "Tổng số tiền")
    r"|^\s*t[ổo]ng\s+(?:c[ộo]ng\s+)?(?:gi[áa]\s+tr[ịi]|s[ốo]\s+ti[ềe]n|ti[ềe]n)(?:\s+(?:thanh\s+to[áa]n|ph[ảa]i\s+tr[ảa]|h[àa]ng))?\s*:?\s*$"
    # the whole cell a Russian or a Ukrainian total ("Итого", "ИТОГО:", "Всего", "Разом", "Усього")
    r"|^\s*(?:итого|всего|разом|усього|підсумок)\s*:?\s*$"
    # the whole cell a Nordic, Dutch, Polish, Czech, Hungarian or English sum ("Sum", "I alt", "Summa",
    # "Yhteensä", "Totaal", "Totalt", "Razem", "Celkem", "Összesen")
    r"|^\s*(?:sum|sums|summa|i\s+alt|yhteens[äa]|totaal|totalt|samtals|razem|suma|celkem|spolu|[öo]sszesen)\s*:?\s*$"
    # the whole cell a Japanese, Chinese or Korean total ("合計", "総計", "小計", "合计", "总计", "합계", "총계")
    r"|^\s*(?:合計|総計|総合計|小計|合计|总计|小计|합계|총계|소계)\s*[:：]?\s*$"
    # a ledger's or a statement's last balance, under its entries ("Closing Balance", "Balance c/f", "Solde
    # final", "Saldo final", "Endsaldo"), alone in its cell or before a date
    r"|^\s*(?:closing|ending)\s+balance\b|^\s*balance\s+(?:c\s*/\s*f|carried\s+forward)\b"
    r"|^\s*(?:solde\s+(?:final|de\s+cl[oô]ture)|saldo\s+(?:final|de\s+cierre)|schlusssaldo|endsaldo|eindsaldo)\b"
    # each column's share of the total, under it (Xero's "Percentage of total": 6.87%, 84.51%…)
    r"|^\s*(?:percentage|percent|%)\s+of\s+(?:the\s+)?(?:grand\s+)?total\b|^\s*(?:pourcentage|%)\s+du\s+total\b"
    r"|^\s*(?:porcentaje|%)\s+del\s+total\b|^\s*(?:prozent|anteil)\s+(?:an\s+der|der)\s+summe\b"
)
_TOTALS = re.compile(TOTALS_PATTERN)


def is_totals_label(value: str) -> bool:
    return bool(_TOTALS.match(value))
