"""Paying and collecting with a secucard: preTransaction, start/loyalty|cash, cancel.

What secuconnect documents: docs/secuconnect.md §4.7, §4.8, §6.2, §6.3.

Numbers are worked out by hand in the comments; balances are read from the store and the
ledger is checked to account for every cent after each flow.
"""

from __future__ import annotations

from cashier.simulator import cardstore, seed
from tests.helpers.simulator import SimulatorHandle
from tests.integration.simulator.transactions_support import (
    EMPTY,
    ERIKA,
    GIFT,
    SECTION_8_4,
    STX,
    assert_books_balance,
    balances,
    create,
    error,
    load_line,
    ok,
    post,
    product,
    sale,
    texts,
)


def ledger_rows(sim: SimulatorHandle) -> int:
    count: int = sim.store.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
    return count


async def test_section_8_4_to_8_6_on_the_demo_card(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, SECTION_8_4)

    # 8.5: 350 bonus over 598 at 7 % and 198 at 19 %: 262.94 → 263 and 87.06 → 87 (largest
    # remainder); the cash balance pays the other 446 cents, nothing is missing.
    priced = ok(await post(client, stx["id"], "preTransaction"))
    assert priced == {
        "missing_sum": 0,
        "bonus_products": [
            {"id": 4, "articleNumber": "111111117", "ean": "111111117", "quantity": 1, "priceOne": -263,
             "tax": 7, "desc": "Bonus Steuer 7"},
            {"id": 5, "articleNumber": "1111111119", "ean": "1111111119", "quantity": 1, "priceOne": -87,
             "tax": 19, "desc": "Bonus Steuer 19"},
        ],
    }  # fmt: skip
    processing = ok(await client.get(f"{STX}/{stx['id']}"))
    assert processing["status"] == "processing"
    assert processing["basket_info"] == {"sum": 796, "gratuity": None, "currency": "EUR", "missing_sum": 0}
    assert [line["priceOne"] for line in processing["basket"]["products"]] == [349, 249, 99, -263, -87]
    assert processing["basket"]["products"][3]["item_type"] == "article"
    assert balances(sim.store, ERIKA) == (2000, 350, 0)  # nothing booked before the start

    # 8.6: the card pays 350 bonus + 446 cash; eligible revenue 796 − 350 = 446 → 5 % = 22.3 → 22
    # bonus, 4 points.
    done = ok(await post(client, stx["id"], "start/cash", {}))
    assert (done["status"], done["payment_method"]) == ("ok", "cash")
    assert done["updated"] is not None
    assert len(str(done["trans_id"])) == 8
    assert [ref["object"] for ref in done["transactions"]] == ["loyalty.transactions"]
    assert done["transactions"][0]["id"].startswith("LTX_")
    assert done["basket_info"]["missing_sum"] == 0
    card = done["idents"][0]["merchantcard"]
    assert (card["balance"], card["cash_balance"], card["bonus_balance"], card["points"]) == (
        1576,
        1554,
        22,
        4,
    )
    assert balances(sim.store, ERIKA) == (1554, 22, 4)
    assert texts(done["receipt"]) == [
        "[Kundenkarte]",
        f"Terminal-ID:={seed.TERMINAL_ID}",
        texts(done["receipt"])[2],
        f"Kartennummer:={ERIKA}",
        f"TA Code:={done['trans_id']:08d}",
        "", "Zahlung über:", "4,46 EUR",
        "", "Umsatz erfasst:", "4,46 EUR",
        "", "Bonus:", "0,22 EUR",
        "", "Aktuelle Punkte:", "4",
        "", "Aktuelles Guthaben", "15,76 EUR",
    ]  # fmt: skip
    assert done["receipt"][2]["value"]["name"] == "Datum:"
    assert len(done["receipt"][2]["value"]["value"]) == len("dd.mm.yyyy hh:mm:ss")
    assert done["receipt"][7] == {
        "type": "textline",
        "value": {"text": "4,46 EUR", "decoration": ["important"]},
    }
    assert done["receipt"][5] == {"type": "space"}
    assert ok(await client.get(f"{STX}/{stx['id']}")) == done
    assert_books_balance(sim.store)


async def test_a_missing_sum_paid_in_cash_then_cancelled(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 1000, 2), product(2, 1000, tax=7)], ERIKA))
    # 350 bonus over 2000 (19 %) and 1000 (7 %): 233.33 → 233, 116.67 → 117; 2000 cash; 650 missing.
    priced = ok(await post(client, stx["id"], "preTransaction"))
    assert priced["missing_sum"] == 650
    assert [(line["id"], line["tax"], line["priceOne"]) for line in priced["bonus_products"]] == [
        (3, 19, -233),
        (4, 7, -117),
    ]
    # A second preTransaction recomputes instead of adding lines again.
    assert ok(await post(client, stx["id"], "preTransaction")) == priced
    assert len(ok(await client.get(f"{STX}/{stx['id']}"))["basket"]["products"]) == 4

    done = ok(await post(client, stx["id"], "start/cash"))
    # Eligible revenue 3000 − 350 = 2650 → 5 % = 132.5 → 133 (half up), 26 points.
    assert balances(sim.store, ERIKA) == (0, 133, 26)
    assert texts(done["receipt"])[5:] == [
        "", "Zahlung über:", "20,00 EUR",
        "", "Umsatz erfasst:", "26,50 EUR",
        "", "Bonus:", "1,33 EUR",
        "", "Aktuelle Punkte:", "26",
        "", "Aktuelles Guthaben", "1,33 EUR",
    ]  # fmt: skip

    cancelled = ok(await post(client, stx["id"], "cancel"))
    assert cancelled["status"] == "cancelled"
    assert balances(sim.store, ERIKA) == (2000, 350, 0)
    assert len(cancelled["transactions"]) == 2
    assert cancelled["idents"][0]["merchantcard"]["balance"] == 2350
    assert texts(cancelled["receipt"]) == [
        "[Demo Kundenkarte]",
        "",
        f"Terminal-ID:={seed.TERMINAL_ID}",
        texts(cancelled["receipt"])[3],
        "STORNO",
        "", "",
        "TA Code:", f"{done['trans_id']:08d}",
        "Datum:", done["receipt"][2]["value"]["value"],
        "", "Stornierter Betrag:", "30,00 EUR",
        "", "Stornierte Punkte:", "26",
        "", "", "Aktuelles Guthaben:", "23,50 EUR",
        "", "Aktuelle Punkte:", "0",
    ]  # fmt: skip
    assert cancelled["receipt"][4]["value"]["decoration"] == ["important", "align-center"]
    error(await post(client, stx["id"], "cancel"), 400, 1010)
    assert balances(sim.store, ERIKA) == (2000, 350, 0)
    assert_books_balance(sim.store)


async def test_start_loyalty_needs_a_zero_missing_sum(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 3000)], ERIKA))
    error(await post(client, stx["id"], "start/loyalty"), 400, 1011)  # no preTransaction yet
    assert ok(await post(client, stx["id"], "preTransaction"))["missing_sum"] == 650
    refused = error(await post(client, stx["id"], "start/loyalty"), 400, 1011)
    assert "650" in refused["error_details"]
    assert balances(sim.store, ERIKA) == (2000, 350, 0)

    small = await create(client, sale([product(1, 1200, tax=7)], ERIKA))
    assert ok(await post(client, small["id"], "preTransaction"))["missing_sum"] == 0
    paid = ok(await post(client, small["id"], "start/loyalty"))
    assert paid["payment_method"] == "loyalty"
    # 350 bonus + 850 cash; revenue 850 → 42.5 → 43 bonus, 8 points.
    assert balances(sim.store, ERIKA) == (1150, 43, 8)
    assert_books_balance(sim.store)


async def test_starting_twice_never_books_twice(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 500)], ERIKA))
    ok(await post(client, stx["id"], "preTransaction"))
    first = ok(await post(client, stx["id"], "start/cash"))
    after_first = balances(sim.store, ERIKA)
    assert after_first == (1850, 8, 1)  # 350 bonus + 150 cash; 150 → 7.5 → 8 bonus, 1 point
    rows = ledger_rows(sim)
    for method in ("cash", "loyalty", "cashless"):
        refused = error(await post(client, stx["id"], f"start/{method}"), 400, 1010)
        assert "is ok" in refused["error_details"]
    assert sim.clock.slept == []  # the terminal was never asked
    assert balances(sim.store, ERIKA) == after_first
    assert ledger_rows(sim) == rows
    assert ok(await client.get(f"{STX}/{stx['id']}")) == first


async def test_collecting_without_pre_transaction_pays_nothing_from_the_card(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 999)], ERIKA))
    done = ok(await post(client, stx["id"], "start/cash"))
    assert balances(sim.store, ERIKA) == (2000, 350 + 50, 9)  # 999 → 49.95 → 50 bonus, 9 points
    assert "Zahlung über:" not in texts(done["receipt"])
    assert "basket_info" in done
    assert "missing_sum" not in done["basket_info"]


async def test_pre_transaction_needs_a_usable_card(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    plain = await create(client, sale([product(1, 500)]))
    error(await post(client, plain["id"], "preTransaction"), 400, 1001, "idents")

    empty = await create(client, sale([product(1, 500)], EMPTY))
    assert ok(await post(client, empty["id"], "preTransaction")) == {"missing_sum": 500, "bonus_products": []}

    stx = await create(client, sale([product(1, 500)], ERIKA))
    card = cardstore.find_card_by_number(sim.store, ERIKA)
    assert card is not None
    cardstore.save_card(sim.store, {**card, "lock_status": "locked"})
    error(await post(client, stx["id"], "preTransaction"), 400, 1016, "idents[0]")
    error(await post(client, stx["id"], "start/cash"), 400, 1016, "idents[0]")
    assert balances(sim.store, ERIKA) == (2000, 350, 0)


async def test_a_gift_card_pays_but_collects_nothing(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 1234, tax=0)], GIFT))
    assert ok(await post(client, stx["id"], "preTransaction")) == {"missing_sum": 0, "bonus_products": []}
    done = ok(await post(client, stx["id"], "start/loyalty"))
    assert balances(sim.store, GIFT) == (5000 - 1234, 0, 0)
    assert texts(done["receipt"])[-2:] == ["Aktuelles Guthaben", "37,66 EUR"]
    assert "Bonus:" not in texts(done["receipt"])


async def test_a_card_load_then_cancel_refused_once_the_money_is_spent(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    load = await create(client, sale([load_line(1, 2000)], EMPTY))
    loaded = ok(await post(client, load["id"], "start/cash"))
    assert balances(sim.store, EMPTY) == (2000, 0, 0)  # the charge EAN earns no bonus
    assert texts(loaded["receipt"]) == [
        "[Kundenkarte Aufladung]",
        f"Terminal-ID:={seed.TERMINAL_ID}",
        texts(loaded["receipt"])[2],
        f"Kartennummer:={EMPTY}",
        f"TA Code:={loaded['trans_id']:08d}",
        "", "Folgender Betrag", "wurde aufgeladen:", "20,00 EUR",
        "", "Aktuelles Guthaben", "20,00 EUR",
    ]  # fmt: skip

    spend = await create(client, sale([product(1, 1500)], EMPTY))
    assert ok(await post(client, spend["id"], "preTransaction"))["missing_sum"] == 0
    ok(await post(client, spend["id"], "start/loyalty"))
    assert balances(sim.store, EMPTY) == (500, 75, 15)  # revenue 1500 → 75 bonus, 15 points
    rows = ledger_rows(sim)
    refused = error(await post(client, load["id"], "cancel"), 400, 1007)
    assert load["id"] in refused["error_details"]
    assert balances(sim.store, EMPTY) == (500, 75, 15)
    assert ledger_rows(sim) == rows
    assert ok(await client.get(f"{STX}/{load['id']}"))["status"] == "ok"
    assert_books_balance(sim.store)


async def test_the_card_pays_the_goods_but_never_its_own_load(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 500, tax=7), load_line(2, 1000)], ERIKA))
    priced = ok(await post(client, stx["id"], "preTransaction"))
    # Goods 500: 350 bonus + 150 cash; the load (1000) is missing.
    assert priced["missing_sum"] == 1000
    assert [(line["id"], line["priceOne"]) for line in priced["bonus_products"]] == [(3, -350)]
    done = ok(await post(client, stx["id"], "start/cash"))
    assert balances(sim.store, ERIKA) == (2000 - 150 + 1000, 8, 1)  # revenue 150 → 7.5 → 8
    words = texts(done["receipt"])
    assert words[0] == "[Kundenkarte]"
    assert words[words.index("wurde aufgeladen:") + 1] == "10,00 EUR"
    assert words[words.index("Umsatz erfasst:") + 1] == "1,50 EUR"
    ok(await post(client, stx["id"], "cancel"))
    assert balances(sim.store, ERIKA) == (2000, 350, 0)
    assert_books_balance(sim.store)


async def test_create_card_issues_the_card_at_start(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(
        client, sale([load_line(1, 2500), product(2, 400, tax=7)], create_card=seed.LOYALTY_GROUP_ID)
    )
    cards_before = len(sim.store.all(cardstore.KIND))
    priced = ok(await post(client, stx["id"], "preTransaction"))  # a card to be made has nothing yet
    assert priced == {"missing_sum": 2900, "bonus_products": []}
    assert len(sim.store.all(cardstore.KIND)) == cards_before

    done = ok(await post(client, stx["id"], "start/cash"))
    ident = done["idents"][0]
    number = ident["value"]
    assert ident["type"] == "create_card"
    assert len(number) == 16
    assert number.startswith("9276")
    assert number.isdigit()
    card = cardstore.find_card_by_number(sim.store, number)
    assert card is not None
    csc, _ = cardstore.card_secrets(sim.store, card["id"])
    # Load 2500; revenue 400 → 20 bonus, 4 points.
    assert ident["merchantcard"] == {
        "object": "loyalty.merchantcards", "id": card["id"], "balance": 2520, "cash_balance": 2500,
        "bonus_balance": 20, "points": 4, "lock_status": "unlocked", "stock_status": "active",
        "passcode": 0, "csc": csc,
    }  # fmt: skip
    assert f"Kartennummer:={number}" in texts(done["receipt"])
    assert len(done["transactions"]) == 1
    again = ok(await client.get(f"{STX}/{stx['id']}"))
    assert "csc" not in again["idents"][0]["merchantcard"]
    assert again["idents"][0]["value"] == number
    assert len(sim.store.all(cardstore.KIND)) == cards_before + 1
    assert_books_balance(sim.store)


async def test_a_declined_create_card_start_issues_no_card(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([load_line(1, 1013)], create_card=seed.GIFT_GROUP_ID))
    cards_before = len(sim.store.all(cardstore.KIND))
    failed = ok(await post(client, stx["id"], "start/cashless"))
    assert failed["status"] == "failed"
    assert failed["idents"][0]["value"] == seed.GIFT_GROUP_ID
    assert len(sim.store.all(cardstore.KIND)) == cards_before


async def test_a_plan_the_card_can_no_longer_pay_is_refused_at_start(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    first = await create(client, sale([product(1, 2000)], ERIKA))
    second = await create(client, sale([product(1, 2000)], ERIKA))
    for stx in (first, second):
        assert (
            ok(await post(client, stx["id"], "preTransaction"))["missing_sum"] == 0
        )  # 350 bonus + 1650 cash
    ok(await post(client, first["id"], "start/loyalty"))
    assert balances(sim.store, ERIKA) == (350, 83, 16)  # revenue 1650 → 82.5 → 83
    error(await post(client, second["id"], "start/loyalty"), 400, 1011)
    assert balances(sim.store, ERIKA) == (350, 83, 16)
    assert ok(await client.get(f"{STX}/{second['id']}"))["status"] == "processing"
    repriced = ok(await post(client, second["id"], "preTransaction"))
    assert repriced["missing_sum"] == 2000 - 83 - 350
    ok(await post(client, second["id"], "start/cash"))
    assert balances(sim.store, ERIKA) == (0, 96, 35)  # revenue 2000 − 83 = 1917 → 95.85 → 96, 19 points
