from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cashier.journal.audit import AuditTrail
from cashier.journal.database import (
    JournalDatabase,
    JournalError,
    JournalProblem,
    Migration,
    make_private,
    problem_of,
)
from cashier.journal.schema import MIGRATIONS, open_journal

TWO = [
    Migration(1, "a", "CREATE TABLE a (x INTEGER);"),
    Migration(2, "b", "CREATE TABLE b (y TEXT);\nINSERT INTO b (y) VALUES ('semi;colon');"),
]


def test_a_new_journal_gets_every_migration_in_wal_mode(tmp_path: Path) -> None:
    journal = open_journal(tmp_path / "journal.sqlite")
    assert journal.version == len(MIGRATIONS)
    assert journal.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert journal.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    journal.close()


def test_migrations_run_once_and_continue_where_they_stopped(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    JournalDatabase(path, TWO[:1]).close()
    journal = JournalDatabase(path, TWO)
    assert journal.version == 2
    assert journal.execute("SELECT y FROM b").fetchone()[0] == "semi;colon"
    journal.close()
    again = JournalDatabase(path, TWO)  # nothing left to do: no "table exists" error
    assert again.version == 2
    again.close()


def test_a_failing_migration_leaves_the_old_version(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    JournalDatabase(path, TWO[:1]).close()
    broken = [TWO[0], Migration(2, "broken", "CREATE TABLE c (z);\nINSERT INTO nowhere VALUES (1);")]
    with pytest.raises(JournalError, match="no such table: nowhere"):
        JournalDatabase(path, broken)
    journal = JournalDatabase(path, TWO[:1])
    assert journal.version == 1
    assert journal.execute("SELECT name FROM sqlite_master WHERE name = 'c'").fetchone() is None
    journal.close()


def test_a_journal_from_a_newer_cashier_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    JournalDatabase(path, TWO).close()
    with pytest.raises(JournalError, match="newer Cashier"):
        JournalDatabase(path, TWO[:1])


def test_migrations_must_be_numbered_without_gaps(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="without gaps"):
        JournalDatabase(tmp_path / "j.sqlite", [TWO[1]])


def test_the_audit_trail_keeps_events_in_order(tmp_path: Path) -> None:
    journal = open_journal(tmp_path / "j.sqlite")
    trail = AuditTrail(journal)
    at = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    trail.record("drawer_opened", at, details={"reason": "no sale"})
    trail.record("reprint", at, sale_id="S-1", details={"receipt": "customer"})
    assert [event.kind for event in trail.events()] == ["drawer_opened", "reprint"]
    assert trail.events(sale_id="S-1")[0].details == {"receipt": "customer"}
    assert trail.events(kind="reprint")[0].at == at
    with pytest.raises(ValueError, match="time zone"):
        trail.record("x", datetime(2026, 1, 1))  # noqa: DTZ001 — the point of the test
    journal.close()


# --- a file the till cannot use: one JournalError that names it and says what to do -------------
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def a_journal_with_a_sale(path: Path) -> None:
    journal = open_journal(path)
    AuditTrail(journal).record("drawer_opened", datetime(2026, 11, 27, 9, 30, tzinfo=UTC))
    journal.close()


def test_a_file_that_is_no_database_is_said_to_be_damaged(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    path.write_bytes(b"this is no SQLite file at all, just words " * 200)
    with pytest.raises(JournalError) as refused:
        open_journal(path)
    assert refused.value.problem is JournalProblem.DAMAGED
    assert str(path) in refused.value.message
    assert "restore it from a backup" in refused.value.message


def test_a_truncated_journal_is_said_to_be_damaged(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    a_journal_with_a_sale(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(JournalError) as refused:
        open_journal(path).execute("SELECT * FROM audit_events").fetchall()
    assert refused.value.problem is JournalProblem.DAMAGED


def test_a_journal_of_a_newer_cashier_names_the_file_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    JournalDatabase(path, TWO).close()
    with pytest.raises(JournalError) as refused:
        JournalDatabase(path, TWO[:1])
    assert refused.value.problem is JournalProblem.NEWER
    assert refused.value.message == (
        f"the journal {path} was written by a newer Cashier (schema 2, this one knows 1); update Cashier"
    )


def test_a_folder_in_place_of_the_journal_is_said_in_words(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    path.mkdir()
    with pytest.raises(JournalError, match="is a folder, not a file") as refused:
        open_journal(path)
    assert refused.value.problem is JournalProblem.UNOPENABLE
    with pytest.raises(JournalError, match="is a folder, not a file"):
        JournalDatabase(path, MIGRATIONS, read_only=True)


def test_a_journal_opened_read_only_lists_and_refuses_to_write(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    a_journal_with_a_sale(path)
    before = path.read_bytes()
    journal = JournalDatabase(path, MIGRATIONS, read_only=True)
    assert [event.kind for event in AuditTrail(journal).events()] == ["drawer_opened"]
    with pytest.raises(JournalError) as refused:
        AuditTrail(journal).record("reprint", datetime(2026, 11, 27, 9, 31, tzinfo=UTC))
    assert refused.value.problem is JournalProblem.READ_ONLY
    assert "give this user write access" in refused.value.message
    assert [event.kind for event in AuditTrail(journal).events()] == ["drawer_opened"]
    journal.close()
    assert path.read_bytes() == before


def test_an_older_journal_cannot_be_read_without_its_update(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    JournalDatabase(path, TWO[:1]).close()
    with pytest.raises(JournalError, match="older Cashier") as refused:
        JournalDatabase(path, TWO, read_only=True)
    assert refused.value.problem is JournalProblem.READ_ONLY


def test_a_full_disk_is_said_and_the_journal_goes_on_once_there_is_room(tmp_path: Path) -> None:
    """SQLite's own "database or disk is full" (a page limit stands in for the disk): the failed
    write is rolled back, the next transaction does not join a dead one."""
    journal = open_journal(tmp_path / "journal.sqlite")
    trail = AuditTrail(journal)
    at = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    trail.record("drawer_opened", at)
    pages = journal.execute("PRAGMA page_count").fetchone()[0]
    journal.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(JournalError) as refused:
        trail.record("reprint", at, details={"note": "x" * 200_000})
    assert refused.value.problem is JournalProblem.DISK_FULL
    assert "the disk is full" in refused.value.message
    assert [event.kind for event in trail.events()] == ["drawer_opened"]  # reading still works
    journal.execute("PRAGMA max_page_count = 1073741823")
    trail.record("reprint", at, details={"note": "room again"})
    assert [event.kind for event in trail.events()] == ["drawer_opened", "reprint"]
    journal.close()


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (sqlite3.OperationalError("database or disk is full"), JournalProblem.DISK_FULL),
        (sqlite3.OperationalError("attempt to write a readonly database"), JournalProblem.READ_ONLY),
        (sqlite3.DatabaseError("database disk image is malformed"), JournalProblem.DAMAGED),
        (sqlite3.DatabaseError("file is not a database"), JournalProblem.DAMAGED),
        (sqlite3.OperationalError("unable to open database file"), JournalProblem.UNOPENABLE),
        (sqlite3.OperationalError("database is locked"), JournalProblem.BUSY),
        (sqlite3.OperationalError("no such table: x"), JournalProblem.FAILED),
    ],
)
def test_sqlite_errors_without_a_code_are_sorted_by_their_words(
    error: sqlite3.Error, problem: JournalProblem
) -> None:
    assert problem_of(error) is problem


def test_constraint_errors_are_bugs_not_file_problems(tmp_path: Path) -> None:
    journal = JournalDatabase(
        tmp_path / "j.sqlite", [Migration(1, "a", "CREATE TABLE a (x INTEGER UNIQUE);")]
    )
    journal.execute("INSERT INTO a (x) VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError):
        journal.execute("INSERT INTO a (x) VALUES (1)")
    journal.close()


# --- card numbers and names: the journal is for this user only -----------------------------------
def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_a_new_journal_and_its_wal_files_are_0600(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    journal = open_journal(path)
    AuditTrail(journal).record("drawer_opened", datetime(2026, 11, 27, 9, 30, tzinfo=UTC))
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    assert all(file.exists() for file in companions)
    assert {file.name: mode_of(file) for file in (path, *companions)} == {
        "journal.sqlite": 0o600,
        "journal.sqlite-wal": 0o600,
        "journal.sqlite-shm": 0o600,
    }
    journal.close()


@posix_only
def test_a_journal_readable_by_others_is_tightened_a_read_only_one_stays_read_only(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    a_journal_with_a_sale(path)
    path.chmod(0o644)
    open_journal(path).close()
    assert mode_of(path) == 0o600
    path.chmod(0o444)
    make_private(path)
    assert mode_of(path) == 0o400  # others lose their access; the owner gains none
