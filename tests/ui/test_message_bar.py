"""The message bar's colours follow the level of the message shown (and grey when idle)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from cashier.ui.kit.message_bar import MessageBar
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.kit.style import LEVEL_COLOURS


def background(bar: MessageBar) -> str:
    return QColor(bar.grab().toImage().pixel(3, 3)).name()


def test_each_level_has_its_colours(qtbot: QtBot) -> None:
    bar = MessageBar()
    qtbot.addWidget(bar)
    bar.resize(600, 60)
    idle = background(bar)
    for level in (MessageLevel.ERROR, MessageLevel.INFO, MessageLevel.WARNING, MessageLevel.ERROR):
        bar.show_message(UserMessage(level, "Text"))
        expected_background, expected_text = LEVEL_COLOURS[level.value]
        assert background(bar) == expected_background
        assert bar.text.palette().color(bar.text.foregroundRole()).name() == expected_text
    bar.dismiss()
    assert background(bar) == idle
    assert bar.text.palette().color(bar.text.foregroundRole()).name() == "#777777"
