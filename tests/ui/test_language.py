"""German and English through Qt's translations: chosen by the locale or the settings, switchable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from cashier.domain.vat import VatRate
from cashier.ui.kit.i18n import UiLanguage, choose_language
from tests.ui.conftest import Screen

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("setting", "locale", "chosen"),
    [
        ("", QLocale.Language.German, "de"),
        ("", QLocale.Language.French, "en"),
        ("", QLocale.Language.English, "en"),
        ("en", QLocale.Language.German, "en"),
        ("de", QLocale.Language.English, "de"),
    ],
)
def test_german_on_a_german_machine_unless_the_settings_say_otherwise(
    setting: str, locale: QLocale.Language, chosen: str
) -> None:
    assert choose_language(setting, QLocale(locale)) == chosen


def test_switching_the_language_retranslates_the_open_screen(
    qtbot: QtBot, screen: Screen, language: UiLanguage
) -> None:
    view, window = screen.view, screen.window
    assert screen.model.add_free_price("1234,5", VatRate.STANDARD)
    assert view.tenders.buttons["cash"].text() == "Bar\nF5"
    assert view.totals.values["missing"].text() == f"1.234,50{NBSP}€"
    assert view.basket.horizontalHeaderItem(0).text() == "Artikel"
    assert view.free_price.keypad.decimal.text() == ","
    assert window.status.till_label.text() == "Kasse KASSE-1"
    cancel = view.csc_dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text() == "Abbrechen Esc"  # with its key, as every button shows it

    language.switch("en")  # Qt posts LanguageChange to every window
    qtbot.waitUntil(lambda: view.tenders.buttons["cash"].text() == "Cash\nF5")
    assert view.tenders.buttons["card"].text() == "Pay with card\nF8"
    assert view.totals.values["missing"].text() == "€1,234.50"
    assert view.totals.captions["missing"].text() == "To pay"
    assert view.basket.horizontalHeaderItem(0).text() == "Article"
    assert view.basket.item(0, 2).text() == "€1,234.50"
    assert view.free_price.keypad.decimal.text() == "."
    assert view.card_panel.title() == "Customer card"
    assert window.status.till_label.text() == "Till KASSE-1"
    assert window.message_bar.text.text() == "Ready — choose articles or scan the customer's card."
    qtbot.waitUntil(lambda: cancel.text() == "Cancel Esc")  # after Qt's own words for its buttons

    language.switch("de")
    qtbot.waitUntil(lambda: view.tenders.buttons["card"].text() == "Mit Karte zahlen\nF8")
    assert view.quick_keys.button_for("2004").text() == f"Käsekuchen\n3,20{NBSP}€ · Alt+0"


def test_the_translations_are_in_step_with_the_sources() -> None:
    """scripts/i18n.py check: no text missing or unfinished, every .qm compiled from its .ts."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
