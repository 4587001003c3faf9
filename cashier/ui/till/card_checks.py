"""The card's security checks before it pays: CSC, then the PIN when the card's policy wants it.

A part of the till's view-model (:class:`cashier.ui.till.till_model.TillModel` owns one). A step
that needs the checks (apply the card, a payment the PIN guards) calls :meth:`CardChecks.run`
with what to do afterwards; the CSC and PIN dialogs bind to ``csc_requested`` and
``pin_requested`` and answer with :meth:`submit_csc` / :meth:`submit_pin` (or
:meth:`cancel`); ``finished`` closes them, then the stored step runs. At most three wrong
CSCs per sale (the services count them); a wrong code keeps the dialog open with the tries
left. After the last wrong try the card is blocked for code entry in this sale: asking again
says so and opens no dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from cashier.domain.errors import InputError
from cashier.domain.security_codes import parse_csc, parse_pin
from cashier.services.errors import SecurityCodeLockout, WrongPin, WrongSecurityCode
from cashier.services.sale import Sale
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.ports import Sales

Step = Callable[[], None]


class CardChecks(QObject):
    csc_requested = Signal(int, str)  # tries left, what was wrong ("" on the first ask)
    pin_requested = Signal(str)  # what was wrong ("" on the first ask)
    finished = Signal()

    def __init__(
        self,
        sales: Sales,
        runner: TaskRunner,
        bridge: MessageBridge,
        *,
        on_checked: Callable[[object], None],
        on_failure: Callable[[Exception], bool],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._sales = sales
        self._runner = runner
        self._bridge = bridge
        self._on_checked = on_checked
        self._on_failure = on_failure
        self._sale: Sale | None = None
        self._then: Step | None = None
        self._force_pin = False

    @property
    def pending(self) -> bool:
        return self._then is not None

    def tries_left(self, sale: Sale | None) -> int:
        failures = sale.csc_failures if sale is not None else 0
        return max(self._sales.max_csc_tries - failures, 0)

    def run(self, sale: Sale, then: Step) -> None:
        """Ask for what is missing of CSC and PIN, then run ``then``."""
        self._sale, self._then = sale, then
        self._next()

    def ask_pin(self, sale: Sale, then: Step) -> None:
        """The services asked for the PIN (``PinRequired``): ask it again, then run ``then``."""
        self._sale, self._then, self._force_pin = sale, then, True
        self._next()

    def submit_csc(self, text: str) -> None:
        sale = self._sale
        if sale is None:
            return
        try:
            parse_csc(text)
        except InputError as error:
            self.csc_requested.emit(self.tries_left(sale), self._bridge.report(error).text)
            return
        self._runner.start(
            self._sales.check_csc(sale, text),
            name="check CSC",
            owner=self,
            on_done=self._checked,
            on_error=self._csc_failed,
        )

    def submit_pin(self, text: str) -> None:
        sale = self._sale
        if sale is None:
            return
        try:
            parse_pin(text)
        except InputError as error:
            self.pin_requested.emit(self._bridge.report(error).text)
            return
        self._runner.start(
            self._sales.check_pin(sale, text),
            name="check PIN",
            owner=self,
            on_done=self._pin_checked,
            on_error=self._pin_failed,
        )

    def cancel(self) -> None:
        """The cashier closed the dialog: forget the step that was to follow."""
        self._sale, self._then, self._force_pin = None, None, False

    def _next(self) -> None:
        sale = self._sale
        card = sale.card if sale is not None else None
        if sale is None or card is None:
            self.cancel()
            self.finished.emit()
            return
        if not sale.csc_verified and self.tries_left(sale) == 0:
            self.cancel()
            self.finished.emit()
            self._bridge.report(SecurityCodeLockout("No security code tries left in this sale."))
            return
        if not sale.csc_verified:
            self.csc_requested.emit(self.tries_left(sale), "")
            return
        policy = card.pin_guards_payment or card.pin_guards_collecting
        if self._force_pin or (policy and not sale.pin_verified):
            self.pin_requested.emit("")
            return
        then = self._then
        self.cancel()
        self.finished.emit()
        if then is not None:
            then()

    def _checked(self, result: object) -> None:
        self._on_checked(result)
        self._next()

    def _pin_checked(self, result: object) -> None:
        self._force_pin = False
        self._checked(result)

    def _csc_failed(self, error: Exception) -> bool:
        if isinstance(error, WrongSecurityCode):
            self.csc_requested.emit(error.tries_left, self._bridge.report(error).text)
            return True
        return self._failed(error)

    def _pin_failed(self, error: Exception) -> bool:
        if isinstance(error, WrongPin):
            self.pin_requested.emit(self._bridge.report(error).text)
            return True
        return self._failed(error)

    def _failed(self, error: Exception) -> bool:
        self.cancel()
        self.finished.emit()
        return self._on_failure(error)
