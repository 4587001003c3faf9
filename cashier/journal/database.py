"""The journal's SQLite file: opening it durably and migrating its schema.

One file in the data folder (``journal.sqlite``), WAL mode, ``synchronous=FULL``: a write that
returned is on disk, which is what "written before the remote call" (docs/exactly-once.md) needs.
The schema is versioned with ``PRAGMA user_version``; each :class:`Migration` moves it one
version up inside one transaction, so a crash mid-migration leaves the old version intact.
Every table is a migration in :mod:`cashier.journal.schema` (append, never edit a released
one); :func:`cashier.journal.schema.open_journal` opens the file with all of them.

Every SQLite failure leaves this module as one :class:`JournalError` that names the file, says
what is wrong (:class:`JournalProblem`: damaged, newer, read-only, disk full, …) and what to
do: the callers word it for the cashier, never a traceback. The journal holds card numbers and
names, so on POSIX the file and its ``-wal``/``-shm`` companions are made readable by this
user only (0600). ``read_only=True`` opens it without writing anything (listing a journal on
a read-only disk or of another user).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    sql: str


class JournalProblem(StrEnum):
    """What is wrong with the journal file, for the words the till shows."""

    DAMAGED = "damaged"  # not a database, or a malformed (truncated) one
    NEWER = "newer"  # written by a newer Cashier
    READ_ONLY = "read_only"  # the file or its folder cannot be written
    UNOPENABLE = "unopenable"  # a folder, a missing folder, no permission to read
    DISK_FULL = "disk_full"
    BUSY = "busy"  # another program holds a lock on it longer than the busy timeout
    FAILED = "failed"  # any other failure (the message has SQLite's words)


class JournalError(Exception):
    """The journal cannot be used; ``message`` names the file, the problem and what to do."""

    def __init__(
        self, message: str, *, path: str = "", problem: JournalProblem = JournalProblem.FAILED
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.problem = problem


# SQLite's primary result codes (https://sqlite.org/rescode.html) and the words that go with them.
_PROBLEM_OF_CODE = {
    5: JournalProblem.BUSY,  # SQLITE_BUSY
    6: JournalProblem.BUSY,  # SQLITE_LOCKED
    8: JournalProblem.READ_ONLY,  # SQLITE_READONLY
    11: JournalProblem.DAMAGED,  # SQLITE_CORRUPT
    13: JournalProblem.DISK_FULL,  # SQLITE_FULL
    14: JournalProblem.UNOPENABLE,  # SQLITE_CANTOPEN
    26: JournalProblem.DAMAGED,  # SQLITE_NOTADB
}
_PROBLEM_OF_WORDS = (
    ("disk is full", JournalProblem.DISK_FULL),
    ("readonly", JournalProblem.READ_ONLY),
    ("read-only", JournalProblem.READ_ONLY),
    ("malformed", JournalProblem.DAMAGED),
    ("not a database", JournalProblem.DAMAGED),
    ("unable to open", JournalProblem.UNOPENABLE),
    ("is locked", JournalProblem.BUSY),
)


def problem_of(error: sqlite3.Error) -> JournalProblem:
    """Which :class:`JournalProblem` an SQLite error is (by its result code, else its words)."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _PROBLEM_OF_CODE:
        return _PROBLEM_OF_CODE[code & 0xFF]
    words = str(error).lower()
    return next((problem for phrase, problem in _PROBLEM_OF_WORDS if phrase in words), JournalProblem.FAILED)


def journal_error(path: str, error: sqlite3.Error | OSError) -> JournalError:
    """``error`` as the :class:`JournalError` a cashier or a shop owner can act on."""
    if isinstance(error, OSError):
        problem = JournalProblem.DISK_FULL if error.errno == 28 else JournalProblem.UNOPENABLE  # ENOSPC
        detail = error.strerror or str(error)
    else:
        problem, detail = problem_of(error), str(error)
    if problem is JournalProblem.UNOPENABLE and Path(path).is_dir():
        return JournalError(
            f"the journal {path} is a folder, not a file; move it away (Cashier starts a new journal)",
            path=path,
            problem=problem,
        )
    return JournalError(_WORDS[problem].format(path=path, detail=detail), path=path, problem=problem)


_WORDS = {
    JournalProblem.DAMAGED: "the journal {path} is damaged ({detail}); keep a copy for support, then "
    "restore it from a backup or move it away (Cashier starts a new journal)",
    JournalProblem.READ_ONLY: "the journal {path} cannot be written ({detail}); give this user write "
    "access to the file and its folder",
    JournalProblem.UNOPENABLE: "the journal {path} cannot be opened ({detail}); it must be a file this "
    "user can read and write, in a folder that exists",
    JournalProblem.DISK_FULL: "the journal {path} cannot be written: the disk is full ({detail}); free some space",
    JournalProblem.BUSY: "the journal {path} is locked by another program ({detail}); close it and try again",
    JournalProblem.NEWER: "{detail}",
    JournalProblem.FAILED: "the journal {path} failed: {detail}",
}


@contextmanager
def _translated(path: str) -> Iterator[None]:
    """Run the block; a failure of the file leaves it as a :class:`JournalError`.

    Constraint and programming errors (``IntegrityError``, ``ProgrammingError``, …) are bugs,
    not a problem of the file: they pass unchanged."""
    try:
        yield
    except sqlite3.Error as error:
        if type(error) not in (sqlite3.OperationalError, sqlite3.DatabaseError):
            raise
        raise journal_error(path, error) from error


def make_private(path: Path) -> None:
    """The journal and its WAL companions: readable and writable by this user only (POSIX).

    An empty file made here with mode 0600 is what SQLite then fills: its ``-wal`` and ``-shm``
    files take the main file's mode. Only the bits of others are taken away (a file made
    read-only stays read-only); a file this user does not own is left as it is.
    """
    if os.name != "posix":
        return
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):  # gone meanwhile, or another user's file
            mode = file.stat().st_mode & 0o777
            if mode & 0o077:
                os.chmod(file, mode & 0o700)


class JournalDatabase:
    """A connection to the journal with a lock, usable from the event loop and worker threads."""

    def __init__(self, path: Path | str, migrations: Sequence[Migration], *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        try:
            self._db = self._open()
        except JournalError as error:
            if not read_only or error.problem not in (JournalProblem.READ_ONLY, JournalProblem.UNOPENABLE):
                raise
            # A read-only folder without the -shm file SQLite needs for WAL: read the file as it
            # is on disk (nobody can write it there meanwhile).
            self._db = self._open(immutable=True)
        try:
            self.migrate(migrations)
        except BaseException:
            self._db.close()
            raise

    def _open(self, *, immutable: bool = False) -> sqlite3.Connection:
        with _translated(self.path):
            db = self._connect(immutable=immutable)
        try:
            with _translated(self.path):
                self._set_up(db)
        except BaseException:
            db.close()
            raise
        return db

    def _connect(self, *, immutable: bool) -> sqlite3.Connection:
        if self.path == ":memory:":
            return sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        file = Path(self.path)
        if file.is_dir():
            raise JournalError(
                f"the journal {self.path} is a folder, not a file; move it away (Cashier starts a new journal)",
                path=self.path,
                problem=JournalProblem.UNOPENABLE,
            )
        if self.read_only:
            if not file.exists():
                raise JournalError(
                    f"the journal {self.path} does not exist",
                    path=self.path,
                    problem=JournalProblem.UNOPENABLE,
                )
            options = "mode=ro&immutable=1" if immutable else "mode=ro"
            uri = f"file:{quote(str(file.absolute()))}?{options}"
            return sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        try:
            make_private(file)
        except OSError as error:
            raise journal_error(self.path, error) from error
        return sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)

    def _set_up(self, db: sqlite3.Connection) -> None:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 5000")
        if self.read_only:
            db.execute("PRAGMA query_only = ON")
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # damaged? say so now
            return
        if self.path != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        if self.path != ":memory:":
            make_private(Path(self.path))  # the -wal and -shm files just made
            self._check_writable()

    def _check_writable(self) -> None:
        """SQLite opens a file it may not write read-only, without a word: say so now, not at
        the first sale."""
        if not os.access(self.path, os.W_OK):
            raise JournalError(
                _WORDS[JournalProblem.READ_ONLY].format(path=self.path, detail="the file is read-only"),
                path=self.path,
                problem=JournalProblem.READ_ONLY,
            )

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
                f"the journal {self.path} was written by a newer Cashier (schema {self.version}, "
                f"this one knows {len(migrations)}); update Cashier",
                path=self.path,
                problem=JournalProblem.NEWER,
            )
        if self.read_only and self.version < len(migrations):
            raise JournalError(
                f"the journal {self.path} is from an older Cashier and cannot be updated while it "
                "is read-only; give this user write access to it and its folder",
                path=self.path,
                problem=JournalProblem.READ_ONLY,
            )
        for migration in migrations[self.version :]:
            with self.transaction() as db:
                db.executescript_in_transaction(migration.sql)
                db.execute(f"PRAGMA user_version = {int(migration.version)}")

    # --- access ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[_Transaction]:
        """One SQLite transaction (``BEGIN IMMEDIATE``); nested blocks join the outer one.

        A failed ``COMMIT`` (the disk is full) is rolled back, so the next block does not
        join a transaction that can never commit."""
        with self._lock:
            if self._db.in_transaction:
                yield _Transaction(self._db, self.path)
                return
            with _translated(self.path):
                self._db.execute("BEGIN IMMEDIATE")
            try:
                yield _Transaction(self._db, self.path)
                with _translated(self.path):
                    self._db.execute("COMMIT")
            except BaseException:
                self._roll_back()
                raise

    def _roll_back(self) -> None:
        # SQLite may have rolled back by itself already (after SQLITE_FULL, SQLITE_IOERR, …).
        if not self._db.in_transaction:
            return
        try:
            self._db.execute("ROLLBACK")
        except sqlite3.Error as error:
            log.warning("the journal %s could not roll back: %s", self.path, error)

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self._lock, _translated(self.path):
            return self._db.execute(sql, parameters)

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Transaction:
    """What a ``with journal.transaction() as db`` block may do."""

    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self._db = db
        self._path = path

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        with _translated(self._path):
            return self._db.execute(sql, parameters)

    def executescript_in_transaction(self, script: str) -> None:
        # sqlite3's executescript() would COMMIT first; run the statements one by one instead.
        for statement in _statements(script):
            self.execute(statement)


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
