"""The simulator's state in SQLite: JSON documents by kind and id, plus a few indexed columns.

Objects are kept as the JSON the API returns (``doc``), so handlers read and write the wire
shape directly. Secrets that the API never returns (a card's CSC and PIN) live in their own
columns. Every change runs inside :meth:`SimulatorStore.transaction`, so a fault injected
"after commit" really finds the change committed.

A state file that cannot be used — damaged, of a newer Cashier, read-only, a folder — is a
:class:`SimulatorStoreError` when the store opens, naming the file and what to do.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import string
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS objects (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS merchant_cards (
    id TEXT PRIMARY KEY,
    cardnumber TEXT NOT NULL UNIQUE,
    csc TEXT NOT NULL,
    pin TEXT
);
CREATE TABLE IF NOT EXISTS transactions (
    id TEXT PRIMARY KEY,
    receipt_number INTEGER UNIQUE,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    merchantcard_id TEXT NOT NULL,
    smart_transaction_id TEXT,
    action TEXT NOT NULL,
    cash_delta INTEGER NOT NULL,
    bonus_delta INTEGER NOT NULL,
    points_delta INTEGER NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    device_code TEXT PRIMARY KEY,
    uuid TEXT NOT NULL,
    client_id TEXT NOT NULL,
    user_code TEXT NOT NULL UNIQUE,
    registered REAL NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,
    refresh_token TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS tokens (
    access_token TEXT PRIMARY KEY,
    session TEXT NOT NULL,
    client_id TEXT NOT NULL,
    device_code TEXT,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""

_ID_ALPHABET = string.ascii_uppercase + string.digits


def new_id(prefix: str) -> str:
    """A secuconnect-style id: three-letter prefix, underscore, 30 upper-case alphanumerics."""
    return f"{prefix}_{''.join(secrets.choice(_ID_ALPHABET) for _ in range(30))}"


def new_token(length: int, alphabet: str = string.ascii_lowercase + string.digits) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


class SimulatorStoreError(Exception):
    """The simulator's state file cannot be used; ``message`` names it and what to do."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class SimulatorStore:
    """One SQLite database (a file, or ``:memory:``) shared by every request of one simulator."""

    def __init__(self, path: Path | str = ":memory:") -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        if self.path != ":memory:" and Path(self.path).is_dir():
            raise SimulatorStoreError(
                f"the simulator's state {self.path} is a folder, not a file; move it away", path=self.path
            )
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as error:
            raise self._unusable(error) from error
        try:
            self._set_up()
        except sqlite3.Error as error:
            self._db.close()
            raise self._unusable(error) from error
        except SimulatorStoreError:
            self._db.close()
            raise

    def _set_up(self) -> None:
        self._db.row_factory = sqlite3.Row
        if self.path != ":memory:" and not os.access(self.path, os.W_OK):  # SQLite would not say so
            raise SimulatorStoreError(
                f"the simulator's state {self.path} is read-only; give this user write access to it",
                path=self.path,
            )
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        with self.transaction():
            self._db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is not None and str(row["value"]).isdigit() and int(row["value"]) > SCHEMA_VERSION:
            raise SimulatorStoreError(
                f"the simulator's state {self.path} was written by a newer Cashier (schema {row['value']}, "
                f"this one knows {SCHEMA_VERSION}); update Cashier, or move the file away for a new demo shop",
                path=self.path,
            )

    def _unusable(self, error: sqlite3.Error) -> SimulatorStoreError:
        words = str(error)
        if "readonly" in words:
            advice = "give this user write access to the file and its folder"
        elif "malformed" in words or "not a database" in words:
            advice = "it is damaged; move it away (the simulator starts again with the demo shop)"
        else:
            advice = "it must be a file this user can read and write, or move it away for a new demo shop"
        return SimulatorStoreError(
            f"the simulator's state {self.path} cannot be used ({words}); {advice}", path=self.path
        )

    # --- plumbing -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one SQLite transaction (nested blocks join the outer one)."""
        with self._lock:
            if self._db.in_transaction:
                yield self._db
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, parameters)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @property
    def is_empty(self) -> bool:
        count: int = self.execute("SELECT COUNT(*) FROM objects").fetchone()[0]
        return count == 0

    def reset(self) -> None:
        """Forget everything (the seed is applied again by the caller)."""
        with self.transaction() as db:
            for table in (
                "objects",
                "merchant_cards",
                "transactions",
                "ledger",
                "devices",
                "tokens",
                "counters",
            ):
                db.execute(f"DELETE FROM {table}")

    # --- JSON documents -------------------------------------------------------------------
    def get(self, kind: str, object_id: str) -> dict[str, Any] | None:
        row = self.execute("SELECT doc FROM objects WHERE kind = ? AND id = ?", (kind, object_id)).fetchone()
        return None if row is None else dict(json.loads(row["doc"]))

    def put(self, kind: str, object_id: str, doc: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO objects (kind, id, doc) VALUES (?, ?, ?) "
                "ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc",
                (kind, object_id, json.dumps(doc, ensure_ascii=False)),
            )

    def all(self, kind: str) -> list[dict[str, Any]]:
        rows = self.execute("SELECT doc FROM objects WHERE kind = ? ORDER BY rowid", (kind,)).fetchall()
        return [dict(json.loads(row["doc"])) for row in rows]

    # --- counters -------------------------------------------------------------------------
    def next_number(self, name: str, start: int = 1) -> int:
        """The next value of a named counter (receipt numbers, trace numbers, card numbers)."""
        with self.transaction() as db:
            row = db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
            value = start if row is None else int(row["value"]) + 1
            db.execute(
                "INSERT INTO counters (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )
            return value
