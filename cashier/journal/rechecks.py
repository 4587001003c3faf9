"""Remote transactions the till looks at again for a while, after it stopped relying on them.

A slow server can finish a request after the till gave up on it. So when the till settles a
sale on the service's word — a payment proven not carried out (its transaction aborted), a
sale set aside by the cashier, a cancellation refused while an earlier one was in doubt, a
second transaction a lost create may have left behind — it writes a **recheck** here, in the
same journal as the sale. Reconciliation reads each open recheck until ``until``: a late
commit then completes the sale (with its receipt), a late cancellation cancels it, an orphan
transaction is aborted. A recheck belongs to one environment: another environment's service
cannot be asked about it, so it waits until the till is back there (and never blocks a sale).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cashier.journal.database import JournalDatabase

RECHECKS_SQL = """
CREATE TABLE rechecks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sale_id TEXT NOT NULL REFERENCES sales (sale_id),
    environment TEXT NOT NULL,
    kind TEXT NOT NULL,                  -- see RecheckKind
    smart_transaction_id TEXT,           -- the transaction to read (NULL: search by transactionRef)
    reason TEXT NOT NULL DEFAULT '',
    since TEXT NOT NULL,
    until TEXT NOT NULL,
    checked_at TEXT,
    closed_at TEXT,
    outcome TEXT                         -- what closed it
);
CREATE INDEX rechecks_open ON rechecks (closed_at, environment);
"""


class RecheckKind(StrEnum):
    RETIRED = "retired"
    """A transaction the sale no longer uses: proven not carried out, or set aside by hand. A
    late ``ok`` completes the sale with it."""
    CANCEL = "cancel"
    """A completed sale whose cancellation was refused while an earlier one was in doubt: a late
    ``cancelled`` finishes the cancellation."""
    ORPHANS = "orphans"
    """The sale's ``transactionRef`` after a lost create: any unstarted transaction with it other
    than the sale's own is aborted."""


@dataclass(frozen=True, slots=True)
class Recheck:
    id: int
    sale_id: str
    environment: str
    kind: RecheckKind
    smart_transaction_id: str | None
    reason: str
    since: str
    until: str
    checked_at: str | None


class Rechecks:
    def __init__(self, db: JournalDatabase) -> None:
        self._db = db

    def add(
        self,
        sale_id: str,
        *,
        environment: str,
        kind: RecheckKind,
        since: datetime,
        until: datetime,
        smart_transaction_id: str | None = None,
        reason: str = "",
    ) -> None:
        with self._db.transaction() as db:
            db.execute(
                "INSERT INTO rechecks (sale_id, environment, kind, smart_transaction_id, reason, since, until) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    sale_id,
                    environment,
                    kind.value,
                    smart_transaction_id,
                    reason,
                    since.isoformat(),
                    until.isoformat(),
                ),
            )

    def open(self, environment: str | None = None) -> list[Recheck]:
        """Every recheck not yet closed (of ``environment``, when given), oldest first."""
        rows = self._db.execute(
            "SELECT * FROM rechecks WHERE closed_at IS NULL AND (? IS NULL OR environment = ?) ORDER BY id",
            (environment, environment),
        ).fetchall()
        return [
            Recheck(
                id=row["id"],
                sale_id=row["sale_id"],
                environment=row["environment"],
                kind=RecheckKind(row["kind"]),
                smart_transaction_id=row["smart_transaction_id"],
                reason=row["reason"],
                since=row["since"],
                until=row["until"],
                checked_at=row["checked_at"],
            )
            for row in rows
        ]

    def retired_ids(self, sale_id: str) -> set[str]:
        """The transactions ``sale_id`` gave up (never to be taken for its own again)."""
        rows = self._db.execute(
            "SELECT smart_transaction_id FROM rechecks WHERE sale_id = ? AND kind = ? "
            "AND smart_transaction_id IS NOT NULL",
            (sale_id, RecheckKind.RETIRED.value),
        ).fetchall()
        return {str(row[0]) for row in rows}

    def checked(self, recheck_id: int, at: datetime) -> None:
        with self._db.transaction() as db:
            db.execute("UPDATE rechecks SET checked_at = ? WHERE id = ?", (at.isoformat(), recheck_id))

    def close(self, recheck_id: int, at: datetime, outcome: str) -> None:
        with self._db.transaction() as db:
            db.execute(
                "UPDATE rechecks SET closed_at = ?, outcome = ? WHERE id = ? AND closed_at IS NULL",
                (at.isoformat(), outcome, recheck_id),
            )
