"""Cash: the amount given (typed, keypad, or note buttons), and the change shown large.

The note buttons add up (a 20 and a 5 make 25,00); "Exact" sets the amount due, and so does
an empty "Given" (its placeholder shows the amount due): Enter on an empty field pays exactly,
as at most tills. OK is enabled once the cash covers what is due, and pressing it (or Enter —
whatever was tapped last: the touch buttons never take Enter) emits ``confirmed(given)`` once:
a double click, or Enter and OK together, pays once. Offline (docs/offline.md) the amount due is
the whole basket, and the dialog says so: the card's balance and bonus pay nothing then.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.errors import InputError
from cashier.domain.money import DEFAULT_MAXIMUM, Money, parse_amount
from cashier.ui.kit.confirm_buttons import ConfirmButtons
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.keypad import NumericKeypad
from cashier.ui.kit.messages import describe
from cashier.ui.kit.style import fit_to_content, note_label, touch_button

NOTES = (500, 1000, 2000, 5000, 10000)


class CashDialog(QDialog):
    confirmed = Signal(object)  # Money given

    def __init__(
        self,
        money: Callable[[], MoneyFormat],
        *,
        maximum: Money = DEFAULT_MAXIMUM,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._money = money
        self._maximum = maximum
        self.due = Money(0)
        self._confirmed = False
        self._offline = False
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never squeezed
        self.offline_note = note_label(self, "#8a3b00")
        layout.addWidget(self.offline_note)
        amounts = QGridLayout()
        self.due_caption, self.due_label = QLabel(self), QLabel(self)
        self.due_label.setObjectName("bigAmount")
        self.given_caption = QLabel(self)
        self.given = QLineEdit(self)
        self.given.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.given.setMaxLength(12)
        self.given.textChanged.connect(self._update)
        self.given.returnPressed.connect(self._confirm)
        for row, (caption, value) in enumerate(
            ((self.due_caption, self.due_label), (self.given_caption, self.given))
        ):
            amounts.addWidget(caption, row, 0)
            amounts.addWidget(value, row, 1)
        self.due_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(amounts)

        notes = QHBoxLayout()
        self.note_buttons: list[tuple[Money, QPushButton]] = []
        for cents in NOTES:
            button = touch_button(parent=self)
            button.clicked.connect(lambda _=False, note=cents: self._add_note(Money(note)))
            notes.addWidget(button)
            self.note_buttons.append((Money(cents), button))
        self.exact = touch_button(parent=self)
        self.exact.clicked.connect(lambda: self.given.setText(self._money().plain(self.due)))
        notes.addWidget(self.exact)
        layout.addLayout(notes)

        self.keypad = NumericKeypad(self.given, with_action=False, parent=self)
        layout.addWidget(self.keypad)

        self.change_caption, self.change_label = QLabel(self), QLabel(self)
        self.change_label.setObjectName("hugeAmount")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        change = QHBoxLayout()
        change.addWidget(self.change_caption)
        change.addWidget(self.change_label, 1)
        layout.addLayout(change)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.problem)

        self.buttons = ConfirmButtons(self, self._confirm)
        layout.addWidget(self.buttons)
        self.retranslate()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.ok_button

    def retranslate(self) -> None:
        money = self._money()
        self.setWindowTitle(self.tr("Cash"))
        self.due_caption.setText(self.tr("To pay"))
        self.offline_note.setText(
            self.tr("Offline: the whole amount in cash — the card's balance and bonus pay nothing now.")
        )
        self.given_caption.setText(self.tr("Given"))
        self.given.setPlaceholderText(money.plain(self.due))  # empty = exactly this
        for note, button in self.note_buttons:
            button.setText(money.whole_euros(note))
        self.exact.setText(self.tr("Exact"))
        self.buttons.label(self.tr("Paid ⏎"), self.tr("Cancel Esc"))
        self._update()

    def ask(self, due: Money, *, offline: bool = False) -> None:
        self.due = due
        self._confirmed = False
        self._offline = offline
        self.offline_note.setVisible(offline)
        self.given.clear()
        self.retranslate()
        if not self.isVisible():
            self.open()
        self.given.setFocus()

    def given_amount(self) -> Money | None:
        """What the customer gave: the typed amount, the amount due while nothing is typed,
        ``None`` while the text is no amount."""
        if not self.given.text().strip():
            return self.due
        try:
            return parse_amount(self.given.text(), maximum=self._maximum, allow_zero=True)
        except InputError:
            return None

    def _add_note(self, note: Money) -> None:
        current = self.given_amount() if self.given.text().strip() else Money(0)
        self.given.setText(self._money().plain((current or Money(0)) + note))

    def _update(self) -> None:
        money = self._money()
        self.due_label.setText(money.amount(self.due))
        text = self.given.text()
        given: Money | None = self.due  # nothing typed: exactly the amount due
        problem = ""
        if text.strip():
            try:
                given = parse_amount(text, maximum=self._maximum, allow_zero=True)
            except InputError as error:
                given, problem = None, describe(error, money).text
        enough = given is not None and given >= self.due
        if given is not None and not enough:
            self.change_caption.setText(self.tr("Missing"))
            self.change_label.setText(money.amount(self.due - given))
            self.change_label.setStyleSheet("color: #b71c1c;")
        else:
            self.change_caption.setText(self.tr("Change"))
            self.change_label.setText(money.amount(given - self.due) if given is not None else "–")
            self.change_label.setStyleSheet("color: #2e7d32;" if enough else "")
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if problem and self.isVisible():
            fit_to_content(self)  # a wrapped problem line must not squeeze the keypad
        self.ok_button.setEnabled(enough)

    def _confirm(self) -> None:
        given = self.given_amount()
        if self._confirmed or given is None or given < self.due:
            return
        self._confirmed = True  # a double click (or Enter in the field and on OK) pays once
        self.ok_button.setEnabled(False)
        self.accept()
        self.confirmed.emit(given)
