"""Every problem code validation reports: a stable kebab-case name, its severity and what it means.

Codes are part of the public contract (reports, ``--format json``, the README): never rename one.
"""

from __future__ import annotations

from getbill_import.problems import ERROR, WARNING

#: code -> (severity, one-line description)
_TABLE: dict[str, tuple[str, str]] = {
    "missing-amount": (ERROR, "The amount is empty."),
    "invalid-amount": (ERROR, "The amount is not a number."),
    "zero-amount": (ERROR, "The amount is zero: there is nothing to collect."),
    "negative-amount": (ERROR, "The amount is negative or in parentheses (a credit note): nothing to collect."),
    "too-many-decimals": (ERROR, "The amount has three significant decimals (a typo, or thousands?); the suggestion is rounded to cents."),
    "amount-rounded": (WARNING, "The amount has four decimals or more (a value a spreadsheet computed, 9027.578659917): it is read to the cent."),
    "disputed-invoice": (WARNING, "The invoice is marked disputed (a dispute flag, a status 'Disputed'): it is imported as owed, but a disputed debt is usually settled before it is collected."),
    "dunning-blocked": (WARNING, "The invoice's dunning is blocked (SAP's or DATEV's 'Mahnsperre', a 'Dunning Block' code): it is imported as owed, but the creditor's accounting system was told not to dun it."),
    "insolvent-debtor": (ERROR, "A column says the debtor is bankrupt, under an insolvency procedure or dead ('Bankrupt': Y, a status 'Active Bankruptcy', 'Liquidation judiciaire', 'Deceased'): such a debt is declared in the procedure or to the estate, not collected; the row is not imported."),
    "amount-owed-unknown": (ERROR, "A status says the invoice is paid in part ('Partially Paid') and the amount is its total ('Total Signed'), not what remains: the row is not imported, its total would claim more than is owed."),
    "balance-above-total": (WARNING, "The amount owed (a balance) is more than the invoice's own total in another column: a customer's or a group's total written on one of its invoices?"),
    "ambiguous-amount": (WARNING, "Amounts like 1,234 could be 1234 or 1.234 and nothing else in their column tells; read as thousands (said once per column)."),
    "invalid-currency": (ERROR, "The currency is not an ISO 4217 code, a known symbol or a currency name."),
    "currency-mismatch": (ERROR, "The currency written in the amount cell differs from the currency column."),
    "missing-currency": (ERROR, "The currency column is blank on the row, and names several currencies on the others, none on most of them: the row's is not the default currency more than any of them."),
    "ambiguous-currency": (ERROR, "The amount is written in a symbol several currencies share (kr) and neither a currency column nor the default currency says which."),
    "missing-reference": (ERROR, "The invoice reference is empty."),
    "duplicate-reference": (ERROR, "The invoice reference appears on several lines of the file."),
    "rounded-reference": (ERROR, "The invoice reference is a number a spreadsheet rounded into scientific notation (5.10005E+11): its last digits are lost, so it names no invoice for sure."),
    "missing-name": (ERROR, "The debtor's name is empty."),
    "anonymous-name": (ERROR, "The debtor's name is a till's anonymous customer ('Consumidor Final', 'Cash Customer', 'Client comptoir'): it names nobody to collect from."),
    "suspicious-name": (WARNING, "The debtor's name looks like an e-mail address or a number."),
    "control-characters": (ERROR, "The reference or the debtor's name holds control characters (ESC, NUL, bell…) that would garble every screen, letter or report showing it; the suggestion drops them."),
    "control-characters-dropped": (WARNING, "An address or company name held control characters (a stray byte of an old system's encoding): they are dropped from the value imported."),
    "invalid-date": (ERROR, "The date cannot be read or does not exist (31/02)."),
    "multiple-dates": (WARNING, "The date cell holds several dates (a debt's instalments); the first one is used."),
    "ambiguous-date-format": (WARNING, "Nothing in the date column tells day/month from month/day; the message says how it was read."),
    "due-before-issue": (WARNING, "The due date is before the issue date."),
    "issue-date-ahead": (WARNING, "The issue date is more than a month after today: a year mistyped (2030 for 2020), or an invoice not yet issued?"),
    "invalid-email": (WARNING, "The e-mail address is not valid; the message gives the reason. The debt is imported without it (the suggestion, when there is one, repairs it)."),
    "email-domain-typo": (WARNING, "The e-mail domain looks like a misspelt common provider (gmial.com); the suggestion corrects it."),
    "multiple-emails": (WARNING, "The cell holds several e-mail addresses; the first one is used."),
    "email-with-name": (WARNING, "The cell holds a name beside the e-mail address (Name <address>); the address is used."),
    "multiple-phones": (WARNING, "The cell holds several phone numbers; the first one is used."),
    "invalid-phone": (WARNING, "The phone number is not valid; the message gives the reason. The debt is imported without it."),
    "phone-missing-leading-zero": (WARNING, "A national number lost its leading zero (a spreadsheet stored it as a number); read with the zero."),
    "unknown-scenario": (ERROR, "The follow-up scenario is not one of the configured scenarios."),
    "invalid-country": (WARNING, "The country is neither an ISO 3166 code nor a known country name."),
    "value-too-long": (ERROR, "The value is longer than the store keeps for its field (500 characters for a name, 200 for a reference…)."),
    "invalid-type": (ERROR, "(API) A debt, or one of its fields, has the wrong JSON type: an object where text is expected, a list…"),
    "unknown-field": (ERROR, "(API) The debt has a field that does not exist (a misspelt name?): nothing of it would be kept."),
    "invalid-text": (ERROR, "(API) The text holds a NUL character, which no text field can keep."),
    "no-contact-channel": (WARNING, "The row has no e-mail, no phone and no postal address: the debtor cannot be contacted."),
}

#: code -> one-line description (for the README and ``--help``)
CODES: dict[str, str] = {code: text for code, (_, text) in _TABLE.items()}
#: code -> "error" | "warning"
SEVERITIES: dict[str, str] = {code: severity for code, (severity, _) in _TABLE.items()}
