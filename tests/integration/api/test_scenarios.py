"""The shared client scenarios (tests/helpers/api_scenarios.py) against the simulator, embedded and served.

The same functions run against the real testing system in tests/live/. Here the seed is
known, so the exact amounts are checked on top of what the scenarios check themselves.
"""

from __future__ import annotations

from pathlib import Path

from cashier.api.receipts import NameValueLine, SeparatorLine
from cashier.simulator import seed
from tests.helpers import api_scenarios as scenarios
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import till_session

ERIKA = scenarios.TestCard("9276004400000011", "1234")  # 2000 cash + 350 bonus, 5 % bonus group
UNKNOWN = "9276004499999999"


async def test_the_merchant(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        merchant = await scenarios.read_merchant(till.client)
    assert (merchant.id, merchant.display_name) == (seed.MERCHANT_ID, seed.MERCHANT_NAME)


async def test_recognising_the_demo_card(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        seen = await scenarios.recognise_card(till.client, ERIKA, UNKNOWN)
    assert (seen.validation.has_passcode, seen.validation.is_locked) == (False, False)
    assert seen.unknown.has_passcode is None
    assert seen.unknown.is_locked is None
    card = seen.card
    assert (card.id, card.balance, card.cash_balance, card.bonus_balance, card.points) == (
        seed.demo_card_id(ERIKA.cardnumber),
        2350,
        2000,
        350,
        0,
    )
    assert card.cardgroup is not None
    assert card.cardgroup.id == seed.LOYALTY_GROUP_ID
    assert card.customer is not None
    assert card.customer.contact is not None
    assert card.customer.contact.surname == "Musterfrau"


async def test_section_8_4_to_8_6_through_the_client(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        sale = await scenarios.card_sale_paid_in_cash_then_cancelled(
            till.client, ERIKA, scenarios.reference("8.4")
        )
    # 350 bonus split over 598 at 7 % and 198 at 19 % (largest remainder): 263 + 87; the cash
    # balance pays the other 446; nothing is missing.
    assert [(p.id, p.price_one, p.tax, p.desc) for p in sale.priced.bonus_products] == [
        (4, -263, 7, "Bonus Steuer 7"),
        (5, -87, 19, "Bonus Steuer 19"),
    ]
    assert (sale.priced.missing_sum, sale.priced.bonus_spent, sale.cash_used) == (0, 350, 446)
    assert sale.processing.basket is not None
    assert [line.price_one for line in sale.processing.basket.products] == [349, 249, 99, -263, -87]
    # 8.6: eligible revenue 796 − 350 = 446 → 5 % = 22 bonus, 4 points.
    assert (sale.after.cash_balance, sale.after.bonus_balance, sale.after.points) == (1554, 22, 4)
    ident = sale.done.card_ident
    assert ident is not None
    assert ident.merchantcard is not None
    assert (ident.merchantcard.balance, ident.merchantcard.cash_balance) == (1576, 1554)
    assert [ref.object for ref in sale.done.transactions] == ["loyalty.transactions"]
    first = sale.done.receipt[0]
    assert isinstance(first, SeparatorLine)
    assert first.caption == "Kundenkarte"
    numbers = {
        line.value.name: line.value.value for line in sale.done.receipt if isinstance(line, NameValueLine)
    }
    assert numbers["TA Code:"] == f"{sale.done.trans_id:08d}"
    # The cancel gave everything back.
    assert (sale.restored.cash_balance, sale.restored.bonus_balance, sale.restored.points) == (2000, 350, 0)


async def test_an_unpaid_sale_is_found_by_its_reference(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        aborted = await scenarios.unpaid_sale_found_by_reference_and_aborted(
            till.client, scenarios.reference("find")
        )
    assert aborted.basket_info is not None
    assert aborted.basket_info.sum == 130


async def test_a_card_created_on_the_fly(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        new = await scenarios.card_created_on_the_fly(
            till.client, seed.LOYALTY_GROUP_ID, scenarios.reference("new")
        )
        card = await till.client.find_card(new.cardnumber)
    assert new.cardnumber.startswith("92760044")
    assert card is not None
    assert card.cardgroup is not None
    assert card.cardgroup.id == seed.LOYALTY_GROUP_ID
    # 250 revenue at 5 %: 12.5 → 13 bonus (half up), 2 points.
    assert (card.cash_balance, card.bonus_balance, card.points) == (0, 13, 2)


async def test_a_terminal_payment_and_its_cancellation(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        paid, cancelled = await scenarios.terminal_payment_then_cancelled(
            till.client, scenarios.reference("zvt")
        )
    assert paid.device_destination is not None
    assert paid.device_destination.id == seed.TERMINAL_DEVICE_ID
    assert paid.receipt_merchant_print is False
    assert cancelled.receipt == paid.receipt, "cancelTrx leaves the receipts as they were"


async def test_end_of_day_and_diagnosis(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        report, diagnosis = await scenarios.terminal_reports(till.client)
    captions = [
        line.caption for line in (report.receipt[0], diagnosis.receipt[0]) if isinstance(line, SeparatorLine)
    ]
    assert captions == ["Kassenschnitt", "Terminal-Diagnose"]


async def test_a_sepa_debit(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        container, done = await scenarios.sepa_debit(
            till.client, "Erika Musterfrau", "DE89 3704 0044 0532 0130 00", scenarios.reference("sepa")
        )
    assert container.masked_iban == "DE89 **** **** **** **30 00"
    assert container.public is not None
    assert container.public.owner == "Erika Musterfrau"
    assert done.payment_method == "debit"
    assert any(isinstance(line, SeparatorLine) and line.caption == "Lastschrift" for line in done.receipt)
