"""The simulator's realism switch on the wire, embedded and served: numbers, nulls, PHP's ``[]``
and the merchant copy left to the till (issue 14; shapes a, b, c and g)."""

from __future__ import annotations

from typing import Any

from cashier.simulator import seed
from tests.helpers.simulator import SimulatorHandle
from tests.integration.simulator.transactions_support import (
    EMPTY,
    ERIKA,
    SECTION_8_4,
    STX,
    post,
    product,
    sale,
)
from tests.integration.simulator.vendor_shapes_support import MakeSim, all_values, answer


async def test_article_numbers_and_eans_of_all_digits_are_json_numbers(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    body = sale(
        [
            product(1, 349, tax=7, articleNumber="30037", ean="4999012345678"),
            product(2, 249, articleNumber="0815", ean="04012345678901"),  # a leading zero stays a string
            product(3, 99, articleNumber="A-51"),
        ],
        ERIKA,
    )
    created = answer(await client.post(STX, json=body))
    lines = created["basket"]["products"]
    assert [(line["articleNumber"], line["ean"]) for line in lines] == [
        (30037, 4999012345678),
        ("0815", "04012345678901"),
        ("A-51", ""),
    ]
    assert answer(await client.get(f"{STX}/{created['id']}"))["basket"]["products"] == lines

    priced = answer(await post(client, created["id"], "preTransaction"))
    bonus = {line["tax"]: (line["articleNumber"], line["ean"]) for line in priced["bonus_products"]}
    assert bonus == {7: (111111117, 111111117), 19: (1111111119, 1111111119)}
    done = answer(await post(client, created["id"], "start/loyalty", {}))
    assert done["status"] == "ok"
    assert all(isinstance(number, int) for number in all_values(done["basket"], "articleNumber")[3:])


async def test_the_same_sale_without_the_switch_keeps_strings(make_sim: MakeSim) -> None:
    async with make_sim(vendor_shapes=False) as sim:
        client = await sim.api_client()
        created = answer(await client.post(STX, json=sale([product(1, 349, articleNumber="30037")])))
    assert created["basket"]["products"][0]["articleNumber"] == "30037"
    assert created["idents"] == []
    assert "container" not in created


async def test_empty_lists_are_null(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    created = answer(await client.post(STX, json=sale([product(1, 500)])))
    assert (created["idents"], created["transactions"]) == (None, None)
    assert (created["basket"]["texts"], created["basket"]["products"][0]["group"]) == (None, None)
    done = answer(await post(client, created["id"], "start/cash", {}))
    assert (done["status"], done["receipt"], done["transactions"]) == ("ok", None, None)

    empty_basket = answer(await client.post(STX, json=sale([], create_card=seed.LOYALTY_GROUP_ID)))
    assert empty_basket["basket"]["products"] is None

    nothing_to_spend = answer(await client.post(STX, json=sale([product(1, 700)], EMPTY)))
    priced = answer(await post(client, nothing_to_spend["id"], "preTransaction"))
    assert priced == {"missing_sum": 700, "bonus_products": None}

    found = answer(await client.get(STX, params={"q": 'transactionRef:"no such sale"'}))
    assert found == {"count": 0, "data": None}
    cards = answer(
        await client.get("/api/v2/Loyalty/MerchantCards", params={"q": "card.cardnumber:9276004499999999"})
    )
    assert cards == {"count": 0, "data": None}
    groups = answer(await client.get("/api/v2/Loyalty/Cardgroups", params={"offset": 99}))
    assert groups == {"count": len(seed.CARD_GROUPS), "data": None}


async def test_a_listing_shapes_every_transaction_in_it(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    answer(await client.post(STX, json=sale([product(1, 500, articleNumber="42")], transactionRef="Bon 7")))
    found = answer(await client.get(STX, params={"q": 'transactionRef:"Bon 7"'}))
    assert found["count"] == 1
    (listed,) = found["data"]
    assert (listed["idents"], listed["container"], listed["basket"]["products"][0]["articleNumber"]) == (
        None,
        [],
        42,
    )


async def test_receipt_lines_carry_null_decorations(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    created = answer(await client.post(STX, json=SECTION_8_4))
    answer(await post(client, created["id"], "preTransaction"))
    done = answer(await post(client, created["id"], "start/loyalty", {}))
    decorations = [line["value"].get("decoration", "none") for line in done["receipt"] if "value" in line]
    assert None in decorations
    assert ["important"] in decorations
    assert [] not in decorations
    assert done["idents"][0]["value"] == ERIKA  # a list with something in it stays a list
    assert done["transactions"][0]["object"] == "loyalty.transactions"


async def test_empty_objects_come_as_php_empty_arrays(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    new_card = answer(await client.post(STX, json=sale([], create_card=seed.GIFT_GROUP_ID)))
    assert new_card["idents"][0]["merchantcard"] == []  # no card yet
    assert (new_card["container"], new_card["device_destination"]) == ([], [])

    paid = answer(await client.post(STX, json=sale([product(1, 1250)])))
    done = answer(await post(client, paid["id"], "start/cashless", {}))
    assert done["device_destination"]["id"] == seed.TERMINAL_DEVICE_ID
    separators = [line["value"] for line in done["receipt_merchant"] if line["type"] == "separator"]
    assert separators == [{"caption": "Kartenzahlung"}, []]  # the uncaptioned one: PHP's []


async def test_the_merchant_copy_is_left_to_the_till(shaped: SimulatorHandle) -> None:
    client = await shaped.api_client()
    for cents in (1250, 10_000):
        created = answer(await client.post(STX, json=sale([product(1, cents)])))
        done = answer(await post(client, created["id"], "start/cashless", {}))
        assert done["receipt_merchant_print"] is False  # the terminal printed nothing
        assert done["receipt_merchant"][1]["value"]["text"] == "* * Händlerbeleg * *"
        read_back = answer(await client.get(f"{STX}/{created['id']}"))
        assert read_back["receipt_merchant_print"] is False
    lines: list[Any] = done["receipt_merchant"]
    assert [line["value"]["text"] for line in lines[-2:]] == ["_" * 24, "Unterschrift"]


async def test_without_the_switch_the_terminal_prints_the_signature_slip(make_sim: MakeSim) -> None:
    async with make_sim(vendor_shapes=False) as sim:
        client = await sim.api_client()
        small = answer(await client.post(STX, json=sale([product(1, 1250)])))
        big = answer(await client.post(STX, json=sale([product(1, 10_000)])))
        small_done = answer(await post(client, small["id"], "start/cashless", {}))
        big_done = answer(await post(client, big["id"], "start/cashless", {}))
    assert (small_done["receipt_merchant_print"], big_done["receipt_merchant_print"]) == (False, True)
