"""Asking for the card's security code (CSC) or PIN: masked, with the tries left.

The dialog stays open across wrong tries: the view-model answers a submitted code with
another ``ask`` (tries left, what was wrong) or with ``finish``. Closing it (Esc, Cancel)
emits ``rejected``. Opened with ``open()``, never ``exec()``.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QLabel, QLayout, QLineEdit, QVBoxLayout, QWidget

from cashier.domain.security_codes import CSC_LENGTH, PIN_MAX_LENGTH
from cashier.ui.kit.confirm_buttons import ConfirmButtons
from cashier.ui.kit.keypad import NumericKeypad
from cashier.ui.kit.style import DIALOG_WIDTH, fit_to_content


class CodeKind(StrEnum):
    CSC = "csc"
    PIN = "pin"


class SecurityCodeDialog(QDialog):
    submitted = Signal(str)

    def __init__(self, kind: CodeKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never squeezed
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setMinimumWidth(DIALOG_WIDTH)  # the layout's minimum is the dialog's
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.code = QLineEdit(self)
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        longest = CSC_LENGTH if kind is CodeKind.CSC else PIN_MAX_LENGTH
        self.code.setMaxLength(longest)
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{longest}}}"), self))
        layout.addWidget(self.code)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c; font-weight: bold;")
        layout.addWidget(self.problem)
        self.tries = QLabel(self)
        layout.addWidget(self.tries)
        self.keypad = NumericKeypad(self.code, with_action=False, parent=self)
        self.keypad.decimal.setEnabled(False)
        layout.addWidget(self.keypad)
        self.buttons = ConfirmButtons(self, self._submit)
        layout.addWidget(self.buttons)
        self._tries_left: int | None = None
        self.retranslate()

    @property
    def ok_button(self) -> QWidget:
        return self.buttons.ok_button

    def retranslate(self) -> None:
        if self.kind is CodeKind.CSC:
            self.setWindowTitle(self.tr("Security code"))
            self.heading.setText(self.tr("Card security code"))
            self.hint.setText(self.tr("The 4 digits on the back of the card. The customer may type them."))
        else:
            self.setWindowTitle(self.tr("PIN"))
            self.heading.setText(self.tr("The card's PIN"))
            self.hint.setText(self.tr("This card asks for its PIN. Let the customer type it."))
        self.buttons.label(self.tr("Check ⏎"), self.tr("Cancel Esc"))
        if self._tries_left is not None:
            self.tries.setText(self.tr("%n tries left", "", self._tries_left))

    def ask(self, tries_left: int | None = None, problem: str = "") -> None:
        """Show the dialog (again) for a new try."""
        self._tries_left = tries_left
        self.code.clear()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.tries.setVisible(tries_left is not None and not problem)  # the problem says it already
        self.retranslate()
        self.ok_button.setEnabled(True)
        if not self.isVisible():
            self.open()
        fit_to_content(self)  # a wrapped problem line must not push the keypad out
        QTimer.singleShot(0, self, lambda: fit_to_content(self))  # again once the styles are polished
        self.code.setFocus()

    def finish(self) -> None:
        if self.isVisible():
            self.accept()

    def _submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.ok_button.setEnabled(False)  # until the answer: one check per try
        self.submitted.emit(self.code.text())
