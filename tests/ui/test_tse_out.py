"""The window while the TSE does not answer (issue #20, docs/fiscal.md "When the TSE does not answer").

The till is opened as the app opens it, its TSE the fiskaly simulator of the test (so the test can
take it down). Driven like a cashier: the quick key, F5, Enter in the cash dialog, Enter on the
result. The sale goes on; the cashier is told once, not on every sale; the status bar says
"● TSE ausgefallen" while it lasts and nothing once the TSE signs again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.composition import Till, open_till
from cashier.app.fiscal_setup import FiskalyBackend
from cashier.app.paths import resolve_paths
from cashier.domain.settings import PrinterSettings, Settings
from cashier.journal.fiscal import FiscalJournal, FiscalState
from cashier.simulator.fiskaly.app import FiskalySimulatorApp, create_fiskaly_app
from cashier.simulator.fiskaly.transport import EMBEDDED_BASE_URL, FiskalyEmbeddedTransport
from cashier.ui.kit.messages import MessageLevel, UserMessage
from tests.ui.conftest import Screen, run_async
from tests.ui.test_offline import sell_coffee_for_cash


@pytest.fixture
def fiskaly(tmp_path: Path) -> Iterator[FiskalySimulatorApp]:
    app = create_fiskaly_app(db_path=tmp_path / "fiskaly.sqlite")
    yield app
    app.ctx.store.close()


@pytest.fixture
def till(qloop: QEventLoop, qtbot: QtBot, tmp_path: Path, fiskaly: FiskalySimulatorApp) -> Iterator[Till]:
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)})
    settings = Settings(
        simulator_terminal_delay=0.0, language="de", printer=PrinterSettings(uri="preview")
    ).with_device_uuid()
    session = open_till(settings, paths, tse_backend=FiskalyBackend(simulator=fiskaly))
    till = run_async(qtbot, session.__aenter__())
    yield till
    run_async(qtbot, session.__aexit__(None, None, None))


def control(qtbot: QtBot, fiskaly: FiskalySimulatorApp, method: str, **body: object) -> None:
    async def call() -> None:
        root = EMBEDDED_BASE_URL.removesuffix("/api/v2")
        async with httpx.AsyncClient(base_url=root, transport=FiskalyEmbeddedTransport(fiskaly)) as http:
            (
                await http.request(method, "/simulator/faults", **({"json": body} if body else {}))
            ).raise_for_status()

    run_async(qtbot, call())


def sell(qtbot: QtBot, screen: Screen) -> None:
    """A coffee for cash, the window active again first (as the window manager or the till's
    keyboard home makes it after a dialog; the offscreen platform does neither)."""
    screen.window.activateWindow()
    qtbot.waitUntil(screen.window.isActiveWindow)
    sell_coffee_for_cash(qtbot, screen)


def tse_words(messages: list[UserMessage]) -> list[str]:
    return [m.text for m in messages if "TSE" in m.text]


def test_the_tse_out_is_told_once_and_shown_while_it_lasts(
    qtbot: QtBot, screen: Screen, till: Till, fiskaly: FiskalySimulatorApp, messages: list[UserMessage]
) -> None:
    status = screen.window.status
    assert not status.tse.isVisible()
    control(qtbot, fiskaly, "POST", match="* /api/v2/*", mode="down", times=0)
    sell(qtbot, screen)
    qtbot.waitUntil(status.tse.isVisible)
    assert status.tse.text() == "● TSE ausgefallen"
    sell(qtbot, screen)  # a second sale: no second word about it
    out = tse_words(messages)
    assert len(out) == 1
    assert out[0].startswith("Die TSE antwortet nicht (TSE nicht erreichbar).")
    assert [m.level for m in messages if m.text == out[0]] == [MessageLevel.WARNING]
    journal = FiscalJournal(till.journal_db)
    assert len(journal.in_states([FiscalState.UNSIGNED])) == 2  # both sold, both unsigned
    control(qtbot, fiskaly, "DELETE")
    sell(qtbot, screen)
    qtbot.waitUntil(lambda: not status.tse.isVisible())
    assert tse_words(messages)[1:] == ["Die TSE signiert wieder."]
    assert till.fiscal is not None
    run_async(qtbot, till.fiscal.drain())
    assert len(journal.in_states([FiscalState.FINISHED])) == 1
