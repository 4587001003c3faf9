"""The device registration wizard against a served simulator, on a clock the test moves.

The simulator is served over loopback (environment ``custom`` with its base URL, as
``benchmarks/served.py`` reaches one) and confirms a user code only when the test says so
(``/simulator/devices/confirm``, as a merchant in SecuOffice). The registration polls once and
then waits in :class:`PollGate` until the test lets it poll again; the dialog's countdown runs
on the simulator's clock, so nothing here waits for wall-clock seconds. English on screen.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.api.environments import ClientSettings
from cashier.api.secret_store import SecretName
from cashier.app import composition
from cashier.app.composition import secret_store_for
from cashier.app.paths import AppPaths, resolve_paths
from cashier.app.registration import AppRegistrar
from cashier.app.settings import load_settings
from cashier.domain.settings import Settings
from cashier.simulator import seed
from cashier.ui.kit.countdown import remaining_text
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.main_window import MainWindow
from cashier.ui.registration.registration_dialog import RegistrationDialog, Stage
from cashier.ui.registration_ports import RegistrationProblem
from cashier.ui.settings_ports import EnvironmentChoice
from tests.helpers.clock import FakeClock
from tests.helpers.simulator import (
    ServedSimulator,
    SimulatorHandle,
    served_simulator_session,
    simulator_for,
)
from tests.ui.conftest import I18N, run_async
from tests.ui.hosting import PollGate, start_host, stop_host, till_settings, wall_clock_of

CODE_TTL = 120  # seconds a user code is valid at the test's simulator


@pytest.fixture(scope="module")
def served() -> Iterator[ServedSimulator]:
    yield from served_simulator_session()


@pytest.fixture
def sim(qloop: QEventLoop, qtbot: QtBot, served: ServedSimulator) -> Iterator[SimulatorHandle]:
    """A fresh served simulator that never confirms a code by itself."""
    session = simulator_for(
        "served",
        served,
        confirm_after=1e9,
        device_code_ttl=CODE_TTL,
        poll_interval=5,
        vendors=("cashier", "mycompany"),  # the vendor names secupay configured for this client
    )
    handle = run_async(qtbot, session.__aenter__())
    yield handle
    run_async(qtbot, session.__aexit__(None, None, None))


@pytest.fixture
def english(qapp: QApplication) -> Iterator[UiLanguage]:
    chosen = UiLanguage(qapp, I18N, "en")
    yield chosen
    chosen.uninstall()
    chosen.deleteLater()


@pytest.fixture
def en_bridge(english: UiLanguage) -> MessageBridge:
    return MessageBridge(lambda: english.money)


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")  # never the OS keyring
    return resolve_paths({"CASHIER_HOME": str(tmp_path)}).create()


@pytest.fixture
def gate(sim: SimulatorHandle) -> PollGate:
    return PollGate(sim.clock)


@pytest.fixture
def dialog(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    paths: AppPaths,
    sim: SimulatorHandle,
    gate: PollGate,
    en_bridge: MessageBridge,
) -> Iterator[RegistrationDialog]:
    registrar = AppRegistrar(paths, Settings().with_device_uuid(), clock=sim.clock, sleep=gate.sleep)
    runner = TaskRunner(qloop, en_bridge)
    dialog = RegistrationDialog(registrar, runner, clock=wall_clock_of(sim.clock))
    qtbot.addWidget(dialog)
    yield dialog
    dialog.reject()
    run_async(qtbot, runner.drain())


def served_choice(sim: SimulatorHandle, secret: str = seed.CLIENT_SECRET) -> EnvironmentChoice:
    return EnvironmentChoice("custom", base_url=sim.base_url, client_id=seed.CLIENT_ID, client_secret=secret)


def user_codes(sim: SimulatorHandle) -> list[str]:
    return [row["user_code"] for row in sim.store.execute("SELECT user_code FROM devices ORDER BY rowid")]


def confirm(sim: SimulatorHandle, user_code: str) -> None:
    """The merchant enters the code in SecuOffice."""
    answer = httpx.post(
        f"{sim.base_url}/simulator/devices/confirm",
        json={"user_code": user_code},
        timeout=10,
        trust_env=False,
    )
    assert answer.status_code == 200, answer.text


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isVisible()
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def runner_of(dialog: RegistrationDialog) -> TaskRunner:
    return dialog._runner


def secrets_text(paths: AppPaths) -> str:
    file = paths.data_dir / "secrets.json"
    return file.read_text(encoding="utf-8") if file.exists() else ""


def test_registering_shows_the_code_counts_down_saves_and_restarts_the_till_there(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    tmp_path: Path,
    paths: AppPaths,
    sim: SimulatorHandle,
    gate: PollGate,
    english: UiLanguage,
    en_bridge: MessageBridge,
) -> None:
    hosted = start_host(
        qtbot,
        qloop,
        tmp_path,
        bridge=en_bridge,
        language=english,
        registrar_for=lambda till: AppRegistrar(till.paths, till.settings, clock=sim.clock, sleep=gate.sleep),
        clock=wall_clock_of(sim.clock),
    )
    assert hosted.window.status.badge.text() == "SIMULATOR"
    hosted.host.change_environment(served_choice(sim))
    dialog = hosted.host.registration
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.stage is Stage.CODE, timeout=10_000)

    [code] = user_codes(sim)
    assert dialog.user_code.text() == code
    assert dialog.url.text() == "https://www.secuoffice.com"
    selectable = (
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    assert dialog.url.textInteractionFlags() & selectable == selectable
    assert dialog.left.text() == "The code is valid for 2:00 (minutes:seconds)."
    assert dialog.countdown.timer.isActive()
    assert dialog.countdown.timer.interval() == 1000
    sim.clock.advance(61)
    dialog.countdown.tick()  # what the timer does every second
    assert dialog.left.text() == "The code is valid for 0:59 (minutes:seconds)."
    assert dialog.time_bar.value() == 59
    qtbot.waitUntil(lambda: gate.waiting == 1)  # polled once: not confirmed yet
    assert load_settings(paths.settings_file).environment == "simulator"  # nothing saved before

    confirm(sim, code)
    gate.release()
    qtbot.waitUntil(lambda: hosted.host.restarts == 1 and hosted.host.screen is not None, timeout=15_000)
    assert not shiboken6.isValid(dialog)
    assert hosted.host.registration is None
    saved = load_settings(paths.settings_file)
    assert (saved.environment, saved.base_url, saved.client_id) == ("custom", sim.base_url, seed.CLIENT_ID)
    assert saved.device_uuid == hosted.host.settings.device_uuid
    assert seed.CLIENT_SECRET not in paths.settings_file.read_text(encoding="utf-8")
    assert seed.CLIENT_SECRET in secrets_text(paths)  # the secret store (a 0600 file here)
    assert hosted.window.status.badge.text() == "CUSTOM SERVER"
    till = hosted.host.till
    assert till is not None
    assert till.simulator is None

    # the restarted till sells on the served simulator
    view = hosted.screen.view
    qtbot.mouseClick(view.quick_keys.button_for("1001"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.tenders.buttons["cash"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(view.cash_dialog.isVisible)
    qtbot.mouseClick(view.cash_dialog.exact, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.cash_dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=15_000)
    assert sim.store.execute("SELECT COUNT(*) AS n FROM transactions").fetchone()["n"] == 1
    qtbot.waitUntil(lambda: not hosted.screen.model.busy, timeout=5000)
    view.result_dialog.accept()

    # and back to the demo simulator: no registration needed, one restart
    hosted.host.change_environment(EnvironmentChoice("simulator"))
    qtbot.waitUntil(lambda: hosted.host.restarts == 2 and hosted.host.screen is not None, timeout=15_000)
    assert load_settings(paths.settings_file).environment == "simulator"
    assert hosted.window.status.badge.text() == "SIMULATOR"
    assert stop_host(qtbot, hosted) == 0


def test_the_countdown_runs_out_the_waiting_stops_and_a_new_code_can_be_had(
    qtbot: QtBot, dialog: RegistrationDialog, sim: SimulatorHandle, gate: PollGate, paths: AppPaths
) -> None:
    dialog.start(served_choice(sim))
    qtbot.waitUntil(lambda: dialog.stage is Stage.CODE, timeout=10_000)
    qtbot.waitUntil(lambda: gate.waiting == 1)
    sim.clock.advance(CODE_TTL)
    dialog.countdown.tick()
    assert dialog.stage is Stage.EXPIRED
    qtbot.waitUntil(lambda: not runner_of(dialog).busy)  # the waiting task was cancelled
    assert gate.waiting == 0
    assert dialog.problem.text() == "The code has expired — start again for a new code."
    assert dialog.problem.isVisible()
    assert dialog.again.isVisible()
    assert not dialog.countdown.timer.isActive()
    assert not paths.settings_file.exists()
    assert seed.CLIENT_SECRET not in secrets_text(paths)  # nothing kept of a registration that failed

    QTest.keyClick(dialog, Qt.Key.Key_Return)  # Enter: start again
    qtbot.waitUntil(lambda: dialog.stage is Stage.CODE, timeout=10_000)
    first, second = user_codes(sim)
    assert dialog.user_code.text() == second != first
    assert dialog.left.text() == "The code is valid for 2:00 (minutes:seconds)."


def test_the_server_says_the_code_expired(
    qtbot: QtBot, dialog: RegistrationDialog, sim: SimulatorHandle, gate: PollGate
) -> None:
    dialog.start(served_choice(sim))
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=10_000)
    sim.clock.advance(CODE_TTL - 2)
    dialog.countdown.tick()
    assert dialog.stage is Stage.CODE
    assert dialog.left.text().startswith("The code is valid for 0:02")
    gate.release()  # five seconds pass: past the deadline at the next poll
    qtbot.waitUntil(lambda: dialog.stage is Stage.EXPIRED, timeout=10_000)
    assert dialog.failure is not None
    assert dialog.failure.problem is RegistrationProblem.EXPIRED
    assert dialog.problem.text() == "The code has expired — start again for a new code."


def test_cancel_while_waiting_stops_the_registration_and_changes_nothing(
    qtbot: QtBot, dialog: RegistrationDialog, sim: SimulatorHandle, gate: PollGate, paths: AppPaths
) -> None:
    registered: list[object] = []
    dialog.registered.connect(registered.append)
    dialog.start(served_choice(sim))
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=10_000)
    assert dialog.cancel.text() == "Cancel\nEsc"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: not runner_of(dialog).busy)
    assert gate.waiting == 0  # the poll loop is gone
    assert not dialog.countdown.timer.isActive()
    assert registered == []
    assert not paths.settings_file.exists()
    assert seed.CLIENT_SECRET not in secrets_text(paths)


def test_a_wrong_client_secret_is_said_in_words_and_not_kept(
    qtbot: QtBot, dialog: RegistrationDialog, sim: SimulatorHandle, paths: AppPaths
) -> None:
    dialog.start(served_choice(sim, secret="not-the-secret"))
    qtbot.waitUntil(lambda: dialog.stage is Stage.FAILED, timeout=10_000)
    assert dialog.failure is not None
    assert dialog.failure.problem is RegistrationProblem.CREDENTIALS_REFUSED
    assert dialog.problem.text() == (
        "secuconnect refused the client id or the client secret — check both and start again."
    )
    assert dialog.problem_hint.text() == "Nothing was changed; the till still works as before."
    assert "Traceback" not in dialog.problem.text()
    assert "invalid_client" not in dialog.problem.text()
    assert dialog.again.isVisible()
    assert dialog.cancel.isEnabled()
    assert user_codes(sim) == []
    assert "not-the-secret" not in secrets_text(paths)
    assert not paths.settings_file.exists()


def test_an_unreachable_server_is_said_in_words(
    qtbot: QtBot, qloop: QEventLoop, paths: AppPaths, en_bridge: MessageBridge
) -> None:
    clock = FakeClock()
    registrar = AppRegistrar(paths, Settings().with_device_uuid(), clock=clock, sleep=clock.sleep)
    runner = TaskRunner(qloop, en_bridge)
    dialog = RegistrationDialog(registrar, runner, clock=wall_clock_of(clock))
    qtbot.addWidget(dialog)
    # nothing listens on the discard port
    dialog.start(EnvironmentChoice("custom", "http://127.0.0.1:9", seed.CLIENT_ID, seed.CLIENT_SECRET))
    qtbot.waitUntil(lambda: dialog.stage is Stage.FAILED, timeout=10_000)
    assert dialog.failure is not None
    assert dialog.failure.problem is RegistrationProblem.OFFLINE
    assert dialog.problem.text() == (
        "secuconnect cannot be reached — check the internet connection, then start again."
    )
    # A connection that cannot be made takes the client offline at once: no backoff before the words.
    assert clock.slept == []


@pytest.mark.parametrize(
    ("choice", "problem"),
    [
        (EnvironmentChoice("testing"), RegistrationProblem.CREDENTIALS_MISSING),
        (
            EnvironmentChoice("testing", client_id="vendor-id", vendor="mycompany"),
            RegistrationProblem.CREDENTIALS_MISSING,
        ),
        (EnvironmentChoice("custom", "http://example.com", "id", "secret"), RegistrationProblem.BAD_ADDRESS),
        (EnvironmentChoice("live", "", "id", "secret"), RegistrationProblem.VENDOR_NAME),
        (
            EnvironmentChoice("testing", "", "id", "secret", vendor="my company"),
            RegistrationProblem.VENDOR_NAME,
        ),
    ],
)
def test_what_cannot_work_is_said_before_anything_is_sent(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    paths: AppPaths,
    en_bridge: MessageBridge,
    choice: EnvironmentChoice,
    problem: RegistrationProblem,
) -> None:
    sent: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    registrar = AppRegistrar(
        paths, Settings().with_device_uuid(), transport_for=lambda _: httpx.MockTransport(refuse)
    )
    dialog = RegistrationDialog(registrar, TaskRunner(qloop, en_bridge))
    qtbot.addWidget(dialog)
    dialog.start(choice)
    qtbot.waitUntil(lambda: dialog.stage is Stage.FAILED, timeout=10_000)
    assert dialog.failure is not None
    assert dialog.failure.problem is problem
    assert dialog.problem.text()
    assert sent == []


def test_the_start_up_page_counts_down_the_code_too(
    qtbot: QtBot, en_bridge: MessageBridge, english: UiLanguage
) -> None:
    clock = FakeClock()
    window = MainWindow("testing", "KASSE-1", en_bridge, clock=wall_clock_of(clock))
    qtbot.addWidget(window)
    window.show()
    expires = datetime.fromtimestamp(clock(), UTC) + timedelta(seconds=90)
    window.show_registration("ab12cd34", "https://www.secuoffice.com", expires)
    assert "ab12cd34" in window.startup.text()
    assert "https://www.secuoffice.com" in window.startup.text()
    assert window.startup_countdown.text() == "The code is valid for 1:30 (minutes:seconds)."
    assert window.countdown.timer.isActive()
    clock.advance(30)
    window.countdown.tick()
    assert window.startup_countdown.text() == "The code is valid for 1:00 (minutes:seconds)."
    assert not window.start_again.isVisible()
    clock.advance(60)
    window.countdown.tick()
    assert window.startup_countdown.text() == "The code has expired — start again for a new code."
    assert window.start_again.isVisible()
    assert not window.countdown.timer.isActive()
    with qtbot.waitSignal(window.restart_requested):
        QTest.keyClick(window.start_again, Qt.Key.Key_Return)  # it has the focus: Enter starts again
    with qtbot.waitSignal(window.restart_requested):
        qtbot.mouseClick(window.start_again, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (59, "0:59"), (61, "1:01"), (3723, "1:02:03")])
def test_remaining_time_reads_like_a_clock(seconds: int, text: str) -> None:
    assert remaining_text(seconds) == text


def test_a_new_registration_at_once_after_cancel_waits_for_the_old_one_to_let_go(
    qtbot: QtBot, dialog: RegistrationDialog, sim: SimulatorHandle, gate: PollGate, paths: AppPaths
) -> None:
    dialog.start(served_choice(sim))
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=10_000)
    dialog.reject()
    dialog.start(served_choice(sim))  # at once: the old task is still unwinding
    qtbot.waitUntil(lambda: dialog.stage is Stage.CODE, timeout=10_000)
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=10_000)
    assert len(user_codes(sim)) == 2
    assert seed.CLIENT_SECRET in secrets_text(paths)  # the old one's clean-up did not take the new secret
    confirm(sim, dialog.user_code.text())
    gate.release()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert load_settings(paths.settings_file).environment == "custom"


# --- the vendor name: the device uuid's /vendor/<vendor>/ segment (issue 14, point 6) -------------------
def test_registering_with_a_vendor_name_registers_and_saves_the_uuid_of_that_vendor(
    qtbot: QtBot, dialog: RegistrationDialog, sim: SimulatorHandle, gate: PollGate, paths: AppPaths
) -> None:
    demo_uuid = dialog._registrar.device_uuid  # type: ignore[attr-defined]  # the AppRegistrar
    assert demo_uuid.startswith("/vendor/cashier/till/")
    dialog.start(replace(served_choice(sim), vendor="mycompany"))
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=10_000)
    [registered] = [row["uuid"] for row in sim.store.execute("SELECT uuid FROM devices")]
    assert registered == demo_uuid.replace("/vendor/cashier/", "/vendor/mycompany/")  # the till's own id kept
    confirm(sim, dialog.user_code.text())
    gate.release()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    saved = load_settings(paths.settings_file)
    assert (saved.environment, saved.vendor, saved.device_uuid) == ("custom", "mycompany", registered)


def refusing_device(sent: list[httpx.Request]) -> httpx.MockTransport:
    """secuconnect as it answers a device uuid secupay has not configured for the client id."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            401,
            json={"error": "invalid_device", "error_description": "device with given uuid not configured"},
        )

    return httpx.MockTransport(answer)


@pytest.mark.parametrize(
    ("language_code", "words"),
    [
        (
            "en",
            "secuconnect does not know this till as a device of the vendor “mycompany”: the vendor name or "
            "the device is not configured at secupay for this client id. Check the vendor name secupay gave "
            "you with the client id (Settings → Environment) and register again, or ask secupay to configure it.",
        ),
        (
            "de",
            "secuconnect kennt diese Kasse nicht als Gerät des Vendors „mycompany“: Der Vendor-Name oder das "
            "Gerät ist bei secupay für diese Client-ID nicht eingerichtet. Prüfen Sie den Vendor-Namen, den Sie "
            "von secupay mit der Client-ID erhalten haben (Einstellungen → Umgebung), und melden Sie die Kasse "
            "erneut an — oder bitten Sie secupay, ihn einzurichten.",
        ),
    ],
)
def test_a_device_secupay_has_not_configured_is_said_with_the_vendor_name(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    qapp: QApplication,
    paths: AppPaths,
    language_code: str,
    words: str,
) -> None:
    chosen = UiLanguage(qapp, I18N, language_code)
    try:
        sent: list[httpx.Request] = []
        registrar = AppRegistrar(
            paths, Settings().with_device_uuid(), transport_for=lambda _: refusing_device(sent)
        )
        dialog = RegistrationDialog(registrar, TaskRunner(qloop, MessageBridge(lambda: chosen.money)))
        qtbot.addWidget(dialog)
        dialog.start(EnvironmentChoice("testing", "", "app.4711", "s3cret", vendor="mycompany"))
        qtbot.waitUntil(lambda: dialog.stage is Stage.FAILED, timeout=10_000)
        assert dialog.failure is not None
        assert dialog.failure.problem is RegistrationProblem.DEVICE_REFUSED
        assert dialog.problem.text() == words
        assert "invalid_device" not in dialog.problem.text()
        assert [json.loads(request.content)["uuid"][:18] for request in sent] == ["/vendor/mycompany/"]
        assert not paths.settings_file.exists()  # nothing changed
        assert "s3cret" not in secrets_text(paths)
        dialog.reject()
    finally:
        chosen.uninstall()
        chosen.deleteLater()


def test_a_till_whose_device_secupay_does_not_know_says_so_at_the_start(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bridge: MessageBridge,
    language: UiLanguage,
) -> None:
    """A till in testing whose registration is gone registers again at the start: secuconnect
    refuses its device uuid — the start-up page says why, in German, with the vendor name."""
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")
    sent: list[httpx.Request] = []
    monkeypatch.setattr(composition, "network_transport", lambda settings: refusing_device(sent))
    settings = till_settings(environment="testing", client_id="app.4711", vendor="mycompany")
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)}).create()
    scope = ClientSettings.for_environment("testing").secret_scope(settings.device_uuid)
    secret_store_for("testing", paths).scoped(scope).set(SecretName.CLIENT_SECRET, "s3cret")
    hosted = start_host(
        qtbot, qloop, tmp_path, bridge=bridge, language=language, settings=settings, wait_open=False
    )
    qtbot.waitUntil(lambda: "secupay" in hosted.window.startup.text(), timeout=10_000)
    text = hosted.window.startup.text()
    assert text.startswith("Die Kasse konnte nicht starten.")
    assert "secuconnect kennt diese Kasse nicht als Gerät des Vendors „mycompany“" in text
    assert "Traceback" not in text
    assert "invalid_device" not in text
    assert [json.loads(request.content)["uuid"] for request in sent] == [settings.device_uuid]
    assert hosted.window.start_again.isVisible()
    stop_host(qtbot, hosted)
