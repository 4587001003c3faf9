"""The SEPA, load-card and new-card dialogs on their own (no till window, no scanner filter).

Keys and clicks go to the dialogs as a cashier gives them; what they emit is recorded. The
words for bad input are the error table's (:func:`cashier.ui.kit.messages.describe`), so the
tests compare with what the table says for the same input, in the language installed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cashier.domain.cards import parse_card_number
from cashier.domain.errors import InputError
from cashier.domain.iban import parse_iban
from cashier.domain.money import Money, parse_amount
from cashier.services.sale import CardGroupOption, CardView
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.messages import describe
from cashier.ui.till.card_load_dialog import CardLoadDialog
from cashier.ui.till.new_card_dialog import NewCardDialog
from cashier.ui.till.sepa_dialog import SepaDialog, grouped_iban, grouped_position, iban_characters

VALID = "DE89370400440532013000"
TYPO = "DE89370400440532013001"  # one digit changed: the check digits no longer match
MAXIMUM = Money(100_000)  # 1.000,00 €
NBSP = "\u00a0"
GROUPS = [
    CardGroupOption("CRG_DEMO00000000000000000000000001", "Demo Kundenkarte"),
    CardGroupOption("CRG_GIFT00000000000000000000000002", "Demo Geschenkkarte"),
]


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def words_for_amount(text: str, language: UiLanguage) -> str:
    try:
        parse_amount(text, maximum=MAXIMUM)
    except InputError as error:
        return describe(error, language.money).text
    raise AssertionError(f"{text!r} is an amount")


def words_for_iban(text: str, language: UiLanguage) -> str:
    try:
        parse_iban(text)
    except InputError as error:
        return describe(error, language.money).text
    raise AssertionError(f"{text!r} is an IBAN")


# --- SEPA -------------------------------------------------------------------------------------
@pytest.fixture
def sepa(qtbot: QtBot, language: UiLanguage) -> Iterator[SepaDialog]:
    dialog = SepaDialog(lambda: "Café Sonnenschein", lambda: language.money)
    qtbot.addWidget(dialog)
    dialog.ask(Money(1990))
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.reject()


def test_iban_characters_and_positions() -> None:
    assert iban_characters("IBAN: de89-3704 0044\t0532 0130 00\r\n") == VALID
    assert iban_characters("IBAN") == "IBAN"  # a label alone stays what it is: the start of a typo
    assert iban_characters("DE89 3704 ÄÖ#") == "DE893704"
    assert grouped_iban(VALID) == "DE89 3704 0044 0532 0130 00"
    assert [grouped_position(count) for count in (0, 1, 4, 5, 8, 9)] == [0, 1, 4, 6, 9, 11]


def test_typing_groups_the_iban_and_says_what_is_wrong(
    qtbot: QtBot, sepa: SepaDialog, language: UiLanguage
) -> None:
    assert sepa.due_label.text() == f"19,90{NBSP}€"
    assert "Café Sonnenschein" in sepa.mandate.text()
    assert "19,90" in sepa.mandate.text()
    qtbot.keyClicks(sepa.iban, TYPO.lower())
    assert sepa.iban.text() == "DE89 3704 0044 0532 0130 01"
    assert sepa.iban.cursorPosition() == len(sepa.iban.text())
    assert sepa.iban_status.text() == words_for_iban(TYPO, language)
    qtbot.keyClicks(sepa.holder, "Erika Musterfrau")
    assert not sepa.ok_button.isEnabled()  # a wrong IBAN, whatever else is there
    QTest.keyClick(sepa.iban, Qt.Key.Key_Backspace)
    qtbot.keyClicks(sepa.iban, "0")
    assert sepa.iban.text() == "DE89 3704 0044 0532 0130 00"
    assert sepa.iban_valid
    assert sepa.iban_status.text().startswith("✓")
    assert sepa.ok_button.isEnabled()


def test_the_country_and_the_length_are_checked_while_typing(
    qtbot: QtBot, sepa: SepaDialog, language: UiLanguage
) -> None:
    qtbot.keyClicks(sepa.iban, "XX")
    assert sepa.iban_status.text() == words_for_iban("XX00123", language)  # no IBAN country
    sepa.iban.clear()
    qtbot.keyClicks(sepa.iban, "DE8937")
    assert "6" in sepa.iban_status.text()
    assert "22" in sepa.iban_status.text()  # 6 of 22 characters
    qtbot.keyClicks(sepa.iban, "04004405320130000")  # one too many
    assert sepa.iban_status.text() == words_for_iban(VALID + "0", language)


def test_editing_in_the_middle_keeps_the_cursor_after_its_character(qtbot: QtBot, sepa: SepaDialog) -> None:
    qtbot.keyClicks(sepa.iban, "DE8937040044")
    assert sepa.iban.text() == "DE89 3704 0044"
    sepa.iban.setCursorPosition(4)  # after "DE89", before the space
    qtbot.keyClicks(sepa.iban, "X")
    assert sepa.iban.text() == "DE89 X370 4004 4"
    assert sepa.iban.cursorPosition() == 6  # right after the X
    QTest.keyClick(sepa.iban, Qt.Key.Key_Backspace)
    assert sepa.iban.text() == "DE89 3704 0044"
    assert sepa.iban.cursorPosition() == 4
    sepa.iban.setCursorPosition(5)  # after the space: Backspace removes the 9 before it
    QTest.keyClick(sepa.iban, Qt.Key.Key_Backspace)
    assert sepa.iban.text() == "DE83 7040 044"
    assert sepa.iban.cursorPosition() == 3
    sepa.iban.setCursorPosition(4)  # before a space: Delete removes the 7 after it
    QTest.keyClick(sepa.iban, Qt.Key.Key_Delete)
    assert sepa.iban.text() == "DE83 0400 44"
    assert sepa.iban.cursorPosition() == 4


def test_a_pasted_iban_with_label_dashes_and_scanner_garbage_is_cleaned(
    qtbot: QtBot, sepa: SepaDialog
) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("IBAN: de89-3704-0044 0532\t0130 00\r\n")
    sepa.iban.setFocus()
    QTest.keyClick(sepa.iban, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert sepa.iban.text() == "DE89 3704 0044 0532 0130 00"
    assert sepa.iban.characters == VALID
    assert sepa.iban_valid


def test_enter_goes_to_what_is_missing_then_confirms_once(qtbot: QtBot, sepa: SepaDialog) -> None:
    confirmed: list[tuple[str, str]] = []
    sepa.confirmed.connect(lambda iban, holder: confirmed.append((iban, holder)))
    qtbot.keyClicks(sepa.iban, VALID)
    QTest.keyClick(sepa.iban, Qt.Key.Key_Return)
    assert confirmed == []
    assert sepa.holder.hasFocus()
    assert sepa.holder_status.text() == QCoreApplication.translate(
        "SepaDialog", "Please enter the account holder's name."
    )
    qtbot.keyClicks(sepa.holder, "  Erika   Musterfrau ")
    assert sepa.holder_status.text() == ""
    QTest.keyClick(sepa.holder, Qt.Key.Key_Return)
    QTest.keyClick(sepa.holder, Qt.Key.Key_Return)
    assert confirmed == [(VALID, "Erika Musterfrau")]
    assert not sepa.isVisible()


def test_a_double_click_on_confirm_confirms_once_and_esc_cancels(qtbot: QtBot, sepa: SepaDialog) -> None:
    confirmed: list[tuple[str, str]] = []
    sepa.confirmed.connect(lambda iban, holder: confirmed.append((iban, holder)))
    qtbot.keyClicks(sepa.iban, VALID)
    qtbot.keyClicks(sepa.holder, "Erika Musterfrau")
    qtbot.mouseDClick(sepa.ok_button, Qt.MouseButton.LeftButton)
    sepa.ok_button.click()
    assert len(confirmed) == 1
    sepa.ask(Money(500))
    assert sepa.iban.text() == ""  # a new debit starts empty
    rejected: list[int] = []
    sepa.rejected.connect(lambda: rejected.append(1))
    QTest.keyClick(sepa.iban, Qt.Key.Key_Escape)
    assert rejected == [1]
    assert confirmed == [(VALID, "Erika Musterfrau")]


# --- load card --------------------------------------------------------------------------------
@pytest.fixture
def load_dialog(qtbot: QtBot, language: UiLanguage) -> Iterator[CardLoadDialog]:
    dialog = CardLoadDialog(lambda: language.money, maximum=MAXIMUM)
    qtbot.addWidget(dialog)
    yield dialog
    dialog.reject()


def preset(picker_buttons: list[tuple[Money, QPushButton]], cents: int) -> QPushButton:
    return next(button for amount, button in picker_buttons if amount.cents == cents)


def open_load(qtbot: QtBot, dialog: CardLoadDialog) -> list[Money]:
    card = CardView(
        "MCD_X", parse_card_number("9276004400000011"), "CRG_X", "Demo", "Erika Musterfrau",
        False, Money(2000), Money(350), 0, 0,
    )  # fmt: skip
    confirmed: list[Money] = []
    dialog.confirmed.connect(confirmed.append)
    dialog.ask(card)
    qtbot.waitExposed(dialog)
    return confirmed


def test_a_preset_loads_its_amount(qtbot: QtBot, load_dialog: CardLoadDialog) -> None:
    confirmed = open_load(qtbot, load_dialog)
    assert "9276 0044 0000 0011" in load_dialog.card_label.text()
    # The credit the load adds to (20,00 €), not credit and bonus together (23,50 €).
    assert f"Guthaben jetzt 20,00{NBSP}€" in load_dialog.card_label.text()
    assert [button.text() for _, button in load_dialog.picker.preset_buttons] == [
        f"{euros}{NBSP}€" for euros in (10, 20, 25, 50, 100)
    ]
    assert not load_dialog.ok_button.isEnabled()
    click(qtbot, preset(load_dialog.picker.preset_buttons, 2000))
    assert load_dialog.picker.amount.text() == "20,00"
    assert preset(load_dialog.picker.preset_buttons, 2000).isChecked()
    click(qtbot, load_dialog.ok_button)
    assert confirmed == [Money(2000)]
    assert not load_dialog.isVisible()


@pytest.mark.parametrize("text", ["abc", "-5", "0", "12,345", "99999999"])
def test_a_custom_amount_that_is_no_amount_says_why_and_loads_nothing(
    qtbot: QtBot, load_dialog: CardLoadDialog, language: UiLanguage, text: str
) -> None:
    confirmed = open_load(qtbot, load_dialog)
    qtbot.keyClicks(load_dialog.picker.amount, text)
    assert load_dialog.picker.problem.text() == words_for_amount(text, language)
    assert not load_dialog.ok_button.isEnabled()
    QTest.keyClick(load_dialog.picker.amount, Qt.Key.Key_Return)
    assert confirmed == []
    assert load_dialog.isVisible()
    assert load_dialog.picker.amount.text() == text  # nothing the cashier typed is lost


def test_typed_and_keypad_amounts_and_the_presets_follow_each_other(
    qtbot: QtBot, load_dialog: CardLoadDialog
) -> None:
    confirmed = open_load(qtbot, load_dialog)
    picker = load_dialog.picker
    click(qtbot, preset(picker.preset_buttons, 5000))
    picker.amount.clear()
    for key in ("1", "5"):
        click(qtbot, next(b for b in picker.keypad.findChildren(QPushButton) if b.text() == key))
    assert picker.amount.text() == "15"
    assert not any(button.isChecked() for _, button in picker.preset_buttons)
    qtbot.keyClicks(picker.amount, "0")  # 150 €
    assert picker.chosen_amount() == Money(15000)
    picker.amount.setText("25")
    picker.amount.textEdited.emit("25")  # as typed: the 25 € preset lights up
    assert preset(picker.preset_buttons, 2500).isChecked()
    QTest.keyClick(picker.amount, Qt.Key.Key_Return)
    assert confirmed == [Money(2500)]


# --- new card ---------------------------------------------------------------------------------
@pytest.fixture
def new_card(qtbot: QtBot, language: UiLanguage) -> Iterator[NewCardDialog]:
    dialog = NewCardDialog(lambda: language.money, maximum=MAXIMUM)
    qtbot.addWidget(dialog)
    yield dialog
    dialog.reject()


def test_enter_alone_issues_a_card_of_the_first_group_without_a_load(
    qtbot: QtBot, new_card: NewCardDialog
) -> None:
    confirmed: list[tuple[str, Money | None]] = []
    new_card.confirmed.connect(lambda group, amount: confirmed.append((group, amount)))
    new_card.ask(GROUPS)
    qtbot.waitExposed(new_card)
    assert [new_card.group_button(g.group_id).text() for g in GROUPS] == [g.name for g in GROUPS]
    assert new_card.chosen_group == GROUPS[0]
    assert new_card.picker.no_load
    qtbot.waitUntil(new_card.ok_button.hasFocus)  # once the dialog is the active window
    QTest.keyClick(new_card.ok_button, Qt.Key.Key_Return)
    assert confirmed == [(GROUPS[0].group_id, None)]


def test_another_group_with_a_first_load(qtbot: QtBot, new_card: NewCardDialog, language: UiLanguage) -> None:
    confirmed: list[tuple[str, Money | None]] = []
    new_card.confirmed.connect(lambda group, amount: confirmed.append((group, amount)))
    new_card.ask(GROUPS)
    qtbot.waitExposed(new_card)
    click(qtbot, new_card.group_button(GROUPS[1].group_id))
    qtbot.keyClicks(new_card.picker.amount, "abc")
    assert not new_card.picker.no_load
    assert new_card.picker.problem.text() == words_for_amount("abc", language)
    assert not new_card.ok_button.isEnabled()
    click(qtbot, preset(new_card.picker.preset_buttons, 2000))
    assert new_card.picker.problem.text() == ""
    qtbot.mouseDClick(new_card.ok_button, Qt.MouseButton.LeftButton)
    new_card.ok_button.click()
    assert confirmed == [(GROUPS[1].group_id, Money(2000))]
    new_card.ask(GROUPS[:1])  # asked again: the first group, no load, one button per group
    assert new_card.chosen_group == GROUPS[0]
    assert new_card.picker.no_load
    assert len(new_card.group_buttons.buttons()) == 1
