"""A whole sale's receipt over real TCP to a printer on 127.0.0.1, and what goes wrong there.

The loopback printer (tests/helpers/printers.py) records every job and answers the paper
status query like an ESC/POS network printer; the till's side is the real ``tcp://`` sink
behind the real print service and journal.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from cashier.journal.database import JournalDatabase
from cashier.journal.print_jobs import PrintJobStatus
from cashier.printing.errors import PaperOut, PrinterOffline, PrinterTimeout
from cashier.printing.escpos_decode import Barcode, Cut, DrawerKick, StatusQuery, decode, lines_of, plain_text
from cashier.printing.profile import PAPER_80MM
from cashier.printing.receipt_layout import render_receipt
from cashier.printing.transports import open_sink, send
from cashier.services.printing import PrintService
from tests.helpers import receipts
from tests.helpers.printers import PAPER_OUT, LoopbackPrinter, free_port


@pytest.fixture
def printer() -> Iterator[LoopbackPrinter]:
    server = LoopbackPrinter()
    yield server
    server.close()


def service_for(journal: JournalDatabase, uri: str) -> PrintService:
    return PrintService(journal, printer_uri=uri, profile=PAPER_80MM, now=lambda: datetime.now().astimezone())


async def test_a_full_sale_receipt_arrives_and_reads_right(
    printer: LoopbackPrinter, journal: JournalDatabase
) -> None:
    receipt = receipts.sale_with_card_bonus_and_cash()
    outcomes = await service_for(journal, printer.uri()).print_sale(receipt, sale_id="S-1")
    assert [outcome.job.status for outcome in outcomes] == [PrintJobStatus.PRINTED]

    (job,) = printer.wait_for_jobs(1)
    # status query, the job exactly as laid out, status query again (the printer read it all)
    assert job == b"\x10\x04\x04" + render_receipt(receipt, PAPER_80MM) + b"\x10\x04\x04"
    items = decode(job)
    assert items[0] == StatusQuery(4)
    assert items[-1] == StatusQuery(4)
    assert DrawerKick(2, 100, 500) in items
    assert any(isinstance(item, Barcode) and item.data == "2025-000123" for item in items)
    assert isinstance(items[-2], Cut)
    text = plain_text(items, 48).splitlines()
    for expected in [
        "          TRAINING - KEIN ECHTER BELEG",
        "                 Hauptstraße 1",
        "Süßes Teilchen                          1,95 € B",
        "SUMME             7,56 €",
        "  Rückgeld                                2,24 €",
        "Kartennummer:                   ************7730",
        "         Vielen Dank für Ihren Einkauf!",
    ]:
        assert expected in text
    assert max(line.dots() for line in lines_of(items)) <= PAPER_80MM.dots


async def test_status_off_sends_only_the_job(printer: LoopbackPrinter) -> None:
    await send(open_sink(printer.uri(status="off")), b"\x1b@hello\n")
    assert printer.wait_for_jobs(1) == [b"\x1b@hello\n"]


async def test_nothing_listening_is_offline_at_once(journal: JournalDatabase) -> None:
    uri = f"tcp://127.0.0.1:{free_port()}"
    (outcome,) = await service_for(journal, uri).print_sale(
        receipts.sale_with_card_bonus_and_cash(), sale_id="S-2"
    )
    assert isinstance(outcome.error, PrinterOffline)
    # refused at once ("Nothing accepts"), not the 3 s connect timeout ("did not answer within")
    assert outcome.error.message.startswith("Nothing accepts print jobs at 127.0.0.1:")
    assert outcome.job.status is PrintJobStatus.FAILED
    assert outcome.job.last_error is not None
    assert outcome.job.last_error.startswith("offline:")


async def test_a_printer_that_stops_answering_mid_job_times_out_and_the_job_can_be_retried(
    printer: LoopbackPrinter, journal: JournalDatabase
) -> None:
    printer.mode = "mute"  # answers the status query before the job, never the one after it
    service = service_for(journal, printer.uri(timeout="0.3"))
    receipt = receipts.sale_with_card_bonus_and_cash()

    (outcome,) = await service.print_sale(receipt, sale_id="S-3")

    assert isinstance(outcome.error, PrinterTimeout)
    assert "stopped answering in the middle of the job" in outcome.error.message
    assert outcome.job.status is PrintJobStatus.FAILED
    assert [job.id for job in service.failed()] == [outcome.job.id]
    printer.wait_for_jobs(1)  # the printer did get (most of) the job

    printer.mode = "normal"
    retried = await service.retry(outcome.job.id)
    assert retried.printed
    assert (retried.job.status, retried.job.attempts) == (PrintJobStatus.PRINTED, 2)
    _, second = printer.wait_for_jobs(2)
    assert "SUMME             7,56 €" in plain_text(second, 48)
    assert not any(isinstance(item, DrawerKick) for item in decode(second))  # no second drawer kick


async def test_paper_out_is_reported_before_anything_is_sent(
    printer: LoopbackPrinter, journal: JournalDatabase
) -> None:
    printer.paper = PAPER_OUT
    outcome = await service_for(journal, printer.uri()).print_z_report(receipts.z_report())
    assert isinstance(outcome.error, PaperOut)
    assert "nothing was printed" in outcome.error.message
    assert printer.wait_for_jobs(1) == [b"\x10\x04\x04"]
    assert outcome.job.last_error is not None
    assert outcome.job.last_error.startswith("paper_out:")


async def test_a_printer_that_never_answers_status_needs_status_off(printer: LoopbackPrinter) -> None:
    printer.mode = "silent"
    with pytest.raises(PrinterTimeout):
        await send(open_sink(printer.uri(timeout="0.3")), b"\x1b@x\n")
    await send(open_sink(printer.uri(timeout="0.3", status="off")), b"\x1b@x\n")
    assert printer.wait_for_jobs(2)[1] == b"\x1b@x\n"


async def test_the_drawer_command_reaches_the_printer(
    printer: LoopbackPrinter, journal: JournalDatabase
) -> None:
    outcome = await service_for(journal, printer.uri()).open_drawer()
    assert outcome.opened
    (job,) = printer.wait_for_jobs(1)
    assert DrawerKick(2, 100, 500) in decode(job)
