"""A smart transaction's answer as the till reads it: :class:`TransactionView`.

:mod:`cashier.services.transaction_answers` maps the api's answer into it once, at the services'
edge; every reader (payment, reconciliation, receipts, cancellations, the till's result panel,
``cashier sale --json``) reads its fields, not the answer's JSON keys. The journal keeps the
answer's JSON only as a record (:attr:`TransactionView.record`).

Plain data, importing only ``domain``, so that ``ui`` may name it (``ui/ports.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cashier.domain.money import Money
from cashier.domain.receipt import ServerLine

_CANCELLED = ("cancelled", "canceled")
"""The service's word for a cancelled transaction, and its legacy spelling."""

BonusLine = tuple[str, int, Money]
"""A bonus line of the service's basket: its text, the VAT rate it lowers (percent), its amount
(negative)."""


@dataclass(frozen=True, slots=True)
class CardAfter:
    """The card's balances after the transaction, as the service answered them (cents)."""

    cash_balance: int | None = None
    bonus_balance: int | None = None
    points: int | None = None

    def as_details(self) -> dict[str, int | None]:
        """As the journal's ``card_after`` details and ``cashier sale --json`` show them."""
        return {"cash_balance": self.cash_balance, "bonus_balance": self.bonus_balance, "points": self.points}


@dataclass(frozen=True, slots=True)
class TransactionView:
    """What the till reads from a smart transaction's answer."""

    id: str
    status: str
    receipt_number: int | None = None
    """The terminal's receipt number (a card payment's reference)."""
    card_after: CardAfter | None = None
    created_card_number: str | None = None
    """A card this transaction created, wherever the service reported its number."""
    bonus_lines: tuple[BonusLine, ...] = ()
    missing_sum: int | None = None
    receipt: tuple[ServerLine, ...] = ()
    receipt_merchant: tuple[ServerLine, ...] = ()
    receipt_merchant_print: bool | None = None
    """The vendor's SDK: "whether the receipt for the merchant was printed" (by the terminal)."""
    mandate_reference: str | None = None
    """A direct debit's mandate reference, from the receipt's ``Mandatsreferenz`` line."""
    record: str = "{}"
    """The answer's JSON as the journal keeps it (a new card's CSC left out)."""

    @property
    def is_cancelled(self) -> bool:
        return self.status in _CANCELLED
