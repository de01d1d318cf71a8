"""``map_columns``: every column of a read table gets a field (or none), a confidence, a status
and a reason.

Order of decisions:
1. a profile forced by name, else a learned mapping whose header fingerprint matches, else a
   profile whose ``match_headers`` are all present: its columns are taken as they are (1.0);
2. every other column: its header against the vocabulary, weighed by what a sample of its
   values looks like (a disagreeing values signal lowers the header's score; e-mail, phone,
   currency and country values propose a field on their own);
3. name parts: "Nom" beside "Prénom" is the last name ("Nombre" beside "Apellidos" the first);
4. conflicts settled globally (see ``resolve``);
5. a full-name column wins ``debtor.name`` and the name parts become metadata; with no
   person-name column at all, the company column is the debtor's name;
6. a street without its numbers is written with the house number's column beside it (and a flat's),
   and else does not hide a column of addresses that hold them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

from getbill_import.config import (
    DEFAULT_CONFIRM_THRESHOLD,
    DEFAULT_MAPPED_THRESHOLD,
    bundled_mappings_dir,
)
from getbill_import.fields import BY_NAME, HOUSE_NUMBER, LINE, LINE1_PARTS, REQUIRED_FIELDS, UNIT
from getbill_import.mapping import ColumnMapping, MappingResult, Status
from getbill_import.mapping.compose import HOUSE_NUMBER_ROLE, PART_ROLE, REMAINING_ROLE, UNIT_ROLE
from getbill_import.mapping.headers import (
    HeaderMatch,
    address_number,
    match_header,
    names_another_party,
    tax_included_words,
    words_exclude,
)
from getbill_import.mapping.normalize import normalize_header
from getbill_import.mapping.profiles import (
    Profile,
    composed_of,
    find_automatic,
    find_by_name,
    find_learned,
    find_partial,
    header_named,
    headers_fingerprint,
    load_profiles,
)
from getbill_import.mapping.resolve import Candidate, Decision, Evidence, lost_to, resolve
from getbill_import.mapping.values import (
    COMPATIBLE_SHARE,
    KIND_LABELS,
    MIN_SAMPLE,
    SPECIFIC_KINDS,
    ValueProfile,
    entry_kinds,
    entry_sides,
    header_says,
    names_an_order,
    names_line_price,
    names_status_or_region,
    names_unit_amount,
    period_header,
    profile_values,
    sample_column,
    written_share,
)
from getbill_import.mapping.vocabulary import IGNORE
from getbill_import.validate._common import folded

FIRST, LAST, NAME, COMPANY = "debtor.first_name", "debtor.last_name", "debtor.name", "debtor.company"
_COMPLEMENT = {FIRST: LAST, LAST: FIRST}
_PART_LABEL = {FIRST: "first name", LAST: "last name"}

#: how the notice of a company column set aside for its codes begins (its column quoted next)
CODES_FOR_NAMES_SAID = "debtor.name: no person-name column, and the company column"

#: a values signal below this share of agreeing values lowers the header's score
DISAGREE_BELOW = 0.5
#: what a field's values should look like, for reasons
EXPECTED_LABELS = {
    "email": "e-mail addresses", "phone": "phone numbers", "date": "dates", "amount": "amounts",
    "currency": "currency codes", "country": "countries", "postal_code": "postal codes",
    "name": "names", "text": "text", "scenario": "scenario names", "reference": "references",
}
#: the confidence of a profile's fields when the export lacks one of its anchor headers
PARTIAL_PROFILE_SCORE = 0.9
#: header matches the values confirm get this much more (never reaching an exact match's 1.0)
AGREEMENT_BONUS = 0.08
REGION = "debtor.address.region"
#: a "State"/"Estado" column is a status from this share of document-status values on
STATUS_SHARE = 0.5
#: ... and a region (to confirm) when no value is a status and this share is words without digits
PLACE_SHARE = 0.9
REGION_BY_VALUES = 0.7
#: the share of a region column's values that are segments or territories for it to be no region (or
#: of them and points of the compass, when a fifth at least are territories: "South 2" beside "North")
SEGMENT_SHARE = 0.8
#: what the score of the field a header names is worth when its column is blank on every row
#: (below the default mapped threshold: to confirm at most)
BLANK_SCORE = 0.78
BLANK_SAID = ", but the column is blank on every row"
ZERO_SAID = ", but the column is zero on every row"
#: the reason of a column mapped by hand
ASSIGNED_SAID = "set by hand (--set)"
#: said of a reference column whose values count the rows
COUNTER_SAID = "1, 2, 3… in order, a count of the rows rather than invoice numbers"
#: what the reason of a record's id offered for the reference says
RECORD_ID_SAID = "the record's id:"


def map_columns(
    frame: pl.DataFrame,
    *,
    mappings_dir: Path | str | None = None,
    profiles_dirs: Sequence[Path | str] | None = None,
    learned_dir: Path | str | None = None,
    profile: str | None = None,
    mapped_threshold: float = DEFAULT_MAPPED_THRESHOLD,
    confirm_threshold: float = DEFAULT_CONFIRM_THRESHOLD,
    assign: Sequence[tuple[str, str]] = (),
) -> MappingResult:
    """Map the columns of ``frame`` (the reader's frame: LINE + one String column per source
    column) onto the canonical fields. Raises MappingError for an unknown ``profile`` (the
    message lists the known ones) or a malformed profile or vocabulary file.

    ``profiles_dirs`` defaults to ``mappings_dir/profiles``; ``learned_dir`` to none. ``assign``:
    the columns the user maps by hand (see ``assign_columns``), before the others are decided."""
    directory = Path(mappings_dir or bundled_mappings_dir())
    if profiles_dirs is None:
        profiles_dirs = [directory / "profiles"]
    headers = [c for c in frame.columns if c != LINE]
    fingerprint = headers_fingerprint(headers)
    notices: list[str] = []
    chosen, missing_anchors = _choose_profile(headers, fingerprint, profile, profiles_dirs, learned_dir, directory)
    fixed = _apply_profile(chosen, headers, notices, missing_anchors, frame) if chosen else {}
    if chosen is not None and chosen.closed:
        # a format whose every field the profile names (a journal's many other columns are never
        # a debtor's): the columns it does not name are metadata
        fixed.update({
            h: ColumnMapping(h, None, 1.0, "unmapped", f"{chosen.reason}: not one of its columns")
            for h in headers if h not in fixed
        })

    assigned = assign_columns(headers, assign, fixed) if assign else {}
    fixed.update(assigned)
    rest = [h for h in headers if h not in fixed]
    evidence = [_evidence(frame.get_column(h), h, directory) for h in rest]
    present_parts = {c.field for c in fixed.values() if c.field is not None and c.field in _COMPLEMENT}
    _name_parts(evidence, present_parts, confirm_threshold)
    _running_balances(evidence, frame, notices)
    _balance_parts(evidence, notices)
    _period_columns(evidence, directory, notices)
    _days_beside_amounts(evidence)
    _arrears_in_money(evidence, frame, directory)
    _issuer_beside_the_customer(evidence, notices, directory)
    _balance_after_paid(evidence, frame, notices, directory)
    taken = {c.field: f"'{c.column}', {ASSIGNED_SAID}" if c.column in assigned else "taken by the profile"
             for c in fixed.values() if c.field}
    decisions, conflict_notices = resolve(evidence, confirm_threshold=confirm_threshold, taken=taken)
    notices.extend(conflict_notices)
    auto = {d.column: _column_mapping(d, mapped_threshold, confirm_threshold) for d in decisions}

    columns = [fixed.get(h) or auto[h] for h in headers]
    _settle_names(columns, notices, fixed=set(fixed),
                  values={ev.column: ev.values for ev in evidence if ev.values is not None}, frame=frame)
    _periods_beside_an_amount(columns, notices)
    notices.extend(_contradicted(columns, evidence))
    notices.extend(_counted(columns, evidence))
    _street_numbers(columns, frame, notices, fixed=set(fixed), directory=directory)
    _unit_of_measure(columns, fixed=set(fixed), directory=directory)
    _total_over_its_part(columns, frame, notices, fixed=set(fixed), directory=directory)
    _reference_written_on_every_row(columns, evidence, frame, notices, fixed=set(fixed))
    _reference_of_few_words(columns, frame, notices, fixed=set(fixed))
    _total_of_two_debts(columns, frame, notices, fixed=set(fixed), directory=directory)
    _currency_of_its_symbols(columns, frame, notices)
    _offer_candidates(columns, evidence, confirm_threshold, notices, directory, few_rows=frame.height < MIN_SAMPLE,
                      frame=frame)
    # a blank name column gives way to the company's, row by row (``apply``): no row is rejected for it
    company = any(c.field == COMPANY and c.status != "unmapped" and not c.reason.endswith(BLANK_SAID) for c in columns)
    notices.extend(
        f"{c.field}: '{c.column}' is {'zero' if c.reason.endswith(ZERO_SAID) else 'blank'} on every row, so every row "
        f"will be rejected for it: check the export, or name another column (--set 'COLUMN={c.field}')." for c in columns
        if c.field in REQUIRED_FIELDS and c.status != "unmapped" and c.reason.endswith((BLANK_SAID, ZERO_SAID))
        and not (c.field == NAME and company)
    )
    if headers and all(_PLACEHOLDER.fullmatch(h) for h in headers):
        _dates_by_values(columns, evidence, frame, notices)
    _due_date_by_days_overdue(columns, evidence, frame, notices, directory)
    _issue_date_of_creation(columns, evidence, frame, notices, directory, fixed=set(fixed))
    return MappingResult(
        columns=columns,
        profile=chosen.name if chosen else None,
        row_rules=chosen.rows if chosen else (),
        fallbacks=dict(chosen.fallbacks) if chosen else {},
        ledger=chosen.ledger if chosen else None,
        file_format=chosen.file_format if chosen else None,
        set_by_hand=frozenset(assigned),
        fingerprint=fingerprint,
        notices=notices,
    )


def profile_compositions(headers: list[str], *, learned_dir: Path | str | None = None, profile: str | None = None) -> list[str]:
    """The references the learned profile a file would be read with composes of its columns ("Payer
    Name+Charge Date" = "reference", saved from a ``--set``), each of columns the file has: only a
    mapping saved by ``map --save`` composes one, and the bundled profiles are not read for it."""
    if learned_dir is None or not Path(learned_dir).is_dir() or not any(Path(learned_dir).glob("*.toml")):
        return []
    learned = load_profiles([learned_dir])
    chosen = find_by_name(profile, learned) if profile is not None and profile in learned else (
        None if profile is not None else find_learned(headers_fingerprint(headers), learned))
    if chosen is None:
        return []
    return [column for column, target in chosen.exact_columns.items()
            if target == "reference" and column not in headers and composed_of(column, headers)]


def _choose_profile(
    headers: list[str],
    fingerprint: str,
    name: str | None,
    profiles_dirs: Sequence[Path | str],
    learned_dir: Path | str | None,
    directory: Path,
) -> tuple[Profile | None, tuple[str, ...]]:
    """The profile to apply and, when it fits only partly, the anchor headers the file lacks."""
    learned_dirs = [Path(learned_dir)] if learned_dir else []
    if name is not None:
        return find_by_name(name, load_profiles([*learned_dirs, *profiles_dirs])), ()
    if learned_dirs:
        learned = find_learned(fingerprint, load_profiles(learned_dirs))
        if learned is not None:
            return learned, ()
    bundled = load_profiles(profiles_dirs)
    automatic = find_automatic(headers, bundled)
    if automatic is not None:
        return automatic, ()
    partial = find_partial(headers, bundled, lambda h: match_header(h, directory).how != "exact")
    return partial if partial is not None else (None, ())


def _apply_profile(
    profile: Profile, headers: list[str], notices: list[str], missing_anchors: tuple[str, ...] = (),
    frame: pl.DataFrame | None = None,
) -> dict[str, ColumnMapping]:
    """The profile's fields for the headers it names. A profile that fits only partly (one of its
    anchor headers is not in the file) maps at ``PARTIAL_PROFILE_SCORE``, and a notice says which
    anchor is missing. A column the profile names the reference whose values are words, no number
    on most rows (a person's name under Shopify's "Name", the order's "#1001" there), is not the
    profile's: it is mapped by its header and values, said."""
    fixed: dict[str, ColumnMapping] = {}
    score = PARTIAL_PROFILE_SCORE if missing_anchors else 1.0
    reason = profile.reason + (" (partly: this export lacks its column " + ", ".join(f"'{a}'" for a in missing_anchors) + ")" if missing_anchors else "")
    targets = {h: t for h in headers if (t := profile.field_for(h)) is not None}
    for header in [h for h, t in targets.items() if t == "reference" and frame is not None and _words_alone(frame, h)]:
        del targets[header]
        notices.append(f"{'learned mapping' if profile.learned else 'profile'} '{profile.name}' names '{header}' the "
                       "reference, but its values are words with no number on most rows: it is read by its header and "
                       "values instead.")
    # of the columns mapped to one field, the one the profile lists first (then the first in the file)
    used: dict[str, str] = {}
    for header in sorted(targets, key=lambda h: profile.preference(h)):
        if targets[header] != IGNORE:
            used.setdefault(targets[header], header)
    for header, target in targets.items():
        if target == IGNORE:
            fixed[header] = ColumnMapping(header, None, score, "unmapped", f"{reason}: ignored")
        elif used[target] != header:
            fixed[header] = ColumnMapping(header, None, score, "unmapped", f"{reason}: {target} is already '{used[target]}'")
        else:
            fixed[header] = ColumnMapping(header, target, score, "mapped", reason)
    what = "learned mapping" if profile.learned else "profile"
    notices.append(
        f"{what} '{profile.name}' applied to {len(fixed)} of {len(headers)} columns"
        + (f" ({profile.description})" if profile.description and not profile.learned else "")
        + (f"; it fits partly: this export lacks its column {', '.join(repr(a) for a in missing_anchors)}" if missing_anchors else "")
        + "."
    )
    return fixed


#: the share of a reference column's values, at most, holding a digit for it to be words alone
_WORDS_ALONE_DIGITS = 0.2
#: ...of at least so many values written
_WORDS_ALONE_ROWS = 3


def _words_alone(frame: pl.DataFrame, column: str) -> bool:
    """Whether a column's written values are words, a digit in few of them ("Max Mustermann")."""
    if column not in frame.columns:
        return False
    text = frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    return text.len() >= _WORDS_ALONE_ROWS and int(text.str.contains(r"\d").sum()) <= _WORDS_ALONE_DIGITS * text.len()


#: the share of a column's values written as whole records ("{'id': 95, …}") from which it is no field
SERIALIZED_SHARE = 0.8


#: the most distinct codes a column of a document's states writes
_STATE_CODES = 3


def _state_codes(series: pl.Series) -> bool:
    """Whether a column writes a few codes of three capitals, each again and again ("PEN", "RPR"):
    a document's states, not the places of a list of customers."""
    text = series.cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    distinct = text.unique()
    return (text.len() > 2 * _STATE_CODES and distinct.len() <= _STATE_CODES
            and bool(distinct.str.contains(r"^[A-Z]{3}$").all()))


def _evidence(series: pl.Series, header: str, directory: Path) -> Evidence:
    match = match_header(header, directory)
    values = profile_values(sample_column(series), directory)
    blank = match.field not in (None, IGNORE) and not values.count and _blank_throughout(series)
    # what remains to pay, zero on every row, says nothing is owed: no empty column (a payments
    # register's "AppliedToTxnBalanceRemaining", Workiz's "JobAmountDue" of jobs all paid)
    zero = (match.field == "amount" and match.role != REMAINING_ROLE and bool(values.count)
            and not header_says(header, "balance_header_words", directory) and _blank_throughout(series, zero=True))
    if (blank or zero) and match.field is not None:
        # a column with nothing in it (an amount of zero on every row: "Débitos" of nothing) is its
        # field at best to confirm, and a column with values that names the field confidently wins
        # it (see ``resolve``)
        said = f"{match.reason}{ZERO_SAID if zero else BLANK_SAID}"
        score = BLANK_SCORE * match.score
        empty = Evidence(header, [Candidate(match.field, score, said, match.rank, match.role, match.as_part, blank=True)], said,
                         values=values)
        empty.header_field = match.field
        return empty
    serialized = values.share("serialized")
    if match.field not in (None, IGNORE) and serialized >= SERIALIZED_SHARE:
        what = f"{serialized:.0%} records written whole ({{…}}, […])"
        said = f"{match.reason}, but values: {what}"
        whole = Evidence(header, [Candidate(IGNORE, match.score, said)], said, values=values, explicit_ignore=True)
        whole.header_field, whole.values_said = match.field, what
        return whole
    candidates: list[Candidate] = []
    explicit_ignore = match.field == IGNORE and match.how != "fuzzy"
    # a header the vocabulary sets aside for another reason than a status ("Estado mora": an
    # arrears' stage; "Estado de entrega": a delivery's) is no region whatever its values
    other_ignored = match.field == IGNORE and match.how in ("exact", "composed") and match.role not in ("status", "a status")
    status_or_region = (
        match.field in (IGNORE, REGION) and values.informative and names_status_or_region(header, directory)
        and not other_ignored
    )
    statuses = values.share("status")
    if status_or_region and match.field == REGION and statuses >= STATUS_SHARE:
        # "State": paid, open, draft… a status, not the region of the address
        explicit_ignore = True
        candidates.append(Candidate(IGNORE, match.score, f"{match.reason}, but values: {statuses:.0%} document statuses"))
    elif (status_or_region and match.field == IGNORE and statuses == 0 and values.share("text") >= PLACE_SHARE
          # codes that read as currencies ("PEN", "RPR": a document's state) are no places, nor a few
          # codes of three capitals written again and again (PHC's "PEN" and "RPR": pending, re-presented)
          and values.share("currency") < PLACE_SHARE and not _state_codes(series)):
        # "Estado": Madrid, Sevilla… places, not statuses: the region, to confirm
        explicit_ignore = False
        candidates.append(Candidate(IGNORE, match.score * 0.5, match.reason))
        candidates.append(Candidate(REGION, REGION_BY_VALUES, f"{match.reason}, but values: places, no document status"))
    elif (match.field == IGNORE and values.informative and values.share("currency") >= CURRENCY_CODES_SHARE
          and "currency" in normalize_header(header).split()):
        # "currency_type" holding SGD on every row: a currency's header whose values are its codes
        explicit_ignore = False
        candidates.append(Candidate(IGNORE, match.score * 0.5, match.reason))
        candidates.append(Candidate("currency", match.score, f"{match.reason}, but values: "
                                    f"{values.share('currency'):.0%} currency codes"))
    elif match.field == IGNORE:
        candidates.append(Candidate(IGNORE, match.score, match.reason))
    elif match.field == REGION and values.informative and _coded_with_digits(series):
        # a sales territory's code ("Territory": KC35, O66), no part of an address
        candidates.append(Candidate(IGNORE, match.score, f"{match.reason}, but values: codes with digits, no region"))
    elif match.field == NAME and (sides := _entry_sides(series, directory)):
        # Tally's "Particulars": "To" and "By" before each entry's account, the name in the next cell
        candidates.append(Candidate(IGNORE, match.score, f"{match.reason}, but values: {sides}, each entry's side "
                                    "(debit, credit) or kind, no name"))
    elif match.field is not None:
        score, reason = (match.score, match.reason) if _written_currencies(match, series) else _weigh(match, values)
        gross, words = tax_included_words(header, str(directory)) if match.field == "amount" else (False, frozenset())
        rank = match.rank
        counter = match.field == "reference" and bool(values.share("counter"))
        if counter:
            # "Nro" holding 1, 2, 3…: it gives way to any other column of references ("Folio"),
            # however weakly its header names one ("Claim No")
            rank, role, reason = 0, "1, 2, 3…", f"{reason}, but values: {COUNTER_SAID}"
        else:
            role = match.role
        same = one_value(series, least=SAME_NUMBER_ROWS) if match.field in ("reference", "debtor.name") else None
        if same is not None and match.field == "debtor.name":
            # one name on every row (a law firm's attorney, "nombre_apoderado", beside each suit's debtor)
            # gives way to any other column of names; alone, it is the one debtor of a statement
            candidates.append(Candidate(match.field, score, f"{reason}, but values: {same!r} on every row", 0,
                                        f"{role or 'name'}, {same!r} on every row", match.as_part, gross, words))
        elif same is not None and not _document_number(same) and (series.len() >= ONE_VALUE_ROWS or _FLAG_VALUE.fullmatch(same)):
            # "Numéro GF" holding 2 on every row, "ODBLoanCode" 0, names no invoice: set aside, as
            # any other column may name them (each row's own file number) or the file is refused
            # (a document's number, "000001" on each line of one order's statement, names it)
            candidates.append(Candidate(IGNORE, score, f"{reason}, but values: {same!r} on every row, no invoice's number"))
        elif same is not None:
            # a document's number on every row tells no row apart: it gives way to any other column
            # of references ("No. Venta": '54447 (R)' on each row beside each invoice's "Folio")
            candidates.append(Candidate(match.field, score, f"{reason}, but values: {same!r} on every row", 0,
                                        f"{role or 'reference'}, {same!r} on every row", match.as_part, gross, words))
        else:
            candidates.append(Candidate(match.field, score, reason, rank, role, match.as_part, gross, words, blank=counter))
        if match.field == "due_date" and (owed := _amount_due(header, values)):
            candidates.append(owed)
        if match.field == "debtor.name" and (debit := _debit_amount(header, values, directory)):
            candidates.append(debit)
    if not explicit_ignore and values.informative:
        # (read over the whole column only when the header does not name the field itself)
        candidates.extend(c for c in _value_candidates(values, header, directory)
                          if (c.field not in _CODED or match.field == c.field
                              or _coded_throughout(series, _CODED[c.field], directory))
                          and (c.field != "debtor.phone" or match.field == c.field or not _one_numbering(series)))
    best: dict[str, Candidate] = {}
    for cand in candidates:
        if cand.field not in best or cand.score > best[cand.field].score:
            best[cand.field] = cand
    evidence = Evidence(header, list(best.values()), match.reason, values=values, explicit_ignore=explicit_ignore)
    if match.field not in (None, IGNORE):
        evidence.header_field = match.field
        evidence.values_said = _values_disagree(match, values)
    evidence.sort()
    return evidence


#: the share of currency codes in a column under a currency's header set aside ("currency_type") for it
#: to be the currency
CURRENCY_CODES_SHARE = 0.95
#: the words by which a header names what is due: the date it falls due, or the amount ("Fees Due")
_DUE_WORDS = frozenset({"due", "dues"})


def _amount_due(header: str, values: ValueProfile) -> Candidate | None:
    """"Fees Due", "IV yr I Sem Due" holding 35000, 0, 12500: the amount due, not the day it
    falls due. A candidate of the lowest rank: a column whose header names an amount wins over it;
    but "Due" alone is what is still due, an open balance, over a total."""
    if not values.informative or not _DUE_WORDS & set(normalize_header(header).split()):
        return None
    amounts = values.share("amount_like")
    if amounts < 0.9 or values.share("date_like") >= 0.5 or values.share("flag") >= 0.8 or values.share("counter"):
        return None
    if normalize_header(header) in _DUE_WORDS:
        # a bare "Due" of money beside the invoice's "Total" (FieldEdge's invoice list): what is still
        # owed of it, an open balance
        return Candidate("amount", AMOUNT_DUE_SCORE * amounts,
                         f"'due', but values: {amounts:.0%} amounts, what is still due", 3, "open balance")
    return Candidate("amount", AMOUNT_DUE_SCORE * amounts, f"'due', but values: {amounts:.0%} amounts, the amount due", 1,
                     "amount due")


def _debit_amount(header: str, values: ValueProfile, directory: Path) -> Candidate | None:
    """"Débiteur", "بدهکار" holding 120.50, 3500000: the debit side of an account (what the debtor
    owes), the word naming both the debtor and the debit. A candidate of the lowest rank: a column
    whose header names an amount wins over it."""
    if not values.informative or not header_says(header, "debit_balance_words", directory):
        return None
    amounts = values.share("amount_like")
    if amounts < 0.9 or values.share("date_like") >= 0.5 or values.share("flag") >= 0.8 or values.share("counter"):
        return None
    return Candidate("amount", AMOUNT_DUE_SCORE * amounts,
                     f"'{header}' names the debtor, but values: {amounts:.0%} amounts, the debit: what the debtor owes", 1, "debit")


#: what an amount due read by its values under a header of the word "due" scores: mapped, below a header that names an amount
AMOUNT_DUE_SCORE = 0.85


def _written_currencies(match: HeaderMatch, series: pl.Series) -> bool:
    """Under a currency header, values that all name a currency as the currencies' own lists read
    them ("MT": Mozambique's metical, not Malta), which the values' profile alone may take for
    something else."""
    if match.field != "currency":
        return False
    from getbill_import.validate.currencies import resolve_currency

    written = series.cast(pl.String).str.strip_chars().replace("", None).drop_nulls().unique().head(_CURRENCIES_READ)
    return bool(written.len()) and all(resolve_currency(v) for v in written.to_list())


#: distinct values of a currency column read through the currencies' lists
_CURRENCIES_READ = 50


#: a header of one word that names what is overdue, or for how many days
_DAYS_OR_AMOUNT = frozenset({"overdue", "vencido", "vencida", "atraso", "retard", "retraso", "scaduto", "achterstallig"})


#: rows from which a column of references holding one value on every row names no invoice
ONE_VALUE_ROWS = 20
#: rows from which a column of references holding one number on every row gives way to another
SAME_NUMBER_ROWS = 5


#: a value written as a document's number: four characters or more, a digit other than 0 among them
#: ("000001", "INV-0042"), not a small code ("2", "0")
_DOCUMENT_NUMBER = re.compile(r"(?=.*[1-9]).{4,}")


#: a flag's value, one letter or a word of yes or no ("F" on every row of NetSuite's "faxtransactions"): no
#: document's number however few the rows
_FLAG_VALUE = re.compile(r"(?i)[a-z]|true|false|yes|no")
#: a column of words repeated on most rows: the rows read, the share of them written without a digit,
#: and the most distinct words among them
_FEW_WORDS_ROWS, _FEW_WORDS_SHARE, _FEW_WORDS = 20, 0.5, 5


def _few_words(series: pl.Series) -> str | None:
    """The words, quoted, of a column written on most rows with a few words and no digit ('CIN',
    'RC'); None for another column."""
    written = series.cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    if written.len() < _FEW_WORDS_ROWS:
        return None
    words = written.filter(~written.str.contains(r"\d"))
    if words.len() < _FEW_WORDS_SHARE * written.len() or words.n_unique() > _FEW_WORDS:
        return None
    return ", ".join(repr(w) for w in words.value_counts(sort=True)[:, 0].head(3).to_list())


def _document_number(value: str) -> bool:
    return bool(_DOCUMENT_NUMBER.fullmatch(value))


#: the share of a region's values that hold a digit for the column to be codes, no region
CODED_REGION_SHARE = 0.8


def _coded_with_digits(series: pl.Series) -> bool:
    """Whether most values written mix letters and digits ("KC35", "O66": a sales territory's code);
    a region's own codes have none ("NSW", "BY")."""
    written = series.cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    return bool(written.len()) and int(written.str.contains(r"^[A-Za-z]+[ -]?\d+$").sum()) >= CODED_REGION_SHARE * written.len()


#: the rows of a name's column read first for its sides
_SIDES_SAMPLE = 2_000


def _entry_sides(series: pl.Series, directory: Path) -> str:
    """The sides a column holds when every value written is one ("To", "By": Tally's ledgers, the
    account in the next cell: ``entry_side_words``), or a kind of entry ("Opening Balance", "Sales",
    "Receipt": a ledger's "Particulars", ``entry_kind_words``), shown; "" for another column. Its first
    rows are read first: a column of names says so there."""
    sides = list(entry_sides(directory))
    kinds = list(entry_kinds(directory))

    def written(rows: pl.Series) -> pl.Series | None:
        text = rows.cast(pl.String).str.strip_chars()
        values = text.filter(text.is_not_null() & (text != ""))
        if values.len() < 2:
            return None
        key = pl.DataFrame({"v": values}).select(
            folded(pl.col("v")).str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()).to_series()
        return values if (values.str.to_lowercase().is_in(sides) | key.is_in(kinds)).all() else None

    if written(series.head(_SIDES_SAMPLE)) is None or (found := written(series)) is None:
        return ""
    return ", ".join(repr(v) for v in found.unique(maintain_order=True).head(4).to_list())


def one_value(series: pl.Series, *, blanks: bool = False, least: int = ONE_VALUE_ROWS) -> str | None:
    """The value a column holds on every one of its rows (with ``blanks``, on every row written),
    ``least`` rows or more, else None."""
    text = series.cast(pl.String).str.strip_chars().replace("", None)
    written = text.drop_nulls() if blanks else text
    if written.len() < least or written.null_count():
        return None
    first = written[0]
    return first if (written == first).all() else None


def _blank_throughout(series: pl.Series, *, zero: bool = False) -> bool:
    """Whether a column of ``MIN_SAMPLE`` rows or more holds nothing but blanks (with ``zero``,
    nothing but blanks and zeros: no digit other than 0)."""
    if series.len() < MIN_SAMPLE:
        return False
    text = series.cast(pl.String).str.strip_chars()
    said = text.str.contains("[1-9]") if zero else text != ""
    if (text.is_not_null() & said).any():
        return False
    # (a word without a digit, "Yes", "No", is no zero: a flag, whatever its header)
    return not zero or not (~text.str.contains(r"\d") & text.str.contains(r"[^\W\d_]")).fill_null(False).any()


#: the share of a column's values that are companies' names with their legal form, for it to be no place
COMPANIES_NO_PLACE = 0.3


def _values_disagree(match: HeaderMatch, values: ValueProfile) -> str:
    """What the values are, when they contradict the header's field ("" when they do not)."""
    kind = BY_NAME[match.field].kind if match.field in BY_NAME else None
    share_name = COMPATIBLE_SHARE.get(kind or "")
    if not values.informative or share_name is None or values.share(share_name) >= DISAGREE_BELOW:
        return ""
    return _what_they_are(values, kind) or f"not {EXPECTED_LABELS.get(kind or '', 'this field')}"


def _what_they_are(values: ValueProfile, kind: str | None) -> str:
    """The kind most values are ("100% whole numbers"), "" when none is most of them."""
    dominant, share = values.dominant_kind()
    if share >= DISAGREE_BELOW:
        return f"{share:.0%} {KIND_LABELS.get(dominant, dominant)}"
    codes = values.share("numbered")
    if kind == "name" and codes >= DISAGREE_BELOW:
        # "C001", "CL-0042": a customer's code, not the customer's name
        return f"{codes:.0%} codes with digits"
    return ""


def _weigh(match: HeaderMatch, values: ValueProfile) -> tuple[float, str]:
    """The header's score once the values have spoken."""
    kind = BY_NAME[match.field].kind if match.field in BY_NAME else None
    share_name = COMPATIBLE_SHARE.get(kind or "")
    if match.field in _WORDED and values.count and values.share("hashed") == 1.0:
        # "customer_hash": a name's owner, holding a digest, however few the rows
        return match.score * 0.3, f"{match.reason}, but values: hashes or keys, not words"
    segment = values.share("segment")
    if match.field == REGION and values.informative and (
            segment >= SEGMENT_SHARE or (segment >= 1 - SEGMENT_SHARE and segment + values.share("compass") >= SEGMENT_SHARE)):
        # "Region": Domestic, International; South 2, East - Infra: the seller's segments, no address
        return match.score * 0.3, f"{match.reason}, but values: market segments or sales territories, not places"
    if match.field in _PLACES and values.informative and values.share("company") >= COMPANIES_NO_PLACE:
        # "Nom_prov" (a supplier's name, "prov" read as a province): "ACOTRON … SA DE CV", companies
        return match.score * 0.3, f"{match.reason}, but values: companies' names, not places"
    if match.field in _PLACES and values.informative and values.share("yes_no") >= 0.9:
        # "Forte": false, false… (a payment gateway's flag), no city by a typo of "Ort"
        return match.score * 0.3, f"{match.reason}, but values: yes or no, not words"
    if match.field in _WORDED and (flags := values.share("yes_no")) >= 0.9 and (
            values.informative or (values.count and flags == 1.0)):
        # "livemode": TRUE, FALSE (a platform's flag), no name, on two rows too
        return match.score * 0.3, f"{match.reason}, but values: {flags:.0%} yes/no values"
    if match.field in _WORDED and values.informative and values.share("letter") >= 0.9 and values.share("distinct") < 0.5:
        # "row_name": K, B, D, K again (a row of seats), not a name
        return match.score * 0.3, f"{match.reason}, but values: single letters, not words"
    if match.field == "amount" and values.informative and values.share("compact_date") >= 0.9:
        # "DATE.PREMIER.DEBIT": 20200229, 20191226… dates written as numbers, no sums
        return match.score * 0.3, f"{match.reason}, but values: dates written as numbers (yyyymmdd)"
    if match.field == "amount" and match.how == "fuzzy" and values.informative and values.share("year") >= 0.9:
        # "Jaar": 2017, 2018 (a ledger's year, its header a near miss of a balance's word in another
        # language), no sums
        return match.score * 0.3, f"{match.reason}, but values: years, not amounts"
    if (match.field == "amount" and values.informative and values.share("flag") >= 0.9 and values.share("one")
            and values.share("distinct") * values.count <= 2):
        # "Risque_impaye": 0 or 1 on every row, a flag, no sum (zeros alone are balances of nothing)
        return match.score * 0.3, f"{match.reason}, but values: a flag (0 or 1), no amounts"
    if not values.informative or share_name is None:
        return match.score, match.reason
    agree = values.share(share_name)
    if agree < DISAGREE_BELOW:
        said = _what_they_are(values, kind) or f"only {agree:.0%} look like {EXPECTED_LABELS.get(kind or '', 'this field')}"
        return match.score * (0.5 + 0.4 * agree), f"{match.reason}, but values: {said}"
    if agree >= 0.9 and kind in SPECIFIC_KINDS and match.score < 1.0:
        return min(0.99, match.score + AGREEMENT_BONUS), f"{match.reason}; values agree ({agree:.0%})"
    return match.score, match.reason


#: the parts of an address written in words: a column of yes or no is none of them
_PLACES = frozenset({"debtor.address.line1", "debtor.address.line2", "debtor.address.city", "debtor.address.region"})
#: the fields a person reads in words: a column of hashes is none of them
_WORDED = frozenset({NAME, FIRST, LAST, COMPANY, "debtor.address.line1", "debtor.address.city"})


#: the fields the values alone propose by their codes ("EUR", "FR"), and the kind of value each is
_CODED = {"currency": "currency", "debtor.address.country": "country"}
#: the share of a column's rows, over the whole column, that may hold other values than such codes
#: (a sample from its head may hold one code alone: "ARS", a health scheme, among "EPS" and "SOAT")
CODED_OTHERS = 0.05
#: the distinct values read, the most frequent first
CODED_VALUES = 50


def _coded_throughout(series: pl.Series, kind: str, directory: Path) -> bool:
    """Whether the whole column, not its sample alone, holds codes of ``kind`` (currencies,
    countries) on all but ``CODED_OTHERS`` of its written rows."""
    written = series.cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    if not written.len():
        return False
    counts = written.value_counts(sort=True).head(CODED_VALUES)
    values, rows = counts[:, 0], counts[:, 1]
    others = sum(int(n) for v, n in zip(values.to_list(), rows.to_list(), strict=True)
                 if profile_values(pl.Series([v], dtype=pl.String), directory).share(kind) < 1)
    others += written.len() - int(rows.sum())
    return others <= CODED_OTHERS * written.len()


#: the distinct numbers, at least, and their first digits all of them share, that make a column of
#: numbers one series of documents' ("001002-00064144", "001002-00064440": an establishment's and a
#: point of sale's codes before the number), not phone numbers
SERIES_NUMBERS, SERIES_DIGITS = 5, 6


def _one_numbering(series: pl.Series) -> bool:
    """Whether the distinct numbers of a column all begin with the same code before a separator,
    and with the same ``SERIES_DIGITS`` digits ("001002-00064144"): a series of documents' numbers,
    where the numbers of phones differ past their area's code."""
    written = series.head(5_000).cast(pl.String).str.strip_chars().replace("", None).drop_nulls().unique()
    if written.len() < SERIES_NUMBERS:
        return False
    code = written.str.extract(r"^(\d+)[-/ ]\d")
    digits = written.str.replace_all(r"\D", "")
    return code.null_count() == 0 and code.n_unique() == 1 and digits.str.slice(0, SERIES_DIGITS).n_unique() == 1 \
        and bool((digits.str.len_chars() > SERIES_DIGITS).all())


#: the headers of a contact, a person or a number, that values of a phone number's length make a phone
_CONTACT_HEADERS = frozenset({"contact", "contacto", "contato", "contatto", "kontakt", "contact no", "contact numero",
                              "contact number", "contact details", "contact info"})


def _value_candidates(values: ValueProfile, header: str, directory: Path) -> list[Candidate]:
    """Fields the values alone propose: a column full of e-mail addresses is the e-mail."""
    out: list[Candidate] = []
    email = values.share("email")
    if email >= 0.8:
        out.append(Candidate("debtor.email", min(0.98, email), f"values: {email:.0%} e-mail addresses", 1))
    phone = values.share("phone")
    if phone >= 0.9:
        out.append(Candidate("debtor.phone", 0.9 * phone, f"values: {phone:.0%} phone numbers", 1))
    elif _PLACEHOLDER.fullmatch(header) and (bare := values.share("phone_length")) >= 0.9 and values.share("distinct") >= 0.5:
        # a file without a header row: a column of bare numbers of a phone number's length, each its own
        # ("1170591889", an Argentine mobile), is offered as the phone, to confirm
        out.append(Candidate("debtor.phone", 0.6 * bare, f"values: {bare:.0%} numbers of a phone number's length", 1))
    elif normalize_header(header) in _CONTACT_HEADERS and (bare := values.share("phone_length")) >= 0.9:
        # a "Contact" of bare numbers of a phone number's length ("9810098765"): the number to reach
        # the debtor at, not a contact person's name
        out.append(Candidate("debtor.phone", 0.9 * bare, f"values: {bare:.0%} numbers of a phone number's length", 1))
    currency = values.share("currency")
    if currency >= 0.95:
        out.append(Candidate("currency", 0.85 * currency, f"values: {currency:.0%} currency codes", 1))
    country = values.share("country")
    # "no", "NO", "No": a flag more likely than Norway, when no header says country
    if country >= 0.9 and values.share("yes_no") < 0.5 and _country_by_values(values, header, directory):
        out.append(Candidate("debtor.address.country", 0.8 * country, f"values: {country:.0%} countries", 1))
    return out


def _country_by_values(values: ValueProfile, header: str, directory: Path) -> bool:
    """Whether values that read as countries, under a header that says no country, are the
    debtor's country. Not under a header naming someone else ("Editoval", "Created by": a user's
    initials, "AM", are no Armenia), and one code written on every row ("AM", "NOR") is a
    country only when the header names nothing at all (a file without a header row): a user's,
    a branch's, a ledger's or a voucher type's code is written so just as often."""
    if names_another_party(header, str(directory)):
        return False
    one_code = max(values.share("country_code"), values.share("country_code3")) >= 0.9 \
        and round(values.share("distinct") * values.count) <= 1
    return not one_code or bool(_PLACEHOLDER.fullmatch(header))


def _name_parts(evidence: list[Evidence], present: set[str], confirm_threshold: float) -> None:
    """"Nom" is the last name when a first-name column exists ("Nombre"/"Nome" the first name
    when a last-name column exists). Beside both ("Name", "First Name", "Last Name": Invoice
    Ninja's client and its contact person), it is the whole name."""
    parts = set(present)
    for ev in evidence:
        if ev.candidates and ev.candidates[0].field in _COMPLEMENT and ev.candidates[0].score >= confirm_threshold:
            parts.add(ev.candidates[0].field)
    for ev in evidence:
        if not ev.candidates:
            continue
        top = ev.candidates[0]
        if top.as_part and _COMPLEMENT[top.as_part] in parts and top.as_part not in parts:
            other = _PART_LABEL[_COMPLEMENT[top.as_part]]
            ev.candidates[0] = Candidate(
                top.as_part, top.score, f"{top.reason}, the {_PART_LABEL[top.as_part]} (a {other} column is present)", 1
            )


def _column_mapping(decision: Decision, mapped_threshold: float, confirm_threshold: float) -> ColumnMapping:
    cand = decision.candidate
    score = round(min(1.0, max(0.0, decision.score)), 3)
    if cand is None or cand.field == IGNORE or score < confirm_threshold:
        return ColumnMapping(decision.column, None, score, "unmapped", decision.reason)
    status: Status = "mapped" if score >= mapped_threshold else "to_confirm"
    return ColumnMapping(decision.column, cand.field, score, status, decision.reason, cand.role)


#: the share of yes/no values ("no", "true") from which a column is never offered for a missing field
YES_NO_SHARE = 0.8
#: below this, a column is not even offered as a candidate for a missing required field
CANDIDATE_FLOOR = 0.3
#: value shares from which the values alone make a column a candidate for a missing field (a name
#: only as capitalised words, "Dupont SARL", "Jean Martin", and never above the other two)
_VALUE_SIGNALS = {
    "amount": ("amount_like", 0.8, "amounts"),
    "reference": ("numbered", 0.95, "references"),
    NAME: ("name_like", 0.8, "names"),
}
_VALUE_WEIGHT = {"amount": 0.55, "reference": 0.3, NAME: 0.35}
#: the share of round sums (1600000) that keeps a column from being offered for the reference
ROUND_SUMS = 0.8
#: value kinds that keep a column from being offered by its values, from a share on: "20240204"
#: (dates written yyyymmdd), "1" (a flag), "37040044" (a bank code, a phone), 1, 2, 3… (the
#: rows counted) and "2017" (a year) are no amounts, "Partially Paid" or "United Kingdom" no name,
#: "DGFC2505685604.pdf" (a file's name) no reference
_VALUE_VETOES = {"amount": (("date_like", "flag", "phone_like", "counter", "year"), 0.8), NAME: (("status", "country"), 0.2),
                 "reference": (("file_name",), 0.8)}


def _names_a_code(header: str) -> bool:
    """Whether a header is a code's or an identifier's words alone ("codigo", "Code", "ID", "Nr")."""
    from getbill_import.mapping.headers import IDENTIFIER_WORDS
    from getbill_import.mapping.normalize import normalize_header

    words = normalize_header(header).split()
    return bool(words) and set(words) <= IDENTIFIER_WORDS | {"no", "nr", "num", "number", "nummer"}


#: the values that make a column no candidate for a field, whatever its header, and their share
_NOT_OFFERED = {NAME: (("amount", "date_like"), 0.8)}


#: a header naming a physical unit, alone or last ("M2", "Vand m3", "Forbrug kWh", "Area (sqm)")
_UNIT_HEADER = re.compile(r"(?i)(?:^|[\s_(])(?:m\s*[²³23]|sq\.?\s*(?:m|ft)|sqm|sqft|k?wh|mwh|kw|kg|litres?|liters?)\)?\s*$")


def _not_offered(ev: Evidence, target: str, directory: Path) -> bool:
    """A column whose values are something the field never holds (a "name" of amounts: "Lien",
    read as a label, over a tax sale's sums owed) is no candidate for it."""
    from getbill_import.mapping.values import header_says

    if target == "reference" and header_says(ev.column, "year_words", directory):
        # "سنة المديونية" (the debt's year: 2021), "Ejercicio": a year numbers no debt
        return True
    if target == "reference" and _UNIT_HEADER.search(ev.column):
        # "M2", "Vand m3", "kWh": a quantity measured (a member's floor area), numbering no debt
        return True
    if target == "amount" and "%" in ev.column:
        # "Adviser Split(%)", "Taux %": a percentage, no money
        return True
    if target == "amount" and _names_a_code(ev.column):
        # "codigo", "ID": a student's or a record's code (2372), whatever its digits look like
        return True
    kinds, floor = _NOT_OFFERED.get(target, ((), 1.0))
    values = ev.values
    if values is None or not values.informative:
        return False
    # numbers, some with cents ("part": 0, 8.96, 1060.15) or some zero (a statement's debit: 0,
    # 12000000), name no one (whole ones may be customer numbers, offered to name each debtor)
    numbers = (values.share("amount") + values.share("integer")
               if target == NAME and (values.share("amount") >= 0.1 or values.share("zero") >= 0.1) else 0.0)
    return numbers >= floor or any(values.share(kind) >= floor for kind in kinds)


def _offer_candidates(
    columns: list[ColumnMapping], evidence: list[Evidence], confirm_threshold: float, notices: list[str],
    directory: Path, *, few_rows: bool = False, frame: pl.DataFrame | None = None,
) -> None:
    """A required field no column confidently provides: its best candidate among the unmapped
    columns (by header, by values, never a column whose header excludes it) is offered "to
    confirm" with its evidence, and the runners-up are named in a notice. In a file of one or
    two rows (``few_rows``), a column's values speak only when every one of them agrees."""
    by_column = {ev.column: ev for ev in evidence}
    present = {c.field for c in columns if c.field and c.status != "unmapped"}
    if present & {FIRST, LAST, COMPANY}:
        present.add(NAME)
    for target in ("amount", "reference", NAME):
        # an amount's column blank on every row (Xero's line items: "Total" left for Xero to compute)
        # gives way to a column set aside that holds the amount (their unit amount); a reference's
        # ("Numero" of a bank's overdrawn accounts) to a record's own key
        blank = next((c for c in columns if c.field == target and c.status != "unmapped" and c.reason.endswith(BLANK_SAID)),
                     None) if target in ("amount", "reference") else None
        if target in present and blank is None:
            continue
        offers: list[tuple[float, ColumnMapping, str]] = []
        for col in columns:
            ev = by_column.get(col.column)
            if col.status != "unmapped" or ev is None or any(c.blank for c in ev.candidates):
                # a column blank on every row gives every row the field missing: no offer
                continue
            if _not_offered(ev, target, directory):
                continue
            if ev.explicit_ignore:
                # a header set aside that still holds the field when no column names it (written on most
                # rows: a contract's number on a third of a portfolio's loans names none of the others)
                if frame is not None and col.column in frame.columns and written_share(frame.get_column(col.column)) < OFFER_FILLED:
                    continue
                if (offer := _offer_set_aside(ev, target, directory, frame, few_rows)) is not None:
                    offers.append((offer[0], col, offer[1]))
                continue
            if blank is not None:
                continue
            if frame is not None and col.column in frame.columns and written_share(frame.get_column(col.column)) < OFFER_FILLED:
                # a column written on a few rows only gives most rows the field missing
                continue
            if target == "amount" and frame is not None and col.column in frame.columns and _fixed_width_codes(
                    frame.get_column(col.column)):
                # whole numbers all of one width, each row's own ("400053", an Indian postal PIN): codes, no money
                continue
            if target == "reference" and frame is not None and col.column in frame.columns and _fractions(
                    frame.get_column(col.column)):
                # numbers between 0 and 1 of many decimals ("risk_ratio": 0.9405940594059405) are measures,
                # no document's number
                continue
            if target == NAME and frame is not None and col.column in frame.columns and (
                    _small_codes(frame.get_column(col.column)) or _quantities(frame.get_column(col.column))):
                # numbers of one or two digits (SAP's division "SPART": 1, 2) are a kind of row, no one's number;
                # numbers of all sizes ("Customer Liabilities": 1, 50, 121000) are quantities
                continue
            score, why = _candidate_score(ev, target, directory, few_rows)
            if score >= CANDIDATE_FLOOR:
                offers.append((score, col, why))
        if not offers:
            continue
        if blank is not None:
            blank.field, blank.status = None, "unmapped"
            blank.reason = f"{blank.reason}: '{offers[0][1].column}' gives the {target} instead"
        # (an account's balance by its named header comes before a column without a header, read by its
        # values alone: a bank's "Compte Debiteur" beside its unnamed conversion into dinars)
        offers.sort(key=lambda o: (not o[2].startswith(_ACCOUNT_BALANCE_SAID), -o[0]))
        if target == "amount" and frame is not None:
            offers = _line_totals_first(_totals_first(offers, frame), frame)
        score, col, why = offers[0]
        col.field, col.status, col.confidence = target, "to_confirm", round(min(score, confirm_threshold), 3)
        col.reason = f"best candidate for {target}, no column reached the confirm level: {why}"
        if why.startswith(_FEES_LEFT):
            # what remains of the fees: a balance, no total to take payments off
            col.role = "open balance"
        present.add(target)
        # the column is offered after all: no longer "kept as metadata"
        notices[:] = [n for n in notices if not (n.startswith(f"'{col.column}' reads as ") and "kept as metadata" in n)]
        others = ", ".join(f"'{c.column}' ({s:.2f}: {w})" for s, c, w in offers[1:3])
        notices.append(
            f"{target}: no column is confidently the {BY_NAME[target].description.lower()}; '{col.column}' is "
            f"offered to confirm ({why})" + (f"; other candidates: {others}" if others else "") + "."
        )


#: the share of the rows a column must be written on to be offered for a missing required field
OFFER_FILLED = 0.5


#: the values read for a column of fractions, and the share of them that must be fractions
FRACTION_SAMPLE, FRACTION_SHARE = 1_000, 0.9


def _fractions(column: pl.Series) -> bool:
    """Whether nearly all of a column's written values are numbers between 0 and 1 written with three
    decimals or more ("0.9405940594059405", "0,125"): ratios, shares, rates."""
    written = column.head(FRACTION_SAMPLE).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    return bool(written.len()) and float(written.str.contains(r"^-?0?[.,]\d{3,}$").mean() or 0.0) >= FRACTION_SHARE  # type: ignore[arg-type]


def _small_codes(series: pl.Series) -> bool:
    """Whether every value written is a number of one or two digits."""
    written = series.cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    return bool(written.len()) and bool(written.str.contains(r"^\d{1,2}$").all())


#: the width, at least, of the whole numbers a column of codes writes alike, the share of its values
#: written so, and the share of them that must be distinct
_CODE_WIDTH, _CODES_ALIKE, _CODES_DISTINCT = 5, 0.95, 0.3


def _fixed_width_codes(series: pl.Series) -> bool:
    """Whether nearly every value written is a whole number of one width, five digits or more, and
    many of them distinct (postal codes, account numbers): codes, no amounts."""
    written = series.head(_FIXED_WIDTH_SAMPLE).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    if written.len() < 3 or int(written.str.contains(r"^\d+$").sum()) < _CODES_ALIKE * written.len():
        return False
    widths = written.str.len_chars()
    width = int(widths.mode().max() or 0)  # type: ignore[arg-type]
    # (round sums end in zeros, "27000", "15000": prices of a currency of small units, no codes)
    rounded = int(written.str.ends_with("00").sum())
    return (width >= _CODE_WIDTH and int((widths == width).sum()) >= _CODES_ALIKE * written.len()
            and written.n_unique() >= _CODES_DISTINCT * written.len() and 2 * rounded < written.len())


#: the values read for a column of codes of one width
_FIXED_WIDTH_SAMPLE = 2000


def _quantities(series: pl.Series) -> bool:
    """Whether every value written is a number, some with decimals or their lengths apart by three
    digits or more (1, 50, 121000): quantities, no one's number."""
    written = series.cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    if not written.len() or not written.str.contains(r"^-?\d+(?:[.,]\d+)?$").all():
        return False
    digits = written.str.replace(r"[.,]\d+$", "").str.len_chars()
    # (a whole number a spreadsheet writes "1234.0" is no fraction)
    longest, shortest = int(digits.max() or 0), int(digits.min() or 0)  # type: ignore[arg-type]
    return bool(written.str.contains(r"[.,]\d*[1-9]\d*$").any()) or longest - shortest >= 3


#: the name the reader gives a column without one ("Column 3"): a file read without a header row
_PLACEHOLDER = re.compile(r"Column \d+")
#: the share of a column's values that are dates for it to be a date by its values alone
_DATES_SHARE = 0.9
#: the score of a date column offered by its values alone: to confirm
_DATE_BY_VALUES = 0.4


def _dates_by_values(columns: list[ColumnMapping], evidence: list[Evidence], frame: pl.DataFrame, notices: list[str]) -> None:
    """In a file without a header row, its columns of dates by their values: one is the issue date;
    of two, the one that comes first on nearly every row is the issue date, the other the due date
    (in their order when their values cannot be compared). Offered to confirm, and said."""
    from getbill_import.validate.dates import read_dates

    values = {ev.column: ev.values for ev in evidence}
    dated = [
        c for c in columns
        if c.status == "unmapped" and (v := values.get(c.column)) is not None and v.informative and v.share("date") >= _DATES_SHARE
        # one date on every row is the day the list was drawn (or a placeholder: "0/1/2000"), no invoice's
        and (frame.height < MIN_SAMPLE or frame.get_column(c.column).drop_nulls().n_unique() > 1)
    ]
    if not dated or len(dated) > 2 or any(c.field in ("issue_date", "due_date") and c.status != "unmapped" for c in columns):
        return
    fields = ["issue_date"]
    if len(dated) == 2:
        first, second = read_dates(*(frame.get_column(c.column) for c in dated))
        both = first.is_not_null() & second.is_not_null()
        later = (second < first).filter(both)
        if later.len() >= MIN_SAMPLE and later.sum() >= _DATES_SHARE * later.len():
            dated.reverse()
        fields.append("due_date")
    for col, target in zip(dated, fields, strict=False):
        col.field, col.status, col.confidence = target, "to_confirm", _DATE_BY_VALUES
        col.reason = "values: dates" + (", the earlier of the two" if target == "issue_date" and len(dated) == 2 else "")
    notices.append(
        "Dates by their values alone (no header row): "
        + ", ".join(f"'{c.column}' → {c.field}" for c in dated) + "; check them, or map them with --set."
    )


#: what a creation date read as the issue date is said to be
CREATION_DATE_SAID = "the day each record was created"


def _issue_date_of_creation(
    columns: list[ColumnMapping], evidence: list[Evidence], frame: pl.DataFrame, notices: list[str], directory: Path,
    *, fixed: set[str],
) -> None:
    """With no column of an issue date nor of a due date, the day each record was created ("Created
    At": an app's or a billing platform's invoices) is the invoice's date: offered to confirm, and
    said. One day on every row is the day the list was drawn, no invoice's."""
    from getbill_import.mapping.values import names_creation_date

    if any(c.field in ("issue_date", "due_date") and c.status != "unmapped" for c in columns):
        return
    values = {ev.column: ev.values for ev in evidence}
    created = next((
        c for c in columns
        if c.status == "unmapped" and c.column not in fixed and names_creation_date(c.column, directory)
        and (v := values.get(c.column)) is not None and v.count and v.share("date") >= _DATES_SHARE
        and (frame.height < MIN_SAMPLE or frame.get_column(c.column).drop_nulls().n_unique() > 1)
    ), None)
    if created is None:
        return
    created.field, created.status, created.confidence = "issue_date", "to_confirm", _DATE_BY_VALUES
    created.reason = f"{CREATION_DATE_SAID}: no column gives the invoice's date"
    notices.append(
        f"issue_date: no column gives the invoice's date nor its due date; '{created.column}', the day each record was "
        f"created, is read as the invoice's date. If it is not, set it aside (--set '{created.column}=ignore')."
    )


#: the share of the rows whose date and days overdue must add up to one day for the date to be the due date
_OVERDUE_SUM_SHARE = 0.9


def _due_date_by_days_overdue(
    columns: list[ColumnMapping], evidence: list[Evidence], frame: pl.DataFrame, notices: list[str], directory: Path
) -> None:
    """With no due date found, a column of dates under a header the vocabulary does not know
    ("pduedate") beside a column of days overdue ("Overdue days"): when each row's date and days
    overdue add up to one day (the day the report was drawn), the date is the due date, said."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.validate.dates import read_dates

    if frame.height < MIN_SAMPLE or any(c.field == "due_date" for c in columns):
        return
    values = {ev.column: ev.values for ev in evidence}
    days = [c.column for c in columns if c.field is None and match_header(c.column, directory).role == "days overdue"]
    dated = [c for c in columns if c.field is None and (v := values.get(c.column)) is not None and v.informative
             and v.share("date") >= _DATES_SHARE]
    for count in days:
        elapsed = frame.get_column(count).cast(pl.String).str.strip_chars().str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)
        for col in dated:
            day = read_dates(frame.get_column(col.column))[0]
            both = pl.DataFrame({"d": day, "n": elapsed}).drop_nulls()
            if both.height < MIN_SAMPLE or both["d"].n_unique() < 2:
                # (one date on every row is the report's own day, SAP's key date "STIDA", beside buckets
                # of amounts mostly 0: it dates no row)
                continue
            drawn = both.select(pl.col("d") + pl.duration(days=pl.col("n"))).to_series()
            mode = drawn.mode().sort()[0]
            if int((drawn == mode).sum()) < _OVERDUE_SUM_SHARE * both.height:
                continue
            col.field, col.status, col.confidence = "due_date", "mapped", 0.85
            col.reason = f"the due date: each row's date and its days overdue in '{count}' add up to {mode} (the report's day)"
            notices.append(f"due_date: '{col.column}' is the due date: each row's date and its days overdue in '{count}' "
                           f"add up to {mode}, the day the report was drawn.")
            return


#: the rows read to tell a total from its parts, and the share of them it must add up on
_TOTAL_ROWS, _TOTAL_SHARE = 200, 0.9
#: the rows, at least, on which a total must be a balance and what was paid to be their sum
_PAID_ROWS = 3
#: how far a total may be from the sum of its parts (rounding): a share of it, or a cent
_TOTAL_TOLERANCE = 0.001
#: the most columns of amounts whose sums are tried
_TOTAL_PARTS = 6


#: a header's words that hold a digit ("14,1X", "2", "Q3"): what tells parts of one balance apart
_NUMBERED_WORD = re.compile(r"\S*\d\S*")


def _balance_parts(evidence: list[Evidence], notices: list[str]) -> None:
    """Balance columns written alike but for a code with a digit ("SALDO 14,0X", "SALDO 14,1X",
    "SALDO 14,2X": a cooperative's loan balance by its ledger accounts) are parts of one balance,
    like an aged balance's buckets: none is what the debt owes. They stop being amounts when
    another column is an amount (the total beside them); a file with no other keeps them."""
    from getbill_import.mapping.layout import BALANCE_ROLES

    def key(header: str) -> str:
        return " ".join(_NUMBERED_WORD.sub(" ", header.casefold()).split())

    balances = [ev for ev in evidence if ev.candidates and ev.candidates[0].field == "amount"
                and ev.candidates[0].role in BALANCE_ROLES and _NUMBERED_WORD.search(ev.column) and key(ev.column)]
    groups: dict[str, list[Evidence]] = {}
    for ev in balances:
        groups.setdefault(key(ev.column), []).append(ev)
    parts = [ev for group in groups.values() if len(group) >= 2 for ev in group]
    if not parts or not any(
        ev.candidates and ev.candidates[0].field == "amount" and ev not in parts for ev in evidence
    ):
        return
    for ev in parts:
        said = "a part of a balance written in several columns (by account or by bucket)"
        ev.candidates = [Candidate(IGNORE, ev.candidates[0].score, said)]
        ev.explicit_ignore = True
        ev.no_match_reason = said
    named = ", ".join(f"'{ev.column}'" for ev in parts)
    notices.append(f"amount: {named} are parts of one balance, not what each debt owes: none is the amount.")


#: columns named by a period from which a table is a wide layout (a month, a week in each column)
_PERIOD_COLUMNS = 3
#: how the notice of a wide layout begins, and the reason of each of its periods' columns
PERIODS_SAID = "The file puts a period in each of"
PERIOD_IGNORED = "ignored: one of "


def _period_columns(evidence: list[Evidence], directory: Path, notices: list[str]) -> None:
    """A table that puts a month or a week in each column ("Janeiro", "Fevereiro"…; "2024-01-07",
    "2024-01-14"…: dues paid or owed each month) gives no one column of what a row owes: those
    columns are no field, not even by their values (a first month's column is no amount to
    confirm, "Enero" no street by a typo), said once."""
    periods = [ev for ev in evidence if period_header(ev.column, directory)]
    if len(periods) < _PERIOD_COLUMNS:
        return
    why = f"{PERIOD_IGNORED}{len(periods)} columns of periods (a month or a week in each column)"
    for ev in periods:
        ev.candidates = [Candidate(IGNORE, 1.0, why)]
        ev.explicit_ignore = True
        ev.header_field = None
    shown = ", ".join(f"'{ev.column}'" for ev in periods[:3])
    notices.append(
        f"{PERIODS_SAID} {len(periods)} columns ({shown}…): no one of them gives what a row owes. "
        "Export the balance owed on each row (or add a column that sums what is owed), and map it "
        "(--set 'COLUMN=amount')."
    )


def _periods_beside_an_amount(columns: list[ColumnMapping], notices: list[str]) -> None:
    """The notice of a period in each column, once a column gives the amount after all ("Total"
    beside the months): the periods are set aside, and nothing is asked of the user."""
    amount = next((c.column for c in columns if c.field == "amount" and c.status != "unmapped"), None)
    if amount is None:
        return
    for i, notice in enumerate(notices):
        if notice.startswith(PERIODS_SAID):
            said = notice.split(": no one of them")[0]
            notices[i] = f"{said}: none of them is the amount; '{amount}' is."


#: the share of a column's values written with cents from which it is money, and of whole numbers
#: from which it may be a count of days
_CENTS_SHARE = 0.2
_WHOLE_SHARE = 0.95


def _days_beside_amounts(evidence: list[Evidence]) -> None:
    """A column named by one word that says overdue ("Overdue", "Vencido") holding whole numbers,
    beside a column of amounts written with cents ("Amount": 8,136.50): the days each invoice is
    overdue (Tally's bills receivable), below that column for the amount."""
    def share(ev: Evidence, kind: str) -> float:
        return ev.values.share(kind) if ev.values is not None and ev.values.informative else 0.0

    days = [ev for ev in evidence if ev.candidates and ev.candidates[0].field == "amount"
            and normalize_header(ev.column) in _DAYS_OR_AMOUNT and share(ev, "integer") >= _WHOLE_SHARE]
    money = [ev for ev in evidence if ev not in days and any(c.field == "amount" for c in ev.candidates)
             and share(ev, "amount") >= _CENTS_SHARE]
    if not days or not money:
        return
    for ev in days:
        top = ev.candidates[0]
        ev.candidates[0] = replace(top, rank=0, role="days overdue?",
                                   reason=f"{top.reason}, but values: whole numbers beside the amounts with cents of "
                                          f"'{money[0].column}', as days overdue are")


#: a header alone that says days in arrears (SAP's "Arrears", its days past the due date) or money
#: in arrears (a lender's "Arrears": 4,664.00), by its values
_ARREARS_DAYS_OR_MONEY = frozenset({"arrears", "arrear"})
#: a count of days is at most this many (ten years)
_MOST_DAYS = 3650
#: the share of a column's values that are numbers for it to be read as days or money
_NUMBERS_SHARE = 0.8


def _arrears_in_money(evidence: list[Evidence], frame: pl.DataFrame, directory: Path) -> None:
    """A column "Arrears", set aside as days past the due date, whose values are money (cents other
    than 0 on some rows, or more than ten years of days: a Kenyan lender's 1,664.67 and 10,000.00)
    is the amount in arrears, an open balance. Otherwise a loan book's instalment was taken for
    the debt and its arrears left out."""
    for ev in evidence:
        top = ev.candidates[0] if ev.candidates else None
        if (top is None or top.field != IGNORE or normalize_header(ev.column) not in _ARREARS_DAYS_OR_MONEY
                or match_header(ev.column, directory).role != "days overdue" or ev.column not in frame.columns
                or ev.values is None or not ev.values.informative
                # (or numbers, whole or not: the arrears of a few rows only written with pence, 0 on the others)
                or (ev.values.share("amount") < _CENTS_SHARE
                    and ev.values.share("amount") + ev.values.share("integer") < _NUMBERS_SHARE)):
            continue
        number = sample_column(frame.get_column(ev.column)).cast(pl.String).str.strip_chars() \
            .str.replace_all(",", "").cast(pl.Float64, strict=False).drop_nulls()
        cents, most = pl.DataFrame({"n": number}).select((pl.col("n") % 1).abs().max().alias("c"), pl.col("n").abs().max().alias("m")).row(0)
        if not number.len() or not (cents > 0.005 or most > _MOST_DAYS):
            continue
        ev.candidates[0] = Candidate("amount", top.score * 0.95, f"{top.reason.removeprefix('ignored: ')}, but values: money (cents, sums beyond "
                                     "days), the amount in arrears", rank=3, role="amount in arrears")
        ev.header_field = "amount"


#: the fields a party's columns give (its name, its address, its contacts)
#: and how many of them two parties' columns must share to be read as two parties of one document
PARALLEL_PARTS = 3


def _currency_of_its_symbols(columns: list[ColumnMapping], frame: pl.DataFrame, notices: list[str]) -> None:
    """With no currency column, a column set aside as a symbol ("Currency Symbol", "currency_suffix")
    whose values are all currencies' symbols or codes ("$" on every row) gives the currency, said."""
    from getbill_import.validate.currencies import resolve_currency

    if any(c.field == "currency" and c.status != "unmapped" for c in columns):
        return
    for col in columns:
        if col.status != "unmapped" or not col.reason.startswith(f"ignored: {PART_ROLE}") or col.column not in frame.columns:
            continue
        values = frame.get_column(col.column).cast(pl.String).str.strip_chars().replace("", None)
        written = values.drop_nulls().unique().to_list()
        if not written or values.null_count() * 2 > values.len() or any(resolve_currency(v) is None for v in written[:50]):
            continue
        col.field, col.status, col.confidence = "currency", "mapped", 0.9
        col.reason = f"values: currencies' symbols or codes ({', '.join(repr(v) for v in written[:3])})"
        notices.append(f"currency: '{col.column}' writes the currency of each row ({written[0]!r}): it gives the currency.")
        return


def _issuer_beside_the_customer(evidence: list[Evidence], notices: list[str], directory: Path) -> None:
    """Two sets of columns that give the same parts of two parties ("Organization Address",
    "Organization City", "Organization Phone" beside "Client Address", "Client City", "Client
    Phone": an invoice generator's issuer and customer), the one whose prefix names the customer
    (``party_words``) is the debtor's: the other's columns are the issuer's own, kept as metadata,
    said. Otherwise the issuer's name, address and phone become every debtor's. The parts of the
    address an invoice is sent to ("Billing Address 1", ``addressee_prefixes``) are the customer's
    too, beside a carrier's sender's and recipient's ("Senders Address 2", "Receivers City")."""
    from getbill_import.mapping.values import addressee_prefixes, party_words

    parties = party_words(directory) | addressee_prefixes(directory)
    by_prefix: dict[str, dict[str, Evidence]] = {}
    for ev in evidence:
        words = normalize_header(ev.column).split()
        if len(words) >= 2:
            by_prefix.setdefault(words[0], {})[" ".join(words[1:])] = ev
    customers = [p for p in by_prefix if p in parties]
    for prefix, parts in by_prefix.items():
        if prefix in parties:
            continue
        beside = next((c for c in customers if len(parts.keys() & by_prefix[c].keys()) >= PARALLEL_PARTS), None)
        if beside is None:
            continue
        issuer = [ev for ev in parts.values() if ev.candidates and ev.candidates[0].field.startswith("debtor.")]
        if not issuer:
            continue
        example = next(iter(by_prefix[beside].values())).column
        for ev in issuer:
            ev.candidates = [Candidate(IGNORE, 1.0, f"the issuer's own: '{example}' and its like are the customer's")]
            # no longer a debtor's field by its header: what its values say of it is not said
            ev.header_field = None
        named = ", ".join(f"'{ev.column}'" for ev in issuer[:3]) + (" and more" if len(issuer) > 3 else "")
        notices.append(
            f"{named} give another party of the invoices than the customer (their issuer, a sender, a recipient), "
            f"beside the customer's columns ('{example}' and its like): kept as metadata, not taken for the debtor."
        )


def _balance_after_paid(evidence: list[Evidence], frame: pl.DataFrame, notices: list[str], directory: Path) -> None:
    """Two columns the headers rank alike for the amount ("Total due" and "Outstanding"), one of
    them the other plus what a column of payments says was paid ("Paid") on nearly every row: the
    one before the payments is the total billed, below what is left to pay, said. Otherwise the
    earlier column would win, and every debt paid in part be claimed whole."""
    from itertools import product

    from getbill_import.mapping.layout import names_paid

    def top(ev: Evidence) -> Candidate | None:
        return ev.candidates[0] if ev.candidates and not ev.candidates[0].blank else None

    amounts = [(ev, c) for ev in evidence if (c := top(ev)) is not None and c.field == "amount"]
    paid = [ev for ev in evidence if (c := top(ev)) is not None and c.field == IGNORE and names_paid(ev.column, directory)]
    if len(amounts) < 2 or not paid:
        return
    best = max(c.rank for _, c in amounts)
    tied = [ev for ev, c in amounts if c.rank == best]
    if len(tied) < 2:
        return
    numbers = frame.head(_TOTAL_ROWS).select(plain_number(pl.col(ev.column)) for ev in [*tied, *paid])
    # what was paid: one column of payments, or all of them together (what was paid and a credit given)
    ways = [[ev] for ev in paid] + ([paid] if len(paid) > 1 else [])
    for total, left, payments in product(tied, tied, ways):
        if total is left:
            continue
        given = pl.col(left.column).is_not_null() & pl.all_horizontal(pl.col(ev.column).is_not_null() for ev in payments)
        paying = pl.sum_horizontal(pl.col(ev.column) for ev in payments)
        some_paid = numbers.select((given & (paying != 0)).sum()).item()
        # (judged on the rows with a total: a pupil sponsored in full is billed nothing; three rows are
        # enough when each adds up to the unit)
        billed = numbers.select((pl.col(total.column) != 0).sum()).item()
        if not some_paid or not _adds_up(numbers, total.column, pl.col(left.column) + paying,
                                         given, _TOTAL_SHARE * billed, fewest=_PAID_ROWS):
            continue
        was = total.candidates[0]
        named = " and ".join(f"'{ev.column}'" for ev in payments)
        total.candidates[0] = replace(was, rank=was.rank - 1, role="total before payments", reason=(
            f"{was.reason}, but values: '{left.column}' and {named} on each row, the total before what was paid"))
        notices.append(
            f"{_before_payments_said(total.column, left.column)}{named} together on each row: the total "
            f"before what was paid. '{left.column}', what is left to pay, is the amount."
        )
        return


def _before_payments_said(total: str, left: str) -> str:
    """How the notice of ``_balance_after_paid`` opens: ``total`` is ``left`` and the payments."""
    return f"amount: '{total}' is '{left}' and "


def total_before_payments(notices: Sequence[str], total: str, left: str) -> bool:
    """Whether the mapping found ``total`` to be the balance ``left`` and the payments together
    (``_balance_after_paid``), whatever its header calls it ("Total Due")."""
    return any(n.startswith(_before_payments_said(total, left)) for n in notices)


def _running_balances(evidence: list[Evidence], frame: pl.DataFrame, notices: list[str]) -> None:
    """A balance candidate ("Ending Balance", "Saldo") whose value moves from each row to the next by another column's value
    on the row (the invoice's amount up, the payment down) is a ledger's running balance, not what
    each invoice owes: it stops being an amount ("Ending Balance" of 871,870,791 beside an invoice
    of 18,051)."""
    from getbill_import.mapping.layout import BALANCE_ROLES

    amounts = [ev for ev in evidence if ev.candidates and ev.candidates[0].field == "amount"
               and ev.candidates[0].role in BALANCE_ROLES]
    numeric = [ev for ev in evidence if ev.values is not None and ev.values.count
               and ev.values.share("amount") + ev.values.share("integer") >= _NUMERIC_SHARE]
    if not amounts or len(numeric) < 2:
        return
    numbers = frame.head(_RUNNING_ROWS).select(
        plain_number(pl.col(ev.column)).alias(str(k)) for k, ev in enumerate(numeric)
    )
    for ev in amounts:
        if ev not in numeric:
            continue
        k = numeric.index(ev)
        step = pl.col(str(k)).diff().abs()
        # a column that is this one again (the amount in the local currency) gives no move
        same = numbers.select(
            [((pl.col(str(j)) - pl.col(str(k))).abs() <= _RUNNING_TOLERANCE).mean().fill_null(0.0) for j in range(len(numeric))]
        ).row(0)
        others = [j for j in range(len(numeric)) if j != k and same[j] < _RUNNING_SHARE]
        if not others:
            continue
        # the amount of the row, or of the row above (a statement listing the newest first), or, on a
        # balance mostly moved by its own row's, either (a wallet's statement whose movements of one
        # minute come in either order): the row above's only for money written with its decimals
        own = [pl.col(str(j)).abs() for j in others]
        above = [pl.col(str(j)).abs().shift(1) for j in others
                 if numeric[j].values is not None and numeric[j].values.share("amount") >= _NUMERIC_SHARE]

        moves = numbers.select(
            _fits(step, own).alias("fits"), _fits(step, above).alias("above"), _fits(step, own + above).alias("either"),
            (step.is_not_null() & (step > _RUNNING_TOLERANCE)).alias("moved"),
        ).filter("moved")
        if moves.height >= _RUNNING_MIN_ROWS and (
                max(moves["fits"].sum(), moves["above"].sum()) >= _RUNNING_SHARE * moves.height
                or (moves["fits"].sum() >= _RUNNING_MOSTLY * moves.height and moves["either"].sum() >= _RUNNING_SHARE * moves.height)):
            said = f"{RUNNING_SAID}: each row's value is the one above it plus or minus another column's amount on the row"
            ev.candidates = [Candidate(IGNORE, ev.candidates[0].score, said)]
            ev.explicit_ignore = True
            ev.no_match_reason = said
            notices.append(
                f"amount: '{ev.column}' is a running balance (each row's value is the one above it plus this row's "
                "amount or minus its payment, as in a ledger or a statement): it is not what each invoice owes. "
                "A payment of the file is taken off an invoice only when its row names that one invoice: export "
                "the open items if you can."
            )


def _fits(step: pl.Expr, amounts: list[pl.Expr]) -> pl.Expr:
    """Whether a balance's move from the row above is one of ``amounts`` (within a cent)."""
    if not amounts:
        return pl.lit(False)
    return pl.any_horizontal((step - other).abs() <= _RUNNING_TOLERANCE for other in amounts).fill_null(False)


def plain_number(col: pl.Expr) -> pl.Expr:
    """A cell as a number when it is written plainly ("18051", "-1 250,50", "1,234.56"); null otherwise."""
    text = col.cast(pl.String).str.replace_all(r"[\s\u00a0']", "")
    comma_decimal = text.str.contains(r"^-?[\d.]*\d,\d{1,2}$")
    return (
        pl.when(comma_decimal).then(text.str.replace_all(r"\.", "").str.replace(",", "."))
        .otherwise(text.str.replace_all(",", ""))
        .cast(pl.Float64, strict=False)
    )


#: how the reason of a column found to be a running balance begins
RUNNING_SAID = "a running balance"
#: a ledger's running balance: the rows read, the share of a column's moves another column gives,
#: how many moves at least, and the difference that still counts as equal
_RUNNING_ROWS, _RUNNING_SHARE, _RUNNING_MIN_ROWS, _RUNNING_TOLERANCE = 500, 0.8, 5, 0.011
#: the share of its moves the row's own amount gives a balance, for the row above's to count too
_RUNNING_MOSTLY = 0.6
#: the share of a column's values that are numbers for it to take part
_NUMERIC_SHARE = 0.8


def _totals_first(offers: list[tuple[float, ColumnMapping, str]], frame: pl.DataFrame) -> list[tuple[float, ColumnMapping, str]]:
    """Of amount candidates as likely as the best one, a column that is the sum of two or more of
    the others on nearly every row (net + service + tax = total) goes first: the total owed, not one of
    its parts."""
    from itertools import combinations

    close = _close_offers(offers)
    if len(close) < 3:
        return offers
    numbers = frame.head(_TOTAL_ROWS).select(plain_number(pl.col(o[1].column)) for o in close)
    for offer in close:
        others = [o[1].column for o in close if o is not offer]
        for size in range(len(others), 1, -1):
            for parts in combinations(others, size):
                # every part written on the row, and not zero: an invoice's total beside what was paid on it
                # and its balance (most of them nothing paid) is no sum of parts
                written = pl.all_horizontal(pl.col(c).is_not_null() & (pl.col(c) != 0) for c in parts)
                if _adds_up(numbers, offer[1].column, pl.sum_horizontal(pl.col(c) for c in parts), written,
                            _TOTAL_SHARE * numbers.height):
                    named = ", ".join(f"'{c}'" for c in parts)
                    return _put_first(offers, offer, f"the sum of {named} on each row: a total")
    return offers


def _line_totals_first(offers: list[tuple[float, ColumnMapping, str]], frame: pl.DataFrame) -> list[tuple[float, ColumnMapping, str]]:
    """Of the amount candidates as likely as the best one, a column that is another one times a
    quantity of a third column on nearly every row (10 kg × 27,000 = 270,000) goes first: the line's
    total, not its unit price."""
    close = _close_offers(offers)
    if len(close) < 2:
        return offers
    columns = [c for c in frame.columns if c != LINE]
    numbers = frame.head(_TOTAL_ROWS).select(plain_number(pl.col(c)) for c in columns)
    # (a quantity of 1 on every row would make any price a total)
    quantities = [c for c in columns if numbers[c].is_not_null().sum() >= MIN_SAMPLE and bool((numbers[c].drop_nulls() != 1).any())]
    for total in close:
        # on nearly every row the total is written on (a grand total below them has no price)
        written = int(numbers[total[1].column].is_not_null().sum())
        for price in (o[1].column for o in close if o is not total):
            for quantity in (q for q in quantities if q not in (total[1].column, price)):
                given = pl.col(price).is_not_null() & pl.col(quantity).is_not_null() & (pl.col(price) != 0)
                if _adds_up(numbers, total[1].column, pl.col(price) * pl.col(quantity), given, _TOTAL_SHARE * (written - 1)):
                    return _put_first(offers, total, f"'{price}' times '{quantity}' on each row: a line's total")
    return offers


def _close_offers(offers: list[tuple[float, ColumnMapping, str]]) -> list[tuple[float, ColumnMapping, str]]:
    """The amount candidates as likely as the best one, the most that are compared."""
    return [o for o in offers if o[0] >= offers[0][0] - 0.05][: _TOTAL_PARTS + 1]


#: the share of rows a reference must be written on, below which a column it won over that is
#: written on every row takes its place, and the share that column must be written on
REFERENCE_WRITTEN_SHARE, REFERENCE_EVERY_ROW_SHARE = 0.75, 0.98
#: the most distinct values that column may hold, as a share of the rows: it names an invoice on its rows
#: and its payments'
REFERENCE_GROUPS_SHARE = 0.9
#: the rows read for how often a reference is written
_FILLED_SAMPLE = 20_000
#: the fewest digits of a number written alone that may be an invoice's
MIN_NUMBER_DIGITS = 5


def _reference_written_on_every_row(
    columns: list[ColumnMapping], evidence: list[Evidence], frame: pl.DataFrame, notices: list[str], *, fixed: set[str]
) -> None:
    """The reference taken by its header ("numdoc", a payment's receipt number) blank on many rows,
    over a column that is a reference too, written on every row and again on the rows of one invoice
    ("numtra": the invoice each row of a receivable's movements belongs to): they swap, said."""
    reference = next((c for c in columns if c.field == "reference" and c.status != "unmapped"), None)
    if reference is None or reference.column in fixed or reference.column not in frame.columns or frame.height < MIN_SAMPLE:
        return
    if written_share(frame.get_column(reference.column).head(_FILLED_SAMPLE)) >= REFERENCE_WRITTEN_SHARE:
        return
    by_column = {ev.column: ev for ev in evidence}
    for col in columns:
        ev = by_column.get(col.column)
        if (col.status != "unmapped" or ev is None or col.column in fixed or col.column not in frame.columns
                or not col.reason.startswith(f"lost to '{reference.column}'")
                or not any(c.field == "reference" for c in ev.candidates)
                or written_share(frame.get_column(col.column)) < REFERENCE_EVERY_ROW_SHARE):
            continue
        # (written again on the rows of one invoice, its payments': a transaction's own number on each
        # row, "Trans #", names the payments apart from their invoices)
        if frame.get_column(col.column).n_unique() > REFERENCE_GROUPS_SHARE * frame.height:
            continue
        # (short numbers are quantities, "Consumo factura (cns)": 255, 0, 4864; no invoice's number)
        written = frame.get_column(col.column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
        if written.str.contains(r"^[\d.,]+$").all() and int(written.str.len_chars().min() or 0) < MIN_NUMBER_DIGITS:  # type: ignore[arg-type]
            continue
        col.field, col.status, col.confidence = "reference", reference.status, reference.confidence
        said = next(c.reason for c in ev.candidates if c.field == "reference")
        col.reason = f"{said}: written on every row, where '{reference.column}' is blank on many"
        reference.field, reference.status = None, "unmapped"
        reference.reason = f"lost to '{col.column}' (written on every row, this column blank on many)"
        notices.append(f"reference: '{col.column}' is written on every row, '{reference.column}' is blank on many of them: "
                       f"each row's reference is '{col.column}'.")
        return


def _reference_of_few_words(columns: list[ColumnMapping], frame: pl.DataFrame, notices: list[str], *, fixed: set[str]) -> None:
    """The reference taken by its header ("Numero") whose values are a few words repeated on most rows
    ('CIN', 'RC': an identity's kind, the column shifted under its neighbour's title) numbers no
    debt: a column of its own value on every row, with digits ("ID": 1000, 1001…), gives each row's
    reference instead, said. Without one, the reference stays (a cheque's "Num": EFT)."""
    reference = next((c for c in columns if c.field == "reference" and c.status == "mapped"), None)
    if reference is None or reference.column in fixed or reference.column not in frame.columns or not frame.height:
        return
    kinds = _few_words(frame.get_column(reference.column))
    if kinds is None:
        return
    for col in columns:
        if col.field not in (None, IGNORE) or col.column in fixed or col.column not in frame.columns:
            continue
        written = frame.get_column(col.column).cast(pl.String).str.strip_chars().replace("", None)
        if written.null_count() or written.n_unique() < frame.height or not written.str.contains(r"\d").all():
            continue
        col.field, col.status, col.confidence = "reference", "to_confirm", reference.confidence
        col.reason = f"each row's own value: '{reference.column}' holds {kinds}, words repeated, no invoice's number"
        reference.field, reference.status = None, "unmapped"
        reference.reason = f"ignored: values {kinds}, words repeated on most rows, no invoice's number"
        notices.append(f"reference: '{reference.column}' holds {kinds} on most rows, words that number no debt: each "
                       f"row's own '{col.column}' names it. If another column numbers the debts, map it (--set "
                       "'COLUMN=reference').")
        return


def _total_over_its_part(
    columns: list[ColumnMapping], frame: pl.DataFrame, notices: list[str], *, fixed: set[str], directory: Path
) -> None:
    """The amount taken by its score or its place over a column named as well ("Importe Bruto"
    before "Total", both read as the total) that is it plus the tax on nearly every row
    ("Impuestos"), less a discount when one is given ("Invoice Amount" − "Discount" + "VAT" =
    "Total Amount"): the sum is the total owed, the amount one of its parts; they swap, said."""
    from getbill_import.mapping.values import header_says

    amount = next((c for c in columns if c.field == "amount" and c.status == "mapped"), None)
    if amount is None or amount.column in fixed or amount.column not in frame.columns:
        return
    # a rival of the same rank and kind, which lost by its score or its place alone (a balance that
    # beat a total by its rank is what remains of the total: no part of it)
    rivals = [c for c in columns if c.status == "unmapped" and c.column not in fixed and c.column in frame.columns
              and c.reason in (f"lost to '{amount.column}' (earlier column)", f"lost to '{amount.column}' (higher confidence)")]
    if not rivals:
        return
    others = [c for c in frame.columns if c not in (LINE, amount.column)]
    numbers = frame.head(_TOTAL_ROWS).select(plain_number(pl.col(c)) for c in [amount.column, *others])
    for rival in rivals:
        # the tax, something on a few rows at least (a tax of 0 on the exempt invoices adds nothing); not
        # what was paid, which the balance and the total differ by
        parts = [c for c in others if c != rival.column and match_header(c, directory).role == "tax"
                 and int((numbers[c].fill_null(0) != 0).sum()) >= MIN_SAMPLE]
        discounts = [None, *(c for c in others if c not in (rival.column, *parts)
                             and header_says(c, "discount_words", directory))]
        for part in parts:
            for discount in discounts:
                written = pl.col(part).is_not_null() & pl.col(amount.column).is_not_null()
                less = pl.col(discount).fill_null(0).abs() if discount else pl.lit(0)
                if not _adds_up(numbers, rival.column, pl.col(amount.column) + pl.col(part) - less, written,
                                _TOTAL_SHARE * numbers.height):
                    continue
                said = f"'{amount.column}' plus '{part}'{f' less {discount!r}' if discount else ''} on each row: the total owed"
                _total_for_its_part(amount, rival, said, f"it plus '{part}'")
                notices.append(f"amount: '{rival.column}' is {said}, not '{amount.column}', one of its parts.")
                return


def _total_for_its_part(amount: ColumnMapping, total: ColumnMapping, said: str, sum_said: str) -> None:
    """The amount mapped gives way to the total it is a part of (``said`` why, ``sum_said`` what the
    total is of it): the total takes its field, status and role."""
    total.field, total.status, total.confidence = "amount", "mapped", amount.confidence
    total.reason, total.role = f"{total.reason.split(' (', 1)[0]}; {said}", amount.role
    amount.field, amount.status = None, "unmapped"
    amount.reason = f"ignored: a part of '{total.column}', which is {sum_said}"


def _total_of_two_debts(
    columns: list[ColumnMapping], frame: pl.DataFrame, notices: list[str], *, fixed: set[str], directory: Path
) -> None:
    """A balance taken over a total of what is owed by its header's rank ("Saldo pendiente" over
    "Total Deuda": a total naming a debt, ``total_debt_words``; an "Original Total Amount" is the
    invoice's) when the total is the balance and another column left unmapped together on nearly every row, that
    column something else owed, no payment, credit or discount ("Semilla": a condominium's
    contribution beside its unpaid fees): the total is what is owed, the balance one part of it;
    they swap, said. Otherwise a unit owing only the other part reads as paid, its debt dropped.

    A total naming no debt ("Total") is what is owed when it is the claim and the charges it ran up
    (``claim_charge_words``: late interest, fees, costs, one column or several) on nearly every row:
    "Créance" + "IntRetard" + "Autres frais" = "Total"."""
    from itertools import combinations

    from getbill_import.mapping.layout import BALANCE_ROLES, names_paid
    from getbill_import.mapping.values import header_says

    amount = next((c for c in columns if c.field == "amount" and c.status == "mapped"), None)
    if (amount is None or amount.column in fixed or amount.column not in frame.columns or amount.role not in BALANCE_ROLES
            or not frame.height):
        return
    rivals = [c for c in columns if c.status == "unmapped" and c.column not in fixed and c.column in frame.columns
              and c.reason.startswith(lost_to(amount.column)) and match_header(c.column, directory).field == "amount"
              and TOTAL_WORD_RE.search(normalize_header(c.column))]
    parts = [c.column for c in columns if c.field is None and c.column in frame.columns and c.column not in fixed
             and c not in rivals and not names_paid(c.column, directory) and not header_says(c.column, "discount_words", directory)]
    charges = [c for c in parts if header_says(c, "claim_charge_words", directory)]
    if not rivals or not parts:
        return
    numbers = frame.head(_TOTAL_ROWS).select(plain_number(pl.col(c)) for c in dict.fromkeys([amount.column, *parts, *(r.column for r in rivals)]))
    for rival in rivals:
        billed = numbers.select((pl.col(rival.column) != 0).sum()).item()
        named_debt = header_says(rival.column, "total_debt_words", directory)
        sets = ([(p,) for p in parts] if named_debt
                else [s for n in range(1, min(len(charges), 3) + 1) for s in combinations(charges, n)])
        for part_set in sets:
            if rival.column in part_set:
                continue
            added = pl.sum_horizontal(pl.col(p).fill_null(0) for p in part_set)
            written = pl.any_horizontal(pl.col(p).is_not_null() for p in part_set) & pl.col(amount.column).is_not_null()
            owed_apart = numbers.select((written & (added != 0) & (pl.col(rival.column) != pl.col(amount.column))).sum()).item()
            if owed_apart < _PAID_ROWS or not _adds_up(numbers, rival.column, pl.col(amount.column) + added, written,
                                                      _TOTAL_SHARE * billed, fewest=_PAID_ROWS):
                continue
            named = ", ".join(f"'{p}'" for p in part_set)
            one = len(part_set) == 1
            said = f"'{amount.column}' and {named} together on each row: {'both' if one else 'all'} owed"
            _total_for_its_part(amount, rival, said, f"it and {named}")
            notices.append(
                f"amount: '{rival.column}' is {said} ({named} {'is no payment' if one else 'are no payments'}), not "
                f"'{amount.column}' alone, one of its parts: a row owing only {named} is owed. If {named} "
                f"{'is' if one else 'are'} paid, set '{amount.column}' (--set '{amount.column}=amount')."
            )
            return


#: a header's word for a total ("Total Deuda", "Gesamtbetrag", "Totale")
TOTAL_WORD_RE = re.compile(r"\b(total|totaal|totale|gesamt\w*|summe|celkem)\b")


def _adds_up(numbers: pl.DataFrame, total: str, computed: pl.Expr, given: pl.Expr, least: float,
             fewest: int = MIN_SAMPLE) -> bool:
    """Whether the column ``total`` is ``computed`` from others (to the cent, or a thousandth of it)
    on nearly every row where it is written, not zero, and ``given``: ``least`` rows of them at least,
    and ``fewest``."""
    value = pl.col(total)
    rows = numbers.select(
        ((value - computed).abs() <= pl.max_horizontal(value.abs() * _TOTAL_TOLERANCE, pl.lit(0.011)))
        .filter(value.is_not_null() & (value != 0) & given).alias("fits")
    )["fits"]
    return rows.len() >= max(fewest, least) and rows.sum() >= _TOTAL_SHARE * rows.len()


def _put_first(offers: list[tuple[float, ColumnMapping, str]], offer: tuple[float, ColumnMapping, str], said: str
               ) -> list[tuple[float, ColumnMapping, str]]:
    """``offer`` above the others, with what puts it there."""
    first = (max(offers[0][0], offer[0]) + 0.01, offer[1], f"{offer[2]}; {said}")
    return [first, *(o for o in offers if o[1] is not offer[1])]


#: headers that name a record's own key and nothing else ("ID", "Id", "Identifier")
_BARE_IDS = frozenset({"id", "identifier", "identifiant", "identificador", "identificativo", "doc id", "document id",
                       # MYOB writes the invoice number under "ID No."
                       "id numero",
                       # a boleto's number at its bank ("Nosso Número"), one per título: a condominium's overdue list
                       # numbers its títulos by it alone
                       "nosso numero"})
#: what a record's key scores as the reference when no column names one: below any header's claim
_RECORD_ID_SCORE = 0.45


#: the share of an owner column's values that must differ for it to name each row's owner (an
#: account owner, a salesperson, repeats a few names; a county's landlords own several parcels each)
OWNER_DISTINCT = 0.2




def _offer_set_aside(
    ev: Evidence, target: str, directory: Path, frame: pl.DataFrame | None, few_rows: bool
) -> tuple[float, str] | None:
    """What a column whose header the vocabulary sets aside scores for a missing ``target``, and
    why: a record's id or an order's number for the reference, an owner's names for the name, a
    unit amount beside a quantity of 1 for the amount; None for anything else."""
    if target == "reference":
        return _record_id(ev, few_rows, directory, frame)
    if target == NAME:
        return _owner_name(ev, directory)
    if target == "amount" and frame is not None:
        return _unit_amount_of_one(ev, frame, directory) or _balance_of_an_account(ev, directory) \
            or _line_total(ev, directory) or _fee_charged(ev, directory) or _sold_on_credit(ev, frame, directory)
    return None


def _amounts_under(ev: Evidence, words: str, directory: Path) -> bool:
    """Whether a column's values are amounts and its header holds one of the words of the list
    ``words`` of ``values.toml`` ("fee_words", "unit_amount_words"; "": whatever its header)."""
    values = ev.values
    if values is None or not values.informative or values.share("amount_like") < _VALUE_SIGNALS["amount"][1]:
        return False
    return not words or header_says(ev.column, words, directory)


#: how the reason of a balance of fees offered for the amount begins
_FEES_LEFT = "the balance of the fees"


def _fee_charged(ev: Evidence, directory: Path) -> tuple[float, str] | None:
    """The fee a school, a club or an association charges ("Fee Amount", "Cuota"), set aside beside
    an invoice's amount, offered for the amount when no column gives one: what a student or a
    member owes."""
    if not _amounts_under(ev, "fee_words", directory):
        return None
    role = match_header(ev.column, directory).role
    if role in ("amount already paid", "a credit or an adjustment"):
        # "Fee Paid": what was paid of the fee
        return None
    if header_says(ev.column, "fee_balance_words", directory):
        # "Fee Balance", "Fees Outstanding": what remains of the fees, before the fee itself
        return _RECORD_ID_SCORE + 0.05, f"{_FEES_LEFT}: no column gives an amount owed, and it is what remains"
    return _RECORD_ID_SCORE, "the fee charged: no column gives an amount owed, and a fee is what a student or a member owes"


def _sold_on_credit(ev: Evidence, frame: pl.DataFrame, directory: Path) -> tuple[float, str] | None:
    """A "Credit Amount" above zero on every row, no debit beside it (a distributor's invoices sold on
    credit, not for cash: what each customer owes), offered for the amount when no column gives one."""
    from getbill_import.mapping.values import journal_columns

    if match_header(ev.column, directory).role != "a credit or an adjustment" or not _amounts_under(ev, "credit_amount_words", directory):
        return None
    if "debit" in journal_columns([c for c in frame.columns if c != ev.column], directory)[0]:
        return None
    written = frame.get_column(ev.column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    if not written.len() or written.str.contains(r"^[-−(]|[-)]$").any():
        return None
    return _RECORD_ID_SCORE, "sold on credit: above zero on every row, no debit beside it, and no column gives an amount owed"


def _line_total(ev: Evidence, directory: Path) -> tuple[float, str] | None:
    """A line's total ("Line Total": FreshBooks' invoice details, one row per item), offered for
    the amount when no column gives the invoice's: an invoice's lines are added up."""
    from getbill_import.mapping.values import names_a_line_total

    values = ev.values
    if values is None or not values.informative or values.share("amount_like") < _VALUE_SIGNALS["amount"][1]:
        return None
    if not names_a_line_total(ev.column, directory):
        return None
    return _RECORD_ID_SCORE, "each line's total: no column gives the invoice's, and an invoice's lines are added up"


#: the roles of the headers of an account's or a record's number
_NUMBER_ROLES = frozenset({"accounting code", "an identifier"})


def _balance_of_an_account(ev: Evidence, directory: Path) -> tuple[float, str] | None:
    """A column whose header reads as an account's number ("Compte Debiteur": a bank's debtor
    account) but whose values are amounts with decimals on nearly every row (9715.535, 183.35): the
    account's balance, offered for the amount when no column names one. No account is numbered
    with decimals."""
    values = ev.values
    if values is None or not values.informative or values.share("amount") < _VALUE_SIGNALS["amount"][1]:
        return None
    if match_header(ev.column, directory).role not in _NUMBER_ROLES or header_says(ev.column, "tax_number_words", directory):
        # (a tax number written with dots, "000.000.000.00", is no balance)
        return None
    return _RECORD_ID_SCORE, f"{_ACCOUNT_BALANCE_SAID}: its values are amounts with decimals, not numbers of an account"


#: how the offer of an account's balance for the amount is said
_ACCOUNT_BALANCE_SAID = "the account's balance"


def _unit_amount_of_one(ev: Evidence, frame: pl.DataFrame, directory: Path) -> tuple[float, str] | None:
    """A unit price's column beside a quantity of 1 on every row (Xero's import layout,
    "*UnitAmount" and "*Quantity"): each line's amount, offered for the amount when no column
    names one."""
    if not _amounts_under(ev, "unit_amount_words", directory) and not (
            names_unit_amount(ev.column, directory) and _amounts_under(ev, "", directory)):
        return None
    for column in frame.columns:
        if not header_says(column, "quantity_words", directory):
            continue
        quantity = frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None)
        if quantity.null_count() == quantity.len():
            continue
        if quantity.drop_nulls().str.contains(r"^1(?:[.,]0+)?$").all():
            return _RECORD_ID_SCORE, f"the unit amount: '{column}' is 1 on every row"
        if names_line_price(ev.column, directory):
            # "price_subtotal": the line's whole price beside its quantity
            return _RECORD_ID_SCORE, f"the line's price, its quantity ('{column}') counted in"
        if quantity.drop_nulls().str.contains(QUANTITY).all():
            # each line's amount is its quantity times its unit price (``line_totals``)
            return _RECORD_ID_SCORE, f"the unit price: each line's amount is it times '{column}'"
    return None


#: a quantity as a line writes it: a number, with decimals or not ("3", "2,5", "0.75")
QUANTITY = r"^\d{1,9}(?:[.,]\d{1,6})?$"


#: the share of distinct names a party's column holds at least (a debtor on ten rows each), and of
#: its values that read as names (a party's header says whose they are: "Costa & Silva, Lda." too)
PARTY_DISTINCT, PARTY_NAMES = 0.1, 0.6


def _owner_name(ev: Evidence, directory: Path) -> tuple[float, str] | None:
    """An owner's or a taxpayer's column holding names, most of them different: offered for the
    debtor's name when no column names the debtor (a tax sale's list of liens)."""
    values = ev.values
    if values is None or not values.informative:
        return None
    owner = header_says(ev.column, "owner_words", directory)
    if not owner and not header_says(ev.column, "party_words", directory):
        return None
    if owner and header_says(ev.column, "staff_owner_words", directory):
        # a CRM record's owner ("Invoice Owner", "Deal Owner"): the seller's staff, no debtor
        return None
    # an owner owes once, a party of an open-items list on several of its rows
    if values.share("name_like") < (_VALUE_SIGNALS[NAME][1] if owner else PARTY_NAMES) \
            or values.share("distinct") < (OWNER_DISTINCT if owner else PARTY_DISTINCT):
        return None
    if not owner:
        return _RECORD_ID_SCORE, "the debtor's column holds names, not account numbers: no column names the debtor"
    return _RECORD_ID_SCORE, "the owner's or the taxpayer's name: no column names the debtor, and in a list of taxes " \
        "or liens the owner owes them"


#: the last word of a header naming one thing's key: its id, its number
_DOCUMENT_KEYS = ("id", "numero")


def _record_id(ev: Evidence, few_rows: bool, directory: Path, frame: pl.DataFrame | None = None
               ) -> tuple[float, str] | None:
    """A bare "ID" column whose values are each row's own and look like document numbers (a digit
    in every one: "EXAMPLE-INV-001", "in_1MtHbE", "10452"): the only key the file has for its
    invoices (Harvest writes the invoice number there), offered for the reference when no column
    names one. An order's number may be written again on the rows of its lines, which follow each
    other (WooCommerce's orders, one row per item)."""
    values = ev.values
    order = names_an_order(ev.column, directory)
    words = normalize_header(ev.column).split()
    # an id or a number of a thing that is one debt ("claim_id", "VisitID", "contract_number",
    # "N° Dossier")
    document = len(words) > 1 and (
        (words[-1] in _DOCUMENT_KEYS and header_says(" ".join(words[:-1]), "document_id_words", directory))
        or (words[0] == "numero" and header_says(" ".join(words[1:]), "document_id_words", directory))
    )
    if (" ".join(words) not in _BARE_IDS and not order and not document) or values is None or not values.count:
        return None
    numbered = max(values.share("numbered"), values.share("whole_float"))
    lines = order and values.share("distinct") < 1.0 and _written_in_runs(frame, ev.column)
    # (an export that writes some rows twice, whole, repeats their numbers: copies, no two debts of one)
    copies = values.share("distinct") < 1.0 and not lines and _repeated_on_copies(frame, ev.column)
    if not (values.informative or few_rows) or numbered < 1.0 or (values.share("distinct") < 1.0 and not lines and not copies):
        return None
    if values.share("counter") or values.share("serialized") >= 0.5:
        # a row counter, or records an API flattened ("[{'LineNumber': 1, …}]"): no document's number
        return None
    if lines:
        return _RECORD_ID_SCORE, "the order's number: no column names the invoice number, and an order's rows (its lines) " \
            "follow each other"
    if order:
        return _RECORD_ID_SCORE, "the order's number: no column names the invoice number, and each row is an order of its own"
    if document:
        return _RECORD_ID_SCORE, f"{RECORD_ID_SAID} no column names the invoice number, and each row is one of its own"
    return _RECORD_ID_SCORE, f"{RECORD_ID_SAID} no column names the invoice number, and each row has its own id"


#: the share of a column's values, at least, that are each row's own when its others are written on copies
_OWN_BESIDE_COPIES = 0.9


def _repeated_on_copies(frame: pl.DataFrame | None, column: str) -> bool:
    """Whether every value ``column`` writes more than once is written on rows alike in every column
    (a row exported twice, whole), and nearly all its values are each row's own."""
    if frame is None or column not in frame.columns or not frame.height:
        return False
    text = frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None)
    if text.null_count() or text.n_unique() < _OWN_BESIDE_COPIES * text.len():
        return False
    twice = frame.filter(text.is_duplicated())
    others = [c for c in frame.columns if not c.startswith("__")]
    return bool(twice.height) and bool(twice.select(others).is_duplicated().all())


def _written_in_runs(frame: pl.DataFrame | None, column: str) -> bool:
    """Whether each value of ``column`` is written on rows that follow each other, one run each,
    and some more than once: a key repeated on the rows of one thing's lines."""
    if frame is None or column not in frame.columns:
        return False
    text = frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    distinct = text.n_unique()
    return 0 < distinct < text.len() and int(text.ne(text.shift(1)).fill_null(True).sum()) == distinct


#: the share of a column's values that are amounts with cents from which it is offered as no reference
_AMOUNTS_NUMBER_NOTHING = 0.8


def _candidate_score(ev: Evidence, target: str, directory: Path, few_rows: bool = False) -> tuple[float, str]:
    """How much a column looks like ``target`` though it did not reach the confirm level."""
    header = max((c for c in ev.candidates if c.field == target), key=lambda c: c.score, default=None)
    score, reasons = 0.0, []
    if ev.values is not None and ev.values.informative and ev.values.share("yes_no") >= YES_NO_SHARE:
        # a column of yes and no ("no", "true") is offered for nothing, whatever its header
        return score, ""
    if header is not None:
        score, reasons = header.score, [header.reason]
    values = ev.values
    signal = _VALUE_SIGNALS.get(target)
    # the values speak alone only for a header that names nothing else, and has no word against the
    # field ("Mahngebühr 1": a fee)
    # "name" alone over the documents' own codes (Frappe's and ERPNext's key of each record:
    # ACC-SINV-2025-00001) is disowned by its values: they speak for the reference. A header naming the
    # customer ("거래처": "(주)거래처1") keeps its names, whatever digits they hold. An amount's header
    # over codes ("debtSubject": X-101, read as a debt's) is disowned too: its values number the debts
    disowned = (target == "reference" and (ev.header_field == "amount" or (ev.header_field == NAME and normalize_header(ev.column) == "name"))
                and bool(ev.values_said) and values is not None and values.informative and values.share("distinct") >= 0.95)
    speaks = header is not None or disowned or not (
        any(c.score >= CANDIDATE_FLOOR for c in ev.candidates) or words_exclude(ev.column, target, str(directory))
    )
    veto = _VALUE_VETOES.get(target)
    if veto and values is not None and max(values.share(kind) for kind in veto[0]) >= veto[1]:
        speaks = False
    if target == "reference" and values is not None and values.informative and values.share("amount") >= _AMOUNTS_NUMBER_NOTHING:
        # amounts with cents on most rows ("Facturado": 333.86) number no debt, whatever the header's
        # likeness to an invoice's word
        return 0.0, ""
    if signal and speaks and values is not None and (values.informative or (few_rows and values.count)):
        share_name, floor, label = signal
        share = values.share(share_name)
        if share >= (floor if values.informative else 1.0):
            by_values = _VALUE_WEIGHT[target] * share
            if target == "amount":
                # amounts with cents before whole numbers (an order number, a year); one number on
                # every row (the fiscal year "2020", an exchange rate 3.8) is no amount owed
                by_values *= 0.8 + 0.2 * values.share("amount")
                if values.count >= 3 and values.share("distinct") * values.count < 1.5:
                    by_values = 0.0
                if values.share("ascending") and not values.share("amount"):
                    # whole numbers that only go up: the documents' numbers, in the order given
                    by_values = 0.0
            if target == "reference":
                # an invoice number is unique to its row, a customer's number repeats with its invoices;
                # round sums on most rows ("Term Fees": 1600000) are amounts, numbering nothing
                by_values *= 0.6 + 0.4 * values.share("distinct")
                if values.share("round") >= ROUND_SUMS:
                    by_values = 0.0
            score = max(score, by_values) + (0.1 if header is not None else 0.0)
            reasons.append(f"values: {share:.0%} {label}")
    if (target == NAME and speaks and score < CANDIDATE_FLOOR and values is not None and values.informative
            and header_says(ev.column, "party_words", directory) and values.share("name_like") >= PARTY_NAMES
            and values.share("distinct") >= PARTY_DISTINCT):
        # the party of an ERP's documents ("Entidade": "Costa & Silva, Lda."), its names repeated on
        # its documents' rows
        score = CANDIDATE_FLOOR
        reasons = [r for r in reasons if not r.startswith("values: ")]
        reasons.append(f"values: {values.share('name_like'):.0%} names under a party's header")
    if (target == NAME and speaks and score < CANDIDATE_FLOOR and _BLANK_HEADER.match(ev.column) and values is not None
            and values.informative and values.share("wordy") >= _LABELS_SHARE and values.share("distinct") >= _LABELS_SHARE):
        # a report's rows labelled under a blank header (Odoo's partners in its Aged Receivable)
        score = CANDIDATE_FLOOR
        reasons.append("values: a different label of words on each row, under a blank header")
    return score, "; ".join(reasons)


#: how the reader names a column whose header cell is blank
_BLANK_HEADER = re.compile(r"^Column \d+$")
#: the share of words, and of different ones, that make a blank-headed column a report's row labels
_LABELS_SHARE = 0.9


def _contradicted(columns: list[ColumnMapping], evidence: list[Evidence]) -> list[str]:
    """Columns whose header names a field but whose values are something else ("Devise" holding
    internal numbers 1, 2, 3 instead of currency codes): kept as metadata, and said."""
    header_field = {ev.column: ev.header_field for ev in evidence if ev.header_field and ev.values_said}
    out = []
    for col in columns:
        if col.status == "unmapped" and col.column in header_field:
            ev = next(e for e in evidence if e.column == col.column)
            out.append(
                f"'{col.column}' reads as {header_field[col.column]} by its header, but its values are "
                f"{ev.values_said}: kept as metadata."
            )
    return out


def _counted(columns: list[ColumnMapping], evidence: list[Evidence]) -> list[str]:
    """The reference taken from a column that counts the rows (no other column of references), by
    its values or by its name ("Lp."): said, as the next export numbered 1, 2, 3… again would name
    the same cases."""
    counters = {ev.column for ev in evidence if ev.values is not None and ev.values.share("counter")}
    numbered = {ev.column for ev in evidence if any(c.field == "reference" and c.rank == 0 for c in ev.candidates)}
    out = []
    for col in columns:
        if col.field != "reference" or col.status == "unmapped":
            continue
        if col.column in counters:
            out.append(
                f"reference: '{col.column}' holds {COUNTER_SAID}; no other column holds them. Check it: "
                "a later file counting from 1 again would be taken for the same invoices."
            )
        elif col.column in numbered:
            out.append(
                f"reference: '{col.column}' names the rows' own numbers ({col.role or 'a row number'}), and no other "
                "column holds the invoice numbers. Check it: a later list numbered again would name other debts with "
                "the same numbers."
            )
    return out


LINE1, LINE2 = "debtor.address.line1", "debtor.address.line2"


def _unit_of_measure(columns: list[ColumnMapping], *, fixed: set[str], directory: Path) -> None:
    """"Unit" beside a quantity ("Quantity", "Unit", "Unit Price" of an invoice's lines: Kpl, h, kg)
    is the unit the items are counted in, not the flat of the debtor's address."""
    quantity = next((c.column for c in columns if header_says(c.column, "quantity_words", directory)), None)
    if quantity is None:
        return
    for col in columns:
        if col.field == LINE2 and col.column not in fixed and normalize_header(col.column) == "unit":
            col.field, col.status = None, "unmapped"
            col.reason = f"ignored: the unit the items of '{quantity}' are counted in, not the flat of an address"
HOUSE = HOUSE_NUMBER
#: a street column whose values hold a digit this often or more is written with its numbers already
NUMBERED_STREETS = 0.5


def _street_numbers(
    columns: list[ColumnMapping], frame: pl.DataFrame, notices: list[str], *, fixed: set[str], directory: Path,
) -> None:
    """A street column whose values hold no house number ("Ulica": Kościuszki) beside a column of house
    numbers ("Numer_domu": 13b/1), and a flat's ("Nr lokalu"), is written with them in line1; said
    with an example. Without such a column, a column of addresses that hold their numbers, which lost
    line1 to the bare street, takes it when it is filled as often (else a notice names it)."""
    street = next((c for c in columns if c.field == LINE1 and c.status != "unmapped"), None)
    if street is None or street.column not in frame.columns or any(
        c.field in LINE1_PARTS and c.status != "unmapped" for c in columns
    ):
        return
    filled, numbered = _numbered(frame, street.column)
    if not filled or numbered >= NUMBERED_STREETS:
        return

    def part(kind: str) -> ColumnMapping | None:
        return next((
            c for c in columns
            if c.column not in fixed and c.column in frame.columns and (c.status == "unmapped" or c.field == LINE2)
            and address_number(c.column, str(directory)) == kind and _numbered(frame, c.column)[0]
        ), None)

    house = part("house") or _number_after_street(columns, frame, street, fixed, directory)
    if house is None:
        _numbered_address(street, columns, frame, notices, fixed, filled)
        return
    unit = part("unit")
    # the invoice's number its header lost to the house number's ("Rechnung" to "Nr") is the reference again
    owner = _reference_lost_to(columns, house.column, directory) if house.field == "reference" else None
    if owner is not None:
        owner.field = "reference"
        owner.status = "mapped" if owner.confidence >= DEFAULT_MAPPED_THRESHOLD else "to_confirm"
        owner.reason = f"{match_header(owner.column, directory).reason}; '{house.column}' is the street's number"
        notices[:] = [n for n in notices if not n.startswith(f"reference: '{house.column}' ")]
    for col, target, role, how in (
        (house, HOUSE, HOUSE_NUMBER_ROLE, f"written with the street of '{street.column}'"),
        (unit, UNIT, UNIT_ROLE, f"written after the house number of '{house.column}'"),
    ):
        if col is None:
            continue
        col.field, col.status = target, street.status
        col.confidence = round(min(street.confidence, max(col.confidence, DEFAULT_MAPPED_THRESHOLD)), 3)
        col.reason, col.role = f"{role}: {how} in the address's line1", role
    said = f"'{house.column}'" + (f" and the flat of '{unit.column}'" if unit is not None else "")
    for col in columns:
        if col.field is None and col.reason.startswith(lost_to(street.column)):
            col.reason += f"; the street is written with the house number of {said}"
    example = _line1_example(columns, frame, street.column, house.column)
    notices.append(
        f"debtor.address.line1: the street of '{street.column}' is written with the house number of {said}"
        + (f" ({example})" if example else "") + "."
    )


#: the bare headers of a number ("Número", "Nº", "Number"; Argentina's "Altura"): right after the street, its
#: house number
_BARE_NUMBERS = frozenset({"numero", "altura"})
#: a house number: a few digits, a letter after them ("12", "558", "13b"), written after "nº" ("nº 44") or
#: by a spreadsheet as a decimal ("924.0"); or none, said so ("S/N": sin número, sem número)
_HOUSE_NUMBER = r"^(?:n[º°o.]\s*)?\d{1,5}(?:\.0)?\s?[A-Za-z]?$|^[Ss]\s?/\s?[Nn]$"


def _number_after_street(
    columns: list[ColumnMapping], frame: pl.DataFrame, street: ColumnMapping, fixed: set[str], directory: Path
) -> ColumnMapping | None:
    """The column right after the street whose header is a bare number ("CALLE", "NUMERO": an
    Argentine card issuer's placement) and whose values are house numbers (a few digits, most
    written on several rows): the street's number, not the invoice's, though its header alone
    reads as the reference."""
    at = columns.index(street) + 1
    if at >= len(columns):
        return None
    col = columns[at]
    if col.column in fixed or col.column not in frame.columns or normalize_header(col.column) not in _BARE_NUMBERS:
        return None
    text = frame.get_column(col.column).cast(pl.String).str.strip_chars()
    filled = text.filter(text.is_not_null() & (text != ""))
    if filled.len() < MIN_SAMPLE or int(filled.str.contains(_HOUSE_NUMBER).sum()) < _TOTAL_SHARE * filled.len():
        return None
    # an invoice's numbers are each row's own; a street's are written again and again, or beside a
    # column that named the invoice's number and lost it to this one ("Rechnung" beside "Straße", "Nr"),
    # or beside the orders' own numbers ("Número de orden": a shop's sales, its buyers' addresses)
    if (filled.n_unique() < _TOTAL_SHARE * filled.len() or _reference_lost_to(columns, col.column, directory) is not None
            or _orders_numbered(columns, frame, directory)):
        return col
    return None


def _orders_numbered(columns: list[ColumnMapping], frame: pl.DataFrame, directory: Path) -> bool:
    """Whether a column holds the orders' own numbers ("Número de orden", "Order Number"), each row's
    own: those name the debts (``_record_id`` offers them), no street's number does."""
    return any(
        names_an_order(c.column, directory) and c.column in frame.columns
        and (text := frame.get_column(c.column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()).len()
        and text.is_unique().all()
        for c in columns
    )


def _reference_lost_to(columns: list[ColumnMapping], winner: str, directory: Path) -> ColumnMapping | None:
    """The column whose header reads as the reference and that lost it to ``winner``."""
    said = lost_to(winner)
    return next((c for c in columns if c.field is None and c.reason.startswith(said)
                 and match_header(c.column, directory).field == "reference"), None)


def _numbered(frame: pl.DataFrame, column: str) -> tuple[int, float]:
    """How many rows of ``column`` are filled, and the share of those that hold a digit."""
    text = frame.get_column(column).cast(pl.String).str.strip_chars()
    filled = text.filter(text.is_not_null() & (text != ""))
    digits = int(filled.str.contains(r"\d").sum())
    return filled.len(), digits / filled.len() if filled.len() else 0.0


def _line1_example(columns: list[ColumnMapping], frame: pl.DataFrame, street: str, house: str) -> str:
    """The first row's line1 once the street is written with its numbers ("line 3: 'Kościuszki 13b/1'")."""
    from getbill_import.mapping.apply import line1_with_number

    fields = {c.field: c.column for c in columns if c.field and c.status != "unmapped"}
    both = frame.filter(
        pl.col(street).cast(pl.String).str.strip_chars().str.len_chars().fill_null(0).gt(0)
        & pl.col(house).cast(pl.String).str.strip_chars().str.len_chars().fill_null(0).gt(0)
    ).head(1)
    if not both.height:
        return ""
    written = both.select(line1_with_number(fields, both).alias("line1")).item()
    where = f"line {both.get_column(LINE).item()}: " if LINE in both.columns else ""
    return f"{where}'{written}'"


def _numbered_address(
    street: ColumnMapping, columns: list[ColumnMapping], frame: pl.DataFrame, notices: list[str], fixed: set[str],
    streets: int,
) -> None:
    """A column of addresses with their numbers ("Adres_korespondencyjny_raw": Kościuszki 13b/1, 67-100 Nowa
    Sól) that lost line1 to a street without them ("Ulica": Kościuszki), and no house number to write it
    with: it takes line1, to confirm, when it is filled on as many rows; else a notice names it."""
    if street.column in fixed:
        return
    said = lost_to(street.column)
    for col in columns:
        if col.field is not None or col.column in fixed or not col.reason.startswith(said) or col.column not in frame.columns:
            continue
        filled, numbered = _numbered(frame, col.column)
        if not filled or numbered < NUMBERED_STREETS:
            continue
        if filled >= streets:
            col.field, col.status, col.role = LINE1, "to_confirm", ""
            col.confidence = round(min(col.confidence, DEFAULT_MAPPED_THRESHOLD - 0.01), 3)
            col.reason = f"the addresses with their house numbers: '{street.column}' holds streets without them"
            street.field, street.status = None, "unmapped"
            street.reason = f"{lost_to(col.column)}its streets have no house number)"
            notices.append(
                f"debtor.address.line1: '{street.column}' holds streets without their house numbers; '{col.column}' "
                f"holds the addresses with them and is used instead (--set '{street.column}=debtor.address.line1' "
                "keeps the street alone)."
            )
        else:
            notices.append(
                f"debtor.address.line1: '{street.column}' holds streets without their house numbers; '{col.column}' "
                f"holds addresses with them on {filled:,} row(s): check which one the letters should use (--set)."
            )
        return


#: a company column with at most this many values, for ``ISSUER_RATIO`` times as many debtors' names
#: or more, is the company that issued the invoices (one of a group's), not the debtors' company
ISSUER_COMPANIES = 20
ISSUER_RATIO = 10


def _issuer(
    name: ColumnMapping, company: ColumnMapping | None, fixed: frozenset[str] | set[str],
    frame: pl.DataFrame | None, notices: list[str],
) -> bool:
    """Whether the company column names the invoices' issuer ("Empresa": the group's company
    that billed, a few of them for thousands of customers): it is then kept as metadata, said."""
    if company is None or company.column in fixed or frame is None or name.column not in frame.columns \
            or company.column not in frame.columns or frame.height < MIN_SAMPLE:
        return False

    def distinct(column: str) -> int:
        return frame.select(pl.col(column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls().n_unique()).item()

    issuers = distinct(company.column)
    if not issuers or issuers > ISSUER_COMPANIES or (named := distinct(name.column)) < ISSUER_RATIO * issuers:
        return False
    company.field, company.status = None, "unmapped"
    company.reason = f"{company.reason}, but values: {issuers} companies for {named:,} debtors' names"
    notices.append(
        f"debtor.company: '{company.column}' holds {issuers} compan{'y' if issuers == 1 else 'ies'} for {named:,} "
        f"different debtors' names in '{name.column}': the companies that issued the invoices, not the debtors'. It "
        "is kept as metadata."
    )
    return True


#: the role of a name column holding a company's name or a person's last name (MYOB's "Co./Last Name")
CARD_NAME_ROLE = "company or last name"
#: the share of a company column's values that are codes ("XT0150") from which it names no debtor
CODES_SHARE = 0.8


def _settle_names(
    columns: list[ColumnMapping], notices: list[str], fixed: frozenset[str] | set[str] = frozenset(),
    values: dict[str, ValueProfile] | None = None, frame: pl.DataFrame | None = None,
) -> None:
    """One source for the debtor's name: a name column makes the name parts metadata, unless a
    profile mapped them (``fixed``: DATEV's master data fills a firm's name or a person's parts,
    each a fallback for the other); without a person's name, the company column is the name,
    unless its ``values`` are codes ("XT0150": the company code of an SAP line, not a firm's name)."""
    active = [c for c in columns if c.status != "unmapped" and c.field]
    name = next((c for c in active if c.field == NAME), None)
    parts = [c for c in active if c.field in _COMPLEMENT]
    if name is not None and _issuer(name, next((c for c in active if c.field == COMPANY), None), fixed, frame, notices):
        active = [c for c in active if c.field != COMPANY]
    if name is not None and name.role == CARD_NAME_ROLE and [p.field for p in parts] == [FIRST]:
        # MYOB's "Co./Last Name" beside "First Name": a person's last name, or a company's name
        # where the first name is blank; the two compose the debtor's name
        name.field = LAST
        name.reason = f"{name.reason}: the last name beside '{parts[0].column}' (a company's name where it is blank)"
        return
    if (name is not None and name.status == "to_confirm" and name.column not in fixed and parts
            and all(p.status == "mapped" for p in parts)):
        # a column only offered as the name ("client_firm": a solicitor's client, the creditor) gives way
        # to the debtor's first and last names, surely found ("debtor_first_name", "debtor_last_name")
        name.field, name.status = None, "unmapped"
        name.reason = f"{name.reason}, but the debtor's name is in {', '.join(repr(p.column) for p in parts)}"
        return
    if name is not None:
        for part in parts:
            if part.column in fixed and name.column in fixed:
                continue
            part.field, part.status = None, "unmapped"
            part.reason = f"kept as metadata: '{name.column}' is the debtor name"
        return
    company = next((c for c in active if c.field == COMPANY), None)
    profile = (values or {}).get(company.column) if company is not None else None
    if company is not None and company.column not in fixed and profile is not None and profile.informative and (
        profile.share("numbered") >= CODES_SHARE and profile.share("wordy") < 1 - CODES_SHARE
    ):
        said = f"{profile.share('numbered'):.0%} codes with digits"
        company.field, company.status, company.reason = None, "unmapped", f"{company.reason}, but values: {said}"
        notices.append(
            f"{CODES_FOR_NAMES_SAID} '{company.column}' holds codes ({said}), "
            "not names: it is kept as metadata, not taken for the debtor's name."
        )
        return
    if company is not None and company.column not in fixed and profile is not None and not profile.count:
        # a company column blank on every row names no debtor: the name is missing, said as such
        return
    many = _one_company_of_many_debtors(company, active, frame) if not parts and company is not None else None
    if company is not None and company.column not in fixed and many:
        company.field, company.status, company.reason = None, "unmapped", f"{company.reason}, but {many}"
        notices.append(
            f"debtor.name: no person-name column, and the company column '{company.column}' holds {many}: the "
            "creditor's name or another party's, not the debtors'; it is kept as metadata."
        )
        return
    if not parts and company is not None:
        company.field = NAME
        company.reason = f"{company.reason}; the debtor name (no person-name column)"
        notices.append(f"debtor.name: no person-name column, the company column '{company.column}' is used.")


#: the fewest different contacts (e-mails, phones, streets) that make a file one of several debtors
MANY_DEBTORS = 3
_CONTACTS = ("debtor.email", "debtor.phone", "debtor.address.line1")


def _one_company_of_many_debtors(
    company: ColumnMapping, active: list[ColumnMapping], frame: pl.DataFrame | None
) -> str | None:
    """What says a company column written alike on every row is no debtor's name, when the rows'
    e-mails, phones or streets tell several debtors apart ("TARJETA NARANJA S.A." on each of an
    issuer's 1,756 cardholders); None when it may be the one debtor of a statement."""
    if frame is None or company.column not in frame.columns:
        return None
    same = one_value(frame.get_column(company.column), blanks=True)
    if same is None:
        return None
    for col in active:
        if col.field in _CONTACTS and col.column in frame.columns:
            distinct = frame.get_column(col.column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls().n_unique()
            if distinct >= MANY_DEBTORS:
                return f"'{same}' on every row, beside {distinct:,} different values of '{col.column}'"
    return None


def assign_columns(
    headers: list[str], assign: Sequence[tuple[str, str]], fixed: dict[str, ColumnMapping]
) -> dict[str, ColumnMapping]:
    """The columns the user maps by hand (``--set COLUMN=FIELD``; FIELD "ignore" leaves the
    column out), at full confidence, and the profile's columns (``fixed``) that gave up a field
    one of them took. A header is found as written, else whatever its case and its spaces (a line
    break a cell wraps its header on, "Saldo\ntotal", is a space). Raises MappingError for a
    column the file does not have or a field that is none."""
    from getbill_import.errors import MappingError
    from getbill_import.fields import MAPPING_TARGETS

    out: dict[str, ColumnMapping] = {}
    for column, target in assign:
        header = header_named(column, headers)
        if header is None:
            names = ", ".join(repr(h) for h in headers[:30])
            raise MappingError(f"--set names a column the file does not have: {column!r}. Its columns: {names}.",
                               code="unknown-column")
        if target != IGNORE and target not in MAPPING_TARGETS:
            raise MappingError(
                f"--set gives {column!r} the field {target!r}, which is none: use one of "
                f"{', '.join(MAPPING_TARGETS)} or {IGNORE}.", code="unknown-field",
            )
        if target == IGNORE:
            out[header] = ColumnMapping(header, None, 1.0, "unmapped", "left out by hand (--set)")
            continue
        for other in [*fixed.values(), *out.values()]:
            if other.column != header and other.field == target:
                out[other.column] = ColumnMapping(other.column, None, other.confidence, "unmapped",
                                                  f"{target} is '{header}', set by hand (--set)")
        out[header] = ColumnMapping(header, target, 1.0, "mapped", ASSIGNED_SAID)
    return out
