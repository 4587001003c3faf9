"""The first-run wizard: offered once, over a till that already sells; skip or finish saves.

``cashier run`` offers it while the set-up is pending — from the start that wrote a new
``settings.toml`` until Finish or Skip (never with ``--quit-after-start``); the host shows it
over the open till on the embedded simulator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app import cli, fiscal_setup, gui
from cashier.app.composition import Till
from cashier.app.settings import load_settings, save_settings
from cashier.domain.settings import PrinterSettings, ShopSettings
from cashier.simulator.fiskaly import seed as fiskaly_seed
from cashier.simulator.fiskaly.app import FiskalySimulatorApp, create_fiskaly_app
from cashier.simulator.fiskaly.transport import FiskalyEmbeddedTransport
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.registration_ports import RegistrationCode, RegistrationFailed, RegistrationProblem
from cashier.ui.settings.first_run import FirstRunWizard
from cashier.ui.settings_ports import EnvironmentChoice
from tests.ui.hosting import HostedTill, start_host, stop_host, till_settings


class FakeRegistrar:
    """Records what it was asked to register; the registration never gets through."""

    def __init__(self) -> None:
        self.asked: list[EnvironmentChoice] = []

    async def register(
        self, choice: EnvironmentChoice, show_code: Callable[[RegistrationCode], None]
    ) -> None:
        self.asked.append(choice)
        raise RegistrationFailed(RegistrationProblem.OFFLINE, "the test has no network")

    async def adopt(self, choice: EnvironmentChoice) -> None:
        self.asked.append(choice)


@pytest.fixture
def registrar() -> FakeRegistrar:
    return FakeRegistrar()


@pytest.fixture
def first_start(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    tmp_path: Path,
    bridge: MessageBridge,
    language: UiLanguage,
    registrar: FakeRegistrar,
) -> Iterator[HostedTill]:
    """The till on its first start: no settings file yet, the wizard offered."""
    hosted = start_host(
        qtbot,
        qloop,
        tmp_path,
        bridge=bridge,
        language=language,
        settings=till_settings(setup_pending=True),  # as ``cashier run`` makes them on a new PC
        save=False,
        first_run=True,
        registrar_for=lambda till: registrar,
    )
    yield hosted
    if not hosted.task.done():
        stop_host(qtbot, hosted)


def wizard_of(qtbot: QtBot, hosted: HostedTill) -> FirstRunWizard:
    qtbot.waitUntil(lambda: hosted.host.first_run_wizard is not None, timeout=5000)
    wizard = hosted.host.first_run_wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible)
    return wizard


def till_of(hosted: HostedTill) -> Till:
    till = hosted.host.till
    assert till is not None
    return till


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isVisible(), f"{button} is hidden"
    assert button.isEnabled(), f"{button} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_cashier_run_offers_the_wizard_until_the_set_up_is_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start that never finished the wizard (killed half-way) offers it again."""
    offered: list[tuple[bool, bool]] = []

    def fake_run_gui(
        settings: object,
        paths: object,
        *,
        quit_after_start: bool = False,
        first_run: bool = False,
        start_problem: Exception | None = None,
    ) -> int:
        offered.append((quit_after_start, first_run))
        return 0

    monkeypatch.setattr(gui, "run_gui", fake_run_gui)
    monkeypatch.setattr(cli, "_logging", lambda args: None)
    monkeypatch.setenv("CASHIER_HOME", str(tmp_path / "smoke"))
    assert cli.main(["run", "--quit-after-start"]) == 0  # a smoke test on a new PC: never the wizard
    monkeypatch.setenv("CASHIER_HOME", str(tmp_path / "shop"))
    assert cli.main(["run"]) == 0  # the first start
    assert (tmp_path / "shop" / "settings.toml").exists()
    assert load_settings(tmp_path / "shop" / "settings.toml").setup_pending
    assert cli.main(["run"]) == 0  # the wizard was not finished: offered again
    settings_file = tmp_path / "shop" / "settings.toml"
    save_settings(settings_file, replace(load_settings(settings_file), setup_pending=False))  # finished
    assert cli.main(["run"]) == 0  # every later start
    assert offered == [(True, False), (False, True), (False, True), (False, False)]


def test_the_wizard_is_offered_over_the_open_till(qtbot: QtBot, first_start: HostedTill) -> None:
    wizard = wizard_of(qtbot, first_start)
    assert first_start.window.till_view is first_start.screen.view  # the till is open behind it
    assert wizard.parent() is first_start.window
    assert wizard.isModal()
    assert wizard.step == "language"
    assert wizard.welcome.isVisible()
    assert not wizard.back_button.isEnabled()
    assert wizard.width() <= 1000
    assert wizard.height() <= 720  # fits a 1024×768 screen


def test_a_later_start_and_a_smoke_test_show_no_wizard(
    qtbot: QtBot, qloop: QEventLoop, tmp_path: Path, bridge: MessageBridge, language: UiLanguage
) -> None:
    later = start_host(qtbot, qloop, tmp_path / "later", bridge=bridge, language=language)
    assert later.host.first_run_wizard is None
    stop_host(qtbot, later)

    smoke = start_host(
        qtbot,
        qloop,
        tmp_path / "smoke",
        bridge=bridge,
        language=language,
        wait_open=False,
        first_run=True,
        quit_after_start=True,
    )
    qtbot.waitUntil(smoke.task.done, timeout=10_000)
    assert smoke.host.first_run_wizard is None
    assert stop_host(qtbot, smoke) == 0  # it had closed by itself


def test_skipping_saves_the_defaults_so_it_is_not_asked_again(qtbot: QtBot, first_start: HostedTill) -> None:
    wizard = wizard_of(qtbot, first_start)
    assert not first_start.paths.settings_file.exists()
    assert wizard.skip_button.text().endswith("Esc")
    QTest.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    qtbot.waitUntil(first_start.paths.settings_file.exists, timeout=5000)
    saved = load_settings(first_start.paths.settings_file)
    assert saved.environment == "simulator"
    assert saved.shop == ShopSettings()
    assert saved.printer == PrinterSettings(uri="preview")
    assert saved.device_uuid == till_of(first_start).settings.device_uuid
    assert not saved.setup_pending  # skipped is done: not offered again
    assert first_start.host.restarts == 0


def test_a_wizard_closed_half_way_comes_back_at_the_next_start(
    qtbot: QtBot, first_start: HostedTill, language: UiLanguage
) -> None:
    wizard = wizard_of(qtbot, first_start)
    click(qtbot, wizard.language_page.choice.buttons["en"])  # saved at once …
    qtbot.waitUntil(first_start.paths.settings_file.exists, timeout=5000)
    qtbot.waitUntil(lambda: load_settings(first_start.paths.settings_file).language == "en", timeout=5000)
    QTest.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.step == "shop"
    assert stop_host(qtbot, first_start) == 0  # … and the till closes (or dies) half-way
    saved = load_settings(first_start.paths.settings_file)
    assert saved.language == "en"
    assert saved.setup_pending  # ``cashier run`` offers the wizard again
    language.switch("de")


def test_finishing_saves_what_was_chosen_on_every_step(
    qtbot: QtBot, first_start: HostedTill, language: UiLanguage, registrar: FakeRegistrar
) -> None:
    wizard = wizard_of(qtbot, first_start)
    window_title = first_start.window.windowTitle()

    # 1. the language switches at once
    click(qtbot, wizard.language_page.choice.buttons["en"])
    assert language.code == "en"
    assert window_title != "Cashier — secucard till"
    qtbot.waitUntil(lambda: first_start.window.windowTitle() == "Cashier — secucard till")  # the whole till
    qtbot.waitUntil(lambda: load_settings(first_start.paths.settings_file).language == "en", timeout=5000)
    QTest.keyClick(wizard, Qt.Key.Key_Return)  # Enter: next

    # 2. the shop, which needs a name
    assert wizard.step == "shop"
    assert wizard.shop_page.name.hasFocus()
    wizard.shop_page.name.clear()
    click(qtbot, wizard.next_button)
    assert wizard.step == "shop"  # not without a name, and it says so
    assert wizard.shop_page.problem_text.isVisible()
    qtbot.keyClicks(wizard.shop_page.name, "Baeckerei")  # QTest types ASCII only
    wizard.shop_page.name.setText("Bäckerei Müller")
    wizard.shop_page.address.setPlainText("Hauptstraße 5\n80331 München")
    click(qtbot, wizard.next_button)

    # 3. the printer, with a test print
    assert wizard.step == "printer"
    click(qtbot, wizard.printer_page.width_choice.buttons[32])
    click(qtbot, wizard.printer_page.test_button)
    qtbot.waitUntil(wizard.printer_page.test_button.isEnabled, timeout=5000)
    assert (
        wizard.printer_page.outcome.text() == "The test page was printed — check that it came out readable."
    )
    click(qtbot, wizard.back_button)
    assert wizard.step == "shop"
    assert wizard.shop_page.name.text() == "Bäckerei Müller"  # nothing lost going back
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.next_button)

    # 4. the TSE: the simulator is the default, one click
    assert wizard.step == "fiscal"
    assert wizard.fiscal_page.choice.value() == "simulator"
    assert not wizard.fiscal_page.credentials.isVisible()
    assert wizard.fiscal_page.choice.buttons["simulator"].hasFocus()
    QTest.keyClick(wizard, Qt.Key.Key_Return)  # Enter: next

    # 5. the environment: the demo simulator is the default, one click
    assert wizard.step == "environment"
    assert wizard.environment_page.choice.value() == "simulator"
    assert not wizard.environment_page.credentials.isVisible()
    assert wizard.next_button.text().startswith("Finish")
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)

    saved = load_settings(first_start.paths.settings_file)
    assert saved.language == "en"
    assert saved.shop.name == "Bäckerei Müller"
    assert saved.shop.address == ("Hauptstraße 5", "80331 München")
    assert (saved.printer.uri, saved.printer.width) == ("preview", 32)
    assert saved.environment == "simulator"
    assert not saved.setup_pending
    till = till_of(first_start)
    assert till.payments.receipts.settings.header.name == "Bäckerei Müller"  # in effect without a restart
    assert first_start.host.restarts == 0
    assert registrar.asked == []


def test_choosing_testing_hands_over_to_the_registration_wizard(
    qtbot: QtBot, first_start: HostedTill, registrar: FakeRegistrar
) -> None:
    wizard = wizard_of(qtbot, first_start)
    for _ in range(4):
        click(qtbot, wizard.next_button)
    assert wizard.step == "environment"
    page = wizard.environment_page
    click(qtbot, page.choice.buttons["testing"])
    assert page.credentials.isVisible()
    assert page.vendor.isVisible()
    assert page.vendor.placeholderText() == "von secupay, mit der Client-ID"
    assert wizard.width() <= 1000
    assert wizard.height() <= 720  # still fits a 1024×768 screen
    assert page.sizeHint().height() <= wizard.stack.height()  # every field in sight, none squeezed
    click(qtbot, wizard.next_button)  # Finish without credentials: said, nothing saved
    assert wizard.isVisible()
    assert page.problem_text.isVisible()
    assert page.client_id.hasFocus()
    assert not first_start.paths.settings_file.exists()
    qtbot.keyClicks(page.client_id, "vendor-client")
    qtbot.keyClicks(page.client_secret, "vendor-secret")
    click(qtbot, wizard.next_button)  # nor without the vendor name: it goes into the device uuid
    assert wizard.isVisible()
    assert page.vendor.hasFocus()
    assert (
        page.problem_text.text()
        == "Geben Sie den Vendor-Namen ein, den Sie von secupay mit der Client-ID erhalten haben."
    )
    qtbot.keyClicks(page.vendor, "my company")
    click(qtbot, wizard.next_button)
    assert wizard.isVisible()
    assert page.problem_text.text() == (
        "Der Vendor-Name darf nur Buchstaben (a–z, A–Z), Ziffern, _ und - enthalten "
        "— keine Leerzeichen, Umlaute oder /."
    )
    assert not first_start.paths.settings_file.exists()
    page.vendor.clear()
    qtbot.keyClicks(page.vendor, "my_company")
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)

    registration = first_start.host.registration
    assert registration is not None
    qtbot.waitUntil(lambda: registrar.asked != [], timeout=5000)
    assert registrar.asked == [
        EnvironmentChoice("testing", "", "vendor-client", "vendor-secret", vendor="my_company")
    ]
    qtbot.waitUntil(lambda: registration.failure is not None, timeout=5000)
    assert registration.isVisible()  # the cashier reads why, and may start again or cancel
    assert load_settings(first_start.paths.settings_file).environment == "simulator"
    registration.reject()
    assert first_start.host.restarts == 0


# --- the TSE (Germany) step ------------------------------------------------------------------------------
@pytest.fixture
def fiskaly_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[FiskalySimulatorApp]:
    """The fiskaly simulator standing in for fiskaly's test environment (the same calls, in-process)."""
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")  # never the OS keyring
    app = create_fiskaly_app()
    monkeypatch.setattr(
        fiscal_setup,
        "default_backend",
        lambda **options: fiscal_setup.FiskalyBackend(transport=FiskalyEmbeddedTransport(app)),
    )
    yield app
    app.ctx.store.close()


def test_the_tse_step_sets_up_fiskaly_test_shows_the_puk_and_restarts_the_till(
    qtbot: QtBot, first_start: HostedTill, fiskaly_test: FiskalySimulatorApp
) -> None:
    wizard = wizard_of(qtbot, first_start)
    for _ in range(3):
        click(qtbot, wizard.next_button)
    assert wizard.step == "fiscal"
    assert wizard.title.text() == "Einrichtung, Schritt 4 von 5: TSE (Deutschland)"
    page = wizard.fiscal_page
    assert page.choice.buttons["simulator"].hasFocus()
    QTest.keyClick(page.choice.buttons["simulator"], Qt.Key.Key_Right)
    assert page.choice.value() == "testing"
    assert page.sizeHint().height() <= wizard.stack.height()  # every field in sight
    QTest.keyClick(page.choice.buttons["testing"], Qt.Key.Key_Tab)
    assert page.api_key.hasFocus()
    qtbot.keyClicks(page.api_key, fiskaly_seed.API_KEY)
    QTest.keyClick(page.api_key, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.api_secret, fiskaly_seed.API_SECRET)
    QTest.keyClick(page.api_secret, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Set up TSE
    qtbot.waitUntil(lambda: page.puk_dialog is not None and page.puk_dialog.isVisible(), timeout=10_000)
    puk_dialog = page.puk_dialog
    assert puk_dialog is not None
    puk = puk_dialog.puk.text()
    assert puk
    QTest.keyClick(puk_dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(page.set_up_button.hasFocus)
    assert wizard.step == "fiscal"
    assert wizard.isVisible()
    QTest.keyClick(page.set_up_button, Qt.Key.Key_Return)  # Enter: next
    assert wizard.step == "environment"
    click(qtbot, wizard.next_button)  # Finish, on the simulator's secuconnect
    qtbot.waitUntil(lambda: first_start.host.restarts == 1, timeout=10_000)  # the till signs with it
    saved = load_settings(first_start.paths.settings_file)
    assert saved.fiscal.tse == "testing"
    assert not saved.setup_pending
    assert puk not in first_start.paths.settings_file.read_text(encoding="utf-8")


def test_live_from_the_wizard_needs_the_live_tse(qtbot: QtBot, first_start: HostedTill) -> None:
    wizard = wizard_of(qtbot, first_start)
    for _ in range(4):
        click(qtbot, wizard.next_button)
    assert wizard.step == "environment"
    page = wizard.environment_page
    click(qtbot, page.choice.buttons["live"])
    qtbot.keyClicks(page.client_id, "vendor-client")
    qtbot.keyClicks(page.client_secret, "vendor-secret")
    qtbot.keyClicks(page.vendor, "my_company")
    click(qtbot, wizard.next_button)  # Finish: the TSE is still the simulator
    assert wizard.isVisible()
    assert wizard.step == "fiscal"
    assert wizard.fiscal_page.problem_text.text().startswith(
        "Die Kasse arbeitet live: Sie darf nicht mit dem Simulator signieren"
    )
    assert not first_start.paths.settings_file.exists()
    click(qtbot, wizard.fiscal_page.choice.buttons["off"])  # a till outside Germany
    click(qtbot, wizard.next_button)
    click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5000)
    assert load_settings(first_start.paths.settings_file).fiscal.tse == "off"
