"""Column types shared by the schema and the migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect

#: a JSON document: JSONB on PostgreSQL, JSON text on SQLite
JSONDoc = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

#: an auto-incremented 64-bit key (SQLite only auto-increments INTEGER PRIMARY KEY)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

#: the text format SQLAlchemy's SQLite dialect stores DATETIME values in
SQLITE_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """A moment in UTC. Stored as ``timestamptz`` on PostgreSQL and as naive UTC text on SQLite;
    always read back as an aware UTC datetime."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
