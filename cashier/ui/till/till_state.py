"""Plain values the till screen shows: what the view-model hands to the views.

:class:`TillServices` is what the composition root gives the till screen: the services, seen
through the protocols of :mod:`cashier.ui.ports` (the UI never sees the API client, the
printer transports or the simulator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from cashier.domain.money import DEFAULT_MAXIMUM, Money
from cashier.services.sale import Sale, SaleState, Tender
from cashier.services.transaction_view import CardAfter
from cashier.ui.ports import (
    FiscalWatch,
    OfflineBookings,
    PaymentOutcome,
    Payments,
    Printer,
    Reconciliation,
    Sales,
    ServiceConnection,
)

_NOTHING: Final = Money(0)
_OFFLINE_MAX_SALE: Final = Money(10_000)  # settings [offline] max_sale_cents


@dataclass(frozen=True, slots=True)
class TillServices:
    sales: Sales
    payments: Payments
    reconciler: Reconciliation
    printer: Printer
    till_id: str
    environment: str  # simulator, testing, live, custom
    max_amount: Money = DEFAULT_MAXIMUM
    shop_name: Callable[[], str] = lambda: ""
    """The creditor of a SEPA mandate: the shop's name now (the settings may change it)."""
    connection: ServiceConnection | None = None
    """Online or offline as the services judge it (None: a till that is never offline)."""
    booker: OfflineBookings | None = None
    """Books the sales made offline once secuconnect answers again (docs/offline.md)."""
    offline_max_sale: Money = _OFFLINE_MAX_SALE  # above it an offline sale needs a manager
    offline_max_hours: int = 24
    fiscal: FiscalWatch | None = None
    """The TSE's state (None: the till signs nothing — no TSE configured)."""


@dataclass(frozen=True, slots=True)
class Totals:
    """The totals panel: ``total`` − ``bonus_used`` − ``card_applied`` = ``missing``."""

    total: Money
    bonus_used: Money
    card_applied: Money
    missing: Money

    @classmethod
    def of(cls, sale: Sale | None, *, offline: bool = False) -> Totals:
        """``offline``: the card's balance and bonus pay nothing — the whole total is cash."""
        if sale is None:
            return cls(Money(0), Money(0), Money(0), Money(0))
        pricing = sale.pricing
        if pricing is None or offline:
            return cls(sale.total, Money(0), Money(0), sale.total)
        return cls(pricing.total, pricing.bonus_used, pricing.cash_balance_used, pricing.missing_sum)


@dataclass(frozen=True, slots=True)
class PaymentSummary:
    """What the result panel shows after a payment."""

    sale_number: int
    tender: Tender
    total: Money
    paid_by_card: Money  # bonus and cash balance
    collected: Money  # by the tender (cash, terminal, SEPA)
    given: Money | None
    change: Money | None
    printed: bool
    new_card_number: str | None = None
    new_card_csc: str | None = None
    card_balance_after: Money | None = None  # the card's (cash) balance after the sale
    signature_needed: bool = False  # a SEPA debit: the customer signs the merchant copy
    printing: bool = False  # the receipts are still on their way to the printer
    new_card_unreported: bool = False  # a card was created, but the service did not say its number
    pending: bool = False  # a direct debit secuconnect has not confirmed yet
    sale_id: str = ""
    on_screen: bool = False  # "printed" on the preview printer: the receipt is shown, not printed
    card_balance_used: Money = _NOTHING  # of ``paid_by_card``: the card's balance …
    bonus_used: Money = _NOTHING  # … and its bonus
    bonus_after: Money | None = None  # the card's bonus after the sale (apart from its balance)
    offline: bool = False  # paid in cash while secuconnect could not be reached: booked later

    @classmethod
    def of(cls, result: PaymentOutcome) -> PaymentSummary:
        sale = result.sale
        pricing = sale.pricing
        balance_used = pricing.cash_balance_used if pricing is not None else Money(0)
        bonus_used = pricing.bonus_used if pricing is not None else Money(0)
        tender = sale.tender or Tender.CASH
        after = _card_after(result.transaction.card_after)
        return cls(
            sale_number=sale.sale_number,
            tender=tender,
            total=sale.total,
            paid_by_card=balance_used + bonus_used,
            collected=Money(0) if tender is Tender.CARD else sale.amount_due,
            given=sale.cash_given,
            change=sale.change,
            printed=result.printed,
            new_card_number=sale.new_card_number,
            new_card_csc=sale.new_card_csc,
            card_balance_after=None if after is None else after[0],
            signature_needed=tender is Tender.SEPA,
            printing=result.print_pending,
            new_card_unreported=sale.create_card_group is not None and sale.new_card_number is None,
            pending=sale.state is SaleState.PENDING,
            sale_id=sale.sale_id,
            card_balance_used=balance_used,
            bonus_used=bonus_used,
            bonus_after=None if after is None else after[1],
            offline=result.transaction.status == "offline",
        )


def is_preview_printer(uri: str) -> bool:
    """``preview``: no hardware, the receipt appears on screen (as the printing layer reads it)."""
    return uri.strip().rstrip(":/").lower() == "preview"


def _card_after(card: CardAfter | None) -> tuple[Money, Money] | None:
    """The card's balance and bonus after the sale, as the service answered them."""
    if card is None or card.cash_balance is None or card.bonus_balance is None:
        return None
    return Money(card.cash_balance), Money(card.bonus_balance)
