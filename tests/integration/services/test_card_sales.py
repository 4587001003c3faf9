"""Selling the card itself, embedded and served: card groups, a new card with and without a
first load, and its security code — printed once, on the customer's first print, and stored
nowhere (not in the journal file, not in the log, not in a retry or a reprint)."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from cashier.domain.money import Money
from cashier.journal.print_jobs import PrintJobKind
from cashier.printing.errors import PrinterOffline
from cashier.printing.escpos_decode import plain_text
from cashier.printing.profile import PrinterProfile
from cashier.printing.receipt_layout import SECURITY_CODE_LABEL, SECURITY_CODE_NOT_REPRINTED
from cashier.services.errors import InvalidState
from cashier.services.printing import PrintService
from cashier.services.sale import CardGroupOption, SaleKind, SaleState, Tender
from cashier.simulator import cardstore, seed
from tests.helpers.engine import EMPTY, WATER, Engine, engine_for
from tests.helpers.printers import RecordingSink
from tests.helpers.simulator import SimulatorHandle

CSC = "7319"  # the simulator's next "random" code, so that the test can look for it
STANDALONE = re.compile(rb"(?<![0-9])" + CSC.encode() + rb"(?![0-9])")


@pytest.fixture(autouse=True)
def known_security_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cardstore, "secrets", SimpleNamespace(randbelow=lambda _: int(CSC)))


def with_printer(engine: Engine, sink: RecordingSink) -> PrintService:
    printer = PrintService(
        engine.db,
        printer_uri="test://recording",
        profile=PrinterProfile.for_columns(48),
        now=lambda: datetime.now().astimezone(),
        sink_factory=lambda _uri: sink,
    )
    engine.payments.printer = printer
    return printer


def journal_bytes(tmp_path: Path) -> bytes:
    files = [tmp_path / name for name in ("journal.sqlite", "journal.sqlite-wal", "journal.sqlite-journal")]
    return b"".join(path.read_bytes() for path in files if path.exists())


async def test_the_card_groups_are_plain_choices(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        groups = await engine.sales.card_groups()
    assert groups == [CardGroupOption(group.id, group.name) for group in seed.CARD_GROUPS]


async def test_a_new_card_without_a_load_is_a_sale_of_nothing(
    sim: SimulatorHandle, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with engine_for(sim, tmp_path) as engine:
        sink = RecordingSink()
        printer = with_printer(engine, sink)
        sale = engine.sales.new_sale()
        engine.sales.create_card(sale, seed.LOYALTY_GROUP_ID)
        result = await engine.payments.pay(sale, Tender.CASH, given=Money(0))
        assert sale.kind is SaleKind.NEW_CARD
        assert sale.state is SaleState.PRINTED
        assert (sale.new_card_number or "").startswith("9276")
        assert sale.new_card_csc == CSC
        assert engine.card_balances(sale.new_card_number or "") == (0, 0, 0)
        assert result.receipts.customer.total == Money(0)
        assert engine.journal.get(sale.sale_id).new_card_number == sale.new_card_number

        [first] = sink.jobs  # one receipt: no merchant copy for cash, and no drawer kick
        text = plain_text(first, 48)
        assert SECURITY_CODE_LABEL in text
        assert CSC in text
        assert sale.new_card_number in text
        assert "[drawer" not in text

        await printer.reprint(sale_id=sale.sale_id)
        reprinted = plain_text(sink.jobs[-1], 48)
        assert "KOPIE" in reprinted
        assert SECURITY_CODE_NOT_REPRINTED in reprinted.replace("\n", " ")
        assert not STANDALONE.search(sink.jobs[-1])
        assert all(CSC not in job.document for job in printer.jobs_of_sale(sale.sale_id))
    assert not STANDALONE.search(journal_bytes(tmp_path))
    assert CSC not in caplog.text


async def test_a_retry_after_a_failed_first_print_does_not_print_the_code(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sink = RecordingSink()
        sink.fail_with = PrinterOffline("The printer does not answer", uri="test://recording")
        printer = with_printer(engine, sink)
        sale = engine.sales.new_sale()
        engine.sales.create_card(sale, seed.GIFT_GROUP_ID)
        engine.sales.add_card_load(sale, Money(2000))
        result = await engine.payments.pay(sale, Tender.TERMINAL)
        assert not result.printed
        assert sale.new_card_csc == CSC  # still on screen: the cashier writes it down
        sink.fail_with = None
        # The terminal left its merchant copy to the till: two failed jobs; the customer's is retried.
        assert sorted(job.kind for job in printer.failed()) == [PrintJobKind.CUSTOMER, PrintJobKind.MERCHANT]
        failed = next(job for job in printer.failed() if job.kind is PrintJobKind.CUSTOMER)
        assert (await printer.retry(failed.id)).printed
        [retried] = sink.jobs
        assert not STANDALONE.search(retried)
        assert SECURITY_CODE_NOT_REPRINTED in plain_text(retried, 48).replace("\n", " ")
        assert engine.card_balances(sale.new_card_number or "")[0] == 2000


async def test_an_empty_basket_is_paid_only_by_a_new_card_in_cash(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        plain = engine.sales.new_sale()
        with pytest.raises(InvalidState):
            await engine.payments.pay(plain, Tender.CASH, given=Money(0))
        new = engine.sales.new_sale()
        engine.sales.create_card(new, seed.GIFT_GROUP_ID)
        with pytest.raises(InvalidState):
            await engine.payments.pay(new, Tender.TERMINAL)
        assert new.state is SaleState.EDITING
        assert engine.transport.api_requests() == []  # refused before anything was sent
        engine.sales.add_line(new, WATER)  # goods on a new card's sale are allowed (bonus on them)
        assert (await engine.payments.pay(new, Tender.CASH, given=Money(198))).sale.new_card_number


async def test_a_load_without_its_card_is_refused_before_anything_is_sent(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        await engine.sales.attach_card(sale, EMPTY)
        engine.sales.add_card_load(sale, Money(1000))
        engine.sales.detach_card(sale)
        sent = len(engine.transport.api_requests())
        with pytest.raises(InvalidState):
            await engine.payments.pay(sale, Tender.CASH, given=Money(1000))
        assert len(engine.transport.api_requests()) == sent
        assert engine.card_balances(EMPTY)[0] == 0


async def test_the_journal_knows_a_card_load_from_a_sale(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_card_load(sale, Money(2000))
        assert sale.kind is SaleKind.CARD_LOAD
        assert engine.journal.get(sale.sale_id).kind == "card_load"
        engine.sales.add_line(sale, WATER)  # an article as well: a sale, as the receipt says
        assert engine.journal.get(sale.sale_id).kind == "sale"
        engine.sales.remove_line(sale, 1)
        assert engine.journal.get(sale.sale_id).kind == "card_load"
        card_sale = engine.sales.new_sale()
        engine.sales.create_card(card_sale, seed.LOYALTY_GROUP_ID)
        engine.sales.add_card_load(card_sale, Money(1000))
        assert engine.journal.get(card_sale.sale_id).kind == "new_card"
