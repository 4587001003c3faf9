"""End of day: the Z report of the business day — its figures and its picture as it prints —
Print (F5), the card terminal's end of day (F6, confirmed first) and diagnosis (F7) with the
terminal's answer, Close (Esc).

A view only: it binds to :class:`EndOfDayModel`. Sized for a 1024×768 screen: the report's
picture on the left (scrolls, fit to its width), figures and the terminal's answer on the right.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.report_lines import ZLine, ZReportLine, z_report_lines
from cashier.domain.reports import OpenKind, ZReport
from cashier.ui.back_office_ports import BackOfficeService
from cashier.ui.end_of_day.end_of_day_model import EndOfDayModel, TerminalCall
from cashier.ui.kit.activity_line import ActivityLine
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import UserMessage
from cashier.ui.kit.receipt_preview import ReceiptImageView
from cashier.ui.kit.style import TOUCH, keyed_row
from cashier.ui.kit.task_runner import TaskRunner

END_OF_DAY_WIDTH, END_OF_DAY_HEIGHT = 1000, 700
SIDE_WIDTH = 440
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class EndOfDayDialog(QDialog):
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
        self.model = EndOfDayModel(back_office, runner, bridge, money, parent=self)
        self.confirmation: QMessageBox | None = None
        self._shown_png: bytes | None = None
        self.resize(END_OF_DAY_WIDTH, END_OF_DAY_HEIGHT)
        self.setMinimumSize(760, 520)
        self._build()
        self.model.changed.connect(self.refresh)
        self.model.said.connect(self._say)
        self.model.confirmation_requested.connect(self._confirm)
        self.retranslate()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        layout.addWidget(self.heading)
        body = QHBoxLayout()
        self.image = ReceiptImageView(self)
        body.addWidget(self.image, 1)
        body.addWidget(self._build_side())
        layout.addLayout(body, 1)
        self.status = ActivityLine(self)  # what runs now, then what it came to
        layout.addWidget(self.status)
        layout.addLayout(self._build_buttons())
        self.setTabOrder(self.buttons["print"], self.buttons["terminal"])
        self.setTabOrder(self.buttons["terminal"], self.buttons["diagnosis"])
        self.setTabOrder(self.buttons["diagnosis"], self.buttons["close"])
        self.setTabOrder(self.buttons["close"], self.image)

    def _build_side(self) -> QWidget:
        side = QVBoxLayout()
        self.figures_box = QGroupBox(self)
        self.figures = QGridLayout(self.figures_box)
        self.figures.setColumnStretch(0, 1)
        self.figures.setVerticalSpacing(3)
        side.addWidget(self.figures_box)
        self.terminal_box = QGroupBox(self)
        terminal = QVBoxLayout(self.terminal_box)
        self.terminal_answer = QPlainTextEdit(self.terminal_box)
        self.terminal_answer.setReadOnly(True)
        self.terminal_answer.setFont(QFont("DejaVu Sans Mono", 10))
        self.terminal_answer.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        terminal.addWidget(self.terminal_answer)
        side.addWidget(self.terminal_box, 1)
        side_widget = QWidget(self)
        side_widget.setFixedWidth(SIDE_WIDTH)
        side_widget.setLayout(side)
        side.setContentsMargins(0, 0, 0, 0)
        return side_widget

    def _build_buttons(self) -> QHBoxLayout:
        row, self.buttons, self.keys = keyed_row(
            self,
            (
                ("print", "F5", self.model.print_report),
                ("terminal", "F6", self.model.request_terminal_end_of_day),
                ("diagnosis", "F7", self.model.run_diagnosis),
                ("close", "Esc", self.reject),
            ),
        )
        return row

    # --- opened by the till's End of day button (F3) -----------------------------------------------
    def open_end_of_day(self) -> None:
        """Show the dialog and (re)make today's Z report."""
        self.status.clear()
        if not self.isVisible():
            self.open()
        self.activateWindow()  # its keys (F5…, Esc) work at once
        self.buttons["print"].setFocus()
        self.model.load()

    # --- language -------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("End of day"))
        self.figures_box.setTitle(self.tr("Z report"))
        self.terminal_box.setTitle(self.tr("Card terminal"))
        texts = {
            "print": self.tr("Print Z report"),
            "terminal": self.tr("Terminal end of day"),
            "diagnosis": self.tr("Terminal diagnosis"),
            "close": self.tr("Close"),
        }
        for key, text in texts.items():
            shortcut = self.keys[key].toString(QKeySequence.SequenceFormat.NativeText)
            self.buttons[key].setText(f"{text}\n{shortcut}")
        self.refresh()

    # --- the model on screen --------------------------------------------------------------------
    def refresh(self) -> None:
        model, money = self.model, self._money()
        preview = model.preview
        report = preview.report if preview is not None else None
        if report is None:
            self.heading.setText(self.tr("End of day"))
            self.image.clear_picture()
        else:
            self.heading.setText(
                self.tr("End of day — {day}").format(day=report.business_day.strftime("%d.%m.%Y"))
            )
            if preview is not None and preview.png is not self._shown_png:
                self.image.show_png(preview.png)
                self._shown_png = preview.png
        self._show_figures(report, money)
        self._show_answer()
        self.buttons["print"].setEnabled(model.can_print)
        self.buttons["terminal"].setEnabled(model.can_call_terminal)
        self.buttons["diagnosis"].setEnabled(model.can_call_terminal)
        self.status.show_activity(model.busy, model.activity)

    def figure_texts(self) -> dict[str, str]:
        """The figures as shown, caption: value (for tests and screenshots)."""
        texts: dict[str, str] = {}
        for index in range(self.figures.rowCount()):
            left, right = self.figures.itemAtPosition(index, 0), self.figures.itemAtPosition(index, 1)
            if left is not None and right is not None:
                caption, value = left.widget(), right.widget()
                if isinstance(caption, QLabel) and isinstance(value, QLabel):
                    texts[caption.text()] = value.text()
        return texts

    def _show_figures(self, report: ZReport | None, money: MoneyFormat) -> None:
        while self.figures.count():
            item = self.figures.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if report is None:
            return
        line = 0
        for section in z_report_lines(report):
            for figure in section:
                value = ""
                if figure.amount is not None:
                    value = money.amount(figure.amount)
                elif figure.number is not None:
                    value = str(figure.number)
                left, right = QLabel(self.z_label(figure)), QLabel(value)
                right.setAlignment(_RIGHT)
                if figure.indent:
                    left.setIndent(16)
                if figure.strong:
                    left.setStyleSheet("font-weight: bold;")
                    right.setStyleSheet("font-weight: bold;")
                self.figures.addWidget(left, line, 0)
                self.figures.addWidget(right, line, 1)
                line += 1
        rows: list[tuple[str, str, bool]] = []
        if report.open_sales:  # not settled yet: named, so that the cashier checks them (F9)
            rows.append((self.tr("Open — check in the journal (F9)"), str(len(report.open_sales)), True))
        for sale in report.open_sales:
            at = sale.at.astimezone()
            when = (
                at.strftime("%H:%M")
                if sale.business_day == report.business_day
                else at.strftime("%d.%m. %H:%M")
            )
            what = (
                self.tr("payment unclear")
                if sale.what is OpenKind.PAYMENT
                else self.tr("cancellation unclear")
            )
            caption = self.tr("Sale {number}, {time}: {what}").format(
                number=sale.number, time=when, what=what
            )
            rows.append((caption, money.amount(sale.amount), False))
        for caption, value, strong in rows:
            left, right = QLabel(caption), QLabel(value)
            right.setAlignment(_RIGHT)
            if strong:
                left.setStyleSheet("font-weight: bold;")
                right.setStyleSheet("font-weight: bold;")
            self.figures.addWidget(left, line, 0)
            self.figures.addWidget(right, line, 1)
            line += 1

    def z_label(self, figure: ZReportLine) -> str:
        """A line's label as on the printed Z report: ``Cash (3)`` when it counts something."""
        words = {
            ZLine.CLOSING: self.tr("Cash point closing no."),
            ZLine.SALES: self.tr("Number of sales"),
            ZLine.REVENUE: self.tr("Revenue"),
            ZLine.TENDERS: self.tr("Payment methods"),
            ZLine.CARD_BALANCE: self.tr("Card balance"),
            ZLine.CASH: self.tr("Cash"),
            ZLine.TERMINAL: self.tr("Card payment"),
            ZLine.SEPA: self.tr("Direct debit"),
            ZLine.TAKEN: self.tr("Total"),
            ZLine.PENDING: self.tr("of which in progress"),
            ZLine.CARD_LOADS: self.tr("Card loads"),
            ZLine.BONUS_GRANTED: self.tr("Bonus granted"),
            ZLine.BONUS_SPENT: self.tr("Bonus redeemed"),
            ZLine.CANCELLATIONS: self.tr("Cancellations"),
            ZLine.OFFLINE: self.tr("Offline sales"),
            ZLine.TO_BOOK: self.tr("still to book"),
            ZLine.BOOKED_LATE: self.tr("booked late"),
            ZLine.WITHOUT_CARD: self.tr("of which without card"),
            ZLine.TSE: self.tr("TSE"),
            ZLine.TSE_UNSIGNED: self.tr("without TSE signature"),
            ZLine.TSE_OUTAGES: self.tr("TSE outages"),
        }
        label = words[figure.line]
        return label if figure.count is None else f"{label} ({figure.count})"

    def _show_answer(self) -> None:
        answer = self.model.answer
        if answer is None:
            self.terminal_answer.setPlainText(
                self.tr(
                    "Terminal end of day: sends the day's card payments to the bank; "
                    "they can no longer be reversed afterwards.\nTerminal diagnosis: checks the "
                    "terminal and its connection."
                )
            )
            return
        call, reply = answer
        caption = (
            self.tr("Terminal end of day")
            if call is TerminalCall.END_OF_DAY
            else self.tr("Terminal diagnosis")
        )
        verdict = (
            self.tr("OK") if reply.ok else self.tr("NOT OK ({status})").format(status=reply.status or "–")
        )
        self.terminal_answer.setPlainText("\n".join([f"{caption}: {verdict}", "", *reply.lines]))

    def _say(self, message: UserMessage) -> None:
        self.status.say(message)

    def _confirm(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Terminal end of day"),
            self.tr(
                "Close the card terminal's day now?\nIts card payments go to the bank and can no "
                "longer be reversed afterwards."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Close the day") + "\n⏎")
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Not now") + "\nEsc")
        for button in box.buttons():
            button.setMinimumSize(2 * TOUCH + 40, TOUCH)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(lambda button: self._confirmed(box.standardButton(button)))
        self.confirmation = box
        box.open()

    def _confirmed(self, button: QMessageBox.StandardButton) -> None:
        self.confirmation = None
        if button == QMessageBox.StandardButton.Yes:
            self.model.run_terminal_end_of_day()
