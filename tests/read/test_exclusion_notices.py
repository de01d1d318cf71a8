"""How excluded rows are said: a sentence per run, one sentence for a reason scattered all over."""

from getbill_import.read import ExcludedLine, exclusion_notices


def test_runs_are_said_one_by_one_and_a_reason_scattered_over_the_file_in_one_sentence():
    # a title, then a blank row between each invoice and the next (MYOB's item sales)
    excluded = [ExcludedLine(1, "title"), *(ExcludedLine(line, "blank") for line in range(4, 40, 3))]
    assert exclusion_notices(excluded) == [
        "Row 1 excluded: title row above the header.",
        "12 rows excluded: blank rows (rows 4, 7, 10, 13, 16 and 7 more).",
    ]
    # a few runs are still said one by one
    few = [ExcludedLine(4, "blank"), ExcludedLine(5, "blank"), ExcludedLine(9, "totals")]
    assert exclusion_notices(few) == ["Rows 4–5 excluded: blank rows.", "Row 9 excluded: totals row."]
