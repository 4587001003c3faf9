"""The status bar: environment badge, connection, printer and till id — always in sight.

While the TSE does not sign, "● TSE ausgefallen" stands beside the connection (docs/fiscal.md).
The connection says online or offline and, while sales made offline wait to be booked, how many
("● offline — 3 to book"; docs/offline.md).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from cashier.ui.kit.style import ENVIRONMENT_COLOURS
from cashier.ui.till.connection_state import ConnectionState

PRINTER_NAME_PX = 240
"""The most the printer's address takes of the status bar (1024 px wide at the least)."""


class TillStatusBar(QStatusBar):
    def __init__(self, environment: str, till_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.environment = environment
        self.till_id = till_id
        background, text = ENVIRONMENT_COLOURS.get(environment, ENVIRONMENT_COLOURS["custom"])
        self.badge = QLabel(self)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setStyleSheet(
            f"background: {background}; color: {text}; font-weight: bold; padding: 2px 12px; border-radius: 3px;"
        )
        self.connection = QLabel(self)
        self.tse = QLabel(self)
        self.tse.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.tse.hide()
        self.printer = QLabel(self)
        self.till_label = QLabel(self)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(80)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.connection.hide()  # until the till is open (show_connection)
        self.printer.hide()
        self.addWidget(self.badge)
        self.addWidget(self.connection)
        self.addWidget(self.tse)
        self.addWidget(self.busy)
        self.addPermanentWidget(self.printer)
        self.addPermanentWidget(self.till_label)
        self._connection_state = ConnectionState.ONLINE
        self._to_book = 0
        self._printer_uri = ""
        self._unprinted = 0
        self._tse_out = False
        self.retranslate()

    def retranslate(self) -> None:
        names = {
            "simulator": self.tr("SIMULATOR"),
            "testing": self.tr("TEST"),
            "live": self.tr("LIVE"),
            "custom": self.tr("CUSTOM SERVER"),
        }
        self.badge.setText(names.get(self.environment, self.environment.upper()))
        self.till_label.setText(self.tr("Till {till_id}").format(till_id=self.till_id))
        self.show_connection(self._connection_state, self._to_book)
        self.show_printer(self._printer_uri, self._unprinted)
        self.show_tse(self._tse_out)

    def show_tse(self, out: bool) -> None:
        """The TSE does not sign (docs/fiscal.md): said for as long as it lasts."""
        self._tse_out = out
        self.tse.setText(self.tr("● TSE out of order"))
        self.tse.setVisible(out)

    def show_connection(self, state: ConnectionState, to_book: int = 0) -> None:
        """``to_book``: offline sales not booked yet."""
        self._connection_state, self._to_book = state, to_book
        if not self._printer_uri:
            return
        text, colour = {
            ConnectionState.ONLINE: (self.tr("● online"), "#2e7d32"),
            ConnectionState.OFFLINE: (self.tr("● offline"), "#b71c1c"),
            ConnectionState.CHECKING: (self.tr("● checking a payment…"), "#ef6c00"),
        }[state]
        if to_book:
            text += " — " + self.tr("%n to book", "", to_book)
        self.connection.setText(text)
        self.connection.setStyleSheet(f"color: {colour};")

    def show_printer(self, uri: str, unprinted: int) -> None:
        self._printer_uri, self._unprinted = uri, unprinted
        if not uri:
            return
        self.connection.show()
        self.printer.show()
        name = self.tr("screen preview") if uri == "preview" else uri.split("?", maxsplit=1)[0]
        self.printer.setToolTip(name)
        # A long address (a file path) is shortened in the middle: the till's id must stay in sight.
        name = self.printer.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, PRINTER_NAME_PX)
        text = self.tr("Printer: {name}").format(name=name)
        if unprinted:
            text += " — " + self.tr("%n receipt(s) not printed", "", unprinted)
        self.printer.setText(text)
        self.printer.setStyleSheet("color: #b71c1c; font-weight: bold;" if unprinted else "")

    def show_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
