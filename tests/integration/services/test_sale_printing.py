"""A completed sale and its printer: the receipt is stored first; a printer failure never undoes it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cashier.domain.money import Money
from cashier.domain.receipt_codec import loads_receipt
from cashier.printing.escpos_decode import plain_text
from cashier.printing.profile import PrinterProfile
from cashier.services.printing import PrintService
from cashier.services.sale import SaleState, Tender
from tests.helpers.engine import SANDWICH, WATER, engine_for
from tests.helpers.printers import LoopbackPrinter, RecordingSink, free_port
from tests.helpers.simulator import SimulatorHandle


def printer(engine: object, uri: str, sink: RecordingSink | None = None) -> PrintService:
    return PrintService(
        engine.db,  # type: ignore[attr-defined]
        printer_uri=uri,
        profile=PrinterProfile.for_columns(48),
        now=lambda: datetime.now().astimezone(),
        **({"sink_factory": lambda _uri: sink} if sink is not None else {}),
    )


async def test_a_printed_sale_is_printed_and_its_receipt_kept(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sink = RecordingSink()
        engine.payments.printer = printer(engine, "test://recording", sink)
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        result = await engine.payments.pay(sale, Tender.CASH, given=Money(500))
        assert result.printed
        assert sale.state is SaleState.PRINTED
        text = plain_text(b"".join(sink.jobs), 48)
        assert "Wasser 0,25 l" in text
        assert "Rückgeld" in text
        assert "[drawer pin 2" in text  # cash opens the drawer
        record = engine.journal.get(sale.sale_id)
        assert record.state == "printed"
        assert loads_receipt(record.receipt_json or "") == result.receipts.customer


async def test_an_offline_printer_leaves_the_sale_completed_and_the_job_retryable(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        engine.payments.printer = printer(engine, f"tcp://127.0.0.1:{free_port()}")  # nobody listens
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        result = await engine.payments.pay(sale, Tender.CASH, given=Money(349))
        assert not result.printed
        assert result.print_error is not None
        assert sale.state is SaleState.COMPLETED
        assert engine.journal.get(sale.sale_id).state == "completed"
        failed = engine.payments.printer.failed()
        assert [job.sale_id for job in failed] == [sale.sale_id]

        live = LoopbackPrinter()
        try:
            engine.payments.printer.use_printer(live.uri(status="off"))
            retried = await engine.payments.printer.retry(failed[0].id)
            assert retried.printed
            assert "Sandwich Romano" in plain_text(live.wait_for_jobs(1)[0], 48)
        finally:
            live.close()


async def test_print_later_queues_the_receipts_and_prints_them_when_asked(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    """The window's way: the result first, the receipts printed behind it."""
    async with engine_for(sim, tmp_path) as engine:
        sink = RecordingSink()
        engine.payments.printer = printer(engine, "test://recording", sink)
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        result = await engine.payments.pay(sale, Tender.CASH, given=Money(500), print_now=False)
        assert result.print_pending
        assert not result.printed
        assert sink.jobs == []  # nothing went to the printer yet
        assert sale.state is SaleState.COMPLETED
        queued = engine.payments.printer.unfinished()  # but the receipt is in the print queue
        assert [job.id for job in queued] == list(result.print_jobs)
        assert [job.sale_id for job in queued] == [sale.sale_id]

        printed = await engine.payments.print_receipts(result)
        assert printed.printed
        assert not printed.print_pending
        assert sale.state is SaleState.PRINTED
        assert engine.journal.get(sale.sale_id).state == "printed"
        assert "Wasser 0,25 l" in plain_text(b"".join(sink.jobs), 48)
        assert engine.payments.printer.unfinished() == []
        again = await engine.payments.print_receipts(printed)  # done is done
        assert again is printed
        assert len(sink.jobs) == 1


async def test_print_later_to_an_offline_printer_leaves_the_job_retryable(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        engine.payments.printer = printer(engine, f"tcp://127.0.0.1:{free_port()}")  # nobody listens
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        result = await engine.payments.pay(sale, Tender.CASH, given=Money(349), print_now=False)
        printed = await engine.payments.print_receipts(result)
        assert not printed.printed
        assert printed.print_error is not None
        assert sale.state is SaleState.COMPLETED
        assert [job.sale_id for job in engine.payments.printer.failed()] == [sale.sale_id]
