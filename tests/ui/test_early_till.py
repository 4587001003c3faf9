"""The till screen before the services are ready (issue 19, point 3): what the cashier does lands.

``cashier run`` shows the till screen bound to an early model while the API client and the
services still load (:mod:`cashier.app.early_till`). Here the early screen is used before the
till's host even exists — the services are certainly not ready — by a quick key, an article's
scan, a card's scan and F5; then the till opens as ``cashier run`` opens it and the real screen
must hold the basket (journalled, in a real sale) and the card, read exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.early_till import EARLY_NAME, EarlyTill
from cashier.app.paths import resolve_paths
from cashier.app.settings import save_settings
from cashier.app.till_host import TillHost
from cashier.services.sale import CardView, Sale
from cashier.services.sale_service import SaleService
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import UserMessage
from cashier.ui.main_window import MainWindow
from tests.ui.hosting import HostedTill, stop_host, till_settings

ERIKA = "9276004400000011"
KAFFEE = "4260123450014"


@pytest.fixture
def card_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every card the sale service was asked to read, in order."""
    reads: list[str] = []
    attach = SaleService.attach_card

    async def counted(self: SaleService, sale: Sale, text: str) -> CardView:
        reads.append(text)
        return await attach(self, sale, text)

    monkeypatch.setattr(SaleService, "attach_card", counted)
    return reads


@pytest.fixture
def early_window(
    qtbot: QtBot, qloop: QEventLoop, tmp_path: Path, bridge: MessageBridge, language: UiLanguage
) -> Iterator[tuple[MainWindow, EarlyTill, dict[str, Any]]]:
    """The window as ``cashier run`` shows it before the till opens: the early till screen."""
    settings = till_settings()
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)})
    save_settings(paths.settings_file, settings)
    window = MainWindow(settings.environment, settings.till_id, bridge)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    early = EarlyTill(window, loop=qloop, bridge=bridge, language=language, settings=settings)
    options = {"settings": settings, "paths": paths, "language": language, "bridge": bridge, "window": window}
    yield window, early, options
    if shiboken6.isValid(window) and window.isVisible():  # a test that failed half-way
        window.close()


def scan(qtbot: QtBot, code: str) -> None:
    """A keyboard-wedge scanner: the digits a few ms apart, then Enter, into the focus widget."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClicks(target, code, delay=2)
    QTest.keyClick(target, Qt.Key.Key_Return)


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_quick_key_and_scans_before_the_services_are_ready_land_once_the_till_is_open(
    qtbot: QtBot,
    qloop: QEventLoop,
    early_window: tuple[MainWindow, EarlyTill, dict[str, Any]],
    messages: list[UserMessage],
    card_reads: list[str],
) -> None:
    window, early, options = early_window
    view = early.view
    assert window.till_view is view
    assert view.objectName() == EARLY_NAME
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.free_price.amount.setFocus()
    qtbot.waitUntil(view.free_price.amount.hasFocus)

    click(qtbot, view.quick_keys.button_for("1001"))  # Kaffee 2,50 €
    scan(qtbot, KAFFEE)  # an article's scan: into the basket at once
    assert [(line.description, line.quantity) for line in early.model.lines] == [("Kaffee", 2)]
    assert view.basket.rowCount() == 1

    scan(qtbot, ERIKA)  # a card: kept, shown as waiting, not read (there is nothing to read it with)
    assert messages[-1].text == "Karte wird geprüft, sobald die Kasse bereit ist."
    assert view.card_panel.number.text().replace(" ", "") == ERIKA
    QTest.keyClick(window, Qt.Key.Key_F5)  # cash: not before the till is open
    assert messages[-1].text == "Die Kasse startet noch — bitte einen Moment warten."
    assert QApplication.activeModalWidget() is None  # no cash dialog: the early screen has none
    assert not view.has_dialogs
    assert card_reads == []

    host = TillHost(qloop, early=early, **options)
    hosted = HostedTill(host, window, asyncio.ensure_future(host.serve()), options["paths"])
    qtbot.waitUntil(lambda: host.screen is not None, timeout=10_000)
    screen = hosted.screen
    assert window.till_view is screen.view
    assert screen.view is not view
    qtbot.waitUntil(lambda: screen.model.card is not None and not screen.model.busy, timeout=10_000)
    assert screen.model.card is not None
    assert screen.model.card.number.digits == ERIKA
    assert card_reads == [ERIKA]  # read once: the early screen never asked, the real one once
    assert [(line.description, line.quantity) for line in screen.model.lines] == [("Kaffee", 2)]
    sale = screen.model.sale
    assert sale is not None
    assert host.till is not None
    assert host.till.journal.find(sale.sale_id) is not None  # a real sale, opened in the journal

    scan(qtbot, KAFFEE)  # from now on the real screen takes the scans (one filter, handed over)
    assert screen.model.lines[0].quantity == 3
    assert stop_host(qtbot, hosted) == 0
    assert card_reads == [ERIKA]


def test_a_start_that_fails_shows_why_and_start_again_opens_the_till_without_the_early_screen(
    qtbot: QtBot,
    qloop: QEventLoop,
    tmp_path: Path,
    early_window: tuple[MainWindow, EarlyTill, dict[str, Any]],
) -> None:
    window, early, options = early_window
    click(qtbot, early.view.quick_keys.button_for("1001"))
    journal = tmp_path / "journal.sqlite"
    journal.mkdir()  # a folder where the journal belongs: the till cannot open
    host = TillHost(qloop, early=early, **options)
    hosted = HostedTill(host, window, asyncio.ensure_future(host.serve()), options["paths"])
    qtbot.waitUntil(lambda: host.problem_dialog is not None, timeout=10_000)
    assert window.stack.currentWidget() is window.startup_page  # the reason, not the early screen
    assert not early.view.isVisible()

    journal.rmdir()  # the cashier put it right
    dialog = host.problem_dialog
    assert dialog is not None
    dialog.close()
    click(qtbot, window.start_again)
    qtbot.waitUntil(lambda: host.screen is not None, timeout=10_000)
    assert window.till_view is hosted.screen.view
    assert hosted.screen.model.lines == ()  # the restart dropped the unpaid early basket
    assert stop_host(qtbot, hosted) == 0
