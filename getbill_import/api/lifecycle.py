"""The routes of the collection lifecycle: follow-ups, scenarios, status changes, the sandbox's
clock, payments and their reconciliation, reports."""

from __future__ import annotations

from getbill_import.api import collection, payments, reports

ROUTERS = (collection.router, payments.router, reports.router)
