"""A keyboard-wedge barcode scanner, told apart from a human at the keyboard.

See docs/architecture.md, "Scanner input".

A scanner "types" the card number as a burst of digits a few milliseconds apart and ends it
with Enter. :class:`KeyboardWedgeScanner` is an application-wide event filter: a burst of at
least ``min_length`` digits, Enter-terminated, whose mean gap between keys (Enter included)
is below ``max_mean_gap_ms`` is a **scan** — it goes out as ``scanned(digits)`` to the card
panel, whatever widget has the focus, and none of its keys reaches that widget.

**Buffer and replay.** A digit is held back when it arrives; while more digits follow
within ``hold_ms`` (twice the gap threshold) they are held too. The hold ends:

* with Enter: a scan (consumed), or, if too short or too slow, the held digits are
  replayed to the widgets they were meant for and then Enter passes on;
* when ``hold_ms`` passes without a key, a non-digit key, a mouse press: replayed in order.

So a human's keystrokes are never swallowed — they arrive at most ``hold_ms`` (60 ms by
default) late and in their order — and no digit of a scan ever lands in the amount or
cash field that happened to have the focus. The other choice, letting keys through and
consuming only once the burst is certain, would leave a scan's first digits in that field.

Times come from ``time.monotonic()`` (``QKeyEvent.timestamp()`` is 0 for synthesised events).
A key event can reach an application filter several times (window, widget, its parents):
a held digit is consumed at its first sighting, and replayed events pass untouched.

Both scanners — this one and the serial one (:mod:`cashier.ui.kit.serial_scanner`) — are a
:class:`ScanSource`: ``scanned(str)`` goes to the card panel, unless the settings' scan test
has *diverted* the scans to itself (a test scan must not land in the sale behind the dialog).
The gap threshold can change while the till runs (:meth:`KeyboardWedgeScanner.set_gap`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHORD = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


@dataclass(frozen=True, slots=True)
class ScannerTiming:
    max_mean_gap_ms: float = 30.0
    min_length: int = 8

    def __post_init__(self) -> None:
        if not 1 <= self.max_mean_gap_ms <= 500 or self.min_length < 1:
            raise ValueError("scanner timing: gap 1..500 ms, at least 1 character")

    @property
    def hold_ms(self) -> int:
        """How long a held digit waits for the next key before it goes to its widget."""
        return round(2 * self.max_mean_gap_ms)


@dataclass(frozen=True, slots=True)
class _HeldKey:
    target: QObject
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    at: float


class ScanSource(QObject):
    """Where card numbers come from: ``scanned(digits)``, or the receiver of :meth:`divert`."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._diverted_to: Callable[[str], None] | None = None

    def divert(self, receiver: Callable[[str], None] | None) -> None:
        """Send the scans to ``receiver`` instead of ``scanned`` (``None``: to ``scanned`` again)."""
        self._diverted_to = receiver

    @property
    def diverted(self) -> bool:
        return self._diverted_to is not None

    def deliver(self, digits: str) -> None:
        if self._diverted_to is not None:
            self._diverted_to(digits)
        else:
            self.scanned.emit(digits)


class KeyboardWedgeScanner(ScanSource):
    def __init__(
        self,
        timing: ScannerTiming | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.timing = timing or ScannerTiming()
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.release)

    def install(self, app: QCoreApplication) -> None:
        app.installEventFilter(self)

    def uninstall(self, app: QCoreApplication) -> None:
        self.release()
        app.removeEventFilter(self)

    @property
    def holding(self) -> int:
        return len(self._held)

    def set_gap(self, gap_ms: float) -> None:
        """A new threshold for the mean gap between a scan's keys (the settings' scanner page)."""
        self.timing = replace(self.timing, max_mean_gap_ms=gap_ms)
        log.info("scanner: a burst with a mean gap below %s ms is a scan", gap_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key_press(watched, event)
        if self._held and kind in (QEvent.Type.MouseButtonPress, QEvent.Type.WindowDeactivate):
            self.release()
        return False

    def _key_press(self, watched: QObject, event: QKeyEvent) -> bool:
        now = self._clock()
        text = event.text()
        if (
            len(text) == 1
            and "0" <= text <= "9"
            and not event.isAutoRepeat()
            and not event.modifiers() & _CHORD
        ):
            if self._held and (now - self._held[-1].at) * 1000 > self.timing.hold_ms:
                self.release()  # the timer was late (a busy machine): a pause is a pause
            self._held.append(_HeldKey(watched, event.key(), event.modifiers(), text, now))
            self._timer.start(self.timing.hold_ms)
            return True
        if not self._held:
            return False
        if event.key() in _ENTER and self._is_scan(now):
            digits = "".join(key.text for key in self._held)
            self._held.clear()
            self._timer.stop()
            log.info("scan of %d digits recognised", len(digits))
            self.deliver(digits)
            return True
        self.release()
        return False

    def _is_scan(self, now: float) -> bool:
        count = len(self._held)
        if count < self.timing.min_length:
            return False
        mean_gap_ms = (now - self._held[0].at) * 1000 / count
        return mean_gap_ms < self.timing.max_mean_gap_ms

    def release(self) -> None:
        """Replay the held keys, in order, to the widgets they were meant for."""
        held, self._held = self._held, []
        self._timer.stop()
        if not held:
            return
        self._replaying = True
        try:
            for key in held:
                target = key.target if shiboken6.isValid(key.target) else QApplication.focusWidget()
                if target is None:
                    continue
                replay = QKeyEvent(QEvent.Type.KeyPress, key.key, key.modifiers, key.text)
                QCoreApplication.sendEvent(target, replay)
        finally:
            self._replaying = False
