"""Opening a store: schema created by the migrations, SQLite durability settings, write lock taken
up front, and clear errors when the database cannot be used."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from getbill_import.config import Settings
from getbill_import.errors import StoreError
from getbill_import.store import migrate, open_store
from getbill_import.store.schema import metadata

TABLES = {"accounts", "imports", "cases", "events", "corrections"}


def test_a_new_store_is_migrated_to_the_latest_revision(store_url: str) -> None:
    with open_store(store_url) as store, store.read() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        assert tables >= TABLES
        assert migrate.current_revision(conn) == migrate.head_revision()


def test_migrations_and_the_query_schema_agree(store_url: str) -> None:
    with open_store(store_url) as store, store.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), metadata)
    assert diff == []


def test_reopening_applies_nothing_and_keeps_the_data(store_url: str, make_cases) -> None:  # type: ignore[no-untyped-def]
    from getbill_import.load import load_cases

    with open_store(store_url) as store:
        load_cases(store, make_cases(3), account="acme")
    with open_store(store_url) as store:
        assert migrate.upgrade(store.engine) is False
        with store.read() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM cases").scalar_one() == 3


def test_sqlite_store_is_durable_wal(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'g.db'}") as store, store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5_000


def test_sqlite_write_transaction_takes_the_lock_before_any_statement(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    with open_store(f"sqlite:///{path}") as store, store.write():
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_default_store_lives_in_the_data_folder_created_on_demand(tmp_path: Path) -> None:
    settings = Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path / "not" / "yet" / "there")})
    with open_store(settings.database_url):
        pass
    assert (tmp_path / "not" / "yet" / "there" / "getbill.db").is_file()


def test_several_processes_opening_a_new_store_at_once_all_succeed(store_url: str) -> None:
    code = "import sys; from getbill_import.store import open_store; open_store(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, store_url], stderr=subprocess.PIPE) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    with open_store(store_url) as store, store.read() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()


def test_unreachable_server_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql+psycopg://getbill:s3cret@127.0.0.1:1/getbill")
    message = str(caught.value)
    assert "Cannot reach the database" in message
    assert "s3cret" not in message


def test_read_only_database_is_a_store_error_before_loading(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    open_store(f"sqlite:///{path}").close()
    store = open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StoreError, match="cannot be written"):
        store.check_writable()
    store.close()


def test_folder_that_cannot_be_created_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="Cannot create the folder"):
        open_store(f"sqlite:///{blocker / 'sub' / 'g.db'}")


def test_a_folder_named_as_the_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(f"sqlite:///{tmp_path}")


@pytest.mark.parametrize("url", ["mysql://user@host/db", "not a url at all"])
def test_unsupported_or_malformed_url_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError):
        open_store(url)


def test_head_revision_constant_is_the_newest_migration() -> None:
    from getbill_import.store import migrate

    assert migrate.head_revision() == migrate.HEAD_REVISION
