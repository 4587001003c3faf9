"""Loyalty › MerchantCards on the wire (docs/secuconnect.md §3.2, §3.3), embedded and served.

Every response is checked against the SDK field lists; card documents never carry a CSC, a
PIN or a simulator-only ``x_`` key.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import httpx
import pytest
from starlette.requests import Request

from cashier.simulator import seed
from cashier.simulator.cards import passcode_verified
from cashier.simulator.oauth import Principal
from tests.helpers.contract import check_response
from tests.helpers.simulator import SimulatorHandle

BASE = "/api/v2/Loyalty/MerchantCards"
ERIKA = "9276004400000011"  # 2000 cash + 350 bonus, CSC 1234, no PIN
PIN_CARD = "9276004400000029"  # passcode 2, PIN 4711, CSC 2345
LOCKED = "9276004400000037"  # locked (lost), CSC 3456
EMPTY = "9276004400000045"  # CSC 4567
GIFT = "9276004400000053"
UNKNOWN = "9276004499999999"
SECRETS = {card.csc for card in seed.CARDS} | {card.pin for card in seed.CARDS if card.pin}


def mcd(cardnumber: str) -> str:
    return seed.demo_card_id(cardnumber)


def checked(response: httpx.Response) -> Any:
    """The body, after checking it against the operation's contract model."""
    body = response.json()
    problems = check_response(response.request.method, response.request.url.path, response.status_code, body)
    assert problems == [], problems
    return body


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return checked(response)


def assert_error(
    response: httpx.Response, status: int, error: str, field: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = checked(response)
    assert body["status"] == "error"
    assert body["error"] == error
    if field is not None:
        assert body["error_details"].startswith(f"{field}: "), body["error_details"]
    return body


def assert_no_secrets(payload: Any, *, allow_csc_key: bool = False) -> None:
    """No CSC/PIN key, no ``x_`` key, and no seeded CSC/PIN value anywhere in ``payload``."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            assert not key.startswith("x_"), key
            assert key != "pin"
            assert key != "csc" or allow_csc_key
            assert_no_secrets(value)
    elif isinstance(payload, list):
        for element in payload:
            assert_no_secrets(element, allow_csc_key=allow_csc_key)
    else:
        assert payload not in SECRETS


def principal_of(sim: SimulatorHandle, client: httpx.AsyncClient) -> Principal:
    scope = {"type": "http", "headers": [(b"authorization", client.headers["Authorization"].encode())]}
    return sim.app.ctx.authenticate(Request(scope))


# --- validateMerchantcard --------------------------------------------------------------------
@pytest.mark.parametrize("path", ["me/validateMerchantcard", "MRC/validateMerchantcard",
                                  f"{seed.MERCHANT_ID}/validateMerchantcard", "ME/VALIDATEMERCHANTCARD"])  # fmt: skip
async def test_validate_a_known_card(sim: SimulatorHandle, path: str) -> None:
    client = await sim.api_client()
    body = ok(await client.post(f"{BASE}/{path}", json={"cardnumber": ERIKA}))
    assert body == {"isValid": True, "hasPasscode": False, "isLocked": False}


async def test_validate_reports_passcode_and_lock(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = f"{BASE}/me/validateMerchantcard"
    pin_card = ok(await client.post(url, json={"cardnumber": PIN_CARD, "merchant": seed.MERCHANT_ID}))
    assert pin_card == {"isValid": True, "hasPasscode": True, "isLocked": False}
    assert ok(await client.post(url, json={"cardnumber": LOCKED})) == {
        "isValid": True,
        "hasPasscode": False,
        "isLocked": True,
    }


async def test_validate_an_unknown_card_or_another_merchant(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = f"{BASE}/MRC/validateMerchantcard"
    assert ok(await client.post(url, json={"cardnumber": UNKNOWN})) == {"isValid": False}
    other = {"cardnumber": ERIKA, "merchant": "MRC_OTHER0000000000000000000000001"}
    assert ok(await client.post(url, json=other)) == {"isValid": False}


@pytest.mark.parametrize(
    "body", [{}, {"cardnumber": 9276004400000011}, {"cardnumber": ""}, {"cardnumber": None}]
)
async def test_validate_needs_a_card_number(sim: SimulatorHandle, body: dict[str, Any]) -> None:
    client = await sim.api_client()
    response = await client.post(f"{BASE}/me/validateMerchantcard", json=body)
    assert_error(response, 400, "ProductFormatException", "cardnumber")


async def test_validate_bad_merchant_and_unknown_id(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    response = await client.post(f"{BASE}/me/validateMerchantcard", json={"cardnumber": ERIKA, "merchant": 7})
    assert_error(response, 400, "ProductFormatException", "merchant")
    response = await client.post(f"{BASE}/elsewhere/validateMerchantcard", json={"cardnumber": ERIKA})
    assert_error(response, 404, "ProductNotFoundException")


# --- checkCsc ---------------------------------------------------------------------------------
@pytest.mark.parametrize("card_ref", ["me", mcd(ERIKA)])
@pytest.mark.parametrize("action", ["checkCsc", "CheckCsc", "checkcsc"])
async def test_check_csc(sim: SimulatorHandle, card_ref: str, action: str) -> None:
    client = await sim.api_client()
    url = f"{BASE}/{card_ref}/{action}"
    assert ok(await client.post(url, json={"cardnumber": ERIKA, "csc": "1234"})) == {"result": True}
    assert ok(await client.post(url, json={"cardnumber": ERIKA, "csc": "2345"})) == {"result": False}
    assert ok(await client.post(url, json={"cardnumber": ERIKA, "csc": "01234"})) == {"result": False}


async def test_check_csc_errors(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = f"{BASE}/me/checkCsc"
    for csc in (1234, "12a4", "", None, "１２３４"):
        assert_error(
            await client.post(url, json={"cardnumber": ERIKA, "csc": csc}),
            400,
            "ProductFormatException",
            "csc",
        )
    assert_error(await client.post(url, json={"csc": "1234"}), 400, "ProductFormatException", "cardnumber")
    unknown = await client.post(url, json={"cardnumber": UNKNOWN, "csc": "1234"})
    body = assert_error(unknown, 404, "ProductNotFoundException")
    assert UNKNOWN not in body["error_details"]  # the number is masked
    other_card = await client.post(f"{BASE}/{mcd(GIFT)}/checkCsc", json={"cardnumber": ERIKA, "csc": "1234"})
    assert_error(other_card, 400, "ProductFormatException", "cardnumber")
    no_such_id = await client.post(
        f"{BASE}/MCD_NOSUCHCARD000000000000000000/checkCsc", json={"cardnumber": ERIKA, "csc": "1234"}
    )
    assert_error(no_such_id, 404, "ProductNotFoundException")


# --- checkPasscode ----------------------------------------------------------------------------
@pytest.mark.parametrize("pin", [4711, "4711", "04711"])
async def test_check_passcode_accepts_int_and_digit_string(sim: SimulatorHandle, pin: Any) -> None:
    client = await sim.api_client()
    response = await client.post(
        f"{BASE}/{mcd(PIN_CARD)}/CheckPasscode", json={"cardnumber": PIN_CARD, "pin": pin}
    )
    assert ok(response) == {"result": True}


async def test_check_passcode_compares_as_integers(sim: SimulatorHandle) -> None:
    # The API types the PIN as an int, so a stored "0123" can only ever arrive as 123.
    with sim.store.transaction() as db:
        db.execute("UPDATE merchant_cards SET pin = ? WHERE id = ?", ("0123", mcd(EMPTY)))
    client = await sim.api_client()
    url = f"{BASE}/me/checkPasscode"
    for pin in (123, "0123", "123"):
        assert ok(await client.post(url, json={"cardnumber": EMPTY, "pin": pin})) == {"result": True}
    assert ok(await client.post(url, json={"cardnumber": EMPTY, "pin": 1230})) == {"result": False}


async def test_check_passcode_wrong_pin_and_card_without_pin(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = f"{BASE}/me/checkPasscode"
    assert ok(await client.post(url, json={"cardnumber": PIN_CARD, "pin": 4712})) == {"result": False}
    assert ok(await client.post(url, json={"cardnumber": ERIKA, "pin": 0})) == {"result": False}


@pytest.mark.parametrize("pin", [None, True, -1, 47.11, "47a1", "", [4711]])
async def test_check_passcode_rejects_a_bad_pin(sim: SimulatorHandle, pin: Any) -> None:
    client = await sim.api_client()
    body = {"cardnumber": PIN_CARD} if pin is None else {"cardnumber": PIN_CARD, "pin": pin}
    response = await client.post(f"{BASE}/me/checkPasscode", json=body)
    assert_error(response, 400, "ProductFormatException", "pin")


async def test_check_passcode_unknown_card(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    response = await client.post(f"{BASE}/me/checkPasscode", json={"cardnumber": UNKNOWN, "pin": 4711})
    assert_error(response, 404, "ProductNotFoundException")


async def test_a_passcode_check_counts_for_this_session_for_15_minutes(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    me = principal_of(sim, client)
    card_id = mcd(PIN_CARD)
    assert not passcode_verified(sim.app.ctx, me, card_id)
    ok(await client.post(f"{BASE}/me/checkPasscode", json={"cardnumber": PIN_CARD, "pin": 4711}))
    assert passcode_verified(sim.app.ctx, me, card_id)
    assert not passcode_verified(sim.app.ctx, me, mcd(ERIKA))

    other = sim.client()
    token = await sim.device_token(other, uuid="/vendor/cashier/till/test-0002")
    other.headers["Authorization"] = f"Bearer {token['access_token']}"
    assert not passcode_verified(sim.app.ctx, principal_of(sim, other), card_id)

    sim.clock.advance(15 * 60 - 1)
    assert passcode_verified(sim.app.ctx, me, card_id)
    sim.clock.advance(1)
    assert not passcode_verified(sim.app.ctx, me, card_id)


async def test_a_failed_passcode_check_revokes_the_mark(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    me = principal_of(sim, client)
    url = f"{BASE}/me/checkPasscode"
    ok(await client.post(url, json={"cardnumber": PIN_CARD, "pin": 4711}))
    ok(await client.post(url, json={"cardnumber": PIN_CARD, "pin": 1111}))
    assert not passcode_verified(sim.app.ctx, me, mcd(PIN_CARD))


# --- list and get -----------------------------------------------------------------------------
@pytest.mark.parametrize("query", [f"card.cardnumber:{ERIKA}", f'card.cardnumber:"{ERIKA}"'])
async def test_list_by_card_number(sim: SimulatorHandle, query: str) -> None:
    client = await sim.api_client()
    body = ok(await client.get(BASE, params={"q": query}))
    assert body["count"] == 1
    [card] = body["data"]
    assert card["object"] == "loyalty.merchantcards"
    assert card["id"] == mcd(ERIKA)
    assert card["card"]["cardnumber"] == ERIKA
    assert (card["cash_balance"], card["bonus_balance"], card["balance"]) == (2000, 350, 2350)
    assert card["cardgroup"]["id"] == seed.LOYALTY_GROUP_ID
    assert card["customer"]["contact"] == {"salutation": "Frau", "forename": "Erika", "surname": "Musterfrau"}
    assert (card["lock_status"], card["stock_status"], card["passcode"]) == ("unlocked", "active", 0)
    assert_no_secrets(body)


async def test_list_unknown_number_all_cards_and_paging(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    assert ok(await client.get(BASE, params={"q": f"card.cardnumber:{UNKNOWN}"})) == {"count": 0, "data": []}
    everything = ok(await client.get(BASE))
    assert everything["count"] == len(seed.CARDS)
    assert [c["card"]["cardnumber"] for c in everything["data"]] == [c.cardnumber for c in seed.CARDS]
    assert_no_secrets(everything)
    page = ok(await client.get(BASE, params={"count": 2, "offset": 1}))
    assert page["count"] == len(seed.CARDS)
    assert [c["card"]["cardnumber"] for c in page["data"]] == [PIN_CARD, LOCKED]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": "customer.id:CUS_X"}, "q"), ({"q": "card.cardnumber:9276*"}, "q"), ({"q": ERIKA}, "q"),
     ({"count": "-1"}, "count"), ({"count": "many"}, "count"), ({"offset": "1.5"}, "offset")],
)  # fmt: skip
async def test_list_rejects_unsupported_parameters(
    sim: SimulatorHandle, params: dict[str, str], field: str
) -> None:
    client = await sim.api_client()
    assert_error(await client.get(BASE, params=params), 400, "ProductFormatException", field)


async def test_get_by_id(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    card = ok(await client.get(f"{BASE}/{mcd(PIN_CARD)}"))
    assert card["id"] == mcd(PIN_CARD)
    assert card["passcode"] == 2
    assert card["card"]["cardnumber"] == PIN_CARD
    assert_no_secrets(card)
    assert_error(
        await client.get(f"{BASE}/MCD_NOSUCHCARD000000000000000000"), 404, "ProductNotFoundException"
    )


# --- getCardBalanceReceipt ----------------------------------------------------------------------
def expected_receipt(now: float, terminal_id: str) -> list[dict[str, Any]]:
    def text(value: str, *decoration: str) -> dict[str, Any]:
        return {"type": "textline", "value": {"text": value, "decoration": list(decoration)}}

    def pair(name: str, value: str) -> dict[str, Any]:
        return {"type": "name-value", "value": {"name": name, "value": value, "decoration": []}}

    return [
        {"type": "separator", "value": {"caption": "Demo Kundenkarte"}},
        pair("Terminal-ID:", terminal_id),
        pair("Datum:", datetime.fromtimestamp(now).astimezone().strftime("%d.%m.%Y %H:%M:%S")),
        pair("Kartennummer:", ERIKA),
        {"type": "space"},
        text("Aktuelles Guthaben"),
        text("23,50 EUR", "important"),
        {"type": "space"},
        text("Aktueller Bonus"),
        text("3,50 EUR", "important"),
        {"type": "space"},
        text("Aktuelle Punkte:"),
        text("0", "important"),
    ]


@pytest.mark.parametrize("path", ["me/getCardBalanceReceipt", f"{mcd(ERIKA)}/GetCardBalanceReceipt"])
async def test_card_balance_receipt(sim: SimulatorHandle, path: str) -> None:
    client = await sim.api_client()
    body = ok(await client.post(f"{BASE}/{path}", json={"cardnumber": ERIKA, "terminal_id": "T-0042"}))
    assert body == {
        "valid": True,
        "balance": 2350,
        "cash_balance": 2000,
        "bonus_balance": 350,
        "points": 0,
        "zvt_cardgroup": "Demo Kundenkarte",
        "new_passcode": False,
        "receipt_header": [{"type": "space"}],
        "receipt": expected_receipt(sim.clock.now, "T-0042"),
        "amount_split_enabled": False,
        "limit_allowed": False,
        "limit_str": "",
        "limit": 0,
    }
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d", body["receipt"][2]["value"]["value"])


async def test_card_balance_receipt_defaults_and_locked_card(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = f"{BASE}/me/getCardBalanceReceipt"
    body = ok(await client.post(url, json={"cardnumber": ERIKA}))
    assert body["receipt"][1]["value"]["value"] == seed.TERMINAL_ID
    locked = ok(await client.post(url, json={"cardnumber": LOCKED, "terminal_id": seed.TERMINAL_ID}))
    assert locked["valid"] is False
    assert locked["balance"] == 1000
    gift = ok(await client.post(url, json={"cardnumber": GIFT}))
    assert gift["zvt_cardgroup"] == gift["receipt"][0]["value"]["caption"] == "Demo Geschenkkarte"
    assert gift["receipt"][6]["value"]["text"] == "50,00 EUR"


async def test_card_balance_receipt_errors(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = f"{BASE}/me/getCardBalanceReceipt"
    assert_error(
        await client.post(url, json={"terminal_id": "1"}), 400, "ProductFormatException", "cardnumber"
    )
    bad_tid = await client.post(url, json={"cardnumber": ERIKA, "terminal_id": 72015255})
    assert_error(bad_tid, 400, "ProductFormatException", "terminal_id")
    assert_error(await client.post(url, json={"cardnumber": UNKNOWN}), 404, "ProductNotFoundException")
    wrong_id = await client.post(f"{BASE}/{mcd(GIFT)}/getCardBalanceReceipt", json={"cardnumber": ERIKA})
    assert_error(wrong_id, 400, "ProductFormatException", "cardnumber")


# --- createMerchantcards ----------------------------------------------------------------------
@pytest.mark.parametrize("path", ["me/createMerchantcards", "MRC/CreateMerchantcards",
                                  f"{seed.MERCHANT_ID}/CREATEMERCHANTCARDS"])  # fmt: skip
async def test_create_merchant_cards(sim: SimulatorHandle, path: str) -> None:
    client = await sim.api_client()
    created = ok(await client.post(f"{BASE}/{path}/{seed.GIFT_GROUP_ID}", json={"cards_amount": 3}))
    assert len(created) == 3
    numbers = [card["card"]["cardnumber"] for card in created]
    assert len(set(numbers)) == 3
    for card, number in zip(created, numbers, strict=True):
        assert re.fullmatch(r"9276\d{12}", number)
        assert re.fullmatch(r"\d{4}", card["csc"])
        assert card["id"].startswith("MCD_")
        assert card["cardgroup"]["id"] == seed.GIFT_GROUP_ID
        assert (card["balance"], card["cash_balance"], card["bonus_balance"]) == (0, 0, 0)
        assert card["lock_status"] == "unlocked"
        assert not any(key.startswith("x_") for key in card)
        check = await client.post(
            f"{BASE}/{card['id']}/checkCsc", json={"cardnumber": number, "csc": card["csc"]}
        )
        assert ok(check) == {"result": True}
        stored = ok(await client.get(f"{BASE}/{card['id']}"))
        assert stored == {key: value for key, value in card.items() if key != "csc"}
        assert "csc" not in stored
    listed = ok(await client.get(BASE))
    assert listed["count"] == len(seed.CARDS) + 3
    assert [c["card"]["cardnumber"] for c in listed["data"][-3:]] == numbers
    assert all("csc" not in card for card in listed["data"])


async def test_create_merchant_cards_with_a_customer(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    customer = {"merchant_contact": {"forename": "Max", "surname": "Mustermann"}, "customernumber": "K-17"}
    url = f"{BASE}/me/createMerchantcards/{seed.LOYALTY_GROUP_ID}"
    created = ok(await client.post(url, json={"cards_amount": 2, "customer": customer}))
    first, second = (card["customer"] for card in created)
    assert first == second
    assert first["object"] == "loyalty.customers"
    assert first["id"].startswith("CUS_")
    assert first["contact"] == first["merchant_contact"] == customer["merchant_contact"]
    assert first["customernumber"] == "K-17"


async def test_create_the_most_cards_at_once(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = f"{BASE}/me/createMerchantcards/{seed.GIFT_GROUP_ID}"
    created = ok(await client.post(url, json={"cards_amount": 1000}))
    assert len(created) == 1000
    assert len({card["card"]["cardnumber"] for card in created}) == 1000


@pytest.mark.parametrize("amount", [0, 1001, -1, "3", 2.0, True, None, [1]])
async def test_create_merchant_cards_rejects_a_bad_amount(sim: SimulatorHandle, amount: Any) -> None:
    client = await sim.api_client()
    body = {} if amount is None else {"cards_amount": amount}
    response = await client.post(f"{BASE}/me/createMerchantcards/{seed.LOYALTY_GROUP_ID}", json=body)
    assert_error(response, 400, "ProductFormatException", "cards_amount")
    assert ok(await client.get(BASE))["count"] == len(seed.CARDS)


async def test_create_merchant_cards_errors(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    unknown = await client.post(
        f"{BASE}/me/createMerchantcards/CRG_NOSUCHGROUP0000000000000000", json={"cards_amount": 1}
    )
    assert_error(unknown, 404, "ProductNotFoundException")
    wrong_merchant = await client.post(
        f"{BASE}/MRC_OTHER0000000000000000000000001/createMerchantcards/{seed.GIFT_GROUP_ID}",
        json={"cards_amount": 1},
    )
    assert_error(wrong_merchant, 404, "ProductNotFoundException")
    bad_customer = await client.post(
        f"{BASE}/me/createMerchantcards/{seed.GIFT_GROUP_ID}", json={"cards_amount": 1, "customer": "Max"}
    )
    assert_error(bad_customer, 400, "ProductFormatException", "customer")

    group = sim.store.get("loyalty.cardgroups", seed.GIFT_GROUP_ID)
    assert group is not None
    sim.store.put("loyalty.cardgroups", seed.GIFT_GROUP_ID, {**group, "x_card_creation": False})
    refused = await client.post(
        f"{BASE}/me/createMerchantcards/{seed.GIFT_GROUP_ID}", json={"cards_amount": 1}
    )
    assert_error(refused, 400, "ProductNotAllowedException")
    assert ok(await client.get(BASE))["count"] == len(seed.CARDS)


# --- lock / unlock / lockReasons --------------------------------------------------------------
async def test_lock_status_of_seeded_cards(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    assert ok(await client.get(f"{BASE}/{mcd(LOCKED)}/lock")) == {
        "lock_status": "locked",
        "reason": 1,
        "note": "",
    }
    assert ok(await client.get(f"{BASE}/{mcd(EMPTY)}/Lock")) == {
        "lock_status": "unlocked",
        "reason": None,
        "note": "",
    }
    assert_error(
        await client.get(f"{BASE}/MCD_NOSUCHCARD000000000000000000/lock"), 404, "ProductNotFoundException"
    )


async def test_lock_relock_and_unlock(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = f"{BASE}/{mcd(EMPTY)}"
    card = ok(await client.post(f"{url}/lock", json={"reason": 2, "note": "Chip defekt", "csc": "4567"}))
    assert card["lock_status"] == "locked"
    assert_no_secrets(card)
    assert ok(await client.get(f"{url}/lock")) == {
        "lock_status": "locked",
        "reason": 2,
        "note": "Chip defekt",
    }
    validated = ok(await client.post(f"{BASE}/me/validateMerchantcard", json={"cardnumber": EMPTY}))
    assert validated["isLocked"] is True

    ok(await client.post(f"{url}/LOCK", json={"reason": 3}))  # locking again replaces reason and note
    assert ok(await client.get(f"{url}/lock")) == {"lock_status": "locked", "reason": 3, "note": ""}

    card = ok(await client.post(f"{url}/Unlock", json={"note": "wiedergefunden"}))
    assert card["lock_status"] == "unlocked"
    assert ok(await client.get(f"{url}/lock")) == {
        "lock_status": "unlocked",
        "reason": None,
        "note": "wiedergefunden",
    }
    again = ok(await client.post(f"{url}/unlock"))  # unlocking an unlocked card changes nothing
    assert again == card


@pytest.mark.parametrize("reason", [None, 4, "1", 1.0, True, [1]])
async def test_lock_rejects_a_bad_reason(sim: SimulatorHandle, reason: Any) -> None:
    client = await sim.api_client()
    body = {} if reason is None else {"reason": reason}
    response = await client.post(f"{BASE}/{mcd(EMPTY)}/lock", json=body)
    assert_error(response, 400, "ProductFormatException", "reason")
    assert ok(await client.get(f"{BASE}/{mcd(EMPTY)}/lock"))["lock_status"] == "unlocked"


async def test_lock_and_unlock_check_the_csc_and_note(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = f"{BASE}/{mcd(EMPTY)}"
    wrong = await client.post(f"{url}/lock", json={"reason": 1, "csc": "1234"})
    assert_error(wrong, 400, "ProductFormatException", "csc")
    malformed = await client.post(f"{url}/lock", json={"reason": 1, "csc": 4567})
    assert_error(malformed, 400, "ProductFormatException", "csc")
    bad_note = await client.post(f"{url}/lock", json={"reason": 1, "note": 5})
    assert_error(bad_note, 400, "ProductFormatException", "note")
    assert ok(await client.get(f"{url}/lock"))["lock_status"] == "unlocked"

    locked_url = f"{BASE}/{mcd(LOCKED)}"
    assert_error(
        await client.post(f"{locked_url}/unlock", json={"csc": "0000"}), 400, "ProductFormatException", "csc"
    )
    assert ok(await client.get(f"{locked_url}/lock"))["lock_status"] == "locked"
    assert ok(await client.post(f"{locked_url}/unlock", json={"csc": "3456"}))["lock_status"] == "unlocked"
    assert_error(
        await client.post(f"{BASE}/MCD_NOSUCHCARD000000000000000000/unlock"), 404, "ProductNotFoundException"
    )


@pytest.mark.parametrize("path", ["me/lockReasons", "ME/LockReasons"])
async def test_lock_reasons(sim: SimulatorHandle, path: str) -> None:
    client = await sim.api_client()
    assert ok(await client.get(f"{BASE}/{path}")) == [
        {"id": 1, "desc": "verloren"},
        {"id": 2, "desc": "defekt"},
        {"id": 3, "desc": "Reklamation"},
        {"id": 6, "desc": "abgelaufen"},
        {"id": 8, "desc": "nicht aktiviert"},
    ]


# --- authentication ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "me/validateMerchantcard", {"cardnumber": ERIKA}),
        ("POST", "me/checkCsc", {"cardnumber": ERIKA, "csc": "1234"}),
        ("POST", "me/checkPasscode", {"cardnumber": PIN_CARD, "pin": 4711}),
        ("GET", "", None),
        ("GET", mcd(ERIKA), None),
        ("POST", "me/getCardBalanceReceipt", {"cardnumber": ERIKA}),
        ("POST", f"me/createMerchantcards/{seed.GIFT_GROUP_ID}", {"cards_amount": 1}),
        ("GET", f"{mcd(ERIKA)}/lock", None),
        ("POST", f"{mcd(ERIKA)}/lock", {"reason": 1}),
        ("POST", f"{mcd(LOCKED)}/unlock", {}),
        ("GET", "me/lockReasons", None),
    ],
)
@pytest.mark.parametrize("header", ["", "Bearer nonsense"])
async def test_every_card_call_needs_a_valid_token(
    sim: SimulatorHandle, method: str, path: str, body: dict[str, Any] | None, header: str
) -> None:
    client = sim.client(headers={"Authorization": header} if header else {})
    url = f"{BASE}/{path}" if path else BASE
    response = await client.request(method, url, json=body)
    assert_error(response, 403, "ProductNotAllowedException")
    assert response.json()["code"] == 2003
    cards = {card["id"]: card for card in sim.store.all("loyalty.merchantcards")}
    assert len(cards) == len(seed.CARDS)  # nothing was created
    assert cards[mcd(ERIKA)]["lock_status"] == "unlocked"
    assert cards[mcd(LOCKED)]["lock_status"] == "locked"
