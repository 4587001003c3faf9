"""The journal screen's view-model: today's sales, the search, the chosen sale, and what the
cashier may do with it — reprint a receipt, cancel the sale, reverse a terminal payment, and
for a sale whose payment or cancellation is unsettled: ask secuconnect now, and, when it still
cannot say, set the payment aside so that the till takes new sales (it stays rechecked).

It owns the state and talks to the back office (docs/style.md habit 11); the journal dialog only
binds. Reading the journal is local and quick and happens at once; printing, cancelling and
reversing go through the one TaskRunner, one at a time: while one runs the model is ``busy``
and refuses the next, so a double click cannot cancel twice. A cancellation and a reversal run
as payments (the runner refuses them while a payment runs, and the window waits for them
before it closes). Every outcome is worded for the cashier through the bridge and ``said``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Signal

from cashier.services.back_office_values import (
    CancelOutcome,
    PrintedDocument,
    SaleDetails,
    SaleRow,
    SettleOutcome,
)
from cashier.services.errors import SaleError
from cashier.services.sale import Tender
from cashier.ui.back_office_ports import BackOfficeService
from cashier.ui.journal.journal_words import off_card_lines, onto_card_lines
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import MessageLevel, UserMessage, not_printed, reconciled
from cashier.ui.kit.task_runner import TaskRunner

log = logging.getLogger(__name__)


class Undo(StrEnum):
    CANCEL = "cancel"  # cancel a loyalty, cash or SEPA sale
    REVERSE = "reverse"  # reverse a terminal payment by its receipt number
    SET_ASIDE = "set_aside"  # a payment secuconnect cannot settle: off the till's way


@dataclass(frozen=True, slots=True)
class UndoRequest:
    """What the cashier is asked to confirm before it is done."""

    undo: Undo
    row: SaleRow


class JournalModel(QObject):
    rows_changed = Signal()
    selection_changed = Signal()  # the chosen sale, its details or the chosen document
    busy_changed = Signal(bool)
    confirmation_requested = Signal(object)  # UndoRequest
    said = Signal(object)  # UserMessage: what the last action came to
    cancelled = Signal(object)  # CancelOutcome
    checked = Signal(object)  # SettleOutcome: an unsettled sale checked, or set aside

    def __init__(
        self,
        back_office: BackOfficeService,
        runner: TaskRunner,
        bridge: MessageBridge,
        money: Callable[[], MoneyFormat],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._back_office = back_office
        self._runner = runner
        self._bridge = bridge
        self._money = money
        self._rows: tuple[SaleRow, ...] = ()
        self._search = ""
        self._details: SaleDetails | None = None
        self._document_id: int | None = None
        self._activity = ""  # what runs now, in words; "" when idle
        runner.payment_running_changed.connect(self._payment_running_changed)

    # --- what the view reads --------------------------------------------------------------------
    @property
    def rows(self) -> tuple[SaleRow, ...]:
        return self._rows

    @property
    def search_text(self) -> str:
        return self._search

    @property
    def selected(self) -> SaleRow | None:
        return None if self._details is None else self._details.row

    @property
    def details(self) -> SaleDetails | None:
        return self._details

    @property
    def document(self) -> PrintedDocument | None:
        """The chosen document of the chosen sale (its receipt unless another was chosen)."""
        if self._details is None:
            return None
        return next((d for d in self._details.documents if d.job_id == self._document_id), None)

    @property
    def busy(self) -> bool:
        return bool(self._activity)

    @property
    def activity(self) -> str:
        return self._activity

    @property
    def can_preview(self) -> bool:
        return self.document is not None

    @property
    def can_reprint(self) -> bool:
        return self.document is not None and not self.busy

    @property
    def can_cancel(self) -> bool:
        row = self.selected
        return row is not None and row.cancellable and self._idle

    @property
    def can_reverse(self) -> bool:
        row = self.selected
        return row is not None and row.reversible and self._idle

    @property
    def can_settle(self) -> bool:
        row = self.selected
        return row is not None and row.unsettled and self._idle

    @property
    def _idle(self) -> bool:
        return not self.busy and not self._runner.payment_running

    # --- reading the journal --------------------------------------------------------------------
    def reload(self) -> None:
        """Today's sales (or the search's), the chosen sale kept when it is still listed."""
        try:
            rows = (
                self._back_office.search(self._search) if self._search.strip() else self._back_office.today()
            )
        except SaleError as error:
            self._tell(self._bridge.report(error))
            rows = []
        self._rows = tuple(rows)
        self.rows_changed.emit()
        chosen = self.selected
        keep = chosen is not None and any(row.sale_id == chosen.sale_id for row in self._rows)
        if keep and chosen is not None:
            self.select(chosen.sale_id)
        else:
            self.select(self._rows[0].sale_id if self._rows else None)

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            self.reload()

    def select(self, sale_id: str | None) -> None:
        previous = self._document_id
        self._details = None
        if sale_id is not None:
            try:
                self._details = self._back_office.details(sale_id)
            except SaleError as error:
                self._tell(self._bridge.report(error))
        documents = self._details.documents if self._details is not None else ()
        if not any(d.job_id == previous for d in documents):
            receipts = self._details.receipts if self._details is not None else ()
            self._document_id = receipts[0].job_id if receipts else None
        self.selection_changed.emit()

    def select_document(self, job_id: int) -> None:
        self._document_id = job_id
        self.selection_changed.emit()

    # --- reprint --------------------------------------------------------------------------------
    def reprint(self) -> None:
        document = self.document
        if document is None or not self.can_reprint:
            return
        self._run(
            self.tr("Printing…"), self._back_office.reprint(document.job_id), self._reprinted, "reprint"
        )

    def _reprinted(self, document: PrintedDocument) -> None:
        if document.printed:
            text = self.tr("Copy printed.") if document.copy else self.tr("Printed.")
            self._tell(UserMessage(MessageLevel.INFO, text), bridge=True)
        else:
            self._tell(not_printed(), bridge=True)

    # --- cancel and reverse ---------------------------------------------------------------------
    def request_cancel(self) -> None:
        if self.can_cancel and self.selected is not None:
            self.confirmation_requested.emit(UndoRequest(Undo.CANCEL, self.selected))

    def request_reverse(self) -> None:
        if self.can_reverse and self.selected is not None:
            self.confirmation_requested.emit(UndoRequest(Undo.REVERSE, self.selected))

    def confirm(self, request: UndoRequest) -> None:
        """The cashier confirmed: cancel the sale (or reverse its terminal payment) once, or set
        an unsettled payment aside."""
        if self.busy:
            return
        row = request.row
        if request.undo is Undo.SET_ASIDE:
            try:
                outcome = self._back_office.set_aside(row.sale_id)
            except SaleError as error:
                self._tell(self._bridge.report(error))
            else:
                self._tell(reconciled(outcome.outcome, str(outcome.row.number)), bridge=True)
                self.checked.emit(outcome)
            self.reload()
            return
        if request.undo is Undo.REVERSE and row.receipt_number is not None:
            activity = self.tr("Reversing the terminal payment of sale {number}…").format(number=row.number)
            work = self._back_office.reverse_terminal_payment(row.receipt_number)
        else:
            activity = self.tr("Cancelling sale {number}…").format(number=row.number)
            work = self._back_office.cancel_sale(row.sale_id)
        self._run(activity, work, self._cancelled, "cancel sale", payment=True)

    def _cancelled(self, outcome: CancelOutcome) -> None:
        self._tell(UserMessage(MessageLevel.INFO, self.cancel_words(outcome)), bridge=True)
        if not outcome.printed and outcome.receipt is not None:
            self._bridge.show(not_printed())
        self.cancelled.emit(outcome)

    def cancel_words(self, outcome: CancelOutcome) -> str:
        """What the cashier does now: cash to give back, what went back to which card."""
        money, row = self._money(), outcome.row
        if outcome.reversal:
            parts = [self.tr("Terminal payment of sale {number} reversed.").format(number=row.number)]
        else:
            parts = [self.tr("Sale {number} cancelled.").format(number=row.number)]
        collected = money.amount(outcome.collected)
        if outcome.collected.is_positive:
            if row.tender is Tender.CASH:
                parts.append(self.tr("Give the customer {amount} back in cash.").format(amount=collected))
            elif row.tender is Tender.TERMINAL:
                parts.append(
                    self.tr("{amount} goes back to the customer's bank card.").format(amount=collected)
                )
            elif row.tender is Tender.SEPA:
                parts.append(self.tr("The direct debit of {amount} is cancelled.").format(amount=collected))
        parts += onto_card_lines(outcome.to_card, outcome.bonus_to_card, money, done=True)
        parts += off_card_lines(outcome.bonus_taken, outcome.load_taken, money, done=True)
        if outcome.receipt is not None:
            parts.append(
                self.tr("Cancellation receipt printed.")
                if outcome.printed
                else self.tr("Cancellation receipt NOT printed — it is saved; reprint it later.")
            )
        return " ".join(parts)

    # --- unsettled payments and cancellations -----------------------------------------------------
    def settle(self) -> None:
        """Ask secuconnect now about the chosen unsettled sale; offer to set it aside if it
        still cannot say."""
        row = self.selected
        if row is None or not self.can_settle:
            return
        activity = self.tr("Asking secuconnect about sale {number}…").format(number=row.number)
        self._run(activity, self._back_office.settle(row.sale_id), self._checked, "settle sale")

    def _checked(self, outcome: SettleOutcome) -> None:
        self._tell(reconciled(outcome.outcome, str(outcome.row.number)), bridge=True)
        self.checked.emit(outcome)
        if outcome.blocking:
            self.confirmation_requested.emit(UndoRequest(Undo.SET_ASIDE, outcome.row))

    def _payment_running_changed(self, _running: bool) -> None:
        self.selection_changed.emit()  # cancel and reverse wait while a payment runs

    # --- running work ---------------------------------------------------------------------------
    def _run(
        self,
        activity: str,
        work: Coroutine[Any, Any, Any],
        on_done: Callable[[Any], None],
        name: str,
        *,
        payment: bool = False,
    ) -> None:
        self._set_activity(activity)
        task = self._runner.start(
            work,
            name=name,
            owner=self,
            on_done=on_done,
            on_error=self._failed,
            on_settled=self._settled,
            payment=payment,
        )
        if task is None:  # refused: a payment runs (the runner said so)
            self._set_activity("")

    def _failed(self, error: Exception) -> bool:
        self._tell(self._bridge.report(error))
        return True

    def _settled(self) -> None:
        self._set_activity("")
        self.reload()

    def _set_activity(self, activity: str) -> None:
        was_busy = self.busy
        self._activity = activity
        if was_busy != self.busy:
            self.busy_changed.emit(self.busy)
        self.selection_changed.emit()

    def _tell(self, message: UserMessage, *, bridge: bool = False) -> None:
        if bridge:
            self._bridge.show(message)
        self.said.emit(message)
