"""After the payment: change (large), whether the receipt printed, a new card's number and CSC."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QLayout, QVBoxLayout, QWidget

from cashier.domain.money import Money
from cashier.services.sale import Tender
from cashier.ui.formatting import MoneyFormat, grouped_card_number
from cashier.ui.style import DIALOG_WIDTH, touch_sized
from cashier.ui.till_state import PaymentSummary


class ResultDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never squeezed
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setMinimumWidth(DIALOG_WIDTH)  # the layout's minimum is the dialog's
        layout.addWidget(self.heading)
        self.rows = QGridLayout()
        self.rows.setColumnStretch(1, 1)
        layout.addLayout(self.rows)
        self.change_caption = QLabel(self)
        self.change = QLabel(self)
        self.change.setObjectName("hugeAmount")
        self.change.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.change.setStyleSheet("color: #2e7d32;")
        layout.addWidget(self.change_caption)
        layout.addWidget(self.change)
        self.new_card = QLabel(self)
        self.new_card.setWordWrap(True)
        self.new_card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_card.setStyleSheet(
            "background: #fff8e1; border: 2px solid #f9a825; padding: 8px; font-size: 15pt;"
        )
        layout.addWidget(self.new_card)
        self.printed = QLabel(self)
        self.printed.setWordWrap(True)
        layout.addWidget(self.printed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        touch_sized(self.buttons)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        self.summary: PaymentSummary | None = None

    def show_summary(self, summary: PaymentSummary, money: MoneyFormat) -> None:
        self.summary = summary
        self._fill(summary, money)
        if not self.isVisible():
            self.open()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()

    def _fill(self, summary: PaymentSummary, money: MoneyFormat) -> None:
        self.setWindowTitle(self.tr("Paid"))
        self.heading.setText(self.tr("Sale {number} paid").format(number=summary.sale_number))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Next customer ⏎"))
        tender_names = {
            Tender.CASH: self.tr("Cash"),
            Tender.TERMINAL: self.tr("Card terminal"),
            Tender.SEPA: self.tr("SEPA direct debit"),
            Tender.CARD: self.tr("Customer card"),
        }
        rows: list[tuple[str, str]] = [(self.tr("Sum"), money.amount(summary.total))]
        if summary.paid_by_card.is_positive:
            rows.append((self.tr("Paid by the card"), money.amount(summary.paid_by_card)))
        if summary.tender is not Tender.CARD:
            rows.append((tender_names[summary.tender], money.amount(summary.collected)))
        if summary.given is not None:
            rows.append((self.tr("Given"), money.amount(summary.given)))
        if summary.card_balance_after is not None:
            rows.append((self.tr("Card balance now"), money.amount(summary.card_balance_after)))
        self._set_rows(rows)
        has_change = summary.tender is Tender.CASH and summary.change is not None
        self.change_caption.setVisible(has_change)
        self.change.setVisible(has_change)
        if has_change:
            self.change_caption.setText(self.tr("Change"))
            self.change.setText(money.amount(summary.change or Money(0)))
        self.new_card.setVisible(summary.new_card_number is not None)
        if summary.new_card_number is not None:
            self.new_card.setText(
                self.tr(
                    "New card: <b>{number}</b><br>Security code: <b>{csc}</b><br>Give both to the customer."
                ).format(number=grouped_card_number(summary.new_card_number), csc=summary.new_card_csc or "–")
            )
        if summary.printed:
            self.printed.setText(self.tr("Receipt printed."))
            self.printed.setStyleSheet("")
        else:
            self.printed.setText(self.tr("Receipt NOT printed — the sale is saved; reprint it later."))
            self.printed.setStyleSheet("color: #b71c1c; font-weight: bold;")

    def _set_rows(self, rows: list[tuple[str, str]]) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, (caption, value) in enumerate(rows):
            left, right = QLabel(caption, self), QLabel(value, self)
            right.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.rows.addWidget(left, index, 0)
            self.rows.addWidget(right, index, 1)

    def row_texts(self) -> list[tuple[str, str]]:
        """The rows as shown (for tests and screenshots)."""
        texts = []
        for index in range(self.rows.rowCount()):
            left, right = self.rows.itemAtPosition(index, 0), self.rows.itemAtPosition(index, 1)
            if left is None or right is None:
                continue
            left_label, right_label = left.widget(), right.widget()
            if isinstance(left_label, QLabel) and isinstance(right_label, QLabel):
                texts.append((left_label.text(), right_label.text()))
        return texts
