"""A manager confirms an offline sale beyond the shop's limits (docs/offline.md, settings ``[offline]``).

The dialog says why in words — the sale is above the highest offline sale, or the till has been
offline longer than the shop allows — and offers Confirm and Cancel. A manager override must
never happen by accident: Enter confirms nothing (it is swallowed), Esc cancels, and only the
Confirm button (a tap, or Alt+B) confirms. ``open()``, never ``exec()``; ``confirmed`` is emitted
once per question.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from cashier.domain.money import Money
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.style import DIALOG_WIDTH, TOUCH, touch_button

CONFIRM_KEY = "Alt+B"  # "Bestätigen": the same key in both languages


class ManagerConfirmDialog(QDialog):
    confirmed = Signal()

    def __init__(self, money: Callable[[], MoneyFormat], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._money = money
        self._question: tuple[str, Money, Money, int, timedelta | None] = (
            "amount",
            Money(0),
            Money(0),
            0,
            None,
        )
        self._answered = True
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setMinimumWidth(DIALOG_WIDTH)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("caption")
        layout.addWidget(self.heading)
        layout.addWidget(self.reason)
        layout.addWidget(self.hint)
        buttons = QHBoxLayout()
        self.cancel_button = touch_button(parent=self)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button = touch_button(parent=self)
        self.confirm_button.clicked.connect(self._confirm)
        for button in (self.cancel_button, self.confirm_button):
            button.setMinimumSize(3 * TOUCH, TOUCH)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(CONFIRM_KEY), self, self._confirm, Qt.ShortcutContext.WindowShortcut)
        self.setModal(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Manager confirmation"))
        self.heading.setText(self.tr("Offline sale — a manager must confirm"))
        self.hint.setText(
            self.tr(
                "The sale is paid in cash and booked when secuconnect answers again. Enter confirms nothing."
            )
        )
        self.cancel_button.setText(self.tr("Cancel") + "\nEsc")
        self.confirm_button.setText(self.tr("Confirm (manager)") + f"\n{CONFIRM_KEY}")
        self._show_reason()

    def ask(
        self, reason: str, due: Money, *, limit: Money, hours: int, offline_for: timedelta | None = None
    ) -> None:
        """``reason``: ``amount`` (``due`` above ``limit``) or ``duration`` (offline over ``hours``)."""
        self._question = (reason, due, limit, hours, offline_for)
        self._answered = False
        self._show_reason()
        if not self.isVisible():
            self.open()
        self.cancel_button.setFocus()  # nothing that takes a key confirms

    def _show_reason(self) -> None:
        reason, due, limit, hours, offline_for = self._question
        money = self._money()
        if reason == "duration":
            text = self.tr(
                "The till has been offline for {duration} — longer than the shop's {hours} h. "
                "A manager must confirm each further offline sale (this one: {amount})."
            ).format(duration=self._duration(offline_for), hours=hours, amount=money.amount(due))
        else:
            text = self.tr(
                "This offline sale of {amount} is above the shop's limit of {limit} for sales while "
                "secuconnect cannot be reached."
            ).format(amount=money.amount(due), limit=money.amount(limit))
        self.reason.setText(text)

    def _duration(self, offline_for: timedelta | None) -> str:
        if offline_for is None:
            return "–"
        minutes = int(offline_for.total_seconds() // 60)
        return self.tr("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # a manager override is never the default
            return
        super().keyPressEvent(event)

    def _confirm(self) -> None:
        if self._answered or not self.isVisible():
            return
        self._answered = True
        self.accept()
        self.confirmed.emit()

    def reject(self) -> None:
        self._answered = True
        super().reject()
