"""Every table of the journal, as numbered migrations (append only; see database.py)."""

from __future__ import annotations

from pathlib import Path

from cashier.journal.closings import CLOSINGS_SQL
from cashier.journal.database import JournalDatabase, Migration
from cashier.journal.fiscal import FISCAL_SQL
from cashier.journal.print_jobs import PRINT_JOBS_SQL
from cashier.journal.rechecks import RECHECKS_SQL
from cashier.journal.sales import BOOKING_SQL, SALES_SQL

MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "audit trail",
        """
        CREATE TABLE audit_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,              -- ISO 8601 with offset
            kind TEXT NOT NULL,            -- e.g. drawer_opened, reprint, csc_failed, sale_cancelled
            sale_id TEXT,                  -- the client sale id, when the event belongs to a sale
            details TEXT NOT NULL DEFAULT '{}'  -- JSON; never a CSC, PIN or full card number
        );
        CREATE INDEX audit_events_at ON audit_events (at);
        """,
    ),
    Migration(2, "print queue", PRINT_JOBS_SQL),
    Migration(3, "sales and their steps", SALES_SQL),
    Migration(4, "transactions looked at again after a sale stopped relying on them", RECHECKS_SQL),
    Migration(5, "offline sales and their booking with secuconnect", BOOKING_SQL),
    Migration(6, "TSE transactions and TSE outages (German till law)", FISCAL_SQL),
    Migration(7, "cash point closings: the Z reports that closed a business day", CLOSINGS_SQL),
]


def open_journal(path: Path | str) -> JournalDatabase:
    """The till's journal at ``path`` (created or migrated to the current schema)."""
    return JournalDatabase(path, MIGRATIONS)
