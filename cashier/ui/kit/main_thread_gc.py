"""Python's cycle collector, run on the GUI thread only.

CPython collects reference cycles in whichever thread happens to allocate when a generation's
threshold is crossed. In the till that can be a worker thread: the executor writing the token
file, a printer transport, the serial scanner's reader. If the garbage it finds holds a Qt
object (a closed dialog whose slots refer back to it), the object is destroyed on that thread,
and Qt objects destroyed off their own thread hang or crash the process (seen in CI as a
segmentation fault while the executor wrote a token file).

``MainThreadCollector`` switches automatic collection off and does the same work from a timer
on the GUI thread: each tick collects the oldest generation whose allocation count has crossed
its threshold, the rule CPython itself follows. Worker threads then never run a collection.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

TICK_MS = 250


def due_generation(counts: tuple[int, int, int], thresholds: tuple[int, int, int]) -> int | None:
    """The generation CPython would collect now (the oldest one over its threshold), if any."""
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            return generation
    return None


class MainThreadCollector(QObject):
    """Collects cycles on the thread that owns it (the GUI thread), never on a worker's."""

    def __init__(self, parent: QObject | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.collect_due)
        self._was_enabled = gc.isenabled()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self.active:
            return
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Collect what is left, here, and hand collection back to the interpreter."""
        if not self.active:
            return
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def collect_due(self) -> int | None:
        """Collect the generation that is due, as the interpreter would have; which one, if any."""
        threshold0, threshold1, threshold2 = gc.get_threshold()
        generation = due_generation(gc.get_count(), (threshold0, threshold1, threshold2))
        if generation is not None:
            gc.collect(generation)
        return generation
