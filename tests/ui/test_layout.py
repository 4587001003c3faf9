"""Usable at 1024×768 with a finger: everything fits, every button is at least 48 px high."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cashier.domain.money import Money
from cashier.ui.kit.style import TOUCH
from tests.ui.conftest import Screen


def small_buttons(widget: QWidget) -> list[str]:
    return [
        f"{button.text()!r} {button.width()}x{button.height()}"
        for button in widget.findChildren(QPushButton)
        if button.isVisible() and (button.height() < TOUCH or button.width() < TOUCH)
    ]


def test_the_till_fits_1024_by_768_with_buttons_for_fingers(qtbot: QtBot, screen: Screen) -> None:
    window, view = screen.window, screen.view
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024
    assert hint.height() <= 768
    assert (window.width(), window.height()) == (1024, 768)
    for article in view.quick_keys.buttons[:3]:
        screen.model.add_article(article[0])
    qtbot.waitUntil(lambda: view.basket.rowCount() == 3)
    assert small_buttons(window) == []


def test_the_dialogs_have_buttons_for_fingers(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    view.csc_dialog.ask(3, "")
    qtbot.waitUntil(view.csc_dialog.isVisible)
    assert small_buttons(view.csc_dialog) == []
    assert view.csc_dialog.height() <= 768
    view.csc_dialog.reject()
    view.cash_dialog.ask(Money(920))
    qtbot.waitUntil(view.cash_dialog.isVisible)
    assert small_buttons(view.cash_dialog) == []
    assert view.cash_dialog.height() <= 768
    view.cash_dialog.reject()
