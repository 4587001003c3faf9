"""How the customer pays: Cash (F5), Terminal (F6), SEPA (F7), Pay with card (F8), Cancel (Esc).

Each button carries its shortcut and shows it; a shortcut works while the till window is
active and no dialog is open (dialogs are window-modal). Offline, Terminal, SEPA and Pay with
card look greyed out but still say why when pressed (:meth:`TenderBar.set_offline`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from cashier.ui.kit.style import key_text, keyed_row, show_offline

NEED_SECUCONNECT = ("terminal", "sepa", "card")


class TenderBar(QWidget):
    cash = Signal()
    terminal = Signal()
    sepa = Signal()
    card = Signal()
    abort = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entries = (
            ("cash", "F5", self.cash),
            ("terminal", "F6", self.terminal),
            ("sepa", "F7", self.sepa),
            ("card", "F8", self.card),
            ("abort", "Esc", self.abort),
        )
        row, self.buttons, self.keys = keyed_row(self, entries, name="tender", escape_is_keyed=True)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.setLayout(row)
        self._offline = False
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            "cash": self.tr("Cash"),
            "terminal": self.tr("Terminal"),
            "sepa": self.tr("SEPA"),
            "card": self.tr("Pay with card"),
            "abort": self.tr("Cancel sale"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(f"{text}\n{key_text(self.keys[key])}")
        self.set_offline(self._offline)

    def set_offline(self, offline: bool) -> None:
        self._offline = offline
        for key in NEED_SECUCONNECT:
            show_offline(self.buttons[key], offline, self.tr("Offline — please take cash (F5)."))

    def set_state(self, *, can_pay: bool, has_card: bool, can_abort: bool) -> None:
        for key in ("cash", "terminal", "sepa"):
            self.buttons[key].setEnabled(can_pay)
        self.buttons["card"].setEnabled(can_pay and has_card)
        self.buttons["abort"].setEnabled(can_abort)
