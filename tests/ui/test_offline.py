"""The till's window while secuconnect cannot be reached (issue #18, docs/offline.md).

The till is opened as the app opens it, its transport wrapped in a :class:`CountingTransport`
whose plug the test pulls (every request then fails to connect, as when the shop's line is down).
Driven like a cashier: the card field and Enter, F-keys on the window, Enter in the cash dialog.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.composition import Till, open_till
from cashier.app.paths import resolve_paths
from cashier.domain.money import Money
from cashier.domain.settings import PrinterSettings, Settings
from cashier.journal.sales import Booking
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.till.connection_state import Connection
from cashier.ui.till.manager_dialog import ManagerConfirmDialog
from cashier.ui.till.offline_catch_up import OfflineCatchUp
from tests.helpers.till import CountingTransport
from tests.ui.conftest import Screen, run_async

ERIKA = "9276004400000011"
LOCKED = "9276004400000037"
NBSP = "\u00a0"
COFFEE = "1001"  # Kaffee 2,50 € (the demo catalogue's quick key)


@dataclass
class Line:
    """The shop's internet line: the till's transport, with its plug."""

    transport: CountingTransport | None = None

    def unplug(self) -> None:
        assert self.transport is not None
        self.transport.unplugged = True

    def plug_in(self) -> None:
        assert self.transport is not None
        self.transport.unplugged = False


@pytest.fixture
def line() -> Line:
    return Line()


@pytest.fixture
def till(qloop: QEventLoop, qtbot: QtBot, tmp_path: Path, line: Line) -> Iterator[Till]:
    """The UI tests' till, its line in the test's hand; the probe loop without long pauses."""
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)})
    settings = Settings(
        simulator_terminal_delay=0.0, language="de", printer=PrinterSettings(uri="preview")
    ).with_device_uuid()

    def wrap(inner: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        line.transport = CountingTransport(inner)
        return line.transport

    session = open_till(settings, paths, wrap_transport=wrap)
    till = run_async(qtbot, session.__aenter__())
    till.connection.pauses = (0.05,)
    yield till
    run_async(qtbot, session.__aexit__(None, None, None))


def settle(qtbot: QtBot, screen: Screen) -> None:
    qtbot.waitUntil(lambda: not screen.model.busy, timeout=5000)


def enter_card(qtbot: QtBot, screen: Screen, number: str) -> None:
    panel = screen.view.card_panel
    qtbot.keyClicks(panel.number, number)
    QTest.keyClick(panel.number, Qt.Key.Key_Return)
    settle(qtbot, screen)


def go_offline(qtbot: QtBot, screen: Screen, line: Line, card: str = ERIKA) -> None:
    """The line drops; the cashier scans a card — the till finds out and attaches it by number."""
    line.unplug()
    enter_card(qtbot, screen, card)
    assert screen.model.offline


def sell_coffee_for_cash(qtbot: QtBot, screen: Screen) -> None:
    qtbot.mouseClick(screen.view.quick_keys.button_for(COFFEE), Qt.MouseButton.LeftButton)
    QTest.keyClick(screen.window, Qt.Key.Key_F5)
    dialog = screen.view.cash_dialog
    qtbot.waitUntil(dialog.isVisible)
    QTest.keyClick(dialog.given, Qt.Key.Key_Return)  # nothing typed: exactly what is due
    settle(qtbot, screen)
    result = screen.view.result_dialog
    qtbot.waitUntil(result.isVisible)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # next customer
    qtbot.waitUntil(lambda: not result.isVisible())


def keys(messages: list[UserMessage]) -> list[str]:
    return [message.key for message in messages if message.key]


def transactions_of(till: Till, sale_id: str) -> list[dict[str, object]]:
    assert till.simulator is not None
    return [
        t for t in till.simulator.ctx.store.all("smart.transactions") if t.get("transactionRef") == sale_id
    ]


def test_offline_the_status_bar_and_the_card_panel_say_so(qtbot: QtBot, screen: Screen, line: Line) -> None:
    status, panel = screen.window.status, screen.view.card_panel
    assert status.connection.text() == "● online"
    assert not panel.offline_note.isVisible()
    go_offline(qtbot, screen, line)
    assert status.connection.text() == "● offline"
    assert panel.offline_note.isVisible()
    assert panel.offline_note.text() == "offline — Karten später"
    # The card is attached by its number only: no balances the till does not know.
    assert screen.model.card is not None
    assert not screen.model.card.verified
    assert panel.captions["holder"].text() == "Karte"
    assert panel.values["holder"].text() == "**** **** **** 0011"
    assert panel.later.isVisible()
    assert panel.later.text() == "Bonus wird später gutgeschrieben"
    assert not any(panel.values[key].isVisible() for key in ("points", "cash", "bonus"))


def test_an_offline_cash_sale_is_counted_and_booked_once_when_the_line_is_back(
    qtbot: QtBot, screen: Screen, line: Line, till: Till, messages: list[UserMessage]
) -> None:
    screen.model.catch_up.start()
    go_offline(qtbot, screen, line)
    qtbot.waitUntil(lambda: screen.model.catch_up.waiting)  # the probe loop runs meanwhile
    qtbot.mouseClick(screen.view.quick_keys.button_for(COFFEE), Qt.MouseButton.LeftButton)
    assert screen.view.totals.captions["missing"].text() == "Offline: alles bar"
    QTest.keyClick(screen.window, Qt.Key.Key_F5)
    dialog = screen.view.cash_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.offline_note.isVisible()
    assert dialog.due.cents == 250
    QTest.keyClick(dialog.given, Qt.Key.Key_Return)
    settle(qtbot, screen)
    result = screen.view.result_dialog
    qtbot.waitUntil(result.isVisible)
    assert result.heading.text().endswith(" offline bezahlt")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert screen.window.status.connection.text() == "● offline — 1 zu buchen"
    [pending] = till.booker.pending()
    assert transactions_of(till, pending.sale_id) == []

    line.plug_in()  # the probe's next answer takes the till online; the catch-up books the sale
    qtbot.waitUntil(lambda: till.journal.get(pending.sale_id).booking == Booking.BOOKED, timeout=5000)
    qtbot.waitUntil(lambda: screen.window.status.connection.text() == "● online")
    assert "1 Offline-Verkauf gebucht." in [message.text for message in messages]
    assert len(transactions_of(till, pending.sale_id)) == 1
    assert not screen.model.offline
    assert not screen.model.busy  # the catch-up ran in the background
    assert not [message for message in messages if message.level is MessageLevel.ERROR]


def test_a_card_refused_at_booking_is_said_once_and_the_rest_are_booked(
    qtbot: QtBot, screen: Screen, line: Line, till: Till, messages: list[UserMessage]
) -> None:
    go_offline(qtbot, screen, line, LOCKED)
    sell_coffee_for_cash(qtbot, screen)
    enter_card(qtbot, screen, ERIKA)
    sell_coffee_for_cash(qtbot, screen)
    assert screen.window.status.connection.text() == "● offline — 2 zu buchen"
    line.plug_in()
    screen.model.catch_up.start()  # the host's call at start; offline still: it probes first
    qtbot.waitUntil(lambda: not till.booker.pending(), timeout=5000)
    qtbot.waitUntil(lambda: screen.window.status.connection.text() == "● online")
    words = [message.text for message in messages]
    assert "2 Offline-Verkäufe gebucht." in words
    refused = [text for text in words if "unbekannt/gesperrt" in text]
    assert len(refused) == 1
    assert refused[0].startswith("Karte **** **** **** 0037 unbekannt/gesperrt: Verkauf ")
    assert refused[0].endswith(" gebucht, ohne Bonus.")


@pytest.mark.parametrize(
    ("key", "refusal", "dialog"),
    [
        (Qt.Key.Key_F6, "terminal", "terminal_dialog"),
        (Qt.Key.Key_F7, "sepa", "sepa_dialog"),
        (Qt.Key.Key_F8, "card_balance", "csc_dialog"),
    ],
    ids=["F6", "F7", "F8"],
)
def test_offline_a_tender_that_needs_secuconnect_looks_off_and_says_why(
    *,
    qtbot: QtBot,
    screen: Screen,
    line: Line,
    messages: list[UserMessage],
    key: Qt.Key,
    refusal: str,
    dialog: str,
) -> None:
    go_offline(qtbot, screen, line)
    qtbot.mouseClick(screen.view.quick_keys.button_for(COFFEE), Qt.MouseButton.LeftButton)
    tenders = screen.view.tenders
    for name in ("terminal", "sepa", "card"):
        assert tenders.buttons[name].property("offline") is True
        assert tenders.buttons[name].isEnabled()  # its key still says why
    assert not tenders.buttons["cash"].property("offline")
    QTest.keyClick(screen.window, key)
    assert keys(messages)[-1] == f"NotPossibleOffline.{refusal}"
    assert not getattr(screen.view, dialog).isVisible()
    assert screen.model.sale is not None
    assert screen.model.sale.state.is_open
    if key == Qt.Key.Key_F6:
        assert (
            messages[-1].text == "Offline: Das Kartenterminal läuft über secuconnect — bitte bar kassieren."
        )


def test_offline_cards_are_neither_loaded_nor_issued(
    qtbot: QtBot, screen: Screen, line: Line, messages: list[UserMessage]
) -> None:
    go_offline(qtbot, screen, line)
    actions = screen.view.actions
    QTest.keyClick(screen.window, Qt.Key.Key_F9)  # a card, nothing else: F9 would load it
    assert keys(messages)[-1] == "NotPossibleOffline.card_load"
    assert not screen.view.card_load_dialog.isVisible()
    QTest.keyClick(screen.window, Qt.Key.Key_Escape)  # the card goes: F10 would issue a new one
    qtbot.waitUntil(lambda: screen.model.sale is None or screen.model.card is None)
    assert actions.buttons["new_card"].isEnabled()
    assert actions.buttons["new_card"].property("offline") is True
    QTest.keyClick(screen.window, Qt.Key.Key_F10)
    assert keys(messages)[-1] == "NotPossibleOffline.new_card"
    assert not screen.view.new_card_dialog.isVisible()


def test_an_offline_sale_above_the_limit_waits_for_a_manager_and_enter_never_confirms(
    qtbot: QtBot, screen: Screen, line: Line, till: Till, messages: list[UserMessage]
) -> None:
    go_offline(qtbot, screen, line)
    amount = screen.view.free_price.amount
    qtbot.keyClicks(amount, "150,00", delay=60)  # a human types: not a scan
    QTest.keyClick(amount, Qt.Key.Key_Return)
    QTest.keyClick(screen.window, Qt.Key.Key_F5)
    cash = screen.view.cash_dialog
    qtbot.waitUntil(cash.isVisible)
    QTest.keyClick(cash.given, Qt.Key.Key_Return)
    manager = screen.view.manager_dialog
    qtbot.waitUntil(manager.isVisible)
    assert "150,00" in manager.reason.text()
    assert "100,00" in manager.reason.text()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter: nothing happens
    QTest.keyClick(manager, Qt.Key.Key_Enter)
    assert manager.isVisible()
    assert till.booker.pending() == []
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # Esc: not confirmed
    qtbot.waitUntil(lambda: not manager.isVisible())
    assert messages[-1].text == "Nicht bestätigt — der Verkauf ist nicht bezahlt und bleibt offen."
    assert screen.model.sale is not None
    assert screen.model.sale.state.is_open

    back = screen.window
    back.activateWindow()
    qtbot.waitUntil(back.isActiveWindow)
    QTest.keyClick(back, Qt.Key.Key_F5)
    qtbot.waitUntil(cash.isVisible)
    QTest.keyClick(cash.given, Qt.Key.Key_Return)
    qtbot.waitUntil(manager.isVisible)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    settle(qtbot, screen)
    qtbot.waitUntil(screen.view.result_dialog.isVisible)
    [pending] = till.booker.pending()
    assert till.journal.get(pending.sale_id).total == 15_000


# --- the catch-up on its own: one round at a time -----------------------------------------------
@dataclass(frozen=True)
class Booked:
    sale_id: str
    sale_number: int
    outcome: str
    reason: str | None = None


@dataclass(frozen=True)
class Pending:
    sale_id: str
    card_number: str | None = None


class FakeService:
    """A service connection that is online, and a booker whose rounds wait for the test."""

    offline = False

    def __init__(self) -> None:
        self.to_book: list[Pending] = []
        self.rounds = 0
        self.running = 0
        self.most_at_once = 0
        self.go = asyncio.Event()
        self.outcome: str | None = None  # every sale's outcome, else booked (with or without card)

    def offline_for(self) -> timedelta:
        return timedelta(0)

    def subscribe(self, listener: object) -> object:
        return lambda: None

    async def wait_until_online(self, *, probes: int | None = None) -> bool:
        return True

    def pending(self) -> Sequence[Pending]:
        return list(self.to_book)

    async def book_all(self) -> Sequence[Booked]:
        self.rounds += 1
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        taken = list(self.to_book)  # what the journal held when the round began
        try:
            await self.go.wait()
            self.go.clear()
            if self.outcome == "waiting":
                return [Booked(taken[0].sale_id, 1, "waiting")]
            self.to_book = [sale for sale in self.to_book if sale not in taken]
            return [
                Booked(sale.sale_id, 1, "booked" if sale.card_number is None else "booked_without_card")
                for sale in taken
            ]
        finally:
            self.running -= 1


def test_the_catch_up_never_runs_two_rounds_at_once_and_says_a_refused_card_once(
    qtbot: QtBot, qloop: QEventLoop, bridge: MessageBridge, messages: list[UserMessage]
) -> None:
    service = FakeService()
    service.to_book = [Pending("S-1", LOCKED)]
    runner = TaskRunner(qloop, bridge)
    catch_up = OfflineCatchUp(Connection(), runner, bridge, source=service, booker=service)  # type: ignore[arg-type]
    catch_up.start()
    qtbot.waitUntil(lambda: service.running == 1)
    assert catch_up.booking
    assert not runner.busy  # background work: the till is not busy
    service.to_book.append(Pending("S-2"))  # sold meanwhile
    catch_up.sale_paid_offline()
    catch_up.book()
    assert service.rounds == 1
    service.go.set()
    qtbot.waitUntil(lambda: service.rounds == 2)  # the round asked for meanwhile follows
    service.go.set()
    qtbot.waitUntil(lambda: not catch_up.booking)
    service.to_book = [Pending("S-1", LOCKED)]  # the same sale reported once more: said once only
    catch_up.book()
    service.go.set()
    qtbot.waitUntil(lambda: service.rounds == 3 and not catch_up.booking)
    assert service.most_at_once == 1
    refused = [message.text for message in messages if "unbekannt/gesperrt" in message.text]
    assert refused == ["Karte **** **** **** 0037 unbekannt/gesperrt: Verkauf 1 gebucht, ohne Bonus."]
    catch_up.stop()


def test_the_manager_is_told_how_long_the_till_has_been_offline(qtbot: QtBot, language: UiLanguage) -> None:
    dialog = ManagerConfirmDialog(lambda: language.money)
    qtbot.addWidget(dialog)
    confirmed: list[bool] = []
    dialog.confirmed.connect(lambda: confirmed.append(True))
    dialog.ask(
        "duration", Money(250), limit=Money(10_000), hours=24, offline_for=timedelta(hours=25, minutes=30)
    )
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.cancel_button.hasFocus)  # nothing that takes a key confirms
    assert "seit 25 h 30 min offline" in dialog.reason.text()
    assert "24 h" in dialog.reason.text()
    assert f"2,50{NBSP}€" in dialog.reason.text()
    QTest.keyClick(dialog.cancel_button, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert confirmed == []
    dialog.confirm_button.click()  # a tap on the button confirms, once
    dialog.confirm_button.click()
    assert confirmed == [True]
    assert not dialog.isVisible()


def test_a_sale_that_had_to_wait_while_online_is_tried_again_later(
    qtbot: QtBot, qloop: QEventLoop, bridge: MessageBridge, messages: list[UserMessage]
) -> None:
    service = FakeService()
    service.to_book = [Pending("S-1")]
    service.outcome = "waiting"  # its outcome not known yet: the round stops at it
    service.go.set()
    catch_up = OfflineCatchUp(
        Connection(), TaskRunner(qloop, bridge), bridge, source=service, booker=service, retry_ms=20
    )  # type: ignore[arg-type]
    catch_up.start()
    qtbot.waitUntil(lambda: service.rounds == 1 and not catch_up.booking)
    assert catch_up.to_book == 1
    assert messages == []  # nothing booked: nothing said
    service.outcome = None
    service.go.set()
    qtbot.waitUntil(lambda: service.rounds == 2 and not catch_up.booking)  # no trigger but the timer
    assert catch_up.to_book == 0
    assert [message.text for message in messages] == ["1 Offline-Verkauf gebucht."]
    catch_up.stop()
