"""Sum, bonus, card balance applied and what is still to pay — the last one large.

Offline the card pays nothing (docs/offline.md): "To pay" says that the whole sum is cash.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.till.till_state import Totals

_KEYS = ("total", "bonus", "card", "missing")


class TotalsView(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setVerticalSpacing(0)
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for column, key in enumerate(_KEYS):
            caption, value = QLabel(self), QLabel(self)
            caption.setObjectName("caption")
            value.setObjectName("hugeAmount" if key == "missing" else "bigAmount")
            for label in (caption, value):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
            grid.setColumnStretch(column, 2 if key == "missing" else 1)
            self.captions[key], self.values[key] = caption, value

    def retranslate(self, *, declined: bool = False, offline: bool = False) -> None:
        self.captions["total"].setText(self.tr("Sum"))
        self.captions["bonus"].setText(self.tr("Bonus"))
        self.captions["card"].setText(self.tr("Card balance"))
        if declined:
            missing = self.tr("Declined — still to pay")
        elif offline:
            missing = self.tr("Offline: all in cash")
        else:
            missing = self.tr("To pay")
        self.captions["missing"].setText(missing)

    def show_totals(
        self, totals: Totals, money: MoneyFormat, *, declined: bool, offline: bool = False
    ) -> None:
        self.retranslate(declined=declined, offline=offline)
        self.values["total"].setText(money.amount(totals.total))
        self.values["bonus"].setText(money.amount(-totals.bonus_used))
        self.values["card"].setText(money.amount(-totals.card_applied))
        self.values["missing"].setText(money.amount(totals.missing))
        self.values["missing"].setStyleSheet("color: #b71c1c;" if declined else "")
