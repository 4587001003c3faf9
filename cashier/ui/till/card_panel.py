"""The customer's card: number field (typing or scanner), holder, group, state and balances.

The field takes digits only (spaces may separate groups, typed or pasted; they are dropped
when the number is read). Typing a number other than the card shown makes the card *stale*:
its details give way to "press Enter to check", so the old card never looks current, and
:attr:`CardPanel.stale` (``stale_changed``) lets the till hold "Pay with card" meanwhile;
:meth:`CardPanel.revert` puts the card's number back (Esc).

Offline (docs/offline.md) the panel says "offline — cards later" (:meth:`CardPanel.set_offline`);
a card attached then is not verified (``CardView.verified`` False): the panel shows its masked
number and that its bonus is credited later, never balances the till does not know.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from cashier.services.sale import CardView
from cashier.ui.kit.formatting import MoneyFormat, grouped_card_number
from cashier.ui.kit.style import TOUCH, note_label, touch_button

FLASH_MS = 800


class CardPanel(QGroupBox):
    number_entered = Signal(str)
    clear_requested = Signal()
    stale_changed = Signal(bool)  # the field no longer shows the card's number (or does again)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.offline_note = note_label(self, "#b71c1c")
        layout.addWidget(self.offline_note)
        entry = QHBoxLayout()
        self.number = QLineEdit(self)
        self.number.setMaxLength(40)
        self.number.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9 ]*"), self.number))
        self.number.textEdited.connect(self._edited)
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
        self.later = note_label(self, "#8a3b00")  # an unverified card: in place of balances and points
        grid.addWidget(self.later, 4, 0, 1, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.timeout.connect(lambda: self._set_scanned(False))
        self._card: CardView | None = None
        self._checked = False
        self._money: MoneyFormat | None = None
        self._stale = False
        self._offline = False

    @property
    def stale(self) -> bool:
        """The field holds a number other than the card shown (typed, not checked yet)."""
        return self._stale

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
        self.offline_note.setText(self.tr("offline — cards later"))
        self.later.setText(self.tr("Bonus is credited later"))
        self._show_values()

    def set_offline(self, offline: bool) -> None:
        """secuconnect cannot be reached: cards are read (and their bonus credited) later."""
        self._offline = offline
        self.offline_note.setVisible(offline)

    def show_card(self, card: CardView | None, checked: bool, money: MoneyFormat) -> None:
        self._card, self._checked, self._money = card, checked, money
        if card is None:
            self._set_stale(False)
        elif not self._stale and self.number.text().replace(" ", "") != card.number.digits:
            self.number.setText(grouped_card_number(card.number.digits))
        elif self._stale and self.number.text().replace(" ", "") == card.number.digits:
            self._set_stale(False)
        self._show_values()

    def revert(self) -> bool:
        """Put the shown card's number back over a number being typed; False if there was none."""
        if not self._stale or self._card is None:
            return False
        self.number.setText(grouped_card_number(self._card.number.digits))
        self._set_stale(False)
        self._show_values()
        return True

    def _show_values(self) -> None:
        card, money = self._card, self._money
        unverified = card is not None and not card.verified and not self._stale
        self.captions["holder"].setText(self.tr("Card") if unverified else self.tr("Holder"))
        for key in ("points", "cash", "bonus"):
            self.captions[key].setVisible(not unverified)
            self.values[key].setVisible(not unverified)
        self.later.setVisible(unverified)
        if card is None or money is None or self._stale:
            for value in self.values.values():
                value.setText("–")
                value.setStyleSheet("")
            if card is not None and self._stale:
                self.values["state"].setText(self.tr("another number typed — Enter checks it"))
                self.values["state"].setStyleSheet("color: #8a3b00; font-weight: bold;")
            return
        if not card.verified:  # attached offline by its number: nothing else is known
            self.values["holder"].setText(grouped_card_number(card.number.masked()))
            self.values["group"].setText("–")
            self.values["state"].setText(self.tr("not checked (offline)"))
            self.values["state"].setStyleSheet("color: #8a3b00; font-weight: bold;")
            return
        checked = self._checked
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
        self._edited(self.number.text())  # until it is checked, the card shown is not this one
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

    def _edited(self, text: str) -> None:
        """The cashier typed (or pasted) into the field: is it still the card shown?"""
        if self._card is not None:
            self._set_stale(text.replace(" ", "") != self._card.number.digits)
            self._show_values()

    def _set_stale(self, stale: bool) -> None:
        if stale != self._stale:
            self._stale = stale
            self.stale_changed.emit(stale)

    def _enter(self) -> None:
        self.number_entered.emit(self.number.text())

    def _clear(self) -> None:
        self.number.clear()
        self.clear_requested.emit()
