"""Selling while secuconnect cannot be reached, and booking it later exactly once (docs/offline.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from cashier.domain.money import Money
from cashier.journal.sales import Booking
from cashier.services.errors import NotPossibleOffline, OfflineConfirmationNeeded
from cashier.services.offline import OfflineLimits
from cashier.services.offline_booking import BookingOutcome
from cashier.services.sale import SaleState, Tender
from tests.helpers.clock import FakeClock
from tests.helpers.engine import ERIKA, GIFT, LOCKED, SANDWICH, WATER, Engine, engine_for
from tests.helpers.simulator import SimulatorHandle

UNKNOWN_CARD = "9276004400009999"

# The unplugged line is the point: the client logs each failed request.
pytestmark = pytest.mark.expected_errors("cashier.api.http")


def transactions_of(engine: Engine, sale_id: str) -> list[dict[str, object]]:
    return [t for t in engine.sim.store.all("smart.transactions") if t.get("transactionRef") == sale_id]


async def offline_cash_sale(engine: Engine, *, card: str | None = None, given: int = 1_000) -> str:
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, SANDWICH)
    engine.sales.add_line(sale, WATER)
    if card is not None:
        view = await engine.sales.attach_card(sale, card)
        assert not view.verified
    result = await engine.payments.pay(sale, Tender.CASH, given=Money(given))
    assert sale.state is SaleState.COMPLETED
    assert result.transaction.status == "offline"
    return sale.sale_id


async def test_a_cash_sale_without_a_card_is_sold_offline_and_booked_once_later(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        engine.unplug()
        sale_id = await offline_cash_sale(engine)
        record = engine.journal.get(sale_id)
        assert (record.booking, record.total, record.change, record.smart_transaction_id) == (
            Booking.TO_BOOK,
            547,
            453,
            None,
        )
        assert engine.connection.offline
        assert [r.sale_id for r in engine.booker.pending()] == [sale_id]

        engine.plug_in()
        assert await engine.connection.wait_until_online(probes=1)
        results = await engine.booker.book_all()
        assert [(r.sale_id, r.outcome) for r in results] == [(sale_id, BookingOutcome.BOOKED)]
        record = engine.journal.get(sale_id)
        assert record.booking == Booking.BOOKED
        assert record.booked_at is not None
        booked = transactions_of(engine, sale_id)
        assert [(t["id"], t["status"]) for t in booked] == [(record.smart_transaction_id, "ok")]
        assert engine.booker.pending() == []
        assert await engine.booker.book_all() == []  # nothing twice


async def test_a_card_scanned_offline_earns_its_bonus_when_the_sale_is_booked(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        before = engine.card_balances(ERIKA)
        engine.unplug()
        sale_id = await offline_cash_sale(engine, card=ERIKA)
        assert engine.journal.get(sale_id).card_number == ERIKA
        assert engine.card_balances(ERIKA) == before  # nothing moved while offline
        receipt = engine.journal.get(sale_id).receipt_json or ""
        assert "OFFLINE-VERKAUF" in receipt
        assert "nachträglich gutgeschrieben" in receipt

        engine.plug_in()
        results = await engine.booker.book_all()
        assert [r.outcome for r in results] == [BookingOutcome.BOOKED]
        after = engine.card_balances(ERIKA)
        assert after[0] == before[0]  # the cash balance paid nothing
        assert after[1:] != before[1:]  # bonus or points were credited
        assert engine.journal.get(sale_id).bonus_granted == after[1] - before[1]


@pytest.mark.parametrize("card", [UNKNOWN_CARD, LOCKED])
async def test_a_card_refused_at_booking_leaves_the_sale_valid_without_bonus(
    sim: SimulatorHandle, tmp_path: Path, card: str
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        engine.unplug()
        sale_id = await offline_cash_sale(engine, card=card)
        engine.plug_in()
        results = await engine.booker.book_all()
        assert [r.outcome for r in results] == [BookingOutcome.BOOKED_WITHOUT_CARD]
        record = engine.journal.get(sale_id)
        assert record.booking == Booking.BOOKED_WITHOUT_CARD
        assert record.state in ("completed", "printed")
        assert record.bonus_granted == 0
        assert "card refused" in (record.last_error or "")
        assert [t["status"] for t in transactions_of(engine, sale_id) if t["status"] == "ok"] == ["ok"]


async def test_what_needs_secuconnect_is_refused_offline_with_its_reason(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        online = engine.sales.new_sale()
        engine.sales.add_line(online, SANDWICH)
        await engine.payments.pay(online, Tender.CASH, given=Money(349))
        engine.unplug()
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        await engine.sales.attach_card(sale, GIFT)
        refused: dict[str, str] = {}

        async def expect(name: str, call: object) -> None:
            with pytest.raises(NotPossibleOffline) as caught:
                await call  # type: ignore[misc]
            refused[name] = caught.value.what

        await expect("csc", engine.sales.check_csc(sale, "5678"))
        await expect("apply", engine.sales.apply_card(sale))
        await expect("terminal", engine.payments.pay(sale, Tender.TERMINAL))
        await expect(
            "sepa", engine.payments.pay(sale, Tender.SEPA, iban="DE02120300000000202051", holder="A")
        )
        await expect("card", engine.payments.pay(sale, Tender.CARD))
        await expect("groups", engine.sales.card_groups())
        await expect("cancel", engine.after_sale.cancel_sale(online.sale_id))
        with pytest.raises(NotPossibleOffline) as load:
            engine.sales.add_card_load(sale, Money(1_000))
        refused["load"] = load.value.what
        with pytest.raises(NotPossibleOffline) as create:
            engine.sales.create_card(engine.sales.new_sale(), "CRG_X")
        refused["create"] = create.value.what
        assert refused == {
            "csc": "card_balance",
            "apply": "card_balance",
            "terminal": "terminal",
            "sepa": "sepa",
            "card": "card_balance",
            "groups": "new_card",
            "cancel": "cancel",
            "load": "card_load",
            "create": "new_card",
        }
        assert sale.state.is_open  # nothing changed: still sellable for cash
        assert engine.transport.api_requests()[-1].path.endswith("/start/cash")  # the online sale's


async def test_an_offline_sale_above_the_limits_waits_for_a_managers_confirmation(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    clock = FakeClock()
    limits = OfflineLimits(max_sale=Money(500), max_duration=timedelta(hours=1))
    async with engine_for(sim, tmp_path, clock=clock, offline_limits=limits) as engine:
        engine.unplug()
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        engine.sales.add_line(sale, WATER)  # 5,47 € > 5,00 €
        with pytest.raises(OfflineConfirmationNeeded) as above:
            await engine.payments.pay(sale, Tender.CASH, given=Money(1_000))
        assert above.value.reason == "amount"
        assert sale.state.is_open
        await engine.payments.pay(sale, Tender.CASH, given=Money(1_000), offline_confirmed=True)
        assert sale.state is SaleState.COMPLETED
        kinds = [event.kind for event in engine.audit.events()]
        assert "offline_sale_confirmed" in kinds

        clock.advance(2 * 3600)
        small = engine.sales.new_sale()
        engine.sales.add_line(small, SANDWICH)
        with pytest.raises(OfflineConfirmationNeeded) as late:
            await engine.payments.pay(small, Tender.CASH, given=Money(349))
        assert late.value.reason == "duration"


async def test_offline_sales_are_booked_in_the_order_they_were_made(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        engine.unplug()
        made = [await offline_cash_sale(engine) for _ in range(3)]
        engine.plug_in()
        results = await engine.booker.book_all()
        assert [r.sale_id for r in results] == made
        started = [r.path for r in engine.transport.api_requests() if "/start/" in r.path]
        assert len(started) == 3


async def test_a_card_that_asks_for_its_pin_before_it_collects_is_booked_without_it(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    """Passcode 4: the PIN before the card records revenue. Nobody can type it at booking time."""
    async with engine_for(sim, tmp_path) as engine:
        row = engine.sim.store.execute(
            "SELECT id FROM merchant_cards WHERE cardnumber = ?", (ERIKA,)
        ).fetchone()
        card = engine.sim.store.get("loyalty.merchantcards", row["id"])
        assert card is not None
        engine.sim.store.put("loyalty.merchantcards", row["id"], {**card, "passcode": 4})
        before = engine.card_balances(ERIKA)
        engine.unplug()
        sale_id = await offline_cash_sale(engine, card=ERIKA)
        engine.plug_in()
        results = await engine.booker.book_all()
        assert [r.outcome for r in results] == [BookingOutcome.BOOKED_WITHOUT_CARD]
        assert engine.booker.pending() == []
        assert engine.card_balances(ERIKA) == before
        assert "card refused" in (engine.journal.get(sale_id).last_error or "")
