"""What the till does besides taking a payment: Load card (F9), New card (F10), Journal (F2),
End of day (F3), Settings (F4).

Like the tender bar: each button carries its shortcut and shows it; a shortcut works while the
till window is active and no dialog is open (dialogs are window-modal), and does nothing while
its button is disabled. Offline, Load card and New card look greyed out but still say why when
pressed (:meth:`ActionBar.set_offline`). The bar only emits; the view-model decides and the composition root
wires Journal, End of day and Settings to their screens.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from cashier.ui.kit.style import TOUCH, key_text, keyed_row, show_offline

CARD_ACTIONS = ("load_card", "new_card")
BACK_OFFICE = ("journal", "end_of_day", "settings")


class ActionBar(QWidget):
    load_card = Signal()
    new_card = Signal()
    journal = Signal()
    end_of_day = Signal()
    settings = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entries = (
            ("load_card", "F9", self.load_card),
            ("new_card", "F10", self.new_card),
            ("journal", "F2", self.journal),
            ("end_of_day", "F3", self.end_of_day),
            ("settings", "F4", self.settings),
        )
        row, self.buttons, self.keys = keyed_row(self, entries, name="action")
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.setLayout(row)
        for button in self.buttons.values():
            button.setMaximumHeight(TOUCH + 8)  # the tenders below are the big buttons
        self._offline = False
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            "load_card": self.tr("Load card"),
            "new_card": self.tr("New card"),
            "journal": self.tr("Journal"),
            "end_of_day": self.tr("End of day"),
            "settings": self.tr("Settings"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(f"{text}  {key_text(self.keys[key])}")
        self.set_offline(self._offline)

    def set_offline(self, offline: bool) -> None:
        self._offline = offline
        for key in CARD_ACTIONS:
            show_offline(
                self.buttons[key], offline, self.tr("Offline — cards are sold when the till is online.")
            )

    def set_state(
        self, *, can_load_card: bool, can_create_card: bool, idle: bool, back_office: bool | None = None
    ) -> None:
        """``idle``: no payment runs and none is being checked — the till may sell.
        ``back_office`` (default ``idle``): journal, end of day and settings may open — also
        while a payment of unknown outcome is being checked: only selling waits for it, and the
        journal is where the cashier checks it or sets it aside.

        Load card and New card need an idle till as well, and a sale that has no lines of
        another kind (the view-model says so in ``can_load_card`` / ``can_create_card``).
        """
        self.buttons["load_card"].setEnabled(idle and can_load_card)
        self.buttons["new_card"].setEnabled(idle and can_create_card)
        for key in BACK_OFFICE:
            self.buttons[key].setEnabled(idle if back_office is None else back_office)
