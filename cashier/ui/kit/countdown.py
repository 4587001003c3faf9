"""Counting down to a moment, once a second, on a clock that tests can move.

The registration wizard and the start-up page show how long a device registration's user
code is still valid; :class:`Countdown` ticks every second (a ``QTimer``) and says when the
moment has come. The clock is injected, so tests move time instead of waiting for it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

Clock = Callable[[], datetime]
"""Now, timezone-aware (tests pass a clock that moves only when they say so)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def remaining_text(seconds: int) -> str:
    """``19:58``, or ``1:02:03`` from an hour on."""
    minutes, secs = divmod(max(seconds, 0), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Countdown(QObject):
    """Seconds left until a moment, announced every second; ``expired`` once at zero."""

    ticked = Signal(int)  # seconds left
    expired = Signal()

    def __init__(self, clock: Clock = utc_now, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self._until: datetime | None = None

    @property
    def running(self) -> bool:
        return self._until is not None

    def start(self, until: datetime) -> None:
        self._until = until
        self.timer.start()
        self.tick()

    def stop(self) -> None:
        self._until = None
        self.timer.stop()

    def seconds_left(self) -> int:
        if self._until is None:
            return 0
        return max(0, math.ceil((self._until - self.clock()).total_seconds()))

    def tick(self) -> None:
        if self._until is None:
            return
        left = self.seconds_left()
        self.ticked.emit(left)
        if left <= 0:
            self.stop()
            self.expired.emit()
