"""The journal: today's sales of this till, a live search, one sale in detail, and what can be
done with it — preview a receipt (F5), reprint it (F6), cancel the sale (F7), reverse a
terminal payment (F8). Ctrl+F searches, Esc clears the search and then closes.

A view only: it binds to :class:`JournalModel`, which owns the state and starts the work
through the TaskRunner. A cancellation or reversal is confirmed first, with the amount, in a
message box opened with ``open()`` (never ``exec()``). Sized for a 1024×768 screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cashier.services.back_office_values import SaleRow
from cashier.services.sale import SaleState
from cashier.ui.back_office_ports import BackOfficeService
from cashier.ui.journal.journal_details import (
    SaleDetailsView,
    kind_text,
    row_state_text,
    tender_text,
    time_text,
)
from cashier.ui.journal.journal_model import JournalModel, Undo, UndoRequest
from cashier.ui.journal.journal_words import give_back_lines, shares_cell
from cashier.ui.kit.activity_line import ActivityLine
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import UserMessage
from cashier.ui.kit.receipt_preview import ReceiptPreviewDialog
from cashier.ui.kit.style import TOUCH, keyed_row
from cashier.ui.kit.task_runner import TaskRunner

JOURNAL_WIDTH, JOURNAL_HEIGHT = 1000, 700
DETAILS_WIDTH = 380
TIME, NUMBER, KIND, TENDER, TOTAL, STATE = range(6)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _local_day() -> str:
    """Today's business day (local), as the journal writes it."""
    return datetime.now().astimezone().date().isoformat()


def _bullets(row: SaleRow, money: MoneyFormat) -> str:
    """What undoing the sale gives back where, one part a line (from the journal's record)."""
    return "\n".join(f"• {line}" for line in give_back_lines(row.money, money))


class JournalDialog(QDialog):
    def __init__(
        self,
        back_office: BackOfficeService,
        runner: TaskRunner,
        bridge: MessageBridge,
        money: Callable[[], MoneyFormat],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._money = money
        self._today = _local_day()
        self._filling = False
        self.model = JournalModel(back_office, runner, bridge, money, parent=self)
        self.preview = ReceiptPreviewDialog(back_office, runner, bridge, money, parent=self)
        self.confirmation: QMessageBox | None = None
        self.resize(JOURNAL_WIDTH, JOURNAL_HEIGHT)
        self.setMinimumSize(760, 520)
        self._build()
        self._bind()
        self.retranslate()
        self.refresh()

    # --- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        top.addWidget(self.heading)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(420)
        top.addWidget(self.search, 1)
        layout.addLayout(top)

        body = QHBoxLayout()
        self.table = self._build_table()
        body.addWidget(self.table, 1)
        self.details = SaleDetailsView(self)
        self.details.setFixedWidth(DETAILS_WIDTH)
        body.addWidget(self.details)
        layout.addLayout(body, 1)

        self.status = ActivityLine(self)  # what runs now, then what it came to
        layout.addWidget(self.status)
        layout.addLayout(self._build_buttons())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.details.documents)
        self.setTabOrder(self.details.documents, self.buttons["preview"])

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, 6, self)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(TOUCH)  # rows are tapped on a touch screen
        table.verticalHeader().setMinimumSectionSize(TOUCH)
        header = table.horizontalHeader()
        for column, width in ((TIME, 96), (NUMBER, 50), (KIND, 92), (TENDER, 150), (TOTAL, 84)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.Stretch)
        return table

    def _build_buttons(self) -> QHBoxLayout:
        # Enter in the search or the table never clicks one; Esc clears the search first.
        row, self.buttons, self.keys = keyed_row(
            self,
            (
                ("preview", "F5", self._preview),
                ("reprint", "F6", self.model.reprint),
                ("cancel", "F7", self.model.request_cancel),
                ("reverse", "F8", self.model.request_reverse),
                ("settle", "F9", self.model.settle),
                ("close", "Esc", self.close_journal),
            ),
        )
        return row

    def _bind(self) -> None:
        model = self.model
        self.search.textChanged.connect(model.set_search)
        self.search.returnPressed.connect(self.table.setFocus)
        self.table.itemSelectionChanged.connect(self._row_chosen)
        self.table.itemActivated.connect(lambda _item: self._preview())  # Enter or double click
        self.details.document_chosen.connect(model.select_document)
        model.rows_changed.connect(self._show_rows)
        model.selection_changed.connect(self.refresh)
        model.busy_changed.connect(lambda _: self.refresh())
        model.confirmation_requested.connect(self._confirm)
        model.said.connect(self._say)
        self.preview.printed.connect(lambda _document: model.reload())

    # --- opened by the till's Journal button (F2) --------------------------------------------------
    def open_journal(self) -> None:
        """Show today's sales (the search kept empty), the newest chosen, the search focused."""
        self.search.clear()
        self.status.clear()
        self.model.reload()
        if not self.isVisible():
            self.open()
        self.activateWindow()  # its keys (F5…, Esc) work at once
        self._focus_search()

    def close_journal(self) -> None:
        self.done(QDialog.DialogCode.Accepted)

    def search_for(self, text: str) -> None:
        """Show what a search for ``text`` finds (e.g. a card the scanner read while the journal
        is open: the till's screen sends scans here instead of to the card panel)."""
        self.search.setText(text)
        self.table.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc clears a typed search first, then closes (QDialog's Esc)."""
        if event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            self.search.setFocus()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- language -------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Journal"))
        self.heading.setText(self.tr("Journal"))
        find = QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)
        self.search.setPlaceholderText(
            self.tr("Search: card number (or its end), sale or receipt no. ({key})").format(key=find)
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("No."),
                self.tr("Kind"),
                self.tr("Paid with"),
                self.tr("Sum"),
                self.tr("State"),
            ]
        )
        texts = {
            "preview": self.tr("Preview receipt"),
            "reprint": self.tr("Reprint"),
            "cancel": self.tr("Cancel sale"),
            "reverse": self.tr("Reverse terminal payment"),
            "settle": self.tr("Check payment"),
            "close": self.tr("Close"),
        }
        for key, text in texts.items():
            shortcut = self.keys[key].toString(QKeySequence.SequenceFormat.NativeText)
            self.buttons[key].setText(f"{text}\n{shortcut}")
        self._show_rows()

    # --- the model on screen --------------------------------------------------------------------
    def _show_rows(self) -> None:
        money = self._money()
        self._today = _local_day()  # the search also finds sales of other days
        self._filling = True
        try:
            self.table.setRowCount(len(self.model.rows))
            for index, row in enumerate(self.model.rows):
                self._fill_row(index, row, money)
        finally:
            self._filling = False
        self._select_row()
        if self.model.search_text.strip():
            self.heading.setText(self.tr("Journal — {count} found").format(count=len(self.model.rows)))
        else:
            self.heading.setText(self.tr("Journal — today"))

    def _fill_row(self, index: int, row: SaleRow, money: MoneyFormat) -> None:
        cells = {
            TIME: time_text(row, self._today, money),
            NUMBER: str(row.number),
            KIND: kind_text(row.kind),
            TENDER: shares_cell(row.money, money) or tender_text(row.tender),
            TOTAL: money.amount(row.money.sum),
            STATE: row_state_text(row),
        }
        for column, text in cells.items():
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.sale_id)
            if column in (NUMBER, TOTAL):
                item.setTextAlignment(_RIGHT)
            if row.cancelled:
                font = item.font()
                font.setStrikeOut(column == TOTAL)
                item.setFont(font)
                item.setForeground(Qt.GlobalColor.darkRed)
            elif row.unsettled:  # the cashier must notice it: "payment unclear", "cancellation unclear"
                item.setForeground(Qt.GlobalColor.darkYellow)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            elif row.state in (SaleState.ABORTED, SaleState.FAILED):
                item.setForeground(Qt.GlobalColor.gray)
            self.table.setItem(index, column, item)
        self.table.resizeRowToContents(index)  # a sale paid in parts: one line a part

    def _select_row(self) -> None:
        chosen = self.model.selected
        self._filling = True
        try:
            for index, row in enumerate(self.model.rows):
                if chosen is not None and row.sale_id == chosen.sale_id:
                    self.table.selectRow(index)
                    item = self.table.item(index, TIME)
                    if item is not None:
                        self.table.scrollToItem(item)
                    return
            self.table.clearSelection()
        finally:
            self._filling = False

    def refresh(self) -> None:
        model = self.model
        self.details.show_details(
            model.details, None if model.document is None else model.document.job_id, self._money()
        )
        self._select_row()
        self.buttons["preview"].setEnabled(model.can_preview)
        self.buttons["reprint"].setEnabled(model.can_reprint)
        self.buttons["cancel"].setEnabled(model.can_cancel)
        self.buttons["reverse"].setEnabled(model.can_reverse)
        self.buttons["settle"].setEnabled(model.can_settle)
        self.status.show_activity(model.busy, model.activity)

    def _say(self, message: UserMessage) -> None:
        self.status.say(message)

    # --- small bits of view logic ---------------------------------------------------------------
    def _row_chosen(self) -> None:
        if self._filling:
            return
        items = self.table.selectedItems()
        if items:
            self.model.select(str(items[0].data(Qt.ItemDataRole.UserRole)))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _preview(self) -> None:
        document, row = self.model.document, self.model.selected
        if document is None or row is None:
            return
        self.preview.show_receipt(
            document.job_id,
            self.tr("Sale {number}: {document}").format(
                number=row.number, document=self.details.chosen_document_text()
            ),
        )

    def _confirm(self, request: UndoRequest) -> None:
        row, money = request.row, self._money()
        amount = money.amount(row.total)
        if request.undo is Undo.SET_ASIDE:
            title = self.tr("Set the payment aside")
            text = self.tr(
                "secuconnect cannot say yet what became of the payment of sale {number} ({amount}).\n"
                "Set it aside, so that the till takes new sales? Check in SecuOffice whether the "
                "customer was charged. The till keeps checking this payment for 30 days and "
                "completes the sale if it went through."
            ).format(number=row.number, amount=amount)
            yes = self.tr("Set aside")
            no = self.tr("Keep checking")
        elif request.undo is Undo.REVERSE:
            title = self.tr("Reverse terminal payment")
            text = self.tr(
                "Reverse the terminal payment of sale {number} (terminal receipt no. {receipt})?\n"
                "{given_back}\nThis cannot be undone."
            ).format(number=row.number, receipt=row.receipt_number, given_back=_bullets(row, money))
            yes = self.tr("Reverse payment")
            no = self.tr("Keep it")
        else:
            title = self.tr("Cancel sale")
            text = self.tr("Cancel sale {number} of {time}?\n{given_back}\nThis cannot be undone.").format(
                number=row.number,
                time=row.created_at.astimezone().strftime("%H:%M"),
                given_back=_bullets(row, money),
            )
            yes = self.tr("Cancel sale")
            no = self.tr("Keep it")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.button(QMessageBox.StandardButton.Yes).setText(f"{yes}\n⏎")
        box.button(QMessageBox.StandardButton.No).setText(no + "\nEsc")
        for button in box.buttons():
            button.setMinimumSize(2 * TOUCH + 40, TOUCH)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(
            lambda button: self._confirmed(
                request, box.standardButton(button) == QMessageBox.StandardButton.Yes
            )
        )
        self.confirmation = box
        box.open()

    def _confirmed(self, request: UndoRequest, yes: bool) -> None:
        self.confirmation = None
        if yes:
            self.model.confirm(request)
