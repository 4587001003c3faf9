"""The print queue as the till uses it: store first, print once, fail softly, retry, reprint."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from cashier.journal.audit import AuditTrail
from cashier.journal.database import JournalDatabase
from cashier.journal.print_jobs import PrintJobKind, PrintJobs, PrintJobStatus, UnknownPrintJob
from cashier.printing.errors import PaperOut, PrinterOffline, PrinterProblem
from cashier.printing.escpos_decode import DrawerKick, decode, plain_text
from cashier.printing.profile import PAPER_80MM, DrawerPulse
from cashier.printing.transports.base import ByteSink
from cashier.services.printing import AlreadyPrinted, PrintService
from tests.helpers import receipts
from tests.helpers.clock import FakeClock
from tests.helpers.printers import RecordingSink

T0 = receipts.AT


def ticking_clock() -> Callable[[], datetime]:
    """The till's clock from ``T0`` on, a second further at every reading."""
    return FakeClock(T0.timestamp(), tick=1.0, tz=T0.tzinfo).datetime


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def service(journal: JournalDatabase, sink: RecordingSink) -> PrintService:
    def factory(uri: str) -> ByteSink:
        assert uri == "tcp://till-printer"
        return sink

    return PrintService(
        journal,
        printer_uri="tcp://till-printer",
        profile=PAPER_80MM,
        now=ticking_clock(),
        sink_factory=factory,
    )


async def test_the_document_is_in_the_journal_before_the_printer_is_reached(
    service: PrintService, sink: RecordingSink, journal: JournalDatabase
) -> None:
    seen: list[tuple[PrintJobStatus, int, str]] = []

    def look(data: bytes) -> None:
        (job,) = PrintJobs(journal).find(sale_id="S-1")
        seen.append((job.status, job.attempts, json.loads(job.document)["sale_number"]))

    sink.on_write = look
    (outcome,) = await service.print_sale(receipts.sale_with_card_bonus_and_cash(), sale_id="S-1")
    assert seen == [(PrintJobStatus.QUEUED, 1, "2025-000123")]
    assert outcome.printed
    assert (outcome.job.status, outcome.job.attempts, outcome.job.printer_uri) == (
        PrintJobStatus.PRINTED,
        1,
        "tcp://till-printer",
    )
    assert len(sink.jobs) == 1  # printed once
    assert "SUMME             7,56 €" in plain_text(sink.jobs[0], 48)


async def test_both_copies_are_stored_before_the_first_prints(
    service: PrintService, sink: RecordingSink, journal: JournalDatabase
) -> None:
    customer, merchant = receipts.terminal_payment()
    counts: list[int] = []
    sink.on_write = lambda data: counts.append(len(PrintJobs(journal).find(sale_id="S-2")))
    outcomes = await service.print_sale(customer, merchant, sale_id="S-2")
    assert counts == [2, 2]
    assert [o.job.kind for o in outcomes] == [PrintJobKind.CUSTOMER, PrintJobKind.MERCHANT]
    assert "HÄNDLERBELEG" in plain_text(sink.jobs[1], 48)


async def test_a_sepa_sale_gets_its_signed_merchant_copy_automatically(
    service: PrintService, sink: RecordingSink
) -> None:
    outcomes = await service.print_sale(receipts.sepa_sale(), sale_id="S-3")
    assert [o.job.kind for o in outcomes] == [PrintJobKind.CUSTOMER, PrintJobKind.MERCHANT]
    assert "Unterschrift Kontoinhaber" in plain_text(sink.jobs[1], 48)
    assert "Unterschrift Kontoinhaber" not in plain_text(sink.jobs[0], 48)


async def test_a_failure_marks_the_job_and_comes_back_as_an_outcome(
    service: PrintService, sink: RecordingSink
) -> None:
    sink.fail_with = PrinterOffline(
        "Nothing accepts print jobs at till-printer:9100", uri="tcp://till-printer"
    )
    (outcome,) = await service.print_sale(receipts.sale_with_card_bonus_and_cash(), sale_id="S-4")
    assert not outcome.printed
    assert isinstance(outcome.error, PrinterOffline)
    assert outcome.error.reason is PrinterProblem.OFFLINE
    assert outcome.job.status is PrintJobStatus.FAILED
    assert outcome.job.last_error == "offline: Nothing accepts print jobs at till-printer:9100"
    assert [job.id for job in service.failed()] == [outcome.job.id]
    assert [job.id for job in service.unfinished()] == [outcome.job.id]

    sink.fail_with = None
    retried = await service.retry(outcome.job.id)
    assert retried.printed
    assert (retried.job.status, retried.job.attempts, retried.job.last_error) == (
        PrintJobStatus.PRINTED,
        2,
        None,
    )
    assert service.failed() == []
    # the retry does not open the drawer again (the first attempt may have opened it)
    assert not any(isinstance(item, DrawerKick) for item in decode(sink.jobs[-1]))

    with pytest.raises(AlreadyPrinted):
        await service.retry(outcome.job.id)


async def test_the_first_attempt_of_a_cash_receipt_opens_the_drawer(
    service: PrintService, sink: RecordingSink
) -> None:
    await service.print_sale(receipts.sale_with_card_bonus_and_cash(), sale_id="S-5")
    assert DrawerKick(2, 100, 500) in decode(sink.jobs[0])


@pytest.mark.expected_errors("cashier.services.printing")
async def test_a_bug_in_a_stored_document_fails_the_job_not_the_caller(
    service: PrintService, journal: JournalDatabase, sink: RecordingSink
) -> None:
    job = PrintJobs(journal).add(PrintJobKind.CUSTOMER, '{"version": 1}', created_at=T0, sale_id="S-6")
    outcome = await service.retry(job.id)
    assert not outcome.printed
    assert outcome.job.last_error is not None
    assert outcome.job.last_error.startswith("bug: DocumentFormatError")
    assert sink.jobs == []


async def test_a_bad_printer_uri_fails_the_job(journal: JournalDatabase) -> None:
    service = PrintService(journal, printer_uri="lpt1", profile=PAPER_80MM, now=ticking_clock())
    outcome = await service.print_test_page()
    assert outcome.job.status is PrintJobStatus.FAILED
    assert outcome.job.last_error is not None
    assert outcome.job.last_error.startswith("bad_uri:")


async def test_reprint_prints_a_kopie_and_is_audited(
    service: PrintService, sink: RecordingSink, journal: JournalDatabase
) -> None:
    (first,) = await service.print_sale(receipts.sale_with_card_bonus_and_cash(), sale_id="S-7")
    copy = await service.reprint(sale_id="S-7")
    assert copy.printed
    assert copy.job.id != first.job.id
    assert (copy.job.is_reprint, copy.job.reprint_of, copy.job.sale_id) == (True, first.job.id, "S-7")
    text = plain_text(sink.jobs[-1], 48)
    assert "KOPIE" in text
    assert "KOPIE" not in plain_text(sink.jobs[0], 48)
    assert not any(isinstance(item, DrawerKick) for item in decode(sink.jobs[-1]))
    (event,) = AuditTrail(journal).events(kind="receipt_reprinted")
    assert event.sale_id == "S-7"
    assert event.details == {"job_id": copy.job.id, "original_job_id": first.job.id, "kind": "customer"}
    # a reprint of the reprint's sale still copies the original
    again = await service.reprint(sale_id="S-7")
    assert again.job.reprint_of == first.job.id


async def test_reprint_of_a_report_by_job_id(service: PrintService, sink: RecordingSink) -> None:
    original = await service.print_z_report(receipts.z_report())
    copy = await service.reprint(job_id=original.job.id)
    assert copy.job.kind is PrintJobKind.Z_REPORT
    assert "KOPIE" in plain_text(sink.jobs[-1], 48)
    assert "Z-BERICHT" in plain_text(sink.jobs[-1], 48)


async def test_reprint_needs_exactly_one_target(service: PrintService) -> None:
    with pytest.raises(ValueError, match="job_id or a sale_id"):
        await service.reprint()
    with pytest.raises(UnknownPrintJob, match="no receipt"):
        await service.reprint(sale_id="never-sold")


async def test_balance_slip_and_test_page(service: PrintService, sink: RecordingSink) -> None:
    slip = await service.print_balance_slip(receipts.balance_slip())
    test = await service.print_test_page()
    assert (slip.job.kind, test.job.kind) == (PrintJobKind.BALANCE_SLIP, PrintJobKind.TEST)
    assert "Kontostand" in plain_text(sink.jobs[0], 48)
    assert "Drucker                       tcp://till-printer" in plain_text(sink.jobs[1], 48).splitlines()


async def test_open_drawer_is_audited_first(
    service: PrintService, sink: RecordingSink, journal: JournalDatabase
) -> None:
    audited: list[int] = []
    sink.on_write = lambda data: audited.append(len(AuditTrail(journal).events(kind="drawer_opened")))
    outcome = await service.open_drawer(pulse=DrawerPulse(pin=5))
    assert outcome.opened
    assert audited == [1]
    assert DrawerKick(5, 100, 500) in decode(sink.jobs[0])
    (event,) = AuditTrail(journal).events(kind="drawer_opened")
    assert event.details == {"reason": "manual", "printer": "tcp://till-printer"}


async def test_a_drawer_that_does_not_open_is_audited_too(
    service: PrintService, sink: RecordingSink, journal: JournalDatabase
) -> None:
    sink.fail_with = PaperOut("The printer is out of paper", uri="tcp://till-printer")
    outcome = await service.open_drawer(reason="change for the safe")
    assert not outcome.opened
    assert isinstance(outcome.error, PaperOut)
    (failed,) = AuditTrail(journal).events(kind="drawer_open_failed")
    assert failed.details["reason"] == "paper_out"


async def test_preview_draws_a_stored_job(service: PrintService, journal: JournalDatabase) -> None:
    from cashier.printing.preview import PreviewFonts

    fonts_dir = Path(__file__).resolve().parents[3] / "resources" / "fonts"
    fonts = PreviewFonts(fonts_dir / "DejaVuSansMono.ttf", fonts_dir / "DejaVuSansMono-Bold.ttf")
    outcome = await service.print_receipt(replace(receipts.sepa_sale(), environment="live"))
    image = service.preview(outcome.job.id, fonts)
    assert image.width == PAPER_80MM.dots + 32
