"""The till screen driven the way a cashier drives it: clicks, keys and the scanner.

German on screen (a German shop PC); the embedded simulator behind it (demo cards:
…0011 Erika, 20,00 € + 3,50 € bonus, CSC 1234; …0037 locked; cent part 13 is declined by
the terminal).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cashier.app.composition import Till
from cashier.services.sale import SaleState
from cashier.ui.kit.keypad import NumericKeypad
from cashier.ui.kit.messages import MessageLevel, UserMessage
from tests.helpers.printers import LoopbackPrinter
from tests.ui.conftest import Screen, card_balances, run_async

ERIKA = "9276004400000011"
LOCKED = "9276004400000037"
NBSP = "\u00a0"
SHOWN = "Beleg auf dem Bildschirm angezeigt (Bildschirmvorschau — nichts wurde gedruckt)."


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled(), f"{button.objectName() or button} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def double_click(qtbot: QtBot, button: QWidget) -> None:
    """What the window system delivers for a double click (Qt 6): press, release, press,
    double-click, release — two ``clicked`` signals on a push button that stays enabled."""
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(button, left)
    qtbot.mouseRelease(button, left)
    qtbot.mousePress(button, left)
    qtbot.mouseDClick(button, left)
    qtbot.mouseRelease(button, left)


def keypad_type(qtbot: QtBot, keypad: NumericKeypad, digits: str) -> None:
    for digit in digits:
        button = next(b for b in keypad.findChildren(QPushButton) if b.text() == digit)
        click(qtbot, button)


def settle(qtbot: QtBot, screen: Screen) -> None:
    qtbot.waitUntil(lambda: not screen.model.busy, timeout=5000)


def texts(messages: list[UserMessage]) -> list[str]:
    return [message.text for message in messages]


def back_to_the_till(qtbot: QtBot, screen: Screen) -> None:
    """What the window manager does when a dialog over the till closes."""
    screen.window.activateWindow()
    qtbot.waitUntil(screen.window.isActiveWindow)


def enter_card(qtbot: QtBot, screen: Screen, number: str) -> None:
    panel = screen.view.card_panel
    qtbot.keyClicks(panel.number, number)
    click(qtbot, panel.check)
    settle(qtbot, screen)


def test_a_sale_with_card_bonus_and_cash_remainder_by_clicks(
    qtbot: QtBot, screen: Screen, till: Till, messages: list[UserMessage]
) -> None:
    view = screen.view
    # 30,00 € at 7 % through the keypad, and a coffee from the quick keys
    keypad_type(qtbot, view.free_price.keypad, "30")
    click(qtbot, next(b for b in view.free_price.rates.buttons() if b.text().endswith(f"7{NBSP}%")))
    click(qtbot, view.free_price.keypad.action_button)
    click(qtbot, view.quick_keys.button_for("1001"))  # Kaffee 2,50 €
    assert [line.description for line in screen.model.lines] == ["Freier Preis", "Kaffee"]
    assert view.totals.values["missing"].text() == f"32,50{NBSP}€"
    assert view.free_price.amount.text() == ""

    enter_card(qtbot, screen, ERIKA)
    assert view.card_panel.values["holder"].text() == "Erika Musterfrau"
    assert view.card_panel.values["cash"].text() == f"20,00{NBSP}€"
    assert view.card_panel.values["bonus"].text() == f"3,50{NBSP}€"

    click(qtbot, view.tenders.buttons["card"])
    qtbot.waitUntil(view.csc_dialog.isVisible)
    assert view.csc_dialog.code.echoMode() == view.csc_dialog.code.EchoMode.Password
    keypad_type(qtbot, view.csc_dialog.keypad, "1234")
    click(qtbot, view.csc_dialog.ok_button)
    settle(qtbot, screen)
    assert not view.csc_dialog.isVisible()
    # 32,50 €: bonus 3,50 €, then the whole cash balance 20,00 €; 9,00 € still to pay
    assert view.totals.values["bonus"].text() == f"−3,50{NBSP}€"
    assert view.totals.values["card"].text() == f"−20,00{NBSP}€"
    assert view.totals.values["missing"].text() == f"9,00{NBSP}€"
    assert any("9,00" in text for text in texts(messages))

    click(qtbot, view.tenders.buttons["cash"])
    qtbot.waitUntil(view.cash_dialog.isVisible)
    assert view.cash_dialog.due_label.text() == f"9,00{NBSP}€"
    assert view.cash_dialog.given.placeholderText() == "9,00"  # nothing typed: exactly this
    assert view.cash_dialog.ok_button.isEnabled()
    click(qtbot, next(b for _, b in view.cash_dialog.note_buttons if b.text() == f"10{NBSP}€"))
    assert view.cash_dialog.change_label.text() == f"1,00{NBSP}€"
    click(qtbot, view.cash_dialog.ok_button)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=5000)

    result = view.result_dialog
    assert result.change.text() == f"1,00{NBSP}€"
    qtbot.waitUntil(lambda: result.printed.text() == SHOWN, timeout=5000)  # "printed" behind it
    rows = dict(result.row_texts())
    assert rows["Summe"] == f"32,50{NBSP}€"
    assert rows["Vom Kartenguthaben"] == f"20,00{NBSP}€"  # balance and bonus apart
    assert rows["Vom Bonus"] == f"3,50{NBSP}€"
    assert rows["Bar"] == f"9,00{NBSP}€"
    assert rows["Gegeben"] == f"10,00{NBSP}€"
    cash, bonus, _ = card_balances(till, ERIKA)
    assert cash == 0
    assert bonus == 145  # 5 % of the 29,00 € revenue beyond the bonus spent
    assert screen.model.sale is None
    assert view.basket.rowCount() == 0
    assert view.card_panel.number.text() == ""
    assert all(message.level is not MessageLevel.ERROR for message in messages)
    click(qtbot, result.buttons.buttons()[0])
    assert not result.isVisible()


def test_a_scan_goes_to_the_card_panel_whatever_has_the_focus(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    amount = view.free_price.amount
    amount.setFocus()
    qtbot.waitUntil(amount.hasFocus)
    qtbot.keyClicks(amount, ERIKA, delay=2)
    QTest.keyClick(amount, Qt.Key.Key_Return)
    assert amount.text() == ""  # no digit of the scan reached the amount field
    assert view.card_panel.flashing
    settle(qtbot, screen)
    assert screen.model.card is not None
    assert view.card_panel.values["holder"].text() == "Erika Musterfrau"
    qtbot.waitUntil(lambda: not view.card_panel.flashing, timeout=3000)


def test_typing_into_the_amount_field_is_not_a_scan(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    amount = view.free_price.amount
    amount.setFocus()
    qtbot.keyClicks(amount, "12,50", delay=60)  # a human: about 120 ms between keys
    QTest.keyClick(amount, Qt.Key.Key_Return)
    assert amount.text() == ""  # Enter added the line and cleared the field
    assert [line.unit_price.cents for line in screen.model.lines] == [1250]
    assert screen.model.card is None


def test_wrong_security_code_then_the_right_one(
    qtbot: QtBot, screen: Screen, messages: list[UserMessage]
) -> None:
    view = screen.view
    click(qtbot, view.quick_keys.button_for("2004"))  # Käsekuchen 3,20 €
    enter_card(qtbot, screen, ERIKA)
    click(qtbot, view.tenders.buttons["card"])
    dialog = view.csc_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.tries.text() == "Noch 3 Versuche"
    keypad_type(qtbot, dialog.keypad, "9999")
    click(qtbot, dialog.ok_button)
    settle(qtbot, screen)
    assert dialog.isVisible()
    assert dialog.problem.text() == "Sicherheitscode falsch — noch 2 Versuche."
    assert dialog.tries.text() == "Noch 2 Versuche"
    assert dialog.code.text() == ""
    keypad_type(qtbot, dialog.keypad, "1234")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=5000)  # the card pays all 3,20 €
    assert not dialog.isVisible()
    assert texts(messages)[0] == "Sicherheitscode falsch — noch 2 Versuche."


def test_a_locked_card_is_refused_with_what_to_do(
    qtbot: QtBot, screen: Screen, messages: list[UserMessage]
) -> None:
    click(qtbot, screen.view.quick_keys.button_for("1001"))
    enter_card(qtbot, screen, LOCKED)
    assert screen.model.card is None
    assert texts(messages) == ["Karte gesperrt — andere Zahlungsart wählen."]
    assert screen.window.message_bar.text.text() == "Karte gesperrt — andere Zahlungsart wählen."
    assert screen.view.tenders.buttons["cash"].isEnabled()


def test_a_declined_terminal_payment_then_cash(
    qtbot: QtBot, screen: Screen, messages: list[UserMessage]
) -> None:
    view = screen.view
    keypad_type(qtbot, view.free_price.keypad, "213")  # 2,13 €: the simulated terminal declines 13 cents
    amount = view.free_price.amount
    assert amount.text() == "213"
    amount.setText("2,13")
    click(qtbot, view.free_price.keypad.action_button)
    click(qtbot, view.tenders.buttons["terminal"])
    assert view.terminal_dialog.isVisible()
    assert view.terminal_dialog.amount.text() == f"2,13{NBSP}€"
    qtbot.waitUntil(lambda: not view.terminal_dialog.isVisible(), timeout=5000)
    settle(qtbot, screen)
    assert texts(messages) == [
        "Zahlung abgelehnt — nichts wurde belastet. Andere Zahlungsart wählen oder den Verkauf abbrechen."
    ]
    assert screen.model.declined
    assert view.totals.captions["missing"].text() == "Abgelehnt — noch zu zahlen"
    assert not view.quick_keys.isEnabled()  # a declined sale is paid otherwise or cancelled

    click(qtbot, view.tenders.buttons["cash"])
    qtbot.waitUntil(view.cash_dialog.isVisible)
    click(qtbot, view.cash_dialog.exact)
    click(qtbot, view.cash_dialog.ok_button)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=5000)
    assert view.result_dialog.change.text() == f"0,00{NBSP}€"


def test_a_double_click_on_cash_pays_once(qtbot: QtBot, screen: Screen, till: Till) -> None:
    view = screen.view
    click(qtbot, view.quick_keys.button_for("1002"))  # Cappuccino 3,20 €
    sale_id = screen.model.sale.sale_id if screen.model.sale else ""
    opened: list[object] = []
    screen.model.payments.cash_requested.connect(opened.append)
    double_click(qtbot, view.tenders.buttons["cash"])
    qtbot.waitUntil(view.cash_dialog.isVisible)
    click(qtbot, next(b for _, b in view.cash_dialog.note_buttons if b.text() == f"5{NBSP}€"))
    paid: list[object] = []
    view.cash_dialog.confirmed.connect(paid.append)
    double_click(qtbot, view.cash_dialog.ok_button)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=5000)
    settle(qtbot, screen)
    assert len(opened) <= 2  # the second click finds the dialog open: still one dialog
    assert len(paid) == 1
    starts = [step for step in till.journal.steps(sale_id) if step.to_state == SaleState.STARTING.value]
    assert len(starts) == 1
    assert till.journal.get(sale_id).state == SaleState.PRINTED.value
    assert len(till.journal.of_day(till.context.business_day(), till.settings.till_id)) == 1


def test_escape_clears_a_typed_number_then_cancels_the_sale(
    qtbot: QtBot, screen: Screen, messages: list[UserMessage]
) -> None:
    view = screen.view
    click(qtbot, view.quick_keys.button_for("1001"))
    qtbot.keyClicks(view.card_panel.number, "1234")
    qtbot.waitUntil(lambda: view.card_panel.number.text() == "1234")
    QTest.keyClick(screen.window, Qt.Key.Key_Escape)
    assert view.card_panel.number.text() == ""
    assert len(screen.model.lines) == 1
    # the second Esc asks first: Enter (and Esc) keep the sale, the safe choice
    QTest.keyClick(screen.window, Qt.Key.Key_Escape)
    question = view.abort_question
    assert question is not None
    qtbot.waitUntil(question.isActiveWindow)
    assert (
        question.text()
        == f"Diesen Verkauf über 2,50{NBSP}€ abbrechen? Der Warenkorb wird geleert; nichts wurde belastet."
    )
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.abort_question is None)
    back_to_the_till(qtbot, screen)
    QTest.keyClick(screen.window, Qt.Key.Key_Escape)
    question = view.abort_question
    assert question is not None
    qtbot.waitUntil(question.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.abort_question is None)
    settle(qtbot, screen)
    assert len(screen.model.lines) == 1
    assert texts(messages) == []
    # "J" (Ja, Verkauf abbrechen) — or a tap on it — cancels
    back_to_the_till(qtbot, screen)
    QTest.keyClick(screen.window, Qt.Key.Key_Escape)
    question = view.abort_question
    assert question is not None
    qtbot.waitUntil(question.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_J)
    qtbot.waitUntil(lambda: view.abort_question is None)
    settle(qtbot, screen)
    assert screen.model.lines == ()
    assert texts(messages) == ["Verkauf abgebrochen — nichts wurde belastet."]
    back_to_the_till(qtbot, screen)
    QTest.keyClick(screen.window, Qt.Key.Key_Escape)  # nothing to cancel: nothing asked
    assert view.abort_question is None


def test_the_status_bar_shows_environment_connection_printer_and_till(screen: Screen) -> None:
    status = screen.window.status
    assert status.badge.text() == "SIMULATOR"
    assert "online" in status.connection.text()
    assert status.printer.text() == "Drucker: Bildschirmvorschau"
    assert status.till_label.text() == "Kasse KASSE-1"


def test_a_long_printer_address_is_shortened_and_the_till_stays_in_sight(screen: Screen) -> None:
    status = screen.window.status
    path = "file:///var/lib/cashier/a/very/long/folder/name/for/the/receipts/of/this/till/receipts.bin"
    status.show_printer(path, 0)
    assert status.printer.toolTip() == path
    assert "…" in status.printer.text()
    assert status.printer.text().endswith("receipts.bin")
    assert status.printer.fontMetrics().horizontalAdvance(status.printer.text()) < 400


def test_closing_while_a_payment_runs_asks_and_closes_after_it(
    qtbot: QtBot, screen: Screen, till: Till
) -> None:
    click(qtbot, screen.view.quick_keys.button_for("1001"))
    sale_id = screen.model.sale.sale_id if screen.model.sale else ""
    screen.model.payments.pay_terminal()
    assert screen.model.payment_running
    terminal = screen.view.terminal_dialog
    assert terminal.isVisible()
    # Not modal: a window blocked by a modal dialog never hears of its close button (Qt drops
    # the window system's request), so the question below would never come.
    assert not terminal.isModal()
    assert QApplication.activeModalWidget() is None
    screen.window.close()
    assert screen.window.isVisible()  # not while the terminal works
    question = screen.window.findChild(QMessageBox)
    assert question is not None
    assert question.isVisible()
    assert question.text() == "Eine Zahlung läuft. Die Kasse schließen, sobald sie abgeschlossen ist?"
    click(qtbot, question.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: not screen.window.isVisible(), timeout=5000)
    assert till.journal.get(sale_id).state in {SaleState.COMPLETED.value, SaleState.PRINTED.value}
    run_async(qtbot, screen.parts.runner.drain())  # as the till does before its services close
    assert till.journal.get(sale_id).state == SaleState.PRINTED.value  # the receipt was not cut off


@pytest.mark.parametrize("printer_uri", ["tcp://127.0.0.1:9?timeout=2"])  # nothing listens there
def test_a_printer_that_is_offline_never_undoes_the_sale(
    qtbot: QtBot, screen: Screen, till: Till, messages: list[UserMessage]
) -> None:
    view = screen.view
    click(qtbot, view.quick_keys.button_for("2003"))  # Croissant 1,60 €
    sale_id = screen.model.sale.sale_id if screen.model.sale else ""
    click(qtbot, view.tenders.buttons["cash"])
    click(qtbot, view.cash_dialog.exact)
    click(qtbot, view.cash_dialog.ok_button)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=10_000)
    qtbot.waitUntil(
        lambda: (
            view.result_dialog.printed.text()
            == "Beleg NICHT gedruckt — der Verkauf ist gespeichert; später nachdrucken."
        ),
        timeout=10_000,
    )
    assert (messages[-1].key, messages[-1].level) == ("not_printed", MessageLevel.WARNING)
    assert screen.window.message_bar.text.text() == messages[-1].text
    assert till.journal.get(sale_id).state == SaleState.COMPLETED.value
    assert screen.window.status.printer.text() == "Drucker: tcp://127.0.0.1:9 — 1 Beleg nicht gedruckt"


def test_a_printer_that_never_answers_does_not_hold_the_counter(
    qtbot: QtBot, screen: Screen, till: Till, messages: list[UserMessage]
) -> None:
    """The result (and the change) at once; the next customer meanwhile; the receipt's fate later."""
    view, model = screen.view, screen.model
    printer = LoopbackPrinter()
    printer.mode = "silent"  # takes the connection, never answers the status query
    till.printer.use_printer(printer.uri(timeout="2"))
    try:
        click(qtbot, view.quick_keys.button_for("2003"))  # Croissant 1,60 €
        assert model.sale is not None
        sale_id = model.sale.sale_id
        click(qtbot, view.tenders.buttons["cash"])
        click(qtbot, next(b for _, b in view.cash_dialog.note_buttons if b.text() == f"5{NBSP}€"))
        click(qtbot, view.cash_dialog.ok_button)
        qtbot.waitUntil(view.result_dialog.isVisible, timeout=5000)
        result = view.result_dialog
        assert result.change.text() == f"3,40{NBSP}€"
        assert result.printed.text() == "Beleg wird gedruckt …"  # the printer has not answered yet
        assert till.journal.get(sale_id).state == SaleState.COMPLETED.value
        assert not model.payment_running
        result.accept()
        click(qtbot, view.quick_keys.button_for("1001"))  # the next customer, while it prints
        assert model.sale is not None
        assert model.sale.sale_id != sale_id

        not_printed = "Beleg nicht gedruckt — der Verkauf ist gespeichert; Beleg später nachdrucken."
        qtbot.waitUntil(lambda: not_printed in texts(messages), timeout=10_000)
        assert (
            result.printed.text() == "Beleg NICHT gedruckt — der Verkauf ist gespeichert; später nachdrucken."
        )
        assert not result.isVisible()  # not reopened: nothing on it is lost
        assert [job.sale_id for job in till.printer.failed()] == [sale_id]
        assert till.printer.failed()[0].last_error.startswith("timeout")
        assert screen.window.status.printer.text().endswith("1 Beleg nicht gedruckt")
        assert model.sale is not None  # the next customer's basket is untouched
        assert [line.total.cents for line in model.lines] == [250]
    finally:
        till.printer.use_printer("preview")
        printer.close()


def test_the_card_field_takes_digits_and_a_new_number_hides_the_old_card(
    qtbot: QtBot, screen: Screen, messages: list[UserMessage]
) -> None:
    view, panel = screen.view, screen.view.card_panel
    click(qtbot, view.quick_keys.button_for("1001"))
    enter_card(qtbot, screen, ERIKA)
    assert panel.values["holder"].text() == "Erika Musterfrau"
    assert view.tenders.buttons["card"].isEnabled()

    panel.number.setFocus()
    QTest.keyClick(panel.number, Qt.Key.Key_End)
    qtbot.keyClicks(panel.number, "12,50x")  # digits only: "…00112,50" cannot be typed
    assert panel.number.text() == ERIKA + "1250"
    # the old card no longer looks current, and cannot pay for the number typed over it
    assert panel.stale
    assert panel.values["holder"].text() == "–"
    assert panel.values["cash"].text() == "–"
    assert panel.values["state"].text() == "andere Nummer eingegeben — Enter prüft sie"
    assert not view.tenders.buttons["card"].isEnabled()

    QTest.keyClick(screen.window, Qt.Key.Key_Escape)  # Esc puts the card's number back
    assert panel.number.text() == "9276 0044 0000 0011"
    assert not panel.stale
    assert panel.values["holder"].text() == "Erika Musterfrau"
    assert view.tenders.buttons["card"].isEnabled()
    assert len(screen.model.lines) == 1  # the sale was not touched

    panel.number.clear()
    qtbot.keyClicks(panel.number, "9276 0044 0000 0037")  # spaces part the groups, and are dropped
    QTest.keyClick(panel.number, Qt.Key.Key_Return)
    settle(qtbot, screen)
    assert screen.model.card is not None
    assert screen.model.card.number.digits == ERIKA  # …0037 is locked: the sale keeps Erika's card
    assert panel.stale  # and the field still says the typed one is not it
    assert panel.values["holder"].text() == "–"
    assert any("gesperrt" in text for text in texts(messages))


def test_the_preview_printer_shows_the_receipt_and_does_not_say_printed(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    click(qtbot, view.quick_keys.button_for("1001"))  # Kaffee 2,50 €
    click(qtbot, view.tenders.buttons["cash"])
    qtbot.waitUntil(view.cash_dialog.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # nothing typed: exactly 2,50 €
    result = view.result_dialog
    qtbot.waitUntil(lambda: result.printed.text() == SHOWN, timeout=5000)
    assert "gedruckt." not in result.printed.text().replace("nichts wurde gedruckt", "")
    receipt = screen.parts.dialogs.receipt
    qtbot.waitUntil(lambda: receipt.isVisible() and receipt.image.has_picture, timeout=5000)
    assert receipt.heading.text().startswith("Verkauf ")
    assert receipt.heading.text().endswith("der Beleg (Bildschirmvorschau)")
    assert not receipt.isModal()  # beside the result, which keeps Enter ("Nächster Kunde")
    qtbot.waitUntil(lambda: not receipt.frameGeometry().intersects(result.frameGeometry()))  # change in sight
    qtbot.waitUntil(result.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not result.isVisible()
    assert not receipt.isVisible()  # it goes with the sale's result
