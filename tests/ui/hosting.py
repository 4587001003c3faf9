"""The till as ``cashier run`` hosts it (``TillHost``), for tests of restarts and wizards.

:func:`start_host` saves the test's settings to its ``settings.toml`` (a restart reads them
back), opens the window and serves the till in a task until :func:`stop_host` closes the
window. :class:`PollGate` is the registration's ``sleep``: the device flow polls once, then
waits until the test lets it poll again — time moves only then, on the test's clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.paths import AppPaths, resolve_paths
from cashier.app.settings import save_settings
from cashier.app.till_host import TillHost
from cashier.app.till_screen import TillScreen
from cashier.domain.settings import PrinterSettings, Settings
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.main_window import MainWindow
from tests.helpers.clock import FakeClock


class PollGate:
    """A ``sleep`` that returns only when the test calls :meth:`release` (then time moves)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waiting = 0
        self._go = asyncio.Event()

    async def sleep(self, seconds: float) -> None:
        self.waiting += 1
        try:
            await self._go.wait()
        finally:
            self.waiting -= 1
        self._go.clear()
        self.clock.advance(seconds)

    def release(self) -> None:
        self._go.set()


def wall_clock_of(clock: FakeClock) -> Callable[[], datetime]:
    """The dialog's ``now`` on the simulator's clock."""
    return lambda: datetime.fromtimestamp(clock(), UTC)


def till_settings(**changes: Any) -> Settings:
    """The settings of the UI tests' till (embedded simulator, no terminal delay, preview printer)."""
    base = Settings(simulator_terminal_delay=0.0, language="de", printer=PrinterSettings(uri="preview"))
    return replace(base, **changes).with_device_uuid()


@dataclass
class HostedTill:
    host: TillHost
    window: MainWindow
    task: asyncio.Task[int]
    paths: AppPaths

    @property
    def screen(self) -> TillScreen:
        assert self.host.screen is not None, "the till is not open"
        return self.host.screen


def start_host(
    qtbot: QtBot,
    qloop: QEventLoop,
    home: Path,
    *,
    bridge: MessageBridge,
    language: UiLanguage,
    settings: Settings | None = None,
    save: bool = True,
    wait_open: bool = True,
    **host_options: Any,
) -> HostedTill:
    paths = resolve_paths({"CASHIER_HOME": str(home)})
    settings = settings or till_settings()
    if save:
        save_settings(paths.settings_file, settings)
    window = MainWindow(settings.environment, settings.till_id, bridge, clock=host_options.get("clock", _now))
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    host = TillHost(
        qloop, settings=settings, paths=paths, language=language, bridge=bridge, window=window, **host_options
    )
    task = asyncio.ensure_future(host.serve())
    if wait_open:
        qtbot.waitUntil(lambda: host.screen is not None, timeout=10_000)
    return HostedTill(host, window, task, paths)


def stop_host(qtbot: QtBot, hosted: HostedTill) -> int:
    """Close the window as the cashier would; the host's exit code."""
    if hosted.host.screen is not None:
        runner = hosted.host.screen.runner
        qtbot.waitUntil(lambda: not runner.payment_running, timeout=5000)
    hosted.window.close()
    qtbot.waitUntil(hosted.task.done, timeout=10_000)
    with qtbot.waitSignal(hosted.window.destroyed):  # gone before the language fixture ends
        hosted.window.deleteLater()
    return hosted.task.result()


def _now() -> datetime:
    return datetime.now(UTC)
