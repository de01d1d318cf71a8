"""The watcher against a real OpenSSH server: files dropped in a folder are imported once,
archived under unique names with their error report beside them, and the store holds exactly
the valid rows."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path

import openpyxl
import pytest
from sftp_helpers import (
    BOTH_STORES,
    expected_references,
    export_text,
    make_source,
    names,
    references,
    write_export,
)

from getbill_import.sftp import SourceConfig, Watcher
from getbill_import.store import Store
from getbill_import.store import sftp_ledger as ledger
from getbill_import.store.cases import list_cases
from getbill_import.store.imports import list_imports
from getbill_import.store.sftp_ledger import list_cycles, list_files

pytestmark = pytest.mark.slow


def later(seconds: float = 120) -> float:
    return time.time() + seconds


@BOTH_STORES
def test_a_new_file_is_imported_and_archived_with_its_report(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    export = write_export(drop / "relances.csv", "F", valid=8, invalid=2, age=120)
    content = export.read_bytes()
    with caplog.at_level(logging.INFO, logger="getbill_import.sftp"):
        [result] = watcher.run_cycle([source])

    assert result.status == "ok", result.error
    assert [(f.outcome, f.created, f.invalid) for f in result.files] == [("imported", 8, 2)]
    assert references(store) == expected_references("F", 8)
    # the drop folder keeps only the archive folders; the file is there under a unique name
    assert names(drop) == ["processed", "reports"]
    [archived] = names(drop / "processed")
    sha = hashlib.sha256(content).hexdigest()
    assert archived.endswith(f"-{sha[:12]}-relances.csv") and archived[:8].isdigit()
    assert (drop / "processed" / archived).read_bytes() == content
    # the report lists the two rejected rows, for the sender to fix
    [report] = names(drop / "reports")
    assert report.endswith("-relances-errors.xlsx")
    sheet = openpyxl.load_workbook(drop / "reports" / report)["Problems"]
    codes = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes.count("missing-name") == 2
    # the ledger and the cycle log say the same
    [entry] = list_files(store, account="acme")
    assert (entry.outcome, entry.sha256, entry.created, entry.invalid_rows) == ("imported", sha, 8, 2)
    assert entry.archived_at is not None and entry.archived_to == f"{drop}/processed/{archived}"
    assert entry.import_id == list_imports(store, account="acme")[0].id
    [cycle] = list_cycles(store, account="acme")
    assert (cycle.status, cycle.taken, cycle.imported, cycle.created) == ("ok", 1, 1, 8)
    summaries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("sftp cycle")]
    assert len(summaries) == 1
    assert "source=acme" in summaries[0] and "imported=1" in summaries[0] and "created=8" in summaries[0]


def test_a_clean_file_gets_no_report_and_the_next_cycle_finds_nothing(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store
) -> None:
    write_export(drop / "a.csv", "A", valid=5, age=120)
    [first] = watcher.run_cycle([source])
    [second] = watcher.run_cycle([source])
    assert [f.outcome for f in first.files] == ["imported"]
    assert (second.status, second.files, second.listed) == ("ok", [], 0)
    assert names(drop / "reports") == []
    assert references(store) == expected_references("A", 5)


def test_a_file_still_being_written_is_not_taken_until_complete(
    settings, store: Store, sshd, drop: Path, known_hosts: Path, data_dir: Path
) -> None:
    source = make_source(sshd, drop, known_hosts, data_dir, settle=5)
    text = export_text("W", valid=30)
    path = drop / "growing.csv"
    path.write_text(text[: len(text) // 2], encoding="utf-8")  # cut in the middle of a row

    def keep_writing(seconds: float) -> None:  # the sender appends while the watcher waits
        with path.open("a", encoding="utf-8") as out:
            out.write(text[len(text) // 2 : len(text) * 3 // 4])

    growing = Watcher(settings, store, sleep=keep_writing, clock=later)
    [result] = growing.run_cycle([source])
    assert (result.files, result.waiting) == ([], 1)
    assert references(store) == []

    path.write_text(text, encoding="utf-8")  # done writing; one more look shows it unchanged
    [result] = Watcher(settings, store, sleep=lambda s: None, clock=later).run_cycle([source])
    assert [f.outcome for f in result.files] == ["imported"]
    assert references(store) == expected_references("W", 30)


def test_a_file_younger_than_the_minimum_age_waits(
    settings, store: Store, sshd, drop: Path, known_hosts: Path, data_dir: Path
) -> None:
    source = make_source(sshd, drop, known_hosts, data_dir, min_age=60)
    write_export(drop / "fresh.csv", "Y", valid=3)
    [result] = Watcher(settings, store, sleep=lambda s: None).run_cycle([source])
    assert (result.files, result.waiting) == ([], 1)
    assert 1 <= (result.recheck_in or 0) <= 60  # the daemon comes back for it before the next hour
    [result] = Watcher(settings, store, sleep=lambda s: None, clock=lambda: later(61)).run_cycle([source])
    assert [f.outcome for f in result.files] == ["imported"]


def test_uploads_in_progress_and_hidden_files_are_never_taken(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store
) -> None:
    for name in ("a.csv.part", "b.csv.tmp", "c.csv.filepart", ".d.csv", "notes.txt"):
        write_export(drop / name, "P", valid=2, age=600)
    [result] = watcher.run_cycle([source])
    assert (result.listed, result.files) == (0, [])
    assert references(store) == []
    (drop / "a.csv.part").rename(drop / "a.csv")  # the upload finished: renamed into place
    [result] = watcher.run_cycle([source])
    assert [f.outcome for f in result.files] == ["imported"]
    assert sorted(names(drop)) == [".d.csv", "b.csv.tmp", "c.csv.filepart", "notes.txt", "processed"]


def test_a_ready_marker_makes_a_file_complete_and_moves_with_it(
    settings, store: Store, sshd, drop: Path, known_hosts: Path, data_dir: Path
) -> None:
    source = make_source(sshd, drop, known_hosts, data_dir, completion="marker", min_age=3600)
    write_export(drop / "m.csv", "M", valid=4)
    watcher = Watcher(settings, store, sleep=lambda s: None)
    [result] = watcher.run_cycle([source])
    assert (result.files, result.waiting) == ([], 1)  # no marker yet
    (drop / "m.csv.ready").write_text("")
    [result] = watcher.run_cycle([source])  # taken at once, young as it is
    assert [f.outcome for f in result.files] == ["imported"]
    archived = names(drop / "processed")
    assert len(archived) == 2 and archived[1] == archived[0] + ".ready"
    assert names(drop) == ["processed"]


def test_the_same_file_dropped_twice_is_imported_once(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store
) -> None:
    text = export_text("D", valid=6, invalid=1)
    (drop / "dup.csv").write_text(text, encoding="utf-8")
    [first] = watcher.run_cycle([source])
    (drop / "dup.csv").write_text(text, encoding="utf-8")  # dropped again, same name
    (drop / "dup-copy.csv").write_text(text, encoding="utf-8")  # and under another name
    [second] = watcher.run_cycle([source])

    assert [f.outcome for f in first.files] == ["imported"]
    assert sorted(f.outcome for f in second.files) == ["duplicate", "duplicate"]
    assert references(store) == expected_references("D", 6)
    assert len(list_imports(store, account="acme")) == 1
    # nothing overwritten, nothing deleted: three files in processed/, one report
    assert len(names(drop / "processed")) == 3
    assert len(set(names(drop / "processed"))) == 3
    assert len(names(drop / "reports")) == 1
    assert all((drop / "processed" / n).read_text(encoding="utf-8") == text for n in names(drop / "processed"))


def test_a_corrupt_file_goes_to_failed_with_its_report_and_the_others_are_imported(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store
) -> None:
    (drop / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook" * 20)
    write_export(drop / "good.csv", "G", valid=5)
    write_export(drop / "all_bad.csv", "B", valid=0, invalid=3)
    [result] = watcher.run_cycle([source])

    outcomes = {Path(f.path).name: f.outcome for f in result.files}
    assert outcomes == {"broken.xlsx": "failed", "good.csv": "imported", "all_bad.csv": "failed"}
    assert references(store) == expected_references("G", 5)
    failed = names(drop / "failed")
    assert len(failed) == 2 and any(n.endswith("-broken.xlsx") for n in failed)
    reports = names(drop / "reports")
    [broken_report] = [n for n in reports if "-broken-errors" in n]
    sheet = openpyxl.load_workbook(drop / "reports" / broken_report)["Problems"]
    [problem] = list(sheet.iter_rows(min_row=2, values_only=True))
    assert problem[5] == "unreadable-file" and "broken.xlsx" in str(problem[7])
    [entry] = [e for e in list_files(store, account="acme") if e.path.endswith("broken.xlsx")]
    assert entry.outcome == "failed" and entry.error and entry.archived_at is not None


def test_each_sub_directory_uses_its_mapping_profile_and_its_report_format(
    watcher: Watcher, sshd, drop: Path, known_hosts: Path, data_dir: Path, store: Store, settings
) -> None:
    # a profile of the user's own that leaves the e-mail column out
    (data_dir / "profiles").mkdir(parents=True)
    (data_dir / "profiles" / "no-email.toml").write_text(
        'name = "no-email"\n[columns]\n"N° facture" = "reference"\n"Client" = "debtor.name"\n'
        '"Email" = "ignore"\n"Montant TTC" = "amount"\n"Devise" = "currency"\n',
        encoding="utf-8",
    )
    (drop / "branch").mkdir()
    source = make_source(
        sshd, drop, known_hosts, data_dir,
        subdirs={"branch": {"profile": "no-email", "report_format": "csv"}},
    )
    write_export(drop / "branch" / "export.csv", "S", valid=3, invalid=1)
    write_export(drop / "root.csv", "R", valid=3, invalid=1)
    [result] = watcher.run_cycle([source])

    assert sorted(f.outcome for f in result.files) == ["imported", "imported"]
    profiles = {i.source_name: i.profile for i in list_imports(store, account="acme")}
    assert profiles == {"export.csv": "no-email", "root.csv": None}
    with store.read() as conn:
        emails = dict(conn.exec_driver_sql("SELECT reference, debtor_email FROM cases").all())
    assert emails["S-0000"] is None and emails["R-0000"] == "client0@example.fr"
    assert len(names(drop / "branch" / "processed")) == 1
    [branch_report] = names(drop / "branch" / "reports")
    assert branch_report.endswith("-export-errors.csv")
    assert "missing-name" in (drop / "branch" / "reports" / branch_report).read_text(encoding="utf-8-sig")
    [root_report] = names(drop / "reports")
    assert root_report.endswith("-root-errors.xlsx")


def test_a_senders_mapping_is_learned_once_and_reused(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store, settings
) -> None:
    write_export(drop / "first.csv", "L", valid=3)
    watcher.run_cycle([source])
    learned = list(settings.learned_dir.glob("sftp-acme-*.toml"))
    assert len(learned) == 1
    write_export(drop / "second.csv", "N", valid=3)
    watcher.run_cycle([source])
    profiles = {i.source_name: i.profile for i in list_imports(store, account="acme")}
    assert profiles == {"first.csv": None, "second.csv": learned[0].stem}


def test_an_unknown_profile_in_the_configuration_stops_only_its_source(
    watcher: Watcher, sshd, drop: Path, tmp_path: Path, known_hosts: Path, data_dir: Path, store: Store
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    broken = make_source(sshd, drop, known_hosts, data_dir, name="broken", profile="no-such-profile")
    fine = make_source(sshd, other, known_hosts, data_dir, name="fine")
    write_export(drop / "x.csv", "X", valid=2)
    write_export(other / "y.csv", "Y", valid=2)
    first, second = watcher.run_cycle([broken, fine])
    assert first.status == "error" and "no-such-profile" in (first.error or "")
    assert names(drop) == ["x.csv"]  # untouched, for when the configuration is fixed
    assert second.status == "ok" and references(store) == expected_references("Y", 2)


def test_the_daemon_runs_each_source_on_its_schedule_and_comes_back_early_for_waiting_files(
    settings, store: Store, sshd, drop: Path, tmp_path: Path, known_hosts: Path, data_dir: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    start = time.time()
    now = [start]
    frequent = make_source(sshd, drop, known_hosts, data_dir, name="frequent", schedule="every 10m")
    hourly = make_source(sshd, other, known_hosts, data_dir, name="hourly", min_age=300)
    write_export(other / "young.csv", "Y", valid=2)  # 300 s to wait before it may be taken
    runs: list[tuple[str, float]] = []
    watcher = Watcher(settings, store, clock=lambda: now[0])
    original = watcher.run_source

    def recording(source: SourceConfig):  # type: ignore[no-untyped-def]
        runs.append((source.name, round(now[0] - start)))
        return original(source)

    def sleep(seconds: float) -> None:  # time passes only when the daemon waits
        now[0] += seconds
        if now[0] - start >= 1500:
            watcher.stop.set()

    watcher.run_source = recording  # type: ignore[method-assign]
    watcher.sleep = sleep
    watcher.watch([frequent, hourly])

    assert [t for name, t in runs if name == "frequent"] == [0, 600, 1200]
    hourly_runs = [t for name, t in runs if name == "hourly"]
    assert hourly_runs[0] == 0 and 295 <= hourly_runs[1] <= 300  # back when the file is old enough
    assert len(hourly_runs) == 2
    assert references(store) == expected_references("Y", 2)


def test_a_source_another_process_is_working_on_is_skipped(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store, data_dir: Path
) -> None:
    import fcntl

    write_export(drop / "a.csv", "A", valid=2)
    locks = data_dir / "sftp" / "locks"
    locks.mkdir(parents=True)
    with (locks / "acme.acme.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a run-once still busy with this source would
        [result] = watcher.run_cycle([source])
    assert result.status == "busy" and result.files == []
    assert names(drop) == ["a.csv"] and references(store) == []
    [result] = watcher.run_cycle([source])
    assert [f.outcome for f in result.files] == ["imported"]


def test_open_items_dropped_with_numbers_only_take_their_debtors_from_the_folders_customer_file(
    sshd, drop: Path, known_hosts: Path, data_dir: Path, watcher: Watcher, store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    customers = tmp_path / "customers.csv"
    customers.write_text(
        "Kunde;Name 1;E-Mail-Adresse\n" + "".join(f"{100000 + n};Firma {n} GmbH;f{n}@example.de\n" for n in range(5)),
        encoding="utf-8",
    )
    source = make_source(sshd, drop, known_hosts, data_dir, debtors=str(customers))
    items = drop / "fbl5n.csv"
    items.write_text(
        "Customer;Reference;Document Date;Net due date;Amount in local currency\n"
        + "".join(f"{100000 + i % 5:010d};9{i:07d};03.09.2026;03.10.2026;{100 + i},00\n" for i in range(12)),
        encoding="utf-8",
    )
    [result] = watcher.run_cycle([source])
    assert result.status == "ok", result.error
    assert [(f.outcome, f.created, f.invalid) for f in result.files] == [("imported", 12, 0)]
    found = {c["reference"]: c["debtor"] for c in list_cases(store, account="acme")}
    assert len(found) == 12
    assert (found["90000006"]["name"], found["90000006"]["email"]) == ("Firma 1 GmbH", "f1@example.de")


def _customers(path: Path, names: str, *, age: float = 120) -> Path:
    path.write_text(
        "Kunde;Name 1;E-Mail-Adresse\n" + "".join(f"{100000 + n};{names} {n} GmbH;f{n}@example.de\n" for n in range(5)),
        encoding="utf-8",
    )
    moment = time.time() - age
    os.utime(path, (moment, moment))
    return path


def _open_items(path: Path, first: int, count: int) -> Path:
    path.write_text(
        "Customer;Reference;Document Date;Net due date;Amount in local currency\n"
        # (dates day or month first, as a warning says: the reports hold it)
        + "".join(f"{100000 + i % 5:010d};9{i:07d};03/09/2026;03/10/2026;{100 + i},00\n" for i in range(first, first + count)),
        encoding="utf-8",
    )
    return path


def test_a_customer_file_dropped_in_the_folder_is_joined_with_the_open_items_and_never_imported(
    sshd, drop: Path, known_hosts: Path, data_dir: Path, watcher: Watcher, store: Store,
    caplog: pytest.LogCaptureFixture,
) -> None:  # type: ignore[no-untyped-def]
    source = make_source(sshd, drop, known_hosts, data_dir, debtors_patterns=["customers*.csv"])
    _open_items(drop / "fbl5n_1.csv", 0, 6)
    _open_items(drop / "fbl5n_2.csv", 6, 6)
    # no customer file yet: the open items wait for it instead of being imported without names
    with caplog.at_level(logging.WARNING, logger="getbill_import.sftp"):
        [waiting] = watcher.run_cycle([source])
    assert (waiting.status, waiting.files, waiting.waiting) == ("ok", [], 2)
    assert any("wait for a debtors file (customers*.csv)" in r.getMessage() for r in caplog.records)
    assert list_cases(store, account="acme") == []

    # an old customer list and the day's one: the newest is joined with every file of the cycle
    _customers(drop / "customers_20261130.csv", "Alt", age=7200)
    _customers(drop / "customers_20261201.csv", "Firma", age=120)
    [result] = watcher.run_cycle([source])
    assert result.status == "ok", result.error
    assert result.listed == 2  # the customer files are not invoices
    assert [(f.outcome, f.created, f.invalid) for f in result.files] == [("imported", 6, 0)] * 2
    assert {f.debtors for f in result.files} == {f"{drop}/customers_20261201.csv"}
    found = {c["reference"]: c["debtor"] for c in list_cases(store, account="acme")}
    assert len(found) == 12
    assert (found["90000006"]["name"], found["90000006"]["email"]) == ("Firma 1 GmbH", "f1@example.de")
    assert {d["name"] for d in found.values()} == {f"Firma {n} GmbH" for n in range(5)}
    # the customer files stay for the sender to replace; the open items are archived
    assert names(drop) == ["customers_20261130.csv", "customers_20261201.csv", "processed", "reports"]
    assert len(names(drop / "processed")) == 2
    # the reports hold the date-order warnings, and no row was refused
    for report in names(drop / "reports"):
        sheet = openpyxl.load_workbook(drop / "reports" / report)["Problems"]
        assert {r[6] for r in sheet.iter_rows(min_row=2, values_only=True)} == {"warning"}
    # nothing is left of the downloads on this machine once the cycle is over
    assert not any(p.is_file() for p in (data_dir / "sftp" / "spool").rglob("*"))


def test_a_customer_file_still_being_written_holds_the_open_items_back(
    sshd, drop: Path, known_hosts: Path, data_dir: Path, watcher: Watcher, store: Store
) -> None:  # type: ignore[no-untyped-def]
    source = make_source(sshd, drop, known_hosts, data_dir, debtors_patterns="customers*.csv", min_age=60)
    items = _open_items(drop / "fbl5n.csv", 0, 5)
    moment = time.time() - 600
    os.utime(items, (moment, moment))
    _customers(drop / "customers_old.csv", "Alt", age=7200)
    _customers(drop / "customers_new.csv", "Firma", age=0)  # the newest, not yet old enough
    [result] = watcher.run_cycle([source])
    assert (result.files, result.waiting) == ([], 1)
    assert result.recheck_in is not None and 0 < result.recheck_in <= 60
    _customers(drop / "customers_new.csv", "Firma", age=120)
    [result] = watcher.run_cycle([source])
    assert [f.outcome for f in result.files] == ["imported"]
    assert {c["debtor"]["name"] for c in list_cases(store, account="acme")} == {f"Firma {n} GmbH" for n in range(5)}


def test_an_interrupted_import_is_resumed_with_the_customer_file_of_its_first_attempt(
    sshd, drop: Path, known_hosts: Path, data_dir: Path, watcher: Watcher, store: Store
) -> None:  # type: ignore[no-untyped-def]
    source = make_source(sshd, drop, known_hosts, data_dir, debtors_patterns=["customers*.csv"])
    items = _open_items(drop / "fbl5n.csv", 0, 5)
    info = items.stat()
    # what a process stopped after fetching the customer list of the time leaves behind
    row = ledger.record_found(store, account="acme", source="acme", path=str(items), size=info.st_size, mtime=int(info.st_mtime))
    kept = data_dir / "sftp" / "spool" / "acme" / str(row.id) / ".debtors"
    kept.mkdir(parents=True)
    _customers(kept / "customers_1.csv", "Erste")
    # since then the sender replaced the customer list
    _customers(drop / "customers_2.csv", "Zweite")
    [result] = watcher.run_cycle([source])
    assert [f.outcome for f in result.files] == ["imported"]
    assert result.files[0].debtors == f"{drop}/customers_1.csv"
    assert {c["debtor"]["name"] for c in list_cases(store, account="acme")} == {f"Erste {n} GmbH" for n in range(5)}


def test_a_folder_of_complete_lists_pays_the_cases_its_next_list_leaves_out(
    watcher: Watcher, sshd, drop: Path, known_hosts: Path, data_dir: Path, store: Store
) -> None:
    """``complete = true``: January's list makes 5 cases; February's names 3 of them and a new
    one: the 2 it leaves out are paid, and the cycle says so."""
    source = make_source(sshd, drop, known_hosts, data_dir, complete=True)
    write_export(drop / "janvier.csv", "C", valid=5, age=120)
    [first] = watcher.run_cycle([source])
    assert [f.earlier_cases for f in first.files] == [None]
    february = [*export_text("C", valid=3).splitlines(), "D-0001;Client D;d@example.fr;06 12 34 00 09;40,00;EUR;15/02/2026"]
    (drop / "fevrier.csv").write_text("\n".join(february) + "\n", encoding="utf-8")
    old = time.time() - 120
    os.utime(drop / "fevrier.csv", (old, old))
    [second] = watcher.run_cycle([source])
    [done] = second.files
    assert (done.outcome, done.created) == ("imported", 1)
    assert done.earlier_cases is not None
    assert (done.earlier_cases["payments"], done.earlier_cases["absent"], done.earlier_cases["resolved"]) == (2, 2, 2)
    statuses = {c["reference"]: c["status"] for c in list_cases(store, account="acme")}
    assert statuses == {"C-0000": "open", "C-0001": "open", "C-0002": "open", "C-0003": "resolved",
                        "C-0004": "resolved", "D-0001": "open"}
