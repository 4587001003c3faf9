"""The passcode policy of a card (docs/secuconnect.md §3.3 ``passcode``) at the start of a sale.

The PIN is checked over HTTP with ``checkPasscode``; a successful check counts for the device
session for 15 minutes (cards module), and a start asks for it only before the bookings the
card's setting names.
"""

from __future__ import annotations

import pytest

from cashier.simulator import cardstore, loyalty, seed
from tests.helpers.simulator import SimulatorHandle
from tests.integration.simulator.transactions_support import (
    EMPTY,
    PIN_CARD,
    assert_books_balance,
    balances,
    create,
    error,
    load_line,
    ok,
    post,
    product,
    sale,
)


@pytest.mark.parametrize("pin", [1234, None])
async def test_passcode_2_asks_for_the_pin_before_the_card_pays(
    sim: SimulatorHandle, pin: int | None
) -> None:
    client = await sim.api_client()
    check = f"/api/v2/Loyalty/MerchantCards/{seed.demo_card_id(PIN_CARD)}/checkPasscode"
    # Collecting only books sale revenue: no PIN needed for passcode 2.
    collect = await create(client, sale([product(1, 1000)], PIN_CARD))
    ok(await post(client, collect["id"], "start/cash"))
    assert balances(sim.store, PIN_CARD) == (500, 50, 10)

    pay = await create(client, sale([product(1, 300)], PIN_CARD))
    assert ok(await post(client, pay["id"], "preTransaction"))["missing_sum"] == 0
    refused = error(await post(client, pay["id"], "start/loyalty"), 400, 1016, "idents[0]")
    assert "passcode required" in refused["error_details"]
    if pin is not None:  # a wrong PIN does not help
        assert ok(await client.post(check, json={"cardnumber": PIN_CARD, "pin": pin})) == {"result": False}
        error(await post(client, pay["id"], "start/loyalty"), 400, 1016)
    assert balances(sim.store, PIN_CARD) == (500, 50, 10)

    assert ok(await client.post(check, json={"cardnumber": PIN_CARD, "pin": 4711})) == {"result": True}
    ok(await post(client, pay["id"], "start/loyalty"))
    assert balances(sim.store, PIN_CARD) == (250, 13, 12)  # 50 bonus + 250 cash; revenue 250 → 13, 2 points
    # The check counts for 15 minutes.
    sim.clock.advance(15 * 60 + 1)
    later = await create(client, sale([product(1, 100)], PIN_CARD))
    ok(await post(client, later["id"], "preTransaction"))
    error(await post(client, later["id"], "start/cash"), 400, 1016)
    assert_books_balance(sim.store)


async def test_passcode_3_asks_for_the_pin_before_a_load(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    card = cardstore.find_card_by_number(sim.store, EMPTY)
    assert card is not None
    cardstore.save_card(sim.store, {**card, "passcode": 3})
    sale_only = await create(client, sale([product(1, 100)], EMPTY))
    ok(await post(client, sale_only["id"], "start/cash"))
    load = await create(client, sale([load_line(1, 1000)], EMPTY))
    error(await post(client, load["id"], "start/cash"), 400, 1016, "idents[0]")
    assert balances(sim.store, EMPTY) == (0, 5, 1)


NOTHING = loyalty.Bookings(bonus_used=0, cash_used=0, charge=0, revenue=0, bonus_granted=0, points=0)
PAY = loyalty.Bookings(bonus_used=0, cash_used=300, charge=0, revenue=300, bonus_granted=15, points=3)
LOAD = loyalty.Bookings(bonus_used=0, cash_used=0, charge=2000, revenue=0, bonus_granted=0, points=0)
COLLECT_NO_POINTS = loyalty.Bookings(
    bonus_used=0, cash_used=0, charge=0, revenue=99, bonus_granted=5, points=0
)


@pytest.mark.parametrize(
    ("passcode", "bookings", "needed"),
    [
        (0, PAY, False),
        (1, PAY, True),
        (1, LOAD, True),
        (1, NOTHING, False),
        (2, PAY, True),
        (2, LOAD, False),
        (2, COLLECT_NO_POINTS, False),
        (3, LOAD, True),
        (3, PAY, False),
        (4, COLLECT_NO_POINTS, True),
        (4, LOAD, False),
        (5, PAY, False),
        (6, PAY, True),
        (6, COLLECT_NO_POINTS, False),
    ],
)
def test_passcode_policy_table(passcode: int, bookings: loyalty.Bookings, needed: bool) -> None:
    assert loyalty.passcode_needed(passcode, bookings) is needed
