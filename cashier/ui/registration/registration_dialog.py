"""The device registration wizard: the user code, where to enter it, and how long it is valid.

Registering a till in testing, live or on a custom server is the OAuth device flow: the till
gets a user code, the merchant enters it at the verification URL (SecuOffice), and the till
polls until it is confirmed. :class:`RegistrationDialog` starts that flow through the
:class:`~cashier.ui.registration_ports.DeviceRegistrar` as one task of the TaskRunner, shows
the code large and the URL selectable, counts down to the code's expiry every second
(:class:`~cashier.ui.kit.countdown.Countdown`, on an injectable clock), and says in words what went wrong. Cancel (Esc)
works at any moment and cancels the waiting task; "Start again" (Enter) asks for a new code.
On success the registrar has saved the environment, and ``registered`` tells the app to
restart the till on it. Opened with ``open()``, never ``exec()``.
"""

from __future__ import annotations

import asyncio
import math
from enum import StrEnum
from typing import Final

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cashier.ui.kit.countdown import Clock, Countdown, remaining_text, utc_now
from cashier.ui.kit.messages import device_not_configured
from cashier.ui.kit.style import TOUCH, touch_button
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.registration_ports import (
    DeviceRegistrar,
    RegistrationCode,
    RegistrationFailed,
    RegistrationProblem,
)
from cashier.ui.settings_ports import EnvironmentChoice

WIDTH: Final = 600
CODE_STYLE: Final = (
    "font-size: 34pt; font-weight: bold; letter-spacing: 4px; padding: 6px 16px;"
    " background: #fff8e1; border: 2px solid #f9a825; border-radius: 4px;"
)
URL_STYLE: Final = "font-size: 16pt; font-weight: bold; color: #0d47a1;"
PROBLEM_STYLE: Final = "font-size: 13pt; font-weight: bold; color: #b71c1c;"


class Stage(StrEnum):
    CONNECTING = "connecting"
    CODE = "code"
    FAILED = "failed"
    EXPIRED = "expired"
    DONE = "done"


class RegistrationDialog(QDialog):
    registered = Signal(object)  # EnvironmentChoice, saved: restart the till on it

    def __init__(
        self,
        registrar: DeviceRegistrar,
        runner: TaskRunner,
        *,
        clock: Clock = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._registrar = registrar
        self._runner = runner
        self.countdown = Countdown(clock, self)
        self.countdown.ticked.connect(self._show_left)
        self.countdown.expired.connect(self._expired)
        self.stage = Stage.CONNECTING
        self.choice: EnvironmentChoice | None = None
        self.code: RegistrationCode | None = None
        self.failure: RegistrationFailed | None = None
        self._task: asyncio.Task[None] | None = None
        self._lay_out()
        self.retranslate()

    # --- layout -----------------------------------------------------------------------------------
    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never squeezed
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.heading.setMinimumWidth(WIDTH)
        layout.addWidget(self.heading)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages, 1)

        self.connecting = QLabel(self)
        self.connecting.setWordWrap(True)
        self.pages.addWidget(self._page(self.connecting, _busy_bar(self)))

        self.open_step = QLabel(self)
        self.url = _selectable(QLabel(self))
        self.url.setStyleSheet(URL_STYLE)
        self.url.setWordWrap(True)  # a long custom server address wraps instead of widening the dialog
        self.enter_step = QLabel(self)
        self.user_code = _selectable(QLabel(self))
        self.user_code.setStyleSheet(CODE_STYLE)
        self.user_code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.left = QLabel(self)
        self.left.setStyleSheet("font-size: 13pt;")
        self.time_bar = QProgressBar(self)
        self.time_bar.setTextVisible(False)
        self.time_bar.setMaximumHeight(10)
        self.waiting = QLabel(self)
        self.waiting.setWordWrap(True)
        self.waiting.setObjectName("caption")
        self.pages.addWidget(
            self._page(
                self.open_step,
                self.url,
                self.enter_step,
                self.user_code,
                self.left,
                self.time_bar,
                self.waiting,
            )
        )

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem_hint = QLabel(self)
        self.problem_hint.setWordWrap(True)
        self.pages.addWidget(self._page(self.problem, self.problem_hint))

        self.done_text = QLabel(self)
        self.done_text.setWordWrap(True)
        self.done_text.setStyleSheet("font-size: 14pt; font-weight: bold; color: #2e7d32;")
        self.pages.addWidget(self._page(self.done_text))

        buttons = QHBoxLayout()
        self.again = touch_button(parent=self)
        self.again.clicked.connect(self.start_again)
        self.cancel = touch_button(parent=self)
        self.cancel.clicked.connect(self.reject)
        for button in (self.again, self.cancel):
            button.setMinimumSize(3 * TOUCH, TOUCH)
            buttons.addWidget(button)
        self.cancel.setAutoDefault(False)  # Enter never cancels by accident; Esc does
        layout.addLayout(buttons)

    def _page(self, *widgets: QWidget) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 8, 0, 8)
        for widget in widgets:
            column.addWidget(widget)
        column.addStretch(1)
        return page

    # --- the flow -------------------------------------------------------------------------------
    def start(self, choice: EnvironmentChoice) -> None:
        """Register the till in ``choice``'s environment: the dialog opens and asks for a code."""
        self.choice = choice
        self._begin()
        if not self.isVisible():
            self.open()

    def start_again(self) -> None:
        if self.choice is not None and self.stage in (Stage.FAILED, Stage.EXPIRED):
            self._begin()

    def _begin(self) -> None:
        assert self.choice is not None
        self.code, self.failure = None, None
        self._show(Stage.CONNECTING)
        self._task = self._runner.start(
            self._register(self.choice, self._task),
            name="device registration",
            owner=self,
            on_done=self._confirmed,
            on_error=self._failed,
        )

    async def _register(self, choice: EnvironmentChoice, previous: asyncio.Task[None] | None) -> None:
        """A new registration, once the one before it has let go (it puts the old secret back)."""
        if previous is not None and not previous.done():
            previous.cancel()
            await asyncio.wait({previous})
        await self._registrar.register(choice, self._code_known)

    def _code_known(self, code: RegistrationCode) -> None:
        self.code = code
        self._show(Stage.CODE)
        total = max(1, math.ceil((code.expires_at - self.countdown.clock()).total_seconds()))
        self.time_bar.setRange(0, total)
        self.countdown.start(code.expires_at)

    def _show_left(self, seconds: int) -> None:
        self.time_bar.setValue(seconds)
        self.left.setText(
            self.tr("The code is valid for {time} (minutes:seconds).").format(time=remaining_text(seconds))
        )

    def _expired(self) -> None:
        """The code ran out before the server said so: stop waiting for it."""
        self._runner.cancel_owned(self)
        self._show(Stage.EXPIRED)

    def _confirmed(self, _: None) -> None:
        self.countdown.stop()
        self._show(Stage.DONE)
        assert self.choice is not None
        self.registered.emit(self.choice)
        self.accept()

    def _failed(self, error: Exception) -> bool:
        self.countdown.stop()
        if isinstance(error, RegistrationFailed):
            self.failure = error
            self._show(Stage.EXPIRED if error.problem is RegistrationProblem.EXPIRED else Stage.FAILED)
            return True
        self.failure = None
        self._show(Stage.FAILED)
        return False  # a bug: the bridge words it (with a support reference) and logs it

    def reject(self) -> None:
        """Cancel, at any moment: the waiting task ends, nothing is saved."""
        self.countdown.stop()
        self._runner.cancel_owned(self)
        super().reject()

    # --- showing a stage --------------------------------------------------------------------------
    def _show(self, stage: Stage) -> None:
        self.stage = stage
        if stage not in (Stage.CODE,):
            self.countdown.stop()
        self.pages.setCurrentIndex(
            {Stage.CONNECTING: 0, Stage.CODE: 1, Stage.FAILED: 2, Stage.EXPIRED: 2, Stage.DONE: 3}[stage]
        )
        can_again = stage in (Stage.FAILED, Stage.EXPIRED)
        self.again.setVisible(can_again)
        self.again.setDefault(can_again)
        self.cancel.setEnabled(stage is not Stage.DONE)
        self.retranslate()
        (self.again if can_again else self.cancel).setFocus()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Register the till"))
        where = self._environment_name()
        if self.choice is not None and self.choice.environment == "simulator":
            self.heading.setText(self.tr("Back to the demo simulator"))
            self.connecting.setText(self.tr("Saving — the till then restarts on the demo simulator…"))
        else:
            self.heading.setText(
                self.tr("Register this till: {environment}").format(environment=self._environment_title())
            )
            self.connecting.setText(self.tr("Asking secuconnect for a registration code…"))
        self.open_step.setText(self.tr("1. On a computer or phone, open:"))
        self.enter_step.setText(self.tr("2. Log in with the merchant's account and enter this code:"))
        self.waiting.setText(
            self.tr(
                "Waiting for the confirmation… The till restarts on {environment} as soon as the code is confirmed."
            ).format(environment=where)
        )
        if self.code is not None:
            self.url.setText(self.code.verification_url)
            self.user_code.setText(self.code.user_code)
            self._show_left(self.countdown.seconds_left())
        if self.stage is Stage.EXPIRED:
            self.problem.setText(self.tr("The code has expired — start again for a new code."))
            self.problem_hint.setText(self.tr("Nothing was changed; the till still works as before."))
        elif self.stage is Stage.FAILED:
            self.problem.setText(self._problem_text())
            saved_nothing = self.failure is None or self.failure.problem is not RegistrationProblem.NOT_SAVED
            self.problem_hint.setText(
                self.tr("Nothing was changed; the till still works as before.") if saved_nothing else ""
            )
        self.done_text.setText(
            self.tr("The till is registered. It restarts now on {environment}.").format(environment=where)
        )
        self.again.setText(self.tr("Start again") + "\n⏎")
        self.cancel.setText(self.tr("Cancel") + "\nEsc")

    def _environment_name(self) -> str:
        """The environment in a sentence ("restarts on the testing environment")."""
        if self.choice is None:
            return ""
        return {
            "simulator": self.tr("the demo simulator"),
            "testing": self.tr("the testing environment"),
            "live": self.tr("the live environment"),
        }.get(self.choice.environment) or self.tr("the server {url}").format(url=self.choice.base_url)

    def _environment_title(self) -> str:
        """The environment as a title ("Register this till: Testing")."""
        if self.choice is None:
            return ""
        return {
            "testing": self.tr("Testing"),
            "live": self.tr("Live"),
        }.get(self.choice.environment, self.choice.base_url)

    def _problem_text(self) -> str:
        failure = self.failure
        if failure is None:
            return self.tr(
                "The registration did not work because of an unexpected error — "
                "the message bar shows a reference for support."
            )
        texts = {
            RegistrationProblem.CREDENTIALS_MISSING: self.tr(
                "The client id or the client secret is missing — enter both from the secucard contract."
            ),
            RegistrationProblem.CREDENTIALS_REFUSED: self.tr(
                "secuconnect refused the client id or the client secret — check both and start again."
            ),
            RegistrationProblem.DEVICE_REFUSED: device_not_configured(self._vendor()),
            RegistrationProblem.VENDOR_NAME: self.tr(
                "Enter the vendor name secupay gave you with the client id — "
                "letters (a–z, A–Z), digits, _ and - only."
            ),
            RegistrationProblem.BAD_ADDRESS: self.tr(
                "The server address cannot be used — it must start with https:// "
                "(http:// only for this computer itself)."
            ),
            RegistrationProblem.OFFLINE: self.tr(
                "secuconnect cannot be reached — check the internet connection, then start again."
            ),
            RegistrationProblem.CERTIFICATE: self.tr(
                "The server's security certificate was not accepted — check the address and the PC's date and time."
            ),
            RegistrationProblem.EXPIRED: self.tr("The code has expired — start again for a new code."),
            RegistrationProblem.SERVER: self.tr(
                "secuconnect refused the registration — start again later, or tell support."
            ),
            RegistrationProblem.NOT_SAVED: self.tr(
                "The till is registered, but the settings could not be saved — check the disk, then start again."
            ),
        }
        text = texts[failure.problem]
        if failure.support_id:
            text += " " + self.tr("Support reference: {support_id}").format(support_id=failure.support_id)
        return text

    def _vendor(self) -> str:
        """The vendor name the till was registered under (in the failure, else as chosen)."""
        if self.failure is not None and self.failure.vendor:
            return self.failure.vendor
        return self.choice.vendor if self.choice is not None else ""


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setCursor(Qt.CursorShape.IBeamCursor)
    return label


def _busy_bar(parent: QWidget) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setRange(0, 0)  # busy: moves while the event loop runs
    bar.setTextVisible(False)
    return bar
