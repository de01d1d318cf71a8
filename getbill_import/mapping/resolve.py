"""Global conflict resolution: each canonical field taken by at most one column.

Every column brings its candidates (field, score, reason, rank) best first. While two columns
claim the same field, the one with the higher *rank* wins (the open balance over the total
tax included, the invoice number over another reference), then the higher score, then the
earlier column, except that a header saying the amount includes tax wins over the same words
without it ("Inc-Tax Total" over "Total", which may be before tax); the losers fall back to their next candidate. A column whose best candidate
is "ignore" is ignored; a candidate below the confirm threshold is not a claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from getbill_import.mapping.vocabulary import IGNORE, NO_SYNONYM

LAST, SECOND_LAST = "debtor.last_name", "debtor.second_last_name"


@dataclass(frozen=True)
class Candidate:
    field: str  # canonical field or IGNORE
    score: float
    reason: str
    rank: float = 0
    role: str = ""
    #: the name part this candidate becomes when the complementary part is a column too
    as_part: str | None = None
    #: the header says the amount includes tax ("Total TTC"), and its other words ("total"): it
    #: wins over a column of equal rank whose header is those words alone
    tax_included: bool = False
    words: frozenset[str] = frozenset()
    #: the column is blank on every row (or, for an amount, zero on every row)
    blank: bool = False


@dataclass
class Evidence:
    """What is known about one column before resolution."""

    column: str
    candidates: list[Candidate] = field(default_factory=list)
    #: said when there is no candidate at all
    no_match_reason: str = NO_SYNONYM
    #: the field the header alone names, and what the values are when they contradict it
    header_field: str | None = None
    values_said: str = ""
    #: what a sample of the values looks like (mapping.values.ValueProfile), when sampled
    values: Any = None
    #: the header itself says the column must never be mapped ("Montant HT", "Date de paiement")
    explicit_ignore: bool = False

    def sort(self) -> None:
        self.candidates.sort(key=lambda c: (-c.score, c.field == IGNORE))


@dataclass(frozen=True)
class Decision:
    column: str
    #: the winning candidate (field may be IGNORE), or None
    candidate: Candidate | None
    reason: str
    score: float


def resolve(
    evidence: list[Evidence], *, confirm_threshold: float, taken: Mapping[str, str] | frozenset[str] = frozenset()
) -> tuple[list[Decision], list[str]]:
    """One decision per column (same order) and notices about the conflicts settled by rank."""
    position = [0] * len(evidence)
    lost: dict[int, tuple[Candidate, str]] = {}
    notices: list[str] = []

    def current(i: int) -> Candidate | None:
        cands = evidence[i].candidates
        while position[i] < len(cands) and cands[position[i]].field in taken:
            skipped = cands[position[i]]
            # who took it: "taken by the profile", "'Amount', set by hand (--set)"
            owner = taken.get(skipped.field) if isinstance(taken, Mapping) else None
            lost.setdefault(i, (skipped, f"{skipped.field} is already {owner or 'taken by the profile'}"))
            position[i] += 1
        return cands[position[i]] if position[i] < len(cands) else None

    while True:
        claims: dict[str, list[int]] = {}
        for i in range(len(evidence)):
            cand = current(i)
            if cand is not None and cand.field != IGNORE and cand.score >= confirm_threshold:
                claims.setdefault(cand.field, []).append(i)
        conflicts = {f: cols for f, cols in claims.items() if len(cols) > 1}
        if not conflicts:
            break
        for target, cols in conflicts.items():
            # beside a column blank on every row, a column with values that names the field
            # confidently wins it whatever its rank; a weak one does not
            tiers = any(_cand(evidence, position, i).blank for i in cols)
            # (amounts read from their words alone are told apart by their zeros: not balances, zero on the
            # rows paid, nor the vocabulary's own terms, whose order is the export's: "Debit" before "AMT")
            zeros = target == "amount" and not any(
                "balance" in _cand(evidence, position, i).role or _cand(evidence, position, i).score >= 1.0 for i in cols)
            winner = max(cols, key=lambda i: (
                _tier(_cand(evidence, position, i)) if tiers else 0, _cand(evidence, position, i).rank,
                not _cand(evidence, position, i).blank, target == "reference" and _own_values(evidence[i]),
                _cand(evidence, position, i).score, -_zero_share(evidence[i]) if zeros else 0.0, -i,
            ))
            winner = next((i for i in cols if _with_tax(_cand(evidence, position, i), _cand(evidence, position, winner))), winner)
            if target == "reference":
                winner = _own_over_weak(evidence, position, cols, winner)
            win = _cand(evidence, position, winner)
            for i in cols:
                if i == winner:
                    continue
                mine = _cand(evidence, position, i)
                own = target == "reference" and _own_values(evidence[winner]) and not _own_values(evidence[i])
                fewer = zeros and _zero_share(evidence[i]) > _zero_share(evidence[winner])
                why = _lost_reason(evidence[winner].column, win, mine, own, fewer)
                lost[i] = (mine, why)
                if win.rank > mine.rank and win.role:
                    notices.append(
                        f"{target}: '{evidence[winner].column}' ({win.role}) chosen over '{evidence[i].column}'"
                        + (f" ({mine.role})" if mine.role and mine.role != win.role else "")
                        + "."
                    )
                elif _with_tax(win, mine):
                    notices.append(
                        f"{target}: '{evidence[winner].column}' (tax included) chosen over '{evidence[i].column}'."
                    )
                position[i] += 1
                if target == LAST and len(cols) == 2 and SECOND_LAST not in taken and SECOND_LAST not in claims:
                    # two last names (the father's and the mother's: "Apellido paterno", "Apellido materno") are
                    # both the debtor's, written in the file's order
                    evidence[i].candidates.insert(position[i], replace(
                        mine, field=SECOND_LAST, as_part=None,
                        reason=f"{mine.reason}, a second last name beside '{evidence[winner].column}'"))
                    lost.pop(i, None)
                    continue
                if evidence[i].header_field is not None:
                    # a column whose header names a field it lost is that field's runner-up, not
                    # another field by its values alone ("Reference" of "0466000008" is no phone)
                    cands = evidence[i].candidates
                    while position[i] < len(cands) and cands[position[i]].reason.startswith(VALUES_SAID):
                        position[i] += 1

    decisions = []
    for i, ev in enumerate(evidence):
        cand = current(i)
        if cand is not None and (cand.field == IGNORE or cand.score >= confirm_threshold):
            decisions.append(Decision(ev.column, cand, cand.reason, cand.score))
        elif i in lost:
            lost_cand, why = lost[i]
            decisions.append(Decision(ev.column, None, why, lost_cand.score))
        elif cand is not None:
            decisions.append(Decision(ev.column, cand, cand.reason, cand.score))
        else:
            decisions.append(Decision(ev.column, None, ev.no_match_reason, 0.0))
    return decisions, notices


#: how the reason of a candidate the values alone propose begins
VALUES_SAID = "values: "

#: a column with values and at least this score beats a blank one for its field
STRONG = 0.8


def _own_values(ev: Evidence) -> bool:
    """Whether each row of a column holds a value of its own: of two columns naming the reference
    alike, the one whose values repeat ("ref_doc": PROMO001 on two rows, the promotion an SAP item
    points to) is not the document's number ("ar_doc_no")."""
    return ev.values is not None and ev.values.count > 1 and ev.values.share("distinct") >= 1.0


#: a reference read from a header this weakly (a number of something unknown: "Policy Number") ...
WEAK_REFERENCE = 0.7
#: ... whose values repeat this much (the share of them distinct, at most) gives way to a column
#: named confidently whose values are each row's own
REPEATED_REFERENCE = 0.5


def _own_over_weak(evidence: list[Evidence], position: list[int], cols: list[int], winner: int) -> int:
    """Of the columns claiming the reference, one named confidently whose values are each row's own
    ("Transaction Identifier") over the winner by rank, when that one's header is weak and its values
    repeat (a group policy's number, 1,335 for 11,993 claims); ``winner`` otherwise."""
    win, values = _cand(evidence, position, winner), evidence[winner].values
    if win.score >= WEAK_REFERENCE or values is None or values.count <= 1 or values.share("distinct") > REPEATED_REFERENCE:
        return winner
    own = [i for i in cols if i != winner and _own_values(evidence[i]) and not _cand(evidence, position, i).blank
           and _cand(evidence, position, i).score >= STRONG]
    return own[0] if own else winner


def _zero_share(ev: Evidence) -> float:
    """The share of a column's written values that are zero: of two amounts alike in all else, the
    one that says something on more rows ("Rejected Amount" beside an "Exceed Price" mostly 0)."""
    return ev.values.share("zero") if ev.values is not None else 0.0


def _tier(candidate: Candidate) -> int:
    """A confident column with values first; a weak one meets a blank one on rank, then on its values."""
    return 2 if candidate.score >= STRONG and not candidate.blank else 1


def _with_tax(candidate: Candidate, other: Candidate) -> bool:
    """``candidate``'s header is ``other``'s words, or some of them, and says tax is included
    ("Total TTC" beside "Total", "gross_amount" beside "total_amount")."""
    return (
        candidate.tax_included and not other.tax_included and candidate.rank == other.rank
        and bool(candidate.words) and candidate.words <= other.words
    )


def _cand(evidence: list[Evidence], position: list[int], i: int) -> Candidate:
    return evidence[i].candidates[position[i]]


def lost_to(winner_column: str) -> str:
    """How the reason of a column that lost its field to ``winner_column`` begins."""
    return f"lost to '{winner_column}' ("


def _lost_reason(winner_column: str, win: Candidate, mine: Candidate, own: bool = False, zeros: bool = False) -> str:
    """Why ``mine`` lost its field to ``win``, by the rule that decided (``resolve``): the column
    with values over a blank one, the higher rank, tax included, for the reference the column whose
    values are each row's own (``own``), the higher score, and only on a tie of all these the earlier
    column."""
    if mine.blank and not win.blank:
        # what the column holds on every row: nothing, zero, one value
        why = mine.reason.rsplit(", but ", 1)[1] if ", but " in mine.reason else "this column is blank on every row"
    elif win.rank > mine.rank:
        # "Datum" (a bare date) behind "Datum vystavení" (the issue date), whatever its score
        why = f"{win.role} wins" if win.role else "its header names the field more precisely"
    elif _with_tax(win, mine):
        why = "its header says tax included"
    elif own and not mine.blank:
        why = "its values are each row's own, these repeat"
    elif win.score > mine.score:
        why = "higher confidence"
    elif zeros:
        why = "this column is zero on more rows"
    else:
        why = "earlier column"
    return f"{lost_to(winner_column)}{why})"
