"""Sales whose outcome the till does not know yet: found in the journal, settled by secuconnect.

Reconciliation runs at start-up, whenever the cashier asks (``cashier reconcile``), and in
the background while anything is open. It never starts a payment; it reads, and settles on
the service's word only (:mod:`cashier.services.outcome`):

* **payments** left ``starting`` (the answer was lost, the process died): ``ok`` → completed
  (receipt stored and printed, the service's figures journalled); ``failed`` → declined; an
  unstarted transaction is aborted and read back — confirmed ``aborted``, or unknown to the
  service (404), → not carried out, and the sale is closed with that reason; anything else
  stays **still unknown** and blocks new sales of this environment (never another's).
* **cancellations** left ``cancelling``: ``cancelled`` → the cancellation is finished (STORNO
  receipt, Z report); still ``ok`` → the ``cancel`` is sent again (safe: the service never
  cancels twice; a terminal reversal is left to the cashier, it needs the terminal).
* **rechecks** (:mod:`cashier.journal.rechecks`): a transaction a sale gave up that turns out
  ``ok`` completes the sale after all (a late commit); a late ``cancelled`` finishes a
  cancellation; an orphan transaction with the sale's reference is aborted.

Sales of another environment are listed (:meth:`Reconciler.open_items`) but not read: that
service cannot be asked from here. :meth:`Reconciler.set_aside` lets the cashier unblock the
till from such a sale, or one the service cannot settle; it stays rechecked for a while.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from cashier.api import errors as api
from cashier.api.client import SecuconnectClient
from cashier.journal.rechecks import Recheck, RecheckKind, Rechecks
from cashier.journal.sales import SaleJournal, SaleRecord
from cashier.services import outcome
from cashier.services.after_sale import AfterSaleService
from cashier.services.clock import TillContext
from cashier.services.errors import CancellationRefused, InvalidInput, InvalidState, OutcomeUnknown, SaleError
from cashier.services.open_sales import OpenPayment, Outcome
from cashier.services.outcome import Finding, Verdict
from cashier.services.payment import TERMINAL_GRACE, PaymentService
from cashier.services.sale import Sale, SaleState
from cashier.services.sale_records import open_payment, restore_sale, start_of
from cashier.services.transaction_answers import view_of

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reconciled:
    sale_id: str
    outcome: Outcome
    detail: str = ""
    sale_number: int = 0
    """The sale's number of its business day, as the receipt and the journal show it."""

    @property
    def blocking(self) -> bool:
        return self.outcome.blocks_sales


@dataclass(frozen=True, slots=True)
class OpenItem:
    """One thing reconciliation still has open, as ``cashier reconcile --list`` shows it."""

    sale_id: str
    sale_number: int
    business_day: str
    environment: str
    what: str  # payment, cancellation, recheck
    state: str
    smart_transaction_id: str | None
    since: str
    blocking: bool
    last_error: str | None


class Reconciler:
    def __init__(
        self,
        client: SecuconnectClient,
        journal: SaleJournal,
        context: TillContext,
        payments: PaymentService,
        after_sale: AfterSaleService | None = None,
    ) -> None:
        self.client = client
        self.journal = journal
        self.context = context
        self.payments = payments
        self.after_sale = after_sale
        self.rechecks = Rechecks(self.journal.db)
        self._lock = asyncio.Lock()  # the till's background round and the cashier's "check now"

    # --- what is open -------------------------------------------------------------------------
    def pending(self) -> list[SaleRecord]:
        """Payments of this environment whose outcome is unknown (they block new sales)."""
        return [r for r in self.journal.in_states([SaleState.STARTING.value]) if self._here(r)]

    def open_payments(self) -> list[OpenPayment]:
        """:meth:`pending` as the till screen names them: number, amount, time, grace."""
        return [self.payment_of(r.sale_id) for r in self.pending()]

    def payment_of(self, sale_id: str) -> OpenPayment:
        """A sale's (last) payment as the till screen names it — also once it is settled, to
        take it again when it was not carried out."""
        return open_payment(self.journal, self.journal.get(sale_id), terminal_grace=TERMINAL_GRACE)

    def open_items(self) -> list[OpenItem]:
        """Everything still open, of every environment."""
        items = []
        for record in self.journal.in_states([SaleState.STARTING.value, SaleState.CANCELLING.value]):
            paying = record.state == SaleState.STARTING.value
            items.append(
                OpenItem(
                    sale_id=record.sale_id,
                    sale_number=record.sale_number,
                    business_day=record.business_day,
                    environment=record.environment,
                    what="payment" if paying else "cancellation",
                    state=record.state,
                    smart_transaction_id=record.smart_transaction_id,
                    since=record.updated_at,
                    blocking=paying and self._here(record),
                    last_error=record.last_error,
                )
            )
        for recheck in self.rechecks.open():
            record = self.journal.get(recheck.sale_id)
            items.append(
                OpenItem(
                    sale_id=record.sale_id,
                    sale_number=record.sale_number,
                    business_day=record.business_day,
                    environment=recheck.environment,
                    what=f"recheck ({recheck.kind.value})",
                    state=record.state,
                    smart_transaction_id=recheck.smart_transaction_id,
                    since=recheck.since,
                    blocking=False,
                    last_error=recheck.reason,
                )
            )
        return items

    # --- settling -------------------------------------------------------------------------------
    async def reconcile(self) -> list[Reconciled]:
        """One round over everything open in this environment; what each came to."""
        async with self._lock:
            return self._numbered(await self._round())

    async def _round(self) -> list[Reconciled]:
        results = [await self._payment(record) for record in self.pending()]
        cancelling = [r for r in self.journal.in_states([SaleState.CANCELLING.value]) if self._here(r)]
        results += [await self._cancellation(record) for record in cancelling]
        for record in self.journal.in_states([SaleState.PENDING.value]):
            if self._here(record):
                confirmed = await self._pending(record)
                if confirmed is not None:
                    results.append(confirmed)
        for recheck in self.rechecks.open(self.context.environment):
            found = await self._recheck(recheck)
            if found is not None:
                results.append(found)
        return results

    async def settle(self, sale_id: str) -> Reconciled:
        """Reconcile one sale now (``cashier reconcile --settle``, the journal's "check")."""
        async with self._lock:
            return self._numbered([await self._settle(sale_id)])[0]

    async def _settle(self, sale_id: str) -> Reconciled:
        record = self.journal.find(sale_id)
        if record is None:
            raise InvalidInput(f"No sale {sale_id} in this till's journal.")
        if not self._here(record):
            raise InvalidState(
                f"Sale {sale_id} belongs to the {record.environment} environment; this till is on "
                f"{self.context.environment}. Check it there, or set it aside."
            )
        if record.state == SaleState.STARTING.value:
            return await self._payment(record)
        if record.state == SaleState.CANCELLING.value:
            return await self._cancellation(record)
        raise InvalidState(f"Sale {sale_id} is {record.state}: nothing to settle.")

    def set_aside(self, sale_id: str, *, reason: str = "set aside by the cashier") -> Reconciled:
        """Unblock the till from a payment whose outcome cannot be settled here: the sale is
        closed as aborted — not "not charged" — and its transaction rechecked for a while, so a
        payment that did happen still completes it when the service can be read."""
        record = self.journal.find(sale_id)
        if record is None:
            raise InvalidInput(f"No sale {sale_id} in this till's journal.")
        if record.state != SaleState.STARTING.value:
            raise InvalidState(
                f"Sale {sale_id} is {record.state}; only a payment of unknown outcome is set aside."
            )
        at = self.context.now()
        self.journal.step(
            sale_id,
            from_state=SaleState.STARTING.value,
            to_state=SaleState.ABORTED.value,
            action="set_aside",
            at=at,
            details={"reason": reason, "transaction": record.smart_transaction_id},
            last_error=f"{reason}; outcome unknown",  # its transaction stays shown and searchable
        )
        self.payments.audit(
            "sale_set_aside", sale_id, {"reason": reason, "transaction": record.smart_transaction_id}
        )
        if record.smart_transaction_id:
            self.rechecks.add(
                sale_id,
                environment=record.environment,
                kind=RecheckKind.RETIRED,
                smart_transaction_id=record.smart_transaction_id,
                since=at,
                until=at + timedelta(days=30),
                reason=reason,
            )
        return Reconciled(sale_id, Outcome.SET_ASIDE, reason, record.sale_number)

    # --- payments -------------------------------------------------------------------------------
    async def _payment(self, record: SaleRecord) -> Reconciled:
        if record.smart_transaction_id is None:  # never reached the server
            self.journal.step(
                record.sale_id,
                from_state=SaleState.STARTING.value,
                to_state=SaleState.ABORTED.value,
                action="not_carried_out",
                at=self.context.now(),
                details={"reason": "no smart transaction was created"},
                last_error="no smart transaction was created",
            )
            return Reconciled(record.sale_id, Outcome.NOT_CARRIED_OUT, "no smart transaction was created")
        back_to, started_at, details = start_of(self.journal, record)
        sale = restore_sale(record)
        sale.restored_balances = details.get("card_before")
        may_abort = not self.payments.in_terminal_grace(sale, started_at)
        finding = await outcome.settle_payment(self.client, record.smart_transaction_id, may_abort=may_abort)
        if finding.transaction is not None:
            sale = restore_sale(record, view_of(finding.transaction))
            sale.restored_balances = details.get("card_before")
        return await self._conclude(record, sale, finding, back_to, started_at)

    async def _conclude(
        self, record: SaleRecord, sale: Sale, finding: Finding, back_to: SaleState, started_at: datetime
    ) -> Reconciled:
        try:
            await self.payments.conclude(sale, finding, back_to, started_at, restored=True)
        except OutcomeUnknown as unknown:
            log.warning("sale %s: outcome still unknown: %s", record.sale_id, finding.reason)
            return Reconciled(record.sale_id, Outcome.STILL_UNKNOWN, unknown.message)
        except SaleError as settled:
            kind = Outcome.DECLINED if sale.state is SaleState.FAILED else Outcome.NOT_CARRIED_OUT
            return Reconciled(record.sale_id, kind, settled.message)
        return Reconciled(record.sale_id, Outcome.COMPLETED)

    # --- direct debits in progress ---------------------------------------------------------------
    async def _pending(self, record: SaleRecord) -> Reconciled | None:
        """Read a pending debit; ``ok`` (or received, collection) confirms the sale, ``failed``
        marks it failed after the fact; still pending: nothing to say."""
        finding = await outcome.read(self.client, record.smart_transaction_id or "")
        transaction = finding.transaction
        if transaction is None or finding.verdict not in (Verdict.PAID, Verdict.DECLINED):
            return None
        at = self.context.now()
        as_json = view_of(transaction).record
        if finding.verdict is Verdict.PAID:
            printed = any(step.action == "printed" for step in self.journal.steps(record.sale_id))
            target = SaleState.PRINTED if printed else SaleState.COMPLETED
            self.journal.step(
                record.sale_id,
                from_state=SaleState.PENDING.value,
                to_state=target.value,
                action="confirmed",
                at=at,
                details={"status": transaction.status},
                transaction_json=as_json,
                last_error=None,
            )
            return Reconciled(record.sale_id, Outcome.CONFIRMED, f"secuconnect reports {transaction.status}")
        reason = "the direct debit failed after the sale: the money did not come"
        self.journal.step(
            record.sale_id,
            from_state=SaleState.PENDING.value,
            to_state=SaleState.FAILED.value,
            action="debit_failed",
            at=at,
            details={"status": transaction.status},
            transaction_json=as_json,
            last_error=reason,
        )
        self.payments.audit("debit_failed", record.sale_id, {"amount": record.amount_collected})
        log.error("sale %s: %s", record.sale_id, reason)
        return Reconciled(record.sale_id, Outcome.DEBIT_FAILED, reason)

    # --- cancellations --------------------------------------------------------------------------
    async def _cancellation(self, record: SaleRecord) -> Reconciled:
        if self.after_sale is None:
            return Reconciled(record.sale_id, Outcome.CANCEL_UNKNOWN, "no cancellation service")
        try:
            done = await self.after_sale.settle_cancellation(record.sale_id, send_again=True)
        except CancellationRefused as refused:
            return Reconciled(record.sale_id, Outcome.CANCEL_REFUSED, refused.message)
        except SaleError as other:
            return Reconciled(record.sale_id, Outcome.CANCEL_UNKNOWN, other.message)
        if done is None:
            return Reconciled(record.sale_id, Outcome.CANCEL_UNKNOWN, "not confirmed yet")
        return Reconciled(record.sale_id, Outcome.CANCELLED)

    # --- rechecks -------------------------------------------------------------------------------
    async def _recheck(self, recheck: Recheck) -> Reconciled | None:
        at = self.context.now()
        if datetime.fromisoformat(recheck.until) < at:
            self.rechecks.close(recheck.id, at, "expired")
            return None
        if recheck.kind is RecheckKind.ORPHANS:
            return await self._orphans(recheck)
        finding = await outcome.read(self.client, recheck.smart_transaction_id or "")
        self.rechecks.checked(recheck.id, at)
        if finding.transaction is None:
            if finding.verdict is Verdict.NOT_PAID:
                self.rechecks.close(recheck.id, at, "unknown to the service")
            return None
        status = finding.transaction.status
        record = self.journal.get(recheck.sale_id)
        if recheck.kind is RecheckKind.CANCEL:
            if finding.transaction.is_cancelled and self.after_sale is not None:
                self.rechecks.close(recheck.id, at, "cancelled late")
                if record.state in (SaleState.COMPLETED.value, SaleState.PRINTED.value):
                    await self.after_sale.finish_late_cancellation(record.sale_id, finding.transaction)
                    return Reconciled(record.sale_id, Outcome.CANCELLED, "a cancellation landed late")
            return None
        if status == "ok":
            self.rechecks.close(recheck.id, at, "booked late")
            return await self._late_commit(record, finding)
        if status in outcome.RULED_OUT:
            # Final: nothing can book it any more (aborted, cancelled).
            self.rechecks.close(recheck.id, at, status)
        return None

    async def _late_commit(self, record: SaleRecord, finding: Finding) -> Reconciled:
        """A transaction the sale had given up was booked after all."""
        assert finding.transaction is not None
        stx = finding.transaction.id
        if record.state in (SaleState.COMPLETED.value, SaleState.PRINTED.value, SaleState.CANCELLED.value):
            # The sale was paid another way meanwhile: charged twice. Say so loudly; the cashier
            # cancels one of them (the journal has both transaction ids).
            log.error(
                "sale %s: transaction %s was booked late; the sale was paid already", record.sale_id, stx
            )
            self.payments.audit("double_charge", record.sale_id, {"transaction": stx})
            return Reconciled(
                record.sale_id,
                Outcome.DOUBLE_CHARGE,
                f"transaction {stx} was booked late although the sale had been paid: cancel one of them",
            )
        self.journal.step(
            record.sale_id,
            from_state=record.state,
            to_state=SaleState.STARTING.value,
            action="late_commit",
            at=self.context.now(),
            details={"transaction": stx},
            smart_transaction_id=stx,
        )
        back_to, started_at, details = start_of(self.journal, self.journal.get(record.sale_id))
        sale = restore_sale(self.journal.get(record.sale_id), view_of(finding.transaction))
        sale.restored_balances = details.get("card_before")
        return await self._conclude(record, sale, finding, back_to, started_at)

    async def _orphans(self, recheck: Recheck) -> Reconciled | None:
        at = self.context.now()
        record = self.journal.get(recheck.sale_id)
        try:
            found = await self.client.find_transactions(transaction_ref=recheck.sale_id)
        except api.ApiError:
            return None
        self.rechecks.checked(recheck.id, at)
        aborted = 0
        for transaction in found:
            if transaction.id == record.smart_transaction_id or transaction.status not in outcome.UNSTARTED:
                continue
            try:
                await self.client.abort(transaction.id)
            except api.ApiError as error:
                log.warning("orphan %s of sale %s: abort failed: %s", transaction.id, record.sale_id, error)
                return None
            aborted += 1
        if record.state not in (SaleState.STARTING.value,) and not SaleState(record.state).is_open:
            self.rechecks.close(recheck.id, at, f"{aborted} orphan(s) aborted")
        if aborted:
            return Reconciled(
                record.sale_id, Outcome.ORPHAN_ABORTED, f"{aborted} unused transaction(s) aborted"
            )
        return None

    def _here(self, record: SaleRecord) -> bool:
        return record.environment == self.context.environment

    def _numbered(self, results: list[Reconciled]) -> list[Reconciled]:
        return [replace(r, sale_number=self.journal.get(r.sale_id).sale_number) for r in results]
