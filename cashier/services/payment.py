"""Paying a sale exactly once: cash, terminal, SEPA direct debit, or the card's balance.

The order of a payment (docs/exactly-once.md):

1. checks that need no server (basket, amounts, cash given, PIN policy);
2. the smart transaction is brought up to date (:class:`TransactionSync`);
3. the journal records ``starting`` with the method — **before** ``start`` is sent;
4. ``start`` is sent once. Its answer completes the sale (``ok``) or declines it (``failed``).
   When the answer is lost (:class:`cashier.api.errors.AnswerLost`), or is not final, the
   outcome is settled on the service's word only (:mod:`cashier.services.outcome`): the
   transaction is read; ``ok`` completes the sale, ``failed`` declines it; an unstarted status
   proves nothing (the start may still be queued on the server), so the till sends ``abort``
   and reads back — only a confirmed ``aborted`` (or a service that has no such transaction)
   means "not carried out": the sale returns to the counter with a fresh transaction to come,
   and the aborted one is rechecked for a while (:mod:`cashier.journal.rechecks`). Anything
   else keeps the sale ``starting`` — "outcome unknown" — and it is reconciled before the till
   takes new work (:mod:`cashier.services.reconcile`). A terminal payment is not aborted
   within :data:`TERMINAL_GRACE` of its start: the terminal may still have the customer's card.
   ``start`` is never sent a second time for a payment whose outcome is not settled.
5. the completed sale gets its receipts, stored and then printed; a printer failure leaves
   the sale completed and the print job retryable. A new card's security code goes to the
   printer with the first print of the customer's receipt only; it is never stored.
   ``pay(..., print_now=False)`` stores the receipts in the print queue and returns at once;
   :meth:`PaymentService.print_receipts` prints them afterwards (the window shows the result
   while a printer that does not answer times out).

A new card without a load is a sale of nothing: an empty basket, paid "in cash" with 0,00 €
(secuconnect creates the card at ``start``; the simulator accepts a zero sum).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from cashier.api import errors as api
from cashier.api.client import SecuconnectClient
from cashier.api.transactions import SmartTransaction
from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.domain.receipt_codec import dumps_receipt
from cashier.domain.tender import change_due
from cashier.journal.audit import AuditTrail
from cashier.journal.database import JournalError
from cashier.journal.rechecks import RecheckKind, Rechecks
from cashier.journal.sales import SaleJournal
from cashier.services.clock import TillContext
from cashier.services.connection import Connection
from cashier.services.debit_setup import DebitSetup
from cashier.services.error_map import sale_error_from
from cashier.services.errors import (
    BackendUnavailable,
    InsufficientCash,
    InvalidInput,
    InvalidState,
    OutcomeUnknown,
    PaymentDeclined,
    PaymentNotCarriedOut,
    PinRequired,
)
from cashier.services.fiscal.recorder import FiscalRecorder
from cashier.services.fiscal.signing import signed_sale
from cashier.services.offline import OfflineLimits, refused_offline
from cashier.services.offline_payment import OFFLINE_TRANSACTION, OfflinePayment, offline_refusal
from cashier.services.outcome import Finding, Verdict, settle_payment
from cashier.services.printing import PrintService
from cashier.services.receipt_factory import ReceiptFactory, SaleReceipts
from cashier.services.sale import Sale, SaleState, Tender
from cashier.services.transaction_answers import view_of
from cashier.services.transaction_facts import balances_before, bonus_granted_by
from cashier.services.transaction_sync import TransactionSync
from cashier.services.transaction_view import TransactionView

log = logging.getLogger(__name__)

RECHECK_FOR = timedelta(hours=24)
"""How long a transaction a sale gave up is read again (a late commit completes the sale)."""

TERMINAL_GRACE = timedelta(seconds=200)
"""How long after ``start/cashless`` was sent an unstarted status proves nothing: the terminal
may still be waiting for the customer (the client's terminal timeout is 180 s)."""


@dataclass(frozen=True, slots=True)
class PaymentResult:
    sale: Sale
    transaction: TransactionView
    receipts: SaleReceipts
    printed: bool
    print_error: str | None = None
    print_jobs: tuple[int, ...] = ()
    """The receipts' jobs in the print queue; while ``print_pending`` they await
    :meth:`PaymentService.print_receipts`."""
    print_pending: bool = False


class PaymentService:
    def __init__(
        self,
        client: SecuconnectClient,
        journal: SaleJournal,
        audit: AuditTrail,
        context: TillContext,
        *,
        sync: TransactionSync,
        receipts: ReceiptFactory,
        printer: PrintService | None = None,
        connection: Connection | None = None,
        offline_limits: OfflineLimits | None = None,
        fiscal: FiscalRecorder | None = None,
    ) -> None:
        self.client = client
        self.journal = journal
        self.audit_trail = audit
        self.context = context
        self.sync = sync
        self.receipts = receipts
        self.printer = printer
        self.fiscal = fiscal
        self.rechecks = Rechecks(journal.db)
        self.debit_setup = DebitSetup(client, sync)
        self.connection = connection or Connection(client, now=context.now)
        self.offline = OfflinePayment(
            journal,
            audit,
            context,
            connection=self.connection,
            receipts=receipts,
            limits=offline_limits or OfflineLimits(),
        )

    async def pay(
        self,
        sale: Sale,
        tender: Tender,
        *,
        given: Money | None = None,
        iban: str | None = None,
        holder: str | None = None,
        email: str | None = None,
        print_now: bool = True,
        offline_confirmed: bool = False,
    ) -> PaymentResult:
        """Pay ``sale`` once. ``print_now=False``: the receipts are queued, not yet printed.

        Offline (docs/offline.md) a cash sale is completed at the counter and booked later;
        ``offline_confirmed``: a manager confirmed it beyond the shop's offline limits."""
        if self.connection.offline:
            return await self._pay_offline(sale, tender, given, print_now, offline_confirmed)
        self._check(sale, tender, given)
        self._start_signing(sale)
        # A direct debit prepared by an earlier attempt is started as it is; any other tender
        # first takes the transaction back from "approved" (a PUT drops the prepared debit).
        prepared = sale.remote_status == "approved"
        if prepared and tender is not Tender.SEPA:
            await self.sync.ensure(sale, force=True)
            prepared = False
        container_id = None
        try:
            if tender is Tender.SEPA and not prepared:
                container_id = await self.debit_setup.container_for(sale, iban, holder, email)
            await self.sync.ensure(sale)
        except BackendUnavailable:
            # Nothing was started: a cash sale goes on offline (a create that may have landed is
            # found by its reference when the sale is booked); what needs the service says why.
            if self._falls_back_offline(sale, tender):
                return await self._pay_offline(sale, tender, given, print_now, offline_confirmed)
            self._refuse_if_offline(sale, tender)
            raise
        stx = sale.smart_transaction_id or ""
        back_to = sale.state
        started_at = self.context.now()
        sale.tender = tender
        sale.cash_given = given if tender is Tender.CASH else None
        sale.move_to(SaleState.STARTING)
        self.journal.step(
            sale.sale_id,
            from_state=back_to.value,
            to_state=SaleState.STARTING.value,
            action=f"start/{tender.start_method}",
            at=started_at,
            details={
                "amount_due": sale.amount_due.cents,
                "return_to": back_to.value,
                "card_before": balances_before(sale),
            },
            tender=tender.value,
            cash_given=None if given is None else given.cents,
        )
        answer: SmartTransaction | None = None
        try:
            if tender is Tender.SEPA:
                status = "approved"
                if not prepared:
                    # With auto-capture a prepare may already capture: its status decides.
                    prepare = await self.client.prepare_debit(stx, container_id or "")
                    status = sale.remote_status = prepare.status
                    if status != "approved":
                        answer = prepare
                if status == "approved":
                    answer = await self.client.start(stx, "debit")  # as the vendor's sample does
            else:
                answer = await self.client.start(stx, tender.start_method)
            ident = answer.card_ident if answer is not None else None
            if ident is not None and ident.merchantcard is not None and ident.merchantcard.csc is not None:
                sale.new_card_csc = ident.merchantcard.csc.get_secret_value()
        except api.AnswerLost:
            log.warning("start of %s (%s): outcome unknown; settling it with secuconnect", stx, sale.sale_id)
        except api.ApiError as error:  # a clear refusal: nothing happened
            self._back(sale, back_to, f"refused: {error.message}")
            raise sale_error_from(error, doing="Starting the payment") from error
        try:
            return await self.settle(sale, back_to, started_at, seen=answer, print_now=print_now)
        except (JournalError, sqlite3.Error, OSError) as error:
            # The start was sent: money may have moved, and the journal could not record it.
            log.error("sale %s: the journal failed after the payment was started: %s", sale.sale_id, error)
            raise OutcomeUnknown(
                "The payment was sent, but the till could not record its outcome (the journal "
                f"cannot be written: {error}). Do not take the payment again; free the disk, then "
                "check the sale (cashier reconcile).",
                sale.sale_id,
            ) from error

    def _falls_back_offline(self, sale: Sale, tender: Tender) -> bool:
        """The service stopped answering before anything was started: a cash sale the card's
        balance does not pay goes on offline (one that it does is refused, as priced)."""
        uses_card = sale.pricing is not None and sale.pricing.missing_sum != sale.pricing.total
        return (
            self.connection.offline
            and offline_refusal(sale, tender) is None
            and sale.state.is_editable
            and not uses_card
        )

    def _refuse_if_offline(self, sale: Sale, tender: Tender) -> None:
        """The request that found the line down: what needs secuconnect is refused with its words."""
        refusal = offline_refusal(sale, tender)
        if self.connection.offline and refusal is not None:
            raise refused_offline(refusal) from None

    async def _pay_offline(
        self, sale: Sale, tender: Tender, given: Money | None, print_now: bool, confirmed: bool
    ) -> PaymentResult:
        receipts = self.offline.complete(sale, tender, given, confirmed=confirmed)
        receipts = await self._signed(sale, receipts)
        return await self._deliver(sale, OFFLINE_TRANSACTION, receipts, print_now=print_now)

    def audit(self, kind: str, sale_id: str, details: dict[str, Any]) -> None:
        """An audit event of a sale (reconciliation's decisions; never a secret)."""
        self.audit_trail.record(kind, self.context.now(), sale_id=sale_id, details=details)

    async def print_receipts(self, result: PaymentResult) -> PaymentResult:
        """Print the receipts a payment with ``print_now=False`` queued; the result as printed."""
        if not result.print_pending:
            return result
        printed, error = await self._print(result.sale, result.print_jobs)
        return replace(result, printed=printed, print_error=error, print_pending=False)

    # --- after start ------------------------------------------------------------------------
    def in_terminal_grace(self, sale: Sale, started_at: datetime) -> bool:
        """A terminal payment started less than :data:`TERMINAL_GRACE` ago: not to be aborted."""
        return sale.tender is Tender.TERMINAL and self.context.now() - started_at < TERMINAL_GRACE

    async def settle(
        self,
        sale: Sale,
        back_to: SaleState,
        started_at: datetime,
        *,
        seen: SmartTransaction | None = None,
        print_now: bool = True,
    ) -> PaymentResult:
        """Settle the started payment on the service's word (also used by reconciliation).

        ``seen`` is the start's answer, if one came. ``started_at`` is when ``start`` was sent:
        within :data:`TERMINAL_GRACE` of it a terminal payment is never aborted.
        """
        finding = await settle_payment(
            self.client,
            sale.smart_transaction_id or "",
            may_abort=not self.in_terminal_grace(sale, started_at),
            seen=seen,
        )
        return await self.conclude(sale, finding, back_to, started_at, print_now=print_now)

    async def conclude(
        self,
        sale: Sale,
        finding: Finding,
        back_to: SaleState,
        started_at: datetime,
        *,
        print_now: bool = True,
        restored: bool = False,
    ) -> PaymentResult:
        """Follow what the service confirmed. ``restored``: a sale read back from the journal
        (reconciliation) — proven not carried out, it is closed as aborted, not reopened."""
        transaction = finding.transaction
        if transaction is not None:
            sale.remote_status = transaction.status
        if finding.verdict is Verdict.PAID and transaction is not None:
            return await self._complete(sale, view_of(transaction), print_now=print_now)
        if finding.verdict is Verdict.PENDING and transaction is not None:
            # Requested, not confirmed: paid-in-progress, never undone; reconciliation reads it
            # until the service says ok or failed.
            return await self._complete(sale, view_of(transaction), print_now=print_now, pending=True)
        if finding.verdict is Verdict.DECLINED and transaction is not None:
            sale.move_to(SaleState.FAILED)
            self.journal.step(
                sale.sale_id,
                from_state=SaleState.STARTING.value,
                to_state=SaleState.FAILED.value,
                action="declined",
                at=self.context.now(),
                transaction_json=view_of(transaction).record,
                last_error="declined",
            )
            raise PaymentDeclined("The payment was declined. Nothing was charged; pay another way or abort.")
        if finding.verdict is Verdict.NOT_PAID:
            self._not_carried_out(sale, finding, close=restored)
            if finding.unknown_to_service:
                raise PaymentNotCarriedOut(
                    "secuconnect has no such payment: nothing was charged there. Take the payment again."
                )
            raise PaymentNotCarriedOut(
                "secuconnect confirmed that the payment was not carried out. Nothing was charged; try again."
            )
        self.journal.update(
            sale.sale_id, at=self.context.now(), last_error=f"outcome unknown: {finding.reason}"
        )
        if self.in_terminal_grace(sale, started_at):
            raise OutcomeUnknown(
                "The terminal may still be working on this payment. Wait for it to finish, then check "
                "the sale again; do not take the payment a second time.",
                sale.sale_id,
            )
        if transaction is None:
            raise OutcomeUnknown(
                "The connection was lost during the payment and secuconnect cannot be reached to check it. "
                "The sale is kept and will be checked before the next one.",
                sale.sale_id,
            )
        raise OutcomeUnknown(
            f"secuconnect has not confirmed the payment yet (it reports {transaction.status}). The sale "
            "is kept and checked again before the next one; do not take the payment a second time.",
            sale.sale_id,
        )

    def _not_carried_out(self, sale: Sale, finding: Finding, *, close: bool) -> None:
        """Proven not carried out: the sale gives up its transaction (rechecked for a while) and
        returns to the counter — or, read back from the journal, is closed as aborted."""
        stx = sale.smart_transaction_id
        at = self.context.now()
        target = SaleState.ABORTED if close else sale.card_state
        reason = (
            "secuconnect has no such payment: nothing was charged there"
            if finding.unknown_to_service
            else f"not carried out: {finding.reason}"
        )
        sale.move_to(target)
        sale.smart_transaction_id = None
        sale.synced_basket = None
        sale.synced_card = None
        sale.remote_status = None
        sale.pricing = None  # it belonged to the given-up transaction
        self.journal.step(
            sale.sale_id,
            from_state=SaleState.STARTING.value,
            to_state=target.value,
            action="not_carried_out",
            at=at,
            details={"reason": reason, "transaction": stx, "environment": self.context.environment},
            smart_transaction_id=None,
            bonus_used=0,
            cash_balance_used=0,
            last_error=reason,
        )
        if stx:
            self.rechecks.add(
                sale.sale_id,
                environment=self.context.environment,
                kind=RecheckKind.RETIRED,
                smart_transaction_id=stx,
                since=at,
                until=at + RECHECK_FOR,
                reason=reason,
            )

    async def _complete(
        self, sale: Sale, transaction: TransactionView, *, print_now: bool, pending: bool = False
    ) -> PaymentResult:
        at = self.context.now()
        due = sale.amount_due
        if sale.tender is Tender.CASH and sale.cash_given is not None:
            sale.change = change_due(due, sale.cash_given)
        if sale.create_card_group:
            sale.new_card_number = transaction.created_card_number
        receipts = self.receipts.for_sale(sale, transaction, at, pending=pending)
        done = SaleState.PENDING if pending else SaleState.COMPLETED
        sale.move_to(done)
        after = transaction.card_after
        self.journal.step(
            sale.sale_id,
            from_state=SaleState.STARTING.value,
            to_state=done.value,
            action="pending" if pending else "completed",
            at=at,
            details={"card_after": None if after is None else after.as_details()},
            transaction_json=transaction.record,
            amount_collected=due.cents if sale.tender is not Tender.CARD else 0,
            change=None if sale.change is None else sale.change.cents,
            card_loaded=sum(line.total.cents for line in sale.basket if line.is_card_load),
            bonus_granted=bonus_granted_by(sale, after),
            new_card_number=sale.new_card_number,
            receipt_number=transaction.receipt_number,
            receipt_json=dumps_receipt(receipts.customer),
            last_error=None,
        )
        receipts = await self._signed(sale, receipts)
        return await self._deliver(sale, transaction, receipts, print_now=print_now)

    def _start_signing(self, sale: Sale) -> None:
        """The sale's TSE transaction starts alongside the payment (docs/fiscal.md)."""
        if self.fiscal is not None:
            self.fiscal.begin(sale.sale_id)

    async def _signed(self, sale: Sale, receipts: SaleReceipts) -> SaleReceipts:
        return await signed_sale(self.fiscal, self.journal, sale.sale_id, receipts, self.context.now())

    async def _deliver(
        self, sale: Sale, transaction: TransactionView, receipts: SaleReceipts, *, print_now: bool
    ) -> PaymentResult:
        """A completed sale's receipts into the print queue, then printed (or left for
        :meth:`print_receipts` when not ``print_now``)."""
        jobs = self._queue(sale, receipts)
        if not print_now and jobs:
            return PaymentResult(sale, transaction, receipts, False, None, jobs, print_pending=True)
        printed, error = await self._print(sale, jobs)
        return PaymentResult(sale, transaction, receipts, printed, error, jobs)

    def _queue(self, sale: Sale, receipts: SaleReceipts) -> tuple[int, ...]:
        """The receipts into the print queue, in the journal right after the sale completed."""
        if self.printer is None:
            return ()
        try:
            return tuple(self.printer.queue_sale(receipts.customer, receipts.merchant, sale_id=sale.sale_id))
        except Exception:  # a bug in printing never undoes a sale
            log.exception("the receipts of %s could not be queued", sale.sale_id)
            return ()

    async def _print(self, sale: Sale, jobs: tuple[int, ...]) -> tuple[bool, str | None]:
        """Print the queued receipts; the sale is complete whatever the printer does."""
        if self.printer is None:
            return False, None
        if not jobs:
            return False, "the receipts could not be queued (see the log)"
        try:
            outcomes = await self.printer.print_queued(jobs, security_code=sale.new_card_csc)
        except Exception as exc:  # a bug in printing never undoes a sale
            log.exception("printing the receipt of %s failed", sale.sale_id)
            return False, str(exc)
        errors = [str(outcome.error) for outcome in outcomes if outcome.error is not None]
        if errors:
            return False, errors[0]
        printed_from = sale.state
        if printed_from is not SaleState.PENDING:  # a pending debit stays pending once printed
            sale.move_to(SaleState.PRINTED)
        self.journal.step(
            sale.sale_id,
            from_state=printed_from.value,
            to_state=sale.state.value,
            action="printed",
            at=self.context.now(),
        )
        return True, None

    # --- checks -------------------------------------------------------------------------------
    def _check(self, sale: Sale, tender: Tender, given: Money | None) -> None:
        if not sale.state.is_open:
            raise InvalidState(f"the sale is {sale.state.value}")
        if sale.basket.is_empty and not (sale.create_card_group and tender is Tender.CASH):
            # A new card without a load is the one sale of nothing: 0,00 € "in cash", no drawer.
            raise InvalidState("the basket is empty")
        if (
            sale.card is None
            and sale.create_card_group is None
            and any(line.is_card_load for line in sale.basket)
        ):
            raise InvalidState("a card load needs the card it loads: scan the card, or remove the load")
        if tender is Tender.CARD and (sale.pricing is None or not sale.pricing.missing_sum.is_zero):
            raise InvalidState("the card does not cover the whole amount; take the rest another way")
        if sale.card is not None and sale.card.pin_guards_collecting and not sale.pin_verified:
            raise PinRequired("The card asks for its PIN first.")
        if tender is Tender.CASH:
            if given is None:
                raise InvalidInput("How much cash was given?")
            try:
                change_due(sale.amount_due, given)
            except InputError as error:
                raise InsufficientCash(error.message) from None

    def _back(self, sale: Sale, state: SaleState, reason: str) -> None:
        sale.move_to(state)
        self.journal.step(
            sale.sale_id,
            from_state=SaleState.STARTING.value,
            to_state=state.value,
            action="not_started",
            at=self.context.now(),
            details={"reason": reason},
            last_error=reason,
        )
