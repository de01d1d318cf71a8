"""The collection lifecycle: scenarios of follow-ups, their scheduler and channels, payments
and their reconciliation, and collection reports.

    scenarios      scenarios and templates as data (TOML), the catalog validation accepts
    channels       channel adapters: simulated outcomes, real e-mail over SMTP
    scheduler      ``tick``: every due step of every open case, exactly once
    payments       recording a payment: the balance, the status, the events
    reconcile      a bank statement or a payments export matched to cases
    report         collection figures: resolution, amounts, delays

Importing this package loads nothing heavy: ``validate`` reads scenario names from it.
"""
