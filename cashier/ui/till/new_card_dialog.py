"""New card (F10): the card group of the new card and, if wanted, a first load.

The groups come from the server (the view-model reads them before the dialog opens); the
first one is chosen, so Enter alone creates a card of the shop's main programme without a
load. The load is the same choice as in "Load card", plus "No load" (the default).
OK, or Enter, emits ``confirmed(group_id, amount or None)`` once. Esc cancels. Opened with
``open()``, never ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.money import DEFAULT_MAXIMUM, Money
from cashier.services.sale import CardGroupOption
from cashier.ui.kit.confirm_buttons import ConfirmButtons
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.style import DIALOG_WIDTH, touch_button
from cashier.ui.till.load_amount_picker import PRESETS, LoadAmountPicker

GROUP_COLUMNS = 2


class NewCardDialog(QDialog):
    confirmed = Signal(str, object)  # card group id, Money to load or None

    def __init__(
        self,
        money: Callable[[], MoneyFormat],
        *,
        maximum: Money = DEFAULT_MAXIMUM,
        presets: Sequence[Money] = PRESETS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.groups: list[CardGroupOption] = []
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never squeezed
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setMinimumWidth(DIALOG_WIDTH)
        layout.addWidget(self.heading)
        self.group_caption = QLabel(self)
        self.group_caption.setObjectName("caption")
        layout.addWidget(self.group_caption)
        self.group_grid = QGridLayout()
        self.group_grid.setSpacing(6)
        layout.addLayout(self.group_grid)
        self.group_buttons = QButtonGroup(self)
        self.group_buttons.setExclusive(True)
        self.group_buttons.idClicked.connect(lambda _: self._update())
        self.load_caption = QLabel(self)
        self.load_caption.setObjectName("caption")
        layout.addWidget(self.load_caption)
        self.picker = LoadAmountPicker(
            money, maximum=maximum, presets=presets, allow_no_load=True, parent=self
        )
        self.picker.changed.connect(self._update)
        self.picker.submitted.connect(self._confirm)
        layout.addWidget(self.picker)
        self.buttons = ConfirmButtons(self, self._confirm)
        layout.addWidget(self.buttons)
        self.retranslate()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.ok_button

    @property
    def chosen_group(self) -> CardGroupOption | None:
        index = self.group_buttons.checkedId()
        return self.groups[index] if 0 <= index < len(self.groups) else None

    def group_button(self, group_id: str) -> QPushButton:
        """The button of one card group (for tests and screenshots)."""
        index = next(i for i, group in enumerate(self.groups) if group.group_id == group_id)
        button = self.group_buttons.button(index)
        assert isinstance(button, QPushButton)
        return button

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New card"))
        self.heading.setText(self.tr("Issue a new card"))
        self.group_caption.setText(self.tr("Card group"))
        self.load_caption.setText(self.tr("First load"))
        self.buttons.label(self.tr("Create card ⏎"), self.tr("Cancel Esc"))
        self.picker.retranslate()

    def ask(self, groups: Sequence[CardGroupOption]) -> None:
        """Open (again) with the server's card groups; the first is chosen, no load."""
        self._show_groups(groups)
        self.picker.reset(no_load=True)
        self.retranslate()
        self._update()
        if not self.isVisible():
            self.open()
        self.ok_button.setFocus()

    def _show_groups(self, groups: Sequence[CardGroupOption]) -> None:
        for button in self.group_buttons.buttons():
            self.group_buttons.removeButton(button)
            button.deleteLater()
        self.groups = list(groups)
        for index, group in enumerate(self.groups):
            button = touch_button(group.name, parent=self)
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter on a chosen group still means OK
            button.setChecked(index == 0)
            self.group_buttons.addButton(button, index)
            self.group_grid.addWidget(button, index // GROUP_COLUMNS, index % GROUP_COLUMNS)

    def _update(self) -> None:
        self.ok_button.setEnabled(self.chosen_group is not None and self.picker.valid)

    def _confirm(self) -> None:
        group = self.chosen_group
        if not self.ok_button.isEnabled() or group is None or not self.picker.valid:
            return
        self.ok_button.setEnabled(False)  # a double click creates one card
        self.accept()
        self.confirmed.emit(group.group_id, self.picker.chosen_amount())
