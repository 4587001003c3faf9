"""An on-screen numeric keypad for a touch screen, typing into one line edit."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from cashier.ui.kit.style import touch_button

_DIGITS = (("7", 0, 0), ("8", 0, 1), ("9", 0, 2), ("4", 1, 0), ("5", 1, 1), ("6", 1, 2))
_LOW = (("1", 2, 0), ("2", 2, 1), ("3", 2, 2), ("0", 3, 0), ("00", 3, 1))


class NumericKeypad(QWidget):
    """Digits, ``00``, the decimal mark, backspace, clear and (optionally) one action key.

    The keys type into :attr:`target`; ``action`` is emitted by the action key (e.g. "Add").
    """

    action = Signal()

    def __init__(self, target: QLineEdit, *, with_action: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for text, row, column in (*_DIGITS, *_LOW):
            button = touch_button(text, parent=self)
            button.clicked.connect(lambda _=False, t=text: self._type(t))
            grid.addWidget(button, row, column)
        self.decimal = touch_button(parent=self)
        self.decimal.clicked.connect(lambda: self._type(self.decimal.text()))
        grid.addWidget(self.decimal, 3, 2)
        self.backspace = touch_button("⌫", parent=self)
        self.backspace.clicked.connect(self._backspace)
        grid.addWidget(self.backspace, 0, 3)
        self.clear = touch_button("C", parent=self)
        self.clear.clicked.connect(target.clear)
        grid.addWidget(self.clear, 1, 3)
        self.action_button: QPushButton | None = None
        if with_action:
            self.action_button = touch_button(parent=self)
            self.action_button.clicked.connect(self.action)
            grid.addWidget(self.action_button, 2, 3, 2, 1)
        self.retranslate()

    def set_action_text(self, text: str) -> None:
        if self.action_button is not None:
            self.action_button.setText(text)

    def retranslate(self) -> None:
        self.decimal.setText(QLocale().decimalPoint())
        self.backspace.setToolTip(self.tr("Delete the last character"))
        self.clear.setToolTip(self.tr("Clear the field"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.LocaleChange):
            self.retranslate()
        super().changeEvent(event)

    def _type(self, text: str) -> None:
        self.target.insert(text)
        self.target.setFocus()

    def _backspace(self) -> None:
        self.target.backspace()
        self.target.setFocus()
