"""The sale at the counter: the one sale in progress and what may be done with it, without Qt.

The till's view-model (:class:`cashier.ui.till.till_model.TillModel`) keeps the Qt side — signals,
the :class:`TaskRunner`, the words for the cashier; this class keeps the sale: which sale is
current (a new one starts when the last is closed), basket edits through the sale service, the
card's attach/clear rules, the remote steps (returned as coroutines for the runner to start) and
the basket that comes back after a payment of unknown outcome was settled. It raises the
services' errors and returns outcomes; the ui words them.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from enum import Enum
from typing import Any, Protocol

from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.services.open_sales import OpenPayment, SettledSale, paid_again
from cashier.services.sale import CardView, Pricing, Sale, SaleKind, SaleState, can_edit


class SaleSteps(Protocol):
    """The steps of :class:`cashier.services.sale_service.SaleService` a session uses."""

    def new_sale(self, kind: SaleKind = ...) -> Sale: ...
    async def attach_card(self, sale: Sale, text: str) -> CardView: ...
    def detach_card(self, sale: Sale) -> None: ...
    def add_line(self, sale: Sale, line: BasketLine) -> None: ...
    def set_quantity(self, sale: Sale, index: int, quantity: int) -> None: ...
    def remove_line(self, sale: Sale, index: int) -> None: ...
    async def apply_card(self, sale: Sale) -> Pricing: ...
    async def abort(self, sale: Sale) -> None: ...
    def add_card_load(self, sale: Sale, amount: Money) -> None: ...
    def create_card(self, sale: Sale, group_id: str) -> None: ...


class OpenPaymentLookup(Protocol):
    """:meth:`cashier.services.reconcile.Reconciler.payment_of`."""

    def payment_of(self, sale_id: str) -> OpenPayment: ...


class CardClearing(Enum):
    """What clearing the card did (:meth:`SaleSession.clear_card`)."""

    NO_CARD = "no card"  # nothing to clear
    LOAD_HELD = "load held"  # the sale loads this card: the load line goes first
    CLEARED = "cleared"


class SaleSession:
    """The sale in progress at one till, and its use cases."""

    def __init__(self, sales: SaleSteps, open_payments: OpenPaymentLookup) -> None:
        self._sales = sales
        self._open_payments = open_payments
        self._sale: Sale | None = None

    # --- what the sale is now -----------------------------------------------------------------
    @property
    def sale(self) -> Sale | None:
        return self._sale

    @property
    def lines(self) -> tuple[BasketLine, ...]:
        return self._sale.basket.lines if self._sale is not None else ()

    @property
    def card(self) -> CardView | None:
        return self._sale.card if self._sale is not None else None

    @property
    def card_checked(self) -> bool:
        return self._sale is not None and self._sale.csc_verified

    @property
    def declined(self) -> bool:
        return self._sale is not None and self._sale.state is SaleState.FAILED

    @property
    def sells_the_card(self) -> bool:
        """The sale loads a card or issues one: the card cannot pay it."""
        return self._sale is not None and self._sale.sells_the_card

    @property
    def editable(self) -> bool:
        return can_edit(self._sale)

    @property
    def payable(self) -> bool:
        """An open sale with something in the basket (running payments are the caller's to know)."""
        sale = self._sale
        return sale is not None and sale.state.is_open and not sale.basket.is_empty

    def current(self) -> Sale:
        """The open sale; a new one when there is none or the last one is over."""
        if self._sale is None or not self._sale.state.is_open:
            self._sale = self._sales.new_sale()
        return self._sale

    def close(self) -> Sale | None:
        """Paid, cancelled or settled: the next customer's sale starts empty. Returns the old one."""
        old, self._sale = self._sale, None
        return old

    # --- the basket ---------------------------------------------------------------------------
    def edit(self, change: Callable[[Sale], None]) -> None:
        """Apply ``change`` to the current sale; the services' errors (SaleError, InputError) pass."""
        change(self.current())

    def add_line(self, line: BasketLine) -> None:
        self._sales.add_line(self.current(), line)

    def increment(self, index: int) -> None:
        sale = self.current()
        self._sales.set_quantity(sale, index, _quantity(sale, index) + 1)

    def decrement(self, index: int) -> None:
        sale = self.current()
        quantity = _quantity(sale, index)
        if quantity > 1:
            self._sales.set_quantity(sale, index, quantity - 1)
        else:
            self._sales.remove_line(sale, index)  # refuses an index that is gone

    def remove_line(self, index: int) -> None:
        self._sales.remove_line(self.current(), index)

    def add_card_load(self, amount: Money) -> None:
        self._sales.add_card_load(self.current(), amount)

    def create_card(self, group_id: str, amount: Money | None) -> None:
        """A new-card sale, with a first load if ``amount``."""
        sale = self.current()
        self._sales.create_card(sale, group_id)
        if amount is not None:
            self._sales.add_card_load(sale, amount)

    # --- the card -----------------------------------------------------------------------------
    def attach_card(self, digits: str) -> Coroutine[Any, Any, CardView]:
        """Read the card into the current sale (the sale is chosen now, the card read when awaited)."""
        return self._sales.attach_card(self.current(), digits)

    def clear_card(self) -> CardClearing:
        """Take the card out of the sale, unless the sale loads it (the detach's SaleError passes)."""
        sale = self._sale
        if sale is None or sale.card is None:
            return CardClearing.NO_CARD
        if any(line.is_card_load for line in sale.basket):
            return CardClearing.LOAD_HELD
        self._sales.detach_card(sale)
        return CardClearing.CLEARED

    def apply_card(self) -> Coroutine[Any, Any, Pricing]:
        """Price the sale with the card's bonus and balance."""
        return self._sales.apply_card(self.current())

    # --- abort --------------------------------------------------------------------------------
    def abort(self) -> Coroutine[Any, Any, None] | None:
        """Abandon the sale: the abort to await, or None when nothing is open (then it is closed)."""
        sale = self._sale
        if sale is None:
            return None
        if not sale.state.is_open:
            self.close()
            return None
        return self._sales.abort(sale)

    # --- after payments of unknown outcome ----------------------------------------------------
    def restore_after_restart(self, results: Sequence[SettledSale]) -> OpenPayment | None:
        """The start-up reconciliation's results: a sale not charged comes back when none is open.

        Returns the payment whose basket came back (the ui says so), or None."""
        again = paid_again(results)
        if again is None or self._sale is not None:
            return None
        return self._restore_open(again)

    def restore_after_settled(self, results: Sequence[SettledSale], old: Sale | None) -> OpenPayment | None:
        """The outcome is known and ``old`` (the sale being paid) is closed: a basket not charged
        comes back in a new sale.

        The sale being paid brings its own basket back (its card is scanned again); otherwise a
        sale from before a restart, read from the journal — that one is returned (the ui says so)."""
        again = paid_again(results, old.sale_id if old is not None else None)
        if old is not None and again == old.sale_id:
            self._restore(old.basket.lines)
            return None
        if again is not None:
            return self._restore_open(again)
        return None

    def _restore_open(self, sale_id: str) -> OpenPayment | None:
        payment = self._open_payments.payment_of(sale_id)
        if payment.kind is not SaleKind.SALE or not payment.lines:
            return None  # a card load or a new card needs its card: the cashier starts it again
        self._restore(payment.lines)
        return payment

    def _restore(self, lines: Sequence[BasketLine]) -> None:
        sale = self.current()
        for line in lines:
            self._sales.add_line(sale, line)


def _quantity(sale: Sale, index: int) -> int:
    lines = sale.basket.lines
    return lines[index].quantity if 0 <= index < len(lines) else 0
