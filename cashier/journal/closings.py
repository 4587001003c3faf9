"""Cash point closings (Kassenabschlüsse): the Z reports that closed a business day (docs/dsfinvk.md).

Printing the Z report of a business day closes it: a row here with the closing's number
(``z_nr``: per till, consecutive from 1, never reset — DSFinV-K ``Z_NR``), when it was made,
the business day, and the first and last sale it covers. Printing the report again finds the
row and keeps its number. The DSFinV-K export (:mod:`cashier.services.fiscal.dsfinvk_export`)
reads the closings of a date range and writes one ``Z_NR`` per closing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cashier.journal.database import JournalDatabase

CLOSINGS_SQL = """
CREATE TABLE closings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    till_id TEXT NOT NULL,
    z_nr INTEGER NOT NULL,               -- per till: 1, 2, 3, … never reset (DSFinV-K Z_NR)
    business_day TEXT NOT NULL,          -- YYYY-MM-DD, local
    created_at TEXT NOT NULL,            -- ISO 8601 with offset (DSFinV-K Z_ERSTELLUNG)
    first_sale_id TEXT,                  -- the day's first and last sale when it was closed
    last_sale_id TEXT,
    sales INTEGER NOT NULL DEFAULT 0,    -- how many sales of the day it covered then
    UNIQUE (till_id, z_nr),
    UNIQUE (till_id, business_day)
);
"""


@dataclass(frozen=True, slots=True)
class Closing:
    till_id: str
    z_nr: int
    business_day: str
    created_at: str
    first_sale_id: str | None
    last_sale_id: str | None
    sales: int

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at)


class ClosingJournal:
    def __init__(self, db: JournalDatabase) -> None:
        self._db = db

    def close(self, *, till_id: str, business_day: str, at: datetime, sale_ids: list[str]) -> Closing:
        """The closing of ``business_day`` for ``till_id``: the one made before, else a new one
        with the next number (looked up and written in one transaction)."""
        if at.tzinfo is None:
            raise ValueError("journal times must carry a time zone")
        with self._db.transaction() as db:
            found = self.of_day(till_id, business_day)
            if found is not None:
                return found
            row = db.execute(
                "SELECT COALESCE(MAX(z_nr), 0) FROM closings WHERE till_id = ?", (till_id,)
            ).fetchone()
            db.execute(
                "INSERT INTO closings (till_id, z_nr, business_day, created_at, first_sale_id, last_sale_id, sales) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    till_id,
                    int(row[0]) + 1,
                    business_day,
                    at.isoformat(),
                    sale_ids[0] if sale_ids else None,
                    sale_ids[-1] if sale_ids else None,
                    len(sale_ids),
                ),
            )
        closing = self.of_day(till_id, business_day)
        assert closing is not None
        return closing

    def of_day(self, till_id: str, business_day: str) -> Closing | None:
        row = self._db.execute(
            "SELECT * FROM closings WHERE till_id = ? AND business_day = ?", (till_id, business_day)
        ).fetchone()
        return None if row is None else _closing(row)

    def between(self, first_day: str, last_day: str, till_id: str | None = None) -> list[Closing]:
        """The closings of the business days ``first_day`` … ``last_day`` (inclusive), by till
        and number."""
        rows = self._db.execute(
            "SELECT * FROM closings WHERE business_day >= ? AND business_day <= ? "
            "AND (? IS NULL OR till_id = ?) ORDER BY till_id, z_nr",
            (first_day, last_day, till_id, till_id),
        ).fetchall()
        return [_closing(row) for row in rows]


def _closing(row: Any) -> Closing:
    return Closing(
        till_id=row["till_id"],
        z_nr=int(row["z_nr"]),
        business_day=row["business_day"],
        created_at=row["created_at"],
        first_sale_id=row["first_sale_id"],
        last_sale_id=row["last_sale_id"],
        sales=int(row["sales"]),
    )
