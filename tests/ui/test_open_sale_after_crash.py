"""The till killed while a card terminal payment runs, then started again (a tester's report).

The crash is made the way a SIGKILL leaves things: the terminal payment's ``start`` hangs in
the embedded simulator, the journal says ``starting``, and the task is cut off; the simulator's
transaction stays unstarted. The till is then opened again as ``cashier run`` does
(``TillHost``) on a fake clock: the services' ``now`` and the screen's countdown read it, and
the check's pauses move it only when the test releases them (``PollGate``) — nothing waits
for the 200 s of the terminal's grace.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.composition import open_till
from cashier.app.paths import resolve_paths
from cashier.app.till_screen import TillScreen
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.sale import SaleState, Tender
from cashier.simulator.faults import Fault, FaultMode
from cashier.ui.journal.journal_dialog import JournalDialog
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import UserMessage
from tests.helpers.clock import FakeClock
from tests.ui.conftest import run_async
from tests.ui.hosting import HostedTill, PollGate, start_host, stop_host, till_settings

COFFEE = BasketLine("Kaffee", Money(250), 2, VatRate.STANDARD, article_number="1001")


def local_clock(clock: FakeClock) -> Callable[[], datetime]:
    """The services' ``now`` on the test's clock (local time, as the till keeps it)."""
    return lambda: datetime.fromtimestamp(clock(), UTC).astimezone()


def crash_during_a_terminal_payment(qtbot: QtBot, home: Path, clock: FakeClock) -> str:
    """A terminal payment of 5,00 € cut off while ``start`` runs; the sale's id."""
    paths = resolve_paths({"CASHIER_HOME": str(home)})
    session = open_till(till_settings(), paths, now=local_clock(clock))
    till = run_async(qtbot, session.__aenter__())
    try:
        assert till.simulator is not None
        till.simulator.ctx.faults.add(Fault("POST", "/api/v2/Smart/Transactions/*/start/*", FaultMode.HANG))
        sale = till.sales.new_sale()
        till.sales.add_line(sale, COFFEE)
        paying = asyncio.ensure_future(till.payments.pay(sale, Tender.TERMINAL))
        qtbot.waitUntil(lambda: till.journal.get(sale.sale_id).state == "starting", timeout=10_000)
        qtbot.waitUntil(lambda: till.simulator is not None and not till.simulator.ctx.faults.listing())
        paying.cancel()  # the process dies: nothing after this line of the payment runs
        qtbot.waitUntil(paying.done)
    finally:
        run_async(qtbot, session.__aexit__(None, None, None))
    return sale.sale_id


def restart(
    qtbot: QtBot,
    qloop: QEventLoop,
    home: Path,
    clock: FakeClock,
    *,
    gate: PollGate,
    bridge: MessageBridge,
    language: UiLanguage,
) -> HostedTill:
    wall = lambda: datetime.fromtimestamp(clock(), UTC)  # noqa: E731
    hosted = start_host(
        qtbot, qloop, home, bridge=bridge, language=language, wait_open=False,
        clock=wall, now=local_clock(clock),
    )  # fmt: skip

    def gated(screen: TillScreen) -> None:  # before the check's first pause
        screen.model.open_payments.sleep = gate.sleep

    hosted.host.screen_ready.connect(gated)
    qtbot.waitUntil(lambda: hosted.host.screen is not None, timeout=10_000)
    return hosted


def click(qtbot: QtBot, button: QWidget) -> None:
    assert button.isEnabled(), f"{button.text() if hasattr(button, 'text') else button} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_journal(qtbot: QtBot, hosted: HostedTill) -> JournalDialog:
    hosted.window.activateWindow()
    qtbot.waitUntil(hosted.window.isActiveWindow)
    QTest.keyClick(hosted.window, Qt.Key.Key_F2)
    journal = hosted.screen.dialogs.journal
    qtbot.waitUntil(journal.isActiveWindow)  # its keys work once it is active
    return journal


def choose(qtbot: QtBot, journal: JournalDialog, sale_id: str) -> None:
    row = next(i for i, r in enumerate(journal.model.rows) if r.sale_id == sale_id)
    journal.table.selectRow(row)
    qtbot.waitUntil(lambda: journal.model.selected is not None and journal.model.selected.sale_id == sale_id)


def journal_state(journal: JournalDialog, number: int) -> str:
    for index in range(journal.table.rowCount()):
        number_item, state_item = journal.table.item(index, 1), journal.table.item(index, 5)
        if number_item is not None and state_item is not None and number_item.text() == str(number):
            return state_item.text()
    raise AssertionError(f"sale {number} is not listed")


def end_of_day_names_the_open_sale(qtbot: QtBot, hosted: HostedTill, started: str) -> None:
    click(qtbot, hosted.screen.view.actions.buttons["end_of_day"])
    end_of_day = hosted.screen.dialogs.end_of_day
    qtbot.waitUntil(lambda: end_of_day.model.preview is not None, timeout=10_000)
    figures = end_of_day.figure_texts()
    assert figures[f"Verkauf 1, {started}: Zahlung unklar"] == "5,00\u00a0€"
    assert figures["Offen — im Journal prüfen (F9)"] == "1"
    preview = end_of_day.model.preview
    assert preview is not None
    assert [(s.number, s.amount) for s in preview.report.open_sales] == [(1, Money(500))]
    end_of_day.reject()


def test_after_a_crash_the_till_names_the_open_sale_counts_down_and_gives_the_basket_back(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    tmp_path: Path,
    bridge: MessageBridge,
    language: UiLanguage,
    messages: list[UserMessage],
) -> None:
    clock = FakeClock()
    sale_id = crash_during_a_terminal_payment(qtbot, tmp_path, clock)
    gate = PollGate(clock)
    hosted = restart(qtbot, qloop, tmp_path, clock, gate=gate, bridge=bridge, language=language)
    view, model = hosted.screen.view, hosted.screen.model
    started = local_clock(clock)().strftime("%H:%M")

    # Selling waits, and the cashier reads which sale, how much, since when — and for how long.
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=10_000)
    panel = view.open_payment
    assert panel.isVisible()
    assert panel.payments.text() == f"Verkauf 1 · 5,00\u00a0€ · Kartenterminal · gestartet {started}"
    assert "3:20" in panel.countdown.text()
    assert not view.quick_keys.isVisible()
    assert not any(view.tenders.buttons[key].isEnabled() for key in ("cash", "terminal", "sepa"))
    assert all(view.actions.buttons[key].isEnabled() for key in ("journal", "end_of_day", "settings"))
    assert messages, "the cashier is told about the open payment"
    assert all(sale_id not in message.text for message in messages)  # never the internal id
    assert "Verkauf 1:" in messages[-1].text

    clock.advance(80)
    qtbot.waitUntil(lambda: "2:00" in panel.countdown.text(), timeout=3000)  # the panel's 1 s tick

    # The end of day names it, on screen and in the report it prints.
    end_of_day_names_the_open_sale(qtbot, hosted, started)

    # The terminal's grace ends: the till aborts the unstarted payment and settles the sale.
    clock.advance(120)
    gate.release()
    qtbot.waitUntil(lambda: not model.checking_outcome, timeout=10_000)
    till = hosted.host.till
    assert till is not None
    assert till.journal.get(sale_id).state == SaleState.ABORTED.value
    texts = [message.text for message in messages]
    assert (
        "Verkauf 1: secuconnect hat bestätigt, dass die offene Zahlung nicht ausgeführt wurde; "
        "nichts wurde belastet." in texts
    )
    assert texts[-1] == "Der Warenkorb von Verkauf 1 ist zurück — bitte die Zahlung erneut annehmen."
    assert not panel.isVisible()
    assert [(line.description, line.quantity) for line in model.lines] == [("Kaffee", 2)]

    # The journal says how it ended, in German words.
    journal = open_journal(qtbot, hosted)
    assert journal_state(journal, 1) == "nicht ausgeführt"
    choose(qtbot, journal, sale_id)
    facts = journal.details.fact_texts()
    assert facts["Problem"] == (
        "secuconnect hat bestätigt, dass die Zahlung nicht ausgeführt wurde — nichts wurde belastet."
    )
    journal.close_journal()

    # The cashier takes the payment again: a new sale, paid once.
    qtbot.waitUntil(lambda: not journal.isVisible())
    click(qtbot, view.tenders.buttons["terminal"])
    qtbot.waitUntil(view.result_dialog.isVisible, timeout=10_000)
    sales = till.journal.of_day(till.context.business_day())
    assert (sales[0].sale_number, sales[0].state) == (1, "aborted")
    assert sales[-1].state in ("completed", "printed")
    assert sales[-1].total == 500
    view.result_dialog.done(0)
    assert stop_host(qtbot, hosted) == 0


def test_the_journal_settles_the_open_sale_with_check_payment(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    tmp_path: Path,
    bridge: MessageBridge,
    language: UiLanguage,
    messages: list[UserMessage],
) -> None:
    """F9 in the journal: within the grace secuconnect cannot say (set it aside? — not yet);
    after it, the sale is settled as not carried out, and the till sells again at once."""
    clock = FakeClock()
    sale_id = crash_during_a_terminal_payment(qtbot, tmp_path, clock)
    gate = PollGate(clock)
    hosted = restart(qtbot, qloop, tmp_path, clock, gate=gate, bridge=bridge, language=language)
    model = hosted.screen.model
    qtbot.waitUntil(lambda: gate.waiting == 1, timeout=10_000)
    journal = open_journal(qtbot, hosted)
    assert journal_state(journal, 1) == "Zahlung unklar"
    choose(qtbot, journal, sale_id)
    assert journal.details.fact_texts()["Problem"].startswith(
        "secuconnect hat die Zahlung noch nicht bestätigt"
    )
    assert journal.buttons["settle"].isEnabled()

    rounds = model.open_payments.rounds
    QTest.keyClick(journal, Qt.Key.Key_F9)  # within the grace: still unknown
    qtbot.waitUntil(lambda: journal.confirmation is not None, timeout=10_000)
    box = journal.confirmation
    assert isinstance(box, QMessageBox)
    click(qtbot, box.button(QMessageBox.StandardButton.No))  # keep checking
    assert model.checking_outcome

    # The till asked again at once (woken by the journal), and waits again.
    qtbot.waitUntil(lambda: model.open_payments.rounds > rounds and gate.waiting == 1)
    clock.advance(201)
    qtbot.waitUntil(journal.buttons["settle"].isEnabled, timeout=5000)
    journal.activateWindow()
    qtbot.waitUntil(journal.isActiveWindow)
    QTest.keyClick(journal, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: journal_state(journal, 1) == "nicht ausgeführt", timeout=10_000)
    qtbot.waitUntil(lambda: not model.checking_outcome, timeout=10_000)  # woken, not after a pause
    assert gate.waiting == 0
    assert [(line.description, line.quantity) for line in model.lines] == [("Kaffee", 2)]
    texts = [message.text for message in messages]
    assert texts[-1] == "Der Warenkorb von Verkauf 1 ist zurück — bitte die Zahlung erneut annehmen."
    journal.close_journal()
    assert stop_host(qtbot, hosted) == 0


def test_the_journal_words_a_stored_problem_in_english_too(
    qtbot: QtBot,
    *,
    qloop: QEventLoop,
    tmp_path: Path,
    bridge: MessageBridge,
    language: UiLanguage,
) -> None:
    clock = FakeClock()
    sale_id = crash_during_a_terminal_payment(qtbot, tmp_path, clock)
    clock.advance(300)  # restarted after the grace: settled while the till opens
    gate = PollGate(clock)
    language.switch("en")
    hosted = restart(qtbot, qloop, tmp_path, clock, gate=gate, bridge=bridge, language=language)
    assert not hosted.screen.model.checking_outcome
    journal = open_journal(qtbot, hosted)
    assert journal_state(journal, 1) == "not carried out"
    choose(qtbot, journal, sale_id)
    facts = journal.details.fact_texts()
    assert facts["Problem"] == "secuconnect confirmed the payment was not carried out — nothing was charged."
    assert "STX_" not in facts["Problem"]
    journal.close_journal()
    assert stop_host(qtbot, hosted) == 0
