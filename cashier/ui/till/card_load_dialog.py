"""Load card (F9): how much cash balance goes onto the customer's card.

The dialog shows the card it loads (number, holder, balance now) and the amount choice
(:class:`LoadAmountPicker`: presets or any amount, words for what is not an amount). OK, or
Enter, emits ``confirmed(amount)`` once — the button is disabled at the first press — and the
view-model puts the load line into the sale; the cashier then takes the payment as usual.
Esc cancels. Opened with ``open()``, never ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.money import DEFAULT_MAXIMUM, Money
from cashier.services.sale import CardView
from cashier.ui.kit.confirm_buttons import ConfirmButtons
from cashier.ui.kit.formatting import MoneyFormat, grouped_card_number
from cashier.ui.kit.style import DIALOG_WIDTH
from cashier.ui.till.load_amount_picker import PRESETS, LoadAmountPicker


class CardLoadDialog(QDialog):
    confirmed = Signal(object)  # Money to load

    def __init__(
        self,
        money: Callable[[], MoneyFormat],
        *,
        maximum: Money = DEFAULT_MAXIMUM,
        presets: Sequence[Money] = PRESETS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._money = money
        self.card: CardView | None = None
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never squeezed
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setMinimumWidth(DIALOG_WIDTH)
        layout.addWidget(self.heading)
        self.card_label = QLabel(self)
        self.card_label.setWordWrap(True)
        layout.addWidget(self.card_label)
        self.picker = LoadAmountPicker(money, maximum=maximum, presets=presets, parent=self)
        self.picker.changed.connect(self._update)
        self.picker.submitted.connect(self._confirm)
        layout.addWidget(self.picker)
        self.buttons = ConfirmButtons(self, self._confirm)
        layout.addWidget(self.buttons)
        self.retranslate()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.ok_button

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Load card"))
        self.heading.setText(self.tr("Load the card"))
        self.buttons.label(self.tr("Load ⏎"), self.tr("Cancel Esc"))
        self.picker.retranslate()
        self._show_card()

    def ask(self, card: CardView) -> None:
        """Open (again) for ``card``, nothing chosen yet."""
        self.card = card
        self.picker.reset()
        self.retranslate()
        if not self.isVisible():
            self.open()
        self.picker.amount.setFocus()

    def _show_card(self) -> None:
        card = self.card
        if card is None:
            self.card_label.clear()
            return
        money = self._money()
        self.card_label.setText(
            self.tr("Card {number} · {holder} · credit now {balance}").format(
                number=grouped_card_number(card.number.digits),
                holder=card.holder or self.tr("no holder"),
                balance=money.amount(card.cash_balance),  # what the load adds to (not the bonus)
            )
        )

    def _update(self) -> None:
        self.ok_button.setEnabled(self.picker.valid)

    def _confirm(self) -> None:
        amount = self.picker.chosen_amount()
        if not self.ok_button.isEnabled() or amount is None:
            return
        self.ok_button.setEnabled(False)  # a double click loads once
        self.accept()
        self.confirmed.emit(amount)
