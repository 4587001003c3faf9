"""Under a back-office dialog's content: what runs now (words and a busy bar), then what the
last action came to, coloured by its level. The journal and the end of day share it."""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from cashier.ui.kit.messages import MessageLevel, UserMessage

# Darker than the message bar's text colours: these stand on the dialog's grey, in bold.
OUTCOME_COLOURS: Final = {
    MessageLevel.INFO: "#2e7d32",
    MessageLevel.WARNING: "#8a3b00",
    MessageLevel.ERROR: "#b71c1c",
}


class ActivityLine(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        working = QHBoxLayout()
        self.activity = QLabel(self)
        working.addWidget(self.activity)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy, no percentage: the server does not say how long
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        working.addWidget(self.progress, 1)
        layout.addLayout(working)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def show_activity(self, busy: bool, text: str) -> None:
        self.progress.setVisible(busy)
        self.activity.setVisible(busy)
        self.activity.setText(text)

    def say(self, message: UserMessage) -> None:
        self.message.setText(message.text)
        self.message.setStyleSheet(f"color: {OUTCOME_COLOURS[message.level]}; font-weight: bold;")

    def clear(self) -> None:
        self.message.clear()
