"""Smart transactions: create, update, read, list, abort and their errors (docs/secuconnect.md §4, §6.1).

Every response is checked against the SDK field lists (transactions_support.checked).
"""

from __future__ import annotations

from typing import Any

import pytest

from cashier.simulator import seed
from tests.helpers.simulator import SimulatorHandle
from tests.integration.simulator.transactions_support import (
    ERIKA,
    LOCKED,
    SECTION_8_4,
    STX,
    UNKNOWN,
    checked,
    create,
    error,
    ok,
    post,
    product,
    sale,
)


async def test_create_answers_the_section_8_4_shape(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, SECTION_8_4)
    assert stx["object"] == "smart.transactions"
    assert stx["id"].startswith("STX_")
    assert len(stx["id"]) == 34
    assert stx["merchant"] == {
        "object": "general.merchants",
        "id": seed.MERCHANT_ID,
        "companyname": "Café Sonnenschein",
    }
    assert stx["device_source"] == {"object": "smart.devices", "id": seed.TILL_DEVICE_ID}
    assert stx["transactions"] == []
    assert stx["updated"] is None
    assert stx["created"].startswith("2026-")
    assert (stx["intent"], stx["is_demo"], stx["payment_method"]) == ("sale", False, None)
    assert (stx["merchantRef"], stx["transactionRef"]) == ("Kunde 4711", "Bon 2025-000123")
    assert stx["basket"]["texts"] == []
    assert stx["basket"]["type"] == "default"
    first, _, water = stx["basket"]["products"]
    assert first == {
        "id": 1, "parent": None, "item_type": "article", "articleNumber": "30037", "ean": "",
        "desc": "Sandwich Romano", "quantity": 1, "priceOne": 349, "tax": 7,
        "group": [{"id": "10", "desc": "Snacks", "level": 1}],
        "serialNumber": None, "reference_id": None, "contract_id": None, "sum": None,
    }  # fmt: skip
    assert (water["articleNumber"], water["ean"], water["group"]) == ("51", "4999012345678", [])
    assert stx["basket_info"] == {"sum": 796, "gratuity": None, "currency": "EUR"}
    assert stx["idents"] == [
        {
            "object": "smart.idents", "id": "smi_1", "prefix": "9276", "name": "secucard Kundenkarte",
            "type": "card", "value": ERIKA, "valid": True,
            "merchantcard": {
                "object": "loyalty.merchantcards", "id": seed.demo_card_id(ERIKA), "balance": 2350,
                "cash_balance": 2000, "bonus_balance": 350, "points": 0, "lock_status": "unlocked",
                "stock_status": "active", "passcode": 0,
            },
        }
    ]  # fmt: skip
    assert not any(key.startswith("x_") for key in stx)
    assert ok(await client.get(f"{STX}/{stx['id']}")) == stx


async def test_minimal_create_and_create_card_ident(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    minimal = await create(client, {"is_demo": True, "basket_info": {"sum": 0, "currency": "EUR"}})
    assert minimal["is_demo"] is True
    assert minimal["basket"]["products"] == []
    assert minimal["idents"] == []
    assert (minimal["merchantRef"], minimal["transactionRef"]) == (None, None)
    new_card = await create(client, sale([], create_card=seed.GIFT_GROUP_ID))
    assert new_card["idents"] == [
        {
            "object": "smart.idents",
            "id": "smi_1",
            "prefix": "CRG_",
            "name": "secucard Kundenkarte erstellen",
            "type": "create_card",
            "value": seed.GIFT_GROUP_ID,
            "valid": True,
        }
    ]


def _with(**changes: Any) -> dict[str, Any]:
    body = sale([product(1, 250, 2, tax=7), product(2, 199)])
    for key, value in changes.items():
        if key.startswith("p0_"):
            body["basket"]["products"][0][key[3:]] = value
        else:
            body[key] = value
    return body


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_with(basket_info={"sum": 698, "currency": "EUR"}), "basket_info.sum"),
        (_with(basket_info={"sum": "699", "currency": "EUR"}), "basket_info.sum"),
        (_with(basket_info={"sum": 699, "currency": "USD"}), "basket_info.currency"),
        (_with(basket_info={"sum": 699}), "basket_info.currency"),
        (_with(basket_info={"sum": 699, "currency": "EUR", "gratuity": -1}), "basket_info.gratuity"),
        (_with(basket_info=None), "basket_info"),
        (_with(p0_desc=""), "basket.products[0].desc"),
        (_with(p0_quantity=0), "basket.products[0].quantity"),
        (_with(p0_quantity=1.5), "basket.products[0].quantity"),
        (_with(p0_priceOne=2.5), "basket.products[0].priceOne"),
        (_with(p0_priceOne=-250), "basket.products[0].priceOne"),
        (_with(p0_tax=5), "basket.products[0].tax"),
        (_with(p0_tax="19"), "basket.products[0].tax"),
        (_with(p0_id=2), "basket.products[1].id"),
        (_with(p0_id=None), "basket.products[0].id"),
        (_with(p0_item_type="coupon"), "basket.products[0].item_type"),
        (_with(p0_group="Snacks"), "basket.products[0].group"),
        (_with(basket={"products": {"id": 1}}), "basket.products"),
        (_with(intent="shopping"), "intent"),
        (_with(is_demo="yes"), "is_demo"),
        (_with(merchantRef=4711), "merchantRef"),
        (_with(idents=[{"type": "phone", "value": "123"}]), "idents[0].type"),
        (_with(idents=[{"type": "card", "value": 9276004400000011}]), "idents[0].value"),
        (_with(idents=[{"type": "card", "value": ERIKA}, {"type": "card", "value": ERIKA}]), "idents"),
    ],
)
async def test_bad_bodies_are_refused_naming_the_field(
    sim: SimulatorHandle, body: dict[str, Any], field: str
) -> None:
    client = await sim.api_client()
    refused = error(await client.post(STX, json=body), 400, 1001, field)
    assert refused["error"] == "ProductFormatException"
    assert ok(await client.get(STX))["count"] == 0


async def test_gratuity_is_included_in_the_sum(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    body = sale([product(1, 500)])
    body["basket_info"] = {"sum": 550, "currency": "EUR", "gratuity": 50}
    assert (await create(client, body))["basket_info"] == {"sum": 550, "gratuity": 50, "currency": "EUR"}


@pytest.mark.parametrize(("card", "why"), [(UNKNOWN, "not known"), (LOCKED, "locked")])
async def test_unknown_or_locked_cards_are_refused(sim: SimulatorHandle, card: str, why: str) -> None:
    client = await sim.api_client()
    refused = error(await client.post(STX, json=sale([product(1, 100)], card)), 400, 1016, "idents[0]")
    assert refused["error"] == "ProductNotAllowedException"
    assert why in refused["error_details"]


async def test_create_card_needs_a_known_group_that_allows_creation(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    unknown = "CRG_NOPE00000000000000000000000009"
    error(await client.post(STX, json=sale([], create_card=unknown)), 404, 3001)
    closed = "CRG_SHUT00000000000000000000000003"
    group = sim.store.get("loyalty.cardgroups", seed.GIFT_GROUP_ID)
    assert group is not None
    sim.store.put("loyalty.cardgroups", closed, {**group, "id": closed, "x_card_creation": False})
    error(await client.post(STX, json=sale([], create_card=closed)), 400, 1016, "idents[0]")


async def test_put_replaces_the_body_and_resets_a_pre_transaction(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 300, tax=7), product(2, 200)], ERIKA, merchantRef="A"))
    priced = ok(await post(client, stx["id"], "preTransaction"))
    assert len(priced["bonus_products"]) == 2
    processing = ok(await client.get(f"{STX}/{stx['id']}"))
    assert processing["status"] == "processing"
    assert len(processing["basket"]["products"]) == 4

    # The till sends the whole object back, bonus lines included: they are dropped.
    processing["basket"]["products"][0]["quantity"] = 2
    processing["basket_info"] = {"sum": 800, "currency": "EUR"}
    processing["transactionRef"] = "Bon 2"
    updated = ok(await client.put(f"{STX}/{stx['id']}", json=processing))
    assert updated["status"] == "created"
    assert [line["id"] for line in updated["basket"]["products"]] == [1, 2]
    assert updated["basket_info"] == {"sum": 800, "gratuity": None, "currency": "EUR"}
    assert (updated["merchantRef"], updated["transactionRef"]) == ("A", "Bon 2")
    assert updated["updated"] is not None
    # Without idents the card is no longer applied: preTransaction has nothing to use.
    without_card = ok(await client.put(f"{STX}/{stx['id']}", json=sale([product(1, 100)])))
    assert without_card["idents"] == []
    assert without_card["merchantRef"] is None
    error(await post(client, stx["id"], "preTransaction"), 400, 1001, "idents")
    # Validation is the same as on create.
    error(await client.put(f"{STX}/{stx['id']}", json=sale([product(1, 100, tax=16)])), 400, 1001)


async def test_put_is_refused_after_the_start(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 100)]))
    ok(await post(client, stx["id"], "start/cash", {}))
    refused = error(await client.put(f"{STX}/{stx['id']}", json=sale([product(1, 200)])), 400, 1010)
    assert "is ok" in refused["error_details"]
    assert ok(await client.get(f"{STX}/{stx['id']}"))["basket_info"]["sum"] == 100


async def test_list_finds_by_transaction_ref_merchant_ref_and_status(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    ids = []
    for number in range(1, 6):
        sim.clock.advance(60)
        stx = await create(
            client, sale([product(1, 100 * number)], transactionRef=f"Bon {number}", merchantRef="K1")
        )
        ids.append(stx["id"])
    ok(await post(client, ids[1], "abort"))

    found = ok(await client.get(STX, params={"q": "transactionRef:Bon 3"}))
    assert found["count"] == 1
    assert found["data"][0]["id"] == ids[2]
    quoted = ok(await client.get(STX, params={"q": 'transactionRef:"Bon 3"'}))
    assert [stx["id"] for stx in quoted["data"]] == [ids[2]]
    aborted = ok(await client.get(STX, params={"q": "status:aborted"}))
    assert [stx["id"] for stx in aborted["data"]] == [ids[1]]
    both = ok(await client.get(STX, params={"q": "merchantRef:K1 AND status:created"}))
    assert both["count"] == 4
    wildcard = ok(await client.get(STX, params={"q": "transactionRef:Bon ?"}))
    assert wildcard["count"] == 5

    page = ok(await client.get(STX, params={"count": 2, "offset": 1}))
    assert page["count"] == 5
    assert [stx["id"] for stx in page["data"]] == ids[1:3]
    newest = ok(await client.get(STX, params={"sort": "created:desc", "count": 1}))
    assert newest["data"][0]["id"] == ids[4]
    assert ok(await client.get(STX, params={"q": "transactionRef:Bon 9"})) == {"count": 0, "data": []}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "basket_info.sum:100"}, "q"),
        ({"q": "Bon 3"}, "q"),
        ({"count": "x"}, "count"),
        ({"sort": "id:asc"}, "sort"),
    ],
)
async def test_list_refuses_what_it_does_not_support(
    sim: SimulatorHandle, params: dict[str, str], field: str
) -> None:
    client = await sim.api_client()
    error(await client.get(STX, params=params), 400, 1001, field)


async def test_abort_only_before_the_start(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 100)], ERIKA))
    ok(await post(client, stx["id"], "preTransaction"))
    aborted = ok(await post(client, stx["id"], "abort"))
    assert aborted["status"] == "aborted"
    error(await post(client, stx["id"], "abort"), 400, 1010)
    error(await post(client, stx["id"], "start/cash", {}), 400, 1010)
    error(await post(client, stx["id"], "preTransaction"), 400, 1010)
    done = await create(client, sale([product(1, 100)]))
    ok(await post(client, done["id"], "start/cash"))
    error(await post(client, done["id"], "abort"), 400, 1010)


UNKNOWN_STX = "STX_NOPE00000000000000000000000001"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", ""),
        ("PUT", ""),
        ("POST", "/preTransaction"),
        ("POST", "/start/cash"),
        ("POST", "/start/cashless"),
        ("POST", "/prepare/debit"),
        ("POST", "/abort"),
        ("POST", "/cancel"),
    ],
)
async def test_unknown_transactions_are_404(sim: SimulatorHandle, method: str, path: str) -> None:
    client = await sim.api_client()
    body = sale([]) if method == "PUT" else None
    answer = error(await client.request(method, f"{STX}/{UNKNOWN_STX}{path}", json=body), 404, 3001)
    assert answer["error"] == "ProductNotFoundException"
    assert UNKNOWN_STX in answer["error_details"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", ""),
        ("GET", ""),
        ("GET", f"/{UNKNOWN_STX}"),
        ("PUT", f"/{UNKNOWN_STX}"),
        ("POST", f"/{UNKNOWN_STX}/preTransaction"),
        ("POST", f"/{UNKNOWN_STX}/start/cash"),
        ("POST", f"/{UNKNOWN_STX}/start"),
        ("POST", f"/{UNKNOWN_STX}/prepare/debit"),
        ("POST", f"/{UNKNOWN_STX}/abort"),
        ("POST", f"/{UNKNOWN_STX}/cancel"),
        ("POST", "/17/cancelTrx"),
        ("POST", "/me/EndOfDay"),
        ("POST", "/me/diagnosis"),
    ],
)
async def test_every_call_needs_a_token(sim: SimulatorHandle, method: str, path: str) -> None:
    client = sim.client()
    answer = error(await client.request(method, f"{STX}{path}", json={}), 403, 2003)
    assert answer["error_details"] == "Valid auth token required"
    assert sim.clock.slept == []  # refused before the terminal is asked


async def test_unknown_start_and_prepare_methods_are_refused(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    stx = await create(client, sale([product(1, 100)]))
    error(await post(client, stx["id"], "start/paypal"), 400, 1001, "payment_method")
    error(await post(client, stx["id"], "prepare/creditcard", {}), 400, 1001, "payment_method")
    assert checked(await client.get(f"{STX}/{stx['id']}"))["status"] == "created"
