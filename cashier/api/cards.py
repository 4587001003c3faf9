"""Loyalty › MerchantCards on the wire (docs/secuconnect.md §3.2, §3.3).

Answers: :class:`MerchantCard` (with :class:`Card`, :class:`CardGroup`, :class:`Customer`),
:class:`CreatedCard` (a new card with its security code), :class:`CardValidation`
(``validateMerchantcard``), :class:`CardBalanceReceipt`, :class:`LockState`,
:class:`LockReason`. Bodies: :class:`ValidateCardRequest`, :class:`CscCheck`,
:class:`PasscodeCheck`, :class:`BalanceReceiptRequest`, :class:`CreateCardsRequest` (with
:class:`CustomerDraft`, :class:`ContactDraft`, :class:`AddressDraft`), :class:`LockRequest`.

Balances are integer cents; card numbers are strings. Answers are read as the vendor's SDK
reads them (:mod:`cashier.api.wire`): every field but a card's ``id`` is optional. Security
codes and PINs are secrets: in answers a ``SecretStr``, in bodies a field left out of the ``repr``.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any

from pydantic import Field, SecretStr, StrictBool, StrictInt

from cashier.api.receipts import ReceiptLines
from cashier.api.wire import AnswerCents, ObjectRef, RequestModel, WireList, WireModel

MAX_CARDS_PER_CALL = 1000
"""``createMerchantcards`` makes 1 to 1000 cards per call (§3.2)."""


class LockStatus(StrEnum):
    LOCKED = "locked"
    UNLOCKED = "unlocked"


class StockStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    STORED = "stored"


class LockReasonCode(IntEnum):
    """``reason`` of a lock (§3.3)."""

    LOST = 1
    DEFECT = 2
    CLAIMS = 3
    EXPIRED = 6
    NOT_ACTIVATED = 8


class PasscodeRule(IntEnum):
    """A card's ``passcode``: when its PIN must be checked (§3.3)."""

    NEVER = 0
    BEFORE_ANY_OPERATION = 1
    BEFORE_DISCHARGE = 2
    BEFORE_CHARGE = 3
    BEFORE_SALE_REVENUE = 4
    BEFORE_POINT_DISCHARGE = 5
    BEFORE_POINT_CHARGE = 6


# --- answers -------------------------------------------------------------------------------------
class Card(WireModel):
    """``loyalty.cards``: the physical card and its number."""

    id: str | None = None
    object: str | None = None
    cardnumber: str | None = None
    created: str | None = None


class CardGroup(WireModel):
    """``loyalty.cardgroups``: the card programme (``""`` as ``id`` when the server sends none)."""

    id: str = ""
    object: str | None = None
    display_name: str | None = None
    display_name_raw: str | None = None
    stock_warn_limit: int | None = None
    picture: str | None = None


class Contact(WireModel):
    salutation: str | None = None
    forename: str | None = None
    surname: str | None = None
    companyname: str | None = None
    email: str | None = None
    phone: str | None = None


class Customer(WireModel):
    """``loyalty.customers``: the card holder, if the card has one."""

    id: str | None = None
    object: str | None = None
    contact: Contact | None = None
    merchant_contact: Contact | None = None
    customernumber: str | None = None


class MerchantCard(WireModel):
    """``loyalty.merchantcards``: a card as this merchant sees it, with its balances.

    Only ``id`` is required. The SDK has every balance optional; a balance the service leaves
    out (or sends as ``null``) reads as 0, like the points — what a card pays in a sale is
    decided by ``preTransaction``, not by these figures.
    """

    id: str
    object: str | None = None
    card: Card | None = None
    cardgroup: CardGroup | None = None
    customer: Customer | None = None
    merchant: ObjectRef | None = None
    created_for_merchant: ObjectRef | None = None
    created_for_store: ObjectRef | None = None
    balance: AnswerCents = 0
    cash_balance: AnswerCents = 0
    bonus_balance: AnswerCents = 0
    points: int = 0
    lock_status: str | None = None
    stock_status: str | None = None
    passcode: int | None = None
    """When the PIN must be checked (:class:`PasscodeRule`)."""
    is_base_card: bool | None = None
    last_usage: str | None = None
    last_charge: str | None = None
    expiry_date: str | None = None
    customer_assignment_date: str | None = None

    @property
    def cardnumber(self) -> str | None:
        return None if self.card is None else self.card.cardnumber

    @property
    def is_locked(self) -> bool:
        return self.lock_status == LockStatus.LOCKED


class CreatedCard(MerchantCard):
    """A card made by ``createMerchantcards``: the only time its security code is shown."""

    csc: SecretStr | None = None


class CreatedCards(WireList[CreatedCard]):
    """The answer of ``createMerchantcards``: a JSON list."""


class CardValidation(WireModel):
    """``validateMerchantcard``: ``{"isValid": …, "hasPasscode": …, "isLocked": …}``.

    An unknown card (or another merchant's) answers only ``{"isValid": false}``.
    """

    is_valid: StrictBool
    has_passcode: bool | None = None
    is_locked: bool | None = None

    @property
    def usable(self) -> bool:
        """Valid and not locked: the card may be put into a smart transaction."""
        return self.is_valid and not self.is_locked


class CardBalanceReceipt(WireModel):
    """``getCardBalanceReceipt``: balances and a printable balance receipt.

    Every field optional (SDK): an invalid card may answer ``{"valid": false}`` alone.
    """

    valid: bool | None = None
    balance: AnswerCents | None = None
    cash_balance: AnswerCents | None = None
    bonus_balance: AnswerCents | None = None
    points: int | None = None
    zvt_cardgroup: str | None = None
    new_passcode: bool | None = None
    receipt_header: ReceiptLines = Field(default_factory=list)
    receipt: ReceiptLines = Field(default_factory=list)
    amount_split_enabled: bool | None = None
    limit_allowed: bool | None = None
    limit_str: str | None = None
    limit: AnswerCents | None = None


class LockState(WireModel):
    """``GET …/{MCD}/lock``: ``{"lock_status", "reason", "note"}``."""

    lock_status: str = ""
    reason: int | None = None
    note: str | None = None

    @property
    def is_locked(self) -> bool:
        return self.lock_status == LockStatus.LOCKED


class LockReason(WireModel):
    """One entry of ``GET …/me/lockReasons`` (German ``desc``)."""

    id: int | None = None
    desc: str = ""


class LockReasons(WireList[LockReason]):
    """The answer of ``lockReasons``: a JSON list."""


# --- bodies --------------------------------------------------------------------------------------
class ValidateCardRequest(RequestModel):
    cardnumber: str
    merchant: str | None = None


class CscCheck(RequestModel):
    cardnumber: str
    csc: str = Field(repr=False)


class PasscodeCheck(RequestModel):
    """``pin`` is an int on the wire (``LoyaltyMerchantcardsDTOCheckPasscode``)."""

    cardnumber: str
    pin: StrictInt = Field(repr=False, ge=0)


class BalanceReceiptRequest(RequestModel):
    cardnumber: str
    terminal_id: str | None = None


class AddressDraft(RequestModel):
    """secuconnect's ``Address``."""

    type: str | None = None
    street: str | None = None
    street_number: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None
    additional_address_data: str | None = None


class ContactDraft(RequestModel):
    """The holder's contact for a new card (the part of secuconnect's ``Contact`` the docs'
    example sends: ``Create_a_Loyalty_Card``)."""

    salutation: str | None = None
    title: str | None = None
    forename: str | None = None
    surname: str | None = None
    companyname: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    fax: str | None = None
    address: AddressDraft | None = None


class CustomerDraft(RequestModel):
    """``LoyaltyMerchantcardsDTOCustomer``: a holder to attach to newly created cards."""

    merchant_contact: ContactDraft | None = None
    customernumber: str | None = None
    note: str | None = None
    consent_for_communication: str | None = None
    """``accepted``, ``declined`` or ``not_set``."""
    additional_data: dict[str, Any] | None = None


class CreateCardsRequest(RequestModel):
    cards_amount: StrictInt = Field(ge=1, le=MAX_CARDS_PER_CALL)
    customer: CustomerDraft | None = None


class LockRequest(RequestModel):
    """``LoyaltyMerchantcardsDTOLock``: ``reason`` for a lock, optional ``note`` and ``csc``."""

    reason: StrictInt | None = None
    note: str | None = None
    csc: str | None = Field(default=None, repr=False)
