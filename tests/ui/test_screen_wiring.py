"""The till screen's action bar opens the back-office and settings dialogs of that till.

F2, F3 and F4 on the till window open the journal, the end of day and the settings built by
``create_till_screen`` for this till; while the journal is open a scan searches it instead of
landing in the sale behind it, and afterwards scans go to the sale again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cashier.app.composition import Till
from cashier.app.settings import load_settings
from cashier.app.settings_editor import SettingsEditor
from tests.helpers.receipts import sale_with_card_bonus_and_cash
from tests.ui.conftest import Screen, run_async

ERIKA = "9276004400000011"


def test_f2_opens_the_journal_and_a_scan_searches_it(screen: Screen, qtbot: QtBot) -> None:
    made = screen.parts.dialogs.__dict__  # cached_property keeps what it made here
    assert not {"journal", "end_of_day", "settings"} & made.keys()  # made when first opened
    qtbot.keyClick(screen.window, Qt.Key.Key_F2)
    journal = screen.parts.journal
    qtbot.waitUntil(journal.isVisible)
    screen.parts.scanner.deliver(ERIKA)
    assert journal.search.text() == ERIKA
    assert screen.model.card is None  # nothing reached the sale behind the journal
    journal.reject()
    qtbot.waitUntil(lambda: not journal.isVisible())
    screen.parts.scanner.deliver(ERIKA)
    qtbot.waitUntil(lambda: screen.model.card is not None, timeout=5000)
    assert screen.model.card is not None
    assert screen.model.card.number.digits == ERIKA


def test_f3_opens_the_end_of_day_and_f4_the_settings(screen: Screen, qtbot: QtBot) -> None:
    qtbot.keyClick(screen.window, Qt.Key.Key_F3)
    qtbot.waitUntil(screen.parts.end_of_day.isVisible)
    screen.parts.end_of_day.reject()
    qtbot.waitUntil(lambda: not screen.parts.end_of_day.isVisible())
    qtbot.keyClick(screen.window, Qt.Key.Key_F4)
    qtbot.waitUntil(screen.parts.settings.isVisible)
    screen.parts.settings.reject()
    qtbot.waitUntil(lambda: not screen.parts.settings.isVisible())


def test_a_logo_chosen_in_the_settings_prints_on_the_next_receipt(
    screen: Screen, till: Till, qtbot: QtBot, tmp_path: Path
) -> None:
    picture = tmp_path / "logo.png"
    Image.new("L", (96, 48), 0).save(picture)  # black: every dot printed
    editor = SettingsEditor.for_till(till)
    form = editor.current()
    before = run_async(qtbot, till.printer.print_receipt(sale_with_card_bonus_and_cash()))
    without = till.printer.render(before.job)
    run_async(qtbot, editor.save(replace(form, shop=replace(form.shop, logo=str(picture)))))
    with_logo = run_async(qtbot, till.printer.print_receipt(sale_with_card_bonus_and_cash()))
    raster = b"\x1dv0"  # GS v 0: a raster picture
    assert raster not in without
    assert raster in till.printer.render(with_logo.job)
    assert load_settings(till.paths.settings_file).shop.logo == str(picture)


def test_f11_toggles_full_screen(screen: Screen, qtbot: QtBot) -> None:
    assert not screen.window.isFullScreen()
    qtbot.keyClick(screen.window, Qt.Key.Key_F11)
    qtbot.waitUntil(screen.window.isFullScreen)
    qtbot.keyClick(screen.window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not screen.window.isFullScreen())
