"""After the sale: cancelling a former sale, reversing a terminal payment, the end of the day.

* :meth:`AfterSaleService.cancel_sale` — a completed loyalty, cash or SEPA sale: ``cancel``;
  a terminal payment goes through :meth:`reverse_terminal_payment` (``cancelTrx`` by its
  receipt number, only before the terminal's end of day). Both are sent once; a lost answer
  is settled by reading the transaction, like a payment. The cancellation is journalled (a
  step, and an audit event) and its receipt printed.
* :meth:`z_report` — the till's own end-of-day figures for a business day, from the journal;
  :meth:`terminal_end_of_day` and :meth:`terminal_diagnosis` ask the card terminal.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from cashier.api import errors as api
from cashier.api.client import SecuconnectClient
from cashier.domain.money import Money
from cashier.domain.receipt import Receipt, ShopHeader, TenderKind
from cashier.domain.receipt_codec import loads_receipt
from cashier.domain.reports import Tally, TenderTotal, ZReport
from cashier.journal.audit import AuditTrail
from cashier.journal.sales import SaleJournal, SaleRecord
from cashier.services.clock import TillContext
from cashier.services.errors import BackendUnavailable, CancellationRefused, InvalidInput
from cashier.services.printing import PrintService
from cashier.services.receipt_factory import cancellation_receipt
from cashier.services.sale import SaleState
from cashier.services.translate import translate

log = logging.getLogger(__name__)

_DONE = (SaleState.COMPLETED.value, SaleState.PRINTED.value)
_TENDER_KINDS = {"cash": TenderKind.CASH, "terminal": TenderKind.TERMINAL, "sepa": TenderKind.SEPA}


@dataclass(frozen=True, slots=True)
class Cancelled:
    record: SaleRecord
    transaction: dict[str, Any]
    receipt: Receipt | None = None
    printed: bool = False
    print_error: str | None = None


class AfterSaleService:
    def __init__(
        self,
        client: SecuconnectClient,
        journal: SaleJournal,
        audit: AuditTrail,
        till: TillContext,
        header: ShopHeader,
        *,
        printer: PrintService | None = None,
    ) -> None:
        self.client = client
        self.journal = journal
        self.audit = audit
        self.till = till
        self.header = header
        self.printer = printer

    # --- cancellations --------------------------------------------------------------------------
    async def cancel_sale(self, sale_id: str) -> Cancelled:
        record = self._completed(sale_id)
        if record.tender == "terminal":
            if record.receipt_number is None:
                raise CancellationRefused("This terminal payment has no receipt number to reverse.")
            return await self.reverse_terminal_payment(record.receipt_number)
        stx = record.smart_transaction_id or ""
        self._intend(record, "cancel")
        try:
            answer = await self.client.cancel(stx)
        except api.OutcomeUnknown:
            answer = await self._read(stx, record)
        except api.ApiError as error:
            raise translate(error, doing="Cancelling the sale") from error
        return await self._cancelled(record, answer.model_dump(mode="json", by_alias=True))

    async def reverse_terminal_payment(self, receipt_number: int) -> Cancelled:
        matches = [r for r in self.journal.search(str(receipt_number)) if r.receipt_number == receipt_number]
        if not matches:
            raise InvalidInput(
                f"No terminal payment with receipt number {receipt_number} in this till's journal."
            )
        record = self._completed(matches[0].sale_id)
        self._intend(record, "cancelTrx")
        try:
            answer = await self.client.cancel_terminal_payment(
                receipt_number, smart_transaction_id=record.smart_transaction_id
            )
        except api.OutcomeUnknown:
            answer = await self._read(record.smart_transaction_id or "", record)
        except api.ApiError as error:
            raise translate(error, doing="Reversing the terminal payment") from error
        return await self._cancelled(record, answer.model_dump(mode="json", by_alias=True))

    def _completed(self, sale_id: str) -> SaleRecord:
        record = self.journal.find(sale_id)
        if record is None:
            raise InvalidInput(f"No sale {sale_id} in this till's journal.")
        if record.state == SaleState.CANCELLED.value:
            raise CancellationRefused(f"Sale {sale_id} is already cancelled.")
        if record.state not in _DONE or record.smart_transaction_id is None:
            raise CancellationRefused(
                f"Sale {sale_id} was not completed ({record.state}); nothing to cancel."
            )
        return record

    def _intend(self, record: SaleRecord, action: str) -> None:
        self.journal.step(
            record.sale_id,
            from_state=record.state,
            to_state=record.state,
            action=action,
            at=self.till.now(),
            details={"intent": "cancel"},
        )

    async def _read(self, stx: str, record: SaleRecord) -> Any:
        try:
            answer = await self.client.get_transaction(stx)
        except api.ApiError as error:
            raise BackendUnavailable(
                f"The connection was lost while sale {record.sale_id} was cancelled, and it cannot be "
                "checked now; look it up again before cancelling once more."
            ) from error
        if not answer.is_cancelled:
            raise CancellationRefused(
                f"Sale {record.sale_id} was not cancelled (connection lost); try again."
            )
        return answer

    async def _cancelled(self, record: SaleRecord, transaction: dict[str, Any]) -> Cancelled:
        at = self.till.now()
        self.journal.step(
            record.sale_id,
            from_state=record.state,
            to_state=SaleState.CANCELLED.value,
            action="cancelled",
            at=at,
            transaction_json=json.dumps(transaction, ensure_ascii=False),
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
        printed, error = False, None
        if receipt is not None and self.printer is not None:
            outcome = await self.printer.print_receipt(receipt, sale_id=record.sale_id)
            printed, error = outcome.printed, None if outcome.error is None else str(outcome.error)
        return Cancelled(self.journal.get(record.sale_id), transaction, receipt, printed, error)

    # --- end of day ------------------------------------------------------------------------------
    def z_report(self, business_day: str | None = None) -> ZReport:
        day = business_day or self.till.business_day()
        records = self.journal.of_day(day, self.till.till_id)
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
            till_id=self.till.till_id,
            created_at=self.till.now(),
            environment=self.till.environment,  # type: ignore[arg-type]
            sales=_tally(done, lambda r: r.total - r.bonus_used),
            tenders=tuple(tenders),
            card_loads=_tally(loads, lambda r: r.card_loaded),
            bonus_granted=Money(sum(max(r.bonus_granted, 0) for r in done)),
            bonus_spent=Money(sum(r.bonus_used for r in done)),
            cancellations=_tally(cancelled, lambda r: r.total - r.bonus_used),
        )

    async def terminal_end_of_day(self) -> dict[str, Any]:
        try:
            answer = await self.client.end_of_day()
        except api.ApiError as error:
            raise translate(error, doing="The terminal's end of day") from error
        self.audit.record("terminal_end_of_day", self.till.now(), details={"transaction": answer.id})
        return dict(answer.model_dump(mode="json", by_alias=True))

    async def terminal_diagnosis(self) -> dict[str, Any]:
        try:
            answer = await self.client.diagnosis()
        except api.ApiError as error:
            raise translate(error, doing="The terminal diagnosis") from error
        return dict(answer.model_dump(mode="json", by_alias=True))


def _tally(records: list[SaleRecord], amount: Any) -> Tally:
    return Tally(len(records), Money(sum(amount(r) for r in records))) if records else Tally()


def _total(kind: TenderKind, records: list[SaleRecord], amount: Any) -> TenderTotal:
    return TenderTotal(kind, _tally(records, amount))
