"""Import records: one per (account, content); interrupted runs resume, completed ones only run
again when forced."""

from __future__ import annotations

import pytest

from getbill_import.store.imports import (
    begin_import,
    fail_import,
    find_import,
    finish_import,
    get_import,
    list_imports,
)

SHA = "ab" * 32


def _begin(store, account: str = "acme", **kwargs):  # type: ignore[no-untyped-def]
    return begin_import(store, account=account, sha256=SHA, source_name="relances.csv", source_size=1234, **kwargs)


def _finish(store, import_id: str, created: int = 3) -> None:  # type: ignore[no-untyped-def]
    finish_import(store, account="acme", import_id=import_id, created=created, updated=0,
                  skipped_existing=0, skipped_resolved=0)


def test_first_import_of_a_content_is_new_and_running(store) -> None:  # type: ignore[no-untyped-def]
    start = _begin(store, format="csv", mapping=[{"column": "Client", "field": "debtor.name"}], rows=10,
                   valid_rows=9, invalid_rows=1)
    assert start.kind == "new"
    record = start.record
    assert (record.status, record.run, record.account, record.sha256) == ("running", 1, "acme", SHA)
    assert record.mapping == [{"column": "Client", "field": "debtor.name"}]
    assert (record.rows, record.valid_rows, record.invalid_rows) == (10, 9, 1)
    assert find_import(store, account="acme", sha256=SHA) == record


def test_an_interrupted_import_is_resumed_not_duplicated(store) -> None:  # type: ignore[no-untyped-def]
    first = _begin(store).record
    again = _begin(store)
    assert again.kind == "resumed"
    assert (again.record.id, again.record.run, again.record.started_at) == (first.id, 1, first.started_at)
    fail_import(store, account="acme", import_id=first.id, error="disk full")
    assert get_import(store, account="acme", import_id=first.id).error == "disk full"  # type: ignore[union-attr]
    after_failure = _begin(store)
    assert after_failure.kind == "resumed"
    assert (after_failure.record.status, after_failure.record.error) == ("running", None)
    assert len(list_imports(store, account="acme")) == 1


def test_a_completed_import_is_not_run_again_unless_forced(store) -> None:  # type: ignore[no-untyped-def]
    first = _begin(store).record
    _finish(store, first.id)
    done = _begin(store)
    assert done.kind == "already_completed"
    assert (done.record.status, done.record.created) == ("completed", 3)
    first_completed = done.record.first_completed_at
    assert first_completed is not None
    forced = _begin(store, force=True)
    assert forced.kind == "forced"
    assert (forced.record.id, forced.record.run, forced.record.status, forced.record.created) == (first.id, 2, "running", 0)
    _finish(store, first.id, created=0)
    again = _begin(store)
    assert again.kind == "already_completed"
    assert again.record.first_completed_at == first_completed  # still says when it was first imported


def test_the_same_content_is_a_new_import_for_another_account(store) -> None:  # type: ignore[no-untyped-def]
    acme = _begin(store, account="acme").record
    globex = _begin(store, account="globex")
    assert globex.kind == "new"
    assert globex.record.id != acme.id
    assert find_import(store, account="nobody", sha256=SHA) is None


def test_unknown_description_fields_are_refused(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError):
        _begin(store, colour="blue")


def test_one_import_of_a_content_at_a_time_even_between_threads_of_one_process(store) -> None:  # type: ignore[no-untyped-def]
    from getbill_import.store.locks import ImportInProgress, import_lock

    with import_lock(store, account="acme", sha256=SHA, name="relances.csv"):
        with (
            pytest.raises(ImportInProgress, match=r"Another import of relances\.csv .* account 'acme' \(this process"),
            import_lock(store, account="acme", sha256=SHA, name="relances.csv"),
        ):
            pass
        # another account, or another content, is another import
        with import_lock(store, account="globex", sha256=SHA, name="relances.csv"):
            pass
    with import_lock(store, account="acme", sha256=SHA, name="relances.csv"):  # released
        pass
