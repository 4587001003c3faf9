"""The end-of-day screen's view-model: the Z report of the business day (figures and picture),
printing it, and the card terminal's end of day and diagnosis.

It owns the state and talks to the back office; the dialog only binds (docs/style.md habit 11).
All work goes through the one TaskRunner, one piece at a time (``busy``): the report's picture,
printing, and the terminal calls — these run as payments, so the runner refuses them while a
payment runs and the window waits for them before it closes. The terminal's end of day cannot
be undone (its payments can no longer be reversed afterwards): the view asks first
(``confirmation_requested``). A printer that is offline loses nothing: the report is saved and
the cashier prints it again later.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Signal

from cashier.services.back_office_values import PrintedDocument, ReportPreview, TerminalAnswer
from cashier.ui.back_office_ports import BackOfficeService
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.kit.task_runner import TaskRunner


class TerminalCall(StrEnum):
    END_OF_DAY = "end_of_day"
    DIAGNOSIS = "diagnosis"


class EndOfDayModel(QObject):
    changed = Signal()  # report, busy state or the terminal's answer
    confirmation_requested = Signal()  # before the terminal's end of day
    said = Signal(object)  # UserMessage: what the last action came to

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
        self._preview: ReportPreview | None = None
        self._activity = ""
        self._answer: tuple[TerminalCall, TerminalAnswer] | None = None
        self._last_print: PrintedDocument | None = None
        runner.payment_running_changed.connect(self._payment_running_changed)

    # --- what the view reads --------------------------------------------------------------------
    @property
    def preview(self) -> ReportPreview | None:
        return self._preview

    @property
    def answer(self) -> tuple[TerminalCall, TerminalAnswer] | None:
        """The terminal's last answer, and to what."""
        return self._answer

    @property
    def last_print(self) -> PrintedDocument | None:
        return self._last_print

    @property
    def busy(self) -> bool:
        return bool(self._activity)

    @property
    def activity(self) -> str:
        return self._activity

    @property
    def can_print(self) -> bool:
        return self._preview is not None and not self.busy

    @property
    def can_call_terminal(self) -> bool:
        return not self.busy and not self._runner.payment_running

    # --- commands -------------------------------------------------------------------------------
    def load(self) -> None:
        """The Z report of today, as it stands now (figures and picture)."""
        if self.busy:
            return
        self._run(
            self.tr("Preparing the Z report…"), self._back_office.z_report_preview(), self._loaded, "z report"
        )

    def print_report(self) -> None:
        if self._preview is None or not self.can_print:
            return
        work = self._back_office.print_z_report(self._preview.report)
        self._run(self.tr("Printing the Z report…"), work, self._printed, "print z report")

    def request_terminal_end_of_day(self) -> None:
        if self.can_call_terminal:
            self.confirmation_requested.emit()

    def run_terminal_end_of_day(self) -> None:
        """The cashier confirmed: the terminal's end of day, once."""
        if self.can_call_terminal:
            self._run(
                self.tr("The card terminal closes its day…"),
                self._back_office.terminal_end_of_day(),
                lambda answer: self._answered(TerminalCall.END_OF_DAY, answer),
                "terminal end of day",
                payment=True,
            )

    def run_diagnosis(self) -> None:
        if self.can_call_terminal:
            self._run(
                self.tr("The card terminal checks itself…"),
                self._back_office.terminal_diagnosis(),
                lambda answer: self._answered(TerminalCall.DIAGNOSIS, answer),
                "terminal diagnosis",
                payment=True,
            )

    # --- answers --------------------------------------------------------------------------------
    def _loaded(self, preview: ReportPreview) -> None:
        self._preview = preview
        self.changed.emit()

    def _printed(self, document: PrintedDocument) -> None:
        self._last_print = document
        if document.printed:
            self._tell(UserMessage(MessageLevel.INFO, self.tr("Z report printed.")), bridge=True)
        else:
            self._tell(
                UserMessage(
                    MessageLevel.WARNING,
                    self.tr("Z report not printed — it is saved; print it again later."),
                ),
                bridge=True,
            )

    def _answered(self, call: TerminalCall, answer: TerminalAnswer) -> None:
        self._answer = (call, answer)
        if call is TerminalCall.END_OF_DAY:
            text = (
                self.tr("The card terminal closed its day.")
                if answer.ok
                else self.tr("The card terminal did not close its day (answer: {status}).").format(
                    status=answer.status or "–"
                )
            )
        else:
            text = (
                self.tr("Terminal diagnosis: the terminal works.")
                if answer.ok
                else self.tr("Terminal diagnosis: the terminal reports a problem ({status}).").format(
                    status=answer.status or "–"
                )
            )
        level = MessageLevel.INFO if answer.ok else MessageLevel.WARNING
        self._tell(UserMessage(level, text), bridge=True)
        if call is TerminalCall.END_OF_DAY:
            self.load()  # nothing of the till's figures changes, but the report is dated now

    def _payment_running_changed(self, _running: bool) -> None:
        self.changed.emit()  # the terminal waits while a payment runs

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
        self._activity = activity
        self.changed.emit()
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
            self._settled()

    def _failed(self, error: Exception) -> bool:
        self._tell(self._bridge.report(error))
        return True

    def _settled(self) -> None:
        self._activity = ""
        self.changed.emit()

    def _tell(self, message: UserMessage, *, bridge: bool = False) -> None:
        if bridge:
            self._bridge.show(message)
        self.said.emit(message)
        self.changed.emit()
