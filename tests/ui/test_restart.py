"""Restarting the till in its window: closed cleanly, opened again on the saved settings.

The till is hosted as ``cashier run`` hosts it (``TillHost``) on the embedded simulator; a
restart must leave a till screen that sells, keep the journal, install the scanner filter
once, take a changed till id from ``settings.toml``, and never cut a running payment off.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.settings import load_settings, save_settings
from cashier.services.sale import SaleState
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from tests.ui.hosting import HostedTill, start_host, stop_host, till_settings

ERIKA = "9276004400000011"


@pytest.fixture
def hosted(
    qtbot: QtBot, qloop: QEventLoop, tmp_path: Path, bridge: MessageBridge, language: UiLanguage
) -> Iterator[HostedTill]:
    hosted = start_host(qtbot, qloop, tmp_path, bridge=bridge, language=language)
    yield hosted
    if not hosted.task.done():
        stop_host(qtbot, hosted)


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled(), f"{button.objectName() or button} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def sell_a_coffee_for_cash(qtbot: QtBot, hosted: HostedTill) -> str:
    """A sale by clicks on the current till screen; its sale id."""
    view, model = hosted.screen.view, hosted.screen.model
    click(qtbot, view.quick_keys.button_for("1001"))  # Kaffee 2,50 €
    assert model.sale is not None
    sale_id = model.sale.sale_id
    click(qtbot, view.tenders.buttons["cash"])
    qtbot.waitUntil(view.cash_dialog.isVisible)
    click(qtbot, view.cash_dialog.exact)
    click(qtbot, view.cash_dialog.ok_button)
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)
    click(qtbot, view.result_dialog.buttons.buttons()[0])
    return sale_id


def restart(qtbot: QtBot, hosted: HostedTill) -> None:
    restarts = hosted.host.restarts
    old_view = hosted.screen.view
    hosted.host.restart()
    qtbot.waitUntil(
        lambda: (
            hosted.host.restarts == restarts + 1
            and hosted.host.screen is not None
            and hosted.host.screen.view is not old_view
        ),
        timeout=10_000,
    )


def test_a_restart_builds_a_new_till_screen_that_sells_and_keeps_the_journal(
    qtbot: QtBot, hosted: HostedTill
) -> None:
    first = sell_a_coffee_for_cash(qtbot, hosted)
    old = hosted.screen
    restart(qtbot, hosted)

    new = hosted.screen
    assert new.view is not old.view
    assert new.model is not old.model
    assert new.runner is not old.runner
    assert hosted.window.till_view is new.view
    assert hosted.window.stack.currentWidget() is new.view
    assert not shiboken6.isValid(old.view)  # replaced and deleted, not piled up
    assert hosted.window.stack.count() == 2  # the start-up page and the till screen
    assert new.scanner is old.scanner  # one scanner filter for the window, installed once

    second = sell_a_coffee_for_cash(qtbot, hosted)
    till = hosted.host.till
    assert till is not None
    assert till.journal.get(first).state == SaleState.PRINTED.value  # the old till's sale is kept
    assert till.journal.get(second).state == SaleState.PRINTED.value
    assert [sale.sale_id for sale in till.journal.of_day(till.context.business_day())] == [first, second]
    assert stop_host(qtbot, hosted) == 0


def test_after_a_restart_a_scan_reaches_the_new_card_panel(qtbot: QtBot, hosted: HostedTill) -> None:
    restart(qtbot, hosted)
    view = hosted.screen.view
    amount = view.free_price.amount
    amount.setFocus()
    qtbot.waitUntil(amount.hasFocus)
    scans: list[str] = []
    hosted.screen.scanner.scanned.connect(scans.append)
    qtbot.keyClicks(amount, ERIKA, delay=2)
    QTest.keyClick(amount, Qt.Key.Key_Return)
    assert scans == [ERIKA]  # seen once: one filter
    assert amount.text() == ""
    # The panel follows the model a moment later (on a busy machine visibly later): wait for it.
    holder = view.card_panel.values["holder"]
    qtbot.waitUntil(lambda: holder.text() == "Erika Musterfrau", timeout=5000)


def test_a_restart_reads_the_settings_again(qtbot: QtBot, hosted: HostedTill) -> None:
    assert hosted.window.status.till_label.text() == "Kasse KASSE-1"
    saved = load_settings(hosted.paths.settings_file)
    save_settings(hosted.paths.settings_file, replace(saved, till_id="KASSE-7"))
    restart(qtbot, hosted)
    assert hosted.host.till is not None
    assert hosted.host.till.settings.till_id == "KASSE-7"
    assert hosted.screen.model.services.till_id == "KASSE-7"
    assert hosted.window.status.till_label.text() == "Kasse KASSE-7"
    assert hosted.window.status.badge.text() == "SIMULATOR"


def test_a_restart_waits_for_the_running_payment(qtbot: QtBot, hosted: HostedTill) -> None:
    view, model = hosted.screen.view, hosted.screen.model
    click(qtbot, view.quick_keys.button_for("1001"))
    assert model.sale is not None
    sale_id = model.sale.sale_id
    model.payments.pay_terminal()
    assert model.payment_running
    hosted.host.restart()
    question = hosted.window.findChild(QMessageBox)
    assert question is not None
    assert question.isVisible()
    assert hosted.host.restarts == 0
    assert hosted.host.screen is not None
    click(qtbot, question.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: hosted.host.restarts == 1 and hosted.host.screen is not None, timeout=10_000)
    till = hosted.host.till
    assert till is not None
    assert till.journal.get(sale_id).state == SaleState.PRINTED.value  # the sale was not lost


def test_a_restart_that_is_declined_while_paying_does_not_happen(qtbot: QtBot, hosted: HostedTill) -> None:
    view, model = hosted.screen.view, hosted.screen.model
    click(qtbot, view.quick_keys.button_for("1001"))
    model.payments.pay_terminal()
    hosted.host.restart()
    question = hosted.window.findChild(QMessageBox)
    assert question is not None
    click(qtbot, question.button(QMessageBox.StandardButton.No))
    qtbot.waitUntil(lambda: not model.payment_running, timeout=5000)
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)
    assert hosted.host.restarts == 0
    assert hosted.screen.model is model


def test_a_till_that_cannot_start_after_a_restart_says_so_and_can_start_again(
    qtbot: QtBot, hosted: HostedTill
) -> None:
    hosted.paths.settings_file.write_text("environment = 'nowhere'\n", encoding="utf-8")
    hosted.host.restart()
    qtbot.waitUntil(hosted.window.start_again.isVisible, timeout=10_000)
    assert hosted.host.screen is None
    assert hosted.window.startup.text().startswith("Die Kasse konnte nicht starten.")
    assert "nowhere" in hosted.window.startup.text()

    save_settings(hosted.paths.settings_file, till_settings())
    click(qtbot, hosted.window.start_again)
    qtbot.waitUntil(lambda: hosted.host.screen is not None, timeout=10_000)
    assert hosted.window.stack.currentWidget() is hosted.screen.view
    assert not hosted.window.start_again.isVisible()
    assert stop_host(qtbot, hosted) == 0
