"""One sale at the counter: its state machine (docs/sale-states.md) and what it holds.

::

    EDITING -> CARD_ATTACHED -> CSC_OK -> PRICED -> STARTING -> COMPLETED -> PRINTED
                                                    STARTING -> FAILED (declined) -> STARTING | ABORTED
    EDITING | CARD_ATTACHED | CSC_OK | PRICED | FAILED -> ABORTED
    STARTING -> ABORTED (proven not carried out, found by reconciliation after a restart)
    STARTING -> PENDING -> COMPLETED | PRINTED (confirmed) | FAILED (the debit failed later)
    EDITING | CARD_ATTACHED | CSC_OK | PRICED -> COMPLETED (paid in cash offline; booked later)
    COMPLETED | PRINTED -> CANCELLING -> CANCELLED | COMPLETED | PRINTED

A sale without a card goes from EDITING straight to STARTING. A payment proven not carried out
returns to the card's state (its transaction is given up, so the card is applied again).
CANCELLING is a cancellation sent whose outcome is not confirmed yet (write-ahead, like
STARTING). Editing the basket of a PRICED sale takes it back to the card's state (the price
is stale). :class:`Sale` is plain data plus :meth:`Sale.move_to`, which refuses every
transition the diagram does not have; the engine journals each move before the remote call it
leads to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cashier.domain.basket import Basket
from cashier.domain.cards import CardNumber
from cashier.domain.money import Money
from cashier.services.errors import InvalidState


class SaleState(StrEnum):
    EDITING = "editing"
    CARD_ATTACHED = "card_attached"
    CSC_OK = "csc_ok"
    PRICED = "priced"
    STARTING = "starting"
    PENDING = "pending"  # a direct debit requested, not confirmed yet: paid-in-progress
    COMPLETED = "completed"
    PRINTED = "printed"
    FAILED = "failed"
    ABORTED = "aborted"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """The sale can still be edited or paid."""
        return self in _OPEN

    @property
    def is_done(self) -> bool:
        return self in (
            SaleState.PENDING,
            SaleState.COMPLETED,
            SaleState.PRINTED,
            SaleState.CANCELLING,
            SaleState.CANCELLED,
            SaleState.ABORTED,
        )

    @property
    def is_editable(self) -> bool:
        """The basket and card may still change (a declined sale may only be paid or aborted)."""
        return self in _EDITABLE


_EDITABLE = frozenset({SaleState.EDITING, SaleState.CARD_ATTACHED, SaleState.CSC_OK, SaleState.PRICED})
_OPEN = _EDITABLE | {SaleState.FAILED}

TRANSITIONS: dict[SaleState, frozenset[SaleState]] = {
    # COMPLETED straight from an editable state: a cash sale made offline (docs/offline.md).
    SaleState.EDITING: frozenset(
        {SaleState.CARD_ATTACHED, SaleState.STARTING, SaleState.COMPLETED, SaleState.ABORTED}
    ),
    SaleState.CARD_ATTACHED: frozenset(
        {SaleState.CSC_OK, SaleState.EDITING, SaleState.STARTING, SaleState.COMPLETED, SaleState.ABORTED}
    ),
    SaleState.CSC_OK: frozenset(
        {
            SaleState.PRICED,
            SaleState.EDITING,
            SaleState.CARD_ATTACHED,
            SaleState.STARTING,
            SaleState.COMPLETED,
            SaleState.ABORTED,
        }
    ),
    SaleState.PRICED: frozenset(
        {
            SaleState.STARTING,
            SaleState.CSC_OK,
            SaleState.EDITING,
            SaleState.CARD_ATTACHED,
            SaleState.COMPLETED,
            SaleState.ABORTED,
        }
    ),
    # A payment that provably did not happen returns to where the sale was before.
    SaleState.STARTING: frozenset(
        {
            SaleState.COMPLETED,
            SaleState.PENDING,
            SaleState.FAILED,
            SaleState.EDITING,
            SaleState.CARD_ATTACHED,
            SaleState.CSC_OK,
            SaleState.PRICED,
            SaleState.ABORTED,
        }
    ),
    SaleState.FAILED: frozenset({SaleState.STARTING, SaleState.ABORTED}),
    SaleState.PENDING: frozenset({SaleState.COMPLETED, SaleState.PRINTED, SaleState.FAILED}),
    SaleState.COMPLETED: frozenset({SaleState.PRINTED, SaleState.CANCELLING, SaleState.CANCELLED}),
    SaleState.PRINTED: frozenset({SaleState.CANCELLING, SaleState.CANCELLED}),
    SaleState.CANCELLING: frozenset({SaleState.CANCELLED, SaleState.COMPLETED, SaleState.PRINTED}),
    SaleState.ABORTED: frozenset(),
    SaleState.CANCELLED: frozenset(),
}


class SaleKind(StrEnum):
    SALE = "sale"
    CARD_LOAD = "card_load"
    NEW_CARD = "new_card"


class Tender(StrEnum):
    CASH = "cash"
    TERMINAL = "terminal"
    SEPA = "sepa"
    CARD = "card"  # the card's balance pays everything (start/loyalty)

    @property
    def start_method(self) -> str:
        return {"cash": "cash", "terminal": "cashless", "sepa": "debit", "card": "loyalty"}[self.value]


@dataclass(frozen=True, slots=True)
class CardView:
    """The card as the cashier sees it (from validate + the merchant card read)."""

    card_id: str
    number: CardNumber
    group_id: str
    group_name: str
    holder: str | None
    locked: bool
    cash_balance: Money
    bonus_balance: Money
    points: int
    passcode: int
    verified: bool = True
    """False: attached offline by its number only — not validated, balances unknown; it earns
    its bonus when the sale is booked (docs/offline.md)."""

    @classmethod
    def unverified(cls, number: CardNumber) -> CardView:
        """A card scanned while secuconnect cannot be reached: its number, nothing else."""
        zero = Money(0)
        return cls("", number, "", "", None, False, zero, zero, 0, 0, verified=False)

    @property
    def balance(self) -> Money:
        return self.cash_balance + self.bonus_balance

    @property
    def pin_guards_payment(self) -> bool:
        """Whether the PIN is needed before the card's balance pays (passcode 1 or 2)."""
        return self.passcode in (1, 2)

    @property
    def pin_guards_collecting(self) -> bool:
        """Whether the PIN is needed before the card records revenue, bonus or loads (1, 3, 4, 6)."""
        return self.passcode in (1, 3, 4, 6)


@dataclass(frozen=True, slots=True)
class CardGroupOption:
    """A card programme a new card can be created in, as the cashier picks it."""

    group_id: str  # CRG_…
    name: str


@dataclass(frozen=True, slots=True)
class Pricing:
    """What the card pays of the sale, as ``preTransaction`` answered."""

    total: Money
    bonus_used: Money
    cash_balance_used: Money
    missing_sum: Money
    bonus_lines: tuple[tuple[str, int, Money], ...] = ()  # (description, VAT percent, amount ≤ 0)


@dataclass
class Sale:
    """The sale in progress (mutable; only the engine changes it)."""

    sale_id: str
    sale_number: int
    business_day: str
    kind: SaleKind = SaleKind.SALE
    state: SaleState = SaleState.EDITING
    basket: Basket = field(default_factory=Basket)
    card: CardView | None = None
    create_card_group: str | None = None
    csc_failures: int = 0
    csc_verified: bool = False
    pin_verified: bool = False
    smart_transaction_id: str | None = None
    synced_basket: Basket | None = None
    synced_card: str | None = None
    remote_status: str | None = None  # the smart transaction's status as last seen
    pricing: Pricing | None = None
    tender: Tender | None = None
    cash_given: Money | None = None
    change: Money | None = None
    new_card_number: str | None = None
    new_card_csc: str | None = None  # shown and printed once, never journalled
    restored_card_number: CardNumber | None = None  # a sale read back from the journal
    restored_balances: dict[str, int] | None = None  # its card's balances before the payment
    last_error: str | None = None

    def move_to(self, target: SaleState) -> SaleState:
        """Change state if the diagram allows it; returns the state left."""
        if target not in TRANSITIONS[self.state]:
            raise InvalidState(f"a sale that is {self.state.value} cannot become {target.value}")
        previous, self.state = self.state, target
        return previous

    @property
    def card_state(self) -> SaleState:
        """Where an edited or unpaid sale returns to: the furthest card step it reached."""
        if self.card is None:
            return SaleState.EDITING
        return SaleState.CSC_OK if self.csc_verified else SaleState.CARD_ATTACHED

    @property
    def card_number(self) -> CardNumber | None:
        return self.card.number if self.card is not None else self.restored_card_number

    @property
    def total(self) -> Money:
        return self.basket.total

    @property
    def sells_the_card(self) -> bool:
        """The sale loads a card or creates one (its lines are card loads, or none at all): the
        card itself cannot pay it."""
        return self.create_card_group is not None or (
            not self.basket.is_empty and all(line.is_card_load for line in self.basket)
        )

    @property
    def amount_due(self) -> Money:
        """What the till still has to collect: the missing sum after the card, or the total."""
        return self.pricing.missing_sum if self.pricing is not None else self.basket.total


# --- what the till may start next, given its current sale (None, or closed: a new one) ------------
def can_edit(sale: Sale | None) -> bool:
    """Lines and the card may change: no sale yet, or an editable one."""
    return sale is None or sale.state.is_editable


def can_load_card(sale: Sale | None) -> bool:
    """A card load may join: no open sale, or an unpaid one that holds nothing but card loads."""
    if sale is None or not sale.state.is_open:
        return True
    return (
        sale.state.is_editable
        and sale.create_card_group is None
        and all(line.is_card_load for line in sale.basket)
    )


def can_create_card(sale: Sale | None) -> bool:
    """A new card may be sold: no open sale, or an empty one without a card (it is sold on its own)."""
    if sale is None or not sale.state.is_open:
        return True
    return sale.basket.is_empty and sale.card is None and sale.create_card_group is None
