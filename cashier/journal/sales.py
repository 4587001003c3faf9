"""Sales and their steps: the write-ahead record of every sale (docs/exactly-once.md).

A sale row holds what the till knows of one sale (client sale id — also sent as
``transactionRef`` —, smart transaction id, state, amounts, tender, the final transaction
JSON and the receipt document); a step row is written for every state change **before** the
remote call it leads to, in the same SQLite transaction as the row's new state. After a crash
the sales still in ``starting`` are exactly those whose payment outcome must be checked.

The full card number is kept (the journal is searched by card); a CSC or PIN never is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from cashier.journal.database import JournalDatabase

SALES_SQL = """
CREATE TABLE sales (
    sale_id TEXT PRIMARY KEY,
    till_id TEXT NOT NULL,
    business_day TEXT NOT NULL,          -- YYYY-MM-DD, local
    sale_number INTEGER NOT NULL,        -- per till and business day, printed on the receipt
    kind TEXT NOT NULL,                  -- sale, card_load, new_card
    state TEXT NOT NULL,
    environment TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    smart_transaction_id TEXT UNIQUE,
    tender TEXT,                         -- cash, terminal, sepa, card
    total INTEGER NOT NULL DEFAULT 0,    -- cents, before the card's bonus
    bonus_used INTEGER NOT NULL DEFAULT 0,
    cash_balance_used INTEGER NOT NULL DEFAULT 0,
    amount_collected INTEGER NOT NULL DEFAULT 0,  -- what cash, terminal or SEPA took
    card_loaded INTEGER NOT NULL DEFAULT 0,
    bonus_granted INTEGER NOT NULL DEFAULT 0,
    cash_given INTEGER,
    change INTEGER,
    card_number TEXT,
    card_id TEXT,
    new_card_number TEXT,
    receipt_number INTEGER,              -- the terminal's, for reversal
    basket TEXT NOT NULL DEFAULT '[]',
    transaction_json TEXT,
    receipt_json TEXT,
    last_error TEXT,
    UNIQUE (till_id, business_day, sale_number)
);
CREATE INDEX sales_state ON sales (state);
CREATE INDEX sales_day ON sales (business_day);
CREATE INDEX sales_card ON sales (card_number);
CREATE TABLE sale_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sale_id TEXT NOT NULL REFERENCES sales (sale_id),
    at TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    action TEXT NOT NULL,                -- what the step leads to, e.g. start/cash
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX sale_steps_sale ON sale_steps (sale_id);
"""


@dataclass(frozen=True, slots=True)
class SaleRecord:
    sale_id: str
    till_id: str
    business_day: str
    sale_number: int
    kind: str
    state: str
    environment: str
    created_at: str
    updated_at: str
    smart_transaction_id: str | None
    tender: str | None
    total: int
    bonus_used: int
    cash_balance_used: int
    amount_collected: int
    card_loaded: int
    bonus_granted: int
    cash_given: int | None
    change: int | None
    card_number: str | None
    card_id: str | None
    new_card_number: str | None
    receipt_number: int | None
    basket: str
    transaction_json: str | None
    """The service's last answer, kept as a record: the services read it through
    :func:`cashier.services.transaction_answers.view_of_record`, never by its keys."""
    receipt_json: str | None
    last_error: str | None
    booking: str | None = None
    """An offline sale's booking with secuconnect (:class:`Booking`); None for a sale made online."""
    booked_at: str | None = None


class Booking:
    """The ``booking`` column of a sale made offline (docs/offline.md)."""

    TO_BOOK = "to_book"  # paid in cash at the counter, not yet known to secuconnect
    STARTING = "starting"  # ``start/cash`` is being sent (write-ahead): never sent twice
    BOOKED = "booked"  # secuconnect has it, with the card it named
    BOOKED_WITHOUT_CARD = "booked_without_card"  # the card was unknown or locked: no bonus
    OPEN = (TO_BOOK, STARTING)
    DONE = (BOOKED, BOOKED_WITHOUT_CARD)


BOOKING_SQL = """
ALTER TABLE sales ADD COLUMN booking TEXT;     -- NULL online; to_book, starting, booked, booked_without_card
ALTER TABLE sales ADD COLUMN booked_at TEXT;   -- when secuconnect confirmed an offline sale
CREATE INDEX sales_booking ON sales (booking);
"""


@dataclass(frozen=True, slots=True)
class SaleStep:
    id: int
    sale_id: str
    at: str
    from_state: str
    to_state: str
    action: str
    details: Mapping[str, Any]


_COLUMNS = frozenset(f.name for f in fields(SaleRecord))
_UPDATABLE = _COLUMNS - {"sale_id", "till_id", "business_day", "sale_number", "created_at", "environment"}


class SaleJournal:
    def __init__(self, db: JournalDatabase) -> None:
        self._db = db

    @property
    def db(self) -> JournalDatabase:
        """The journal database (other stores of the same journal share it)."""
        return self._db

    def next_sale_number(self, till_id: str, business_day: str) -> int:
        row = self._db.execute(
            "SELECT COALESCE(MAX(sale_number), 0) FROM sales WHERE till_id = ? AND business_day = ?",
            (till_id, business_day),
        ).fetchone()
        return int(row[0]) + 1

    def open_sale(
        self,
        *,
        sale_id: str,
        till_id: str,
        business_day: str,
        kind: str,
        state: str,
        environment: str,
        at: datetime,
    ) -> SaleRecord:
        """A new sale row with the next sale number of the day (both in one transaction)."""
        with self._db.transaction() as db:
            number = self.next_sale_number(till_id, business_day)
            db.execute(
                "INSERT INTO sales (sale_id, till_id, business_day, sale_number, kind, state, environment, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sale_id, till_id, business_day, number, kind, state, environment, _iso(at), _iso(at)),
            )
        return self.get(sale_id)

    def step(
        self,
        sale_id: str,
        *,
        from_state: str,
        to_state: str,
        action: str,
        at: datetime,
        details: Mapping[str, Any] | None = None,
        **columns: Any,
    ) -> None:
        """Record a state change (and any column updates) durably, before acting on it."""
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO sale_steps (sale_id, at, from_state, to_state, action, details) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    sale_id,
                    _iso(at),
                    from_state,
                    to_state,
                    action,
                    json.dumps(dict(details or {}), ensure_ascii=False),
                ),
            )
            self._update(db, sale_id, at, state=to_state, **columns)

    def update(self, sale_id: str, *, at: datetime, **columns: Any) -> None:
        with self._db.transaction() as db:
            self._update(db, sale_id, at, **columns)

    def _update(self, db: Any, sale_id: str, at: datetime, **columns: Any) -> None:
        unknown = set(columns) - _UPDATABLE
        if unknown:
            raise ValueError(f"not sale columns: {sorted(unknown)}")
        columns["updated_at"] = _iso(at)
        assignments = ", ".join(f"{name} = ?" for name in columns)
        cursor = db.execute(
            f"UPDATE sales SET {assignments} WHERE sale_id = ?",
            (*columns.values(), sale_id),
        )
        if cursor.rowcount != 1:
            raise KeyError(sale_id)

    # --- reading ------------------------------------------------------------------------------
    def get(self, sale_id: str) -> SaleRecord:
        row = self._db.execute("SELECT * FROM sales WHERE sale_id = ?", (sale_id,)).fetchone()
        if row is None:
            raise KeyError(sale_id)
        return _record(row)

    def find(self, sale_id: str) -> SaleRecord | None:
        try:
            return self.get(sale_id)
        except KeyError:
            return None

    def in_states(self, states: Iterable[str]) -> list[SaleRecord]:
        wanted = list(states)
        marks = ", ".join("?" for _ in wanted)
        rows = self._db.execute(
            f"SELECT * FROM sales WHERE state IN ({marks}) ORDER BY created_at",
            wanted,
        ).fetchall()
        return [_record(row) for row in rows]

    def to_book(self) -> list[SaleRecord]:
        """Offline sales not yet booked with secuconnect, oldest first."""
        marks = ", ".join("?" for _ in Booking.OPEN)
        rows = self._db.execute(
            f"SELECT * FROM sales WHERE booking IN ({marks}) ORDER BY created_at, rowid",
            Booking.OPEN,
        ).fetchall()
        return [_record(row) for row in rows]

    def of_day(self, business_day: str, till_id: str | None = None) -> list[SaleRecord]:
        rows = self._db.execute(
            "SELECT * FROM sales WHERE business_day = ? AND (? IS NULL OR till_id = ?) ORDER BY sale_number",
            (business_day, till_id, till_id),
        ).fetchall()
        return [_record(row) for row in rows]

    def search(self, text: str, limit: int = 50) -> list[SaleRecord]:
        """Sales whose id, number, smart transaction id, card number or terminal receipt number
        matches ``text`` (card numbers also by their last digits), newest first."""
        needle = text.strip()
        if not needle:
            return []
        like = f"%{needle}"
        number = int(needle) if needle.isdigit() and len(needle) < 10 else -1
        rows = self._db.execute(
            "SELECT * FROM sales WHERE sale_id = ? OR smart_transaction_id = ? OR sale_number = ? "
            "OR receipt_number = ? OR card_number LIKE ? OR new_card_number LIKE ? "
            "ORDER BY created_at DESC LIMIT ?",
            (needle, needle, number, number, like, like, limit),
        ).fetchall()
        return [_record(row) for row in rows]

    def steps(self, sale_id: str) -> list[SaleStep]:
        rows = self._db.execute(
            "SELECT * FROM sale_steps WHERE sale_id = ? ORDER BY id", (sale_id,)
        ).fetchall()
        return [
            SaleStep(
                id=row["id"],
                sale_id=row["sale_id"],
                at=row["at"],
                from_state=row["from_state"],
                to_state=row["to_state"],
                action=row["action"],
                details=json.loads(row["details"]),
            )
            for row in rows
        ]


def _record(row: Any) -> SaleRecord:
    return SaleRecord(**{name: row[name] for name in _COLUMNS})


def _iso(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("journal times must carry a time zone")
    return at.isoformat()
