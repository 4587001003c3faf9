"""Money words that match the money, messages that belong to the moment, the mandate's shop,
the journal's history and the Z report's words — driven as a cashier drives the till.

German on screen; the embedded simulator behind it (Erika's card …0011: 20,00 € balance,
3,50 € bonus, CSC 1234; …0037 is locked; …9999 is no card of the shop).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.composition import Till, printer_profile
from cashier.app.settings_editor import SettingsEditor
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.report_lines import z_report_lines
from cashier.domain.vat import VatRate
from cashier.printing.escpos_decode import plain_text
from cashier.printing.report_layout import render_z_report, z_label
from cashier.services.sale import SaleState, Tender
from cashier.ui.end_of_day.end_of_day_dialog import EndOfDayDialog
from cashier.ui.journal.journal_dialog import JournalDialog
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.task_runner import TaskRunner
from tests.ui.conftest import Screen, card_balances, run_async
from tests.ui.test_back_office import click, confirm, show_end_of_day, show_journal, yes
from tests.ui.test_till_screen import enter_card, keypad_type, settle

ERIKA = "9276004400000011"
LOCKED = "9276004400000037"
UNKNOWN = "9276004400009999"
NBSP = "\u00a0"


def euro(text: str) -> str:
    return f"{text}{NBSP}€"


@pytest.fixture
def journal_dialog(
    qtbot: QtBot, qloop: QEventLoop, till: Till, bridge: MessageBridge, language: UiLanguage
) -> Iterator[JournalDialog]:
    runner = TaskRunner(qloop, bridge)
    dialog = JournalDialog(till.back_office, runner, bridge, lambda: language.money)
    qtbot.addWidget(dialog)
    yield dialog
    run_async(qtbot, runner.drain())


def sell_with_card_and_cash(qtbot: QtBot, till: Till) -> str:
    """28,10 €: Erika's 3,50 € bonus, then her 20,00 € balance, 4,60 € in cash (5,00 € given)."""
    sale = till.sales.new_sale()
    till.sales.add_line(sale, BasketLine("Torte", Money(2810), 1, VatRate.REDUCED))
    run_async(qtbot, till.sales.attach_card(sale, ERIKA))
    run_async(qtbot, till.sales.check_csc(sale, "1234"))
    pricing = run_async(qtbot, till.sales.apply_card(sale))
    assert (pricing.bonus_used, pricing.cash_balance_used, pricing.missing_sum) == (
        Money(350),
        Money(2000),
        Money(460),
    )
    run_async(qtbot, till.payments.pay(sale, Tender.CASH, given=Money(500)))
    return sale.sale_id


# --- 1. money words ---------------------------------------------------------------------------
def test_the_journal_shows_each_part_and_the_cancel_gives_back_what_it_says(
    qtbot: QtBot, till: Till, journal_dialog: JournalDialog
) -> None:
    before = card_balances(till, ERIKA)
    sale_id = sell_with_card_and_cash(qtbot, till)
    show_journal(qtbot, journal_dialog)
    assert journal_dialog.table.item(0, 3).text() == "\n".join(
        [f"Bar {euro('4,60')}", f"Guthaben {euro('20,00')}", f"Bonus {euro('3,50')}"]
    )
    assert journal_dialog.table.item(0, 4).text() == euro("28,10")  # the sum, not cash and balance as "paid"
    assert journal_dialog.table.horizontalHeaderItem(4).text() == "Summe"
    facts = journal_dialog.details.fact_texts()
    assert facts["Bezahlt mit"] == f"Bar {euro('4,60')} · Guthaben {euro('20,00')} · Bonus {euro('3,50')}"

    QTest.keyClick(journal_dialog, Qt.Key.Key_F7)
    box = confirm(qtbot, journal_dialog)
    text = box.text()
    assert f"{euro('4,60')} bar aus der Kasse zurückgeben" in text
    assert f"{euro('20,00')} zurück auf das Guthaben der Kundenkarte" in text
    assert f"{euro('3,50')} Bonus zurück auf die Kundenkarte" in text
    assert "24,60" not in text  # cash and balance were never one amount given back in cash
    collected = card_balances(till, ERIKA)[1] - (before[1] - 350)
    assert collected > 0  # the sale collected bonus: the cancellation takes it off again
    collected_text = MoneyFormat("de").amount(Money(collected))
    assert f"der mit dem Verkauf gesammelte Bonus von {collected_text} wird von der Karte abgebucht" in text

    click(qtbot, yes(box))
    qtbot.waitUntil(lambda: till.journal.get(sale_id).state == SaleState.CANCELLED.value, timeout=10_000)
    qtbot.waitUntil(lambda: not journal_dialog.model.busy, timeout=10_000)
    # What the service gave back is what the prompt said: the card holds what it held before.
    assert card_balances(till, ERIKA) == before
    said = journal_dialog.status.message.text()
    assert "Dem Kunden " + euro("4,60") + " bar zurückgeben." in said
    assert f"{euro('20,00')} sind zurück auf dem Guthaben der Kundenkarte." in said
    assert f"{euro('3,50')} Bonus sind zurück auf der Kundenkarte." in said


def test_the_result_shows_balance_and_bonus_apart(qtbot: QtBot, screen: Screen, till: Till) -> None:
    view = screen.view
    keypad_type(qtbot, view.free_price.keypad, "25")
    click(qtbot, view.free_price.keypad.action_button)
    enter_card(qtbot, screen, ERIKA)
    click(qtbot, view.tenders.buttons["card"])
    qtbot.waitUntil(view.csc_dialog.isVisible)
    keypad_type(qtbot, view.csc_dialog.keypad, "1234")
    click(qtbot, view.csc_dialog.ok_button)
    settle(qtbot, screen)
    click(qtbot, view.tenders.buttons["cash"])
    qtbot.waitUntil(view.cash_dialog.isVisible)
    click(qtbot, view.cash_dialog.exact)
    click(qtbot, view.cash_dialog.ok_button)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=5000)
    rows = dict(view.result_dialog.row_texts())
    balance, bonus, _ = card_balances(till, ERIKA)
    assert rows["Vom Kartenguthaben"] == euro("20,00")
    assert rows["Vom Bonus"] == euro("3,50")
    assert rows["Bar"] == euro("1,50")
    money = MoneyFormat("de")
    assert rows["Kartenguthaben jetzt"] == money.amount(Money(balance))
    assert rows["Bonus jetzt"] == money.amount(Money(bonus))
    assert bonus > 0  # the bonus collected is not added to the balance


# --- 2. messages that belong to the moment ----------------------------------------------------
def test_a_card_message_goes_with_the_card(qtbot: QtBot, screen: Screen) -> None:
    bar = screen.window.message_bar
    click(qtbot, screen.view.quick_keys.button_for("1001"))
    enter_card(qtbot, screen, UNKNOWN)
    assert bar.text.text() == "Karte unbekannt — Nummer prüfen oder ohne Karte verkaufen."
    screen.view.card_panel.number.clear()
    enter_card(qtbot, screen, ERIKA)  # another card: the words about the unknown one go
    assert screen.model.card is not None
    assert bar.current is None

    click(qtbot, screen.view.card_panel.clear)  # Erika's card off the sale …
    enter_card(qtbot, screen, LOCKED)
    assert bar.text.text() == "Karte gesperrt — andere Zahlungsart wählen."
    click(qtbot, screen.view.card_panel.clear)  # … and the locked number cleared: its words go too
    assert bar.current is None


def test_a_sale_message_goes_when_the_next_sale_starts(qtbot: QtBot, screen: Screen) -> None:
    bar = screen.window.message_bar
    click(qtbot, screen.view.quick_keys.button_for("1001"))
    QTest.keyClick(screen.window, Qt.Key.Key_Escape)  # the basket is not empty: the till asks first
    qtbot.waitUntil(lambda: screen.view.abort_question is not None and screen.view.abort_question.isVisible())
    QTest.keyClick(screen.view.abort_question, Qt.Key.Key_J)  # "Ja, Verkauf abbrechen" (an animated click)
    qtbot.waitUntil(lambda: screen.model.sale is None)
    settle(qtbot, screen)
    assert bar.text.text() == "Verkauf abgebrochen — nichts wurde belastet."
    click(qtbot, screen.view.quick_keys.button_for("1002"))  # the next customer's sale
    assert bar.current is None
    assert len(screen.model.lines) == 1


def test_the_words_of_a_load_go_with_the_load(qtbot: QtBot, screen: Screen) -> None:
    bar, view = screen.window.message_bar, screen.view
    enter_card(qtbot, screen, ERIKA)
    QTest.keyClick(screen.window, Qt.Key.Key_F9)
    qtbot.waitUntil(view.card_load_dialog.isVisible)
    picker = view.card_load_dialog.picker
    click(qtbot, next(button for amount, button in picker.preset_buttons if amount == Money(1000)))
    click(qtbot, view.card_load_dialog.ok_button)
    assert bar.text.text().startswith(euro("10,00") + " aufladen")
    click(qtbot, view.basket.remove_button(0))  # the load line removed
    assert screen.model.lines == ()
    assert bar.current is None


def test_a_general_message_stays(qtbot: QtBot, screen: Screen, bridge: MessageBridge) -> None:
    bar = screen.window.message_bar
    bridge.warning("Drucker nicht erreichbar")
    click(qtbot, screen.view.quick_keys.button_for("1001"))
    enter_card(qtbot, screen, ERIKA)
    assert bar.text.text() == "Drucker nicht erreichbar"


# --- 3. the mandate names the shop as it is now -----------------------------------------------
def test_the_mandate_names_the_shop_after_it_was_renamed(qtbot: QtBot, screen: Screen, till: Till) -> None:
    editor = SettingsEditor.for_till(till)  # what the settings dialog (and the first-run wizard) save through
    form = editor.current()
    run_async(qtbot, editor.save(replace(form, shop=replace(form.shop, name="Bäckerei Neumann"))))
    click(qtbot, screen.view.quick_keys.button_for("1001"))
    QTest.keyClick(screen.window, Qt.Key.Key_F7)
    dialog = screen.view.sepa_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "Bäckerei Neumann" in dialog.mandate.text()
    dialog.reject()


# --- 4. the history in words ------------------------------------------------------------------
def test_the_history_speaks_the_cashiers_words(
    qtbot: QtBot, till: Till, journal_dialog: JournalDialog
) -> None:
    sell_with_card_and_cash(qtbot, till)
    show_journal(qtbot, journal_dialog)
    history = journal_dialog.details.history.text().splitlines()
    words = [line.split("  ", 1)[1] for line in history]
    assert words == [
        "Karte gelesen → Karte erfasst",
        "Sicherheitscode richtig → Sicherheitscode geprüft",
        "Guthaben und Bonus angerechnet → Karte angerechnet",
        "Barzahlung gesendet → Zahlung läuft",
        "Zahlung bestätigt → bezahlt",
        "Beleg gedruckt → bezahlt, Beleg gedruckt",
    ]
    for name in ("card_attached", "start/cash", "editing", "→ priced"):
        assert name not in journal_dialog.details.history.text()


# --- 5. the Z report says the same on screen and on paper -------------------------------------
def test_the_z_report_words_agree_on_screen_and_on_paper(
    qtbot: QtBot, qloop: QEventLoop, till: Till, bridge: MessageBridge, language: UiLanguage
) -> None:
    sell_with_card_and_cash(qtbot, till)
    runner = TaskRunner(qloop, bridge)
    dialog = EndOfDayDialog(till.back_office, runner, bridge, lambda: language.money)
    qtbot.addWidget(dialog)
    show_end_of_day(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.model.preview is not None and not dialog.model.busy, timeout=10_000)
    report = dialog.model.preview.report  # type: ignore[union-attr]
    lines = [line for section in z_report_lines(report) for line in section]
    printed = [z_label(line) for line in lines]
    paper = plain_text(render_z_report(report, printer_profile(till.settings)), 48)
    german = list(dialog.figure_texts())
    assert german == printed  # the screen's German is the paper's words, line for line
    position = 0
    for label in printed:  # and the paper has them in that order
        position = paper.index(label, position)
    assert dialog.figure_texts()["Bar (1)"] == euro("4,60")
    assert dialog.figure_texts()["Kartenguthaben (1)"] == euro("20,00")

    language.switch("en")
    qtbot.waitUntil(lambda: list(dialog.figure_texts()) != german)
    english = list(dialog.figure_texts())
    assert english == [dialog.z_label(line) for line in lines]  # the same lines, in English
    assert english[:3] == ["Number of sales", "Revenue", "Payment methods"]
    assert "Cash (1)" in english
    assert "Card payment (0)" in english  # what the paper calls "Kartenzahlung"
    assert [text.rsplit("(", 1)[-1] for text in english if "(" in text] == [
        text.rsplit("(", 1)[-1] for text in printed if "(" in text
    ]
    QApplication.sendEvent(dialog, QEvent(QEvent.Type.LanguageChange))
    run_async(qtbot, runner.drain())
