"""A cash sale while secuconnect cannot be reached: complete at the counter, booked later.

docs/offline.md. The sale is completed locally in one journal step that also marks it
``booking = to_book`` (write-ahead, like every payment: the mark and the completed sale are one
SQLite transaction). Its receipts carry no server lines and say that it was made offline; the
booking worker (:mod:`cashier.services.offline_booking`) creates and starts its smart
transaction later, exactly once. Nothing is sent here.

Refused offline, with words (:func:`cashier.services.offline.refused_offline`): any tender
but cash, a card load, a new card. A card attached to the sale earns its bonus at booking; a
price the card had applied (balance, bonus) is dropped: offline the whole amount is cash.
"""

from __future__ import annotations

import logging

from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.domain.receipt_codec import dumps_receipt
from cashier.domain.tender import change_due
from cashier.journal.audit import AuditTrail
from cashier.journal.sales import Booking, SaleJournal
from cashier.services.clock import TillContext
from cashier.services.connection import Connection
from cashier.services.errors import InsufficientCash, InvalidInput, InvalidState
from cashier.services.offline import OfflineLimits, OfflineRefusal, refused_offline
from cashier.services.receipt_factory import ReceiptFactory, SaleReceipts
from cashier.services.sale import Sale, SaleState, Tender
from cashier.services.transaction_sync import basket_json
from cashier.services.transaction_view import TransactionView

log = logging.getLogger(__name__)

OFFLINE_TRANSACTION = TransactionView(id="", status="offline")
"""What an offline sale's receipt is made from: no server lines, no references."""


def offline_refusal(sale: Sale, tender: Tender) -> OfflineRefusal | None:
    """Why ``sale`` cannot be paid with ``tender`` offline, or None."""
    if sale.create_card_group is not None:
        return OfflineRefusal.NEW_CARD
    if any(line.is_card_load for line in sale.basket):
        return OfflineRefusal.CARD_LOAD
    return {
        Tender.TERMINAL: OfflineRefusal.TERMINAL,
        Tender.SEPA: OfflineRefusal.SEPA,
        Tender.CARD: OfflineRefusal.CARD_BALANCE,
    }.get(tender)


class OfflinePayment:
    def __init__(
        self,
        journal: SaleJournal,
        audit: AuditTrail,
        context: TillContext,
        *,
        connection: Connection,
        receipts: ReceiptFactory,
        limits: OfflineLimits,
    ) -> None:
        self.journal = journal
        self.audit = audit
        self.context = context
        self.connection = connection
        self.receipts = receipts
        self.limits = limits

    def complete(self, sale: Sale, tender: Tender, given: Money | None, *, confirmed: bool) -> SaleReceipts:
        """Complete ``sale`` in cash, offline; its receipts (to be queued and printed)."""
        refusal = offline_refusal(sale, tender)
        if refusal is not None:
            raise refused_offline(refusal)
        if not sale.state.is_editable:
            raise InvalidState(
                f"the sale is {sale.state.value}: offline it can only be aborted, or paid once the "
                "till is online again"
            )
        if sale.basket.is_empty:
            raise InvalidState("the basket is empty")
        due = sale.basket.total  # offline the card's balance and bonus pay nothing
        if given is None:
            raise InvalidInput("How much cash was given?")
        try:
            change = change_due(due, given)
        except InputError as error:
            raise InsufficientCash(error.message) from None
        offline_for = self.connection.offline_for()
        over = due > self.limits.max_sale or offline_for > self.limits.max_duration
        self.limits.check(due, offline_for, confirmed=confirmed)
        at = self.context.now()
        if over:
            self.audit.record(
                "offline_sale_confirmed",
                at,
                sale_id=sale.sale_id,
                details={"amount": due.cents, "offline_minutes": int(offline_for.total_seconds() // 60)},
            )
        previous = sale.state
        sale.pricing = None
        sale.tender, sale.cash_given, sale.change = Tender.CASH, given, change
        receipts = self.receipts.for_sale(sale, OFFLINE_TRANSACTION, at, offline=True)
        sale.move_to(SaleState.COMPLETED)
        self.journal.step(
            sale.sale_id,
            from_state=previous.value,
            to_state=SaleState.COMPLETED.value,
            action="offline/cash",
            at=at,
            details={
                "offline_since": _iso_or_none(self.connection),
                "problem": self.connection.reachability.problem,
                "card_verified": None if sale.card is None else sale.card.verified,
            },
            booking=Booking.TO_BOOK,
            tender=Tender.CASH.value,
            total=due.cents,
            basket=basket_json(sale),
            bonus_used=0,
            cash_balance_used=0,
            amount_collected=due.cents,
            cash_given=given.cents,
            change=change.cents,
            receipt_json=dumps_receipt(receipts.customer),
            last_error=None,
        )
        log.info("sale %s paid in cash offline (%s); booked when secuconnect is back", sale.sale_id, due)
        return receipts


def _iso_or_none(connection: Connection) -> str | None:
    since = connection.offline_since
    return None if since is None else since.isoformat()
