"""Sales the till cannot close yet, as plain values for the till screen and the end of day.

A payment left ``starting`` (its answer was lost, or the till was killed while it ran) blocks
new sales until secuconnect settles it (:mod:`cashier.services.reconcile`). The till screen
names it for the cashier — its number, amount and time — and, for a card terminal payment,
counts down to the end of the terminal's grace (:data:`cashier.services.payment.TERMINAL_GRACE`):
until then the terminal may still be working on the customer's card, so the till only reads;
from then on an unstarted transaction is aborted and the sale settled.

What reconciliation can come to is :class:`Outcome`; which sale's basket comes back to be paid
again is :func:`paid_again`; how often the till asks while a payment is unknown is
:func:`settle_open_payments` (the till screen runs it).

Plain data and rules, importing only ``domain`` and :mod:`cashier.services.sale`, so that ``ui``
may name it (the rule of :mod:`cashier.ui.ports`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final, Protocol, TypeVar

from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.services.sale import SaleKind, Tender


@dataclass(frozen=True, slots=True)
class OpenPayment:
    """A payment of unknown outcome that blocks new sales."""

    sale_id: str
    sale_number: int
    kind: SaleKind
    tender: Tender | None
    amount: Money
    """What the payment was to collect (the sale's total less what the customer card paid)."""
    started_at: datetime
    """When ``start`` was sent."""
    wait_until: datetime | None
    """The end of a terminal payment's grace (not aborted before it); None: no deadline."""
    lines: tuple[BasketLine, ...] = ()
    """The basket, to take the payment again if it was not carried out."""


class Outcome(StrEnum):
    """What reconciliation found a sale of unknown outcome came to (``Reconciled.outcome``)."""

    COMPLETED = "completed"
    DECLINED = "declined"
    NOT_CARRIED_OUT = "not_carried_out"
    STILL_UNKNOWN = "still_unknown"
    """A payment whose outcome is still unknown: no new sale until it is settled."""
    CANCELLED = "cancelled"
    CANCEL_UNKNOWN = "cancel_unknown"
    """A cancellation not confirmed yet (does not block sales)."""
    CANCEL_REFUSED = "cancel_refused"
    ORPHAN_ABORTED = "orphan_aborted"
    SET_ASIDE = "set_aside"
    CONFIRMED = "confirmed"
    """A pending direct debit the service has now confirmed."""
    DEBIT_FAILED = "debit_failed"
    """A pending direct debit that failed after the sale: the money did not come."""
    DOUBLE_CHARGE = "double_charge"
    """A transaction the sale had given up was booked late although the sale was paid again."""

    @property
    def blocks_sales(self) -> bool:
        """The payment is still unknown: no new sale of this environment until it is settled."""
        return self is Outcome.STILL_UNKNOWN

    @property
    def not_charged(self) -> bool:
        """Nothing was charged: the sale's basket comes back to be paid again."""
        return self in (Outcome.NOT_CARRIED_OUT, Outcome.DECLINED)

    @property
    def quiet(self) -> bool:
        """Found again by every background round: the cashier need not hear it each time."""
        return self in (Outcome.CANCEL_UNKNOWN, Outcome.ORPHAN_ABORTED)


class SettledSale(Protocol):
    """A sale reconciliation has an outcome for (:class:`cashier.services.reconcile.Reconciled`)."""

    @property
    def sale_id(self) -> str: ...
    @property
    def outcome(self) -> Outcome: ...


def paid_again(results: Sequence[SettledSale], current: str | None = None) -> str | None:
    """The sale whose basket comes back to be paid again once ``results`` are known, or None.

    ``current``: the sale the till was paying when the outcome became unknown — anything but
    completed brings its own basket back. Otherwise the first sale that was not charged (its
    basket is read from the journal)."""
    mine = next((result for result in results if current is not None and result.sale_id == current), None)
    if mine is not None and mine.outcome is not Outcome.COMPLETED:
        return mine.sale_id
    again = next((result for result in results if result.outcome.not_charged), None)
    return again.sale_id if again is not None else None


PAUSES: Final = (2.0, 5.0, 10.0, 30.0)
"""Seconds between the checks of a payment of unknown outcome; the last one repeats."""

Sleep = Callable[[float], Awaitable[None]]


_Found_co = TypeVar("_Found_co", bound=SettledSale, covariant=True)
_Settled = TypeVar("_Settled", bound=SettledSale)


class Reconciles(Protocol[_Found_co]):
    """:class:`cashier.services.reconcile.Reconciler`, as the retry policy uses it."""

    async def reconcile(self) -> Sequence[_Found_co]: ...


async def settle_open_payments(
    reconciler: Reconciles[_Settled],
    *,
    pauses: Sequence[float] = PAUSES,
    sleep: Sleep = asyncio.sleep,
    pause_for: Callable[[float], float] = lambda seconds: seconds,
) -> Sequence[_Settled]:
    """Reconcile until no sale is left with an unknown outcome; the last round's results.
    ``pause_for`` may shorten a pause (to ask right when a deadline passes)."""
    attempt = 0
    while True:
        results = await reconciler.reconcile()
        if not any(result.outcome.blocks_sales for result in results):
            return results
        await sleep(pause_for(pauses[min(attempt, len(pauses) - 1)]))
        attempt += 1
