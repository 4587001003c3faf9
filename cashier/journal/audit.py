"""The audit trail: things a shop owner may have to account for later.

Drawer openings, reprints, cancellations, CSC failures and the like, each with its time and
(where it belongs to one) the client sale id. Details are JSON and must never hold a CSC, a
PIN or a full card number — callers pass masked numbers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cashier.journal.database import JournalDatabase


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: datetime
    kind: str
    sale_id: str | None
    details: Mapping[str, Any]


class AuditTrail:
    def __init__(self, db: JournalDatabase) -> None:
        self._db = db

    def record(
        self, kind: str, at: datetime, *, sale_id: str | None = None, details: Mapping[str, Any] | None = None
    ) -> int:
        if at.tzinfo is None:
            raise ValueError("audit times must carry a time zone")
        with self._db.transaction() as db:
            cursor = db.execute(
                "INSERT INTO audit_events (at, kind, sale_id, details) VALUES (?, ?, ?, ?)",
                (at.isoformat(), kind, sale_id, json.dumps(dict(details or {}), ensure_ascii=False)),
            )
            return int(cursor.lastrowid or 0)

    def events(self, *, kind: str | None = None, sale_id: str | None = None) -> list[AuditEvent]:
        sql = "SELECT * FROM audit_events WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR sale_id = ?) ORDER BY id"
        rows = self._db.execute(sql, (kind, kind, sale_id, sale_id)).fetchall()
        return [
            AuditEvent(
                id=row["id"],
                at=datetime.fromisoformat(row["at"]),
                kind=row["kind"],
                sale_id=row["sale_id"],
                details=json.loads(row["details"]),
            )
            for row in rows
        ]
