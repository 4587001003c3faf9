"""What the paper says of sales made offline (docs/offline.md): the customer's receipt stands on its
own, and the Z report lists the sales still to book and the ones booked late — on 80 and 58 mm,
read back from the ESC/POS bytes as a customer or the shop owner reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cashier.domain.money import Money
from cashier.domain.receipt_codec import loads_receipt
from cashier.domain.report_codec import dumps_document, loads_z_report
from cashier.domain.report_lines import ZLine, z_report_lines
from cashier.domain.reports import OfflineBooking
from cashier.printing.escpos_decode import plain_text
from cashier.printing.profile import PAPER_58MM, PAPER_80MM, PrinterProfile
from cashier.printing.receipt_layout import render_receipt
from cashier.printing.report_layout import render_z_report
from cashier.services.sale import Tender
from tests.helpers.engine import ERIKA, LOCKED, SANDWICH, WATER, Engine, engine_for
from tests.helpers.simulator import SimulatorHandle

pytestmark = pytest.mark.expected_errors("cashier.api.http")  # the unplugged line's requests
PROFILES = pytest.mark.parametrize("profile", [PAPER_80MM, PAPER_58MM], ids=["80mm", "58mm"])


async def sell_offline(engine: Engine, card: str | None = None, given: int = 1_000) -> str:
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, SANDWICH)
    engine.sales.add_line(sale, WATER)
    if card is not None:
        await engine.sales.attach_card(sale, card)
    await engine.payments.pay(sale, Tender.CASH, given=Money(given))
    return sale.sale_id


def receipt_text(engine: Engine, sale_id: str, profile: PrinterProfile) -> list[str]:
    receipt = loads_receipt(engine.journal.get(sale_id).receipt_json or "")
    text = plain_text(render_receipt(receipt, profile), profile.columns)
    assert max(len(line) for line in text.splitlines()) <= profile.columns
    return [line.strip() for line in text.splitlines()]


@PROFILES
async def test_an_offline_receipt_is_complete_on_its_own_and_promises_the_bonus_later(
    sim: SimulatorHandle, tmp_path: Path, profile: PrinterProfile
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        engine.unplug()
        with_card = await sell_offline(engine, card=ERIKA)
        without = await sell_offline(engine)
        lines = receipt_text(engine, with_card, profile)
        text = "\n".join(lines)
        # What the law asks of a receipt: the shop, the items, the total, the VAT, how it was paid.
        for needed in ("Café Sonnenschein", "Sandwich Romano", "Wasser 0,25 l", "DE123456789"):
            assert needed in text
        assert any(line.startswith("SUMME") and line.endswith("5,47 €") for line in lines), text
        assert any(line.startswith("Bar") and line.endswith("5,47 €") for line in lines), text
        assert any(line.startswith("Gegeben") and line.endswith("10,00 €") for line in lines), text
        assert any(line.startswith("Rückgeld") and line.endswith("4,53 €") for line in lines), text
        assert "MwSt" in text
        # Made offline, said so; the card's number masked, its bonus promised — nothing from the server.
        assert "OFFLINE-VERKAUF" in lines
        assert "ohne Verbindung zu secuconnect" in lines
        assert "Bonus der Karte wird" in lines
        assert "nachträglich gutgeschrieben" in lines
        assert ERIKA not in text
        assert ERIKA[-4:] in text
        for server_word in ("TA Code", "Guthaben", "Umsatz erfasst"):
            assert server_word not in text
        plain = "\n".join(receipt_text(engine, without, profile))
        assert "OFFLINE-VERKAUF" in plain
        assert "Bonus der Karte" not in plain  # no card, no promise


@PROFILES
async def test_the_z_report_lists_sales_to_book_then_booked_late_and_without_card(
    sim: SimulatorHandle, tmp_path: Path, profile: PrinterProfile
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        engine.unplug()
        first = await sell_offline(engine, card=ERIKA)
        second = await sell_offline(engine, card=LOCKED)
        await sell_offline(engine)
        report = engine.after_sale.z_report()
        assert [s.booking for s in report.offline_sales] == [OfflineBooking.TO_BOOK] * 3
        assert report.sales.count == 3
        assert report.sales.amount == Money(3 * 547)
        figures = {line.line: line for line in z_report_lines(report)[-1]}
        assert (figures[ZLine.TO_BOOK].count, figures[ZLine.TO_BOOK].amount) == (3, Money(1641))
        assert figures[ZLine.BOOKED_LATE].count == 0
        assert ZLine.WITHOUT_CARD not in figures
        paper = [
            line.strip()
            for line in plain_text(render_z_report(report, profile), profile.columns).splitlines()
        ]
        assert "Offline-Verkäufe (3)" in paper
        assert paper.count("noch zu buchen") == 3  # each sale, besides the figure "noch zu buchen (3)"
        assert any(line.startswith("noch zu buchen (3)") and line.endswith("16,41 €") for line in paper)

        engine.plug_in()
        assert await engine.connection.wait_until_online(probes=1)
        await engine.booker.book_all()
        report = engine.after_sale.z_report()
        bookings = {s.number: s for s in report.offline_sales}
        assert [s.booking for s in report.offline_sales] == [
            OfflineBooking.BOOKED,
            OfflineBooking.BOOKED_WITHOUT_CARD,
            OfflineBooking.BOOKED,
        ]
        refused = bookings[engine.journal.get(second).sale_number]
        assert refused.reason is not None
        assert "card refused" in refused.reason
        assert bookings[engine.journal.get(first).sale_number].reason is None
        figures = {line.line: line for line in z_report_lines(report)[-1]}
        assert figures[ZLine.TO_BOOK].count == 0
        assert (figures[ZLine.BOOKED_LATE].count, figures[ZLine.WITHOUT_CARD].count) == (3, 1)
        text = plain_text(render_z_report(report, profile), profile.columns)
        assert max(len(line) for line in text.splitlines()) <= profile.columns
        paper = [line.strip() for line in text.splitlines()]
        assert any(line.startswith("nachgebucht (3)") and line.endswith("16,41 €") for line in paper)
        assert any(line.startswith("davon ohne Karte (1)") and line.endswith("5,47 €") for line in paper)
        assert sum(line.startswith("nachgebucht ") and ":" in line for line in paper) == 3  # with its time
        assert paper.count("Karte abgelehnt: kein Bonus") == 1
        assert loads_z_report(dumps_document(report)) == report  # kept in the print queue as it is


async def test_an_earlier_days_sale_still_to_book_is_on_the_next_days_report(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        engine.unplug()
        sale_id = await sell_offline(engine)
        day = engine.journal.get(sale_id).business_day
        report = engine.after_sale.z_report("2099-01-01")
        assert [(s.business_day.isoformat(), s.booking) for s in report.offline_sales] == [
            (day, OfflineBooking.TO_BOOK)
        ]
        text = plain_text(render_z_report(report, PAPER_80MM), 48)
        assert "noch zu buchen (1)" in text
