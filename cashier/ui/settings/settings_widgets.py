"""Touch-sized building blocks of the settings pages (and the first-run wizard's).

:class:`ChoiceButtons` and :class:`Stepper` stand in for radio buttons and spin boxes, whose
controls are too small for a finger; :class:`SettingsPage` is a page that sets its texts again
on ``LanguageChange``, so it works in any container.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from cashier.ui.kit.style import TOUCH, touch_button

LINE_EDIT_POINTS = 14  # as QLineEdit in the till's style sheet
PROBLEM_STYLE = "color: #b71c1c;"
GOOD_STYLE = "color: #2e7d32;"


class ChoiceButtons(QWidget):
    """One of a few values, as a row of large toggle buttons; ``chosen`` when the user picks one."""

    chosen = Signal(object)

    def __init__(self, values: Sequence[object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.group = QButtonGroup(self)
        self.buttons: dict[object, QPushButton] = {}
        for value in values:
            button = touch_button(parent=self)
            button.setCheckable(True)
            self.group.addButton(button)
            layout.addWidget(button)
            button.clicked.connect(lambda _=False, v=value: self.chosen.emit(v))
            self.buttons[value] = button

    def value(self) -> object:
        return next((value for value, button in self.buttons.items() if button.isChecked()), None)

    def set_value(self, value: object) -> None:
        button = self.buttons.get(value)
        if button is not None:
            button.setChecked(True)

    def set_texts(self, texts: dict[object, str]) -> None:
        for value, text in texts.items():
            self.buttons[value].setText(text)


class Stepper(QWidget):
    """A whole number with large − and + buttons beside the field (spin arrows are too small)."""

    def __init__(self, minimum: int, maximum: int, step: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.minus = touch_button("−", parent=self)
        self.spin = QSpinBox(self)
        self.spin.setRange(minimum, maximum)
        self.spin.setSingleStep(step)
        self.spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.spin.setMinimumSize(120, TOUCH - 4)
        self.plus = touch_button("+", parent=self)
        for button in (self.minus, self.plus):
            button.setFixedWidth(TOUCH + 8)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field takes the arrow keys
        self.minus.clicked.connect(self.spin.stepDown)
        self.plus.clicked.connect(self.spin.stepUp)
        layout.addWidget(self.minus)
        layout.addWidget(self.spin)
        layout.addWidget(self.plus)
        layout.addStretch(1)

    def value(self) -> int:
        return self.spin.value()

    def set_value(self, value: int) -> None:
        self.spin.setValue(value)


def problem_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


def show_problem(label: QLabel, text: str | None, *, good: bool = False) -> None:
    label.setText(text or "")
    label.setStyleSheet(GOOD_STYLE if good else PROBLEM_STYLE)
    label.setVisible(bool(text))


def caption(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("caption")
    label.setWordWrap(True)
    return label


class SettingsPage(QWidget):
    """A page of one form: ``load(form)`` shows it, ``form()`` returns what is on the page,
    :meth:`problem` says what must be fixed before saving. Texts follow ``LanguageChange``."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text again (in the language now installed)."""

    def problem(self) -> str | None:
        """What must be fixed on the page before it can be saved (shown on it), or ``None``."""
        return None


def lines_edit(parent: QWidget, lines: int) -> QPlainTextEdit:
    """A few lines of text (address, footer), as large as the line edits' text."""
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)  # keyboard-only: Tab moves on, as in every other field
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # one receipt line per line
    font = edit.font()
    font.setPointSize(LINE_EDIT_POINTS)
    edit.setFont(font)
    margins = 2 * (edit.document().documentMargin() + edit.frameWidth()) + 4
    edit.setFixedHeight(round(QFontMetrics(font).lineSpacing() * lines + margins))
    return edit


def form_layout() -> QFormLayout:
    """Labels on the left, fields that grow to the right."""
    layout = QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return layout


def field_label(parent: QWidget) -> QLabel:
    """A form's label, centred on the first touch-sized line of its field."""
    label = QLabel(parent)
    label.setMinimumHeight(TOUCH - 4)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label
