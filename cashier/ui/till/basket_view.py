"""The basket as a table: article, quantity with − and +, unit price, line total, remove.

The view refreshes after every change of the sale (about 20 times per sale): rows are updated
in place and only rows that are new get their cell widgets. Building every row's widgets anew
held the event loop for 50–80 ms with five lines (benchmarks, ``eventloop.*``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from cashier.domain.basket import BasketLine
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.style import TOUCH

ARTICLE, QUANTITY, PRICE, TOTAL, REMOVE = range(5)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class BasketView(QTableWidget):
    increment = Signal(int)
    decrement = Signal(int)
    remove = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(TOUCH + 4)
        header = self.horizontalHeader()
        header.setSectionResizeMode(ARTICLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((QUANTITY, 150), (PRICE, 84), (TOTAL, 92), (REMOVE, 54)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [self.tr("Article"), self.tr("Quantity"), self.tr("Price"), self.tr("Total"), ""]
        )
        for row in range(self.rowCount()):
            self.remove_button(row).setToolTip(self.tr("Remove this line"))

    def show_lines(self, lines: tuple[BasketLine, ...], money: MoneyFormat, *, editable: bool) -> None:
        before = self.rowCount()
        if len(lines) != before:
            self.setRowCount(len(lines))  # rows that go take their cell widgets with them
        for row, line in enumerate(lines):
            if row >= before:
                self.setCellWidget(row, QUANTITY, self._quantity_cell(row))
                remove = self._button("✕", self.remove, row)
                remove.setToolTip(self.tr("Remove this line"))
                self.setCellWidget(row, REMOVE, remove)
            self._set_text(row, ARTICLE, line.description)
            self._set_text(row, PRICE, money.amount(line.unit_price))
            self._set_text(row, TOTAL, money.amount(line.total))
            count = self.cellWidget(row, QUANTITY).findChild(QLabel)
            if count is not None and count.text() != str(line.quantity):
                count.setText(str(line.quantity))
            for button in (*self.quantity_buttons(row), self.remove_button(row)):
                if button.isEnabled() != editable:
                    button.setEnabled(editable)
        if len(lines) > before:
            self.scrollToBottom()

    def _set_text(self, row: int, column: int, text: str) -> None:
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem(text)
            if column != ARTICLE:
                item.setTextAlignment(_RIGHT)
            self.setItem(row, column, item)
        elif item.text() != text:
            item.setText(text)

    def quantity_buttons(self, row: int) -> tuple[QPushButton, QPushButton]:
        cell = self.cellWidget(row, QUANTITY)
        minus, plus = cell.findChildren(QPushButton)
        return minus, plus

    def remove_button(self, row: int) -> QPushButton:
        button = self.cellWidget(row, REMOVE)
        assert isinstance(button, QPushButton)
        return button

    def _quantity_cell(self, row: int) -> QWidget:
        cell = QWidget()
        layout = QHBoxLayout(cell)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        layout.addWidget(self._button("−", self.decrement, row))
        count = QLabel(cell)
        count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        count.setMinimumWidth(30)
        layout.addWidget(count)
        layout.addWidget(self._button("+", self.increment, row))
        return cell

    def _button(self, text: str, signal: SignalInstance, row: int) -> QPushButton:
        """A button of row ``row`` (rows are positions: row 2 stays row 2 whatever it shows)."""
        button = QPushButton(text)
        button.setFixedSize(TOUCH, TOUCH)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _=False: signal.emit(row))
        return button
