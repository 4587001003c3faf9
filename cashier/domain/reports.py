"""Documents the till prints besides receipts: the Z report and the card balance slip.

Data only, like :mod:`cashier.domain.receipt`: what is on the document, checked so that it
adds up; ``printing`` lays it out, :mod:`cashier.domain.report_codec` stores it as JSON.

* :class:`ZReport` — end of day for one till and business day, from the till's own journal
  (docs/architecture.md, "What the till does"): sales, takings per tender kind, card loads,
  bonus granted and spent, cancellations — the sales it cannot count yet (:class:`OpenSale`),
  and the sales made offline: still to book, or booked late (:class:`OfflineSale`).
* :class:`BalanceSlip` — a card's balance as the customer asked for it: cash balance, bonus
  balance, points, and the server's lines from ``getCardBalanceReceipt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from cashier.domain.money import Money
from cashier.domain.receipt import ENVIRONMENTS, Environment, ServerLine, ShopHeader, TenderKind
from cashier.domain.vat import VatRow

_NOTHING: Final = Money(0)


def _check_aware(moment: datetime, name: str) -> None:
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _check_environment(environment: str) -> None:
    if environment not in ENVIRONMENTS:
        raise ValueError(f"unknown environment {environment!r}; expected one of {ENVIRONMENTS}")


def _check_count(count: int, name: str) -> None:
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"{name} must be an int, not {type(count).__name__}")
    if count < 0:
        raise ValueError(f"{name} cannot be negative: {count}")


def _check_not_negative(amount: Money, name: str) -> None:
    if not isinstance(amount, Money):
        raise TypeError(f"{name} must be Money, not {type(amount).__name__}")
    if amount.is_negative:
        raise ValueError(f"{name} cannot be negative: {amount}")


@dataclass(frozen=True, slots=True)
class Tally:
    """How many of something, and how much money they came to (never negative)."""

    count: int = 0
    amount: Money = _NOTHING

    def __post_init__(self) -> None:
        _check_count(self.count, "count")
        _check_not_negative(self.amount, "amount")
        if self.count == 0 and not self.amount.is_zero:
            raise ValueError(f"nothing counted cannot come to {self.amount}")


@dataclass(frozen=True, slots=True)
class TenderTotal:
    """What one tender kind took over the day: ``count`` payments for ``amount``."""

    kind: TenderKind
    tally: Tally

    def __post_init__(self) -> None:
        if not isinstance(self.kind, TenderKind):
            raise TypeError(f"kind must be a TenderKind, not {type(self.kind).__name__}")


class OpenKind(StrEnum):
    PAYMENT = "payment"  # a payment whose outcome secuconnect has not confirmed
    CANCELLATION = "cancellation"  # a cancellation not confirmed yet


@dataclass(frozen=True, slots=True)
class OpenSale:
    """A sale the Z report cannot count yet: its payment or cancellation is not confirmed.
    Named by its number, time and amount (what the customer pays), so that it can be found."""

    number: int
    business_day: date
    at: datetime
    amount: Money
    what: OpenKind

    def __post_init__(self) -> None:
        _check_count(self.number, "number")
        _check_aware(self.at, "at")
        _check_not_negative(self.amount, "amount")
        if not isinstance(self.what, OpenKind):
            raise TypeError(f"what must be an OpenKind, not {type(self.what).__name__}")


class OfflineBooking(StrEnum):
    """Where a sale made offline stands with secuconnect (docs/offline.md)."""

    TO_BOOK = "to_book"  # paid in cash at the counter; secuconnect does not have it yet
    BOOKED = "booked"  # booked late, with the card it named (its bonus credited then)
    BOOKED_WITHOUT_CARD = "booked_without_card"  # booked late; the card was refused: no bonus


@dataclass(frozen=True, slots=True)
class OfflineSale:
    """A sale made while secuconnect could not be reached — paid in cash, so counted in the
    report's figures like any sale — named by its number, time and amount. ``booked_at``: when
    it was booked; ``reason``: why it was booked without its card (the journal's words)."""

    number: int
    business_day: date
    at: datetime
    amount: Money
    booking: OfflineBooking
    booked_at: datetime | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        _check_count(self.number, "number")
        _check_aware(self.at, "at")
        _check_not_negative(self.amount, "amount")
        if not isinstance(self.booking, OfflineBooking):
            raise TypeError(f"booking must be an OfflineBooking, not {type(self.booking).__name__}")
        if self.booked_at is not None:
            _check_aware(self.booked_at, "booked_at")
        if (self.booking is OfflineBooking.TO_BOOK) != (self.booked_at is None):
            raise ValueError("a sale still to book has no booking time; a booked one has one")


@dataclass(frozen=True, slots=True, kw_only=True)
class ZReport:
    """The end-of-day report of one till for one business day.

    ``sales`` counts the completed sales (including card loads and new cards) and their gross
    total after bonus; ``tenders`` say how that was paid, one row per tender kind (in the
    order given). ``card_loads`` is the cash balance loaded onto cards, ``bonus_granted`` the
    bonus the cards collected, ``bonus_spent`` the bonus used as discount; ``cancellations``
    counts cancelled and reversed sales with the amount given back. ``vat_summary`` may be
    empty when the journal does not keep it. ``pending``: the direct debits among the sales that
    the service has not confirmed yet. ``open_sales``: sales not counted because their
    payment or cancellation is not confirmed yet (of this day, or still open from another).
    ``offline_sales``: the day's sales made offline, after those of other days still to book.
    ``closing_number``: the number of the Kassenabschluss that printing the report made.
    """

    header: ShopHeader
    business_day: date
    till_id: str
    created_at: datetime
    environment: Environment
    sales: Tally
    tenders: tuple[TenderTotal, ...] = ()
    card_loads: Tally = Tally()
    bonus_granted: Money = _NOTHING
    bonus_spent: Money = _NOTHING
    cancellations: Tally = Tally()
    vat_summary: tuple[VatRow, ...] = ()
    pending: Tally = Tally()
    """Direct debits among ``sales`` the service has not confirmed yet (``pending``)."""
    open_sales: tuple[OpenSale, ...] = ()
    offline_sales: tuple[OfflineSale, ...] = ()
    closing_number: int | None = None
    """The Kassenabschluss this report is (DSFinV-K ``Z_NR``), once it was printed; None before."""
    tse_unsigned: Tally = Tally()
    """Among ``sales``: those the TSE did not sign (their receipts said "TSE ausgefallen")."""
    tse_outages: int = 0
    """How many TSE outages the journal recorded on this day (docs/fiscal.md)."""

    def __post_init__(self) -> None:
        if not isinstance(self.business_day, date) or isinstance(self.business_day, datetime):
            raise TypeError("business_day must be a date")
        _check_count(self.tse_outages, "tse_outages")
        if self.closing_number is not None:
            _check_count(self.closing_number, "closing_number")
            if self.closing_number < 1:
                raise ValueError("a closing number starts at 1")
        _check_aware(self.created_at, "created_at")
        _check_environment(self.environment)
        if not self.till_id.strip():
            raise ValueError("a Z report needs the till id")
        for name in ("tenders", "vat_summary", "open_sales", "offline_sales"):
            if not isinstance(getattr(self, name), tuple):
                raise TypeError(f"{name} must be a tuple")
        kinds = [row.kind for row in self.tenders]
        if len(set(kinds)) != len(kinds):
            raise ValueError("the Z report lists a tender kind twice")
        _check_not_negative(self.bonus_granted, "bonus_granted")
        _check_not_negative(self.bonus_spent, "bonus_spent")
        rates = [row.rate for row in self.vat_summary]
        if len(set(rates)) != len(rates):
            raise ValueError("the Z report's VAT summary has a rate twice")

    @property
    def taken(self) -> Money:
        """Everything the tenders took (cash, terminal, SEPA and card balance)."""
        return Money.sum(row.tally.amount for row in self.tenders)

    def offline(self, *bookings: OfflineBooking) -> Tally:
        """The offline sales in any of ``bookings``: how many, and what they came to."""
        amounts = [sale.amount for sale in self.offline_sales if sale.booking in bookings]
        return Tally(len(amounts), Money.sum(amounts)) if amounts else Tally()

    def tender(self, kind: TenderKind) -> Tally:
        """The day's tally for ``kind`` (zero when it was not used)."""
        return next((row.tally for row in self.tenders if row.kind is kind), Tally())

    @property
    def is_training(self) -> bool:
        return self.environment != "live"


@dataclass(frozen=True, slots=True, kw_only=True)
class BalanceSlip:
    """A card's balance, printed for the customer.

    ``card_number_masked`` never holds the full number. ``cash_balance`` is money loaded onto
    the card, ``bonus_balance`` collected bonus; both may be spent. ``server_lines`` are the
    lines of ``getCardBalanceReceipt`` (empty when the server gave none).
    """

    header: ShopHeader
    till_id: str
    created_at: datetime
    environment: Environment
    card_number_masked: str
    cash_balance: Money
    bonus_balance: Money
    holder: str | None = None
    card_group: str | None = None
    points: int | None = None
    server_lines: tuple[ServerLine, ...] = ()

    def __post_init__(self) -> None:
        _check_aware(self.created_at, "created_at")
        _check_environment(self.environment)
        if not self.card_number_masked.strip():
            raise ValueError("a balance slip needs the (masked) card number")
        if not isinstance(self.cash_balance, Money) or not isinstance(self.bonus_balance, Money):
            raise TypeError("balances must be Money")
        if self.points is not None and (isinstance(self.points, bool) or not isinstance(self.points, int)):
            raise TypeError(f"points must be an int, not {type(self.points).__name__}")
        if not isinstance(self.server_lines, tuple):
            raise TypeError("server_lines must be a tuple")

    @property
    def total_balance(self) -> Money:
        return self.cash_balance + self.bonus_balance

    @property
    def is_training(self) -> bool:
        return self.environment != "live"
