"""The case store: accounts, cases, imports and the events outbox, on SQLite or PostgreSQL.

Public surface:

    open_store(url, *, migrate_schema=True) -> Store      # creates/upgrades the schema (Alembic)
    Store.read() / Store.write()                         # connections inside a transaction
    cases: list_cases, get_case, count_cases, CaseFilter; shape: case_json
    service: create_cases, update_case, set_status, record_event, delete_case (every change to a case)
    credentials, jobs, files, access_log, idempotency: the API's and the workers' tables
    imports: find_import, begin_import, finish_import, fail_import, ImportRecord
    tables in ``schema`` (every query filters on ``account``)
"""

from __future__ import annotations

from getbill_import.store.engine import Store, open_store

__all__ = ["Store", "open_store"]
