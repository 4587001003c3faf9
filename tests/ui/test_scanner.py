"""Telling a keyboard-wedge scanner from a human at the keyboard.

Real timing through ``QTest.keyClicks(delay=d)`` (keys arrive about 2d+1 ms apart,
docs/style.md, "Toolchain facts"), and exact timing through an injected clock with events sent
one by one (no timer can fire between them).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cashier.ui.kit.scanner import KeyboardWedgeScanner, ScannerTiming
from tests.helpers.clock import FakeClock

CARD = "9276004400000011"


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.amount, self.other = QLineEdit(self), QLineEdit(self)
        layout.addWidget(self.amount)
        layout.addWidget(self.other)
        self.entered: list[str] = []
        self.amount.returnPressed.connect(lambda: self.entered.append(self.amount.text()))


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.amount.setFocus()
    return form


def installed(scanner: KeyboardWedgeScanner) -> Iterator[KeyboardWedgeScanner]:
    app = QApplication.instance()
    assert app is not None
    scanner.install(app)
    yield scanner
    scanner.uninstall(app)


@pytest.fixture
def scanner() -> Iterator[KeyboardWedgeScanner]:
    yield from installed(KeyboardWedgeScanner())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=100.0)


@pytest.fixture
def timed_scanner(clock: FakeClock) -> Iterator[KeyboardWedgeScanner]:
    yield from installed(KeyboardWedgeScanner(clock=clock))


def press(widget: QWidget, text: str) -> None:
    key = Qt.Key.Key_Return if text == "\r" else Qt.Key(ord(text.upper()))
    event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, "" if text == "\r" else text)
    QCoreApplication.sendEvent(widget, event)


def test_a_burst_ending_in_enter_is_a_scan_and_types_nothing(
    qtbot: QtBot, form: Form, scanner: KeyboardWedgeScanner
) -> None:
    with qtbot.waitSignal(scanner.scanned) as scan:
        qtbot.keyClicks(form.amount, CARD, delay=5)  # ~11 ms apart: a scanner
        QTest.keyClick(form.amount, Qt.Key.Key_Return)
    assert scan.args == [CARD]
    assert form.amount.text() == ""
    assert form.entered == []  # the Enter was the scanner's, not the field's
    assert scanner.holding == 0


def test_typing_is_never_swallowed(qtbot: QtBot, form: Form, scanner: KeyboardWedgeScanner) -> None:
    scans: list[str] = []
    scanner.scanned.connect(scans.append)
    qtbot.keyClicks(form.amount, "9276004400000011", delay=60)  # ~120 ms apart: a human
    QTest.keyClick(form.amount, Qt.Key.Key_Return)
    assert form.amount.text() == CARD
    assert form.entered == [CARD]
    assert scans == []


def test_a_short_fast_burst_is_replayed_in_order_before_its_enter(
    qtbot: QtBot, form: Form, scanner: KeyboardWedgeScanner
) -> None:
    scans: list[str] = []
    scanner.scanned.connect(scans.append)
    qtbot.keyClicks(form.amount, "1250", delay=0)  # fast, but only 4 digits
    QTest.keyClick(form.amount, Qt.Key.Key_Return)
    assert form.entered == ["1250"]  # the digits arrived before the Enter
    qtbot.keyClicks(form.other, "7a8b9", delay=0)  # a letter releases what was held
    qtbot.waitUntil(lambda: form.other.text() == "7a8b9")
    assert scans == []


def test_a_held_digit_reaches_its_field_after_the_hold(
    qtbot: QtBot, form: Form, scanner: KeyboardWedgeScanner
) -> None:
    QTest.keyClick(form.amount, Qt.Key.Key_5)
    assert form.amount.text() == ""  # held: it might be the start of a scan
    qtbot.waitUntil(lambda: form.amount.text() == "5", timeout=1000)
    form.other.setFocus()
    QTest.keyClick(form.amount, Qt.Key.Key_6)
    QTest.mouseClick(form.other, Qt.MouseButton.LeftButton)  # a mouse press releases at once
    assert form.amount.text() == "56"  # to the widget the key was meant for


def test_the_scan_through_the_window_path(qtbot: QtBot, form: Form, scanner: KeyboardWedgeScanner) -> None:
    """As from a real keyboard: the event reaches the window first, then the focus widget."""
    form.activateWindow()
    qtbot.waitActive(form)
    form.amount.setFocus()
    window = form.windowHandle()
    assert window is not None
    with qtbot.waitSignal(scanner.scanned) as scan:
        for digit in CARD:
            QTest.keyClick(window, Qt.Key(ord(digit)), Qt.KeyboardModifier.NoModifier, 2)
        QTest.keyClick(window, Qt.Key.Key_Return)
    assert scan.args == [CARD]
    assert form.amount.text() == ""
    QTest.keyClick(window, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: form.amount.text() == "4", timeout=1000)


@pytest.mark.parametrize(
    ("gaps_ms", "is_scan"),
    [
        ([5] * 16, True),
        ([29] * 16, True),
        ([20] * 8 + [55] + [20] * 7, True),  # one slow gap: the mean decides
        ([35] * 16, False),  # steady, but slower than the threshold
        ([5] * 7, False),  # fast, but fewer than 8 digits
        ([5] * 8 + [70] + [5] * 7, False),  # a pause longer than the hold: two bursts
    ],
)
def test_the_mean_gap_and_the_length_decide(
    form: Form, timed_scanner: KeyboardWedgeScanner, clock: FakeClock, gaps_ms: list[int], is_scan: bool
) -> None:
    scans: list[str] = []
    timed_scanner.scanned.connect(scans.append)
    digits = "".join(str(i % 10) for i in range(len(gaps_ms)))
    for digit, gap in zip(digits, gaps_ms, strict=True):
        press(form.amount, digit)
        clock.advance(gap / 1000)
    press(form.amount, "\r")
    if is_scan:
        assert scans == [digits]
        assert form.amount.text() == ""
    else:
        assert scans == []
        assert form.amount.text() == digits
        assert form.entered == [digits]


def test_the_threshold_is_configurable(form: Form, clock: FakeClock) -> None:
    for timing, expected in (
        (ScannerTiming(max_mean_gap_ms=10), []),
        (ScannerTiming(max_mean_gap_ms=50), [CARD]),
    ):
        for scanner in installed(KeyboardWedgeScanner(timing, clock=clock)):
            scans: list[str] = []
            scanner.scanned.connect(scans.append)
            for digit in CARD:
                press(form.amount, digit)
                clock.advance(15 / 1000)
            press(form.amount, "\r")
            assert scans == expected
        form.amount.clear()
    with pytest.raises(ValueError, match="scanner timing"):
        ScannerTiming(max_mean_gap_ms=0)
