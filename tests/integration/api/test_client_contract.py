"""Every request body SecuconnectClient sends passes the vendor SDK's field lists (strict keys).

One tour drives every operation against the simulator; the recording transport keeps each
request as it went out, and :func:`tests.helpers.contract.check_request` checks its body —
known keys only, right JSON types. Two calls have no operation in the SDK contract: ``GET
/General/Merchants/me`` (no body) and ``POST …/{id}/start`` after a ``prepare`` (documented in
the e-commerce guides), whose body is checked against ``SmartTransactionsStart``.
"""

from __future__ import annotations

from pathlib import Path

from cashier.api.cards import ContactDraft, CustomerDraft, LockReasonCode
from cashier.api.client import SecuconnectClient
from cashier.api.transactions import (
    ArticleGroup,
    BasketInfoDraft,
    BasketItem,
    IdentDraft,
    SmartTransactionDraft,
    StartDetails,
)
from cashier.simulator import seed
from tests.helpers.contract import check, check_request, operation_for
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import SentRequest, till_session

ERIKA = "9276004400000011"
GIFT = "9276004400000053"
PIN_CARD = "9276004400000029"
NOT_IN_CONTRACT = {"GET /api/v2/General/Merchants/me": None, "POST start": "SmartTransactionsStart"}


def full_draft(card: str, ref: str) -> SmartTransactionDraft:
    """A draft with every field a till fills."""
    items = [
        BasketItem(
            id=1,
            desc="Sandwich Romano",
            quantity=1,
            price_one=349,
            tax=7,
            article_number="30037",
            ean="4999012345678",
            reference_id="line-1",
            group=[ArticleGroup(id="10", desc="Snacks", level=1)],
        ),
        BasketItem(id=2, desc="Wasser", quantity=2, price_one=99, tax=19, serial_number=None),
    ]
    draft = SmartTransactionDraft.for_items(
        items, idents=[IdentDraft.card(card)], gratuity=50, merchant_ref="Kunde 4711", transaction_ref=ref
    )
    return draft.model_copy(update={"is_demo": False})


async def tour(client: SecuconnectClient) -> None:
    """Every operation once."""
    merchant = await client.merchant()
    await client.validate_card(ERIKA)
    await client.check_csc(seed.demo_card_id(ERIKA), ERIKA, "1234")
    await client.check_passcode(seed.demo_card_id(PIN_CARD), PIN_CARD, "4711")
    card = await client.find_card(ERIKA)
    assert card is not None
    await client.get_card(card.id)
    await client.card_balance_receipt(card.id, ERIKA, terminal_id="72015255")
    holder = CustomerDraft(
        merchant_contact=ContactDraft(forename="Max", surname="Mustermann", email="max@example.org"),
        customernumber="K-1",
        note="Neukunde",
        consent_for_communication="accepted",
        additional_data={"source": "till"},
    )
    [new_card] = await client.create_cards(merchant.id, seed.GIFT_GROUP_ID, amount=1, customer=holder)
    await client.lock_reasons()
    await client.lock_card(
        new_card.id,
        LockReasonCode.LOST,
        note="verloren",
        csc=new_card.csc.get_secret_value() if new_card.csc else None,
    )
    await client.lock_status(new_card.id)
    await client.unlock_card(new_card.id, note="gefunden")

    created = await client.create_transaction(full_draft(ERIKA, "Bon contract-1"))
    await client.update_transaction(created.id, full_draft(ERIKA, "Bon contract-1"))
    await client.get_transaction(created.id)
    await client.list_transactions(q="status:created", count=5, offset=0, sort="created:desc")
    await client.find_transactions("Bon contract-1")
    await client.pre_transaction(created.id)
    await client.start(created.id, "cash", StartDetails())
    await client.cancel(created.id)

    gift = await client.create_transaction(
        SmartTransactionDraft.for_items(
            [BasketItem(id=1, desc="Tee", quantity=1, price_one=200, tax=7)], idents=[IdentDraft.card(GIFT)]
        )
    )
    await client.pre_transaction(gift.id)
    await client.start(gift.id, "loyalty")

    terminal = await client.create_transaction(
        SmartTransactionDraft.for_items([BasketItem(id=1, desc="Torte", quantity=1, price_one=1850, tax=7)])
    )
    paid = await client.start(terminal.id, "cashless")
    assert paid.receipt_number is not None
    await client.cancel_terminal_payment(paid.receipt_number, smart_transaction_id=paid.id)
    await client.end_of_day()
    await client.diagnosis()

    customer = await client.create_payment_customer("Erika Musterfrau", "erika@example.org")
    container = await client.create_bank_account(
        "Erika Musterfrau",
        "DE89370400440532013000",
        bic="COBADEFFXXX",
        customer_id=customer.id,
    )
    await client.get_container(container.id)
    debit = await client.create_transaction(
        SmartTransactionDraft.for_items([BasketItem(id=1, desc="Abo", quantity=1, price_one=990, tax=19)])
    )
    await client.prepare_debit(debit.id, container.id)
    await client.start_prepared(debit.id)

    dropped = await client.create_transaction(
        SmartTransactionDraft(basket_info=BasketInfoDraft(sum=0), is_demo=True)  # the docs' minimal create
    )
    await client.abort(dropped.id)


def problems_of(request: SentRequest) -> tuple[str, list[str]]:
    """The operation a request was for, and what the contract says about its body."""
    try:
        operation = operation_for(request.method, request.path)
    except KeyError:
        key = request.path.rsplit("/", 1)[-1] if request.method == "POST" else request.path
        model = NOT_IN_CONTRACT[f"{request.method} {key}"]
        if model is None:
            return f"{request.method} {request.path}", [] if request.body is None else ["unexpected body"]
        return f"{request.method} …/start", check(model, request.body, strict_keys=True)
    name = f"{operation['http_method']} {operation['path']}"
    return name, check_request(request.method, request.path, request.body)


async def test_every_body_the_client_sends_matches_the_contract(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        await tour(till.client)
        requests = till.transport.api_requests()
    checked = [problems_of(request) for request in requests]
    assert [(name, problems) for name, problems in checked if problems] == []
    covered = {name for name, _ in checked}
    assert covered == {
        "GET /api/v2/General/Merchants/me",
        "POST /Loyalty/MerchantCards/{loyaltyMerchantCardId}/validateMerchantcard",
        "POST /Loyalty/MerchantCards/{loyaltyMerchantCardId}/checkCsc",
        "POST /Loyalty/MerchantCards/{loyaltyMerchantCardId}/checkPasscode",
        "GET /Loyalty/MerchantCards",
        "GET /Loyalty/MerchantCards/{loyaltyMerchantCardId}",
        "POST /Loyalty/MerchantCards/{loyaltyMerchantCardId}/getCardBalanceReceipt",
        "POST /Loyalty/MerchantCards/{generalMerchantId}/createMerchantcards/{loyaltyCardgroupId}",
        "GET /Loyalty/MerchantCards/me/lockReasons",
        "POST /Loyalty/MerchantCards/{loyaltyMerchantCardId}/lock",
        "GET /Loyalty/MerchantCards/{loyaltyMerchantCardId}/lock",
        "POST /Loyalty/MerchantCards/{loyaltyMerchantCardId}/unlock",
        "POST /Smart/Transactions",
        "PUT /Smart/Transactions/{smartTransactionId}",
        "GET /Smart/Transactions/{smartTransactionId}",
        "GET /Smart/Transactions",
        "POST /Smart/Transactions/{smartTransactionId}/preTransaction",
        "POST /Smart/Transactions/{smartTransactionId}/start/{paymentMethod}",
        "POST /Smart/Transactions/{smartTransactionId}/cancel",
        "POST /Smart/Transactions/{smartTransactionId}/canceltrx",
        "POST /Smart/Transactions/{smartDeviceId}/endOfDay",
        "POST /Smart/Transactions/{smartDeviceId}/diagnosis",
        "POST /Payment/Customers",
        "POST /Payment/Containers",
        "GET /Payment/Containers/{paymentContainerId}",
        "POST /Smart/Transactions/{smartTransactionId}/prepare/{paymentMethod}",
        "POST …/start",
        "POST /Smart/Transactions/{smartTransactionId}/abort",
    }
    bodies = {name: request.body for (name, _), request in zip(checked, requests, strict=True)}
    assert bodies["POST /Loyalty/MerchantCards/{loyaltyMerchantCardId}/checkPasscode"] == {
        "cardnumber": PIN_CARD,
        "pin": 4711,
    }
    assert bodies["POST /Smart/Transactions/{smartTransactionId}/start/{paymentMethod}"] == {}
