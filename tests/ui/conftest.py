"""The till's window under test: pytest-qt offscreen, one qasync loop, the embedded simulator.

One pattern for the whole folder (docs/style.md, "Async UI tests"):
a qasync ``QEventLoop(qapp, already_running=True)`` shared by the folder's tests, and
ordinary sync tests that start work and wait with ``qtbot.waitUntil``. The loop is the
running loop only while a test of this folder runs (other folders run their own asyncio
loops), it is never stopped (``loop.stop()`` would quit the QApplication), and whatever a
test left running is cancelled after it. Cycles are collected on the main thread only
(``MainThreadCollector``, as in the app): a collection in an executor thread would destroy
Qt objects there, which hangs or crashes the process.

``till`` opens a till exactly as the app does (``open_till``: embedded simulator in the
test's own data folder, terminal without delay); ``screen`` builds the window on it exactly
as ``cashier run`` does (``create_till_screen``). ``messages`` records every message the
cashier is shown (the bridge's ``shown`` signal).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.composition import Till, open_till
from cashier.app.gui import qt_application
from cashier.app.paths import resolve_paths
from cashier.app.till_screen import TillScreen, create_till_screen, load_catalog
from cashier.domain.settings import PrinterSettings, Settings
from cashier.ui.catalog import Catalog
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.main_thread_gc import MainThreadCollector
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import UserMessage
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.main_window import MainWindow
from cashier.ui.till.till_model import TillModel
from cashier.ui.till.till_state import PaymentSummary, TillServices
from cashier.ui.till.till_view import TillView

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
T = TypeVar("T")


@pytest.fixture(scope="package", autouse=True)
def _collector(qapp: QApplication) -> Iterator[MainThreadCollector]:
    collector = MainThreadCollector(qapp)
    collector.start()
    yield collector
    collector.stop()  # the folder's Qt garbage goes here, not in a later folder's thread


@pytest.fixture(autouse=True)
def _collect_after_each_test(_collector: MainThreadCollector) -> Iterator[None]:
    yield
    _collector.collect_due()  # also after a test that never gave the timer a turn


@pytest.fixture(scope="package")
def _folder_loop(qapp: QApplication) -> Iterator[QEventLoop]:
    qt_application()  # pytest-qt's application, with the till's fonts and style
    loop = QEventLoop(qapp, already_running=True)
    yield loop
    asyncio.events._set_running_loop(None)  # NOT loop.stop(): it calls QApplication.exit()
    loop._QEventLoop__is_running = False
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def qloop(_folder_loop: QEventLoop, qtbot: QtBot) -> Iterator[QEventLoop]:
    asyncio.set_event_loop(_folder_loop)
    asyncio.events._set_running_loop(_folder_loop)
    yield _folder_loop
    pending = [task for task in asyncio.all_tasks(_folder_loop) if not task.done()]
    for task in pending:
        task.cancel()
    qtbot.waitUntil(lambda: all(task.done() for task in pending), timeout=3000)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


def run_async(qtbot: QtBot, work: Coroutine[Any, Any, T], timeout: int = 10_000) -> T:
    """Await ``work`` from a sync test (the Qt event loop runs meanwhile)."""
    task = asyncio.ensure_future(work)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


@pytest.fixture
def language(qapp: QApplication) -> Iterator[UiLanguage]:
    """German, as on a German shop PC (the tests switch to English where they say so)."""
    chosen = UiLanguage(qapp, I18N, "de")
    yield chosen
    chosen.uninstall()
    chosen.deleteLater()


@pytest.fixture
def bridge(language: UiLanguage) -> MessageBridge:
    return MessageBridge(lambda: language.money)


@pytest.fixture
def messages(bridge: MessageBridge) -> list[UserMessage]:
    """Every message the cashier is shown, in order."""
    shown: list[UserMessage] = []
    bridge.shown.connect(shown.append)
    return shown


@pytest.fixture
def catalog() -> Catalog:
    catalog, problem = load_catalog(Settings())
    assert problem is None
    return catalog


@pytest.fixture
def printer_uri() -> str:
    """The till's printer (a test parametrizes ``printer_uri`` for another one)."""
    return "preview"


@pytest.fixture
def till(qloop: QEventLoop, qtbot: QtBot, tmp_path: Path, printer_uri: str) -> Iterator[Till]:
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)})
    settings = Settings(
        simulator_terminal_delay=0.0, language="de", printer=PrinterSettings(uri=printer_uri)
    ).with_device_uuid()
    session = open_till(settings, paths)
    till = run_async(qtbot, session.__aenter__())
    yield till
    run_async(qtbot, session.__aexit__(None, None, None))


@pytest.fixture
def model(
    till: Till, qloop: QEventLoop, qtbot: QtBot, bridge: MessageBridge, language: UiLanguage
) -> Iterator[TillModel]:
    """The till's view-model alone, on the real services (no widgets; docs/style.md habit 11)."""
    services = TillServices(
        sales=till.sales,
        payments=till.payments,
        reconciler=till.reconciler,
        printer=till.printer,
        till_id=till.settings.till_id,
        environment=till.settings.environment,
        shop_name=lambda: till.settings.shop.name,
        connection=till.connection,
        booker=till.booker,
    )
    runner = TaskRunner(qloop, bridge)
    model = TillModel(services, runner, bridge, lambda: language.money)
    yield model
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    model.shutdown()  # the offline catch-up's background work, if a test started it


@pytest.fixture
def paid(model: TillModel) -> list[PaymentSummary]:
    """Every payment ``model`` completed, in order."""
    summaries: list[PaymentSummary] = []
    model.payments.payment_completed.connect(summaries.append)
    return summaries


@dataclass
class Screen:
    window: MainWindow
    parts: TillScreen

    @property
    def model(self) -> TillModel:
        return self.parts.model

    @property
    def view(self) -> TillView:
        return self.parts.view


def card_balances(till: Till, number: str) -> tuple[int, int, int]:
    """Cash balance, bonus balance and points of a card, read from the simulator's store."""
    assert till.simulator is not None
    store = till.simulator.ctx.store
    row = store.execute("SELECT id FROM merchant_cards WHERE cardnumber = ?", (number,)).fetchone()
    card = store.get("loyalty.merchantcards", row["id"])
    assert card is not None
    return card["cash_balance"], card["bonus_balance"], card["points"]


@pytest.fixture
def screen(
    till: Till,
    *,
    qloop: QEventLoop,
    qtbot: QtBot,
    bridge: MessageBridge,
    language: UiLanguage,
    catalog: Catalog,
) -> Iterator[Screen]:
    window = MainWindow(till.settings.environment, till.settings.till_id, bridge)
    parts = create_till_screen(
        till, loop=qloop, bridge=bridge, language=language, catalog=catalog, window=window
    )
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    yield Screen(window, parts)
    qtbot.waitUntil(lambda: not parts.runner.payment_running, timeout=5000)
    window.close()
    run_async(qtbot, parts.runner.drain())
    app = QApplication.instance()
    if app is not None:
        parts.scanner.uninstall(app)
    window.deleteLater()
