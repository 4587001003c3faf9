"""The keyboard comes home to the till window: at start and after every dialog.

On a kiosk till (an X server without a window manager) nobody hands the keyboard back when a
dialog closes: X returns the input focus to the root window, Qt counts no window as active,
and the till's F-keys and Esc (window shortcuts) stop working until someone clicks — while
typed digits still reach whatever widget had the focus. A window manager would activate the
dialog's parent; without one the till must do it itself.

:class:`KeyboardHome` watches which of the till's windows has the focus. When the focus is
lost because the window that had it closed (not because the cashier switched to another
program), it activates the dialog still open beneath (a journal under its details, say) or
the till window. It also activates the till window when it is first shown: without a window
manager nothing else would. With a window manager the request is a polite
``_NET_ACTIVE_WINDOW`` message the manager honours as it would a click.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid


class KeyboardHome(QObject):
    def __init__(self, home: QWidget) -> None:
        super().__init__(home)
        self._home = home
        self._watched: set[int] = set()
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._focus_moved)

    def _focus_moved(self, window: QWindow | None) -> None:
        # Watch every window that gets the keyboard: when it is hidden, the keyboard must go
        # somewhere. (Without a window manager Qt may not even see the focus go: X hands it to
        # the root window and Qt keeps the hidden dialog as its focus window.)
        if window is not None and id(window) not in self._watched:
            self._watched.add(id(window))
            window.visibleChanged.connect(self._visibility_changed)
            window.destroyed.connect(lambda: self._watched.discard(id(window)))

    def _visibility_changed(self, visible: bool) -> None:
        if not visible:
            QTimer.singleShot(0, self.come_home)

    def come_home(self) -> None:
        """Activate the open dialog on top, else the till window, unless one already has the keyboard."""
        if not isValid(self._home):
            return
        focused = QGuiApplication.focusWindow()
        if focused is not None and focused.isVisible() and QApplication.activeWindow() is not None:
            return
        target = QApplication.activeModalWidget() or self._top_dialog() or self._home
        if target.isVisible():
            target.activateWindow()  # (no raise_(): the window under a closed dialog is on top already)

    def _top_dialog(self) -> QWidget | None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        return dialogs[-1] if dialogs else None
