"""The print queue: every document stored before it is printed, with what became of it.

A job holds the document as JSON (written by the domain codecs, so it can be printed again
exactly as it was), its kind, the printer it went to, and its fate: ``queued`` until the
first attempt ends, then ``printed`` or ``failed`` with the error. Failed jobs are retried
on request only; a reprint is a new job marked ``is_reprint`` that points at the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from cashier.journal.database import JournalDatabase, JournalError

PRINT_JOBS_SQL = """
CREATE TABLE print_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sale_id TEXT,                        -- the client sale id; NULL for reports and test pages
    kind TEXT NOT NULL CHECK (kind IN ('customer', 'merchant', 'z_report', 'balance_slip', 'test')),
    document TEXT NOT NULL,              -- JSON from the domain codecs ('{}' for a test page)
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'printed', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,                     -- "reason: message" of the last failed attempt
    created_at TEXT NOT NULL,            -- ISO 8601 with offset
    printed_at TEXT,
    printer_uri TEXT,                    -- where the last attempt went
    is_reprint INTEGER NOT NULL DEFAULT 0 CHECK (is_reprint IN (0, 1)),
    reprint_of INTEGER REFERENCES print_jobs (id)
);
CREATE INDEX print_jobs_sale ON print_jobs (sale_id);
CREATE INDEX print_jobs_status ON print_jobs (status);
"""


class PrintJobKind(StrEnum):
    CUSTOMER = "customer"
    MERCHANT = "merchant"
    Z_REPORT = "z_report"
    BALANCE_SLIP = "balance_slip"
    TEST = "test"


class PrintJobStatus(StrEnum):
    QUEUED = "queued"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PrintJob:
    id: int
    sale_id: str | None
    kind: PrintJobKind
    document: str
    status: PrintJobStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    printed_at: datetime | None
    printer_uri: str | None
    is_reprint: bool
    reprint_of: int | None

    @property
    def is_receipt(self) -> bool:
        return self.kind in (PrintJobKind.CUSTOMER, PrintJobKind.MERCHANT)


def _aware(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("print job times must carry a time zone")
    return moment.isoformat()


def _job(row: Any) -> PrintJob:
    return PrintJob(
        id=row["id"],
        sale_id=row["sale_id"],
        kind=PrintJobKind(row["kind"]),
        document=row["document"],
        status=PrintJobStatus(row["status"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        created_at=datetime.fromisoformat(row["created_at"]),
        printed_at=None if row["printed_at"] is None else datetime.fromisoformat(row["printed_at"]),
        printer_uri=row["printer_uri"],
        is_reprint=bool(row["is_reprint"]),
        reprint_of=row["reprint_of"],
    )


class UnknownPrintJob(JournalError):
    """No print job with that id (or none for that sale)."""


class PrintJobs:
    """The ``print_jobs`` table."""

    def __init__(self, db: JournalDatabase) -> None:
        self._db = db

    def add(
        self,
        kind: PrintJobKind,
        document: str,
        *,
        created_at: datetime,
        sale_id: str | None = None,
        printer_uri: str | None = None,
        reprint_of: int | None = None,
    ) -> PrintJob:
        """Store a new ``queued`` job (committed when this returns: the document is safe)."""
        with self._db.transaction() as db:
            cursor = db.execute(
                "INSERT INTO print_jobs (sale_id, kind, document, created_at, printer_uri, is_reprint, reprint_of) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    sale_id,
                    PrintJobKind(kind).value,
                    document,
                    _aware(created_at),
                    printer_uri,
                    int(reprint_of is not None),
                    reprint_of,
                ),
            )
            job_id = int(cursor.lastrowid or 0)
        return self.get(job_id)

    def get(self, job_id: int) -> PrintJob:
        row = self._db.execute("SELECT * FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise UnknownPrintJob(f"there is no print job {job_id}")
        return _job(row)

    def start_attempt(self, job_id: int, printer_uri: str) -> PrintJob:
        """Count an attempt at ``printer_uri`` (written before the bytes go out)."""
        with self._db.transaction() as db:
            cursor = db.execute(
                "UPDATE print_jobs SET attempts = attempts + 1, printer_uri = ? WHERE id = ?",
                (printer_uri, job_id),
            )
            if cursor.rowcount != 1:
                raise UnknownPrintJob(f"there is no print job {job_id}")
        return self.get(job_id)

    def mark_printed(self, job_id: int, at: datetime) -> PrintJob:
        with self._db.transaction() as db:
            db.execute(
                "UPDATE print_jobs SET status = 'printed', printed_at = ?, last_error = NULL WHERE id = ?",
                (_aware(at), job_id),
            )
        return self.get(job_id)

    def mark_failed(self, job_id: int, error: str) -> PrintJob:
        with self._db.transaction() as db:
            db.execute(
                "UPDATE print_jobs SET status = 'failed', last_error = ? WHERE id = ?", (error, job_id)
            )
        return self.get(job_id)

    def find(
        self,
        *,
        status: PrintJobStatus | None = None,
        sale_id: str | None = None,
        kind: PrintJobKind | None = None,
    ) -> list[PrintJob]:
        """Jobs, oldest first, filtered by whatever is given."""
        rows = self._db.execute(
            "SELECT * FROM print_jobs WHERE (? IS NULL OR status = ?) AND (? IS NULL OR sale_id = ?) "
            "AND (? IS NULL OR kind = ?) ORDER BY id",
            (status, status, sale_id, sale_id, kind, kind),
        ).fetchall()
        return [_job(row) for row in rows]

    def unfinished(self) -> list[PrintJob]:
        """Jobs that did not print: failed ones, and queued ones a crash interrupted."""
        rows = self._db.execute("SELECT * FROM print_jobs WHERE status != 'printed' ORDER BY id").fetchall()
        return [_job(row) for row in rows]
