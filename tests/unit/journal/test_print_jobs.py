from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cashier.journal.database import JournalDatabase
from cashier.journal.print_jobs import PrintJobKind, PrintJobs, PrintJobStatus, UnknownPrintJob
from cashier.journal.schema import MIGRATIONS, open_journal

CET = timezone(timedelta(hours=1))
AT = datetime(2025, 2, 10, 9, 13, tzinfo=CET)


@pytest.fixture
def jobs(tmp_path: Path) -> PrintJobs:
    return PrintJobs(open_journal(tmp_path / "journal.sqlite"))


def test_the_print_queue_is_migration_2_on_top_of_the_audit_trail(tmp_path: Path) -> None:
    assert [m.version for m in MIGRATIONS][:2] == [1, 2]
    assert MIGRATIONS[1].description == "print queue"
    path = tmp_path / "old.sqlite"
    JournalDatabase(path, MIGRATIONS[:1]).close()  # a journal from before printing existed
    journal = open_journal(path)
    assert journal.version == len(MIGRATIONS)
    columns = [row["name"] for row in journal.execute("PRAGMA table_info(print_jobs)")]
    assert columns == [
        "id",
        "sale_id",
        "kind",
        "document",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "printed_at",
        "printer_uri",
        "is_reprint",
        "reprint_of",
    ]


def test_a_new_job_is_stored_queued(jobs: PrintJobs) -> None:
    job = jobs.add(PrintJobKind.CUSTOMER, '{"x": "Grüße"}', created_at=AT, sale_id="S-1")
    assert job.id >= 1
    assert (job.kind, job.status, job.attempts, job.is_reprint) == (
        PrintJobKind.CUSTOMER,
        PrintJobStatus.QUEUED,
        0,
        False,
    )
    assert job.document == '{"x": "Grüße"}'
    assert job.created_at == AT
    assert jobs.get(job.id) == job


def test_attempts_and_outcomes(jobs: PrintJobs) -> None:
    job = jobs.add(PrintJobKind.Z_REPORT, "{}", created_at=AT)
    job = jobs.start_attempt(job.id, "tcp://printer")
    assert (job.attempts, job.printer_uri) == (1, "tcp://printer")
    job = jobs.mark_failed(job.id, "offline: nothing answers")
    assert (job.status, job.last_error) == (PrintJobStatus.FAILED, "offline: nothing answers")
    job = jobs.start_attempt(job.id, "usb://04b8:0e28")
    job = jobs.mark_printed(job.id, AT + timedelta(minutes=1))
    assert (job.status, job.attempts, job.last_error, job.printer_uri) == (
        PrintJobStatus.PRINTED,
        2,
        None,
        "usb://04b8:0e28",
    )
    assert job.printed_at == AT + timedelta(minutes=1)


def test_find_and_unfinished(jobs: PrintJobs) -> None:
    a = jobs.add(PrintJobKind.CUSTOMER, "{}", created_at=AT, sale_id="S-1")
    b = jobs.add(PrintJobKind.MERCHANT, "{}", created_at=AT, sale_id="S-1")
    c = jobs.add(PrintJobKind.CUSTOMER, "{}", created_at=AT, sale_id="S-2")
    jobs.mark_printed(a.id, AT)
    jobs.mark_failed(b.id, "paper_out: …")
    copy = jobs.add(PrintJobKind.CUSTOMER, "{}", created_at=AT, sale_id="S-1", reprint_of=a.id)
    assert [j.id for j in jobs.find(sale_id="S-1")] == [a.id, b.id, copy.id]
    assert [j.id for j in jobs.find(status=PrintJobStatus.FAILED)] == [b.id]
    assert [j.id for j in jobs.find(kind=PrintJobKind.CUSTOMER, sale_id="S-1")] == [a.id, copy.id]
    assert [j.id for j in jobs.unfinished()] == [b.id, c.id, copy.id]
    assert copy.is_reprint
    assert copy.reprint_of == a.id


def test_unknown_jobs_and_bad_values(jobs: PrintJobs) -> None:
    with pytest.raises(UnknownPrintJob):
        jobs.get(99)
    with pytest.raises(UnknownPrintJob):
        jobs.start_attempt(99, "preview")
    with pytest.raises(ValueError, match="time zone"):
        jobs.add(PrintJobKind.TEST, "{}", created_at=datetime(2025, 2, 10))  # noqa: DTZ001
    with pytest.raises(ValueError, match="'poster' is not a valid PrintJobKind"):
        jobs.add("poster", "{}", created_at=AT)  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        jobs.add(PrintJobKind.TEST, "{}", created_at=datetime.now(UTC), reprint_of=12345)
