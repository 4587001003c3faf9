"""The TSE (Germany) page of the settings dialog, driven with real keys, on the open till.

German on screen. "Set up TSE" goes through the app's settings editor to the fiskaly simulator
standing in for fiskaly's test environment (the same calls, in-process): the TSS is created and
initialised, this till registered, and the admin PUK shown once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cashier.app.composition import Till
from cashier.app.fiscal_secrets import FiscalSecrets
from cashier.app.fiscal_setup import FiskalyBackend, set_up_tss
from cashier.app.settings import load_settings
from cashier.app.settings_editor import SettingsEditor
from cashier.domain.settings import FiscalSettings, is_tse_uuid
from cashier.simulator.fiskaly import seed
from cashier.simulator.fiskaly.app import FiskalySimulatorApp, create_fiskaly_app
from cashier.simulator.fiskaly.transport import FiskalyEmbeddedTransport
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.style import TOUCH
from cashier.ui.settings.settings_dialog import SettingsDialog
from cashier.ui.settings.tse_page import AdminPukDialog, TsePage
from cashier.ui.settings_ports import FiscalForm
from tests.ui.conftest import Screen

TSS = "3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b"
CLIENT = "0d9c1a55-7e2b-4c3d-8a9b-1c2d3e4f5a6b"


@pytest.fixture(autouse=True)
def _no_os_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")


@pytest.fixture
def fiskaly() -> Iterator[FiskalySimulatorApp]:
    app = create_fiskaly_app()
    yield app
    app.ctx.store.close()


@pytest.fixture
def dialog(
    qtbot: QtBot, screen: Screen, till: Till, language: UiLanguage, fiskaly: FiskalySimulatorApp
) -> Iterator[SettingsDialog]:
    backend = FiskalyBackend(transport=FiskalyEmbeddedTransport(fiskaly))
    editor = SettingsEditor.for_till(till, tse_set_up=partial(set_up_tss, backend=backend))
    settings = SettingsDialog(editor, screen.parts.runner, language, parent=screen.window)
    settings.open_settings("fiscal")
    qtbot.waitUntil(settings.isVisible)
    settle(qtbot, screen)
    yield settings
    if settings.isVisible():
        settings.reject()
    settle(qtbot, screen)


def settle(qtbot: QtBot, screen: Screen) -> None:
    qtbot.waitUntil(lambda: not screen.parts.runner.busy, timeout=8000)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def type_into(page: TsePage, widget: QWidget, text: str) -> None:
    assert focused() is widget, f"the keyboard is on {focused()}, not {widget}"
    QTest.keyClicks(widget, text)


def assert_fits(puk_dialog: AdminPukDialog) -> None:
    advice = puk_dialog.advice
    assert advice.height() >= advice.heightForWidth(advice.width())  # every word in sight
    assert puk_dialog.width() <= 1000
    assert puk_dialog.height() <= 720


def test_the_page_fits_a_small_till_screen_in_german(qtbot: QtBot, dialog: SettingsDialog) -> None:
    page = dialog.fiscal_page
    assert dialog.tabs.tabText(dialog.tabs.indexOf(page)) == "TSE (Deutschland)"
    assert dialog.tabs.tabBar().sizeHint().width() <= dialog.tabs.width()  # every tab in sight
    assert page.choice.value() == "simulator"
    assert not page.credentials.isVisible()
    assert page.heading.text() == "Deutschland: Eine TSE signiert jeden Verkauf (KassenSichV)"
    qtbot.mouseClick(page.choice.buttons["live"], Qt.MouseButton.LeftButton)
    assert page.credentials.isVisible()
    assert page.api_secret.echoMode() == page.api_secret.EchoMode.Password
    page.problem()  # the longest words on the page
    QApplication.processEvents()
    assert page.sizeHint().height() <= dialog.tabs.currentWidget().height() + 4
    for button in page.findChildren(QPushButton):
        if button.isVisible():
            assert button.height() >= TOUCH - 6, button.text()
    assert dialog.width() <= 1000
    assert dialog.height() <= 720


def test_testing_is_set_up_from_the_keyboard_and_the_puk_shown_once(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.fiscal_page
    restarts: list[bool] = []
    dialog.restart_requested.connect(lambda: restarts.append(True))
    page.choice.buttons["simulator"].setFocus()
    press(Qt.Key.Key_Right)  # the arrows move through the choice and choose
    assert focused() is page.choice.buttons["testing"]
    assert page.choice.value() == "testing"
    assert page.credentials.isVisible()
    press(Qt.Key.Key_Tab)  # out of the choice, to the API key
    type_into(page, page.api_key, seed.API_KEY)
    press(Qt.Key.Key_Tab)
    type_into(page, page.api_secret, seed.API_SECRET)
    assert page.api_secret.text() == seed.API_SECRET
    press(Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Set up TSE: without ids it makes them
    qtbot.waitUntil(lambda: page.puk_dialog is not None, timeout=10_000)
    settle(qtbot, screen)
    puk_dialog = page.puk_dialog
    assert puk_dialog is not None
    qtbot.waitUntil(puk_dialog.isVisible)
    puk = puk_dialog.puk.text()
    assert len(puk) >= 6
    assert puk_dialog.windowTitle() == "Admin-PUK der TSE"
    assert "nur dieses eine Mal" in puk_dialog.advice.text()
    assert_fits(puk_dialog)
    assert page.outcome.text().startswith("Die TSE ist eingerichtet und diese Kasse bei ihr angemeldet.")
    saved = load_settings(till.paths.settings_file)
    fiscal = saved.fiscal
    assert (fiscal.tse, fiscal.api_key, fiscal.client_serial) == ("testing", seed.API_KEY, "ERS KASSE-1")
    assert is_tse_uuid(fiscal.tss_id)
    assert (page.tss_id.text(), page.client_id.text()) == (fiscal.tss_id, fiscal.client_id)
    text = till.paths.settings_file.read_text(encoding="utf-8")
    assert seed.API_SECRET not in text
    assert puk not in text
    secrets = FiscalSecrets.of(saved, till.paths)
    assert (secrets.api_secret(), secrets.admin_puk()) == (seed.API_SECRET, puk)
    assert page.api_secret.text() == ""  # never shown back
    assert page.api_secret.placeholderText() == "gespeichert — nur zum Ersetzen ein neues eingeben"

    QTest.keyClick(puk_dialog, Qt.Key.Key_Return)  # "I have written it down"
    assert not puk_dialog.isVisible()
    assert puk_dialog.puk.text() == ""  # shown once
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.set_up_button)  # the keyboard is back

    press(Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # again: set up already, no PUK
    settle(qtbot, screen)
    assert page.outcome.text().startswith("Die TSE war schon eingerichtet")
    assert page.puk_dialog is puk_dialog

    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # Cancel: the TSE was saved by the set-up …
    assert not dialog.isVisible()
    assert restarts == [True]  # … and the till restarts with it


def test_missing_fields_are_named_in_german_and_nothing_is_saved(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.fiscal_page
    qtbot.mouseClick(page.choice.buttons["testing"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.problem_text.text() == "Geben Sie den API-Key aus dem fiskaly-Dashboard ein."
    assert page.api_key.hasFocus()
    QTest.keyClicks(page.api_key, "test_key")
    QTest.keyClick(page.api_key, Qt.Key.Key_Return)  # Enter: Save
    assert page.problem_text.text() == "Geben Sie das API-Secret zum API-Key ein."
    assert page.api_secret.hasFocus()
    QTest.keyClicks(page.api_secret, "s3cret")
    QTest.keyClick(page.api_secret, Qt.Key.Key_Return)
    assert page.problem_text.text() == (
        "Geben Sie die TSS-ID ein — oder drücken Sie für eine neue TSS „Neue IDs“ und dann „TSE einrichten“."
    )
    assert page.tss_id.hasFocus()
    QTest.keyClicks(page.tss_id, "1234")
    QTest.keyClick(page.tss_id, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New ids
    assert is_tse_uuid(page.tss_id.text())
    assert page.client_serial.text() == "ERS KASSE-1"
    page.client_id.setText("kasse-1")
    QTest.keyClick(page.client_id, Qt.Key.Key_Return)
    assert (
        page.problem_text.text()
        == "Die Client-ID muss eine UUID sein, etwa 3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b."
    )
    assert dialog.isVisible()
    assert not till.paths.settings_file.exists()


def test_no_tse_outside_germany_is_saved_and_asks_for_a_restart(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.fiscal_page
    restarts: list[bool] = []
    dialog.restart_requested.connect(lambda: restarts.append(True))
    page.make_new_ids()  # said on the page …
    assert page.outcome.isVisible()
    qtbot.mouseClick(page.choice.buttons["off"], Qt.MouseButton.LeftButton)
    assert not page.outcome.isVisible()  # … and gone with another choice
    assert "Nur für eine Kasse außerhalb Deutschlands" in page.explanation.text()
    assert not page.set_up_button.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, screen)
    assert not dialog.isVisible()
    assert load_settings(till.paths.settings_file).fiscal.tse == "off"
    assert restarts == [True]


def test_live_waits_for_a_live_tse(qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till) -> None:
    environment = dialog.environment_page
    dialog.show_page("environment")
    asked: list[object] = []
    dialog.environment_requested.connect(asked.append)
    qtbot.mouseClick(environment.choice.buttons["live"], Qt.MouseButton.LeftButton)
    environment.client_id.setText("app.4711")
    environment.client_secret.setText("s3cret")
    environment.vendor.setText("mycompany")
    qtbot.mouseClick(environment.register_button, Qt.MouseButton.LeftButton)
    assert environment.problem_text.text().startswith("Live braucht die Live-TSE")
    assert asked == []
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.fiscal_page.choice.buttons["off"], Qt.MouseButton.LeftButton)  # abroad
    qtbot.mouseClick(environment.register_button, Qt.MouseButton.LeftButton)
    settle(qtbot, screen)
    assert len(asked) == 1
    assert load_settings(till.paths.settings_file).fiscal.tse == "off"


def test_the_simulator_never_takes_fiskalys_ids_and_a_served_url_stays_with_its_mode(qtbot: QtBot) -> None:
    page = TsePage()
    qtbot.addWidget(page)
    served = "http://127.0.0.1:8470/fiskaly/api/v2"
    testing = FiscalSettings(tse="testing", tss_id=TSS, client_id=CLIENT, api_key="test_key", base_url=served)
    page.load(FiscalForm(testing))
    assert page.form().settings == testing
    page.choice.buttons["simulator"].click()
    assert page.form().settings == FiscalSettings()  # its own TSS, not the test TSS's ids
    page.choice.buttons["off"].click()
    assert page.form().settings == replace(testing, tse="off")
    page.choice.buttons["live"].click()
    live = page.form().settings
    assert (live.tss_id, live.api_key, live.base_url) == (TSS, "test_key", "")
    page.load(FiscalForm(FiscalSettings(base_url=served)))  # a served simulator
    page.choice.buttons["testing"].click()
    assert page.form().settings.base_url == ""
    page.choice.buttons["simulator"].click()
    assert page.form().settings.base_url == served
