"""The one table that turns errors into words for the cashier (docs/style.md habit 4).

Every outcome class of :mod:`cashier.services.errors` and every reason of a domain
:class:`~cashier.domain.errors.InputError` has an entry: a sentence that says what happened
and what to do next, in English here and in German in ``resources/i18n/cashier_de.ts``.
A start of the till that fails at secuconnect or its credentials has an entry per
:class:`~cashier.ui.registration_ports.RegistrationProblem` (:data:`START_PROBLEMS`; the app
sorts the errors). A ``supportId`` from secuconnect is appended. Anything else is a bug: the
cashier reads a generic sentence with a support reference, and the log gets the traceback
under the same reference (:meth:`cashier.ui.kit.message_bridge.MessageBridge.report`). Tests check
by introspection that no class and no reason is missing, in both languages.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from PySide6.QtCore import QCoreApplication, QObject

from cashier.domain.barcodes import BarcodeProblem
from cashier.domain.basket import BasketProblem
from cashier.domain.cards import CardNumberProblem
from cashier.domain.errors import InputError
from cashier.domain.iban import BicProblem, IbanProblem
from cashier.domain.money import AmountProblem, Money
from cashier.domain.receipt import ReceiptProblem
from cashier.domain.security_codes import SecretKind, SecurityCodeProblem
from cashier.domain.tender import TenderProblem
from cashier.domain.vat import VatProblem
from cashier.journal.database import JournalError
from cashier.services.errors import (
    BackendUnavailable,
    CancellationRefused,
    CancellationUnknown,
    CardLocked,
    CardUnknown,
    InsufficientCash,
    InvalidInput,
    InvalidState,
    NotPossibleOffline,
    OfflineConfirmationNeeded,
    OutcomeUnknown,
    PaymentDeclined,
    PaymentNotCarriedOut,
    PinRequired,
    SaleError,
    SecurityCodeLockout,
    WrongPin,
    WrongSecurityCode,
)
from cashier.services.offline import OfflineRefusal
from cashier.services.open_sales import Outcome
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_scopes import MessageScope, scope_of
from cashier.ui.registration_ports import RegistrationProblem

translate = QCoreApplication.translate


class MessageLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"  # the cashier can fix it (wrong code, declined, input)
    ERROR = "error"  # the till cannot go on as asked (offline, unknown outcome, a bug)


@dataclass(frozen=True, slots=True)
class UserMessage:
    level: MessageLevel
    text: str
    support_id: str | None = None
    scope: MessageScope = MessageScope.GENERAL  # how long it belongs to the moment
    # What the message means, whatever the language: the outcome class ("OutcomeUnknown"), the
    # input reason ("AmountProblem.GARBAGE") or the message's name ("reconciled.completed").
    key: str = ""


OutcomeText = Callable[[SaleError], str]


class Messages(QObject):
    """The plural texts of the ``Messages`` context: lupdate (6.11) takes a plural with a count
    that is not a literal only from ``self.tr``."""

    def wrong_code(self, tries: int) -> str:
        return self.tr("Wrong security code — %n tries left.", "", tries)


def _wrong_code(error: SaleError) -> str:
    return Messages().wrong_code(getattr(error, "tries_left", 0))


OUTCOMES: Final[dict[type[SaleError], OutcomeText]] = {
    SaleError: lambda e: translate("Messages", "That did not work — please try again."),
    InvalidInput: lambda e: translate("Messages", "This input cannot be used — please check it."),
    InvalidState: lambda e: translate(
        "Messages", "Not possible at this step — finish or cancel the sale first."
    ),
    CardUnknown: lambda e: translate(
        "Messages", "Card not recognised — check the number, or sell without the card."
    ),
    CardLocked: lambda e: translate("Messages", "Card locked — choose another payment method."),
    WrongSecurityCode: _wrong_code,
    SecurityCodeLockout: lambda e: translate(
        "Messages",
        "Three wrong security codes — the card is blocked for code entry in this sale and cannot pay. "
        "Choose another payment method.",
    ),
    PinRequired: lambda e: translate("Messages", "The card asks for its PIN — please enter it."),
    WrongPin: lambda e: translate("Messages", "Wrong PIN — please enter it again."),
    InsufficientCash: lambda e: translate(
        "Messages", "Not enough — check the cash given or the card's balance."
    ),
    PaymentDeclined: lambda e: translate(
        "Messages",
        "Payment declined — nothing was charged. Choose another payment method or cancel the sale.",
    ),
    PaymentNotCarriedOut: lambda e: translate(
        "Messages", "secuconnect confirmed the payment was not carried out — nothing was charged. Try again."
    ),
    CancellationUnknown: lambda e: translate(
        "Messages",
        "Cancellation unclear — checking… Give no money back until the cancellation receipt prints.",
    ),
    OutcomeUnknown: lambda e: translate(
        "Messages", "Payment outcome unclear — checking… Do not take the payment again."
    ),
    BackendUnavailable: lambda e: translate(
        "Messages", "secuconnect cannot be reached — check the connection, then try again."
    ),
    CancellationRefused: lambda e: translate("Messages", "This sale cannot be cancelled."),
    # Offline: worded per refusal below (OFFLINE_REFUSALS); this one only if ``what`` is unknown.
    NotPossibleOffline: lambda e: translate(
        "Messages",
        "Offline: this needs secuconnect — please take cash, or do it when the till is online again.",
    ),
    OfflineConfirmationNeeded: lambda e: translate(
        "Messages", "This offline sale is beyond the shop's limits — a manager must confirm it."
    ),
}

# What cannot be done while secuconnect cannot be reached, and what to do instead (docs/offline.md).
OFFLINE_REFUSALS: Final[dict[OfflineRefusal, Callable[[], str]]] = {
    OfflineRefusal.CARD_BALANCE: lambda: translate(
        "Messages",
        "Offline: the card's balance and bonus cannot pay now — take the whole amount in cash; "
        "the card still earns its bonus later.",
    ),
    OfflineRefusal.CARD_LOAD: lambda: translate(
        "Messages", "Offline: a card cannot be loaded now — load it when the till is online again."
    ),
    OfflineRefusal.NEW_CARD: lambda: translate(
        "Messages", "Offline: no new card can be issued now — issue it when the till is online again."
    ),
    OfflineRefusal.TERMINAL: lambda: translate(
        "Messages", "Offline: the card terminal works through secuconnect — please take cash."
    ),
    OfflineRefusal.SEPA: lambda: translate(
        "Messages", "Offline: a direct debit goes through secuconnect — please take cash."
    ),
    OfflineRefusal.CANCEL: lambda: translate(
        "Messages",
        "Offline: a sale can only be cancelled through secuconnect — cancel it when the till is "
        "online again.",
    ),
}


def offline_refused(what: OfflineRefusal) -> UserMessage:
    """Why ``what`` cannot be done offline, and what to do instead."""
    return UserMessage(MessageLevel.WARNING, OFFLINE_REFUSALS[what](), key=f"NotPossibleOffline.{what.value}")


_ERROR_LEVEL: Final = frozenset({OutcomeUnknown, CancellationUnknown, BackendUnavailable})


InputText = Callable[[InputError, MoneyFormat], str]


def _money(error: InputError, key: str) -> Money:
    value = error.details.get(key)
    return value if isinstance(value, Money) else Money(0)


def _pin(error: InputError) -> bool:
    return error.details.get("kind") == SecretKind.PIN


# One dict per topic: reasons of different topics share values (see reason_key).
_AMOUNTS: Final[dict[StrEnum, InputText]] = {
    AmountProblem.EMPTY: lambda e, m: translate("Messages", "Please enter an amount."),
    AmountProblem.GARBAGE: lambda e, m: translate(
        "Messages", "That is not an amount — type e.g. {example}."
    ).format(example=m.plain(Money(1250))),
    AmountProblem.NEGATIVE: lambda e, m: translate("Messages", "Amounts cannot be negative."),
    AmountProblem.TOO_MANY_DECIMALS: lambda e, m: translate(
        "Messages", "An amount has at most two decimal places."
    ),
    AmountProblem.BAD_GROUPING: lambda e, m: translate(
        "Messages", "Thousands separator in the wrong place — type e.g. {example}."
    ).format(example=m.plain(Money(123450))),
    AmountProblem.ZERO: lambda e, m: translate("Messages", "The amount must be more than {zero}.").format(
        zero=m.amount(Money(0))
    ),
    AmountProblem.TOO_LARGE: lambda e, m: translate(
        "Messages", "That is more than the allowed maximum of {maximum}."
    ).format(maximum=m.amount(_money(e, "maximum"))),
}
_CARD_NUMBERS: Final[dict[StrEnum, InputText]] = {
    CardNumberProblem.EMPTY: lambda e, m: translate("Messages", "Please scan or type a card number."),
    CardNumberProblem.NOT_DIGITS: lambda e, m: translate(
        "Messages", "A card number has digits only — scan the card again or check what was typed."
    ),
    CardNumberProblem.TOO_SHORT: lambda e, m: translate(
        "Messages", "This card number is too short — scan the card again."
    ),
    CardNumberProblem.TOO_LONG: lambda e, m: translate(
        "Messages", "This card number is too long — scan the card again."
    ),
    CardNumberProblem.SECUCARD_LENGTH: lambda e, m: translate(
        "Messages", "A secucard number has 16 digits — scan the card again."
    ),
}
_CODES: Final[dict[StrEnum, InputText]] = {  # CSC and PIN
    SecurityCodeProblem.EMPTY: lambda e, m: (
        translate("Messages", "Please enter the PIN.")
        if _pin(e)
        else translate("Messages", "Please enter the card's security code.")
    ),
    SecurityCodeProblem.NOT_DIGITS: lambda e, m: (
        translate("Messages", "The PIN has digits only.")
        if _pin(e)
        else translate("Messages", "The security code has digits only.")
    ),
    SecurityCodeProblem.WRONG_LENGTH: lambda e, m: (
        translate("Messages", "The PIN has 4 to 8 digits.")
        if _pin(e)
        else translate("Messages", "The security code has 4 digits.")
    ),
}
_BASKET: Final[dict[StrEnum, InputText]] = {
    BasketProblem.EMPTY_DESCRIPTION: lambda e, m: translate("Messages", "A basket line needs a description."),
    BasketProblem.DESCRIPTION_TOO_LONG: lambda e, m: translate("Messages", "The description is too long."),
    BasketProblem.NEGATIVE_PRICE: lambda e, m: translate("Messages", "A price cannot be negative."),
    BasketProblem.BAD_QUANTITY: lambda e, m: translate(
        "Messages", "The quantity must be between 1 and 9999."
    ),
    BasketProblem.BAD_EAN: lambda e, m: translate("Messages", "That is not an EAN (8, 12, 13 or 14 digits)."),
    BasketProblem.BAD_LOAD_AMOUNT: lambda e, m: translate(
        "Messages", "A card load must be more than {zero}."
    ).format(zero=m.amount(Money(0))),
    BasketProblem.LINE_NOT_FOUND: lambda e, m: translate(
        "Messages", "That basket line is gone — the basket has changed."
    ),
    BasketProblem.TOTAL_TOO_LARGE: lambda e, m: translate(
        "Messages", "The basket total would be more than the allowed maximum of {maximum}."
    ).format(maximum=m.amount(_money(e, "maximum"))),
    VatProblem.UNKNOWN_RATE: lambda e, m: translate(
        "Messages", "Unknown VAT rate — choose {standard}, {reduced} or {zero}."
    ).format(standard=m.percent(19), reduced=m.percent(7), zero=m.percent(0)),
}
_IBAN: Final[dict[StrEnum, InputText]] = {
    IbanProblem.EMPTY: lambda e, m: translate("Messages", "Please enter the IBAN."),
    IbanProblem.BAD_CHARACTERS: lambda e, m: translate(
        "Messages", "An IBAN has letters and digits only and starts with its country, e.g. DE."
    ),
    IbanProblem.UNKNOWN_COUNTRY: lambda e, m: translate(
        "Messages", "No country with IBANs starts like this — check the first two letters."
    ),
    IbanProblem.WRONG_LENGTH: lambda e, m: translate(
        "Messages", "The IBAN has the wrong length — compare it with the customer's card."
    ),
    IbanProblem.BAD_CHECKSUM: lambda e, m: translate(
        "Messages", "The IBAN is not valid — look for a typing error."
    ),
}
_BIC: Final[dict[StrEnum, InputText]] = {
    BicProblem.EMPTY: lambda e, m: translate("Messages", "Please enter the BIC."),
    BicProblem.BAD_CHARACTERS: lambda e, m: translate("Messages", "A BIC has letters and digits only."),
    BicProblem.WRONG_LENGTH: lambda e, m: translate("Messages", "A BIC has 8 or 11 characters."),
    BicProblem.BAD_BANK_CODE: lambda e, m: translate(
        "Messages", "The BIC is not valid — its first four characters are letters."
    ),
    BicProblem.UNKNOWN_COUNTRY: lambda e, m: translate(
        "Messages", "The BIC names no known country — check characters 5 and 6."
    ),
}
_TENDERS: Final[dict[StrEnum, InputText]] = {
    TenderProblem.BONUS_EXCEEDS_TOTAL: lambda e, m: translate(
        "Messages", "The bonus cannot pay more than the sale."
    ),
    TenderProblem.INSUFFICIENT_CASH: lambda e, m: translate(
        "Messages", "The cash given is {missing} short."
    ).format(missing=m.amount(_money(e, "missing"))),
    TenderProblem.NEGATIVE_AMOUNT: lambda e, m: translate("Messages", "Amounts cannot be negative."),
    ReceiptProblem.MALFORMED: lambda e, m: translate(
        "Messages", "The server's receipt could not be read — the sale is saved; check it in the journal."
    ),
}

_BARCODES: Final[dict[StrEnum, InputText]] = {
    BarcodeProblem.UNKNOWN: lambda e, m: translate(
        "Messages",
        "Unknown barcode {code} — no article and no customer card. Type the price as a free price.",
    ).format(code=e.details.get("code", "")),
    BarcodeProblem.CHECK_DIGIT: lambda e, m: translate(
        "Messages", "Barcode {code} was misread (wrong check digit) — scan it again."
    ).format(code=e.details.get("code", "")),
    BarcodeProblem.NEEDS_WEIGHT: lambda e, m: translate(
        "Messages", "Barcode {code} is an article sold by weight — weigh it and scan the scale's label."
    ).format(code=e.details.get("code", "")),
    BarcodeProblem.NOT_WEIGHED: lambda e, m: translate(
        "Messages",
        "Barcode {code} carries a weight, but its article is sold by the piece — check the catalogue.",
    ).format(code=e.details.get("code", "")),
}

ReasonKey = tuple[type[StrEnum], str]


def reason_key(reason: StrEnum) -> ReasonKey:
    """Reasons of different topics share values ("empty", "wrong_length") and, being str
    enums, compare equal: the table is keyed by the reason's class as well."""
    return type(reason), reason.value


INPUTS: Final[dict[ReasonKey, InputText]] = {
    reason_key(reason): text
    for topic in (_AMOUNTS, _CARD_NUMBERS, _CODES, _BASKET, _IBAN, _BIC, _TENDERS, _BARCODES)
    for reason, text in topic.items()
}


def is_expected(error: BaseException) -> bool:
    """An outcome the table words; anything else is a bug."""
    return isinstance(error, SaleError | InputError | JournalError)


def describe(error: SaleError | InputError | JournalError, money: MoneyFormat) -> UserMessage:
    """The cashier's words for an expected outcome (see :func:`is_expected`)."""
    if isinstance(error, JournalError):
        # A payment already sent never lands here (the services say "outcome unknown").
        return UserMessage(
            MessageLevel.ERROR,
            translate(
                "Messages",
                "The till's journal cannot be written (disk full, or the file is read-only or "
                "damaged). Free space or ask for help, then try again.",
            ),
            key=JournalError.__name__,
        )
    cause = error.__context__
    if isinstance(error, InvalidInput) and isinstance(cause, InputError):
        # The services wrap domain input errors ("from None"); the reason says more.
        return describe(cause, money)
    if isinstance(error, InputError):
        entry = INPUTS.get(reason_key(error.reason))
        text = entry(error, money) if entry else OUTCOMES[InvalidInput](InvalidInput(error.message))
        key = f"{type(error.reason).__name__}.{error.reason.name}"
        return UserMessage(MessageLevel.WARNING, text, scope=scope_of(error), key=key)
    if isinstance(error, NotPossibleOffline) and error.what in tuple(OfflineRefusal):
        return replace(offline_refused(OfflineRefusal(error.what)), scope=scope_of(error))
    text = outcome_text(error)
    support_id = error.support_id if isinstance(error, BackendUnavailable) else None
    if support_id:
        text = f"{text} " + translate("Messages", "Support reference: {support_id}").format(
            support_id=support_id
        )
    level = MessageLevel.ERROR if type(error) in _ERROR_LEVEL else MessageLevel.WARNING
    return UserMessage(level, text, support_id, scope_of(error), type(error).__name__)


def outcome_text(error: SaleError) -> str:
    for cls in type(error).__mro__:
        entry = OUTCOMES.get(cls)
        if entry is not None:
            return entry(error)
    raise TypeError(f"{type(error).__name__} is not a SaleError")


def new_support_reference() -> str:
    """A short reference the cashier reads out to support; the log has it with the traceback."""
    return f"UI-{secrets.token_hex(3).upper()}"


def unexpected(reference: str) -> UserMessage:
    text = translate(
        "Messages", "Unexpected error — the sale is saved. Please tell support the reference {reference}."
    ).format(reference=reference)
    return UserMessage(MessageLevel.ERROR, text, reference, key="unexpected")


def device_not_configured(vendor: str) -> str:
    """secuconnect's ``invalid_device``: it does not know the till's device uuid
    ``/vendor/<vendor>/…`` — the vendor name or the device is not configured at secupay."""
    return translate(
        "Messages",
        "secuconnect does not know this till as a device of the vendor “{vendor}”: the vendor name or "
        "the device is not configured at secupay for this client id. Check the vendor name secupay gave "
        "you with the client id (Settings → Environment) and register again, or ask secupay to configure it.",
    ).format(vendor=vendor)


# Why the till could not start (registering it, if need be): the start-up page's reason. A file
# has its own words (cashier.ui.kit.startup_problems); the composition root sorts the errors.
START_PROBLEMS: Final[dict[RegistrationProblem, Callable[[str], str]]] = {
    RegistrationProblem.CREDENTIALS_MISSING: lambda vendor: translate(
        "Messages",
        "The client id or the client secret from the secucard contract is missing for this environment — "
        'register the till again with both. To open the till meanwhile, set environment = "simulator" in '
        "the settings file; Settings → Environment registers it.",
    ),
    RegistrationProblem.CREDENTIALS_REFUSED: lambda vendor: translate(
        "Messages",
        "secuconnect refused the client id or the client secret — check both in the secucard contract "
        "and register the till again.",
    ),
    RegistrationProblem.DEVICE_REFUSED: device_not_configured,
    RegistrationProblem.VENDOR_NAME: lambda vendor: translate(
        "Messages",
        "This environment registers the till under the vendor name secupay gave with the client id, and "
        "there is none — enter it in the settings file (vendor; letters, digits, _ and - only).",
    ),
    RegistrationProblem.BAD_ADDRESS: lambda vendor: translate(
        "Messages",
        "The server address cannot be used — it must start with https:// (http:// only for this computer itself).",
    ),
    RegistrationProblem.OFFLINE: lambda vendor: translate(
        "Messages", "secuconnect cannot be reached — check the internet connection."
    ),
    RegistrationProblem.CERTIFICATE: lambda vendor: translate(
        "Messages",
        "The server's security certificate was not accepted — check the address and the PC's date and time.",
    ),
    RegistrationProblem.EXPIRED: lambda vendor: translate(
        "Messages", "The registration code was not confirmed in time — Start again shows a new one."
    ),
    RegistrationProblem.SERVER: lambda vendor: translate(
        "Messages", "secuconnect refused to open the till — try again later, or tell support."
    ),
    RegistrationProblem.NOT_SAVED: lambda vendor: translate(
        "Messages", "The till's settings could not be saved — check the disk."
    ),
}


def start_failed(problem: RegistrationProblem, vendor: str, support_id: str | None = None) -> UserMessage:
    """Why the till could not start (``vendor``: the vendor name of its device uuid)."""
    text = START_PROBLEMS[problem](vendor)
    if support_id:
        text += " " + translate("Messages", "Support reference: {support_id}").format(support_id=support_id)
    return UserMessage(MessageLevel.ERROR, text, support_id)


def not_printed() -> UserMessage:
    return UserMessage(
        MessageLevel.WARNING,
        translate("Messages", "Receipt not printed — the sale is saved; reprint the receipt later."),
        key="not_printed",
    )


def reconciled(outcome: Outcome, sale_number: str) -> UserMessage:
    """What became of a sale whose payment or cancellation outcome was unknown
    (``Reconciled.outcome``)."""
    texts: dict[Outcome, tuple[MessageLevel, str]] = {
        Outcome.COMPLETED: (
            MessageLevel.INFO,
            translate("Messages", "Sale {sale}: the open payment went through; its receipt is queued."),
        ),
        Outcome.DECLINED: (
            MessageLevel.WARNING,
            translate("Messages", "Sale {sale}: the open payment was declined; nothing was charged."),
        ),
        Outcome.NOT_CARRIED_OUT: (
            MessageLevel.WARNING,
            translate(
                "Messages",
                "Sale {sale}: secuconnect confirmed the open payment was not carried out; nothing was charged.",
            ),
        ),
        Outcome.CANCELLED: (
            MessageLevel.INFO,
            translate("Messages", "Sale {sale}: the cancellation went through; its receipt is printed."),
        ),
        Outcome.CANCEL_UNKNOWN: (
            MessageLevel.WARNING,
            translate(
                "Messages",
                "Sale {sale}: the cancellation is not confirmed yet — give no money back; the till keeps checking.",
            ),
        ),
        Outcome.CANCEL_REFUSED: (
            MessageLevel.WARNING,
            translate("Messages", "Sale {sale}: secuconnect refused the cancellation; the sale stands."),
        ),
        Outcome.CONFIRMED: (
            MessageLevel.INFO,
            translate("Messages", "Sale {sale}: secuconnect has confirmed the direct debit."),
        ),
        Outcome.DEBIT_FAILED: (
            MessageLevel.ERROR,
            translate(
                "Messages",
                "Sale {sale}: the direct debit failed after the sale — the money did not come. "
                "Contact the customer; the journal has the details.",
            ),
        ),
        Outcome.SET_ASIDE: (
            MessageLevel.WARNING,
            translate("Messages", "Sale {sale}: set aside; the till still checks it now and then."),
        ),
        Outcome.DOUBLE_CHARGE: (
            MessageLevel.ERROR,
            translate(
                "Messages",
                "Sale {sale} was charged twice (a payment booked late). Cancel one of them in the journal.",
            ),
        ),
    }
    level, text = texts.get(
        outcome,
        (
            MessageLevel.ERROR,
            translate(
                "Messages",
                "Sale {sale}: the open payment still cannot be checked — do not take it again; "
                "the till keeps checking.",
            ),
        ),
    )
    return UserMessage(level, text.format(sale=sale_number), key=f"reconciled.{outcome}")
