"""The basket as a table: article, quantity with − and +, unit price, line total, remove."""

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
from cashier.ui.formatting import MoneyFormat
from cashier.ui.style import TOUCH

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

    def show_lines(self, lines: tuple[BasketLine, ...], money: MoneyFormat, *, editable: bool) -> None:
        self.setRowCount(len(lines))
        for row, line in enumerate(lines):
            self.setItem(row, ARTICLE, QTableWidgetItem(line.description))
            self.setCellWidget(row, QUANTITY, self._quantity_cell(row, line.quantity, editable))
            for column, amount in ((PRICE, line.unit_price), (TOTAL, line.total)):
                item = QTableWidgetItem(money.amount(amount))
                item.setTextAlignment(_RIGHT)
                self.setItem(row, column, item)
            remove = self._button("✕", self.remove, row, editable)
            remove.setToolTip(self.tr("Remove this line"))
            self.setCellWidget(row, REMOVE, remove)
        if lines:
            self.scrollToBottom()

    def quantity_buttons(self, row: int) -> tuple[QPushButton, QPushButton]:
        cell = self.cellWidget(row, QUANTITY)
        minus, plus = cell.findChildren(QPushButton)
        return minus, plus

    def remove_button(self, row: int) -> QPushButton:
        button = self.cellWidget(row, REMOVE)
        assert isinstance(button, QPushButton)
        return button

    def _quantity_cell(self, row: int, quantity: int, editable: bool) -> QWidget:
        cell = QWidget()
        layout = QHBoxLayout(cell)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        layout.addWidget(self._button("−", self.decrement, row, editable))
        count = QLabel(str(quantity), cell)
        count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        count.setMinimumWidth(30)
        layout.addWidget(count)
        layout.addWidget(self._button("+", self.increment, row, editable))
        return cell

    def _button(self, text: str, signal: SignalInstance, row: int, editable: bool) -> QPushButton:
        button = QPushButton(text)
        button.setFixedSize(TOUCH, TOUCH)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setEnabled(editable)
        button.clicked.connect(lambda _=False: signal.emit(row))
        return button
