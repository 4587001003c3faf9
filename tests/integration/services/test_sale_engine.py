"""The sale engine against the simulator, embedded and served: the flows of a counter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cashier.domain.money import Money
from cashier.services.errors import (
    CardLocked,
    CardUnknown,
    InsufficientCash,
    InvalidState,
    PaymentDeclined,
    PinRequired,
    SecurityCodeLockout,
    WrongPin,
    WrongSecurityCode,
)
from cashier.services.sale import SaleState, Tender
from cashier.simulator import seed
from tests.helpers.engine import EMPTY, ERIKA, FRUIT, GIFT, LOCKED, PIN_CARD, SANDWICH, WATER, engine_for
from tests.helpers.simulator import SimulatorHandle


async def test_card_bonus_and_cash_remainder(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        for line in (SANDWICH, FRUIT, WATER):
            engine.sales.add_line(sale, line)
        card = await engine.sales.attach_card(sale, "9276 0044 0000 0011\r\n")
        assert (card.cash_balance, card.bonus_balance, card.holder) == (
            Money(2000),
            Money(350),
            "Erika Musterfrau",
        )
        shown = len(engine.transport.api_requests())
        await engine.sales.check_csc(sale, "1234")
        pricing = await engine.sales.apply_card(sale)
        # 7,96 €: the whole 3,50 € bonus, then 4,46 € from the cash balance; nothing left to pay.
        assert (pricing.bonus_used, pricing.cash_balance_used, pricing.missing_sum) == (
            Money(350),
            Money(446),
            Money(0),
        )
        result = await engine.payments.pay(sale, Tender.CARD)
        # From the card shown to the completed sale: CSC, create, preTransaction, start.
        assert len(engine.transport.api_requests()) - shown == 4
        assert sale.state is SaleState.COMPLETED
        assert result.transaction.status == "ok"
        receipt = result.receipts.customer
        assert receipt.total == Money(446)
        assert receipt.bonus_spent == Money(350)
        assert [tender.amount for tender in receipt.tenders] == [Money(446)]
        assert receipt.card_number_masked == "************0011"
        assert any(getattr(line, "caption", None) == "Kundenkarte" for line in receipt.server_lines)
        cash, bonus, _ = engine.card_balances(ERIKA)
        assert cash == 2000 - 446
        assert bonus == 22  # all 3,50 € spent, then 5 % of the 4,46 € revenue collected
        record = engine.journal.get(sale.sale_id)
        assert record.state == "completed"
        assert record.transaction_json is not None
        assert [step.to_state for step in engine.journal.steps(sale.sale_id)] == [
            "card_attached",
            "csc_ok",
            "priced",
            "starting",
            "completed",
        ]


async def test_cash_sale_without_card_gives_change(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        with pytest.raises(InsufficientCash):
            await engine.payments.pay(sale, Tender.CASH, given=Money(100))
        result = await engine.payments.pay(sale, Tender.CASH, given=Money(500))
        assert sale.change == Money(302)
        cash = result.receipts.customer.tenders[0]
        assert (cash.amount, cash.given, cash.change) == (Money(198), Money(500), Money(302))
        assert engine.journal.get(sale.sale_id).change == 302


async def test_three_wrong_security_codes_lock_the_card_out_of_the_sale(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        await engine.sales.attach_card(sale, ERIKA)
        for left in (2, 1):
            with pytest.raises(WrongSecurityCode) as wrong:
                await engine.sales.check_csc(sale, "9999")
            assert wrong.value.tries_left == left
        with pytest.raises(SecurityCodeLockout):
            await engine.sales.check_csc(sale, "9999")
        with pytest.raises(SecurityCodeLockout):
            await engine.sales.check_csc(sale, "1234")  # even the right one: no fourth try
        events = engine.audit.events(kind="csc_failed", sale_id=sale.sale_id)
        assert len(events) == 3
        assert all("9999" not in str(event.details) for event in events)


async def test_unknown_and_locked_cards_are_refused(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        with pytest.raises(CardUnknown):
            await engine.sales.attach_card(sale, "9276004499999999")
        with pytest.raises(CardLocked):
            await engine.sales.attach_card(sale, LOCKED)
        assert sale.card is None
        assert sale.state is SaleState.EDITING


async def test_pin_is_asked_when_the_card_wants_it(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        await engine.sales.attach_card(sale, PIN_CARD)
        await engine.sales.check_csc(sale, "2345")
        with pytest.raises(PinRequired):
            await engine.sales.apply_card(sale)
        with pytest.raises(WrongPin):
            await engine.sales.check_pin(sale, "0000")
        await engine.sales.check_pin(sale, "4711")
        pricing = await engine.sales.apply_card(sale)
        assert pricing.missing_sum == Money(0)
        await engine.payments.pay(sale, Tender.CARD)
        assert engine.card_balances(PIN_CARD)[0] == 500 - 349


async def test_a_declined_terminal_payment_can_be_paid_in_cash(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH.__class__("Kuchen", Money(213), 1, SANDWICH.vat))  # 2,13 €
        with pytest.raises(PaymentDeclined):
            await engine.payments.pay(sale, Tender.TERMINAL)
        assert sale.state is SaleState.FAILED
        with pytest.raises(InvalidState):
            engine.sales.add_line(sale, WATER)
        await engine.payments.pay(sale, Tender.CASH, given=Money(300))
        assert sale.state is SaleState.COMPLETED


async def test_terminal_payment_with_merchant_copy(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH.__class__("Torte", Money(12000), 1, SANDWICH.vat))
        result = await engine.payments.pay(sale, Tender.TERMINAL)
        assert result.transaction.receipt_number is not None
        if result.transaction.receipt_merchant_print is True:
            assert result.receipts.merchant is None  # the terminal printed its copy itself
        else:  # left to the till: printed as the terminal wrote it (its own signature line)
            assert result.receipts.merchant is not None
            assert result.receipts.merchant.merchant_copy
            assert not result.receipts.merchant.signature_required
        terminal = result.receipts.customer.tenders[0]
        assert terminal.reference == str(result.transaction.receipt_number)
        assert engine.journal.get(sale.sale_id).receipt_number == result.transaction.receipt_number


async def test_load_a_card_and_create_a_card(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        load = engine.sales.new_sale()
        await engine.sales.attach_card(load, EMPTY)
        engine.sales.add_card_load(load, Money(2500))
        await engine.payments.pay(load, Tender.CASH, given=Money(2500))
        assert engine.card_balances(EMPTY)[0] == 2500
        assert engine.journal.get(load.sale_id).card_loaded == 2500

        new = engine.sales.new_sale()
        engine.sales.create_card(new, seed.GIFT_GROUP_ID)
        engine.sales.add_card_load(new, Money(5000))
        result = await engine.payments.pay(new, Tender.TERMINAL)
        assert new.new_card_number is not None
        assert new.new_card_number.startswith("9276")
        assert new.new_card_csc is not None
        assert len(new.new_card_csc) == 4
        assert engine.card_balances(new.new_card_number)[0] == 5000
        # The CSC is shown and printed once; it is never journalled.
        stored = json.loads(engine.journal.get(new.sale_id).transaction_json or "{}")
        assert all("csc" not in (ident.get("merchantcard") or {}) for ident in stored["idents"])
        # ... nor under another name (a value equal to the code; a substring test would also
        # find "0000" in a card number)
        assert new.new_card_csc not in _leaf_values(stored["idents"])
        assert result.receipts.customer.card_number_masked == new.new_card_number


async def test_sepa_direct_debit(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        result = await engine.payments.pay(
            sale, Tender.SEPA, iban="DE89 3704 0044 0532 0130 00", holder="Erika Musterfrau"
        )
        sepa = result.receipts.customer.tenders[0]
        assert sepa.reference is not None
        assert sepa.reference.startswith("CSH-")
        assert result.receipts.merchant is not None


async def test_gift_card_pays_part_and_cash_the_rest(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH.__class__("Geschenkkorb", Money(6000), 1, SANDWICH.vat))
        await engine.sales.attach_card(sale, GIFT)
        await engine.sales.check_csc(sale, "5678")
        pricing = await engine.sales.apply_card(sale)
        assert (pricing.cash_balance_used, pricing.missing_sum) == (Money(5000), Money(1000))
        with pytest.raises(InvalidState):
            await engine.payments.pay(sale, Tender.CARD)
        result = await engine.payments.pay(sale, Tender.CASH, given=Money(2000))
        kinds = [tender.kind.value for tender in result.receipts.customer.tenders]
        assert kinds == ["card_cash_balance", "cash"]
        assert sale.change == Money(1000)
        assert engine.card_balances(GIFT)[0] == 0


async def test_abort_an_unpaid_sale(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        await engine.sales.attach_card(sale, ERIKA)
        await engine.sales.check_csc(sale, "1234")
        await engine.sales.apply_card(sale)
        await engine.sales.abort(sale)
        assert sale.state is SaleState.ABORTED
        stx = engine.sim.store.get("smart.transactions", sale.smart_transaction_id or "")
        assert stx is not None
        assert stx["status"] == "aborted"
        assert engine.card_balances(ERIKA) == (2000, 350, 0)


async def test_editing_after_pricing_sends_the_basket_again(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        await engine.sales.attach_card(sale, EMPTY)
        await engine.sales.check_csc(sale, "4567")
        first = await engine.sales.apply_card(sale)
        engine.sales.add_line(sale, WATER)
        assert sale.state is SaleState.CSC_OK
        second = await engine.sales.apply_card(sale)
        assert (first.missing_sum, second.missing_sum) == (Money(349), Money(547))
        puts = [r for r in engine.transport.api_requests() if r.method == "PUT"]
        assert len(puts) == 1


def _leaf_values(node: object) -> set[str]:
    """Every scalar in a JSON document, as text."""
    if isinstance(node, dict):
        return set().union(*(_leaf_values(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_leaf_values(value) for value in node))
    return {str(node)}
