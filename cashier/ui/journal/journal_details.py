"""One former sale in detail — amounts, card, terminal receipt number, items, its printed
documents and its history — and the words for sale kinds, tenders and states.

:class:`SaleDetailsView` only shows a :class:`SaleDetails`; choosing one of the sale's
documents (for the preview or a reprint) emits ``document_chosen``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.money import Money
from cashier.services.back_office_values import DocumentKind, PrintedDocument, SaleDetails, SaleRow
from cashier.services.sale import SaleKind, SaleState, Tender
from cashier.services.sale_problems import SaleProblem
from cashier.ui.journal.journal_words import shares_line, step_text
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.style import TOUCH

translate = QCoreApplication.translate


def kind_text(kind: SaleKind) -> str:
    return {
        SaleKind.SALE: translate("JournalTexts", "Sale"),
        SaleKind.CARD_LOAD: translate("JournalTexts", "Card load"),
        SaleKind.NEW_CARD: translate("JournalTexts", "New card"),
    }[kind]


def tender_text(tender: Tender | None) -> str:
    if tender is None:
        return "–"
    return {
        Tender.CASH: translate("JournalTexts", "Cash"),
        Tender.TERMINAL: translate("JournalTexts", "Card terminal"),
        Tender.SEPA: translate("JournalTexts", "SEPA debit"),
        Tender.CARD: translate("JournalTexts", "Customer card"),
    }[tender]


def state_text(state: SaleState) -> str:
    if state in (SaleState.EDITING, SaleState.CARD_ATTACHED, SaleState.CSC_OK, SaleState.PRICED):
        return translate("JournalTexts", "open")
    return {
        SaleState.STARTING: translate("JournalTexts", "payment unclear"),
        SaleState.COMPLETED: translate("JournalTexts", "paid, not printed"),
        SaleState.PRINTED: translate("JournalTexts", "paid"),
        SaleState.FAILED: translate("JournalTexts", "declined"),
        SaleState.ABORTED: translate("JournalTexts", "aborted"),
        SaleState.CANCELLING: translate("JournalTexts", "cancellation unclear"),
        SaleState.PENDING: translate("JournalTexts", "direct debit in progress"),
        SaleState.CANCELLED: translate("JournalTexts", "cancelled"),
    }[state]


def row_state_text(row: SaleRow) -> str:
    """The state as the journal shows it: an aborted sale says why it ended."""
    if row.state is SaleState.ABORTED and row.problem is SaleProblem.NOT_CARRIED_OUT:
        return translate("JournalTexts", "not carried out")
    if row.state is SaleState.ABORTED and row.problem is SaleProblem.SET_ASIDE:
        return translate("JournalTexts", "set aside")
    return state_text(row.state)


def problem_text(problem: SaleProblem) -> str:
    """The cashier's words for a sale's last problem (the journal keeps an English sentence)."""
    return {
        SaleProblem.DECLINED: translate("JournalTexts", "The payment was declined — nothing was charged."),
        SaleProblem.NOT_CARRIED_OUT: translate(
            "JournalTexts", "secuconnect confirmed the payment was not carried out — nothing was charged."
        ),
        SaleProblem.NOT_STARTED: translate(
            "JournalTexts", "secuconnect refused to start the payment — nothing was charged."
        ),
        SaleProblem.OUTCOME_UNKNOWN: translate(
            "JournalTexts",
            "secuconnect has not confirmed the payment yet — do not take it again; Check payment (F9).",
        ),
        SaleProblem.SET_ASIDE: translate(
            "JournalTexts",
            "Set aside with its outcome unknown. The till keeps checking it for 30 days and completes "
            "the sale if the payment went through.",
        ),
        SaleProblem.DEBIT_FAILED: translate(
            "JournalTexts", "The direct debit failed after the sale — the money did not come."
        ),
        SaleProblem.CANCEL_UNCLEAR: translate(
            "JournalTexts", "The cancellation is not confirmed yet — give no money back; Check payment (F9)."
        ),
        SaleProblem.CANCEL_REFUSED: translate(
            "JournalTexts", "secuconnect refused the cancellation; the sale stands."
        ),
        SaleProblem.OTHER: translate("JournalTexts", "Something went wrong — see the history below."),
    }[problem]


def document_text(document: PrintedDocument) -> str:
    name = {
        DocumentKind.RECEIPT: translate("JournalTexts", "Receipt"),
        DocumentKind.MERCHANT_COPY: translate("JournalTexts", "Merchant copy"),
        DocumentKind.CANCELLATION: translate("JournalTexts", "Cancellation receipt"),
        DocumentKind.Z_REPORT: translate("JournalTexts", "Z report"),
        DocumentKind.OTHER: translate("JournalTexts", "Document"),
    }[document.kind]
    if document.copy:
        name = translate("JournalTexts", "{document} (copy)").format(document=name)
    fate = (
        translate("JournalTexts", "printed") if document.printed else translate("JournalTexts", "NOT printed")
    )
    return f"{name} · {document.created_at.astimezone().strftime('%H:%M')} · {fate}"


def time_text(row: SaleRow, today: str, money: MoneyFormat) -> str:
    """``12:03`` today, ``03.02. 12:03`` (German) or ``03/02 12:03`` on another day."""
    moment = row.created_at.astimezone()
    if row.business_day == today:
        return moment.strftime("%H:%M")
    return moment.strftime("%d.%m. %H:%M" if money.german else "%d/%m %H:%M")


class SaleDetailsView(QScrollArea):
    document_chosen = Signal(int)  # print job id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.heading = QLabel(body)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(10)
        self.facts.setVerticalSpacing(2)
        self.facts.setColumnStretch(1, 1)
        layout.addLayout(self.facts)
        self.documents_caption = QLabel(body)
        self.documents_caption.setObjectName("caption")
        layout.addWidget(self.documents_caption)
        self.documents = QListWidget(body)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.setMinimumHeight(TOUCH * 2)
        self.documents.currentItemChanged.connect(self._chosen)
        layout.addWidget(self.documents)
        self.items_caption = QLabel(body)
        self.items_caption.setObjectName("caption")
        layout.addWidget(self.items_caption)
        self.items = QLabel(body)
        self.items.setWordWrap(True)
        self.items.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.items)
        self.history_caption = QLabel(body)
        self.history_caption.setObjectName("caption")
        layout.addWidget(self.history_caption)
        self.history = QLabel(body)
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setStyleSheet("color: #555555; font-size: 9pt;")
        layout.addWidget(self.history)
        layout.addStretch(1)
        self.setWidget(body)
        self._filling = False
        self._fact_values: dict[str, QLabel] = {}
        self.show_details(None, None, MoneyFormat("en"))

    def show_details(self, details: SaleDetails | None, chosen: int | None, money: MoneyFormat) -> None:
        self.documents_caption.setText(self.tr("Receipts"))
        self.items_caption.setText(self.tr("Items"))
        self.history_caption.setText(self.tr("History"))
        if details is None:
            self.heading.setText(self.tr("No sale chosen"))
            self._set_facts([])
            self._set_documents((), None)
            self.items.setText("")
            self.history.setText("")
            return
        row = details.row
        self.heading.setText(
            self.tr("No. {number} · {kind}").format(number=row.number, kind=kind_text(row.kind))
        )
        self._set_facts(self._facts(details, money))
        self._set_documents(details.documents, chosen)
        self.items.setText(
            "\n".join(
                f"{item.quantity} × {item.description}   {money.amount(item.total)}" for item in details.items
            )
            or "–"
        )
        self.history.setText("\n".join(step_text(step) for step in details.steps))

    def fact_texts(self) -> dict[str, str]:
        """The facts as shown, caption: value (for tests and screenshots)."""
        return {caption: label.text() for caption, label in self._fact_values.items()}

    # --- inside ---------------------------------------------------------------------------------
    def _facts(self, details: SaleDetails, money: MoneyFormat) -> list[tuple[str, str]]:
        row = details.row
        facts = [
            (self.tr("Time"), row.created_at.astimezone().strftime("%d.%m.%Y %H:%M:%S")),
            (self.tr("State"), row_state_text(row)),
            (self.tr("Sum"), money.amount(details.sum)),
            (self.tr("Paid with"), shares_line(row.money, money)),
        ]
        optional: list[tuple[str, Money | None]] = [
            (self.tr("Given"), details.cash_given),
            (self.tr("Change"), details.change),
            (
                self.tr("Loaded onto the card"),
                details.card_loaded if details.card_loaded.is_positive else None,
            ),
            (
                self.tr("Bonus collected"),
                details.bonus_granted if details.bonus_granted.is_positive else None,
            ),
        ]
        facts += [(caption, money.amount(amount)) for caption, amount in optional if amount is not None]
        texts: list[tuple[str, str | None]] = [
            (self.tr("Card"), row.card_masked),
            (self.tr("New card"), details.new_card_masked),
            (
                self.tr("Terminal receipt no."),
                None if row.receipt_number is None else str(row.receipt_number),
            ),
            (self.tr("Problem"), None if row.problem is None else problem_text(row.problem)),
            (self.tr("Transaction"), row.smart_transaction_id),
            (self.tr("Sale id"), row.sale_id),
        ]
        facts += [(caption, text) for caption, text in texts if text]
        return facts

    def _set_facts(self, facts: list[tuple[str, str]]) -> None:
        while self.facts.count():
            item = self.facts.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._fact_values = {}
        ids = {self.tr("Transaction"), self.tr("Sale id")}
        line = 0
        for caption, value in facts:
            left, right = QLabel(caption), QLabel(value)
            left.setObjectName("caption")
            right.setWordWrap(True)
            right.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(left, line, 0, Qt.AlignmentFlag.AlignTop)
            if caption in ids:  # long and unbreakable: on a line of its own, small
                right.setStyleSheet("font-family: 'DejaVu Sans Mono'; font-size: 9pt;")
                line += 1
                self.facts.addWidget(right, line, 0, 1, 2)
            else:
                self.facts.addWidget(right, line, 1)
            line += 1
            self._fact_values[caption] = right

    def _set_documents(self, documents: tuple[PrintedDocument, ...], chosen: int | None) -> None:
        self._filling = True
        try:
            self.documents.clear()
            for document in documents:
                item = QListWidgetItem(document_text(document))
                item.setData(Qt.ItemDataRole.UserRole, document.job_id)
                item.setSizeHint(QSize(0, TOUCH))
                if not document.printed:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.documents.addItem(item)
                if document.job_id == chosen:
                    self.documents.setCurrentItem(item)
            self.documents.setFixedHeight(max(TOUCH * 2, TOUCH * len(documents) + 6))
        finally:
            self._filling = False

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None and not self._filling:
            self.document_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def chosen_document_text(self) -> str:
        item = self.documents.currentItem()
        return "" if item is None else item.text()
