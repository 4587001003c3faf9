"""Enter confirms, always — the counter's small faults found with real keystrokes.

Every dialog the till opens is driven as a cashier drives it: tap a note, an amount or a
keypad key (a real mouse click), then press Enter on whatever widget has the keyboard focus.
Enter must confirm the dialog with the value on screen — never press the tapped button again.
German on screen (a German shop PC).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cashier.domain.cards import parse_card_number
from cashier.domain.money import Money
from cashier.services.sale import CardGroupOption, CardView
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.keypad import NumericKeypad
from cashier.ui.kit.style import TOUCH
from cashier.ui.till.card_load_dialog import CardLoadDialog
from cashier.ui.till.cash_dialog import CashDialog
from cashier.ui.till.new_card_dialog import NewCardDialog
from cashier.ui.till.security_code_dialog import CodeKind, SecurityCodeDialog
from tests.ui.conftest import Screen, run_async

NBSP = "\u00a0"
ERIKA = "9276004400000011"


def tap(qtbot: QtBot, button: QWidget) -> None:
    assert button.isVisible(), button
    assert button.isEnabled(), button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def press(qtbot: QtBot, dialog: QWidget, key: Qt.Key = Qt.Key.Key_Return) -> None:
    """A real key on the widget that has the keyboard focus (as the window system delivers it)."""
    qtbot.waitUntil(dialog.isActiveWindow)
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, key)


def keypad_key(keypad: NumericKeypad, text: str) -> QPushButton:
    return next(button for button in keypad.findChildren(QPushButton) if button.text() == text)


def note(dialog: CashDialog, euros: int) -> QPushButton:
    return next(button for amount, button in dialog.note_buttons if amount == Money(euros * 100))


def german() -> MoneyFormat:
    return MoneyFormat("de")


# --- one dialog at a time: tap, then Enter --------------------------------------------------------
def cash_note(qtbot: QtBot) -> tuple[QDialog, list[Any]]:
    dialog = CashDialog(german)
    got: list[Any] = []
    dialog.confirmed.connect(got.append)
    dialog.ask(Money(713))
    tap(qtbot, note(dialog, 10))  # "10 €", then Enter ("Bezahlt ⏎")
    assert dialog.change_label.text() == f"2,87{NBSP}€"
    return dialog, got


def cash_exact(qtbot: QtBot) -> tuple[QDialog, list[Any]]:
    dialog = CashDialog(german)
    got: list[Any] = []
    dialog.confirmed.connect(got.append)
    dialog.ask(Money(713))
    tap(qtbot, dialog.exact)  # "Passend", then Enter
    return dialog, got


def cash_nothing_typed(qtbot: QtBot) -> tuple[QDialog, list[Any]]:
    dialog = CashDialog(german)
    got: list[Any] = []
    dialog.confirmed.connect(got.append)
    dialog.ask(Money(713))
    assert dialog.given.placeholderText() == "7,13"  # what an empty field means
    return dialog, got


def cash_keypad(qtbot: QtBot) -> tuple[QDialog, list[Any]]:
    dialog = CashDialog(german)
    got: list[Any] = []
    dialog.confirmed.connect(got.append)
    dialog.ask(Money(713))
    for key in ("2", "0"):
        tap(qtbot, keypad_key(dialog.keypad, key))
    return dialog, got


def card_load_preset(qtbot: QtBot) -> tuple[QDialog, list[Any]]:
    dialog = CardLoadDialog(german)
    got: list[Any] = []
    dialog.confirmed.connect(got.append)
    card = CardView(
        "MCD_1", parse_card_number(ERIKA), "CRG_A", "Kunden", "Erika", False, Money(2000), Money(350), 0, 0
    )
    dialog.ask(card)
    tap(qtbot, next(button for amount, button in dialog.picker.preset_buttons if amount == Money(2000)))
    return dialog, got


def new_card_group_and_amount(qtbot: QtBot) -> tuple[QDialog, list[Any]]:
    dialog = NewCardDialog(german)
    got: list[Any] = []
    dialog.confirmed.connect(lambda group, amount: got.append((group, amount)))
    dialog.ask([CardGroupOption("CRG_A", "Kunden"), CardGroupOption("CRG_B", "Mitarbeiter")])
    tap(qtbot, dialog.group_button("CRG_B"))
    tap(qtbot, next(button for amount, button in dialog.picker.preset_buttons if amount == Money(2500)))
    return dialog, got


def new_card_group_only(qtbot: QtBot) -> tuple[QDialog, list[Any]]:
    dialog = NewCardDialog(german)
    got: list[Any] = []
    dialog.confirmed.connect(lambda group, amount: got.append((group, amount)))
    dialog.ask([CardGroupOption("CRG_A", "Kunden"), CardGroupOption("CRG_B", "Mitarbeiter")])
    tap(qtbot, dialog.group_button("CRG_B"))  # the group, no load: Enter creates the card
    return dialog, got


def security_code(kind: CodeKind) -> Callable[[QtBot], tuple[QDialog, list[Any]]]:
    def scenario(qtbot: QtBot) -> tuple[QDialog, list[Any]]:
        dialog = SecurityCodeDialog(kind)
        got: list[Any] = []
        dialog.submitted.connect(got.append)
        dialog.ask(3 if kind is CodeKind.CSC else None)
        for key in "1234":
            tap(qtbot, keypad_key(dialog.keypad, key))
        return dialog, got

    return scenario


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        (cash_note, [Money(1000)]),  # not 20,00 (the note pressed again) with 12,87 change
        (cash_exact, [Money(713)]),
        (cash_nothing_typed, [Money(713)]),  # an empty "Gegeben" is the exact amount
        (cash_keypad, [Money(2000)]),
        (card_load_preset, [Money(2000)]),
        (new_card_group_and_amount, [("CRG_B", Money(2500))]),
        (new_card_group_only, [("CRG_B", None)]),
        (security_code(CodeKind.CSC), ["1234"]),  # not "12344"
        (security_code(CodeKind.PIN), ["1234"]),
    ],
    ids=lambda value: getattr(value, "__name__", None) or "",
)
def test_enter_after_a_tap_confirms_what_is_on_screen(
    qtbot: QtBot,
    language: UiLanguage,
    scenario: Callable[[QtBot], tuple[QDialog, list[Any]]],
    expected: list[Any],
) -> None:
    dialog, got = scenario(qtbot)
    qtbot.addWidget(dialog)
    press(qtbot, dialog)
    assert got == expected
    if isinstance(dialog, SecurityCodeDialog):
        return  # it waits for the view-model's answer
    assert not dialog.isVisible()
    press_again = QApplication.focusWidget()
    if press_again is not None:
        QTest.keyClick(press_again, Qt.Key.Key_Return)
    assert got == expected  # once


def test_space_does_not_press_a_tapped_button_again(qtbot: QtBot, language: UiLanguage) -> None:
    dialog, got = cash_note(qtbot)
    qtbot.addWidget(dialog)
    press(qtbot, dialog, Qt.Key.Key_Space)  # a space in the field, not another 10 €
    assert dialog.given.text().strip() == "10,00"
    assert got == []


# --- the rule, for every dialog the till opens -----------------------------------------------------
def _confirming(button: QPushButton) -> bool:
    box = button.parent()
    if isinstance(box, QDialogButtonBox):
        return box.buttonRole(button) in (
            QDialogButtonBox.ButtonRole.AcceptRole,
            QDialogButtonBox.ButtonRole.YesRole,
        )
    return button.isDefault()


def test_no_touch_button_of_any_dialog_takes_enter_or_keeps_the_focus(qtbot: QtBot, screen: Screen) -> None:
    dialogs = screen.parts.dialogs
    made = [dialogs.journal, dialogs.end_of_day, dialogs.settings, dialogs.receipt]
    found = set(screen.view.findChildren(QDialog)) | set(made)
    assert len(found) >= 12
    for dialog in found:
        for button in dialog.findChildren(QPushButton):
            if _confirming(button):
                continue
            where = f"{type(dialog).__name__}: {button.text()!r}"
            assert not button.autoDefault(), where  # Enter would press it while it has the focus
            assert not button.focusPolicy() & Qt.FocusPolicy.ClickFocus, where  # a tap keeps the focus
    run_async(qtbot, screen.parts.runner.drain())


# --- the PIN keypad fits after a wrong PIN ---------------------------------------------------------
def test_a_wrong_pin_pushes_no_key_of_the_keypad_out(qtbot: QtBot, language: UiLanguage) -> None:
    dialog = SecurityCodeDialog(CodeKind.PIN)
    qtbot.addWidget(dialog)
    dialog.ask(None)
    qtbot.waitUntil(dialog.isActiveWindow)
    for key in "9999":
        tap(qtbot, keypad_key(dialog.keypad, key))
    press(qtbot, dialog)
    # the view-model's answer: the dialog stays open with the problem above the keypad
    dialog.ask(
        None,
        "Falsche PIN — bitte erneut eingeben. Der Kunde kann es noch einmal versuchen; "
        "nach weiteren falschen Versuchen sperrt der Kartenherausgeber die Karte.",
    )
    qtbot.waitUntil(lambda: dialog.height() >= dialog.heightForWidth(dialog.width()))
    hint = dialog.sizeHint()
    assert hint.width() <= 1024
    assert hint.height() <= 768
    inside = dialog.rect()
    for button in dialog.findChildren(QPushButton):
        if not button.isVisible():
            continue
        place = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        assert inside.contains(place), (button.text(), place, inside)
        assert button.height() >= TOUCH, (button.text(), button.height())  # not squeezed
