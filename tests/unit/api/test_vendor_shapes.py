"""Answers read as leniently as the vendor's SDK reads them.

Issue 14 point 2; docs/vendor-answers.md F2, F10, F12, F15.

The PHP SDK's ``ObjectSerializer`` and the Java SDK's Gson accept numbers where text is meant,
``null`` for anything, PHP's ``[]`` where an object is meant and amounts as digit strings. A
completed payment must stay readable whatever of these the service sends, so every shape is fed
through the real models and, for the calls that move money, through the real client.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from cashier.api.cards import CardBalanceReceipt, CardValidation, MerchantCard
from cashier.api.client import SecuconnectClient
from cashier.api.errors import OutcomeUnknown, ResponseValidationError
from cashier.api.receipts import NameValueLine, SeparatorLine, SpaceLine, TextLine
from cashier.api.transactions import PreTransaction, SmartTransaction
from tests.helpers.api import FakeTokens, ScriptedTransport, make_client

CARD = "9276004421187730"
JSON = {"Content-Type": "application/json"}

SALE: dict[str, Any] = {
    "object": "smart.transactions",
    "id": "STX_5HQ2ZK8W1XRT9DB3VN7JC4M6PL0FEA",
    "status": "ok",
    "payment_method": "cash",
    "merchant": {"object": "general.merchants", "id": "MRC_4T", "companyname": "Bäckerei Beispiel"},
    "transactions": [],
    "container": None,
    "device_destination": None,
    "merchantRef": "Kunde 4711",
    "transactionRef": "Bon 2025-000123",
    "basket": {"products": [
        {"id": 1, "item_type": "article", "desc": "Sandwich Romano", "articleNumber": "30037",
         "ean": "4999012345678", "quantity": 1, "priceOne": 349, "tax": 7, "group": []},
        {"id": 2, "item_type": "article", "desc": "4711", "articleNumber": "51", "quantity": 2,
         "priceOne": 99, "tax": 19, "group": [{"id": "10", "desc": "Duft", "level": 1}]},
        {"id": 3, "item_type": "article", "desc": "Bonus Steuer 7", "quantity": 1, "priceOne": -20, "tax": 7},
    ]},
    "basket_info": {"sum": 527, "currency": "EUR", "gratuity": None, "missing_sum": 296},
    "idents": [{"object": "smart.idents", "id": "smi_1", "prefix": "9276", "type": "card", "value": CARD,
                "valid": True, "merchantcard": {"object": "loyalty.merchantcards", "id": "MCD_7Q", "balance": 480,
                                                "cash_balance": 480, "bonus_balance": 0, "points": 12}}],
    "receipt": [
        {"type": "separator", "value": {"caption": "Kundenkarte"}},
        {"type": "name-value", "value": {"name": "Kartennummer: ", "value": CARD, "decoration": []}},
        {"type": "space"},
        {"type": "textline", "value": {"text": "4,80 EUR", "decoration": ["important"]}},
        {"type": "separator", "value": {}},
        {"type": "textline", "value": {"text": "17", "decoration": []}},
    ],
    "receipt_merchant": [],
    "receipt_number": 4711,
    "trans_id": 815,
}  # fmt: skip
"""A card sale paid in cash, in the shapes the till's own tests use."""


def _odd(sale: dict[str, Any]) -> dict[str, Any]:
    """The same sale in every odd-but-valid shape the SDK reads: numbers for texts, ``null`` for
    lists, ``[]`` for objects, digit strings for amounts, a PHP array with gaps as an object."""
    odd = copy.deepcopy(sale)
    odd["id"] = "STX_5HQ2ZK8W1XRT9DB3VN7JC4M6PL0FEA"
    odd["transactions"] = None
    odd["container"] = []
    odd["device_destination"] = []
    sandwich, scent, bonus = odd["basket"]["products"]
    sandwich.update(articleNumber=30037, ean=4999012345678, priceOne="349", group=None)
    scent.update(
        desc=4711,
        articleNumber=51,
        priceOne="99",
        quantity="2",
        group={"0": {"id": 10, "desc": "Duft", "level": "1"}},
    )
    bonus.update(priceOne="-20", tax="7")
    odd["basket_info"] = {"sum": "527", "currency": None, "gratuity": None, "missing_sum": "296"}
    card = odd["idents"][0]["merchantcard"]
    card.update(balance="480", cash_balance="480", bonus_balance="0", points="12")
    odd["idents"][0]["value"] = int(CARD)
    odd["receipt"][1]["value"]["decoration"] = None
    odd["receipt"][4]["value"] = []
    odd["receipt"][5]["value"] = {"text": 17, "decoration": {}}
    odd["receipt"] = {str(index * 2): line for index, line in enumerate(odd["receipt"])}
    odd["receipt_merchant"] = None
    odd["receipt_number"] = "4711"
    odd["trans_id"] = 815.0
    return odd


def client_over(*answers: Any) -> tuple[SecuconnectClient, ScriptedTransport]:
    transport = ScriptedTransport(
        *(httpx.Response(200, content=json.dumps(answer).encode(), headers=JSON) for answer in answers)
    )
    return SecuconnectClient(make_client(transport, auth=FakeTokens())), transport


def test_a_sale_in_every_odd_shape_at_once_reads_as_the_same_sale() -> None:
    usual = SmartTransaction.model_validate(SALE)
    odd = SmartTransaction.model_validate(_odd(SALE))
    assert odd.model_dump(mode="json", by_alias=True) == usual.model_dump(mode="json", by_alias=True)
    # what the till reads from it, spelled out
    assert (odd.status, odd.receipt_number, odd.trans_id, odd.missing_sum) == ("ok", 4711, 815, 296)
    assert odd.basket_info is not None
    assert (odd.basket_info.sum, odd.basket_info.currency) == (527, "EUR")
    ident = odd.card_ident
    assert ident is not None
    assert ident.value == CARD
    assert ident.merchantcard is not None
    card = ident.merchantcard
    assert (card.id, card.balance, card.cash_balance, card.bonus_balance, card.points) == (
        "MCD_7Q",
        480,
        480,
        0,
        12,
    )
    assert odd.basket is not None
    assert [
        (p.desc, p.article_number, p.ean, p.quantity, p.price_one, p.tax) for p in odd.basket.products
    ] == [
        ("Sandwich Romano", "30037", "4999012345678", 1, 349, 7),
        ("4711", "51", None, 2, 99, 19),
        ("Bonus Steuer 7", None, None, 1, -20, 7),
    ]
    assert odd.basket.products[1].group[0].id == "10"
    assert [type(line) for line in odd.receipt] == [
        SeparatorLine, NameValueLine, SpaceLine, TextLine, SeparatorLine, TextLine
    ]  # fmt: skip
    rule, number = odd.receipt[4], odd.receipt[5]
    assert isinstance(rule, SeparatorLine)
    assert rule.caption is None
    assert isinstance(number, TextLine)
    assert (number.value.text, number.value.decoration) == ("17", [])
    assert (odd.receipt_merchant, odd.transactions, odd.container, odd.device_destination) == (
        [],
        [],
        None,
        None,
    )


async def test_a_completed_payment_in_odd_shapes_is_no_unknown_outcome() -> None:
    """``start`` is sent once; an answer the models could not read would be ``OutcomeUnknown``."""
    client, transport = client_over(_odd(SALE), _odd(SALE))
    async with client:
        done = await client.start(SALE["id"], "cash")
        again = await client.get_transaction(SALE["id"])
    assert (done.status, done.receipt_number) == ("ok", 4711)
    assert again == done
    assert len(transport.requests) == 2


@pytest.mark.expected_errors("cashier.api.http")
async def test_an_unreadable_payment_answer_is_still_an_unknown_outcome() -> None:
    """The lenience has limits: a fraction for an amount is refused, not rounded."""
    broken = {**SALE, "basket_info": {"sum": "5.27"}}
    client, _ = client_over(broken)
    async with client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.start(SALE["id"], "cash")
    assert isinstance(caught.value.cause, ResponseValidationError)


@pytest.mark.parametrize(
    "answer",
    [
        {"status": "ok"},
        {"id": "STX_1"},
        {"id": None, "status": "ok"},
        {"id": "STX_1", "status": None},
        {"id": [], "status": "ok"},
    ],
)
def test_id_and_status_stay_required(answer: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        SmartTransaction.model_validate(answer)


def test_ids_and_statuses_sent_as_numbers_are_text() -> None:
    stx = SmartTransaction.model_validate(
        {"id": 4711, "status": "ok", "merchantRef": 17, "transactionRef": []}
    )
    assert (stx.id, stx.merchant_ref, stx.transaction_ref) == ("4711", "17", None)


@pytest.mark.parametrize("empty", ["", [], {}])
def test_an_empty_value_where_a_number_is_meant_is_absent(empty: Any) -> None:
    stx = SmartTransaction.model_validate(
        {"id": "STX_1", "status": "ok", "receipt_number": empty, "is_demo": empty}
    )
    assert (stx.receipt_number, stx.is_demo) == (None, None)


async def test_the_pricing_reads_digit_strings_and_null_bonus_lines() -> None:
    client, _ = client_over(
        {"missing_sum": "296", "bonus_products": None},
        {"missing_sum": 276, "bonus_products": [
            {"id": "4", "articleNumber": 111111117, "ean": 111111117, "priceOne": "-16", "tax": "7", "desc": None},
            None,
            {"priceOne": -4, "tax": 19, "quantity": None, "desc": "Bonus Steuer 19"},
        ]},
    )  # fmt: skip
    async with client:
        nothing = await client.pre_transaction("STX_1")
        priced = await client.pre_transaction("STX_1")
    assert (nothing.missing_sum, nothing.bonus_products, nothing.bonus_spent) == (296, [], 0)
    assert (priced.missing_sum, priced.bonus_spent) == (276, 20)
    assert [(p.id, p.article_number, p.ean, p.tax, p.quantity, p.desc) for p in priced.bonus_products] == [
        (4, "111111117", "111111117", 7, 1, ""),
        (None, None, None, 19, 1, "Bonus Steuer 19"),
    ]


@pytest.mark.parametrize("missing", [None, "12.5", 12.5, []])
def test_the_pricing_needs_a_whole_missing_sum(missing: Any) -> None:
    with pytest.raises(ValidationError):
        PreTransaction.model_validate({"missing_sum": missing})


async def test_a_card_with_null_balances_and_empty_arrays_for_objects_is_found() -> None:
    card = {
        "object": "loyalty.merchantcards",
        "id": "MCD_1",
        "card": {"object": "loyalty.cards", "id": "CRD_1", "cardnumber": int(CARD)},
        "cardgroup": [],
        "customer": [],
        "merchant": [],
        "balance": None,
        "cash_balance": None,
        "bonus_balance": None,
        "points": None,
        "passcode": "0",
    }
    client, _ = client_over({"count": "1", "data": [card]}, {"count": 0, "data": None})
    async with client:
        found = await client.find_card(CARD)
        missing = await client.find_card("9276004499999999")
    assert found is not None
    assert missing is None
    assert (found.id, found.cardnumber, found.cardgroup, found.customer, found.merchant) == (
        "MCD_1",
        CARD,
        None,
        None,
        None,
    )
    assert (found.balance, found.cash_balance, found.bonus_balance, found.points, found.passcode) == (
        0,
        0,
        0,
        0,
        0,
    )


def test_a_card_needs_its_id() -> None:
    with pytest.raises(ValidationError):
        MerchantCard.model_validate({"id": None, "balance": 0})


def test_the_balance_receipt_of_an_invalid_card() -> None:
    receipt = CardBalanceReceipt.model_validate({"valid": False, "receipt": None, "receipt_header": []})
    assert (receipt.valid, receipt.balance, receipt.cash_balance, receipt.receipt) == (False, None, None, [])
    full = CardBalanceReceipt.model_validate(
        {"valid": True, "balance": "2350", "cash_balance": 2000, "points": None}
    )
    assert (full.balance, full.cash_balance, full.points) == (2350, 2000, None)


@pytest.mark.parametrize("answer", [{"result": None}, {"result": "true"}, {"result": 1}, {}])
async def test_a_security_check_answers_true_or_false_and_nothing_else(answer: dict[str, Any]) -> None:
    """No guess either way: a CSC or PIN check that is not a plain boolean is unreadable."""
    client, _ = client_over(answer)
    async with client:
        with pytest.raises(ResponseValidationError):
            await client.check_csc("MCD_1", CARD, "1234")


def test_a_card_validation_with_nulls() -> None:
    valid = CardValidation.model_validate({"isValid": True, "hasPasscode": None, "isLocked": None})
    assert (valid.is_valid, valid.has_passcode, valid.is_locked, valid.usable) == (True, None, None, True)


def test_receipt_lines_with_null_and_empty_values() -> None:
    stx = SmartTransaction.model_validate(
        {
            "id": "STX_1",
            "status": "ok",
            "receipt": [
                {"type": "textline", "value": None},
                {"type": "textline", "value": []},
                {"type": "name-value", "value": {"name": None, "value": 12.5, "decoration": None}},
                {"type": "separator", "value": None},
                {"type": "separator", "value": {"caption": []}},
                {"type": "space", "value": []},
            ],
        }
    )
    first, second, pair, rule, other_rule, space = stx.receipt
    assert isinstance(first, TextLine)
    assert isinstance(second, TextLine)
    assert (first.value.text, second.value.text, first.value.decoration) == ("", "", [])
    assert isinstance(pair, NameValueLine)
    assert (pair.value.name, pair.value.value, pair.value.decoration) == ("", "12.5", [])
    assert isinstance(rule, SeparatorLine)
    assert isinstance(other_rule, SeparatorLine)
    assert (rule.caption, other_rule.caption) == (None, None)
    assert isinstance(space, SpaceLine)


async def test_list_answers_read_null_as_empty() -> None:
    client, _ = client_over(
        {"count": None, "data": None}, None, {"count": 0, "data": {}}, {"0": {"id": "1", "desc": "verloren"}}
    )
    async with client:
        assert await client.find_transactions("Bon 7") == []
        assert await client.lock_reasons() == []
        assert await client.card_groups() == []
        [reason] = await client.lock_reasons()
    assert (reason.id, reason.desc) == (1, "verloren")


async def test_the_merchant_as_the_sdk_models_it() -> None:
    """``GeneralMerchantsUser``: ``email`` and ``address`` are lists (docs/vendor-answers.md F10)."""
    merchant = {
        "object": "general.merchants",
        "id": "MRC_4TRW9X2KD7ZQ1NB8VH5JC3M6PL0FGE",
        "type": "merchant",
        "user": {
            "companyname": "Bäckerei Beispiel",
            "email": [{"type": "main", "email_formatted": "info@example.org"}, {"type": "other"}],
            "address": [{"type": "invoice", "street": "Hauptstr.", "city": "Dresden"}],
        },
        "legal_details": None,
    }
    client, _ = client_over(merchant, {"id": "MRC_2", "user": {"email": None, "address": []}})
    async with client:
        read = await client.merchant()
        bare = await client.merchant()
    assert read.display_name == "Bäckerei Beispiel"
    assert read.user is not None
    assert read.user.email_addresses == ["info@example.org"]
    assert bare.user is not None
    assert (bare.user.email_addresses, bare.display_name) == ([], "MRC_2")
