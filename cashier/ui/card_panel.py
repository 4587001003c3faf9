"""The customer's card: number field (typing or scanner), holder, group, state and balances."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from cashier.services.sale import CardView
from cashier.ui.formatting import MoneyFormat, grouped_card_number
from cashier.ui.style import TOUCH, touch_button

FLASH_MS = 800


class CardPanel(QGroupBox):
    number_entered = Signal(str)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        entry = QHBoxLayout()
        self.number = QLineEdit(self)
        self.number.setMaxLength(40)
        self.number.returnPressed.connect(self._enter)
        entry.addWidget(self.number, 1)
        self.check = touch_button(parent=self)
        self.check.setFixedWidth(TOUCH + 16)
        self.check.clicked.connect(self._enter)
        entry.addWidget(self.check)
        self.clear = touch_button("✕", parent=self)
        self.clear.setFixedWidth(TOUCH)
        self.clear.clicked.connect(self._clear)
        entry.addWidget(self.clear)
        layout.addLayout(entry)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        # holder and group on rows of their own (names are long), then two pairs per row
        places = {"holder": (0, 0, 3), "group": (1, 0, 3), "state": (2, 0, 1), "points": (2, 2, 1)}
        places |= {"cash": (3, 0, 1), "bonus": (3, 2, 1)}
        for key, (row, column, span) in places.items():
            caption, value = QLabel(self), QLabel(self)
            caption.setObjectName("caption")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            grid.addWidget(caption, row, column)
            grid.addWidget(value, row, column + 1, 1, span)
            self.captions[key], self.values[key] = caption, value
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.timeout.connect(lambda: self._set_scanned(False))

    def retranslate(self) -> None:
        self.setTitle(self.tr("Customer card"))
        self.number.setPlaceholderText(self.tr("Scan or type the card"))
        self.check.setText(self.tr("OK\n⏎"))
        self.check.setToolTip(self.tr("Check the card"))
        self.clear.setToolTip(self.tr("Remove the card from the sale"))
        captions = {
            "holder": self.tr("Holder"),
            "group": self.tr("Group"),
            "state": self.tr("State"),
            "points": self.tr("Points"),
            "cash": self.tr("Balance"),
            "bonus": self.tr("Bonus"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)

    def show_card(self, card: CardView | None, checked: bool, money: MoneyFormat) -> None:
        if card is None:
            for value in self.values.values():
                value.setText("–")
                value.setStyleSheet("")
            return
        if self.number.text().replace(" ", "") != card.number.digits:
            self.number.setText(grouped_card_number(card.number.digits))
        self.values["holder"].setText(card.holder or self.tr("(no name)"))
        self.values["group"].setText(card.group_name or "–")
        if card.locked:
            state, colour = self.tr("locked"), "#b71c1c"
        elif checked:
            state, colour = self.tr("active · code checked"), "#2e7d32"
        else:
            state, colour = self.tr("active"), ""
        self.values["state"].setText(state)
        self.values["state"].setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "")
        self.values["points"].setText(str(card.points))
        self.values["cash"].setText(money.amount(card.cash_balance))
        self.values["bonus"].setText(money.amount(card.bonus_balance))

    def show_scanned(self, digits: str) -> None:
        """A scan arrived: show the number and flash the field."""
        self.number.setText(grouped_card_number(digits))
        self._set_scanned(True)
        self._flash.start(FLASH_MS)

    @property
    def flashing(self) -> bool:
        return bool(self.number.property("scanned"))

    def set_editable(self, editable: bool) -> None:
        for widget in (self.number, self.check, self.clear):
            widget.setEnabled(editable)

    def _set_scanned(self, on: bool) -> None:
        self.number.setProperty("scanned", on)
        self.number.style().unpolish(self.number)
        self.number.style().polish(self.number)

    def _enter(self) -> None:
        self.number_entered.emit(self.number.text())

    def _clear(self) -> None:
        self.number.clear()
        self.clear_requested.emit()
