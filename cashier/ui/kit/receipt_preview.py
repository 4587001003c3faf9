"""A stored document as the printer prints it: the receipt preview, with Print and Close.

The picture is drawn by the services from the very bytes the printer gets (the printing
preview), as a PNG; this module only shows it. :class:`ReceiptImageView` is the scrollable
picture — fit to the width, or at printer size — and is also used by the end-of-day screen
for the Z report. :class:`ReceiptPreviewDialog` never loads anything in a slot: the picture
and the printing are started through the one TaskRunner, and a result that arrives for a
document no longer shown is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cashier.services.back_office_values import DocumentKind, PrintedDocument
from cashier.ui.back_office_ports import BackOfficeService
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import MessageLevel, UserMessage, not_printed
from cashier.ui.kit.style import TOUCH, touch_button
from cashier.ui.kit.task_runner import TaskRunner

PrintWork = Callable[[], Coroutine[Any, Any, PrintedDocument]]

PREVIEW_WIDTH = 660
PREVIEW_HEIGHT = 700


class ReceiptImageView(QScrollArea):
    """A receipt picture that scrolls; fit to the width of the view or at one pixel per dot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page Up/Down scroll
        self.setStyleSheet("QScrollArea { background: #9e9e9e; }")
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.picture)
        self._pixmap = QPixmap()
        self._fit = True

    @property
    def fit_to_width(self) -> bool:
        return self._fit

    @property
    def has_picture(self) -> bool:
        return not self._pixmap.isNull()

    @property
    def source_size(self) -> tuple[int, int]:
        return self._pixmap.width(), self._pixmap.height()

    def show_png(self, png: bytes) -> bool:
        """Show the picture; False when the bytes are no picture."""
        pixmap = QPixmap()
        loaded = pixmap.loadFromData(png, "PNG")
        self._pixmap = pixmap if loaded else QPixmap()
        self._update()
        return loaded

    def clear_picture(self) -> None:
        self._pixmap = QPixmap()
        self._update()

    def set_fit_to_width(self, fit: bool) -> None:
        self._fit = fit
        self._update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update()

    def _update(self) -> None:
        if self._pixmap.isNull():
            self.picture.clear()
            self.picture.resize(0, 0)
            return
        shown = self._pixmap
        width = self.viewport().width() - 4
        if self._fit and width > 0 and width != shown.width():
            shown = self._pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.picture.setPixmap(shown)
        self.picture.resize(shown.size())


class ReceiptPreviewDialog(QDialog):
    """The preview of one stored document (a sale's receipt, a STORNO receipt) or of a picture
    given with its print action (the Z report). ``printed`` tells what a print came to."""

    printed = Signal(object)  # PrintedDocument

    def __init__(
        self,
        back_office: BackOfficeService,
        runner: TaskRunner,
        bridge: MessageBridge,
        money: Callable[[], MoneyFormat],
        parent: QWidget | None = None,
        *,
        modal: bool = True,
    ) -> None:
        super().__init__(parent)
        # not modal: beside the sale's result, as the preview printer's "paper"
        self._modal, self._back_office = modal, back_office
        self._runner = runner
        self._bridge = bridge
        self._money = money
        self._shown = 0  # which document is on screen: older answers are dropped
        self._loading = False
        self._printing = False
        self._print_work: PrintWork | None = None
        self._title = ""
        self.resize(PREVIEW_WIDTH, PREVIEW_HEIGHT)
        self.setMinimumSize(420, 360)

        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.image = ReceiptImageView(self)
        layout.addWidget(self.image, 1)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: moves while the event loop runs
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        layout.addWidget(self.progress)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        self.fit_button = touch_button(parent=self)
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.fit_button.toggled.connect(self.image.set_fit_to_width)
        self.print_button = touch_button(parent=self)
        self.print_button.clicked.connect(self.print_document)
        self.close_button = touch_button(parent=self)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setDefault(True)  # Enter closes; printing is a deliberate Ctrl+P
        for button in (self.fit_button, self.print_button, self.close_button):
            button.setMinimumHeight(TOUCH)
            button.setAutoDefault(button is self.close_button)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._keys = {
            "print": QKeySequence(QKeySequence.StandardKey.Print),
            "fit": QKeySequence("Ctrl+0"),
        }
        QShortcut(self._keys["print"], self, self.print_button.click)
        QShortcut(self._keys["fit"], self, self.fit_button.click)
        self.setTabOrder(self.image, self.print_button)
        self.setTabOrder(self.print_button, self.fit_button)
        self.setTabOrder(self.fit_button, self.close_button)
        self.retranslate()
        self._refresh()

    # --- what the journal and the end of day call -----------------------------------------------
    def show_receipt(self, job_id: int, title: str) -> None:
        """Open the dialog on a stored document; Print prints it again (a copy once it printed)."""
        self._begin(title, lambda: self._back_office.reprint(job_id))
        self._loading = True
        shown = self._shown
        self._runner.start(
            self._back_office.preview(job_id),
            name="receipt preview",
            owner=self,
            on_done=lambda png: self._loaded(shown, png),
            on_error=lambda error: self._failed(shown, error),
        )
        self._refresh()

    def show_sale_receipt(self, job_id: int, sale_number: int) -> None:
        """A sale's receipt as the preview printer "prints" it."""
        self.show_receipt(
            job_id, self.tr("Sale {number}: the receipt (preview printer)").format(number=sale_number)
        )

    def show_picture(self, png: bytes, title: str, print_work: PrintWork | None = None) -> None:
        """Open the dialog on a picture made elsewhere (the Z report) and what Print does."""
        self._begin(title, print_work)
        self._loaded(self._shown, png)

    def print_document(self) -> None:
        if self._print_work is None or self._printing:
            return  # a double click prints once
        self._printing = True
        self._refresh()
        self.status.setText(self.tr("Printing…"))
        self._runner.start(
            self._print_work(),
            name="print from the preview",
            owner=self,
            on_done=self._print_done,
            on_error=self._print_failed,
            on_settled=self._print_settled,
        )

    @property
    def busy(self) -> bool:
        return self._loading or self._printing

    # --- language -------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Receipt preview"))
        self.heading.setText(self._title)
        self.fit_button.setText(self._with_key(self.tr("Fit to width"), self._keys["fit"]))
        self.print_button.setText(self._with_key(self.tr("Print"), self._keys["print"]))
        self.close_button.setText(self._with_key(self.tr("Close"), QKeySequence("Esc")))

    # --- inside ---------------------------------------------------------------------------------
    def _begin(self, title: str, print_work: PrintWork | None) -> None:
        self._shown += 1
        self._loading = False
        self._title = title
        self._print_work = print_work
        self.heading.setText(title)
        self.image.clear_picture()
        self.status.setText(self.tr("Preparing the preview…"))
        self.status.setStyleSheet("")
        if not self.isVisible() and self._modal:
            self.open()
        elif not self.isVisible():
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # the result keeps Enter
            self.show()
        if self._modal:
            self.image.setFocus()
        self._refresh()

    def _loaded(self, shown: int, png: bytes) -> None:
        if shown != self._shown:
            return
        self._loading = False
        if self.image.show_png(png):
            self.status.setText("")
        else:
            self._say(UserMessage(MessageLevel.ERROR, self.tr("The preview cannot be shown.")))
        self._refresh()

    def _failed(self, shown: int, error: Exception) -> bool:
        if shown == self._shown:
            self._loading = False
            self._say(self._bridge.report(error))
            self._refresh()
        return True  # worded (or dropped: the cashier looks at another document now)

    def _print_done(self, document: PrintedDocument) -> None:
        if document.printed:
            text = self.tr("Copy printed.") if document.copy else self.tr("Printed.")
            self._say(UserMessage(MessageLevel.INFO, text))
        else:
            message = (
                not_printed() if document.kind is not DocumentKind.Z_REPORT else self._report_not_printed()
            )
            self._say(message)
            self._bridge.show(message)
        self.printed.emit(document)

    def _report_not_printed(self) -> UserMessage:
        return UserMessage(
            MessageLevel.WARNING,
            self.tr("Z report not printed — it is saved; print it again later."),
        )

    def _print_failed(self, error: Exception) -> bool:
        self._say(self._bridge.report(error))
        return True

    def _print_settled(self) -> None:
        self._printing = False
        self._refresh()

    def _say(self, message: UserMessage) -> None:
        colours = {
            MessageLevel.INFO: "#2e7d32",
            MessageLevel.WARNING: "#8a3b00",
            MessageLevel.ERROR: "#b71c1c",
        }
        self.status.setText(message.text)
        self.status.setStyleSheet(f"color: {colours[message.level]}; font-weight: bold;")

    def _refresh(self) -> None:
        self.progress.setVisible(self.busy)
        self.print_button.setEnabled(
            self._print_work is not None and not self._printing and self.image.has_picture
        )

    @staticmethod
    def _with_key(text: str, key: QKeySequence) -> str:
        return f"{text}\n{key.toString(QKeySequence.SequenceFormat.NativeText)}"
