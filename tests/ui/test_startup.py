"""Starting the window: fonts that show umlauts and €, and a start that fails in words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.api.environments import ClientSettings
from cashier.api.secret_store import SecretName
from cashier.app import composition, gui
from cashier.app.composition import secret_store_for
from cashier.app.exit_codes import EXIT_FAILED
from cashier.app.paths import resolve_paths
from cashier.app.till_host import TillHost
from cashier.domain.settings import Settings, SettingsError
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import start_failed
from cashier.ui.kit.startup_problems import FileProblem, FileRole, StartupProblemDialog, file_problem_text
from cashier.ui.main_window import MainWindow
from cashier.ui.registration_ports import RegistrationProblem
from tests.helpers.till_folder import held_by_another_process
from tests.ui.conftest import run_async
from tests.ui.hosting import HostedTill, start_host, stop_host, till_settings


def test_the_shipped_fonts_are_registered_and_used(qapp: QApplication) -> None:
    families = gui.register_fonts()
    assert {"DejaVu Sans", "DejaVu Sans Mono"} <= set(families)
    assert "DejaVu Sans" in QFontDatabase.families()
    gui.qt_application()
    font = qapp.font()
    assert QFontInfo(font).family() == "DejaVu Sans"
    metrics = QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "ÄÖÜäöüß€–…⏎⌫")


@pytest.mark.expected_errors("cashier.app.till_host")
def test_a_till_that_cannot_start_says_so_in_the_window(
    qtbot: QtBot, qloop: QEventLoop, tmp_path: Path, bridge: MessageBridge, language: UiLanguage
) -> None:
    """The testing environment without the vendor's client id: no network call is made."""
    settings = Settings(environment="testing", language="de").with_device_uuid()
    window = MainWindow(settings.environment, settings.till_id, bridge)
    qtbot.addWidget(window)
    window.show()
    assert window.status.badge.text() == "TEST"
    assert window.startup.text() == "Die Kasse startet…"
    host = TillHost(
        qloop,
        settings=settings,
        paths=resolve_paths({"CASHIER_HOME": str(tmp_path)}),
        language=language,
        bridge=bridge,
        window=window,
        quit_after_start=True,
    )
    outcome = run_async(qtbot, host.serve())
    assert outcome == EXIT_FAILED
    text = window.startup.text()
    assert text.startswith("Die Kasse konnte nicht starten.")
    assert "Für diese Umgebung fehlt die Client-ID oder das Client-Secret aus dem secucard-Vertrag" in text
    assert "environment needs" not in text  # the composition root's English line: the log's
    assert "Traceback" not in text


def refusing_client(sent: list[httpx.Request]) -> httpx.MockTransport:
    """secuconnect as it answers a client id or secret it does not know, with a support id."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(401, json={"error": "invalid_client", "error_description": "bad client"})

    return httpx.MockTransport(answer)


def test_a_till_secuconnect_refuses_says_why_in_german_at_the_start(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bridge: MessageBridge,
    language: UiLanguage,
) -> None:
    """A till in testing that registers at the start: secuconnect refuses its client — the
    start-up page says so in the table's German words, not in the client's English."""
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")
    sent: list[httpx.Request] = []
    monkeypatch.setattr(composition, "network_transport", lambda settings: refusing_client(sent))
    settings = till_settings(environment="testing", client_id="app.4711", vendor="mycompany")
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)}).create()
    scope = ClientSettings.for_environment("testing").secret_scope(settings.device_uuid)
    secret_store_for("testing", paths).scoped(scope).set(SecretName.CLIENT_SECRET, "s3cret")
    hosted = start_host(
        qtbot, qloop, tmp_path, bridge=bridge, language=language, settings=settings, wait_open=False
    )
    qtbot.waitUntil(hosted.window.start_again.isVisible, timeout=10_000)
    text = hosted.window.startup.text()
    assert text.startswith("Die Kasse konnte nicht starten.")
    assert (
        "secuconnect hat Client-ID oder Client-Secret abgelehnt — bitte beides im secucard-Vertrag prüfen "
        "und die Kasse erneut registrieren."
    ) in text
    assert "invalid_client" not in text
    assert "refused" not in text
    assert len(sent) == 1  # refused at once, not retried
    assert stop_host(qtbot, hosted) == EXIT_FAILED


def test_every_start_problem_has_words_in_german_and_in_english(language: UiLanguage) -> None:
    german = {problem: start_failed(problem, "mycompany").text for problem in RegistrationProblem}
    language.switch("en")
    english = {problem: start_failed(problem, "mycompany").text for problem in RegistrationProblem}
    for problem in RegistrationProblem:
        assert german[problem], problem
        assert "{" not in german[problem], problem  # every placeholder filled
        assert german[problem] != english[problem], problem  # translated
    with_reference = start_failed(RegistrationProblem.SERVER, "mycompany", support_id="SUP-42")
    assert with_reference.text == f"{english[RegistrationProblem.SERVER]} Support reference: SUP-42"
    assert with_reference.support_id == "SUP-42"


# --- a file the till cannot use: the words on the page and in a dialog ---------------------------
@pytest.fixture
def host_on(
    qtbot: QtBot, qloop: QEventLoop, tmp_path: Path, bridge: MessageBridge, language: UiLanguage
) -> Iterator[Callable[..., HostedTill]]:
    """Starts the till as ``cashier run`` does, in ``tmp_path``, without waiting for it to open."""
    started: list[HostedTill] = []

    def start(**options: Any) -> HostedTill:
        hosted = start_host(
            qtbot, qloop, tmp_path, bridge=bridge, language=language, wait_open=False, **options
        )
        started.append(hosted)
        return hosted

    yield start
    for hosted in started:
        if not hosted.task.done():
            stop_host(qtbot, hosted)


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def problem_dialog(qtbot: QtBot, hosted: HostedTill) -> StartupProblemDialog:
    qtbot.waitUntil(lambda: hosted.host.problem_dialog is not None, timeout=10_000)
    dialog = hosted.host.problem_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_an_unusable_journal_is_said_in_a_dialog_and_start_again_opens_the_till(
    qtbot: QtBot, tmp_path: Path, host_on: Callable[..., HostedTill]
) -> None:
    journal = tmp_path / "journal.sqlite"
    journal.mkdir()  # a folder where the journal belongs
    hosted = host_on()
    dialog = problem_dialog(qtbot, hosted)
    words = "Das Journal kann nicht geöffnet werden. Dort muss eine Datei liegen, die dieser Benutzer lesen"
    assert dialog.text().startswith(words)
    assert dialog.informativeText() == str(journal)
    assert dialog.detailedText() == (
        f"the journal {journal} is a folder, not a file; move it away (Cashier starts a new journal)"
    )
    assert words in hosted.window.startup.text()
    assert "Traceback" not in hosted.window.startup.text()

    journal.rmdir()  # the cashier put it right
    click(qtbot, hosted.window.start_again)
    qtbot.waitUntil(lambda: hosted.host.screen is not None, timeout=10_000)
    assert hosted.host.problem_dialog is None
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert stop_host(qtbot, hosted) == 0


def test_broken_settings_before_the_window_are_said_in_it(
    qtbot: QtBot, tmp_path: Path, host_on: Callable[..., HostedTill]
) -> None:
    """``cashier run`` could not read settings.toml: the window opens on the defaults and says why."""
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text("language = [\n", encoding="utf-8")
    problem = SettingsError(f"{settings_file} is not valid TOML: Invalid value (at line 1, column 12)")
    hosted = host_on(save=False, start_problem=problem)
    dialog = problem_dialog(qtbot, hosted)
    assert dialog.text().startswith("Die Einstellungsdatei enthält einen Fehler")
    assert dialog.informativeText() == problem.args[0]
    assert problem.args[0] in hosted.window.startup.text()
    assert hosted.host.screen is None
    assert stop_host(qtbot, hosted) == EXIT_FAILED


def test_a_till_open_in_another_cashier_is_said_with_its_process(
    qtbot: QtBot, tmp_path: Path, host_on: Callable[..., HostedTill]
) -> None:
    with held_by_another_process(tmp_path) as holder:
        hosted = host_on()
        dialog = problem_dialog(qtbot, hosted)
        assert dialog.text() == (
            f"Diese Kasse ist bereits in einem anderen Cashier-Fenster oder -Befehl geöffnet (Prozess {holder.pid}). "
            "Dieses verwenden oder zuerst schließen."
        )
        assert hosted.host.screen is None
        assert stop_host(qtbot, hosted) == EXIT_FAILED


@pytest.mark.parametrize("problem", list(FileProblem))
def test_every_file_problem_has_german_words_for_every_file(
    language: UiLanguage, problem: FileProblem
) -> None:
    texts = {file_problem_text(role, problem, pid=4711) for role in FileRole}
    assert all("{" not in text for text in texts)
    if problem is FileProblem.IN_USE:
        assert texts == {
            "Diese Kasse ist bereits in einem anderen Cashier-Fenster oder -Befehl geöffnet (Prozess 4711). "
            "Dieses verwenden oder zuerst schließen."
        }
    else:
        assert len(texts) == len(FileRole)  # each file named in its sentence
        assert any(text.startswith("Das Journal ") for text in texts)
