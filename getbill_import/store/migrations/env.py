"""Alembic environment: run by ``store.migrate.upgrade`` on a connection it provides (no
alembic.ini). For a developer's ``alembic revision``, see ``store/migrate.py``."""

from __future__ import annotations

from alembic import context

from getbill_import.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is driven by hand
    raise RuntimeError("Run migrations through getbill_import.store.migrate.upgrade(engine).")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
