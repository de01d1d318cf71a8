"""The case store's tables (SQLAlchemy Core). The migrations in ``migrations/versions`` create
them; this module describes them for queries. Keep both in step (a test compares them).

Every table that holds a creditor's data carries ``account`` and every query filters on it.
"""

from __future__ import annotations

import sqlalchemy as sa

from getbill_import.store.types import BigId, JSONDoc, UTCDateTime

metadata = sa.MetaData()

#: a case in one of these statuses is never changed by an import
FINAL_STATUSES: tuple[str, ...] = ("resolved", "cancelled")
CASE_STATUSES: tuple[str, ...] = ("open", "contacted", "payment_plan", "escalated", "resolved", "cancelled")
IMPORT_STATUSES: tuple[str, ...] = ("running", "completed", "failed")
#: the statuses in which a case's scenario goes on (a payment plan pauses it)
SCENARIO_ACTIVE: tuple[str, ...] = ("open", "contacted")
SCENARIO_ACTIVE_SQL = "status IN ('open', 'contacted')"
#: a new case's ``next_step_on``: to be planned by the scheduler
NOT_PLANNED = "1970-01-01"

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200)),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    #: a sandbox account holds test data only; ``live_account`` is the account it belongs to
    sa.Column("sandbox", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("live_account", sa.String(64)),
    #: when the sandbox's data was last reset
    sa.Column("reset_at", UTCDateTime()),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("source_name", sa.String(500), nullable=False),
    sa.Column("source_size", sa.BigInteger(), nullable=False),
    #: the content's hash (None for an API batch, which has no file)
    sa.Column("sha256", sa.String(64)),
    sa.Column("format", sa.String(16)),
    sa.Column("sheet", sa.String(200)),
    sa.Column("profile", sa.String(200)),
    sa.Column("mapping", JSONDoc),
    sa.Column("on_existing", sa.String(16), nullable=False, server_default="skip"),
    sa.Column("rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("valid_rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("invalid_rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("created", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("updated", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("unchanged", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("skipped_existing", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("skipped_resolved", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("report_path", sa.String(1000)),
    sa.Column("status", sa.String(16), nullable=False, server_default="running"),
    sa.Column("error", sa.Text()),
    #: 1 for the first run of this content, +1 for each forced re-run
    sa.Column("run", sa.Integer(), nullable=False, server_default="1"),
    sa.Column("started_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime()),
    sa.Column("first_completed_at", UTCDateTime()),
    #: "file" (the command line, the SFTP daemon), "upload" (POST /imports) or "batch" (POST /debts/batch)
    sa.Column("kind", sa.String(16), nullable=False, server_default="file"),
    #: the stored error report (``files``) of an upload or a batch
    sa.Column("report_file_id", sa.String(40)),
    #: the sheet read ('' for delimited text): one import per (account, content, sheet)
    sa.Column("sheet_key", sa.String(200), nullable=False, server_default=""),
    sa.UniqueConstraint("account", "sha256", "sheet_key", name="uq_imports_account_sha256_sheet"),
)

#: no foreign keys on ``cases``: checked row by row they halve bulk-load speed on PostgreSQL;
#: the loader creates the account and the import record before any case that names them
cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("reference", sa.String(200), nullable=False),
    sa.Column("debtor_name", sa.String(500), nullable=False),
    sa.Column("debtor_company", sa.String(500)),
    sa.Column("debtor_email", sa.String(320)),
    sa.Column("debtor_phone", sa.String(32)),
    sa.Column("address_line1", sa.String(500)),
    sa.Column("address_line2", sa.String(500)),
    sa.Column("address_postal_code", sa.String(32)),
    sa.Column("address_city", sa.String(200)),
    sa.Column("address_region", sa.String(200)),
    #: ISO 3166 alpha-2, or the user's text when it is no known country
    sa.Column("address_country", sa.String(100)),
    #: money as integer cents: exact, and fast to compare and sum
    sa.Column("amount_cents", sa.BigInteger(), nullable=False),
    sa.Column("balance_cents", sa.BigInteger(), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("due_date", sa.Date()),
    sa.Column("issue_date", sa.Date()),
    sa.Column("scenario", sa.String(64)),
    sa.Column("status", sa.String(32), nullable=False, server_default="open"),
    sa.Column("metadata", JSONDoc),
    sa.Column("import_id", sa.String(40)),
    #: the run of ``import_id`` that created the case (an import may be forced again)
    sa.Column("import_run", sa.Integer()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    #: the collection lifecycle (collection/): steps of its scenario done, the last one's moment
    #: and channel, and when the case was first contacted, resolved, escalated
    sa.Column("steps_done", sa.Integer(), nullable=False, server_default="0"),
    #: the day the next step is due; a new case's is a day long past ("to be planned"), a case
    #: whose scenario is over has none
    sa.Column("next_step_on", sa.Date(), server_default=NOT_PLANNED),
    sa.Column("last_step_at", UTCDateTime()),
    sa.Column("last_channel", sa.String(16)),
    sa.Column("contacted_at", UTCDateTime()),
    sa.Column("resolved_at", UTCDateTime()),
    sa.Column("escalated_at", UTCDateTime()),
    sa.UniqueConstraint("account", "reference", name="uq_cases_account_reference"),
    #: the scheduler's look-up of due steps, over the cases a scenario still works on
    sa.Index(
        "ix_cases_collection_next", "account", "next_step_on",
        sqlite_where=sa.text(SCENARIO_ACTIVE_SQL), postgresql_where=sa.text(SCENARIO_ACTIVE_SQL),
    ),
)

#: the outbox: one row per event to deliver (webhooks), written in the transaction that caused it;
#: the payload is plain JSON (kept as written, key order included), not JSONB: it is written once
#: and read once by the delivery worker (a debt.created written by a bulk load has none until its
#: case first changes: see store/events.py)
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("case_id", sa.String(40)),
    sa.Column("type", sa.String(64), nullable=False),
    #: NULL for a debt.created event whose case has not changed since: rendered from the case
    sa.Column("payload", sa.JSON()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("delivered_at", UTCDateTime()),
    sa.Index("ix_events_case_id", "case_id"),
    sa.Index(
        "ix_events_pending",
        "id",
        sqlite_where=sa.text("delivered_at IS NULL"),
        postgresql_where=sa.text("delivered_at IS NULL"),
    ),
)

#: values changed by applying validation suggestions during an import (audit trail)
corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("import_id", sa.String(40), sa.ForeignKey("imports.id"), nullable=False),
    sa.Column("run", sa.Integer(), nullable=False),
    sa.Column("line", sa.Integer(), nullable=False),
    sa.Column("reference", sa.String(200)),
    sa.Column("field", sa.String(64), nullable=False),
    sa.Column("column", sa.String(500)),
    sa.Column("code", sa.String(64)),
    sa.Column("original", sa.Text()),
    sa.Column("corrected", sa.Text()),
    sa.Index("ix_corrections_import", "import_id", "run"),
    sa.Index("ix_corrections_account_reference", "account", "reference"),
)

#: OAuth2 clients (client credentials grant); the secret is kept as its SHA-256 only
api_clients = sa.Table(
    "api_clients",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    #: space-separated scopes the client may ask for
    sa.Column("scopes", sa.String(200), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("revoked_at", UTCDateTime()),
)

#: static API keys, used directly as Bearer tokens (sandbox keys act on the sandbox account)
api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("scopes", sa.String(200), nullable=False),
    sa.Column("sandbox", sa.Boolean(), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("revoked_at", UTCDateTime()),
)

#: access and refresh tokens issued to clients; a refresh token is used once, and every token
#: issued from the same grant shares a ``family`` (revoked together when a used refresh token
#: comes back)
oauth_tokens = sa.Table(
    "oauth_tokens",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("client_id", sa.String(40), sa.ForeignKey("api_clients.id"), nullable=False),
    sa.Column("family", sa.String(40), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("scopes", sa.String(200), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("expires_at", UTCDateTime(), nullable=False),
    sa.Column("used_at", UTCDateTime()),
    sa.Column("revoked_at", UTCDateTime()),
    sa.Index("ix_oauth_tokens_family", "family"),
    sa.Index("ix_oauth_tokens_client", "client_id"),
)

#: answers kept for ``Idempotency-Key`` replays (24 hours); ``status_code`` is NULL while the
#: first request is still being answered
idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("account", sa.String(64), primary_key=True),
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status_code", sa.Integer()),
    sa.Column("response", sa.LargeBinary()),
    sa.Column("headers", JSONDoc),
    #: the case the answer shows (erased with it)
    sa.Column("subject", sa.String(64)),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Index("ix_idempotency_keys_created", "created_at"),
)

JOB_STATUSES: tuple[str, ...] = ("queued", "running", "done", "failed")

#: durable background work (batches, uploads, scheduled tasks), claimed by workers: on
#: PostgreSQL with ``FOR UPDATE SKIP LOCKED``, on SQLite under the write lock
jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    #: what the job works on (an import id…), to find it again
    sa.Column("subject", sa.String(64)),
    sa.Column("params", JSONDoc),
    #: a large payload (validated cases as Arrow IPC…)
    sa.Column("data", sa.LargeBinary()),
    sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("max_attempts", sa.Integer(), nullable=False, server_default="5"),
    sa.Column("run_at", UTCDateTime(), nullable=False),
    sa.Column("locked_by", sa.String(100)),
    #: a running job whose lease ran out (its worker died) is taken again
    sa.Column("locked_until", UTCDateTime()),
    sa.Column("last_error", sa.Text()),
    sa.Column("result", JSONDoc),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime()),
    #: the event a webhook delivery job carries
    sa.Column("event_id", sa.BigInteger()),
    sa.Index(
        "ix_jobs_ready", "run_at", "id",
        sqlite_where=sa.text("status IN ('queued', 'running')"),
        postgresql_where=sa.text("status IN ('queued', 'running')"),
    ),
    sa.Index("ix_jobs_subject", "kind", "subject"),
)

#: one row per API request: who, what (the route's path template, never the query string), how
#: it ended and how long it took; no personal data
access_logs = sa.Table(
    "access_logs",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("credential", sa.String(40)),
    sa.Column("method", sa.String(10), nullable=False),
    sa.Column("path", sa.String(200), nullable=False),
    sa.Column("status", sa.Integer(), nullable=False),
    sa.Column("latency_ms", sa.Float(), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Index("ix_access_logs_account_at", "account", "at"),
)

#: files kept in the store (uploads waiting for their import, error reports), so that every
#: process sharing the database can read them; the content is in ``file_chunks``
files = sa.Table(
    "files",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name", sa.String(500), nullable=False),
    sa.Column("content_type", sa.String(100)),
    sa.Column("size", sa.BigInteger(), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

file_chunks = sa.Table(
    "file_chunks",
    metadata,
    sa.Column("file_id", sa.String(40), sa.ForeignKey("files.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("seq", sa.Integer(), primary_key=True),
    sa.Column("data", sa.LargeBinary(), nullable=False),
)

#: what is left of an erased case: no personal data, so that its id answers 410 Gone
case_tombstones = sa.Table(
    "case_tombstones",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("reference", sa.String(200), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("deleted_at", UTCDateTime(), nullable=False),
)

#: what became of a file the SFTP watcher found: "pending" while it is being processed (or waits
#: for a retry), then "imported", "duplicate" (its content was imported before), "failed" (it
#: could not be processed: see ``error``) or "gone" (it disappeared before it was processed)
SFTP_OUTCOMES: tuple[str, ...] = ("pending", "imported", "duplicate", "failed", "gone")

#: the SFTP watcher's ledger: one row per file version (path, size, mtime) found in a source
sftp_files = sa.Table(
    "sftp_files",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("path", sa.String(1000), nullable=False),
    sa.Column("size", sa.BigInteger(), nullable=False),
    #: the remote modification time, whole seconds since the epoch (as SFTP gives it)
    sa.Column("mtime", sa.BigInteger(), nullable=False),
    sa.Column("sha256", sa.String(64)),
    sa.Column("outcome", sa.String(16), nullable=False, server_default="pending"),
    #: imports started for this file (a process killed mid-import leaves one behind)
    sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("import_id", sa.String(40)),
    sa.Column("rows", sa.Integer()),
    sa.Column("valid_rows", sa.Integer()),
    sa.Column("invalid_rows", sa.Integer()),
    sa.Column("created", sa.Integer()),
    sa.Column("error", sa.Text()),
    #: the remote path the file is (or is being) moved to, and its error report's
    sa.Column("archived_to", sa.String(1000)),
    sa.Column("report_to", sa.String(1000)),
    sa.Column("first_seen_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime()),
    sa.Column("archived_at", UTCDateTime()),
    sa.Index("ix_sftp_files_source_path", "account", "source", "path"),
    sa.Index("ix_sftp_files_source_id", "account", "source", "id"),
)

#: one row per source and watcher cycle: what it found and did, and how long it took
sftp_cycles = sa.Table(
    "sftp_cycles",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("source", sa.String(200), nullable=False),
    #: "ok", "unreachable" (after retries), "error" (refused: host key, login, store) or "stopped"
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("listed", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("taken", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("imported", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("duplicates", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("failed", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("waiting", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("retry", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("created", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("invalid_rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("bytes", sa.BigInteger(), nullable=False, server_default="0"),
    sa.Column("transfer_seconds", sa.Float(), nullable=False, server_default="0"),
    sa.Column("import_seconds", sa.Float(), nullable=False, server_default="0"),
    sa.Column("error", sa.Text()),
    sa.Column("started_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime(), nullable=False),
    sa.Index("ix_sftp_cycles_source_id", "account", "source", "id"),
)

#: where an account's events are sent; the signing secret is kept encrypted (webhooks/secretbox.py)
#: and, after a rotation, the previous one keeps signing until ``previous_until``
webhook_endpoints = sa.Table(
    "webhook_endpoints",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("url", sa.String(2000), nullable=False),
    sa.Column("description", sa.String(500)),
    #: event types sent, ["*"] for all
    sa.Column("events", JSONDoc, nullable=False),
    sa.Column("enabled", sa.Boolean(), nullable=False),
    sa.Column("disabled_reason", sa.String(500)),
    sa.Column("secret_enc", sa.Text(), nullable=False),
    sa.Column("previous_secret_enc", sa.Text()),
    sa.Column("previous_until", UTCDateTime()),
    sa.Column("consecutive_failures", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Index("ix_webhook_endpoints_account", "account"),
)

#: every delivery attempt: when, how it ended (never the receiver's response body)
webhook_attempts = sa.Table(
    "webhook_attempts",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("endpoint_id", sa.String(40), nullable=False),
    sa.Column("job_id", sa.BigInteger(), nullable=False),
    sa.Column("event_id", sa.BigInteger(), nullable=False),
    sa.Column("attempt", sa.Integer(), nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("success", sa.Boolean(), nullable=False),
    sa.Column("status_code", sa.Integer()),
    sa.Column("latency_ms", sa.Float()),
    sa.Column("error", sa.String(500)),
    sa.Index("ix_webhook_attempts_job", "job_id"),
    sa.Index("ix_webhook_attempts_endpoint", "endpoint_id", "id"),
)


#: what a follow-up is while it runs ("sending": a real channel is at work; the lease in
#: ``locked_until`` says until when) and once it has an outcome ("done")
FOLLOWUP_STATUSES: tuple[str, ...] = ("sending", "done")

#: one row per executed step of a case's scenario (a wave: an e-mail, a text, a call, a letter);
#: (case_id, wave) is unique, so no wave is ever executed twice
followups = sa.Table(
    "followups",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("case_id", sa.String(40), nullable=False),
    sa.Column("scenario", sa.String(64), nullable=False),
    sa.Column("wave", sa.Integer(), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("template", sa.String(64)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("outcome", sa.String(32)),
    sa.Column("details", JSONDoc),
    #: the day the wave was due
    sa.Column("scheduled_for", sa.Date(), nullable=False),
    sa.Column("started_at", UTCDateTime(), nullable=False),
    sa.Column("completed_at", UTCDateTime()),
    sa.Column("locked_until", UTCDateTime()),
    sa.UniqueConstraint("case_id", "wave", name="uq_followups_case_wave"),
    sa.Index("ix_followups_account_id", "account", "id"),
    #: the report's count per channel and outcome, read from the index alone, in its order
    sa.Index("ix_followups_report", "account", "channel", "outcome", "started_at"),
    sa.Index(
        "ix_followups_unfinished", "locked_until",
        sqlite_where=sa.text("status = 'sending'"), postgresql_where=sa.text("status = 'sending'"),
    ),
)

#: money received for a case: ``applied_cents`` lowered its balance, ``overpaid_cents`` is what
#: came beyond it; ``external_id`` (a Stripe payment id, a bank line's fingerprint) is unique per
#: account, so the same payment is never recorded twice
payments = sa.Table(
    "payments",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("case_id", sa.String(40), nullable=False),
    sa.Column("amount_cents", sa.BigInteger(), nullable=False),
    sa.Column("applied_cents", sa.BigInteger(), nullable=False),
    sa.Column("overpaid_cents", sa.BigInteger(), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("method", sa.String(32), nullable=False),
    sa.Column("external_id", sa.String(200)),
    #: "api", "cli", "import" (reconciliation) or "sandbox"
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("details", JSONDoc),
    sa.Column("paid_at", UTCDateTime(), nullable=False),
    sa.Column("recorded_at", UTCDateTime(), nullable=False),
    sa.UniqueConstraint("account", "external_id", name="uq_payments_account_external_id"),
    sa.Index("ix_payments_account_case", "account", "case_id"),
)

#: a sandbox's clock, ahead of real time by ``offset_seconds`` (advanced by POST /sandbox/clock)
sandbox_clocks = sa.Table(
    "sandbox_clocks",
    metadata,
    sa.Column("account", sa.String(64), primary_key=True),
    sa.Column("offset_seconds", sa.Float(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)

#: imports into a remote batch API (``import FILE --to URL``): one row per target, remote
#: account (the credential's identity) and file content, so a finished import is not sent again
remote_imports = sa.Table(
    "remote_imports",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    #: the API's base URL
    sa.Column("target", sa.String(1000), nullable=False),
    #: who the server knows the import as: the OAuth2 client id, or an API key's fingerprint
    sa.Column("account", sa.String(200), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    #: the sheet of a workbook (each is an import of its own), "" for delimited text
    sa.Column("sheet_key", sa.String(200), nullable=False, server_default=""),
    sa.Column("source_name", sa.String(500), nullable=False),
    sa.Column("source_size", sa.BigInteger(), nullable=False),
    sa.Column("chunk_size", sa.Integer(), nullable=False),
    sa.Column("on_existing", sa.String(16), nullable=False, server_default="skip"),
    #: 1 for the first run of this content, +1 for each forced re-run (new idempotency keys)
    sa.Column("run", sa.Integer(), nullable=False, server_default="1"),
    #: "running", "completed" or "failed"
    sa.Column("status", sa.String(16), nullable=False, server_default="running"),
    sa.Column("rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("valid_rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("invalid_rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("chunks", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("created", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("updated", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("existing", sa.Integer(), nullable=False, server_default="0"),
    #: debts the server rejected
    sa.Column("errors", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("report_path", sa.String(1000)),
    sa.Column("error", sa.Text()),
    sa.Column("started_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime()),
    sa.Column("first_completed_at", UTCDateTime()),
    sa.UniqueConstraint("target", "account", "sha256", "sheet_key", name="uq_remote_imports_content"),
)

#: each chunk of a remote import the server accepted: its batch, then what became of its debts
remote_chunks = sa.Table(
    "remote_chunks",
    metadata,
    sa.Column("import_id", sa.String(40), sa.ForeignKey("remote_imports.id"), primary_key=True),
    sa.Column("run", sa.Integer(), primary_key=True),
    #: 0 for the first chunk of the file's valid rows
    sa.Column("position", sa.Integer(), primary_key=True),
    #: SHA-256 of the request body: a chunk is only taken as sent when its body is the same
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("idempotency_key", sa.String(100), nullable=False),
    sa.Column("items", sa.Integer(), nullable=False),
    sa.Column("first_line", sa.Integer()),
    sa.Column("last_line", sa.Integer()),
    sa.Column("batch_id", sa.String(200)),
    #: "accepted" (the server has the batch), "completed" (its debts are loaded) or "rejected"
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("updated", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("existing", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("errors", sa.Integer(), nullable=False, server_default="0"),
    #: the server's problems with the chunk's debts, on the file's lines
    sa.Column("problems", JSONDoc),
    sa.Column("accepted_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime()),
)
