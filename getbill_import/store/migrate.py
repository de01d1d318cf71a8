"""Alembic migrations applied programmatically when a store is opened (no alembic.ini).

The revisions live in ``migrations/versions``. A schema change is a new file there, e.g.
``0002_payments.py`` with ``revision = "0002"`` and ``down_revision = "0001"`` (copy
``0001_initial.py`` for the shape, or render ``migrations/script.py.mako``); update
``schema.py`` to match (a test compares both). Every store is brought to the head revision the
next time it is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: the newest revision in ``migrations/versions`` (a test checks it against Alembic's own view):
#: a store already there is opened without loading Alembic at all
HEAD_REVISION = "0008"
#: any 64-bit number that identifies this application's migration lock on PostgreSQL
_PG_LOCK_KEY = 0x6765_7462_696C_6C31


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: sa.Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine) -> bool:
    """Bring the database to the latest revision. Returns True when something was applied.

    Safe when several processes open the same new database at once: the check and the upgrade
    run under the database's write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock).
    """
    with engine.connect() as probe:
        if _stored_revision(probe) == HEAD_REVISION:
            return False
    from alembic import command

    head = head_revision()
    with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        if current_revision(conn) == head:
            return False
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True


def _stored_revision(connection: sa.Connection) -> str | None:
    """The revision recorded in the database, read without Alembic (None for a new database)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
