"""The serial scanner, with a pseudo-terminal pair as its port (pyserial opens the pty's slave).

The port is a symlink to the pty's slave, so a test can pull the "cable" (close the master)
and plug a new scanner in at the same path (point the link at a new pty), as a USB-serial
adapter comes back under its udev name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.kit.scanner import KeyboardWedgeScanner, ScannerTiming
from cashier.ui.kit.serial_scanner import SerialScanner
from tests.ui.conftest import Screen

ERIKA = "9276004400000011"


class FakeScanner:
    """A pty pair behind a stable path: ``write`` is what the scanner sends."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.master = -1
        self.slave = -1

    def plug_in(self) -> None:
        self.master, self.slave = os.openpty()
        temporary = self.link.with_suffix(".new")
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(os.ttyname(self.slave))
        temporary.replace(self.link)

    def pull_out(self) -> None:
        for fd in (self.master, self.slave):
            if fd >= 0:
                os.close(fd)
        self.master = self.slave = -1

    def write(self, data: bytes) -> None:
        os.write(self.master, data)


@pytest.fixture
def device(tmp_path: Path) -> Iterator[FakeScanner]:
    scanner = FakeScanner(tmp_path / "ttyScanner")
    yield scanner
    scanner.pull_out()


@pytest.fixture
def serial() -> Iterator[SerialScanner]:
    scanner = SerialScanner(retry_seconds=0.05)
    yield scanner
    scanner.stop()
    assert scanner.wait_stopped(3)


def recorded(serial: SerialScanner) -> tuple[list[str], list[UserMessage]]:
    scans: list[str] = []
    messages: list[UserMessage] = []
    serial.scanned.connect(scans.append)
    serial.message.connect(messages.append)
    return scans, messages


def test_each_line_is_a_scan_whatever_ends_it(
    qtbot: QtBot, device: FakeScanner, serial: SerialScanner
) -> None:
    scans, messages = recorded(serial)
    device.plug_in()
    serial.configure(str(device.link), 9600)
    qtbot.waitUntil(lambda: serial.connected, timeout=5000)
    device.write(b"9276004400000011\r\n")
    device.write(b"\r\n  \n9276004400000029\r")  # empty lines are no scans
    device.write(b"92760044")  # a line in two pieces
    device.write(b"00000037\n")
    qtbot.waitUntil(lambda: len(scans) == 3, timeout=5000)
    assert scans == [ERIKA, "9276004400000029", "9276004400000037"]
    assert messages == []  # a port that works says nothing


def test_a_missing_port_is_said_once_and_found_when_it_comes(
    qtbot: QtBot, device: FakeScanner, serial: SerialScanner
) -> None:
    scans, messages = recorded(serial)
    serial.configure(str(device.link), 9600)
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=5000)
    assert messages[0].level is MessageLevel.WARNING
    assert str(device.link) in messages[0].text
    assert messages[0].text == QCoreApplication.translate(
        "SerialScanner",
        "The serial scanner at {port} cannot be opened — check its cable; the till keeps trying.",
    ).format(port=device.link)
    assert not serial.connected

    device.plug_in()
    qtbot.waitUntil(lambda: serial.connected, timeout=5000)
    assert len(messages) == 2  # retried many times meanwhile, said once
    assert messages[1].level is MessageLevel.INFO
    device.write(f"{ERIKA}\n".encode())
    qtbot.waitUntil(lambda: scans == [ERIKA], timeout=5000)


def test_a_scanner_pulled_out_and_plugged_in_again(
    qtbot: QtBot, device: FakeScanner, serial: SerialScanner
) -> None:
    scans, messages = recorded(serial)
    device.plug_in()
    serial.configure(str(device.link), 9600)
    qtbot.waitUntil(lambda: serial.connected, timeout=5000)

    device.pull_out()
    qtbot.waitUntil(lambda: not serial.connected, timeout=5000)
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=5000)
    assert messages[0].text == QCoreApplication.translate(
        "SerialScanner", "The serial scanner at {port} is gone — plug it in again; the till keeps trying."
    ).format(port=device.link)

    device.plug_in()
    qtbot.waitUntil(lambda: serial.connected, timeout=5000)
    assert [message.level for message in messages] == [MessageLevel.WARNING, MessageLevel.INFO]
    device.write(f"{ERIKA}\r\n".encode())
    qtbot.waitUntil(lambda: scans == [ERIKA], timeout=5000)


def test_stopping_and_moving_the_reader(qtbot: QtBot, tmp_path: Path, serial: SerialScanner) -> None:
    first, second = FakeScanner(tmp_path / "first"), FakeScanner(tmp_path / "second")
    first.plug_in()
    second.plug_in()
    try:
        scans, _ = recorded(serial)
        serial.configure(str(first.link), 9600)
        qtbot.waitUntil(lambda: serial.connected, timeout=5000)
        serial.configure(str(second.link), 19200)  # the old reader lets go first
        assert (serial.port, serial.baud) == (str(second.link), 19200)
        qtbot.waitUntil(lambda: serial.connected, timeout=5000)
        first.write(b"1111111111111111\n")  # nobody reads the old port any more
        second.write(f"{ERIKA}\n".encode())
        qtbot.waitUntil(lambda: scans == [ERIKA], timeout=5000)

        serial.configure("", 9600)
        assert not serial.running
        assert not serial.connected
        assert serial.wait_stopped(3)
        second.write(b"2222222222222222\n")
        serial.configure(str(second.link), 19200)
        qtbot.waitUntil(lambda: serial.connected, timeout=5000)
        assert scans == [ERIKA]
    finally:
        first.pull_out()
        second.pull_out()


def test_a_serial_scan_shows_the_card_on_the_till(
    qtbot: QtBot, screen: Screen, device: FakeScanner, serial: SerialScanner, messages: list[UserMessage]
) -> None:
    """Wired as the app does: the serial scanner's scans take the keyboard-wedge scanner's way."""
    serial.scanned.connect(screen.parts.scanner.scanned)
    device.plug_in()
    serial.configure(str(device.link), 9600)
    qtbot.waitUntil(lambda: serial.connected, timeout=5000)
    device.write(f"{ERIKA}\r\n".encode())
    panel = screen.view.card_panel
    qtbot.waitUntil(lambda: panel.flashing, timeout=5000)
    assert panel.number.text() == "9276 0044 0000 0011"
    qtbot.waitUntil(lambda: panel.values["holder"].text() == "Erika Musterfrau", timeout=8000)
    assert screen.model.card is not None
    assert messages == []


# --- what both scanners share -------------------------------------------------------------------------
def press(widget: QLineEdit, text: str) -> None:
    key = Qt.Key.Key_Return if text == "\r" else Qt.Key(ord(text))
    event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, "" if text == "\r" else text)
    QCoreApplication.sendEvent(widget, event)


def test_scans_can_be_diverted_and_the_gap_changed_while_running(qtbot: QtBot) -> None:
    now = [100.0]
    scanner = KeyboardWedgeScanner(ScannerTiming(max_mean_gap_ms=10), clock=lambda: now[0])
    field = QLineEdit()
    qtbot.addWidget(field)
    app = QCoreApplication.instance()
    assert app is not None
    scanner.install(app)
    try:
        scans: list[str] = []
        tested: list[str] = []
        scanner.scanned.connect(scans.append)

        def burst() -> None:
            for digit in ERIKA:
                press(field, digit)
                now[0] += 0.015
            press(field, "\r")

        burst()  # 15 ms apart: typing for a 10 ms threshold
        assert scans == []
        field.clear()
        scanner.set_gap(20)
        assert scanner.timing == ScannerTiming(max_mean_gap_ms=20)
        burst()
        assert scans == [ERIKA]
        scanner.divert(tested.append)
        assert scanner.diverted
        burst()
        assert (scans, tested) == ([ERIKA], [ERIKA])
        scanner.divert(None)
        burst()
        assert scans == [ERIKA, ERIKA]
    finally:
        scanner.uninstall(app)
