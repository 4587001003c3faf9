"""Waiting for the card terminal: the amount and a busy indicator while the payment runs.

The terminal call runs as a task on the event loop, so the window keeps painting and the
status bar keeps working meanwhile. The dialog cannot be closed by the cashier: a terminal
payment cannot be taken back half-way; it closes when the payment has an answer.

It is not modal (``show()``, not ``open()``): a window blocked by a modal dialog never hears
of its close button (Qt drops the window system's close request), and closing the till
during a terminal payment must ask whether to close once the payment has finished. The till
behind it refuses every other action while the payment runs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QLayout, QProgressBar, QVBoxLayout, QWidget

from cashier.domain.money import Money
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.style import DIALOG_WIDTH


class TerminalDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never squeezed
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setMinimumWidth(DIALOG_WIDTH)  # the layout's minimum is the dialog's
        layout.addWidget(self.heading)
        self.amount = QLabel(self)
        self.amount.setObjectName("hugeAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.amount)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: moves while the event loop runs
        self.progress.setTextVisible(False)
        layout.addWidget(self.progress)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self._waiting = False
        self.retranslate()

    @property
    def waiting(self) -> bool:
        return self._waiting

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Card terminal"))
        self.heading.setText(self.tr("Waiting for the card terminal…"))
        self.hint.setText(
            self.tr(
                "Let the customer pay at the terminal. This window closes by itself when the terminal answers."
            )
        )

    def start(self, amount: Money, money: MoneyFormat) -> None:
        self._waiting = True
        self.retranslate()
        self.amount.setText(money.amount(amount))
        if not self.isVisible():
            self.setWindowModality(Qt.WindowModality.NonModal)
            self.show()

    def finish(self) -> None:
        self._waiting = False
        if self.isVisible():
            self.accept()

    def reject(self) -> None:
        if not self._waiting:  # Esc while the terminal works does nothing
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._waiting:
            event.ignore()
        else:
            super().closeEvent(event)
