"""A basket line at a price the cashier types: amount, VAT rate (19/7/0 %) and the keypad."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGroupBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.keypad import NumericKeypad
from cashier.ui.kit.style import touch_button


class FreePricePanel(QGroupBox):
    add_requested = Signal(str, object)  # the typed amount, VatRate

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.amount = QLineEdit(self)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setMaxLength(12)
        self.amount.returnPressed.connect(self._add)
        layout.addWidget(self.amount)

        rates = QHBoxLayout()
        self.rates = QButtonGroup(self)
        for rate in VatRate:
            button = touch_button(parent=self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.rates.addButton(button, rate.percent)
            rates.addWidget(button)
        self.rates.button(VatRate.STANDARD.percent).setChecked(True)
        layout.addLayout(rates)

        self.keypad = NumericKeypad(self.amount, parent=self)
        self.keypad.action.connect(self._add)
        layout.addWidget(self.keypad, 1)
        self.retranslate(MoneyFormat("de"))

    @property
    def vat(self) -> VatRate:
        return VatRate.from_percent(self.rates.checkedId())

    def choose_vat(self, rate: VatRate) -> None:
        self.rates.button(rate.percent).setChecked(True)

    def type_text(self, text: str) -> None:
        """Keys typed elsewhere on the till screen (a quick key had the focus): into the amount."""
        self.amount.setFocus()
        self.amount.insert(text)

    def clear(self) -> None:
        self.amount.clear()
        self.choose_vat(VatRate.STANDARD)

    def retranslate(self, money: MoneyFormat) -> None:
        self.setTitle(self.tr("Free price"))
        self.amount.setPlaceholderText(
            self.tr("Amount, e.g. {example}").format(example=money.plain(Money(1250)))
        )
        for rate in VatRate:
            self.rates.button(rate.percent).setText(
                self.tr("VAT {rate}").format(rate=money.percent(rate.percent))
            )
        self.keypad.set_action_text(self.tr("Add\n⏎"))

    def _add(self) -> None:
        self.add_requested.emit(self.amount.text(), self.vat)
