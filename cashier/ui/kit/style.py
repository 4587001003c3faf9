"""Sizes, colours and the style sheet of the till: made for fingers, readable at arm's length."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

TOUCH: Final = 48
"""Minimum height (and width) in pixels of anything a finger presses."""

DIALOG_WIDTH: Final = 420
"""Minimum width of the till's dialogs' content."""

APP_FONT_FAMILY: Final = "DejaVu Sans"
APP_FONT_POINTS: Final = 11

ENVIRONMENT_COLOURS: Final = {
    # environment: (background, text) — distinct at a glance, LIVE the calm one
    "simulator": ("#6a1b9a", "#ffffff"),
    "testing": ("#f9a825", "#000000"),
    "live": ("#2e7d32", "#ffffff"),
    "custom": ("#37474f", "#ffffff"),
}

LEVEL_COLOURS: Final = {
    "info": ("#e3f2fd", "#0d47a1"),
    "warning": ("#fff3e0", "#8a3b00"),
    "error": ("#ffebee", "#b71c1c"),
}

APP_STYLE: Final = f"""
QPushButton {{ min-height: {TOUCH - 6}px; padding: 2px 6px; }}
QPushButton:checked {{ background: #1565c0; color: white; }}
QLineEdit {{ min-height: {TOUCH - 4}px; font-size: 14pt; padding: 0 6px; }}
QGroupBox {{ font-weight: bold; margin-top: 14px; padding-top: 4px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QPushButton#tender {{ font-size: 12pt; font-weight: bold; min-height: 56px; }}
QPushButton#quickKey {{ font-size: 11pt; }}
QLabel#heading {{ font-size: 16pt; font-weight: bold; }}
QLabel#bigAmount {{ font-size: 20pt; font-weight: bold; }}
QLabel#hugeAmount {{ font-size: 30pt; font-weight: bold; }}
QLabel#caption {{ color: #555555; }}
QStatusBar QLabel {{ padding: 0 6px; }}
/* no theme icons on OK/Cancel (Linux desktops add them): they crowd the words and keys */
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QLineEdit[scanned="true"] {{ background: #a5d6a7; }}
QPushButton[offline="true"] {{ color: #9e9e9e; }}
"""


_CONFIRMING = (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.YesRole)


def touch_sized(box: QDialogButtonBox) -> QDialogButtonBox:
    """A dialog's OK/Cancel buttons, as large as the rest (and wide enough for a thumb).

    Only the confirming button takes Enter: Cancel (tabbed to or not) never becomes the
    dialog's default — Esc cancels. A tap takes no focus (see :func:`touch_button`).
    """
    for button in box.buttons():
        button.setMinimumSize(2 * TOUCH, TOUCH)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        if box.buttonRole(button) not in _CONFIRMING and isinstance(button, QPushButton):
            button.setAutoDefault(False)
    return box


def fit_to_content(dialog: QWidget) -> None:
    """Give ``dialog`` the height its content needs now at its width.

    A line that wraps (a wrong-PIN message, a problem under a field) is not counted by a
    layout's minimum size: without this a dialog that stays open while such a line appears
    squeezes its keypad, whose last row is then cut off. Call it after the texts changed.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = max(dialog.width(), dialog.minimumSizeHint().width())
    height = dialog.heightForWidth(width) if layout.hasHeightForWidth() else -1
    needed = max(height, dialog.minimumSizeHint().height())
    if needed > dialog.height() or width > dialog.width():
        dialog.resize(width, max(needed, dialog.height()))


def touch_button(text: str = "", *, parent: QWidget | None = None, name: str = "") -> QPushButton:
    """A push button at least :data:`TOUCH` pixels high and wide that grows with its layout.

    Enter confirms, always: a touch button is never a dialog's (auto-)default, and a tap leaves
    the keyboard focus where it was (the field being typed into), so neither Enter nor Space
    presses the tapped button a second time. Tab still reaches it; Space then presses it.
    """
    button = QPushButton(text, parent)
    button.setMinimumSize(TOUCH, TOUCH)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    if name:
        button.setObjectName(name)
    return button


def keyed_button(key: str, *, parent: QWidget, name: str = "") -> tuple[QPushButton, QKeySequence]:
    """A touch button that ``key`` (e.g. "F5") presses while its window is active.

    A QShortcut, not ``setShortcut`` (``setText()`` would replace that), and it calls
    ``click()``, which does nothing on a disabled button: a disabled action stays disabled
    from the keyboard too. The caller shows the key on the button (:func:`key_text`).
    """
    button = touch_button(parent=parent, name=name)
    sequence = QKeySequence(key)
    QShortcut(sequence, parent, button.click, Qt.ShortcutContext.WindowShortcut)
    return button, sequence


def show_offline(button: QPushButton, offline: bool, why: str = "") -> None:
    """Grey ``button`` out while offline without disabling it: its key still says why it
    cannot work now (a disabled button would do nothing at all)."""
    if bool(button.property("offline")) != offline:
        button.setProperty("offline", offline)
        button.style().unpolish(button)
        button.style().polish(button)
    button.setToolTip(why if offline else "")


def note_label(parent: QWidget, colour: str) -> QLabel:
    """A bold, wrapping note in ``colour``, hidden until there is something to note."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour}; font-weight: bold;")
    label.hide()
    return label


def key_text(sequence: QKeySequence) -> str:
    """How a key is written on its button ("F5", "Esc")."""
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def keyed_row(
    parent: QWidget,
    entries: Sequence[tuple[str, str, Callable[[], object] | SignalInstance]],
    *,
    name: str = "",
    escape_is_keyed: bool = False,
) -> tuple[QHBoxLayout, dict[str, QPushButton], dict[str, QKeySequence]]:
    """A row of keyed buttons from ``(name, key, action)``; the caller shows the keys.

    In a dialog Esc stays the dialog's own (``reject``, or what the dialog makes of it) unless
    ``escape_is_keyed`` (the till screen's bars: Esc cancels the sale); Enter presses none of
    them (no auto-default): an action runs on its key or a tap only.
    """
    row = QHBoxLayout()
    buttons: dict[str, QPushButton] = {}
    keys: dict[str, QKeySequence] = {}
    for entry, key, action in entries:
        if key == "Esc" and not escape_is_keyed:
            button, sequence = touch_button(parent=parent, name=name), QKeySequence(key)
        else:
            button, sequence = keyed_button(key, parent=parent, name=name)
        button.setMinimumHeight(TOUCH + 8)
        button.setAutoDefault(False)
        button.clicked.connect(action)
        row.addWidget(button)
        buttons[entry], keys[entry] = button, sequence
    return row, buttons, keys
