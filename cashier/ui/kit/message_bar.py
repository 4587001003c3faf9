"""The message bar above the till: the last message from the bridge, coloured by level.

Information fades after a while; warnings and errors stay until the next message or a tap on
the close button — a cashier who looked away must still be able to read what happened — or
until what they were about is gone: a message about a card goes with the card, one about the
sale when the next sale starts (:mod:`cashier.ui.kit.message_scopes`).

The colours are one style sheet set once, chosen by the ``level`` property: a new style sheet
per message made Qt re-style the bar for every message, in the middle of a sale (benchmarks,
``eventloop.*``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from cashier.ui.kit.message_scopes import MessageScope
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.kit.style import LEVEL_COLOURS, TOUCH

INFO_MS = 12_000


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 0, 0, 0)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.close_button = QPushButton("✕", self)
        self.close_button.setFixedSize(TOUCH, TOUCH)
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.close_button)
        self.setFixedHeight(TOUCH + 4)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.current: UserMessage | None = None
        rules = [
            f'MessageBar[level="{level}"] {{ background: {background}; }} '
            f'MessageBar[level="{level}"] QLabel {{ color: {colour}; }}'
            for level, (background, colour) in LEVEL_COLOURS.items()
        ]
        self.setStyleSheet(" ".join([*rules, 'MessageBar[level="ready"] QLabel { color: #777777; }']))
        self.dismiss()

    def show_message(self, message: UserMessage) -> None:
        self.current = message
        self._set_level(message.level.value)
        self.text.setText(message.text)
        self.text.setToolTip(message.text)
        self.close_button.setVisible(True)
        if message.level is MessageLevel.INFO:
            self._timer.start(INFO_MS)
        else:
            self._timer.stop()

    def end_scopes(self, scopes: frozenset[MessageScope]) -> None:
        """The card, basket or sale the message shown was about is gone: so is the message."""
        if self.current is not None and self.current.scope in scopes:
            self._timer.stop()
            self.dismiss()

    def dismiss(self) -> None:
        self.current = None
        self.text.setText(self.tr("Ready — choose articles or scan the customer's card."))
        self._set_level("ready")
        self.close_button.setVisible(False)

    def _set_level(self, level: str) -> None:
        if self.property("level") == level:
            return
        self.setProperty("level", level)
        for widget in (self, self.text):  # the property selects other rules: style them anew
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.dismiss()  # a message keeps the words it was said in: clear it with the language
        super().changeEvent(event)
