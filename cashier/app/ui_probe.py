"""What the till's windows show, written to a file for tools that drive the till from outside.

With ``CASHIER_UI_PROBE=<file>`` set, the running till writes (atomically, whenever it
changes, checked ten times a second) a JSON snapshot of its visible windows: each window's
title and screen rectangle, its buttons (text, enabled, default, rectangle), line edits and
labels, plus which window Qt counts as active and which widget has the keyboard focus.

The GUI acceptance tests (``tests/gui``) read it to find where a button is on the X screen
before they click it with ``xdotool``, and to see when a dialog is open or gone; the clicks
and keys themselves are real X events. Without the variable nothing is installed. The
snapshot never holds what is typed into a password field (the CSC and PIN are such fields).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QWidget,
)

PROBE_VARIABLE = "CASHIER_UI_PROBE"
PERIOD_MS = 100


def install_probe(app: QApplication, environ: Mapping[str, str] | None = None) -> UiProbe | None:
    """Start writing snapshots when ``CASHIER_UI_PROBE`` names a file; ``None`` otherwise."""
    target = (environ if environ is not None else os.environ).get(PROBE_VARIABLE, "")
    if not target:
        return None
    probe = UiProbe(app, Path(target))
    probe.start()
    return probe


class UiProbe(QObject):
    def __init__(self, app: QApplication, target: Path) -> None:
        super().__init__(app)
        self._app = app
        self._target = target
        self._last = ""
        self._timer = QTimer(self)
        self._timer.setInterval(PERIOD_MS)
        self._timer.timeout.connect(self.write)

    def start(self) -> None:
        self._timer.start()
        self.write()

    def write(self) -> None:
        text = json.dumps(snapshot(self._app), ensure_ascii=False, sort_keys=True)
        if text == self._last:
            return
        self._last = text
        partial = self._target.with_name(self._target.name + ".partial")
        with contextlib.suppress(OSError):  # a probe never disturbs the till
            partial.write_text(text, encoding="utf-8")
            partial.replace(self._target)


def snapshot(app: QApplication) -> dict[str, Any]:
    focus = app.focusWidget()
    active = app.activeWindow()
    modal = app.activeModalWidget()
    windows = [_window(w) for w in app.topLevelWidgets() if w.isVisible()]
    return {
        "active": active.windowTitle() if active is not None else None,
        "active_class": type(active).__name__ if active is not None else None,
        "modal": modal.windowTitle() if modal is not None else None,
        "focus": _describe(focus) if focus is not None else None,
        "windows": windows,
    }


def _rect(widget: QWidget) -> list[int]:
    origin = widget.mapToGlobal(QPoint(0, 0))
    return [origin.x(), origin.y(), widget.width(), widget.height()]


def _describe(widget: QWidget) -> dict[str, Any]:
    info: dict[str, Any] = {"class": type(widget).__name__, "name": widget.objectName()}
    if isinstance(widget, QAbstractButton):
        info["text"] = widget.text()
    if isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal:
        info["text"] = widget.text()
    return info


def _window(window: QWidget) -> dict[str, Any]:
    buttons = []
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window) and button.text():
            buttons.append(
                {
                    "text": button.text(),
                    "name": button.objectName(),
                    "enabled": button.isEnabled(),
                    "default": isinstance(button, QPushButton) and button.isDefault(),
                    "checked": button.isChecked(),
                    "rect": _rect(button),
                }
            )
    edits = [
        {
            "name": edit.objectName(),
            "placeholder": edit.placeholderText(),
            "text": edit.text() if edit.echoMode() == QLineEdit.EchoMode.Normal else "",
            "rect": _rect(edit),
        }
        for edit in window.findChildren(QLineEdit)
        if edit.isVisibleTo(window)
    ]
    tables = [_rows(view) for view in window.findChildren(QAbstractItemView) if view.isVisibleTo(window)]
    labels = [
        label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window) and label.text()
    ]
    return {
        "title": window.windowTitle(),
        "class": type(window).__name__,
        "rect": _rect(window),
        "frame": [
            window.frameGeometry().x(),
            window.frameGeometry().y(),
            window.frameGeometry().width(),
            window.frameGeometry().height(),
        ],
        "modal": window.isModal(),
        "buttons": buttons,
        "edits": edits,
        "labels": labels,
        "tables": tables,
        "status_bar": _rect(bar)
        if isinstance(window, QMainWindow) and (bar := window.statusBar()).isVisible()
        else None,
    }


def _rows(view: QAbstractItemView) -> list[list[str]]:
    """The rows a list or table shows, as text (the basket, the journal)."""
    model = view.model()
    if model is None:
        return []
    return [
        [str(model.index(row, column).data() or "") for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
