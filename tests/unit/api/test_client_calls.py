"""SecuconnectClient over a scripted transport: paths, bodies, guards on caller data, retry classes."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from cashier.api.cards import AddressDraft, ContactDraft, CustomerDraft
from cashier.api.client import SecuconnectClient
from cashier.api.errors import ConnectionFailed, OutcomeUnknown
from cashier.api.transactions import BasketItem, SmartTransactionDraft
from tests.helpers.api import FakeTokens, ScriptedTransport, dropped, make_client, read_timeout
from tests.helpers.contract import check_request

STX = {"id": "STX_1", "status": "ok"}


def client_over(*steps: Any) -> tuple[SecuconnectClient, ScriptedTransport]:
    transport = ScriptedTransport(*steps)
    return SecuconnectClient(make_client(transport, auth=FakeTokens())), transport


def answer(body: Any) -> httpx.Response:
    return httpx.Response(200, json=body)


def sent_body(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


async def test_caller_ids_cannot_change_the_resource_a_call_reaches() -> None:
    client, transport = client_over(answer(STX), answer({"result": True}))
    async with client:
        await client.get_transaction("STX_1/../../General/Merchants/me?x=1")
        await client.check_csc("MCD_1/lock", "9276004400000011", "1234")
    paths = [request.url.raw_path.decode() for request in transport.requests]
    assert paths == [
        "/api/v2/Smart/Transactions/STX_1%2F..%2F..%2FGeneral%2FMerchants%2Fme%3Fx%3D1",
        "/api/v2/Loyalty/MerchantCards/MCD_1%2Flock/checkCsc",
    ]


@pytest.mark.parametrize("cardnumber", ["9276 0044 0000 0011", "9276004400000011 OR *", "", "٩٢٧٦"])
async def test_a_card_search_takes_digits_only(cardnumber: str) -> None:
    client, transport = client_over()
    async with client:
        with pytest.raises(ValueError, match="digits only"):
            await client.find_card(cardnumber)
    assert transport.requests == []


async def test_the_pin_goes_out_as_an_int_and_loses_a_leading_zero() -> None:
    client, transport = client_over(answer({"result": True}))
    async with client:
        assert await client.check_passcode("MCD_2", "9276004400000029", "0815") is True
        with pytest.raises(ValueError, match="digits only") as refused:
            await client.check_passcode("MCD_2", "9276004400000029", "12a4")
    assert sent_body(transport.requests[0]) == {"cardnumber": "9276004400000029", "pin": 815}
    assert "12a4" not in str(refused.value)
    assert len(transport.requests) == 1


async def test_a_card_search_returns_the_matching_card_or_none() -> None:
    card = {
        "id": "MCD_1",
        "card": {"cardnumber": "9276004400000011"},
        "balance": 5,
        "cash_balance": 5,
        "bonus_balance": 0,
    }
    client, transport = client_over(answer({"count": 1, "data": [card]}), answer({"count": 0, "data": []}))
    async with client:
        found = await client.find_card("9276004400000011")
        missing = await client.find_card("9276004499999999")
    assert found is not None
    assert found.id == "MCD_1"
    assert missing is None
    assert transport.requests[0].url.params["q"] == "card.cardnumber:9276004400000011"


@pytest.mark.expected_errors("cashier.api.http")
async def test_a_lost_create_is_unknown_without_an_id_and_not_retried() -> None:
    client, transport = client_over(dropped)
    draft = SmartTransactionDraft.for_items([BasketItem(id=1, desc="x", quantity=1, price_one=100, tax=19)])
    async with client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.create_transaction(draft)
    assert caught.value.smart_transaction_id is None
    assert isinstance(caught.value.cause, ConnectionFailed)
    assert len(transport.requests) == 1


@pytest.mark.expected_errors("cashier.api.http")
async def test_pre_transaction_and_put_are_retried_but_start_is_not() -> None:
    priced = {"missing_sum": 0, "bonus_products": []}
    draft = SmartTransactionDraft.for_items([BasketItem(id=1, desc="x", quantity=1, price_one=100, tax=19)])
    client, transport = client_over(read_timeout, answer(priced), dropped, answer(STX), read_timeout)
    async with client:
        assert (await client.pre_transaction("STX_1")).missing_sum == 0
        assert (await client.update_transaction("STX_1", draft)).id == "STX_1"
        with pytest.raises(OutcomeUnknown) as caught:
            await client.start("STX_1", "cashless")
    assert [(r.method, r.url.path.rsplit("/", 1)[-1]) for r in transport.requests] == [
        ("POST", "preTransaction"),
        ("POST", "preTransaction"),
        ("PUT", "STX_1"),
        ("PUT", "STX_1"),
        ("POST", "cashless"),
    ]
    assert caught.value.smart_transaction_id == "STX_1"
    assert caught.value.operation == "start/cashless"


async def test_the_terminal_calls_use_the_terminal_timeout() -> None:
    client, transport = client_over(*(answer(STX) for _ in range(7)))
    async with client:
        await client.start("STX_1", "cash")
        await client.start("STX_1", "debit")
        await client.start("STX_1", "cashless")
        await client.cancel_terminal_payment(17)
        await client.end_of_day()
        await client.diagnosis()
        await client.cancel("STX_1")
    reads = [(r.url.path, r.extensions["timeout"]["read"]) for r in transport.requests]
    assert reads == [
        ("/api/v2/Smart/Transactions/STX_1/start/cash", 15.0),
        ("/api/v2/Smart/Transactions/STX_1/start/debit", 15.0),
        ("/api/v2/Smart/Transactions/STX_1/start/cashless", 180.0),
        ("/api/v2/Smart/Transactions/17/cancelTrx", 180.0),
        ("/api/v2/Smart/Transactions/me/EndOfDay", 180.0),
        ("/api/v2/Smart/Transactions/me/diagnosis", 180.0),
        ("/api/v2/Smart/Transactions/STX_1/cancel", 15.0),
    ]


async def test_an_unknown_start_method_is_refused_before_sending() -> None:
    client, transport = client_over()
    async with client:
        with pytest.raises(ValueError, match="creditcard"):
            await client.start("STX_1", "creditcard")
    assert transport.requests == []


async def test_find_transactions_keeps_exact_matches_only() -> None:
    page = {
        "count": 2,
        "data": [
            {"id": "STX_A", "status": "created", "transactionRef": "Bon 7"},
            {"id": "STX_B", "status": "created", "transactionRef": "Bon 7 Nachtrag"},
        ],
    }
    client, transport = client_over(answer(page))
    async with client:
        found = await client.find_transactions("Bon 7")
    assert [stx.id for stx in found] == ["STX_A"]
    assert transport.requests[0].url.params["q"] == 'transactionRef:"Bon 7"'


async def test_the_iban_is_sent_in_its_electronic_form() -> None:
    client, transport = client_over(answer({"id": "PCT_1", "type": "bank_account"}))
    async with client:
        await client.create_bank_account("Erika Musterfrau", "de89 3704 0044 0532 0130 00", bic="")
    assert sent_body(transport.requests[0]) == {
        "type": "bank_account",
        "private": {"owner": "Erika Musterfrau", "iban": "DE89370400440532013000"},
    }


async def test_card_calls_go_where_the_sdk_sends_them() -> None:
    """checkCsc, checkPasscode and getCardBalanceReceipt on the card's MCD id, createMerchantcards
    on the merchant's MRC id, card groups as ``Cardgroups``; ``me`` only for validateMerchantcard
    and lockReasons (LoyaltyMerchantCardsApi, LoyaltyCardGroupsApi)."""
    client, transport = client_over(
        answer({"isValid": True}),
        answer({"result": True}),
        answer({"result": False}),
        answer({"valid": True, "balance": 5}),
        answer([{"id": "MCD_NEW", "csc": "1234"}]),
        answer({"count": 1, "data": [{"id": "CRG_1"}]}),
        answer([{"id": 1, "desc": "verloren"}]),
    )
    async with client:
        await client.validate_card("9276004400000011")
        assert await client.check_csc("MCD_1", "9276004400000011", "1234") is True
        assert await client.check_passcode("MCD_1", "9276004400000011", "4711") is False
        await client.card_balance_receipt("MCD_1", "9276004400000011", terminal_id="72015255")
        await client.create_cards("MRC_1", "CRG_1")
        assert [group.id for group in await client.card_groups()] == ["CRG_1"]
        await client.lock_reasons()
    calls = [(r.method, r.url.path) for r in transport.requests]
    assert calls == [
        ("POST", "/api/v2/Loyalty/MerchantCards/me/validateMerchantcard"),
        ("POST", "/api/v2/Loyalty/MerchantCards/MCD_1/checkCsc"),
        ("POST", "/api/v2/Loyalty/MerchantCards/MCD_1/checkPasscode"),
        ("POST", "/api/v2/Loyalty/MerchantCards/MCD_1/getCardBalanceReceipt"),
        ("POST", "/api/v2/Loyalty/MerchantCards/MRC_1/createMerchantcards/CRG_1"),
        ("GET", "/api/v2/Loyalty/Cardgroups"),
        ("GET", "/api/v2/Loyalty/MerchantCards/me/lockReasons"),
    ]
    bodies = [sent_body(r) for r in transport.requests[1:4]]
    assert bodies == [
        {"cardnumber": "9276004400000011", "csc": "1234"},
        {"cardnumber": "9276004400000011", "pin": 4711},
        {"cardnumber": "9276004400000011", "terminal_id": "72015255"},
    ]


@pytest.mark.parametrize("card_id", ["", "  "])
async def test_a_card_check_needs_the_cards_id(card_id: str) -> None:
    client, transport = client_over()
    async with client:
        with pytest.raises(ValueError, match="card id is empty"):
            await client.check_csc(card_id, "9276004400000011", "1234")
        with pytest.raises(ValueError, match="card id is empty"):
            await client.check_passcode(card_id, "9276004400000011", "4711")
    assert transport.requests == []


async def test_a_new_cards_holder_can_carry_what_the_docs_example_sends() -> None:
    """``Create_a_Loyalty_Card`` sends ``title``, ``fax`` and an ``address`` (docs/vendor-answers.md F12)."""
    holder = CustomerDraft(
        merchant_contact=ContactDraft(
            salutation="Herr",
            title="Dr.",
            forename="Max",
            surname="Mustermann",
            fax="0351 123457",
            address=AddressDraft(street="Hauptstr.", street_number="1", postal_code="01067", city="Dresden"),
        ),
        customernumber="K-1",
    )
    client, transport = client_over(answer([{"id": "MCD_NEW"}]))
    async with client:
        [card] = await client.create_cards("MRC_1", "CRG_1", customer=holder)
    body = sent_body(transport.requests[0])
    assert card.id == "MCD_NEW"
    assert body["customer"]["merchant_contact"]["address"] == {
        "street": "Hauptstr.",
        "street_number": "1",
        "postal_code": "01067",
        "city": "Dresden",
    }
    assert check_request("POST", transport.requests[0].url.path, body) == []
