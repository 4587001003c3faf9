from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cashier.journal.audit import AuditTrail
from cashier.journal.database import JournalDatabase, JournalError, Migration
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
    with pytest.raises(sqlite3.OperationalError):
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
