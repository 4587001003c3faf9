"""SEPA direct debit (F7): IBAN, account holder and the mandate the customer agrees to.

The IBAN is checked while it is typed (:func:`cashier.domain.iban.check_iban_prefix`: country,
length, check digits) and the problem is said in words under the field; a complete, valid IBAN
turns the line green. The field shows the IBAN in blocks of four as it is typed or pasted:
lower case, spaces, dashes, an ``IBAN:`` label and other characters a scanner adds are
dropped, and the cursor stays after the character it was after (:class:`IbanEdit`).

OK ("Confirm debit") is enabled only with a valid IBAN and a holder's name; it, or Enter,
emits ``confirmed(iban, holder)`` once (the IBAN in electronic form). Esc cancels. The merchant
copy the customer signs is printed by the payment. Opened with ``open()``, never ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.iban import IbanError, IbanStatus, check_iban_prefix
from cashier.domain.money import Money
from cashier.ui.kit.confirm_buttons import ConfirmButtons
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.messages import describe

SEPA_DIALOG_WIDTH: Final = 560
"""Wide enough for the mandate text to read as a paragraph, not a column."""
HOLDER_MAX_LENGTH: Final = 70  # a SEPA name has at most 70 characters
_GROUP: Final = 4
_LABEL: Final = "IBAN"


def _alphanumeric(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum()).upper()


def iban_characters(text: str) -> str:
    """What of ``text`` can be part of an IBAN: ASCII letters and digits, upper case, without a
    leading ``IBAN`` label (``"iban: de89-3704 …"`` → ``"DE893704…"``)."""
    kept = _alphanumeric(text)
    return kept[len(_LABEL) :] if kept.startswith(_LABEL) and len(kept) > len(_LABEL) else kept


def grouped_iban(characters: str) -> str:
    return " ".join(characters[i : i + _GROUP] for i in range(0, len(characters), _GROUP))


def grouped_position(count: int) -> int:
    """Where the cursor goes after the ``count``-th character of a grouped IBAN."""
    return count + (count - 1) // _GROUP if count > 0 else 0


class IbanEdit(QLineEdit):
    """A line edit that keeps an IBAN in blocks of four while it is typed, pasted or deleted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(64)  # 34 characters and their spaces, with room for a pasted label
        self.textEdited.connect(self._regroup)

    @property
    def characters(self) -> str:
        return iban_characters(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Backspace or Delete next to a block's space removes the character beyond it."""
        if not self.hasSelectedText():
            text, cursor = self.text(), self.cursorPosition()
            if event.key() == Qt.Key.Key_Backspace and cursor > 1 and text[cursor - 1] == " ":
                self.setCursorPosition(cursor - 1)
            elif event.key() == Qt.Key.Key_Delete and cursor < len(text) - 1 and text[cursor] == " ":
                self.setCursorPosition(cursor + 1)
        super().keyPressEvent(event)

    def _regroup(self, text: str) -> None:
        characters = iban_characters(text)
        count = len(_alphanumeric(text[: self.cursorPosition()]))
        count -= len(_alphanumeric(text)) - len(characters)  # a dropped label stood before the cursor
        grouped = grouped_iban(characters)
        if grouped != text:
            self.setText(grouped)
            self.setCursorPosition(grouped_position(max(0, min(count, len(characters)))))


class SepaDialog(QDialog):
    confirmed = Signal(str, str)  # IBAN (electronic form), account holder

    def __init__(
        self, creditor: Callable[[], str], money: Callable[[], MoneyFormat], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._creditor = creditor  # read at each debit: the shop's name may change in the settings
        self._money = money
        self.due = Money(0)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never squeezed
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setMinimumWidth(SEPA_DIALOG_WIDTH)
        layout.addWidget(self.heading)
        fields = QGridLayout()
        fields.setColumnStretch(1, 1)
        self.due_caption, self.due_label = QLabel(self), QLabel(self)
        self.due_label.setObjectName("bigAmount")
        self.due_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.iban_caption, self.iban = QLabel(self), IbanEdit(self)
        self.iban.textChanged.connect(self._update)
        self.iban.returnPressed.connect(self._enter)
        self.iban_status = QLabel(self)  # room for two lines, always: nothing jumps while typing
        self.iban_status.setWordWrap(True)
        self.iban_status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.iban_status.setMinimumHeight(2 * self.iban_status.fontMetrics().lineSpacing() + 4)
        self.holder_caption, self.holder = QLabel(self), QLineEdit(self)
        self.holder.setMaxLength(HOLDER_MAX_LENGTH)
        self.holder.textChanged.connect(self._update)
        self.holder.returnPressed.connect(self._enter)
        self.holder_status = QLabel(self)
        self.holder_status.setWordWrap(True)
        self.holder_status.setMinimumHeight(self.holder_status.fontMetrics().lineSpacing() + 4)
        self.holder_status.setStyleSheet("color: #b71c1c; font-weight: bold;")
        for row, (caption, value) in enumerate(
            (
                (self.due_caption, self.due_label),
                (self.iban_caption, self.iban),
                (None, self.iban_status),
                (self.holder_caption, self.holder),
                (None, self.holder_status),
            )
        ):
            if caption is not None:
                fields.addWidget(caption, row, 0)
            fields.addWidget(value, row, 1)
        layout.addLayout(fields)
        self.mandate = QLabel(self)
        self.mandate.setWordWrap(True)
        self.mandate.setTextFormat(Qt.TextFormat.RichText)
        self.mandate.setStyleSheet("background: #f5f5f5; border: 1px solid #bdbdbd; padding: 8px;")
        layout.addWidget(self.mandate)
        self.buttons = ConfirmButtons(self, self._confirm)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.iban, self.holder)
        self.setTabOrder(self.holder, self.ok_button)
        self.retranslate()

    @property
    def creditor(self) -> str:
        """The shop's name as it is now (the mandate authorises it)."""
        return self._creditor().strip() or self.tr("this shop")

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.ok_button

    @property
    def iban_valid(self) -> bool:
        return check_iban_prefix(self.iban.characters).status is IbanStatus.COMPLETE_VALID

    @property
    def holder_name(self) -> str:
        return " ".join(self.holder.text().split())

    def retranslate(self) -> None:
        money = self._money()
        self.setWindowTitle(self.tr("SEPA direct debit"))
        self.heading.setText(self.tr("SEPA direct debit"))
        self.due_caption.setText(self.tr("To pay"))
        self.due_label.setText(money.amount(self.due))
        self.iban_caption.setText(self.tr("IBAN"))
        self.iban.setPlaceholderText("DE00 0000 0000 0000 0000 00")
        self.holder_caption.setText(self.tr("Account holder"))
        self.holder.setPlaceholderText(self.tr("First name and surname, as on the bank card"))
        self.mandate.setText(
            "<b>"
            + self.tr("SEPA direct debit mandate")
            + "</b><br>"
            + self.tr(
                "I authorise {creditor} to collect a payment of {amount} from my account by direct "
                "debit. At the same time I instruct my bank to honour the direct debit drawn on my "
                "account by {creditor}. Note: I can demand a refund of the amount debited within "
                "eight weeks, starting with the date of the debit, under the conditions agreed with "
                "my bank."
            ).format(creditor=_html(self.creditor), amount=money.amount(self.due))
            + "<br><i>"
            + self.tr("The customer agrees by signing the merchant copy of the receipt.")
            + "</i>"
        )
        self.buttons.label(self.tr("Confirm debit ⏎"), self.tr("Cancel Esc"))
        self._update()

    def ask(self, due: Money) -> None:
        """Open (again) for a debit of ``due``, with empty fields."""
        self.due = due
        self.iban.clear()
        self.holder.clear()
        self.holder_status.clear()
        self.retranslate()
        if not self.isVisible():
            self.open()
        self.iban.setFocus()

    # --- live checks ----------------------------------------------------------------------------
    def _update(self) -> None:
        progress = check_iban_prefix(self.iban.characters)
        if progress.status is IbanStatus.COMPLETE_VALID:
            text, colour = self.tr("✓ IBAN is valid"), "#2e7d32"
        elif progress.status is IbanStatus.INVALID and progress.problem is not None:
            text = describe(IbanError(progress.problem, progress.problem.value), self._money()).text
            colour = "#b71c1c"
        elif progress.expected is not None:
            text = self.tr("{entered} of {expected} characters").format(
                entered=progress.entered, expected=progress.expected
            )
            colour = "#555555"
        else:
            text, colour = self.tr("Starts with the country, e.g. DE"), "#555555"
        self.iban_status.setText(text)
        self.iban_status.setStyleSheet(f"color: {colour}; font-weight: bold;")
        if self.holder_name:
            self.holder_status.clear()
        self.ok_button.setEnabled(self.iban_valid and bool(self.holder_name))

    def _enter(self) -> None:
        """Enter: confirm when all is there, else go to what is missing."""
        if self.ok_button.isEnabled():
            self._confirm()
        elif not self.iban_valid:
            self.iban.setFocus()
        else:
            self.holder_status.setText(self.tr("Please enter the account holder's name."))
            self.holder.setFocus()

    def _confirm(self) -> None:
        if not self.ok_button.isEnabled() or not self.iban_valid or not self.holder_name:
            return
        self.ok_button.setEnabled(False)  # a double click starts one debit
        iban, holder = self.iban.characters, self.holder_name
        self.accept()
        self.confirmed.emit(iban, holder)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
