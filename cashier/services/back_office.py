"""The back office: everything after the sale, in one facade for the journal and end-of-day screens.

:class:`BackOffice` wraps what exists — the journal (:class:`SaleJournal`), the cancellations
and the end of the day (:class:`AfterSaleService`), the print queue (:class:`PrintService`) —
and answers in the plain values of :mod:`cashier.services.back_office_values`, so the UI
never sees a journal record, a print job or a smart transaction. Failures are the services'
outcomes (:mod:`cashier.services.errors`) that the UI words; a printer failure is never raised
(the document stays in the queue, ``printed`` False with the reason).

Reading the journal (:meth:`today`, :meth:`search`, :meth:`details`) is a local SQLite query
of a few ms and stays synchronous; everything that goes over the network, to the printer or
draws a picture is a coroutine (rendering runs on a worker thread).
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from cashier.domain.money import Money
from cashier.domain.receipt import (
    NameValueLine,
    ReceiptKind,
    SeparatorLine,
    ServerLine,
    SpaceLine,
    TextLine,
)
from cashier.domain.receipt_codec import loads_receipt
from cashier.domain.reports import ZReport
from cashier.journal.print_jobs import PrintJob, PrintJobKind, PrintJobStatus, UnknownPrintJob
from cashier.journal.sales import SaleJournal, SaleRecord
from cashier.printing.preview import PreviewFonts, render_preview
from cashier.printing.report_layout import render_z_report
from cashier.services.after_sale import AfterSaleService, Cancelled
from cashier.services.back_office_values import (
    CancelOutcome,
    DocumentKind,
    ItemLine,
    PrintedDocument,
    ReportPreview,
    SaleDetails,
    SaleMoney,
    SaleRow,
    SettleOutcome,
    StepLine,
    TerminalAnswer,
)
from cashier.services.clock import TillContext
from cashier.services.errors import InvalidInput, InvalidState
from cashier.services.printing import PrintOutcome, PrintService
from cashier.services.reconcile import Reconciled, Reconciler
from cashier.services.sale import SaleKind, SaleState, Tender
from cashier.services.sale_problems import problem_of
from cashier.services.transaction_view import TransactionView

log = logging.getLogger(__name__)

SEARCH_LIMIT = 50
_DONE = frozenset({SaleState.COMPLETED, SaleState.PRINTED, SaleState.CANCELLING})
_UNSETTLED_STATES = (SaleState.STARTING.value, SaleState.CANCELLING.value)
_CANCELLING = frozenset({ReceiptKind.CANCELLATION, ReceiptKind.REVERSAL})
_PAID_STATES = frozenset(state.value for state in (*_DONE, SaleState.PENDING, SaleState.CANCELLED))


class BackOffice:
    def __init__(
        self,
        journal: SaleJournal,
        after_sale: AfterSaleService,
        printer: PrintService,
        context: TillContext,
        *,
        fonts: PreviewFonts,
        reconciler: Reconciler | None = None,
    ) -> None:
        self.journal = journal
        self.after_sale = after_sale
        self.printer = printer
        self.context = context
        self.fonts = fonts
        self.reconciler = reconciler

    # --- the journal --------------------------------------------------------------------------
    def today(self) -> list[SaleRow]:
        """This till's sales of the business day, newest first — after any sale of another day
        whose payment or cancellation is still unsettled (the cashier must always see those)."""
        day = self.context.business_day()
        records = self.journal.of_day(day, self.context.till_id)
        unsettled = [
            record
            for record in self.journal.in_states(_UNSETTLED_STATES)
            if record.business_day != day and record.till_id == self.context.till_id
        ]
        return [sale_row(record) for record in reversed(unsettled)] + [
            sale_row(record) for record in reversed(records)
        ]

    # --- sales whose outcome is unknown ----------------------------------------------------------
    async def settle(self, sale_id: str) -> SettleOutcome:
        """Ask secuconnect now what became of one unsettled sale."""
        result = await self._reconciler().settle(sale_id)
        return self._settled(sale_id, result)

    def set_aside(self, sale_id: str) -> SettleOutcome:
        """The cashier takes a payment of unknown outcome off the till's way (still rechecked)."""
        return self._settled(sale_id, self._reconciler().set_aside(sale_id))

    def _settled(self, sale_id: str, result: Reconciled) -> SettleOutcome:
        row = sale_row(self._record(sale_id))
        return SettleOutcome(row, result.outcome, result.detail, result.blocking)

    def _reconciler(self) -> Reconciler:
        if self.reconciler is None:
            raise InvalidState("this till cannot check payments (no reconciliation)")
        return self.reconciler

    def search(self, text: str) -> list[SaleRow]:
        """This till's sales (any day) by card number or its last digits, sale number, terminal
        receipt number, sale id or smart transaction id; newest first. Spaces in a typed card
        number are ignored."""
        needle = text.strip()
        if needle.replace(" ", "").isdigit():
            needle = needle.replace(" ", "")
        records = self.journal.search(needle, limit=SEARCH_LIMIT)
        return [sale_row(record) for record in records if record.till_id == self.context.till_id]

    def details(self, sale_id: str) -> SaleDetails:
        record = self._record(sale_id)
        return SaleDetails(
            row=sale_row(record),
            items=_items(record.basket),
            sum=Money(record.total),
            bonus_used=Money(record.bonus_used),
            cash_balance_used=Money(record.cash_balance_used),
            collected=Money(record.amount_collected),
            cash_given=None if record.cash_given is None else Money(record.cash_given),
            change=None if record.change is None else Money(record.change),
            card_loaded=Money(record.card_loaded),
            bonus_granted=Money(record.bonus_granted),
            new_card_masked=_masked(record.new_card_number),
            last_error=record.last_error,
            steps=tuple(
                StepLine(datetime.fromisoformat(step.at), step.from_state, step.to_state, step.action)
                for step in self.journal.steps(sale_id)
            ),
            documents=tuple(printed_document(job) for job in self.printer.jobs_of_sale(sale_id)),
        )

    # --- receipts -----------------------------------------------------------------------------
    async def preview(self, job_id: int) -> bytes:
        """A stored document as the printer prints it, as a PNG (drawn on a worker thread)."""
        self._job(job_id)
        return await asyncio.to_thread(self._preview_png, job_id)

    async def reprint(self, job_id: int) -> PrintedDocument:
        """Print a document again: a copy marked KOPIE when it printed before, else (the printer
        was offline) the document itself, unmarked. Never raises for printer trouble."""
        job = self._job(job_id)
        if job.status is PrintJobStatus.PRINTED:
            outcome = await self.printer.reprint(job_id=job_id)
        else:
            outcome = await self.printer.retry(job_id)
        return _printed(outcome)

    # --- cancellations ------------------------------------------------------------------------
    async def cancel_sale(self, sale_id: str) -> CancelOutcome:
        """Cancel a completed sale (a terminal payment is reversed by its receipt number);
        the STORNO receipt is stored and printed. Refusals: :class:`CancellationRefused`."""
        return self._outcome(await self.after_sale.cancel_sale(sale_id))

    async def reverse_terminal_payment(self, receipt_number: int) -> CancelOutcome:
        return self._outcome(await self.after_sale.reverse_terminal_payment(receipt_number))

    # --- the end of the day -------------------------------------------------------------------
    def z_report(self, business_day: str | None = None) -> ZReport:
        return self.after_sale.z_report(business_day)

    async def z_report_preview(self, business_day: str | None = None) -> ReportPreview:
        """The day's Z report, and its picture from the bytes the printer would get."""
        report = self.z_report(business_day)
        png = await asyncio.to_thread(self._report_png, report)
        return ReportPreview(report, png)

    async def print_z_report(self, report: ZReport) -> PrintedDocument:
        """Print the Z report as the day's Kassenabschluss (numbered before it prints)."""
        return _printed(await self.printer.print_z_report(self.after_sale.close_day(report)))

    async def terminal_end_of_day(self) -> TerminalAnswer:
        return terminal_answer(await self.after_sale.terminal_end_of_day())

    async def terminal_diagnosis(self) -> TerminalAnswer:
        return terminal_answer(await self.after_sale.terminal_diagnosis())

    # --- helpers ------------------------------------------------------------------------------
    def _record(self, sale_id: str) -> SaleRecord:
        record = self.journal.find(sale_id)
        if record is None:
            raise InvalidInput(f"No sale {sale_id} in this till's journal.")
        return record

    def _job(self, job_id: int) -> PrintJob:
        try:
            return self.printer.jobs.get(job_id)
        except UnknownPrintJob:
            raise InvalidInput(f"There is no stored document {job_id}.") from None

    def _outcome(self, cancelled: Cancelled) -> CancelOutcome:
        record = cancelled.record
        receipt = None
        if cancelled.receipt is not None and self.after_sale.printer is not None:
            stornos = [
                job
                for job in self.printer.jobs_of_sale(record.sale_id)
                if printed_document(job).kind is DocumentKind.CANCELLATION and not job.is_reprint
            ]
            receipt = printed_document(stornos[-1]) if stornos else None
        row = sale_row(record)
        money = row.money
        return CancelOutcome(
            row=row,
            given_back=money.collected + money.card_balance + money.bonus,
            collected=money.collected,
            to_card=money.card_balance,
            reversal=record.tender == Tender.TERMINAL.value,
            receipt=receipt,
            bonus_to_card=money.bonus,
            bonus_taken=money.bonus_granted,
            load_taken=money.card_loaded,
        )

    def _preview_png(self, job_id: int) -> bytes:
        return _png(self.printer.preview(job_id, self.fonts))

    def _report_png(self, report: ZReport) -> bytes:
        profile = self.printer.profile
        image = render_preview(render_z_report(report, profile), dots=profile.dots, fonts=self.fonts)
        return _png(image)


# --- records to values ------------------------------------------------------------------------
def sale_row(record: SaleRecord) -> SaleRow:
    state = SaleState(record.state)
    tender = Tender(record.tender) if record.tender else None
    done = state in _DONE and record.smart_transaction_id is not None
    return SaleRow(
        sale_id=record.sale_id,
        number=record.sale_number,
        business_day=record.business_day,
        created_at=datetime.fromisoformat(record.created_at),
        kind=SaleKind(record.kind),
        tender=tender,
        total=Money(record.total - record.bonus_used),
        state=state,
        card_masked=_masked(record.card_number),
        receipt_number=record.receipt_number,
        smart_transaction_id=record.smart_transaction_id,
        cancelled=state is SaleState.CANCELLED,
        cancellable=done and tender is not Tender.TERMINAL,
        reversible=done and tender is Tender.TERMINAL and record.receipt_number is not None,
        unsettled=record.state in _UNSETTLED_STATES,
        money=sale_money(record),
        problem=problem_of(state, record.last_error),
    )


def sale_money(record: SaleRecord) -> SaleMoney:
    """Who paid what, from the journal's own record of the sale. Before the payment is done
    (unclear, declined, aborted) the tender's part is what was due of it."""
    collected = record.amount_collected
    if record.state not in _PAID_STATES and record.tender not in (None, "", Tender.CARD.value):
        collected = max(record.total - record.cash_balance_used - record.bonus_used, 0)
    return SaleMoney(
        sum=Money(record.total),
        tender=Tender(record.tender) if record.tender else None,
        collected=Money(collected),
        card_balance=Money(record.cash_balance_used),
        bonus=Money(record.bonus_used),
        bonus_granted=Money(max(record.bonus_granted, 0)),
        card_loaded=Money(record.card_loaded),
    )


def printed_document(job: PrintJob) -> PrintedDocument:
    return PrintedDocument(
        job_id=job.id,
        kind=_document_kind(job),
        copy=job.is_reprint,
        printed=job.status is PrintJobStatus.PRINTED,
        created_at=job.created_at,
        problem=job.last_error if job.status is PrintJobStatus.FAILED else None,
    )


def _document_kind(job: PrintJob) -> DocumentKind:
    if job.kind is PrintJobKind.Z_REPORT:
        return DocumentKind.Z_REPORT
    if job.kind is PrintJobKind.MERCHANT:
        return DocumentKind.MERCHANT_COPY
    if job.kind is PrintJobKind.CUSTOMER:
        try:
            kind = loads_receipt(job.document).kind
        except ValueError:  # a damaged document still shows as a receipt
            log.warning("print job %d holds a receipt that cannot be read", job.id)
            return DocumentKind.RECEIPT
        return DocumentKind.CANCELLATION if kind in _CANCELLING else DocumentKind.RECEIPT
    return DocumentKind.OTHER


def _printed(outcome: PrintOutcome) -> PrintedDocument:
    document = printed_document(outcome.job)
    if outcome.error is not None and document.problem is None:
        return PrintedDocument(
            document.job_id, document.kind, document.copy, False, document.created_at, str(outcome.error)
        )
    return document


def _items(basket_json: str) -> tuple[ItemLine, ...]:
    try:
        lines = json.loads(basket_json or "[]")
        return tuple(
            ItemLine(
                str(line["description"]), int(line["quantity"]), Money(line["unit_price"] * line["quantity"])
            )
            for line in lines
        )
    except (ValueError, KeyError, TypeError):
        log.warning("a sale's basket in the journal cannot be read")
        return ()


def terminal_answer(answer: TransactionView) -> TerminalAnswer:
    return TerminalAnswer(
        ok=answer.status == "ok",
        status=answer.status,
        lines=receipt_text(answer.receipt),
        transaction_id=answer.id or None,
    )


def receipt_text(lines: Iterable[ServerLine]) -> tuple[str, ...]:
    """The terminal's receipt lines as plain text for the screen."""
    text: list[str] = []
    for line in lines:
        if isinstance(line, SeparatorLine):
            text.append(f"— {line.caption} —" if line.caption else "—" * 8)
        elif isinstance(line, NameValueLine):
            text.append(f"{line.name.strip()} {line.value.strip()}".strip())
        elif isinstance(line, TextLine):
            text.append(line.text)
        elif isinstance(line, SpaceLine):
            text.append("")
    return tuple(text)


def _masked(digits: str | None) -> str | None:
    """All but the last four digits hidden, as on receipts (the journal keeps the full number)."""
    if not digits:
        return None
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
