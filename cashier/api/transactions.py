"""Smart Transactions on the wire (docs/secuconnect.md §4.2–4.7, §6).

What we send: :class:`SmartTransactionDraft` (``SmartTransactionsDTO``: ``intent``, ``basket``
of :class:`BasketItem`, ``basket_info``, ``idents``, ``merchantRef``, ``transactionRef``,
``is_demo``), :class:`StartDetails` (``SmartTransactionsStart``) and :class:`PrepareDebit`.

What we read: :class:`SmartTransaction` (status, payment method, basket, ``basket_info`` with
``missing_sum``, idents with the merchant card — and a created card's ``csc`` in the answer of
the start that made it —, receipts, receipt and TA numbers, …), :class:`PreTransaction`
(``missing_sum``, ``bonus_products``) and :class:`TransactionPage` (a list answer).

Only ``id`` and ``status`` are required in a transaction: its answer must stay readable
whatever else changes, because after a lost answer reading it back is how the till learns
what happened. Everything else is read as the vendor's SDK reads it (:mod:`cashier.api.wire`):
numbers where text is meant, ``null`` lists, ``[]`` for objects, amounts as digit strings.
``status`` stays a string (:class:`TransactionStatus` lists the known ones,
including the legacy spelling ``canceled``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import Field, SecretStr, StrictInt, model_validator

from cashier.api.cards import PasscodeRule
from cashier.api.receipts import ReceiptLines
from cashier.api.wire import AnswerCents, Cents, ObjectRef, Page, RequestModel, WireModel

CURRENCY = "EUR"


class TransactionStatus(StrEnum):
    """The statuses of §4.6. POS flows see created → processing → ok | failed, then cancelled."""

    CREATED = "created"
    PROCESSING = "processing"
    APPROVED = "approved"
    PENDING = "pending"
    OK = "ok"
    RECEIVED = "received"
    SHIPPED = "shipped"
    COLLECTION = "collection"
    COLLECTED = "collected"
    FAILED = "failed"
    CANCELLED = "cancelled"
    CANCELED = "canceled"
    """Legacy spelling (old Java SDK); means :attr:`CANCELLED`."""
    ABORTED = "aborted"
    FINISHED = "finished"
    TIMEOUT = "timeout"
    DELETED = "deleted"


class StartMethod(StrEnum):
    """How a till starts (pays) a smart transaction: ``POST …/start/{method}``."""

    LOYALTY = "loyalty"
    """The card pays everything (``missing_sum`` 0 after ``preTransaction``)."""
    CASH = "cash"
    """The till took the rest in cash (or by any other means of its own)."""
    CASHLESS = "cashless"
    """The SmartZVT terminal collects the rest; blocks until the customer is done."""
    DEBIT = "debit"
    """A SEPA direct debit after ``prepare/debit`` (as the vendor's PHP demo starts one)."""


class IdentType(StrEnum):
    CARD = "card"
    CREATE_CARD = "create_card"


# --- what we send ----------------------------------------------------------------------------------
class ArticleGroup(RequestModel):
    id: str | None = None
    desc: str | None = None
    level: StrictInt | None = None


class BasketItem(RequestModel):
    """One basket line (``SmartTransactionsBasketProduct``); ``price_one`` is gross cents."""

    id: StrictInt = Field(ge=1)
    desc: str
    quantity: StrictInt = Field(ge=1)
    price_one: Cents
    tax: StrictInt
    """VAT rate in percent: 19, 7 or 0."""
    item_type: str | None = "article"
    article_number: str | None = None
    ean: str | None = None
    serial_number: str | None = None
    reference_id: str | None = None
    parent: StrictInt | None = None
    group: list[ArticleGroup] | None = None

    @property
    def total(self) -> int:
        return self.price_one * self.quantity


class BasketDraft(RequestModel):
    products: list[BasketItem] = Field(default_factory=list)


class BasketInfoDraft(RequestModel):
    """``sum`` is the whole amount in cents, a ``gratuity`` included."""

    sum: Cents
    currency: str = CURRENCY
    gratuity: Cents | None = None


class IdentDraft(RequestModel):
    """A card to apply (``card`` + its number) or to create (``create_card`` + a card group id)."""

    type: IdentType
    value: str

    @classmethod
    def card(cls, cardnumber: str) -> IdentDraft:
        return cls(type=IdentType.CARD, value=cardnumber)

    @classmethod
    def create_card(cls, card_group_id: str) -> IdentDraft:
        return cls(type=IdentType.CREATE_CARD, value=card_group_id)


class SmartTransactionDraft(RequestModel):
    """The body of create and update (``PUT`` replaces the whole object: send everything).

    With a basket, ``basket_info.sum`` must equal Σ ``price_one`` × ``quantity`` plus the
    gratuity (§4.2); a draft that does not add up is refused here, before it is sent.
    """

    intent: str | None = "sale"
    basket: BasketDraft | None = None
    basket_info: BasketInfoDraft
    idents: list[IdentDraft] | None = None
    merchant_ref: str | None = None
    transaction_ref: str | None = None
    is_demo: bool | None = None

    @classmethod
    def for_items(
        cls,
        items: list[BasketItem],
        *,
        idents: list[IdentDraft] | None = None,
        gratuity: int | None = None,
        merchant_ref: str | None = None,
        transaction_ref: str | None = None,
    ) -> SmartTransactionDraft:
        """A sale of ``items`` whose ``basket_info.sum`` is worked out from them."""
        total = sum(item.total for item in items) + (gratuity or 0)
        return cls(
            basket=BasketDraft(products=items),
            basket_info=BasketInfoDraft(sum=total, gratuity=gratuity),
            idents=idents,
            merchant_ref=merchant_ref,
            transaction_ref=transaction_ref,
        )

    @model_validator(mode="after")
    def _sum_matches_basket(self) -> Self:
        if self.basket is not None:
            expected = sum(item.total for item in self.basket.products) + (self.basket_info.gratuity or 0)
            if self.basket_info.sum != expected:
                raise ValueError(
                    f"basket_info.sum is {self.basket_info.sum} but the basket adds up to {expected} "
                    "(Σ price_one × quantity, plus gratuity)"
                )
        return self


class ContainerRef(RequestModel):
    id: str


class StartDetails(RequestModel):
    """``SmartTransactionsStart``: optional; a till's ``loyalty``/``cash``/``cashless`` sends ``{}``."""

    tid: str | None = None
    trace: StrictInt | None = None
    cardtype: str | None = None


class PrepareDebit(RequestModel):
    """``prepare/debit``: the SEPA bank account container to debit."""

    container: ContainerRef


# --- what we read ------------------------------------------------------------------------------------
class ProductGroup(WireModel):
    id: str | None = None
    desc: str | None = None
    level: int | None = None


class BasketProduct(WireModel):
    """A basket line as the server keeps it; bonus lines from ``preTransaction`` are negative.

    Every field is optional, as in the SDK: a line the server sends without a price reads as 0.
    """

    id: int | None = None
    desc: str = ""
    quantity: int = 1
    price_one: AnswerCents = 0
    tax: int | None = None
    item_type: str | None = None
    article_number: str | None = None
    ean: str | None = None
    serial_number: str | None = None
    reference_id: str | None = None
    contract_id: str | None = None
    parent: int | None = None
    sum: AnswerCents | None = None
    group: list[ProductGroup] = Field(default_factory=list)

    @property
    def total(self) -> int:
        return self.price_one * self.quantity


class Basket(WireModel):
    products: list[BasketProduct] = Field(default_factory=list)
    type: str | None = None


class BasketInfo(WireModel):
    """``sum`` (gratuity included); ``missing_sum`` after ``preTransaction`` (not in the SDK model)."""

    sum: AnswerCents | None = None
    currency: str = CURRENCY
    gratuity: AnswerCents | None = None
    missing_sum: AnswerCents | None = None


class IdentCardNumber(WireModel):
    """``merchantcard.card``: where the service may report a created card's number."""

    cardnumber: str | None = None


class IdentCard(WireModel):
    """The merchant card inside an ident: a summary of its balances at the last change."""

    id: str | None = None
    object: str | None = None
    balance: AnswerCents | None = None
    cash_balance: AnswerCents | None = None
    bonus_balance: AnswerCents | None = None
    points: int | None = None
    lock_status: str | None = None
    stock_status: str | None = None
    passcode: int | None = None
    card: IdentCardNumber | None = None
    csc: SecretStr | None = None
    """Only for a card created by this transaction, only in the answer of the start that made it."""

    @property
    def needs_passcode(self) -> bool:
        return self.passcode not in (None, PasscodeRule.NEVER)


class Ident(WireModel):
    """``smart.idents``: after a ``create_card`` start, ``value`` is the new card's number."""

    type: str = ""
    value: str = ""
    id: str | None = None
    object: str | None = None
    prefix: str | None = None
    name: str | None = None
    valid: bool | None = None
    merchantcard: IdentCard | None = None


class MerchantSummary(WireModel):
    id: str | None = None
    object: str | None = None
    companyname: str | None = None


class SmartTransaction(WireModel):
    """``smart.transactions`` (§4.5)."""

    id: str
    status: str
    object: str | None = None
    intent: str | None = None
    payment_method: str | None = None
    merchant: MerchantSummary | None = None
    device_source: ObjectRef | None = None
    device_destination: ObjectRef | None = None
    container: ObjectRef | None = None
    transactions: list[ObjectRef] = Field(default_factory=list)
    created: str | None = None
    updated: str | None = None
    merchant_ref: str | None = None
    transaction_ref: str | None = None
    basket: Basket | None = None
    basket_info: BasketInfo | None = None
    idents: list[Ident] = Field(default_factory=list)
    receipt: ReceiptLines = Field(default_factory=list)
    receipt_merchant: ReceiptLines = Field(default_factory=list)
    receipt_merchant_print: bool | None = None
    """Whether the terminal already printed the merchant copy (SDK: "Whether the receipt for the
    merchant was printed")."""
    receipt_number: int | None = None
    """The terminal's receipt number; ``cancelTrx`` takes it."""
    trans_id: int | None = None
    """The "TA code"."""
    is_demo: bool | None = None

    @property
    def known_status(self) -> TransactionStatus | None:
        """``status`` as a :class:`TransactionStatus`, or ``None`` for a status we do not know."""
        try:
            return TransactionStatus(self.status)
        except ValueError:
            return None

    @property
    def is_cancelled(self) -> bool:
        return self.status in (TransactionStatus.CANCELLED, TransactionStatus.CANCELED)

    @property
    def missing_sum(self) -> int | None:
        return None if self.basket_info is None else self.basket_info.missing_sum

    @property
    def card_ident(self) -> Ident | None:
        """The ``card`` or ``create_card`` ident, if any."""
        return next((i for i in self.idents if i.type in (IdentType.CARD, IdentType.CREATE_CARD)), None)

    @property
    def created_at(self) -> datetime | None:
        return _timestamp(self.created)

    @property
    def updated_at(self) -> datetime | None:
        return _timestamp(self.updated)


class TransactionPage(Page[SmartTransaction]):
    """``GET /Smart/Transactions``: ``count`` of all hits, ``data`` this page."""


class BonusProduct(WireModel):
    """A bonus line ``preTransaction`` added: negative ``price_one``, one per VAT rate.

    ``price_one`` and ``tax`` are required: without them the bonus cannot be split by VAT rate.
    """

    id: int | None = None
    price_one: AnswerCents
    tax: int
    """The VAT rate this bonus line lowers (one line per rate)."""
    quantity: int = 1
    desc: str = ""
    article_number: str | None = None
    ean: str | None = None
    serial_number: str | None = None


class PreTransaction(WireModel):
    """``preTransaction``: what is still to pay after the card, and the bonus lines it added."""

    missing_sum: AnswerCents
    bonus_products: list[BonusProduct] = Field(default_factory=list)

    @property
    def bonus_spent(self) -> int:
        """The bonus applied, in cents (a positive number)."""
        return -sum(product.price_one * product.quantity for product in self.bonus_products)


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
