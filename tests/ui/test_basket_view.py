"""The basket table updates its rows in place: what it shows always matches the lines given,
the cell widgets of a row survive a refresh, and a row's buttons name its position."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.till.basket_view import ARTICLE, QUANTITY, TOTAL, BasketView

COFFEE = BasketLine("Kaffee", Money(250), 1, VatRate.STANDARD)
CAKE = BasketLine("Käsekuchen", Money(320), 2, VatRate.REDUCED)
WATER = BasketLine("Wasser", Money(200), 1, VatRate.STANDARD)


def shown(view: BasketView) -> list[tuple[str, str, str]]:
    rows = []
    for row in range(view.rowCount()):
        count = view.cellWidget(row, QUANTITY).findChild(QLabel)
        assert count is not None
        rows.append((view.item(row, ARTICLE).text(), count.text(), view.item(row, TOTAL).text()))
    return rows


def test_rows_follow_the_lines_and_keep_their_widgets(qtbot: QtBot, language: UiLanguage) -> None:
    view = BasketView()
    qtbot.addWidget(view)
    money = language.money
    view.show_lines((COFFEE, CAKE), money, editable=True)
    first_cell = view.cellWidget(0, QUANTITY)
    view.show_lines((replace(COFFEE, quantity=3), CAKE, WATER), money, editable=True)
    assert shown(view) == [
        ("Kaffee", "3", "7,50\u00a0€"),
        ("Käsekuchen", "2", "6,40\u00a0€"),
        ("Wasser", "1", "2,00\u00a0€"),
    ]
    assert view.cellWidget(0, QUANTITY) is first_cell  # updated, not built anew
    view.show_lines((COFFEE, WATER), money, editable=False)
    assert shown(view) == [("Kaffee", "1", "2,50\u00a0€"), ("Wasser", "1", "2,00\u00a0€")]
    assert not any(button.isEnabled() for button in (*view.quantity_buttons(1), view.remove_button(1)))
    view.show_lines((), money, editable=True)
    assert view.rowCount() == 0


def test_a_rows_buttons_name_its_position(qtbot: QtBot, language: UiLanguage) -> None:
    view = BasketView()
    qtbot.addWidget(view)
    view.show_lines((COFFEE, CAKE, WATER), language.money, editable=True)
    view.show_lines((COFFEE, WATER), language.money, editable=True)  # the middle line went
    pressed: list[tuple[str, int]] = []
    view.increment.connect(lambda row: pressed.append(("+", row)))
    view.decrement.connect(lambda row: pressed.append(("-", row)))
    view.remove.connect(lambda row: pressed.append(("x", row)))
    minus, plus = view.quantity_buttons(1)
    plus.click()
    minus.click()
    view.remove_button(1).click()
    view.quantity_buttons(0)[1].click()
    assert pressed == [("+", 1), ("-", 1), ("x", 1), ("+", 0)]
