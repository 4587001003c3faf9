"""The settings' scanner page: the keyboard-wedge gap, the serial scanner, and a scan test."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cashier.domain.settings import SERIAL_BAUD_RATES, ScannerSettings
from cashier.ui.kit.formatting import grouped_card_number
from cashier.ui.kit.style import TOUCH, touch_button
from cashier.ui.settings.settings_widgets import SettingsPage, Stepper, caption, field_label, form_layout

FLASH_MS = 800
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ScanTestField(QLineEdit):
    """A line edit whose Enter ends a test, and does not press the dialog's Save button."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in _ENTER:
            event.accept()


class ScannerPage(SettingsPage):
    """The keyboard-wedge gap threshold, the serial scanner, and a field to try a scan in.

    While the settings are open the dialog sends every scan to :meth:`show_scan` (not to the
    sale behind it); digits typed into the test field by hand stay there, so the cashier sees
    at once whether a scan was recognised or arrived as typing.
    """

    ports_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gap = Stepper(1, 500, 5, self)
        self.gap.spin.setSuffix(" ms")
        self.gap_hint = caption(self)
        self.serial_port = QComboBox(self)
        self.serial_port.setEditable(True)
        self.serial_port.setMinimumHeight(TOUCH - 4)
        self.serial_port.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.find_ports = touch_button(parent=self)
        self.find_ports.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.find_ports.clicked.connect(self.ports_requested)
        port_row = QHBoxLayout()
        port_row.addWidget(self.serial_port, 1)
        port_row.addWidget(self.find_ports)
        self.baud = QComboBox(self)
        self.baud.setMinimumHeight(TOUCH - 4)
        for rate in SERIAL_BAUD_RATES:
            self.baud.addItem(str(rate), rate)
        self.test_field = ScanTestField(self)
        self.test_field.returnPressed.connect(self._typed)
        self.test_result = QLabel(self)
        self.test_result.setWordWrap(True)
        self._labels = [field_label(self) for _ in range(4)]
        fields = form_layout()
        gap_box = QVBoxLayout()
        gap_box.setSpacing(2)
        gap_box.addWidget(self.gap)
        gap_box.addWidget(self.gap_hint)
        fields.addRow(self._labels[0], gap_box)
        fields.addRow(self._labels[1], port_row)
        fields.addRow(self._labels[2], self.baud)
        fields.addRow(self._labels[3], self.test_field)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.test_result)
        layout.addStretch(1)
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.timeout.connect(lambda: self._set_flash(False))
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(
            self._labels,
            (
                self.tr("Gap between keys"),
                self.tr("Serial scanner"),
                self.tr("Baud rate"),
                self.tr("Scan test"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.gap_hint.setText(
            self.tr(
                "Digits that arrive faster than this on average and end with Enter are a scan. Raise it "
                "when scans arrive as typed digits; lower it when fast typing is taken for a scan."
            )
        )
        line = self.serial_port.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("none (the scanner types like a keyboard)"))
        self.find_ports.setText(self.tr("Find ports"))
        self.test_field.setPlaceholderText(self.tr("Scan a card here to try the scanner"))

    def load(self, form: ScannerSettings) -> None:
        self.gap.set_value(form.gap_ms)
        self.serial_port.setCurrentText(form.serial_port)
        index = self.baud.findData(form.serial_baud)
        self.baud.setCurrentIndex(index if index >= 0 else self.baud.findData(9600))
        self.test_field.clear()
        self.test_result.clear()

    def form(self) -> ScannerSettings:
        baud = self.baud.currentData()
        return ScannerSettings(
            gap_ms=self.gap.value(),
            serial_port=self.serial_port.currentText().strip(),
            serial_baud=baud if isinstance(baud, int) else 9600,
        )

    def problem(self) -> str | None:
        return None

    def set_ports(self, ports: list[str]) -> None:
        """The ports found on this machine, offered in the list (the field keeps its text)."""
        text = self.serial_port.currentText()
        self.serial_port.clear()
        self.serial_port.addItems(["", *ports])
        self.serial_port.setCurrentText(text)

    def show_scan(self, digits: str) -> None:
        """A scan arrived (keyboard wedge or serial): show it, flash, beep."""
        self.test_field.setText(grouped_card_number(digits) if digits.isdigit() else digits)
        self.test_result.setText(self.tr("✓ Recognised as a scan: {number}").format(number=digits))
        self.test_result.setStyleSheet("color: #2e7d32; font-weight: bold;")
        self._set_flash(True)
        self._flash.start(FLASH_MS)
        QApplication.beep()

    def _typed(self) -> None:
        text = self.test_field.text().strip()
        if not text:
            return
        self.test_result.setText(
            self.tr(
                "Arrived as typing, not as a scan: {text}. If the scanner sent it, raise the gap between keys."
            ).format(text=text)
        )
        self.test_result.setStyleSheet("color: #8a3b00;")
        self.test_field.clear()

    def _set_flash(self, on: bool) -> None:
        self.test_field.setProperty("scanned", on)
        self.test_field.style().unpolish(self.test_field)
        self.test_field.style().polish(self.test_field)
