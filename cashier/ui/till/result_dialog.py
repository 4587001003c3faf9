"""After the payment: change (large), whether the receipt printed, a new card's number and CSC.

A new card's number and security code are shown large: the code is printed once on the
customer's receipt and stored nowhere, so if the receipt did not print, the cashier must
write it down now (the dialog says so). After a SEPA debit the dialog reminds the cashier
to have the merchant copy signed; after a card load it shows the card's new balance.

The dialog opens as soon as the payment is done; the receipts print meanwhile, and
:meth:`ResultDialog.show_printed` then says whether they came out (a printer that does not
answer takes its timeout, and the cashier has long seen the change).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.money import Money
from cashier.services.sale import Tender
from cashier.ui.kit.formatting import MoneyFormat, grouped_card_number
from cashier.ui.kit.style import DIALOG_WIDTH, touch_sized
from cashier.ui.till.till_state import PaymentSummary


class ResultDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = self._layout = QVBoxLayout(self)
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
        self.signature = QLabel(self)
        self.signature.setWordWrap(True)
        self.signature.setStyleSheet(
            "background: #fff3e0; border: 2px solid #ef6c00; padding: 8px; font-size: 14pt; font-weight: bold;"
        )
        layout.addWidget(self.signature)
        self._build_new_card(layout)
        self.printed = QLabel(self)
        self.printed.setWordWrap(True)
        layout.addWidget(self.printed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        touch_sized(self.buttons)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        self.summary: PaymentSummary | None = None

    def _build_new_card(self, layout: QVBoxLayout) -> None:
        self.new_card = QFrame(self)
        self.new_card.setObjectName("newCard")
        self.new_card.setStyleSheet("QFrame#newCard { background: #fff8e1; border: 2px solid #f9a825; }")
        box = QGridLayout(self.new_card)
        self.new_card_caption, self.csc_caption = QLabel(self.new_card), QLabel(self.new_card)
        self.new_card_number, self.new_card_csc = QLabel(self.new_card), QLabel(self.new_card)
        self.new_card_number.setStyleSheet("font-size: 24pt; font-weight: bold;")
        self.new_card_csc.setObjectName("hugeAmount")
        for value in (self.new_card_number, self.new_card_csc):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.new_card_note = QLabel(self.new_card)
        self.new_card_note.setWordWrap(True)
        box.addWidget(self.new_card_caption, 0, 0)
        box.addWidget(self.new_card_number, 0, 1)
        box.addWidget(self.csc_caption, 1, 0)
        box.addWidget(self.new_card_csc, 1, 1)
        box.addWidget(self.new_card_note, 2, 0, 1, 2)
        box.setColumnStretch(1, 1)
        layout.addWidget(self.new_card)

    def show_summary(self, summary: PaymentSummary, money: MoneyFormat) -> None:
        self.summary = summary
        self._fill(summary, money)
        self._fit()
        if not self.isVisible():
            self.open()
        QTimer.singleShot(0, self, self._fit)  # again once the new styles are polished
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()

    def _fit(self) -> None:
        """Wrapped notes come and go from one sale to the next: the dialog (reused, maybe still
        open) takes the height its new content needs at its width — a layout's minimum size
        does not count wrapped lines."""
        layout = self._layout
        layout.activate()
        width = max(self.width(), self.minimumSizeHint().width())
        height = self.heightForWidth(width) if layout.hasHeightForWidth() else -1
        self.resize(width, max(height, self.minimumSizeHint().height()))

    def _fill(self, summary: PaymentSummary, money: MoneyFormat) -> None:
        self.setWindowTitle(self.tr("Paid"))
        if summary.new_card_number is not None and summary.total.is_zero:
            self.heading.setText(
                self.tr("New card issued (sale {number})").format(number=summary.sale_number)
            )
        elif summary.offline:  # booked with secuconnect later (docs/offline.md)
            self.heading.setText(self.tr("Sale {number} paid offline").format(number=summary.sale_number))
        else:
            self.heading.setText(self.tr("Sale {number} paid").format(number=summary.sale_number))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Next customer ⏎"))
        tender_names = {
            Tender.CASH: self.tr("Cash"),
            Tender.TERMINAL: self.tr("Card terminal"),
            Tender.SEPA: self.tr("SEPA direct debit"),
            Tender.CARD: self.tr("Customer card"),
        }
        rows: list[tuple[str, str]] = [(self.tr("Sum"), money.amount(summary.total))]
        if summary.card_balance_used.is_positive:
            rows.append((self.tr("From the card balance"), money.amount(summary.card_balance_used)))
        if summary.bonus_used.is_positive:
            rows.append((self.tr("From the bonus"), money.amount(summary.bonus_used)))
        nothing_to_pay = summary.total.is_zero and not summary.paid_by_card.is_positive
        if summary.tender is not Tender.CARD and not nothing_to_pay:
            rows.append((tender_names[summary.tender], money.amount(summary.collected)))
        if summary.given is not None and not nothing_to_pay:
            rows.append((self.tr("Given"), money.amount(summary.given)))
        if summary.card_balance_after is not None:
            rows.append((self.tr("Card balance now"), money.amount(summary.card_balance_after)))
        if summary.bonus_after is not None:
            rows.append((self.tr("Bonus now"), money.amount(summary.bonus_after)))
        self._set_rows(rows)
        has_change = summary.tender is Tender.CASH and summary.change is not None and not nothing_to_pay
        self.change_caption.setVisible(has_change)
        self.change.setVisible(has_change)
        if has_change:
            self.change_caption.setText(self.tr("Change"))
            self.change.setText(money.amount(summary.change or Money(0)))
        self.signature.setVisible(summary.signature_needed)
        self.signature.setText(self.tr("Have the customer sign the merchant copy."))
        self._show_new_card(summary)
        self._show_printed(summary)

    def show_printed(self, summary: PaymentSummary) -> None:
        """The receipts of the sale shown went to the printer (or did not): say so."""
        if self.summary is None or self.summary.sale_number != summary.sale_number:
            return  # another sale is shown by now
        self.summary = summary
        self._show_printed(summary)
        self._show_new_card_note(summary)
        self._fit()
        if summary.new_card_number is not None and not summary.printed and not self.isVisible():
            # The security code did not print and exists nowhere else: show it again, now.
            self.open()
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()

    def _show_printed(self, summary: PaymentSummary) -> None:
        if summary.printing:
            self.printed.setText(self.tr("Printing the receipt…"))
            self.printed.setStyleSheet("color: #555555;")
        elif summary.on_screen:
            self.printed.setText(self.tr("Receipt shown on screen (preview printer — nothing was printed)."))
            self.printed.setStyleSheet("")
        elif summary.printed:
            self.printed.setText(self.tr("Receipt printed."))
            self.printed.setStyleSheet("")
        else:
            self.printed.setText(self.tr("Receipt NOT printed — the sale is saved; reprint it later."))
            self.printed.setStyleSheet("color: #b71c1c; font-weight: bold;")

    def _show_new_card(self, summary: PaymentSummary) -> None:
        self.new_card.setVisible(summary.new_card_number is not None or summary.new_card_unreported)
        if summary.new_card_unreported:
            self.new_card_caption.setText(self.tr("New card"))
            self.new_card_number.setText("–")
            self.csc_caption.setText(self.tr("Security code (CSC)"))
            self.new_card_csc.setText(summary.new_card_csc or "–")
            self.new_card_note.setText(
                self.tr(
                    "The card was created, but secuconnect did not report its number. Look it up in "
                    "SecuOffice before the customer leaves; the receipt says the same."
                )
            )
            self.new_card_note.setStyleSheet("color: #b71c1c; font-weight: bold;")
            return
        if summary.new_card_number is None:
            return
        self.new_card_caption.setText(self.tr("New card"))
        self.new_card_number.setText(grouped_card_number(summary.new_card_number))
        self.csc_caption.setText(self.tr("Security code (CSC)"))
        self.new_card_csc.setText(summary.new_card_csc or "–")
        self._show_new_card_note(summary)

    def _show_new_card_note(self, summary: PaymentSummary) -> None:
        if summary.new_card_number is None:
            return
        if summary.printing:
            self.new_card_note.setText(
                self.tr(
                    "The receipt with the security code is printing. The code is printed once; it is "
                    "not stored and cannot be printed again."
                )
            )
            self.new_card_note.setStyleSheet("")
        elif summary.printed:
            self.new_card_note.setText(
                self.tr(
                    "Give the card and the receipt to the customer. The security code is printed "
                    "once on the receipt; it is not stored and cannot be printed again."
                )
            )
            self.new_card_note.setStyleSheet("")
        else:
            self.new_card_note.setText(
                self.tr(
                    "The receipt did not print: write the security code down for the customer now — "
                    "it is not stored and cannot be printed again."
                )
            )
            self.new_card_note.setStyleSheet("color: #b71c1c; font-weight: bold;")

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
