"""Scenarios through SecuconnectClient, run against the simulator and (opt-in) the real testing system.

Each scenario drives one flow of the till through the typed client and checks what must hold
on any secuconnect — the simulator's seeded shop or a real merchant's test card: statuses,
that amounts add up, that balances move by what the answers say. It returns the facts it saw,
so that the simulator tests can add exact values (the seed is known) on top. The simulator run
is ``tests/integration/api/test_scenarios.py``; the live run ``tests/live/test_live_contract.py``.

Amounts are tiny on purpose (the testing system books real test money on test cards), and every
sale that reaches a card is cancelled at the end, so a test card's balance stays where it was.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from cashier.api.cards import CardValidation, MerchantCard
from cashier.api.client import SecuconnectClient
from cashier.api.containers import PaymentContainer
from cashier.api.merchants import Merchant
from cashier.api.transactions import (
    BasketItem,
    IdentDraft,
    PreTransaction,
    SmartTransaction,
    SmartTransactionDraft,
    TransactionStatus,
)


@dataclass(frozen=True)
class TestCard:
    """A card of the merchant with its security code (and PIN, when it has one)."""

    __test__ = False  # not a pytest test class

    cardnumber: str
    csc: str


def reference(purpose: str) -> str:
    """A unique ``transactionRef`` (how a lost create is found again)."""
    return f"cashier-test {purpose} {uuid.uuid4().hex[:12]}"


def wrong_csc(csc: str) -> str:
    return f"{(int(csc) + 1) % 10_000:04d}"


def section_8_4_items() -> list[BasketItem]:
    """The basket of docs/secuconnect.md §6.1: 7,96 € (5,98 € at 7 %, 1,98 € at 19 %)."""
    return [
        BasketItem(id=1, desc="Sandwich Romano", quantity=1, price_one=349, tax=7, article_number="30037"),
        BasketItem(id=2, desc="Obstsalat klein", quantity=1, price_one=249, tax=7, article_number="30200"),
        BasketItem(
            id=3,
            desc="Wasser 0,25 l",
            quantity=2,
            price_one=99,
            tax=19,
            article_number="51",
            ean="4999012345678",
        ),
    ]


# --- merchant and cards ------------------------------------------------------------------------------
async def read_merchant(client: SecuconnectClient) -> Merchant:
    merchant = await client.merchant()
    assert merchant.id.startswith("MRC_"), merchant.id
    assert merchant.display_name
    return merchant


@dataclass(frozen=True)
class Recognition:
    validation: CardValidation
    card: MerchantCard
    unknown: CardValidation


async def recognise_card(client: SecuconnectClient, card: TestCard, unknown_cardnumber: str) -> Recognition:
    """Validate, read the card, check the CSC on the card's id (right and wrong)."""
    validation = await client.validate_card(card.cardnumber)
    assert validation.usable, validation
    found = await client.find_card(card.cardnumber)
    assert found is not None
    assert found.cardnumber == card.cardnumber
    assert found.id.startswith("MCD_"), found.id
    assert found.balance == found.cash_balance + found.bonus_balance
    assert not found.is_locked
    assert await client.check_csc(found.id, card.cardnumber, card.csc) is True
    assert await client.check_csc(found.id, card.cardnumber, wrong_csc(card.csc)) is False
    unknown = await client.validate_card(unknown_cardnumber)
    assert unknown.is_valid is False
    assert await client.find_card(unknown_cardnumber) is None
    return Recognition(validation=validation, card=found, unknown=unknown)


# --- a sale with the card: §6.1 → §6.3, then cancelled -----------------------------------------------
@dataclass(frozen=True)
class CardSale:
    before: MerchantCard
    created: SmartTransaction
    priced: PreTransaction
    processing: SmartTransaction
    done: SmartTransaction
    after: MerchantCard
    cancelled: SmartTransaction
    restored: MerchantCard

    @property
    def cash_used(self) -> int:
        """What the card's cash balance paid: the sum less bonus spent less what was missing."""
        return self.created_sum - self.priced.bonus_spent - self.priced.missing_sum

    @property
    def created_sum(self) -> int:
        assert self.created.basket_info is not None
        return self.created.basket_info.sum


async def card_sale_paid_in_cash_then_cancelled(
    client: SecuconnectClient, card: TestCard, transaction_ref: str
) -> CardSale:
    """Validate and check the card, create the §6.1 sale with it, ``preTransaction``, ``start/cash``
    (the till takes ``missing_sum`` in cash), find it by reference, then cancel it."""
    assert (await client.validate_card(card.cardnumber)).usable
    before = await client.find_card(card.cardnumber)
    assert before is not None
    assert await client.check_csc(before.id, card.cardnumber, card.csc)

    items = section_8_4_items()
    draft = SmartTransactionDraft.for_items(
        items,
        idents=[IdentDraft.card(card.cardnumber)],
        merchant_ref="Kunde 4711",
        transaction_ref=transaction_ref,
    )
    created = await client.create_transaction(draft)
    assert created.status == TransactionStatus.CREATED
    assert created.id.startswith("STX_"), created.id
    assert created.basket_info is not None
    assert created.basket_info.sum == 796
    assert created.transaction_ref == transaction_ref
    assert created.basket is not None
    assert [line.price_one for line in created.basket.products] == [349, 249, 99]
    ident = created.card_ident
    assert ident is not None
    assert ident.value == card.cardnumber
    assert ident.merchantcard is not None
    assert ident.merchantcard.id == before.id

    priced = await client.pre_transaction(created.id)
    assert 0 <= priced.missing_sum <= 796
    assert all(line.price_one < 0 for line in priced.bonus_products)
    assert 0 <= priced.bonus_spent <= before.bonus_balance
    cash_used = 796 - priced.bonus_spent - priced.missing_sum
    assert 0 <= cash_used <= before.cash_balance

    processing = await client.get_transaction(created.id)
    assert processing.status == TransactionStatus.PROCESSING
    assert processing.missing_sum == priced.missing_sum
    assert processing.basket is not None
    assert sum(line.total for line in processing.basket.products) == 796 - priced.bonus_spent

    done = await client.start(created.id, "cash")
    assert done.id == created.id
    assert (done.status, done.payment_method) == (TransactionStatus.OK, "cash")
    assert done.trans_id is not None
    assert done.receipt, "a started loyalty sale has a receipt"
    after = await client.find_card(card.cardnumber)
    assert after is not None
    assert after.cash_balance == before.cash_balance - cash_used

    assert [stx.id for stx in await client.find_transactions(transaction_ref)] == [created.id]

    cancelled = await client.cancel(created.id)
    assert cancelled.is_cancelled, cancelled.status
    restored = await client.find_card(card.cardnumber)
    assert restored is not None
    assert (restored.cash_balance, restored.bonus_balance) == (before.cash_balance, before.bonus_balance)
    return CardSale(before, created, priced, processing, done, after, cancelled, restored)


# --- a sale without a card, found by its reference, aborted ------------------------------------------
async def unpaid_sale_found_by_reference_and_aborted(
    client: SecuconnectClient, transaction_ref: str
) -> SmartTransaction:
    """What a till does after a lost create answer: find by ``transactionRef``, then decide (abort)."""
    draft = SmartTransactionDraft.for_items(
        [BasketItem(id=1, desc="Brezel", quantity=2, price_one=65, tax=7)], transaction_ref=transaction_ref
    )
    created = await client.create_transaction(draft)
    found = await client.find_transactions(transaction_ref)
    assert [stx.id for stx in found] == [created.id]
    assert found[0].status == TransactionStatus.CREATED
    page = await client.list_transactions(q=f'transactionRef:"{transaction_ref}"', count=10)
    assert page.count == 1
    assert [stx.id for stx in page.data] == [created.id]
    aborted = await client.abort(created.id)
    assert aborted.status == TransactionStatus.ABORTED
    assert (await client.get_transaction(created.id)).status == TransactionStatus.ABORTED
    return aborted


# --- a card created on the fly -------------------------------------------------------------------------
@dataclass(frozen=True)
class NewCard:
    transaction: SmartTransaction
    cardnumber: str
    csc: str


async def card_created_on_the_fly(
    client: SecuconnectClient, card_group_id: str, transaction_ref: str
) -> NewCard:
    """A sale with a ``create_card`` ident: the start makes the card and shows its number and CSC once."""
    draft = SmartTransactionDraft.for_items(
        [BasketItem(id=1, desc="Kaffee", quantity=1, price_one=250, tax=19)],
        idents=[IdentDraft.create_card(card_group_id)],
        transaction_ref=transaction_ref,
    )
    created = await client.create_transaction(draft)
    done = await client.start(created.id, "cash")
    assert done.status == TransactionStatus.OK
    ident = done.card_ident
    assert ident is not None
    assert ident.type == "create_card"
    assert ident.value.isdigit(), "the new card's number is the ident's value"
    assert len(ident.value) == 16
    assert ident.merchantcard is not None
    assert ident.merchantcard.csc is not None
    csc = ident.merchantcard.csc.get_secret_value()
    assert csc.isdigit()
    assert len(csc) == 4
    assert ident.merchantcard.id is not None
    assert await client.check_csc(ident.merchantcard.id, ident.value, csc)
    again = await client.get_transaction(created.id)
    again_ident = again.card_ident
    assert again_ident is not None
    assert again_ident.merchantcard is not None
    assert again_ident.merchantcard.csc is None, "the CSC is shown in the start's answer only"
    return NewCard(transaction=done, cardnumber=ident.value, csc=csc)


# --- the SmartZVT terminal -------------------------------------------------------------------------------
async def terminal_payment_then_cancelled(
    client: SecuconnectClient, transaction_ref: str, amount: int = 1
) -> tuple[SmartTransaction, SmartTransaction]:
    """``start/cashless`` for ``amount`` cents, then ``cancelTrx`` by its receipt number."""
    draft = SmartTransactionDraft.for_items(
        [BasketItem(id=1, desc="Testartikel", quantity=1, price_one=amount, tax=19)],
        transaction_ref=transaction_ref,
    )
    created = await client.create_transaction(draft)
    paid = await client.start(created.id, "cashless")
    assert (paid.status, paid.payment_method) == (TransactionStatus.OK, "cashless")
    assert paid.receipt_number is not None
    assert paid.receipt
    assert paid.receipt_merchant
    assert paid.device_destination is not None
    cancelled = await client.cancel_terminal_payment(paid.receipt_number, smart_transaction_id=paid.id)
    assert cancelled.id == paid.id
    assert cancelled.is_cancelled, cancelled.status
    return paid, cancelled


async def terminal_reports(client: SecuconnectClient) -> tuple[SmartTransaction, SmartTransaction]:
    """End of day and diagnosis: each answers with a transaction that records it."""
    report = await client.end_of_day()
    assert report.id.startswith("STX_")
    assert report.status == TransactionStatus.OK
    diagnosis = await client.diagnosis()
    assert diagnosis.id.startswith("STX_")
    assert diagnosis.status == TransactionStatus.OK
    return report, diagnosis


# --- SEPA direct debit ---------------------------------------------------------------------------------------
async def sepa_debit(
    client: SecuconnectClient, owner: str, iban: str, transaction_ref: str
) -> tuple[PaymentContainer, SmartTransaction]:
    """A bank account container, ``prepare/debit`` (approved), then ``start`` (ok)."""
    container = await client.create_bank_account(owner, iban)
    assert container.id.startswith("PCT_"), container.id
    assert (await client.get_container(container.id)).id == container.id
    draft = SmartTransactionDraft.for_items(
        [BasketItem(id=1, desc="Abo", quantity=1, price_one=990, tax=19)], transaction_ref=transaction_ref
    )
    created = await client.create_transaction(draft)
    prepared = await client.prepare_debit(created.id, container.id)
    assert (prepared.status, prepared.payment_method) == (TransactionStatus.APPROVED, "debit")
    done = await client.start_prepared(created.id)
    assert done.status == TransactionStatus.OK
    return container, done
