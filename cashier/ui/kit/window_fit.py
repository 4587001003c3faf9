"""Where the till window sits: the whole screen it is on, with or without a title bar.

* **Normal** (the default): maximised on the screen's available area, so the window manager's
  title bar and panels take their share and the status bar stays on screen (at 1024×768 a
  1024×768 window plus a title bar would lose its bottom). Without a window manager nobody
  maximises, so the window is also given that area itself.
* **Kiosk** (the ``kiosk`` setting): full screen, no decorations — the till is the only thing
  on the screen and the cashier cannot move or close it by its frame. Without a window manager
  the window is given the screen's whole geometry itself.

F11 switches between full screen and the normal place.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget


class WindowPlacement:
    def __init__(self, window: QWidget) -> None:
        self._window = window
        self.kiosk = False

    def show(self, *, kiosk: bool) -> None:
        """Show (or re-place) the window as the setting says."""
        self.kiosk = kiosk
        window = self._window
        framed = not kiosk
        if window.testAttribute(Qt.WidgetAttribute.WA_WState_Created) and framed == bool(
            window.windowFlags() & Qt.WindowType.FramelessWindowHint
        ):
            window.hide()  # a changed frame needs a new native window: hide, set, show again
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, kiosk)
        if kiosk:
            self.full_screen()
        else:
            self.normal()

    def full_screen(self) -> None:
        window = self._window
        screen = window.screen()
        if screen is not None:
            window.setGeometry(screen.geometry())  # what a window manager would do
        window.showFullScreen()

    def normal(self) -> None:
        window = self._window
        screen = window.screen()
        if screen is not None:
            area = screen.availableGeometry()
            window.setGeometry(area)  # without a window manager this is the maximised place
        window.showMaximized()

    def toggle_full_screen(self) -> None:
        if self._window.isFullScreen():
            self.normal()
        else:
            self.full_screen()


GAP = 4


def side_by_side(left: QWidget, right: QWidget, area: QRect) -> None:
    """Place two windows next to each other inside ``area`` (screen coordinates) so neither
    covers the other: ``left`` keeps its size at the left, vertically centred; ``right`` takes
    the rest of the width (at most its own) from the top. Used for a sale's result and its
    receipt on the preview printer."""
    left.move(area.left() + GAP, area.top() + max((area.height() - left.height()) // 2, GAP))
    x = area.left() + 2 * GAP + left.frameGeometry().width()
    width = max(min(right.width(), area.right() + 1 - GAP - x), right.minimumSizeHint().width())
    x = min(x, area.right() + 1 - GAP - width)  # never off the screen, even where they must touch
    height = min(right.height(), area.height() - 2 * GAP)
    right.setGeometry(x, area.top() + GAP, width, height)
