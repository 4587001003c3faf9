"""``python -m benchmarks.coldstart_child bare|till``: one cold start, timed from the inside.

Started by :mod:`benchmarks.gui_start`, which notes ``time.monotonic()`` (the system's
monotonic clock, the same in every process) just before it starts this process. The process
prints one line ``coldstart-ready {"window": T, "usable": T, "ready": T}`` — the monotonic
times at which the main window was first painted, at which the till screen was usable (below),
and at which the event loop was first about to wait for events
(``QAbstractEventDispatcher.aboutToBlock``: nothing left to do) after the screen that counts had
been painted — then, once it has all three, closes its window and exits.

* ``bare``: the floor — ``QApplication``, a plain 1024×768 ``QWidget`` shown, ``exec()``.
* ``till``: the till as ``cashier run`` starts it (``cashier.app.cli.main(["run"])``, with the
  settings and data of ``CASHIER_HOME``); the screen that counts is the till screen
  (``TillView``) attached to the main window, so "ready" is the till open, its screen shown
  and the loop idle. The till shows its screen before the services are ready (an early
  ``TillView`` named ``earlyTill``, :mod:`cashier.app.early_till`); that one does not count
  for "ready". **Usable**: once a till screen (early or not) has been painted, the first time the
  event loop waits for input the probe presses the screen's first quick key — a mouse press and
  release posted to the button, as a cashier's click would arrive — and notes the first paint of
  the basket showing a line. For ``bare``, "usable" is its "ready". The ``QApplication`` is made
  first (``cashier.app.gui.qt_application`` takes an existing one over, as it does under the
  tests), so that the probe can watch it.

Only this module and PySide6 are imported before the clock matters, the same for both; the
probe is an application event filter that looks at paint events only (and posts the one click).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

READY = "coldstart-ready"


class ReadyProbe(QObject):
    """Notes the first paint of the window and, after the screen that counts is painted, the
    moment the event loop goes idle; then prints the times and closes the windows."""

    def __init__(
        self,
        app: QApplication,
        *,
        is_window: Callable[[QObject], bool],
        is_screen: Callable[[QObject], bool],
        is_till: Callable[[QObject], bool] | None = None,
    ) -> None:
        super().__init__()
        self._app = app
        self._is_window = is_window
        self._is_screen = is_screen
        self._is_till = is_till  # None: nothing to press ("usable" is "ready")
        self.window_at: float | None = None
        self.screen_at: float | None = None
        self._till_shown: QWidget | None = None  # the till screen first painted: its key is pressed
        self.pressed = False
        self.usable_at: float | None = None
        self.ready_at: float | None = None
        self._done = False
        app.installEventFilter(self)
        dispatcher = QAbstractEventDispatcher.instance()
        if dispatcher is None:
            raise RuntimeError("no event dispatcher")
        dispatcher.aboutToBlock.connect(self._idle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.screen_at is None:
            now = time.monotonic()
            if self.window_at is None and self._is_window(watched):
                self.window_at = now
            if self._is_screen(watched):
                self.screen_at = now
        if event.type() == QEvent.Type.Paint and self._is_till is not None and self.usable_at is None:
            if self._till_shown is None and self._is_till(watched) and isinstance(watched, QWidget):
                self._till_shown = watched
            elif self.pressed and _basket_has_a_line(watched):
                self.usable_at = time.monotonic()
        return False

    def _idle(self) -> None:
        now = time.monotonic()
        if self._till_shown is not None and not self.pressed:  # the loop takes input now: a cashier's click
            self.pressed = _press_first_quick_key(self._till_shown)
        if self.screen_at is not None and self.ready_at is None:
            self.ready_at = now
        if self.ready_at is None or self._done or (self._is_till is not None and self.usable_at is None):
            return
        self._done = True
        self._app.removeEventFilter(self)
        times = {
            "window": self.window_at or self.screen_at,
            "screen": self.screen_at,
            "usable": self.usable_at if self._is_till is not None else self.ready_at,
            "ready": self.ready_at,
        }
        sys.stdout.write(f"{READY} {json.dumps(times)}\n")
        sys.stdout.flush()
        for window in self._app.topLevelWidgets():
            if window.isVisible():
                QTimer.singleShot(0, window.close)


def _class_is(name: str) -> Callable[[QObject], bool]:
    return lambda watched: watched.metaObject().className() == name


def _till_screen(watched: QObject) -> bool:
    """The till screen that counts for "ready": not the early one shown while the till opens."""
    return watched.metaObject().className() == "TillView" and watched.objectName() != "earlyTill"


def _press_first_quick_key(screen: QWidget) -> bool:
    """Post a left click on the screen's first quick key; False if it has none."""
    keys = screen.findChildren(QPushButton, "quickKey")
    if not keys:
        return False
    key = keys[0]
    centre = QPointF(key.rect().center())
    where = QPointF(key.mapToGlobal(key.rect().center()))
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, buttons in ((QEvent.Type.MouseButtonPress, left), (QEvent.Type.MouseButtonRelease, none)):
        click = QMouseEvent(kind, centre, where, left, buttons, Qt.KeyboardModifier.NoModifier)
        QCoreApplication.postEvent(key, click)
    return True


def _basket_has_a_line(watched: QObject) -> bool:
    """``watched`` is the basket table's viewport, painting at least one row."""
    table = watched.parent()
    if table is None or table.metaObject().className() != "BasketView":
        return False
    rows = getattr(table, "rowCount", None)
    return callable(rows) and int(rows()) > 0


def bare() -> int:
    app = QApplication([sys.argv[0]])
    window = QWidget()
    window.resize(1024, 768)
    probe = ReadyProbe(app, is_window=lambda w: w is window, is_screen=lambda w: w is window)
    window.show()
    code = app.exec()
    return code if probe.screen_at is not None else 1


def till() -> int:
    app = QApplication([sys.argv[0]])
    probe = ReadyProbe(
        app, is_window=_class_is("MainWindow"), is_screen=_till_screen, is_till=_class_is("TillView")
    )
    from cashier.app.cli import main  # noqa: PLC0415 — importing the till is part of what is timed

    code = main(["run"])
    return code if probe.screen_at is not None else 1


if __name__ == "__main__":
    kinds = {"bare": bare, "till": till}
    if len(sys.argv) != 2 or sys.argv[1] not in kinds:
        sys.stderr.write("usage: python -m benchmarks.coldstart_child bare|till\n")
        raise SystemExit(2)
    raise SystemExit(kinds[sys.argv[1]]())
