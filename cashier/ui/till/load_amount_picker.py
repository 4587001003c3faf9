"""How much to load onto a card: presets (10/20/25/50/100 €, or the catalogue's card-load
presets), any other amount, or (for a new card) no load at all.

One source of truth: the amount field. A preset writes its amount into the field; typing
there unchecks the presets (unless the text is a preset's amount); "No load" empties it.
What is typed is read with :func:`cashier.domain.money.parse_amount` (the till's maximum
applies) and anything unusable is said in words under the field, while the text stays as
typed. The card-load and new-card dialogs both use it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.errors import InputError
from cashier.domain.money import Money, parse_amount
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.keypad import NumericKeypad
from cashier.ui.kit.messages import describe
from cashier.ui.kit.style import touch_button

PRESETS = tuple(Money(cents) for cents in (1000, 2000, 2500, 5000, 10000))
NO_LOAD = -1  # the id of the "No load" button in :attr:`LoadAmountPicker.choices`
PER_ROW = 6


class LoadAmountPicker(QWidget):
    changed = Signal()  # the choice or the typed amount changed
    submitted = Signal()  # Enter in the amount field

    def __init__(
        self,
        money: Callable[[], MoneyFormat],
        *,
        maximum: Money,
        presets: Sequence[Money] = PRESETS,
        allow_no_load: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._money = money
        self._maximum = maximum
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._choice_grid = QGridLayout()
        self._choice_grid.setSpacing(6)
        self.choices = QButtonGroup(self)
        self.choices.setExclusive(False)  # a typed amount unchecks them all
        self.no_load_button: QPushButton | None = None
        if allow_no_load:
            self.no_load_button = self._choice(NO_LOAD)
        self.preset_buttons: list[tuple[Money, QPushButton]] = [
            (amount, self._choice(amount.cents)) for amount in dict.fromkeys(presets) if amount.is_positive
        ]
        self.choices.idClicked.connect(self._chosen)
        layout.addLayout(self._choice_grid)
        self.amount = QLineEdit(self)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setMaxLength(14)
        self.amount.textEdited.connect(self._typed)
        self.amount.textChanged.connect(self._update)
        self.amount.returnPressed.connect(self.submitted)
        layout.addWidget(self.amount)
        self.problem = QLabel(self)  # room for two lines, always: the keypad never jumps
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.problem.setMinimumHeight(2 * self.problem.fontMetrics().lineSpacing() + 4)
        self.problem.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.problem)
        self.keypad = NumericKeypad(self.amount, with_action=False, parent=self)
        for button in self.keypad.findChildren(QPushButton):  # after the keypad typed (insert() is silent)
            button.clicked.connect(lambda _=False: self._typed(self.amount.text()))
        layout.addWidget(self.keypad)
        self.retranslate()

    def _choice(self, choice_id: int) -> QPushButton:
        button = touch_button(parent=self)
        button.setCheckable(True)
        button.setAutoDefault(False)  # Enter in a dialog means its OK, not the last preset
        index = len(self.choices.buttons())
        self.choices.addButton(button, choice_id)
        self._choice_grid.addWidget(button, index // PER_ROW, index % PER_ROW)
        return button

    # --- what the dialogs read ----------------------------------------------------------------
    @property
    def no_load(self) -> bool:
        return self.no_load_button is not None and self.no_load_button.isChecked()

    def chosen_amount(self) -> Money | None:
        """The amount to load; ``None`` for "No load" or while the field holds no usable amount."""
        if self.no_load:
            return None
        try:
            return parse_amount(self.amount.text(), maximum=self._maximum)
        except InputError:
            return None

    @property
    def valid(self) -> bool:
        """A usable choice: "No load", or an amount above zero within the maximum."""
        return self.no_load or self.chosen_amount() is not None

    # --- commands -----------------------------------------------------------------------------
    def reset(self, *, no_load: bool = False) -> None:
        """Empty, nothing chosen (or "No load" chosen), ready for the next card."""
        self.amount.clear()
        for button in self.choices.buttons():
            button.setChecked(False)
        if no_load and self.no_load_button is not None:
            self.no_load_button.setChecked(True)
        self._update()

    def set_presets(self, presets: Sequence[Money]) -> None:
        """Other preset amounts (a catalogue replaced in the settings); the choice is reset."""
        for _amount, button in self.preset_buttons:
            self.choices.removeButton(button)
            self._choice_grid.removeWidget(button)
            button.deleteLater()
        self.preset_buttons = [
            (amount, self._choice(amount.cents)) for amount in dict.fromkeys(presets) if amount.is_positive
        ]
        self.retranslate()
        self.reset()

    def choose(self, cents: int) -> None:
        """What a click on a preset (or on "No load", ``NO_LOAD``) does."""
        button = self.choices.button(cents)
        if button is not None:
            button.setChecked(True)
            self._chosen(cents)

    def retranslate(self) -> None:
        money = self._money()
        if self.no_load_button is not None:
            self.no_load_button.setText(self.tr("No load"))
        for amount, button in self.preset_buttons:
            button.setText(money.whole_euros(amount))
        self.amount.setPlaceholderText(
            self.tr("Other amount, e.g. {example}").format(example=money.plain(Money(1500)))
        )
        self._update()

    # --- inside -------------------------------------------------------------------------------
    def _chosen(self, choice_id: int) -> None:
        for button in self.choices.buttons():
            button.setChecked(self.choices.id(button) == choice_id)
        self.amount.setText("" if choice_id == NO_LOAD else self._money().plain(Money(choice_id)))
        self.amount.setFocus()

    def _typed(self, text: str) -> None:
        """Typing (or the keypad) decides: a preset stays checked only while its amount is typed."""
        typed = None
        try:
            typed = parse_amount(text, maximum=self._maximum) if text.strip() else None
        except InputError:
            typed = None
        for button in self.choices.buttons():
            choice = self.choices.id(button)
            button.setChecked(choice != NO_LOAD and typed is not None and typed.cents == choice)
        self._update()

    def _update(self) -> None:
        text = self.amount.text()
        problem = ""
        if text.strip():
            try:
                parse_amount(text, maximum=self._maximum)
            except InputError as error:
                problem = describe(error, self._money()).text
        self.problem.setText(problem)
        self.changed.emit()
