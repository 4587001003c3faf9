"""What the back office screens show: plain frozen values read from the journal, the print
queue and the card terminal.

:class:`cashier.services.back_office.BackOffice` hands these out; the journal and end-of-day
screens only display them. They import nothing but ``domain`` and the plain sale modules, so
``ui`` can name them without reaching ``api`` or ``printing`` (the rule of
:mod:`cashier.ui.ports`): a record of the journal or a print job never crosses into the UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from cashier.domain.money import Money
from cashier.domain.reports import ZReport
from cashier.services.open_sales import Outcome
from cashier.services.sale import SaleKind, SaleState, Tender
from cashier.services.sale_problems import SaleProblem

_NOTHING: Final = Money(0)


class Share(StrEnum):
    """Who paid a part of a sale: the sale's tender, or the customer card's balance or bonus."""

    CASH = "cash"
    TERMINAL = "terminal"
    SEPA = "sepa"
    CARD_BALANCE = "card_balance"
    BONUS = "bonus"


_TENDER_SHARES = {
    Tender.CASH: Share.CASH,
    Tender.TERMINAL: Share.TERMINAL,
    Tender.SEPA: Share.SEPA,
}


@dataclass(frozen=True, slots=True)
class SaleMoney:
    """The money of one sale as the journal recorded it.

    ``sum`` (the basket) = ``collected`` (by the tender: cash, terminal, SEPA) +
    ``card_balance`` + ``bonus`` (what the customer card paid). A cancellation gives each part
    back where it came from, and takes back what the sale put on the card: the bonus it
    collected (``bonus_granted``) and a load (``card_loaded``).
    """

    sum: Money = _NOTHING
    tender: Tender | None = None
    collected: Money = _NOTHING
    card_balance: Money = _NOTHING
    bonus: Money = _NOTHING
    bonus_granted: Money = _NOTHING
    card_loaded: Money = _NOTHING

    @property
    def shares(self) -> tuple[tuple[Share, Money], ...]:
        """Who paid what, the tender first; parts of nothing left out (a sale of nothing keeps
        its tender, at 0,00 €)."""
        parts: list[tuple[Share, Money]] = []
        tender = _TENDER_SHARES.get(self.tender) if self.tender is not None else None
        if tender is not None and self.collected.is_positive:
            parts.append((tender, self.collected))
        if self.card_balance.is_positive:
            parts.append((Share.CARD_BALANCE, self.card_balance))
        if self.bonus.is_positive:
            parts.append((Share.BONUS, self.bonus))
        if not parts and tender is not None:
            parts.append((tender, self.collected))
        return tuple(parts)


@dataclass(frozen=True, slots=True)
class SaleRow:
    """One sale of the journal as a line of the journal's table.

    ``total`` is what the customer paid after the card's bonus — what a cancellation gives
    back. ``cancellable``: a completed sale that ``cancel`` can undo (loyalty, cash, SEPA);
    ``reversible``: a completed terminal payment with its receipt number (``cancelTrx``).
    """

    sale_id: str
    number: int
    business_day: str  # YYYY-MM-DD
    created_at: datetime
    kind: SaleKind
    tender: Tender | None
    total: Money
    state: SaleState
    card_masked: str | None
    receipt_number: int | None
    smart_transaction_id: str | None
    cancelled: bool
    cancellable: bool
    reversible: bool
    unsettled: bool = False
    """A payment or cancellation whose outcome secuconnect has not confirmed yet."""
    money: SaleMoney = SaleMoney()
    """Who paid what: what the list, the details and the cancel prompt say."""
    problem: SaleProblem | None = None
    """What went wrong last (the journal's English ``last_error``, sorted for the screens)."""


@dataclass(frozen=True, slots=True)
class SettleOutcome:
    """What asking secuconnect about one unsettled sale came to (``Reconciled.outcome``);
    ``blocking``: still unknown, new sales wait — the cashier may set it aside."""

    row: SaleRow
    outcome: Outcome
    detail: str
    blocking: bool


@dataclass(frozen=True, slots=True)
class ItemLine:
    """A basket line of a former sale."""

    description: str
    quantity: int
    total: Money


@dataclass(frozen=True, slots=True)
class StepLine:
    """A step of the sale's write-ahead record (what the till did, and when)."""

    at: datetime
    from_state: str
    to_state: str
    action: str


class DocumentKind(StrEnum):
    RECEIPT = "receipt"  # the customer's receipt
    MERCHANT_COPY = "merchant_copy"
    CANCELLATION = "cancellation"  # STORNO, or the reversal of a terminal payment
    Z_REPORT = "z_report"
    OTHER = "other"  # balance slip, test page


@dataclass(frozen=True, slots=True)
class PrintedDocument:
    """One job of the print queue: stored before it printed, so never lost.

    ``printed`` False with a ``problem`` (e.g. the printer is offline): the document is kept
    and is printed again on request.
    """

    job_id: int
    kind: DocumentKind
    copy: bool  # a reprint, marked KOPIE
    printed: bool
    created_at: datetime
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class SaleDetails:
    """Everything the journal knows of one sale, for the details panel."""

    row: SaleRow
    items: tuple[ItemLine, ...]
    sum: Money  # the basket's total, before the card's bonus
    bonus_used: Money
    cash_balance_used: Money
    collected: Money  # what cash, the terminal or the SEPA debit took
    cash_given: Money | None
    change: Money | None
    card_loaded: Money
    bonus_granted: Money
    new_card_masked: str | None
    last_error: str | None
    steps: tuple[StepLine, ...]
    documents: tuple[PrintedDocument, ...]

    @property
    def receipts(self) -> tuple[PrintedDocument, ...]:
        """The sale's documents that were not copies (what a reprint starts from)."""
        return tuple(document for document in self.documents if not document.copy)


@dataclass(frozen=True, slots=True)
class CancelOutcome:
    """A cancelled sale or reversed terminal payment: the sale now, what went back, its receipt.

    ``given_back`` is all the customer gets back: ``collected`` through the sale's tender
    (cash from the drawer, the terminal's or the direct debit's amount), ``to_card``, the
    card balance the sale had used, and ``bonus_to_card``, the bonus it had used — both
    booked back onto the customer card. The service takes off the card what the sale put on
    it: ``bonus_taken`` (the bonus it collected) and ``load_taken`` (a card load).
    """

    row: SaleRow
    given_back: Money
    collected: Money
    to_card: Money
    reversal: bool  # a terminal payment reversed (the money goes back to the customer's bank card)
    receipt: PrintedDocument | None  # the STORNO receipt (None when the sale had no receipt)
    bonus_to_card: Money = _NOTHING
    bonus_taken: Money = _NOTHING
    load_taken: Money = _NOTHING

    @property
    def printed(self) -> bool:
        return self.receipt is not None and self.receipt.printed


@dataclass(frozen=True, slots=True)
class TerminalAnswer:
    """What the card terminal answered to its end of day or diagnosis."""

    ok: bool
    status: str
    lines: tuple[str, ...]  # the terminal's receipt as text
    transaction_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReportPreview:
    """The Z report, and the picture of it as the printer would print it (PNG)."""

    report: ZReport
    png: bytes
