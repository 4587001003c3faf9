"""After the sale: cancelling a former sale, reversing a terminal payment, the end of the day.

* :meth:`AfterSaleService.cancel_sale` — a completed loyalty, cash or SEPA sale: ``cancel``;
  a terminal payment goes through :meth:`reverse_terminal_payment` (``cancelTrx`` by its
  receipt number, only before the terminal's end of day). A cancellation moves money like a
  payment, so it is written ahead like one: the sale becomes ``cancelling`` before the request
  is sent. Its answer (or, when the answer is lost, the transaction read back as
  ``cancelled``) makes it ``cancelled``: journalled, audited, its STORNO receipt printed. A
  lost answer with the transaction still ``ok`` proves nothing (the cancel may still be queued
  on the server): the sale stays ``cancelling`` and reconciliation reads it again — and sends
  the ``cancel`` again, which is safe because the service refuses to cancel a transaction
  twice. A refusal is read back too: "already cancelled" (an earlier attempt that landed late)
  is a success. A refusal while an earlier attempt was in doubt returns the sale to
  ``completed`` with a recheck, so a late cancellation is still found.
* :meth:`z_report` — the till's own end-of-day figures for a business day, from the journal,
  with the sales made offline: still to book, booked late, booked without their card (why);
  :meth:`close_day` makes a printed Z report the day's Kassenabschluss (its number, once);
  :meth:`terminal_end_of_day` and :meth:`terminal_diagnosis` ask the card terminal.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from cashier.api import errors as api
from cashier.api.client import SecuconnectClient
from cashier.api.transactions import SmartTransaction
from cashier.domain.money import Money
from cashier.domain.receipt import Receipt, ShopHeader, TenderKind
from cashier.domain.receipt_codec import loads_receipt
from cashier.domain.reports import (
    OfflineBooking,
    OfflineSale,
    OpenKind,
    OpenSale,
    Tally,
    TenderTotal,
    ZReport,
)
from cashier.journal.audit import AuditTrail
from cashier.journal.closings import ClosingJournal
from cashier.journal.database import JournalError
from cashier.journal.rechecks import RecheckKind, Rechecks
from cashier.journal.sales import Booking, SaleJournal, SaleRecord
from cashier.services import outcome
from cashier.services.clock import TillContext
from cashier.services.error_map import sale_error_from
from cashier.services.errors import CancellationRefused, CancellationUnknown, InvalidInput, OutcomeUnknown
from cashier.services.fiscal.day import tse_day
from cashier.services.fiscal.recorder import FiscalRecorder
from cashier.services.fiscal.signing import signed_cancellation
from cashier.services.offline import OfflineRefusal, refused_offline
from cashier.services.outcome import Verdict
from cashier.services.payment import RECHECK_FOR
from cashier.services.printing import PrintService
from cashier.services.receipt_factory import cancellation_receipt
from cashier.services.sale import SaleState
from cashier.services.transaction_answers import view_of
from cashier.services.transaction_view import TransactionView

log = logging.getLogger(__name__)

_DONE = (
    SaleState.COMPLETED.value,
    SaleState.PRINTED.value,
    SaleState.CANCELLING.value,
    SaleState.PENDING.value,
)
"""Sales the Z report counts: a cancellation not yet confirmed has given nothing back, and a
direct debit the service has not confirmed yet is a sale (shown apart as "in Bearbeitung")."""
_CANCELLABLE = (SaleState.COMPLETED.value, SaleState.PRINTED.value, SaleState.CANCELLING.value)
_CLOSED = (*_DONE, SaleState.CANCELLED.value, SaleState.ABORTED.value, SaleState.FAILED.value)
"""Sales a Kassenabschluss accounts for: settled ones, given up ones (Belegabbruch) included."""
_TENDER_KINDS = {"cash": TenderKind.CASH, "terminal": TenderKind.TERMINAL, "sepa": TenderKind.SEPA}


@dataclass(frozen=True, slots=True)
class Cancelled:
    record: SaleRecord
    transaction: TransactionView
    receipt: Receipt | None = None
    printed: bool = False
    print_error: str | None = None


class AfterSaleService:
    def __init__(
        self,
        client: SecuconnectClient,
        journal: SaleJournal,
        audit: AuditTrail,
        context: TillContext,
        header: ShopHeader,
        *,
        printer: PrintService | None = None,
        fiscal: FiscalRecorder | None = None,
    ) -> None:
        self.client = client
        self.journal = journal
        self.audit = audit
        self.context = context
        self.header = header
        self.printer = printer
        self.fiscal = fiscal

    # --- cancellations --------------------------------------------------------------------------
    async def cancel_sale(self, sale_id: str) -> Cancelled:
        record = self._cancellable(sale_id)
        if record.tender == "terminal":
            if record.receipt_number is None:
                raise CancellationRefused("This terminal payment has no receipt number to reverse.")
            return await self.reverse_terminal_payment(record.receipt_number)
        stx = record.smart_transaction_id or ""
        return await self._cancel(record, "cancel", lambda: self.client.cancel(stx))

    async def reverse_terminal_payment(self, receipt_number: int) -> Cancelled:
        matches = [r for r in self.journal.search(str(receipt_number)) if r.receipt_number == receipt_number]
        if not matches:
            raise InvalidInput(
                f"No terminal payment with receipt number {receipt_number} in this till's journal."
            )
        record = self._cancellable(matches[0].sale_id)
        return await self._cancel(
            record,
            "cancelTrx",
            lambda: self.client.cancel_terminal_payment(
                receipt_number, smart_transaction_id=record.smart_transaction_id
            ),
        )

    async def settle_cancellation(self, sale_id: str, *, send_again: bool) -> Cancelled | None:
        """Reconcile a ``cancelling`` sale: read it; ``cancelled`` finishes the cancellation;
        still ``ok`` sends the cancel again when ``send_again`` (never for a terminal reversal,
        which needs the terminal). ``None``: still not confirmed. Raises CancellationRefused
        when the service refuses (the sale is back to completed)."""
        record = self.journal.get(sale_id)
        stx = record.smart_transaction_id or ""
        finding = await outcome.read(self.client, stx)
        if finding.transaction is not None and finding.transaction.is_cancelled:
            return await self._cancelled(record, finding.transaction)
        if finding.transaction is None and finding.verdict is Verdict.NOT_PAID:
            self._refused(record, "secuconnect has no such transaction", in_doubt=False)
            raise CancellationRefused(
                f"secuconnect has no transaction for sale {sale_id}; nothing to cancel."
            )
        if finding.transaction is None or finding.transaction.status != "ok" or not send_again:
            return None
        if record.tender == "terminal":
            return None
        try:
            return await self._cancel(record, "cancel", lambda: self.client.cancel(stx))
        except OutcomeUnknown:
            return None

    def _cancellable(self, sale_id: str) -> SaleRecord:
        record = self.journal.find(sale_id)
        if record is None:
            raise InvalidInput(f"No sale {sale_id} in this till's journal.")
        if record.state == SaleState.CANCELLED.value:
            raise CancellationRefused(f"Sale {sale_id} is already cancelled.")
        if self.client.http.reachability.offline:
            raise refused_offline(OfflineRefusal.CANCEL)
        if record.booking in Booking.OPEN:
            raise CancellationRefused(
                f"Sale {sale_id} was made offline and is not booked with secuconnect yet: book it "
                "first (cashier sync), then cancel it."
            )
        if record.state not in _CANCELLABLE or record.smart_transaction_id is None:
            raise CancellationRefused(
                f"Sale {sale_id} was not completed ({record.state}); nothing to cancel."
            )
        return record

    async def _cancel(
        self, record: SaleRecord, action: str, send: Callable[[], Awaitable[SmartTransaction]]
    ) -> Cancelled:
        """Send one cancellation, written ahead; settle its outcome on the service's word."""
        in_doubt = record.state == SaleState.CANCELLING.value
        record = self._intend(record, action)
        stx = record.smart_transaction_id or ""
        try:
            answer = await send()
        except api.AnswerLost:
            log.warning("%s of %s (%s): answer lost; reading it back", action, stx, record.sale_id)
            finding = await outcome.read(self.client, stx)
            if finding.transaction is not None and finding.transaction.is_cancelled:
                return await self._cancelled(record, finding.transaction)
            self.journal.update(
                record.sale_id, at=self.context.now(), last_error=f"cancellation unclear: {finding.reason}"
            )
            raise CancellationUnknown(
                f"The answer to the cancellation of sale {record.sale_id} was lost and secuconnect has not "
                "confirmed it yet. Give no money back before the cancellation receipt prints; the till "
                "checks it again, and trying again is safe (a sale is never cancelled twice).",
                record.sale_id,
            ) from None
        except api.ApiError as error:
            finding = await outcome.read(self.client, stx)
            if finding.transaction is not None and finding.transaction.is_cancelled:
                log.info("sale %s: %s refused, but it is cancelled already", record.sale_id, action)
                return await self._cancelled(record, finding.transaction)
            self._refused(record, error.message, in_doubt=in_doubt)
            raise sale_error_from(error, doing="Cancelling the sale") from error
        if not answer.is_cancelled:
            # Answered, but not "cancelled" (a terminal that refused the reversal answers 200 too).
            self._refused(record, f"secuconnect answered {answer.status}", in_doubt=in_doubt)
            raise CancellationRefused(
                f"Sale {record.sale_id} was not cancelled: secuconnect reports it {answer.status}. "
                "The sale stands; nothing was given back."
            )
        return await self._cancelled(record, answer)

    def _intend(self, record: SaleRecord, action: str) -> SaleRecord:
        """``cancelling``, durably, before the request; returns the record as it is now."""
        return_to = self._return_to(record)
        self.journal.step(
            record.sale_id,
            from_state=record.state,
            to_state=SaleState.CANCELLING.value,
            action=action,
            at=self.context.now(),
            details={"intent": "cancel", "return_to": return_to},
        )
        return self.journal.get(record.sale_id)

    def _return_to(self, record: SaleRecord) -> str:
        """Where a refused cancellation leaves the sale: the state before the first attempt."""
        if record.state != SaleState.CANCELLING.value:
            return record.state
        for step in reversed(self.journal.steps(record.sale_id)):
            if step.to_state == SaleState.CANCELLING.value and step.from_state != SaleState.CANCELLING.value:
                return str(step.details.get("return_to", step.from_state))
        return SaleState.COMPLETED.value

    def _refused(self, record: SaleRecord, reason: str, *, in_doubt: bool = True) -> None:
        """The service refused: back to completed. If an earlier attempt was in doubt, it could
        still land: the sale is rechecked for a while."""
        back = self._return_to(self.journal.get(record.sale_id))
        at = self.context.now()
        self.journal.step(
            record.sale_id,
            from_state=SaleState.CANCELLING.value,
            to_state=back,
            action="cancel_refused",
            at=at,
            details={"reason": reason},
            last_error=f"cancellation refused: {reason}",
        )
        if in_doubt:
            Rechecks(self.journal.db).add(
                record.sale_id,
                environment=record.environment,
                kind=RecheckKind.CANCEL,
                smart_transaction_id=record.smart_transaction_id,
                since=at,
                until=at + RECHECK_FOR,
                reason=f"a cancellation was in doubt, then refused: {reason}",
            )

    async def finish_late_cancellation(self, sale_id: str, answer: SmartTransaction) -> Cancelled:
        """A cancellation the service booked after the till had given up on it."""
        return await self._cancelled(self.journal.get(sale_id), answer)

    async def _cancelled(self, record: SaleRecord, answer: SmartTransaction) -> Cancelled:
        at = self.context.now()
        transaction = view_of(answer)
        try:
            return await self._record_cancelled(record, transaction, at)
        except JournalError as error:
            # The service cancelled; the sale stays "cancelling" and reconciliation finishes it.
            log.error("sale %s: cancelled, but the journal cannot record it: %s", record.sale_id, error)
            raise CancellationUnknown(
                f"Sale {record.sale_id} was cancelled, but the till could not record it ({error}). "
                "Give no money back yet; free the disk, then check the sale (cashier reconcile).",
                record.sale_id,
            ) from error

    async def _record_cancelled(self, record: SaleRecord, transaction: TransactionView, at: Any) -> Cancelled:
        self.journal.step(
            record.sale_id,
            from_state=record.state,
            to_state=SaleState.CANCELLED.value,
            action="cancelled",
            at=at,
            transaction_json=transaction.record,
            last_error=None,
        )
        self.audit.record(
            "sale_cancelled",
            at,
            sale_id=record.sale_id,
            details={"amount": record.total - record.bonus_used, "tender": record.tender},
        )
        receipt = None
        if record.receipt_json:
            original = loads_receipt(record.receipt_json)
            receipt = cancellation_receipt(original, transaction, at, terminal=record.tender == "terminal")
            receipt = await signed_cancellation(self.fiscal, record.sale_id, original, receipt)
        printed, error = False, None
        if receipt is not None and self.printer is not None:
            outcome_ = await self.printer.print_receipt(receipt, sale_id=record.sale_id)
            printed, error = outcome_.printed, None if outcome_.error is None else str(outcome_.error)
        return Cancelled(self.journal.get(record.sale_id), transaction, receipt, printed, error)

    # --- end of day ------------------------------------------------------------------------------
    def close_day(self, report: ZReport) -> ZReport:
        """Printing ``report`` makes its business day a Kassenabschluss (docs/dsfinvk.md): the
        report with the closing's number — a new one, or the one a first print made. A day
        without a sale to account for is no closing (the report stays unnumbered)."""
        day = report.business_day.isoformat()
        closings = ClosingJournal(self.journal.db)
        closing = closings.of_day(self.context.till_id, day)
        if closing is None:
            covered = [
                r.sale_id for r in self.journal.of_day(day, self.context.till_id) if r.state in _CLOSED
            ]
            if not covered:
                return report
            closing = closings.close(
                till_id=self.context.till_id, business_day=day, at=self.context.now(), sale_ids=covered
            )
            self.audit.record("day_closed", self.context.now(), details={"z_nr": closing.z_nr, "day": day})
        return replace(report, closing_number=closing.z_nr)

    def z_report(self, business_day: str | None = None) -> ZReport:
        day = business_day or self.context.business_day()
        records = self.journal.of_day(day, self.context.till_id)
        closing = ClosingJournal(self.journal.db).of_day(self.context.till_id, day)
        done = [r for r in records if r.state in _DONE]
        cancelled = [r for r in records if r.state == SaleState.CANCELLED.value]
        tenders: list[TenderTotal] = []
        balance = [r for r in done if r.cash_balance_used]
        if balance:
            tenders.append(_total(TenderKind.CARD_CASH_BALANCE, balance, lambda r: r.cash_balance_used))
        for name, kind in _TENDER_KINDS.items():
            paid = [r for r in done if r.tender == name and r.amount_collected]
            if paid:
                tenders.append(_total(kind, paid, lambda r: r.amount_collected))
        loads = [r for r in done if r.card_loaded]
        return ZReport(
            header=self.header,
            business_day=date.fromisoformat(day),
            till_id=self.context.till_id,
            created_at=self.context.now(),
            environment=self.context.environment,  # type: ignore[arg-type]
            sales=_tally(done, lambda r: r.total - r.bonus_used),
            tenders=tuple(tenders),
            card_loads=_tally(loads, lambda r: r.card_loaded),
            bonus_granted=Money(sum(max(r.bonus_granted, 0) for r in done)),
            bonus_spent=Money(sum(r.bonus_used for r in done)),
            cancellations=_tally(cancelled, lambda r: r.total - r.bonus_used),
            pending=_tally(
                [r for r in done if r.state == SaleState.PENDING.value], lambda r: r.amount_collected
            ),
            open_sales=self._open_sales(records),
            offline_sales=self._offline_sales(records),
            closing_number=None if closing is None else closing.z_nr,
            **tse_day(self.journal.db, done, day),
        )

    def _open_sales(self, records: list[SaleRecord]) -> tuple[OpenSale, ...]:
        """The day's sales whose payment or cancellation is unconfirmed, after those of other
        days that are still open (the cashier must see them all)."""
        unsettled = (SaleState.STARTING.value, SaleState.CANCELLING.value)
        mine = {r.sale_id for r in records}
        earlier = [
            r
            for r in self.journal.in_states(unsettled)
            if r.till_id == self.context.till_id and r.sale_id not in mine
        ]
        return tuple(
            OpenSale(
                number=r.sale_number,
                business_day=date.fromisoformat(r.business_day),
                at=datetime.fromisoformat(r.created_at),
                amount=Money(max(r.total - r.bonus_used, 0)),
                what=OpenKind.PAYMENT if r.state == SaleState.STARTING.value else OpenKind.CANCELLATION,
            )
            for r in sorted(earlier, key=lambda r: r.created_at)
            + [r for r in records if r.state in unsettled]
        )

    def _offline_sales(self, records: list[SaleRecord]) -> tuple[OfflineSale, ...]:
        """Other days' sales still to book (oldest first), then the day's sales made offline."""
        mine = {r.sale_id for r in records}
        earlier = [
            r for r in self.journal.to_book() if r.till_id == self.context.till_id and r.sale_id not in mine
        ]
        return tuple(_offline_sale(r) for r in [*earlier, *(r for r in records if r.booking is not None)])

    async def terminal_end_of_day(self) -> TransactionView:
        try:
            answer = await self.client.end_of_day()
        except api.ApiError as error:
            raise sale_error_from(error, doing="The terminal's end of day") from error
        self.audit.record("terminal_end_of_day", self.context.now(), details={"transaction": answer.id})
        return view_of(answer)

    async def terminal_diagnosis(self) -> TransactionView:
        try:
            answer = await self.client.diagnosis()
        except api.ApiError as error:
            raise sale_error_from(error, doing="The terminal diagnosis") from error
        return view_of(answer)


def _offline_sale(record: SaleRecord) -> OfflineSale:
    booked = record.booking in Booking.DONE
    booking = OfflineBooking(str(record.booking)) if booked else OfflineBooking.TO_BOOK
    return OfflineSale(
        number=record.sale_number,
        business_day=date.fromisoformat(record.business_day),
        at=datetime.fromisoformat(record.created_at),
        amount=Money(max(record.total - record.bonus_used, 0)),
        booking=booking,
        booked_at=datetime.fromisoformat(record.booked_at or record.updated_at) if booked else None,
        reason=record.last_error if booking is OfflineBooking.BOOKED_WITHOUT_CARD else None,
    )


def _tally(records: list[SaleRecord], amount: Any) -> Tally:
    return Tally(len(records), Money(sum(amount(r) for r in records))) if records else Tally()


def _total(kind: TenderKind, records: list[SaleRecord], amount: Any) -> TenderTotal:
    return TenderTotal(kind, _tally(records, amount))
