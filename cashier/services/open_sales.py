"""Sales the till cannot close yet, as plain values for the till screen and the end of day.

A payment left ``starting`` (its answer was lost, or the till was killed while it ran) blocks
new sales until secuconnect settles it (:mod:`cashier.services.reconcile`). The till screen
names it for the cashier — its number, amount and time — and, for a card terminal payment,
counts down to the end of the terminal's grace (:data:`cashier.services.payment.TERMINAL_GRACE`):
until then the terminal may still be working on the customer's card, so the till only reads;
from then on an unstarted transaction is aborted and the sale settled.

Plain data, importing only ``domain`` and :mod:`cashier.services.sale`, so that ``ui`` may name
it (the rule of :mod:`cashier.ui.ports`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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
