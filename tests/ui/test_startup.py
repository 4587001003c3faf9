"""Starting the window: fonts that show umlauts and €, and a start that fails in words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app import gui
from cashier.app.paths import resolve_paths
from cashier.app.settings import Settings
from cashier.app.till_host import TillHost
from cashier.ui.i18n import UiLanguage
from cashier.ui.main_window import MainWindow
from cashier.ui.message_bridge import MessageBridge
from tests.ui.conftest import run_async


def test_the_shipped_fonts_are_registered_and_used(qapp: QApplication) -> None:
    families = gui.register_fonts()
    assert {"DejaVu Sans", "DejaVu Sans Mono"} <= set(families)
    assert "DejaVu Sans" in QFontDatabase.families()
    gui.qt_application()
    font = qapp.font()
    assert QFontInfo(font).family() == "DejaVu Sans"
    metrics = QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "ÄÖÜäöüß€–…⏎⌫")


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
    assert outcome == gui.EXIT_FAILED
    assert window.startup.text().startswith("Die Kasse konnte nicht starten.")
    assert "client id" in window.startup.text()
    assert "Traceback" not in window.startup.text()
