"""The back office facade against the simulator: journal rows, receipts, cancellations, end of day.

Each test runs twice (embedded and served simulator, see the folder's conftest). The printer is
a recording sink (or an offline one): what the back office prints, and what it keeps when the
printer is gone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from cashier.api.transactions import SmartTransaction
from cashier.app.resources import preview_fonts
from cashier.domain.money import Money
from cashier.domain.receipt import TenderKind
from cashier.journal.print_jobs import PrintJobKind
from cashier.printing.escpos_decode import plain_text
from cashier.printing.profile import PrinterProfile
from cashier.printing.transports import open_sink
from cashier.services.after_sale import AfterSaleService
from cashier.services.back_office import BackOffice, receipt_text, terminal_answer
from cashier.services.back_office_values import DocumentKind
from cashier.services.errors import CancellationRefused, InvalidInput
from cashier.services.printing import PrintService
from cashier.services.sale import SaleKind, SaleState, Tender
from cashier.services.transaction_answers import view_of
from tests.helpers.engine import ERIKA, HEADER, SANDWICH, WATER, Engine, engine_for
from tests.helpers.printers import RecordingSink, free_port
from tests.helpers.simulator import SimulatorHandle

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RECORDING = "test://recording"


@dataclass
class Office:
    engine: Engine
    back_office: BackOffice
    printer: PrintService
    sink: RecordingSink


@asynccontextmanager
async def office_for(
    sim: SimulatorHandle, tmp_path: Path, printer_uri: str = RECORDING
) -> AsyncIterator[Office]:
    async with engine_for(sim, tmp_path) as engine:
        sink = RecordingSink()
        printer = PrintService(
            engine.db,
            printer_uri=printer_uri,
            profile=PrinterProfile.for_columns(48),
            now=lambda: datetime.now().astimezone(),
            sink_factory=lambda uri: sink if uri == RECORDING else open_sink(uri),
        )
        engine.payments.printer = printer
        after_sale = AfterSaleService(
            engine.sales.client, engine.journal, engine.audit, engine.sales.context, HEADER, printer=printer
        )
        back_office = BackOffice(
            engine.journal, after_sale, printer, engine.sales.context, fonts=preview_fonts()
        )
        yield Office(engine, back_office, printer, sink)


async def cash_sale_with_card(engine: Engine) -> str:
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, SANDWICH)
    await engine.sales.attach_card(sale, ERIKA)
    await engine.payments.pay(sale, Tender.CASH, given=Money(500))
    return sale.sale_id


async def terminal_sale(engine: Engine) -> str:
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, WATER)
    await engine.payments.pay(sale, Tender.TERMINAL)
    return sale.sale_id


async def test_the_journal_lists_searches_and_details_the_sales(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with office_for(sim, tmp_path) as office:
        cash_id = await cash_sale_with_card(office.engine)
        terminal_id = await terminal_sale(office.engine)
        rows = office.back_office.today()
        assert [row.sale_id for row in rows] == [terminal_id, cash_id]  # newest first
        terminal, cash = rows
        assert (cash.number, cash.kind, cash.tender, cash.total) == (
            1,
            SaleKind.SALE,
            Tender.CASH,
            Money(349),
        )
        assert cash.state is SaleState.PRINTED
        assert cash.card_masked == "************0011"
        assert (cash.cancellable, cash.reversible, cash.cancelled) == (True, False, False)
        assert terminal.tender is Tender.TERMINAL
        assert terminal.receipt_number is not None
        assert (terminal.cancellable, terminal.reversible) == (False, True)

        assert [row.sale_id for row in office.back_office.search("0011")] == [cash_id]
        assert [row.sale_id for row in office.back_office.search("9276 0044 0000 0011")] == [cash_id]
        assert [row.sale_id for row in office.back_office.search("2")] == [terminal_id]
        assert office.back_office.search("  ") == []

        details = office.back_office.details(cash_id)
        assert [(item.description, item.quantity, item.total) for item in details.items] == [
            ("Sandwich Romano", 1, Money(349))
        ]
        assert (details.cash_given, details.change) == (Money(500), Money(151))
        assert [d.kind for d in details.documents] == [DocumentKind.RECEIPT]
        assert details.documents[0].printed
        assert details.steps[-1].to_state == SaleState.PRINTED.value
        with pytest.raises(InvalidInput):
            office.back_office.details("T1-19990101-000000")


async def test_preview_and_reprint_of_a_receipt(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with office_for(sim, tmp_path) as office:
        sale_id = await cash_sale_with_card(office.engine)
        receipt = office.back_office.details(sale_id).documents[0]
        png = await office.back_office.preview(receipt.job_id)
        assert png.startswith(PNG_SIGNATURE)
        assert len(png) > 1000
        copy = await office.back_office.reprint(receipt.job_id)
        assert copy.copy
        assert copy.printed
        assert copy.job_id != receipt.job_id
        assert "KOPIE" in plain_text(office.sink.jobs[-1], 48)
        with pytest.raises(InvalidInput):
            await office.back_office.preview(9999)


async def test_an_offline_printer_keeps_the_document_and_prints_it_later(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with office_for(sim, tmp_path, f"tcp://127.0.0.1:{free_port()}?timeout=1") as office:
        sale_id = await cash_sale_with_card(office.engine)
        receipt = office.back_office.details(sale_id).documents[0]
        assert not receipt.printed
        again = await office.back_office.reprint(receipt.job_id)  # still offline: nothing lost
        assert not again.printed
        assert again.problem
        report = await office.back_office.print_z_report(office.back_office.z_report())
        assert not report.printed
        assert report.kind is DocumentKind.Z_REPORT
        office.printer.use_printer(RECORDING)  # the printer is back
        printed = await office.back_office.reprint(receipt.job_id)  # never printed: no copy
        assert printed.printed
        assert not printed.copy
        assert printed.job_id == receipt.job_id
        assert "KOPIE" not in plain_text(office.sink.jobs[-1], 48)


async def test_cancel_a_cash_sale_then_refuse_a_second_cancel(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with office_for(sim, tmp_path) as office:
        before = office.engine.card_balances(ERIKA)
        sale_id = await cash_sale_with_card(office.engine)
        assert office.engine.card_balances(ERIKA) != before  # the sale collected bonus
        outcome = await office.back_office.cancel_sale(sale_id)
        assert outcome.row.cancelled
        assert outcome.row.state is SaleState.CANCELLED
        assert not outcome.row.cancellable
        assert (outcome.given_back, outcome.reversal) == (Money(349), False)
        assert outcome.receipt is not None
        assert outcome.receipt.kind is DocumentKind.CANCELLATION
        assert outcome.printed
        assert "STORNO" in plain_text(office.sink.jobs[-1], 48)
        assert office.engine.card_balances(ERIKA) == before
        with pytest.raises(CancellationRefused, match="already cancelled"):
            await office.back_office.cancel_sale(sale_id)


async def test_reverse_a_terminal_payment_by_its_receipt_number(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with office_for(sim, tmp_path) as office:
        sale_id = await terminal_sale(office.engine)
        row = office.back_office.details(sale_id).row
        assert row.receipt_number is not None
        outcome = await office.back_office.reverse_terminal_payment(row.receipt_number)
        assert outcome.reversal
        assert outcome.row.cancelled
        assert outcome.given_back == Money(198)
        assert outcome.receipt is not None
        assert outcome.receipt.printed
        with pytest.raises(InvalidInput):
            await office.back_office.reverse_terminal_payment(row.receipt_number + 1000)


async def test_the_end_of_the_day(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with office_for(sim, tmp_path) as office:
        await cash_sale_with_card(office.engine)
        await terminal_sale(office.engine)
        preview = await office.back_office.z_report_preview()
        assert preview.png.startswith(PNG_SIGNATURE)
        assert preview.report.sales.count == 2
        assert preview.report.tender(TenderKind.CASH).amount == Money(349)
        printed = await office.back_office.print_z_report(preview.report)
        assert printed.printed
        assert printed.kind is DocumentKind.Z_REPORT
        assert office.printer.jobs.get(printed.job_id).kind is PrintJobKind.Z_REPORT

        end = await office.back_office.terminal_end_of_day()
        assert end.ok
        assert end.status == "ok"
        assert "Anzahl Kartenzahlungen: 1" in end.lines
        assert end.lines[0] == "— Kassenschnitt —"
        diagnosis = await office.back_office.terminal_diagnosis()
        assert diagnosis.ok
        assert "Status: OK" in diagnosis.lines


def test_terminal_answers_that_are_odd_still_read() -> None:
    odd = SmartTransaction.model_validate({"id": "", "status": "failed", "receipt": None})
    answer = terminal_answer(view_of(odd))
    assert (answer.ok, answer.status, answer.lines, answer.transaction_id) == (False, "failed", (), None)
    assert receipt_text(()) == ()
