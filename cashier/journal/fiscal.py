"""TSE transactions and TSE outages: the write-ahead record of every call to the TSE (docs/fiscal.md).

A row of ``fiscal_transactions`` is one TSE transaction the till chose the id of (fiskaly's
``tx_id``, a UUID). Its ``revision`` is written **before** the PUT that sends that revision, in
the same SQLite transaction as the row's new state, exactly like a sale's steps: after a lost
answer or a crash the row says which revision might have reached the TSE, and the TSE is asked
(``GET``) before anything is sent again. A transaction is signed at most once.

States: ``starting`` (revision 1, ACTIVE, on its way) → ``active`` → ``finishing`` /
``cancelling`` (the closing revision on its way) → ``finished`` / ``cancelled`` (signed, final),
or ``unsigned`` (the TSE could not sign it in time; ``error`` says why; the receipt said so).
An ``unsigned`` row whose transaction may be open on the TSE (``revision`` ≥ 1) is closed later
by the recovery; it then becomes ``finished``/``cancelled`` with ``signed_late`` set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from cashier.journal.database import JournalDatabase

FISCAL_SQL = """
CREATE TABLE fiscal_transactions (
    tx_id TEXT PRIMARY KEY,              -- the UUID the till chose (fiskaly tx_id)
    sale_id TEXT NOT NULL,               -- the sale it belongs to
    purpose TEXT NOT NULL,               -- sale, abort, cancellation
    tss_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    environment TEXT NOT NULL,           -- simulator (training), testing, live
    state TEXT NOT NULL,                 -- starting, active, finishing, cancelling, finished, cancelled, unsigned
    revision INTEGER NOT NULL DEFAULT 0, -- the last revision sent or being sent (write-ahead)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    receipt TEXT,                        -- JSON: the standard_v1 receipt sent with the closing revision
    signature TEXT,                      -- JSON: the TSE's answer to the closing revision, once signed
    error TEXT,                          -- why it is (or was) unsigned
    signed_late INTEGER NOT NULL DEFAULT 0,  -- signed after its receipt was printed without
    UNIQUE (sale_id, purpose)
);
CREATE INDEX fiscal_transactions_state ON fiscal_transactions (state);
CREATE TABLE fiscal_outages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    ended_at TEXT,                       -- NULL while the TSE is still out
    reason TEXT NOT NULL
);
"""


class FiscalState:
    STARTING = "starting"
    ACTIVE = "active"
    FINISHING = "finishing"
    CANCELLING = "cancelling"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    UNSIGNED = "unsigned"
    IN_FLIGHT = (STARTING, FINISHING, CANCELLING)
    SIGNED = (FINISHED, CANCELLED)


class FiscalPurpose:
    SALE = "sale"  # a sale, a card load, a new card: finished as a receipt
    ABORT = "abort"  # a basket given up before payment: cancelled (AVBelegabbruch)
    CANCELLATION = "cancellation"  # a former sale cancelled: a new receipt with negative amounts


@dataclass(frozen=True, slots=True)
class FiscalRecord:
    tx_id: str
    sale_id: str
    purpose: str
    tss_id: str
    client_id: str
    environment: str
    state: str
    revision: int
    created_at: str
    updated_at: str
    receipt: str | None
    signature: str | None
    error: str | None
    signed_late: int

    @property
    def receipt_data(self) -> dict[str, Any] | None:
        return None if self.receipt is None else dict(json.loads(self.receipt))

    @property
    def signature_data(self) -> dict[str, Any] | None:
        return None if self.signature is None else dict(json.loads(self.signature))


@dataclass(frozen=True, slots=True)
class FiscalOutage:
    id: int
    started_at: str
    ended_at: str | None
    reason: str


_COLUMNS = tuple(f.name for f in fields(FiscalRecord))
_UPDATABLE = frozenset(_COLUMNS) - {
    "tx_id",
    "sale_id",
    "purpose",
    "tss_id",
    "client_id",
    "environment",
    "created_at",
}


class FiscalJournal:
    def __init__(self, db: JournalDatabase) -> None:
        self._db = db

    # --- transactions -------------------------------------------------------------------------
    def open(
        self,
        *,
        tx_id: str,
        sale_id: str,
        purpose: str,
        tss_id: str,
        client_id: str,
        environment: str,
        at: datetime,
        state: str = FiscalState.STARTING,
        revision: int = 1,
        error: str | None = None,
    ) -> FiscalRecord:
        """A new TSE transaction, written before its first revision is sent."""
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO fiscal_transactions (tx_id, sale_id, purpose, tss_id, client_id, environment, "
                "state, revision, created_at, updated_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    tx_id,
                    sale_id,
                    purpose,
                    tss_id,
                    client_id,
                    environment,
                    state,
                    revision,
                    _iso(at),
                    _iso(at),
                    error,
                ),
            )
        return self.get(tx_id)

    def update(self, tx_id: str, *, at: datetime, **columns: Any) -> FiscalRecord:
        unknown = set(columns) - _UPDATABLE
        if unknown:
            raise ValueError(f"not fiscal columns: {sorted(unknown)}")
        for name in ("receipt", "signature"):
            if name in columns and columns[name] is not None and not isinstance(columns[name], str):
                columns[name] = json.dumps(columns[name], ensure_ascii=False, sort_keys=True)
        columns["updated_at"] = _iso(at)
        assignments = ", ".join(f"{name} = ?" for name in columns)
        with self._db.transaction() as db:
            cursor = db.execute(
                f"UPDATE fiscal_transactions SET {assignments} WHERE tx_id = ?", (*columns.values(), tx_id)
            )
            if cursor.rowcount != 1:
                raise KeyError(tx_id)
        return self.get(tx_id)

    def get(self, tx_id: str) -> FiscalRecord:
        row = self._db.execute("SELECT * FROM fiscal_transactions WHERE tx_id = ?", (tx_id,)).fetchone()
        if row is None:
            raise KeyError(tx_id)
        return _record(row)

    def of_sale(self, sale_id: str, purpose: str | None = None) -> list[FiscalRecord]:
        rows = self._db.execute(
            "SELECT * FROM fiscal_transactions WHERE sale_id = ? AND (? IS NULL OR purpose = ?) ORDER BY created_at",
            (sale_id, purpose, purpose),
        ).fetchall()
        return [_record(row) for row in rows]

    def find(self, sale_id: str, purpose: str) -> FiscalRecord | None:
        found = self.of_sale(sale_id, purpose)
        return found[0] if found else None

    def in_states(self, states: Iterable[str]) -> list[FiscalRecord]:
        wanted = list(states)
        marks = ", ".join("?" for _ in wanted)
        rows = self._db.execute(
            f"SELECT * FROM fiscal_transactions WHERE state IN ({marks}) ORDER BY created_at, rowid", wanted
        ).fetchall()
        return [_record(row) for row in rows]

    def between(self, start: str, end: str) -> list[FiscalRecord]:
        """Transactions created in ``[start, end)`` (ISO 8601 strings), oldest first."""
        rows = self._db.execute(
            "SELECT * FROM fiscal_transactions WHERE created_at >= ? AND created_at < ? ORDER BY created_at, rowid",
            (start, end),
        ).fetchall()
        return [_record(row) for row in rows]

    def counts(self) -> Mapping[str, int]:
        rows = self._db.execute("SELECT state, COUNT(*) FROM fiscal_transactions GROUP BY state").fetchall()
        return {row[0]: int(row[1]) for row in rows}

    # --- outages ------------------------------------------------------------------------------
    def open_outage(self) -> FiscalOutage | None:
        row = self._db.execute(
            "SELECT * FROM fiscal_outages WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (
            None
            if row is None
            else FiscalOutage(row["id"], row["started_at"], row["ended_at"], row["reason"])
        )

    def begin_outage(self, *, at: datetime, reason: str) -> FiscalOutage:
        """Record that the TSE is out (once: an outage already open is returned as it is)."""
        with self._db.transaction() as db:
            current = self.open_outage()
            if current is not None:
                return current
            db.execute("INSERT INTO fiscal_outages (started_at, reason) VALUES (?, ?)", (_iso(at), reason))
        outage = self.open_outage()
        assert outage is not None
        return outage

    def end_outage(self, *, at: datetime) -> FiscalOutage | None:
        current = self.open_outage()
        if current is None:
            return None
        with self._db.transaction() as db:
            db.execute("UPDATE fiscal_outages SET ended_at = ? WHERE id = ?", (_iso(at), current.id))
        return FiscalOutage(current.id, current.started_at, _iso(at), current.reason)

    def outages(self, start: str | None = None, end: str | None = None) -> list[FiscalOutage]:
        """Outages that overlap ``[start, end)`` (all of them without bounds), oldest first."""
        rows = self._db.execute(
            "SELECT * FROM fiscal_outages WHERE (? IS NULL OR ended_at IS NULL OR ended_at >= ?) "
            "AND (? IS NULL OR started_at < ?) ORDER BY id",
            (start, start, end, end),
        ).fetchall()
        return [FiscalOutage(row["id"], row["started_at"], row["ended_at"], row["reason"]) for row in rows]


def _record(row: Any) -> FiscalRecord:
    return FiscalRecord(**{name: row[name] for name in _COLUMNS})


def _iso(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("journal times must carry a time zone")
    return at.isoformat()
