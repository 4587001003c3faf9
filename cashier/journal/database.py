"""The journal's SQLite file: opening it durably and migrating its schema.

One file in the data folder (``journal.sqlite``), WAL mode, ``synchronous=FULL``: a write that
returned is on disk, which is what "written before the remote call" (DESIGN.md §4) needs.
The schema is versioned with ``PRAGMA user_version``; each :class:`Migration` moves it one
version up inside one transaction, so a crash mid-migration leaves the old version intact.
Every table is a migration in :mod:`cashier.journal.schema` (append, never edit a released
one); :func:`cashier.journal.schema.open_journal` opens the file with all of them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    sql: str


class JournalError(Exception):
    """The journal cannot be used (a newer schema, a broken file)."""


class JournalDatabase:
    """A connection to the journal with a lock, usable from the event loop and worker threads."""

    def __init__(self, path: Path | str, migrations: Sequence[Migration]) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("PRAGMA busy_timeout = 5000")
        self.migrate(migrations)

    # --- schema ---------------------------------------------------------------------------
    @property
    def version(self) -> int:
        version: int = self.execute("PRAGMA user_version").fetchone()[0]
        return version

    def migrate(self, migrations: Sequence[Migration]) -> None:
        expected = list(range(1, len(migrations) + 1))
        if [m.version for m in migrations] != expected:
            raise JournalError("journal migrations must be numbered 1, 2, 3, … without gaps")
        if self.version > len(migrations):
            raise JournalError(
                f"{self.path} was written by a newer Cashier (schema {self.version}, "
                f"this one knows {len(migrations)}); update Cashier"
            )
        for migration in migrations[self.version :]:
            with self.transaction() as db:
                db.executescript_in_transaction(migration.sql)
                db.execute(f"PRAGMA user_version = {int(migration.version)}")

    # --- access ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[_Transaction]:
        """One SQLite transaction (``BEGIN IMMEDIATE``); nested blocks join the outer one."""
        with self._lock:
            if self._db.in_transaction:
                yield _Transaction(self._db)
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield _Transaction(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, parameters)

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Transaction:
    """What a ``with journal.transaction() as db`` block may do."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, parameters)

    def executescript_in_transaction(self, script: str) -> None:
        # sqlite3's executescript() would COMMIT first; run the statements one by one instead.
        for statement in _statements(script):
            self._db.execute(statement)


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        raise JournalError(f"incomplete SQL statement in a migration: {buffer.strip()[:60]}")
