"""Scans routed on the till screen: article EANs into the basket, the card to the card panel,
in-store price and weight labels, unknown codes named; quick keys by Alt+digit.

The scanner is a burst of key events into whatever widget has the focus (about 5 ms apart,
then Enter), as in ``test_scanner.py``; the demo catalogue's codes (resources/catalog/demo.json).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cashier.domain.barcodes import gtin_check_digit
from cashier.ui.kit.messages import UserMessage
from cashier.ui.kit.style import key_text
from tests.ui.conftest import Screen

ERIKA = "9276004400000011"
KAFFEE = "4260123450014"
ORANGENSAFT = "40012346"  # EAN-8
NBSP = "\u00a0"


def with_check(body: str) -> str:
    return body + str(gtin_check_digit(body))


def scan(qtbot: QtBot, code: str) -> None:
    """A keyboard-wedge scanner: the digits a few ms apart, then Enter, into the focus widget."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, code, delay=2)
    QTest.keyClick(target, Qt.Key.Key_Return)


def settle(qtbot: QtBot, screen: Screen) -> None:
    qtbot.waitUntil(lambda: not screen.model.busy, timeout=5000)


def lines(screen: Screen) -> list[tuple[str, int, str | None]]:
    return [(line.description, line.unit_price.cents, line.ean) for line in screen.model.lines]


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_an_article_ean_goes_to_the_basket_and_a_card_to_the_card_panel(
    qtbot: QtBot, screen: Screen, messages: list[UserMessage]
) -> None:
    view = screen.view
    focus(qtbot, view.free_price.amount)
    scan(qtbot, KAFFEE)
    assert lines(screen) == [("Kaffee", 250, KAFFEE)]
    assert view.free_price.amount.text() == ""  # no digit of the scan in the field
    assert view.card_panel.number.text() == ""  # an article is no card
    assert not view.card_panel.flashing
    scan(qtbot, ORANGENSAFT)
    scan(qtbot, ERIKA)
    assert view.card_panel.flashing
    settle(qtbot, screen)
    assert screen.model.card is not None
    assert view.card_panel.values["holder"].text() == "Erika Musterfrau"
    assert lines(screen) == [("Kaffee", 250, KAFFEE), ("Orangensaft", 280, ORANGENSAFT)]
    assert view.totals.values["missing"].text() == f"5,30{NBSP}€"
    assert messages == []


def test_a_price_label_and_a_weight_label_from_the_shops_scale(qtbot: QtBot, screen: Screen) -> None:
    focus(qtbot, screen.view.card_panel.number)
    scan(qtbot, with_check("21" + "02004" + "00399"))  # Käsekuchen, the label says 3,99 €
    weighed = with_check("28" + "03001" + "00500")  # 500 g coffee beans at 24,90 €/kg
    scan(qtbot, weighed)
    assert lines(screen) == [
        ("Käsekuchen", 399, with_check("21" + "02004" + "00399")),
        ("Kaffeebohnen, lose 0,500 kg", 1245, weighed),
    ]
    assert screen.view.card_panel.number.text() == ""


def test_an_unknown_code_is_named_in_the_message_and_changes_nothing(
    qtbot: QtBot, screen: Screen, messages: list[UserMessage], language: object
) -> None:
    unknown = with_check("400000000001")
    focus(qtbot, screen.view.free_price.amount)
    scan(qtbot, unknown)
    assert [m.text for m in messages] == [
        f"Unbekannter Barcode {unknown} — kein Artikel und keine Kundenkarte. "
        "Den Preis als freien Preis eingeben."
    ]
    assert screen.window.message_bar.text.text() == messages[0].text
    assert screen.model.lines == ()
    assert screen.model.card is None
    assert screen.view.card_panel.number.text() == ""
    language.switch("en")  # type: ignore[attr-defined]
    scan(qtbot, "12345678")
    assert messages[-1].text == (
        "Unknown barcode 12345678 — no article and no customer card. Type the price as a free price."
    )


def test_a_scan_while_a_dialog_is_open_does_not_reach_the_basket(
    qtbot: QtBot, screen: Screen, messages: list[UserMessage]
) -> None:
    view = screen.view
    focus(qtbot, view.free_price.amount)
    scan(qtbot, KAFFEE)
    QTest.keyClick(screen.window, Qt.Key.Key_F5)  # cash: the dialog shows 2,50 € due
    qtbot.waitUntil(view.cash_dialog.isVisible)
    scan(qtbot, KAFFEE)
    scan(qtbot, ERIKA)
    settle(qtbot, screen)
    assert lines(screen) == [("Kaffee", 250, KAFFEE)]
    assert screen.model.lines[0].quantity == 1
    assert screen.model.card is None
    assert view.cash_dialog.due_label.text() == f"2,50{NBSP}€"
    assert [m.text for m in messages][-1] == (
        f"Scan {ERIKA} nicht übernommen — erst das offene Fenster abschließen, dann erneut scannen."
    )
    view.cash_dialog.reject()
    qtbot.waitUntil(lambda: not view.cash_dialog.isVisible())
    screen.window.activateWindow()  # (offscreen: no window manager gives it back)
    focus(qtbot, view.free_price.amount)
    scan(qtbot, KAFFEE)
    assert len(screen.model.lines) == 1
    assert screen.model.lines[0].quantity == 2


def test_an_ean_typed_into_the_card_field_adds_the_article(qtbot: QtBot, screen: Screen) -> None:
    number = screen.view.card_panel.number
    focus(qtbot, number)
    qtbot.keyClicks(number, KAFFEE, delay=60)  # a person typing a damaged label's code
    QTest.keyClick(number, Qt.Key.Key_Return)
    assert lines(screen) == [("Kaffee", 250, KAFFEE)]
    assert number.text() == ""


def test_quick_keys_answer_alt_digits_shown_on_them(qtbot: QtBot, screen: Screen) -> None:
    keys = screen.view.quick_keys
    assert keys.button_for("1001").text() == f"Kaffee\n2,50{NBSP}€ · Alt+1"
    assert keys.button_for("2006").text().endswith(f"· {key_text(QKeySequence('Ctrl+2'))}")  # key 12
    focus(qtbot, screen.view.free_price.amount)
    QTest.keyClick(screen.view.free_price.amount, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(screen.model.lines) == 1)
    assert lines(screen) == [("Cappuccino", 320, "4260123450021")]
    assert screen.view.free_price.amount.text() == ""  # Alt+2 typed nothing


def test_digits_typed_on_a_focused_quick_key_reach_the_amount(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    key = view.quick_keys.button_for("1001")
    focus(qtbot, key)
    qtbot.keyClicks(key, "12,5", delay=60)
    qtbot.waitUntil(lambda: view.free_price.amount.text() == "12,5", timeout=2000)
    assert view.free_price.amount.hasFocus()
    assert screen.model.lines == ()  # typing is no press of the key
