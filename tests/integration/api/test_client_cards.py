"""Merchant card operations of SecuconnectClient against the simulator: answers and typed errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cashier.api.cards import ContactDraft, CustomerDraft, LockReasonCode
from cashier.api.errors import InvalidRequest, NotFound
from cashier.api.receipts import SeparatorLine, SpaceLine, TextLine
from cashier.api.transactions import BasketItem, IdentDraft, SmartTransactionDraft
from cashier.simulator import seed
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import till_session

ERIKA = "9276004400000011"  # 2000 cash + 350 bonus, CSC 1234
PIN_CARD = "9276004400000029"  # passcode 2, PIN 4711, CSC 2345
LOCKED = "9276004400000037"
EMPTY = "9276004400000045"  # CSC 4567
UNKNOWN = "9276004499999999"


async def test_validation_tells_unknown_locked_and_passcode_cards_apart(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        plain = await client.validate_card(ERIKA)
        with_pin = await client.validate_card(PIN_CARD)
        locked = await client.validate_card(LOCKED)
        unknown = await client.validate_card(UNKNOWN)
    assert (plain.is_valid, plain.has_passcode, plain.is_locked, plain.usable) == (True, False, False, True)
    assert (with_pin.has_passcode, with_pin.usable) == (True, True)
    assert (locked.is_valid, locked.is_locked, locked.usable) == (True, True, False)
    assert (unknown.is_valid, unknown.has_passcode, unknown.is_locked, unknown.usable) == (
        False,
        None,
        None,
        False,
    )


async def test_security_code_and_pin_checks_answer_true_or_false(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        erika, pin_card = seed.demo_card_id(ERIKA), seed.demo_card_id(PIN_CARD)
        assert await client.check_csc(erika, ERIKA, "1234") is True
        assert await client.check_csc(erika, ERIKA, "4321") is False
        assert await client.check_passcode(pin_card, PIN_CARD, "4711") is True
        assert await client.check_passcode(pin_card, PIN_CARD, "4712") is False
        assert await client.check_passcode(erika, ERIKA, "1234") is False  # a card without PIN
        with pytest.raises(NotFound) as caught:
            await client.check_csc(seed.demo_card_id(UNKNOWN), UNKNOWN, "1234")
    assert caught.value.code == 3001
    assert caught.value.support_id


async def test_reading_cards_by_number_and_id(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        found = await client.find_card(ERIKA)
        assert found is not None
        by_id = await client.get_card(found.id)
        assert await client.find_card(UNKNOWN) is None
        with pytest.raises(NotFound) as caught:
            await client.get_card("MCD_NOSUCHCARD0000000000000000000")
        search = [r for r in till.transport.api_requests() if r.method == "GET" and r.query]
    assert by_id == found
    assert (found.balance, found.cash_balance, found.bonus_balance, found.passcode) == (2350, 2000, 350, 0)
    assert caught.value.status == 404
    assert search[0].query == f"q=card.cardnumber%3A{ERIKA}"


async def test_the_balance_receipt(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        receipt = await till.client.card_balance_receipt(
            seed.demo_card_id(ERIKA), ERIKA, terminal_id="12345678"
        )
    assert (receipt.valid, receipt.balance, receipt.cash_balance, receipt.bonus_balance) == (
        True,
        2350,
        2000,
        350,
    )
    assert receipt.receipt_header == [SpaceLine()]
    first = receipt.receipt[0]
    assert isinstance(first, SeparatorLine)
    assert first.caption == "Demo Kundenkarte"
    amounts = [
        line.value.text for line in receipt.receipt if isinstance(line, TextLine) and line.value.important
    ]
    assert amounts[:2] == ["23,50 EUR", "3,50 EUR"]


async def test_creating_cards_returns_their_numbers_and_security_codes(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    holder = CustomerDraft(
        merchant_contact=ContactDraft(salutation="Herr", forename="Max", surname="Mustermann"),
        customernumber="K-1001",
    )
    async with till_session(sim, tmp_path) as till:
        client = till.client
        created = await client.create_cards(seed.MERCHANT_ID, seed.GIFT_GROUP_ID, amount=2, customer=holder)
        checks = [
            await client.check_csc(card.id, card.cardnumber or "", card.csc.get_secret_value())
            for card in created
            if card.csc
        ]
        found = await client.find_card(created[0].cardnumber or "")
        with pytest.raises(NotFound):
            await client.create_cards(seed.MERCHANT_ID, "CRG_NOSUCHGROUP00000000000000000000")
    assert len(created) == 2
    numbers = [card.cardnumber or "" for card in created]
    assert all(number.startswith("9276") and len(number) == 16 for number in numbers)
    assert len(set(numbers)) == 2
    assert checks == [True, True]
    assert "csc=SecretStr('**********')" in repr(created[0])
    assert found is not None
    assert (found.balance, found.cardgroup and found.cardgroup.id) == (0, seed.GIFT_GROUP_ID)
    assert found.customer is not None
    assert found.customer.customernumber == "K-1001"


async def test_locking_and_unlocking_a_card(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        client = till.client
        card_id = seed.demo_card_id(EMPTY)
        reasons = await client.lock_reasons()
        locked = await client.lock_card(card_id, LockReasonCode.DEFECT, note="Chip gebrochen", csc="4567")
        state = await client.lock_status(card_id)
        validation = await client.validate_card(EMPTY)
        with pytest.raises(InvalidRequest) as wrong_csc:
            await client.lock_card(card_id, LockReasonCode.LOST, csc="0000")
        unlocked = await client.unlock_card(card_id)
        after = await client.lock_status(card_id)
    assert (reasons[0].id, reasons[0].desc) == (1, "verloren")
    assert {reason.id for reason in reasons} == {int(code) for code in LockReasonCode}
    assert locked.is_locked
    assert (state.is_locked, state.reason, state.note) == (True, 2, "Chip gebrochen")
    assert validation.is_locked is True
    assert (wrong_csc.value.status, wrong_csc.value.code) == (400, 1001)
    assert "csc" in wrong_csc.value.error_details
    assert not unlocked.is_locked
    assert (after.is_locked, after.reason) == (False, None)


async def test_a_locked_card_in_a_sale_is_the_typed_card_error_1016(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    draft = SmartTransactionDraft.for_items(
        [BasketItem(id=1, desc="Kaffee", quantity=1, price_one=250, tax=19)], idents=[IdentDraft.card(LOCKED)]
    )
    async with till_session(sim, tmp_path) as till:
        with pytest.raises(InvalidRequest) as caught:
            await till.client.create_transaction(draft)
    error = caught.value
    assert (error.status, error.error, error.code) == (400, "ProductNotAllowedException", 1016)
    assert error.error_details.startswith("idents[0]")
    assert error.error_user
    assert error.support_id
