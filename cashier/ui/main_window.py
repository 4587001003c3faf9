"""The till's window: message bar, the start-up page until the till is open, then the till screen.

Closing while a payment runs does not close: the window asks whether to close once the payment
has finished (``open()``, no nested event loop), so a sale is never cut off half-way. A restart
of the till (another environment, another till id) is asked for the same way
(:meth:`MainWindow.request_restart` → ``restart_requested``); the app then closes the till,
opens it again and :meth:`MainWindow.attach` replaces the till screen in this window.

While the till registers itself with secuconnect the start-up page shows the user code with a
countdown to its expiry; after a failed start it offers "Start again" (``restart_requested``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from cashier.ui.kit.countdown import Clock, Countdown, remaining_text, utc_now
from cashier.ui.kit.keyboard_home import KeyboardHome
from cashier.ui.kit.message_bar import MessageBar
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.style import TOUCH, touch_button
from cashier.ui.kit.window_fit import WindowPlacement
from cashier.ui.till.status_bar import TillStatusBar
from cashier.ui.till.till_model import TillModel


class MainWindow(QMainWindow):
    closed = Signal()
    restart_requested = Signal()  # no payment runs (or it has finished): close the till, open it again

    def __init__(
        self, environment: str, till_id: str, bridge: MessageBridge, *, clock: Clock = utc_now
    ) -> None:
        super().__init__()
        self.setMinimumSize(1000, 700)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.message_bar = MessageBar(central)
        layout.addWidget(self.message_bar)
        self.stack = QStackedWidget(central)
        self.startup = QLabel(self.stack)
        self.startup.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.startup.setWordWrap(True)
        self.startup.setTextFormat(Qt.TextFormat.RichText)
        self.startup.setStyleSheet("font-size: 16pt; padding: 40px;")
        self.startup_page = self._startup_page(clock)
        self.stack.addWidget(self.startup_page)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = TillStatusBar(environment, till_id, self)
        self.setStatusBar(self.status)
        self.message_bar.hide()  # until the till is open: the start-up page speaks meanwhile
        bridge.shown.connect(self.message_bar.show_message)
        bridge.scopes_ended.connect(self.message_bar.end_scopes)
        self.model: TillModel | None = None
        self.till_view: QWidget | None = None
        self._close_after_payment = False
        self._restart_after_payment = False
        self._startup_text = ""
        # F11: full screen on a touch-screen till (and back); the till is laid out for 1024×768 up.
        QShortcut(QKeySequence("F11"), self, self.toggle_full_screen, Qt.ShortcutContext.WindowShortcut)
        self.placement = WindowPlacement(self)
        self.keyboard_home = KeyboardHome(self)  # F-keys work after every dialog, with no window manager too
        self.retranslate()
        self.show_starting()

    def _startup_page(self, clock: Clock) -> QWidget:
        page = QWidget(self.stack)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.startup)
        self.startup_countdown = QLabel(page)
        self.startup_countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.startup_countdown.setStyleSheet("font-size: 14pt;")
        column.addWidget(self.startup_countdown)
        self.countdown = Countdown(clock, self)
        self.countdown.ticked.connect(self._show_code_left)
        self.countdown.expired.connect(self._code_expired)
        self.start_again = touch_button(parent=page)
        self.start_again.setMinimumWidth(5 * TOUCH)
        self.start_again.setMaximumWidth(8 * TOUCH)
        self.start_again.setAutoDefault(True)  # Enter presses it when it has the focus
        self.start_again.clicked.connect(self.restart_requested)
        column.addWidget(self.start_again, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        self.startup_countdown.hide()
        self.start_again.hide()
        return page

    # --- start-up -------------------------------------------------------------------------------
    def show_starting(self) -> None:
        self._show_startup("starting")
        self.startup.setText(self.tr("Starting the till…"))

    def show_restarting(self) -> None:
        """The till closes and opens again: its screen goes, the start-up page says why."""
        self.detach()
        self._show_startup("restarting")
        self.startup.setText(self.tr("The till restarts…"))

    def _show_startup(self, text: str) -> None:
        self._startup_text = text
        self.countdown.stop()
        self.startup_countdown.hide()
        self.start_again.setVisible(text == "failed")
        self.startup.setStyleSheet("font-size: 16pt; padding: 40px;")
        self.stack.setCurrentWidget(self.startup_page)

    def show_registration(self, user_code: str, verification_url: str, expires_at: datetime) -> None:
        """The device is not registered with secuconnect yet: say how to confirm it, and how
        long the code is valid (counted down every second)."""
        self._show_startup("registration")
        self.startup_countdown.show()
        self.countdown.start(expires_at)
        self.startup.setText(
            self.tr(
                "This till is not registered yet.<br><br>Open <b>{url}</b> and enter the code<br>"
                "<span style='font-size: 30pt; font-weight: bold;'>{code}</span><br><br>"
                "The code is valid until {time}. The till starts as soon as it is confirmed."
            ).format(url=verification_url, code=user_code, time=expires_at.astimezone().strftime("%H:%M"))
        )

    def _show_code_left(self, seconds: int) -> None:
        self.startup_countdown.setText(
            self.tr("The code is valid for {time} (minutes:seconds).").format(time=remaining_text(seconds))
        )

    def _code_expired(self) -> None:
        self.startup_countdown.setText(self.tr("The code has expired — start again for a new code."))
        self.startup_countdown.setStyleSheet("font-size: 14pt; font-weight: bold; color: #b71c1c;")
        self.start_again.show()
        self.start_again.setFocus()

    def show_start_failed(self, reason: str) -> None:
        self._show_startup("failed")
        self.startup.setText(
            self.tr(
                "The till could not start.<br><br>{reason}<br><br>Put the cause right, then press Start again."
            ).format(reason=reason)
        )
        self.startup.setStyleSheet("font-size: 14pt; padding: 40px; color: #b71c1c;")
        self.start_again.setFocus()

    def attach(self, model: TillModel, till_view: QWidget) -> None:
        """The till is open: show its screen (in place of an earlier one) and bind the status
        bar to its model."""
        self.detach()
        self._show_startup("")
        self.model, self.till_view = model, till_view
        self.message_bar.show()
        self.stack.addWidget(till_view)
        self.stack.setCurrentWidget(till_view)
        till_view.setFocus()  # its focus proxy: where typed digits belong
        model.status_changed.connect(self._show_status)
        model.busy_changed.connect(self._show_busy)
        model.sale_changed.connect(self._close_if_asked)
        self._show_status()

    def detach(self) -> None:
        """Take the till screen out of the window (the till closes or restarts); it is deleted."""
        model, view = self.model, self.till_view
        self.model = self.till_view = None
        if model is not None:
            model.status_changed.disconnect(self._show_status)
            model.busy_changed.disconnect(self._show_busy)
            model.sale_changed.disconnect(self._close_if_asked)
        if view is not None:
            self.stack.setCurrentWidget(self.startup_page)
            self.stack.removeWidget(view)
            view.deleteLater()
            self.message_bar.hide()  # the start-up page speaks until the next till is open
            self.status.connection.hide()  # no till, no connection or printer to report
            self.status.printer.hide()
        self.status.show_busy(False)

    def set_identity(self, environment: str, till_id: str) -> None:
        """The environment badge and till id for a till opened on other settings."""
        if (environment, till_id) == (self.status.environment, self.status.till_id):
            return
        self.status = TillStatusBar(environment, till_id, self)
        self.setStatusBar(self.status)  # the old one is deleted
        self._show_status()

    def _show_busy(self, busy: bool) -> None:
        self.status.show_busy(busy)

    def _show_status(self) -> None:
        if self.model is not None:
            self.status.show_printer(self.model.services.printer.printer_uri, self.model.unprinted)
            self.status.show_connection(self.model.connection.state, self.model.catch_up.to_book)
            self.status.show_tse(self.model.tse.out)

    def show_on_screen(self, *, kiosk: bool) -> None:
        """Show the window maximised, or full screen without decorations on a kiosk till."""
        self.placement.show(kiosk=kiosk)
        QTimer.singleShot(0, self.keyboard_home.come_home)  # without a window manager nobody else does

    def toggle_full_screen(self) -> None:
        self.placement.toggle_full_screen()

    # --- language -------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Cashier — secucard till"))
        self.status.retranslate()
        self.start_again.setText(self.tr("Start again") + "\n⏎")
        if self._startup_text == "starting":
            self.show_starting()
        elif self._startup_text == "restarting":
            self.startup.setText(self.tr("The till restarts…"))
        if self.countdown.running:
            self._show_code_left(self.countdown.seconds_left())

    # --- restarting -----------------------------------------------------------------------------
    def request_restart(self) -> None:
        """Restart the till — at once, or, while a payment runs, after it if the cashier agrees."""
        if self.model is not None and self.model.payment_running:
            self._ask_after_payment(
                self.tr("A payment is running. Restart the till as soon as it has finished?"),
                self._set_restart_after_payment,
            )
            return
        if self.model is not None:
            self.model.shutdown()
        self.restart_requested.emit()

    def _set_restart_after_payment(self, restart: bool) -> None:
        self._restart_after_payment = restart
        self._close_if_asked()

    # --- closing --------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.model is not None and self.model.payment_running:
            event.ignore()
            self._ask_after_payment(
                self.tr("A payment is running. Close the till as soon as it has finished?"),
                self._set_close_after_payment,
            )
            return
        if self.model is not None:
            self.model.shutdown()
        super().closeEvent(event)
        self.closed.emit()

    def _ask_after_payment(self, question: str, answer: Callable[[bool], None]) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A payment is running"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: answer(box.standardButton(button) == QMessageBox.StandardButton.Yes)
        )
        box.open()

    def _set_close_after_payment(self, close: bool) -> None:
        self._close_after_payment = close
        self._close_if_asked()

    def _close_if_asked(self) -> None:
        if self.model is None or self.model.payment_running:
            return
        if self._close_after_payment:
            self._close_after_payment = self._restart_after_payment = False
            QTimer.singleShot(0, self.close)
        elif self._restart_after_payment:
            self._restart_after_payment = False
            QTimer.singleShot(0, self.request_restart)
