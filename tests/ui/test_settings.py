"""The settings dialog on the open till: each page as the shop owner uses it, and what it changes.

German on screen, the embedded simulator behind it (as in test_till_screen.py). The dialog is
built the way the app wires it: the app's SettingsEditor for the till, the screen's TaskRunner,
its keyboard-wedge scanner and a serial scanner.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cashier.app.composition import Till
from cashier.app.settings import load_settings
from cashier.app.settings_editor import SettingsEditor
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.receipt_codec import loads_receipt
from cashier.domain.vat import VatRate
from cashier.journal.print_jobs import PrintJobKind, PrintJobStatus
from cashier.services.printing import AUDIT_DRAWER
from cashier.services.sale import Tender
from cashier.ui.catalog import Catalog
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.serial_scanner import SerialScanner
from cashier.ui.kit.style import TOUCH
from cashier.ui.settings.settings_dialog import PAGE_KEYS, SettingsDialog
from cashier.ui.settings_ports import EnvironmentChoice
from tests.ui.conftest import Screen, run_async

ERIKA = "9276004400000011"
NBSP = "\u00a0"
SHOTS = Path("/work/shots/h4a")


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled(), f"{button.objectName() or button} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def settle(qtbot: QtBot, screen: Screen) -> None:
    qtbot.waitUntil(lambda: not screen.parts.runner.busy, timeout=8000)


def shoot(widget: QWidget, name: str) -> None:
    QApplication.processEvents()  # pending layout work (scroll bars) first
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def serial() -> Iterator[SerialScanner]:
    scanner = SerialScanner(retry_seconds=0.05)
    yield scanner
    scanner.stop()
    assert scanner.wait_stopped(3)


@pytest.fixture
def dialog(
    qtbot: QtBot, screen: Screen, till: Till, language: UiLanguage, serial: SerialScanner
) -> Iterator[SettingsDialog]:
    settings = SettingsDialog(
        SettingsEditor.for_till(till),
        screen.parts.runner,
        language,
        scanner=screen.parts.scanner,
        serial=serial,
        parent=screen.window,
    )
    # As the till screen wires it: new quick keys and load presets, the printer in the status bar.
    settings.catalog_changed.connect(screen.view.set_catalog)
    settings.printer_changed.connect(screen.model.status_changed)
    settings.open_settings()
    qtbot.waitUntil(settings.isVisible)
    settle(qtbot, screen)
    yield settings
    if settings.isVisible():
        settings.reject()
    settle(qtbot, screen)


def save(qtbot: QtBot, screen: Screen, dialog: SettingsDialog) -> None:
    click(qtbot, dialog.save_button)
    settle(qtbot, screen)


# --- the dialog as a whole ---------------------------------------------------------------------------
def test_every_page_fits_a_small_till_screen_with_touch_sized_buttons(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog
) -> None:
    assert dialog.width() <= 1000
    assert dialog.height() <= 720
    assert dialog.windowTitle() == QCoreApplication.translate("SettingsDialog", "Settings")
    for key in PAGE_KEYS:
        dialog.show_page(key)
        page = dialog.pages[key]
        qtbot.waitUntil(page.isVisible)
        assert page.sizeHint().height() <= dialog.tabs.currentWidget().height() + 4, key
        for button in page.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= TOUCH - 6, (key, button.text())
        shoot(dialog, f"settings-{key}")
    assert dialog.save_button.height() >= TOUCH
    assert dialog.save_button.text().endswith("⏎")


def test_cancel_forgets_what_was_not_saved(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    dialog.show_page("shop")
    dialog.shop_page.name.setText("Anderer Laden")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert till.settings.shop.name == "Café Sonnenschein"
    assert not till.paths.settings_file.exists()
    dialog.open_settings()
    assert dialog.shop_page.name.text() == "Café Sonnenschein"


# --- language -----------------------------------------------------------------------------------------
def test_the_language_switches_at_once_and_only_save_keeps_it(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till, language: UiLanguage
) -> None:
    view, page = screen.view, dialog.language_page
    assert screen.model.add_free_price("1234,5", VatRate.STANDARD)
    assert view.tenders.buttons["cash"].text() == "Bar\nF5"
    assert view.totals.values["missing"].text() == f"1.234,50{NBSP}€"
    dialog.show_page("language")
    saved_before = load_settings(till.paths.settings_file).language

    click(qtbot, page.choice.buttons["en"])
    qtbot.waitUntil(lambda: view.tenders.buttons["cash"].text() == "Cash\nF5")  # at once, to see it
    assert language.code == "en"
    assert view.totals.values["missing"].text() == "€1,234.50"
    assert view.basket.item(0, 2).text() == "€1,234.50"
    assert page.example.text().endswith("€1,234.50")
    assert dialog.windowTitle() == QCoreApplication.translate("SettingsDialog", "Settings")
    settle(qtbot, screen)
    assert load_settings(till.paths.settings_file).language == saved_before  # not saved yet
    assert dialog.isVisible()  # the switch does not close the settings
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # Cancel: the old language again
    assert not dialog.isVisible()
    assert language.code == "de"
    qtbot.waitUntil(lambda: view.tenders.buttons["cash"].text() == "Bar\nF5")
    settle(qtbot, screen)
    assert load_settings(till.paths.settings_file).language == saved_before

    dialog.open_settings("language")
    click(qtbot, page.choice.buttons["en"])
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter: Save, not the tapped choice
    settle(qtbot, screen)
    assert not dialog.isVisible()
    assert load_settings(till.paths.settings_file).language == "en"
    assert language.code == "en"
    shoot(screen.window, "till-english")

    dialog.open_settings("language")
    assert page.choice.value() == "en"
    click(qtbot, page.choice.buttons["de"])
    qtbot.waitUntil(lambda: view.tenders.buttons["cash"].text() == "Bar\nF5")
    assert view.totals.values["missing"].text() == f"1.234,50{NBSP}€"
    click(qtbot, dialog.save_button)
    settle(qtbot, screen)
    assert load_settings(till.paths.settings_file).language == "de"


# --- printer ------------------------------------------------------------------------------------------
def test_a_test_print_on_the_preview_printer(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.printer_page
    dialog.show_page("printer")
    assert page.uri.currentText() == "preview"
    click(qtbot, page.width_choice.buttons[32])
    click(qtbot, page.test_button)
    settle(qtbot, screen)
    assert page.outcome.text() == QCoreApplication.translate(
        "PrinterPage", "The test page was printed — check that it came out readable."
    )
    jobs = till.printer.jobs.find(kind=PrintJobKind.TEST)
    assert [job.status for job in jobs] == [PrintJobStatus.PRINTED]
    assert till.printer.profile.columns == 32  # in effect at once
    assert load_settings(till.paths.settings_file).printer.width == 32  # and saved
    assert page.test_button.isEnabled()


@pytest.mark.parametrize("printer_uri", ["tcp://127.0.0.1:9?timeout=2"])  # nothing listens there
def test_a_test_print_on_an_offline_printer_says_so(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.printer_page
    dialog.show_page("printer")
    assert page.uri.currentText() == "tcp://127.0.0.1:9?timeout=2"
    click(qtbot, page.test_button)
    qtbot.waitUntil(lambda: not page.test_button.isEnabled() or page.outcome.isVisible())
    settle(qtbot, screen)
    assert page.outcome.text() == QCoreApplication.translate(
        "PrinterPage", "The printer does not answer — is it switched on and connected, and the address right?"
    )
    assert "127.0.0.1" in page.outcome_detail.text()
    assert page.outcome_detail.isVisible()
    assert till.printer.jobs.find(kind=PrintJobKind.TEST)[0].status is PrintJobStatus.FAILED
    assert dialog.isVisible()  # nothing lost: fix the address and try again

    page.uri.setCurrentText("preview")
    click(qtbot, page.test_button)
    settle(qtbot, screen)
    assert till.printer.printer_uri == "preview"
    assert screen.window.status.printer.text().startswith("Drucker: ")
    assert "127.0.0.1" not in screen.window.status.printer.text()


def test_the_drawer_opens_from_the_printer_page(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.printer_page
    dialog.show_page("printer")
    click(qtbot, page.pin_choice.buttons[5])
    click(qtbot, page.drawer_button)
    settle(qtbot, screen)
    assert page.outcome.text() == QCoreApplication.translate("PrinterPage", "The drawer was told to open.")
    assert [event.details["reason"] for event in till.audit.events(kind=AUDIT_DRAWER)] == ["settings"]
    assert till.printer.profile.drawer.pin == 5


def test_a_wrong_printer_address_is_named_and_nothing_is_saved(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.printer_page
    dialog.show_page("shop")
    page.uri.setCurrentText("usb://epson")
    words = QCoreApplication.translate("PrinterPage", "Not a printer address: {problem}")
    assert page.uri_state.text().startswith(words.split("{")[0])
    assert "usb://VID:PID" in page.uri_state.text()
    click(qtbot, dialog.save_button)
    assert dialog.tabs.currentWidget() is page  # the page with the problem comes to the front
    assert dialog.problem.isVisible()
    assert dialog.isVisible()
    assert not till.paths.settings_file.exists()
    assert till.printer.printer_uri == "preview"
    page.uri.setCurrentText("tcp://192.168.1.50")
    assert page.uri_state.text() == QCoreApplication.translate("PrinterPage", "✓ a valid printer address")


# --- shop header ----------------------------------------------------------------------------------------
def test_the_shop_header_is_saved_and_on_the_next_receipt(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.shop_page
    dialog.show_page("shop")
    page.name.setText("Bäckerei Schön")
    page.address.setPlainText("Marktplatz 3\n\n12345 Musterstadt\n")
    page.vat_id.setText("DE123456789")
    page.footer.setPlainText("Danke & bis bald!")
    page.vat_id.setFocus()
    QTest.keyClick(page.vat_id, Qt.Key.Key_Return)  # keyboard only: Enter saves
    settle(qtbot, screen)
    assert not dialog.isVisible()
    saved = load_settings(till.paths.settings_file).shop
    assert (saved.name, saved.address, saved.vat_id, saved.footer) == (
        "Bäckerei Schön",
        ("Marktplatz 3", "12345 Musterstadt"),
        "DE123456789",
        ("Danke & bis bald!",),
    )

    sale = till.sales.new_sale()  # one cash sale, through the services
    till.sales.add_line(sale, BasketLine("Brot", Money(350), 1, VatRate.REDUCED))
    result = run_async(qtbot, till.payments.pay(sale, Tender.CASH, given=Money(500)))
    receipt = loads_receipt(till.printer.jobs_of_sale(result.sale.sale_id)[0].document)
    assert receipt.header.name == "Bäckerei Schön"
    assert receipt.header.address_lines == ("Marktplatz 3", "12345 Musterstadt")
    assert receipt.footer_lines == ("Danke & bis bald!",)


def test_the_shop_needs_a_name(qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till) -> None:
    dialog.show_page("printer")
    dialog.shop_page.name.clear()
    click(qtbot, dialog.save_button)
    assert dialog.tabs.currentWidget() is dialog.shop_page
    assert dialog.shop_page.problem_text.isVisible()
    assert dialog.isVisible()
    assert not till.paths.settings_file.exists()


def test_a_logo_that_is_no_picture_is_refused_in_words(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till, tmp_path: Path
) -> None:
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"no picture")
    dialog.shop_page.logo.setText(str(broken))
    dialog.show_page("printer")
    save(qtbot, screen, dialog)
    assert dialog.isVisible()
    assert dialog.tabs.currentWidget() is dialog.shop_page
    assert str(broken) in dialog.problem.text()
    assert not till.paths.settings_file.exists()
    assert dialog.save_button.isEnabled()  # fix it and save again


# --- scanner ----------------------------------------------------------------------------------------------
def test_the_gap_threshold_is_applied_to_the_scanner_at_once(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.scanner_page
    dialog.show_page("scanner")
    assert page.gap.value() == 30
    for _ in range(6):
        click(qtbot, page.gap.plus)
    assert page.gap.value() == 60
    save(qtbot, screen, dialog)
    assert screen.parts.scanner.timing.max_mean_gap_ms == 60
    assert load_settings(till.paths.settings_file).scanner.gap_ms == 60


def test_a_scan_while_the_settings_are_open_goes_to_the_scan_test(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog
) -> None:
    page = dialog.scanner_page
    dialog.show_page("scanner")
    page.test_field.setFocus()
    qtbot.keyClicks(page.test_field, ERIKA, delay=2)
    QTest.keyClick(page.test_field, Qt.Key.Key_Return)
    assert page.test_field.text() == "9276 0044 0000 0011"
    assert ERIKA in page.test_result.text()
    assert screen.model.sale is None  # the scan did not go into the sale behind
    assert not screen.parts.runner.busy

    qtbot.keyClicks(page.test_field, "1234", delay=0)  # a short burst is typing
    QTest.keyClick(page.test_field, Qt.Key.Key_Return)
    assert "1234" in page.test_result.text()
    assert page.test_field.text() == ""
    assert dialog.isVisible()  # Enter in the test field is the test's, not the Save button's

    dialog.reject()
    view = screen.view
    view.free_price.amount.setFocus()
    qtbot.keyClicks(view.free_price.amount, ERIKA, delay=2)
    QTest.keyClick(view.free_price.amount, Qt.Key.Key_Return)
    settle(qtbot, screen)
    assert view.card_panel.values["holder"].text() == "Erika Musterfrau"


# --- catalogue -------------------------------------------------------------------------------------------
def test_another_catalogue_replaces_the_quick_keys(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till, tmp_path: Path
) -> None:
    page = dialog.catalog_page
    dialog.show_page("catalog")
    assert "Café Sonnenschein" in page.summary.text()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1, "articles": [{"name": "Tee"}]}', encoding="utf-8")
    page.file_chosen.emit(str(broken))  # what the file dialog sends
    settle(qtbot, screen)
    assert page.problem_text.isVisible()
    assert "article 1" in page.problem_text.text()
    assert page.form().path == ""  # the choice before stays

    shop = tmp_path / "shop.json"
    articles = [
        {"article_number": "1", "name": "Brezel", "price_cents": 90, "vat": 7},
        {"article_number": "2", "name": "Apfelschorle", "price_cents": 280, "vat": 19},
        {"article_number": "9", "name": "Guthaben", "kind": "card_load", "presets_cents": [500, 1500]},
    ]
    shop.write_text(json.dumps({"format": 1, "name": "Bäckerei", "articles": articles}), encoding="utf-8")
    page.file_chosen.emit(str(shop))
    settle(qtbot, screen)
    assert not page.problem_text.isVisible()
    assert page.summary.text().startswith("Bäckerei")
    with qtbot.waitSignal(dialog.catalog_changed) as changed:
        save(qtbot, screen, dialog)
    assert isinstance(changed.args[0], Catalog)
    assert load_settings(till.paths.settings_file).catalog == str(shop)
    keys = screen.view.quick_keys
    assert [button.text() for _, button in keys.buttons] == [
        f"Brezel\n0,90{NBSP}€ · Alt+1",
        f"Apfelschorle\n2,80{NBSP}€ · Alt+2",
    ]
    click(qtbot, keys.button_for("1"))
    assert [line.description for line in screen.model.lines] == ["Brezel"]
    for picker in (screen.view.card_load_dialog.picker, screen.view.new_card_dialog.picker):
        assert [button.text() for _, button in picker.preset_buttons] == [f"5{NBSP}€", f"15{NBSP}€"]
        assert len(picker.choices.buttons()) == 2 + (picker.no_load_button is not None)
        picker.choose(1500)
        assert picker.chosen_amount() == Money(1500)


# --- environment and till id ---------------------------------------------------------------------------------
def test_changing_the_environment_asks_the_registration_wizard(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.environment_page
    assert page.now.text().endswith("KASSE-1")
    assert not page.register_button.isEnabled()  # the simulator already
    click(qtbot, page.choice.buttons["custom"])
    assert page.base_url.isEnabled()
    page.client_id.setText("app.4711")
    click(qtbot, page.register_button)
    assert page.problem_text.isVisible()  # no server address
    page.base_url.setText("https://connect.example.com")
    page.client_secret.setText("s3cret")
    assert page.client_secret.echoMode() == page.client_secret.EchoMode.Password
    dialog.shop_page.name.setText("Laden am Eck")  # edited on another page: saved, not lost
    with qtbot.waitSignal(dialog.environment_requested) as requested:
        click(qtbot, page.register_button)
        settle(qtbot, screen)
    assert requested.args == [
        EnvironmentChoice("custom", "https://connect.example.com", "app.4711", "s3cret")
    ]
    assert not dialog.isVisible()
    text = till.paths.settings_file.read_text(encoding="utf-8")
    assert "Laden am Eck" in text
    assert "s3cret" not in text
    assert 'environment = "simulator"' in text  # the wizard saves it once registered


def test_testing_and_live_ask_for_the_vendor_name_that_comes_with_the_client_id(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    page = dialog.environment_page
    dialog.show_page("environment")
    assert not page.vendor.isEnabled()  # the simulator needs none
    click(qtbot, page.choice.buttons["testing"])
    assert page.vendor.isEnabled()
    assert page.vendor.placeholderText() == "von secupay, mit der Client-ID"
    page.client_id.setText("app.4711")
    page.client_secret.setText("s3cret")
    click(qtbot, page.register_button)
    assert page.problem_text.text() == (
        "Geben Sie den Vendor-Namen ein, den Sie von secupay mit der Client-ID erhalten haben."
    )
    page.vendor.setText("Bäckerei Müller")  # what a shop owner might think it is
    click(qtbot, page.register_button)
    assert page.problem_text.text() == (
        "Der Vendor-Name darf nur Buchstaben (a–z, A–Z), Ziffern, _ und - enthalten "
        "— keine Leerzeichen, Umlaute oder /."
    )
    assert page.sizeHint().height() <= dialog.tabs.currentWidget().height() + 4  # fits with its words
    page.vendor.setText("mycompany")
    with qtbot.waitSignal(dialog.environment_requested) as requested:
        click(qtbot, page.register_button)
        settle(qtbot, screen)
    assert requested.args == [EnvironmentChoice("testing", "", "app.4711", "s3cret", vendor="mycompany")]


def test_a_new_till_id_is_saved_and_asks_for_a_restart(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, till: Till
) -> None:
    restarts: list[bool] = []
    dialog.restart_requested.connect(lambda: restarts.append(True))
    dialog.environment_page.till_id.setText("KASSE-7")
    save(qtbot, screen, dialog)
    assert restarts == [True]
    assert load_settings(till.paths.settings_file).till_id == "KASSE-7"

    dialog.open_settings()
    dialog.shop_page.phone.setText("030 1234")
    save(qtbot, screen, dialog)
    assert restarts == [True]  # nothing that needs a restart


# --- serial scanner in the settings ---------------------------------------------------------------------------
def test_the_serial_scanner_starts_with_the_settings(
    qtbot: QtBot, screen: Screen, dialog: SettingsDialog, serial: SerialScanner, till: Till
) -> None:
    import os

    master, slave = os.openpty()
    try:
        port = os.ttyname(slave)
        dialog.show_page("scanner")
        dialog.scanner_page.serial_port.setCurrentText(port)
        dialog.scanner_page.baud.setCurrentIndex(dialog.scanner_page.baud.findData(19200))
        save(qtbot, screen, dialog)
        assert (serial.port, serial.baud) == (port, 19200)
        saved = load_settings(till.paths.settings_file).scanner
        assert (saved.serial_port, saved.serial_baud) == (port, 19200)
        qtbot.waitUntil(lambda: serial.connected, timeout=5000)
        scans: list[str] = []
        serial.scanned.connect(scans.append)
        os.write(master, f"{ERIKA}\r\n".encode())
        qtbot.waitUntil(lambda: scans == [ERIKA], timeout=5000)

        dialog.open_settings("scanner")
        dialog.scanner_page.serial_port.setCurrentText("")
        save(qtbot, screen, dialog)
        assert not serial.running
    finally:
        os.close(master)
        os.close(slave)


def test_scans_go_back_to_the_till_even_when_the_dialog_is_destroyed_open(
    qtbot: QtBot, screen: Screen, till: Till, language: UiLanguage, serial: SerialScanner
) -> None:
    settings = SettingsDialog(
        SettingsEditor.for_till(till),
        screen.parts.runner,
        language,
        scanner=screen.parts.scanner,
        serial=serial,
        parent=screen.window,
    )
    settings.open_settings()
    assert screen.parts.scanner.diverted
    assert serial.diverted
    settle(qtbot, screen)
    settings.deleteLater()
    qtbot.waitUntil(lambda: not screen.parts.scanner.diverted)
    assert not serial.diverted
