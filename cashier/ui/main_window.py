"""The till's window: message bar, the start-up page until the till is open, then the till screen.

Closing while a payment runs does not close: the window asks whether to close once the payment
has finished (``open()``, no nested event loop), so a sale is never cut off half-way.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from cashier.ui.message_bar import MessageBar
from cashier.ui.message_bridge import MessageBridge
from cashier.ui.status_bar import TillStatusBar
from cashier.ui.till_model import TillModel


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, environment: str, till_id: str, bridge: MessageBridge) -> None:
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
        self.stack.addWidget(self.startup)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = TillStatusBar(environment, till_id, self)
        self.setStatusBar(self.status)
        self.message_bar.hide()  # until the till is open: the start-up page speaks meanwhile
        bridge.shown.connect(self.message_bar.show_message)
        self.model: TillModel | None = None
        self.till_view: QWidget | None = None
        self._close_after_payment = False
        self._startup_text = ""
        self.retranslate()
        self.show_starting()

    # --- start-up -------------------------------------------------------------------------------
    def show_starting(self) -> None:
        self._startup_text = "starting"
        self.startup.setText(self.tr("Starting the till…"))

    def show_registration(self, user_code: str, verification_url: str, expires_at: datetime) -> None:
        """The device is not registered with secuconnect yet: say how to confirm it."""
        self._startup_text = "registration"
        self.startup.setText(
            self.tr(
                "This till is not registered yet.<br><br>Open <b>{url}</b> and enter the code<br>"
                "<span style='font-size: 30pt; font-weight: bold;'>{code}</span><br><br>"
                "The code is valid until {time}. The till starts as soon as it is confirmed."
            ).format(url=verification_url, code=user_code, time=expires_at.astimezone().strftime("%H:%M"))
        )

    def show_start_failed(self, reason: str) -> None:
        self._startup_text = "failed"
        self.startup.setText(
            self.tr(
                "The till could not start.<br><br>{reason}<br><br>Close the window and try again."
            ).format(reason=reason)
        )
        self.startup.setStyleSheet("font-size: 14pt; padding: 40px; color: #b71c1c;")

    def attach(self, model: TillModel, till_view: QWidget) -> None:
        """The till is open: show its screen and bind the status bar to its model."""
        self.model, self.till_view = model, till_view
        self.message_bar.show()
        self.stack.addWidget(till_view)
        self.stack.setCurrentWidget(till_view)
        model.status_changed.connect(self._show_status)
        model.busy_changed.connect(self.status.show_busy)
        model.sale_changed.connect(self._close_if_asked)
        self._show_status()

    def _show_status(self) -> None:
        if self.model is not None:
            self.status.show_printer(self.model.services.printer.printer_uri, self.model.unprinted)
            self.status.show_connection(self.model.connection)

    # --- language -------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Cashier — secucard till"))
        self.status.retranslate()
        if self._startup_text == "starting":
            self.show_starting()

    # --- closing --------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.model is not None and self.model.payment_running:
            event.ignore()
            self._ask_close_after_payment()
            return
        if self.model is not None:
            self.model.shutdown()
        super().closeEvent(event)
        self.closed.emit()

    def _ask_close_after_payment(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A payment is running"),
            self.tr("A payment is running. Close the till as soon as it has finished?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._set_close_after_payment(
                box.standardButton(button) == QMessageBox.StandardButton.Yes
            )
        )
        box.open()

    def _set_close_after_payment(self, close: bool) -> None:
        self._close_after_payment = close
        self._close_if_asked()

    def _close_if_asked(self) -> None:
        if self._close_after_payment and self.model is not None and not self.model.payment_running:
            self._close_after_payment = False
            QTimer.singleShot(0, self.close)
