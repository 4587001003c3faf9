"""The till's window in a benchmark worker: built as the app builds it, driven as a cashier drives it.

For the GUI figures of issue 8 (scan → card shown, the Qt event loop's longest block). A Qt
worker process (``benchmarks.worker``, a GUI kind) runs :func:`run_on_qt`: the offscreen Qt
platform, the till's ``QApplication`` (:func:`cashier.app.gui.qt_application`: fonts, style)
and one qasync loop serving Qt and asyncio, as ``cashier run`` has. :func:`gui_till` opens a
till with :func:`benchmarks.headless.headless_till` (embedded or served simulator, requests
counted at the transport), and builds its window as ``cashier run`` does — a
:class:`~cashier.ui.main_window.MainWindow` at 1024×768 with the screen of
:func:`cashier.app.till_screen.create_till_screen` (the keyboard-wedge scanner installed as the
application's event filter), German on screen, the demo catalogue — and then, as the app does
once its screen is built, ``gc.collect(); gc.freeze()``.

The scenarios wait for signals, never for wall-clock sleeps or a nested event loop
(:func:`until`), click with ``QTest.mouseClick`` and type a scan as key events sent to the
focused widget at a scanner's pace (:func:`scan`). :class:`QtLoopWatch` is the Qt twin of
:class:`benchmarks.headless.LoopWatch`: a 5 ms ``QTimer`` heartbeat whose lateness is how long
the Qt event loop was blocked.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QWidget
from qasync import QEventLoop  # type: ignore[import-untyped]  # after PySide6 (docs/style.md)

from benchmarks.headless import Backend, BenchmarkError, BenchTill, headless_till
from cashier.app.gui import qt_application
from cashier.app.resources import resource_path
from cashier.app.till_screen import TillScreen, create_till_screen, load_catalog
from cashier.domain.settings import Settings
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.keypad import NumericKeypad
from cashier.ui.kit.main_thread_gc import MainThreadCollector
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.main_window import MainWindow
from cashier.ui.till.till_model import TillModel
from cashier.ui.till.till_view import TillView

T = TypeVar("T")

QUICK_KEYS = ("2006", "1003", "2005", "1002", "2004")
"""Belegtes Brötchen, Milchkaffee, Apfelstrudel, Cappuccino, Käsekuchen: 17,40 € (demo catalogue)."""
FREE_PRICE = "10"
"""Typed on the free-price keypad at 19 %: 10,00 €; 27,40 € in all, 3,90 € left after the card's
bonus (3,50 €) and cash balance (20,00 €)."""
PAUSE = 0.03
"""Seconds after each of the cashier's actions: quicker than any hand, and the window repaints
in between as it does at a counter (actions sent back to back would be measured as one block)."""
SCAN_GAP = 0.005
"""Seconds between a scanner's keys (a keyboard-wedge scanner types a digit every few ms)."""
WAIT_TIMEOUT = 15.0
"""No step of a scenario waits longer than this (a printer timeout included)."""


def run_on_qt(scenario: Callable[[asyncio.AbstractEventLoop], Coroutine[Any, Any, T]]) -> T:
    """Run ``scenario`` on a qasync loop of the till's offscreen ``QApplication`` (once per process).

    An exception that escapes a Qt slot fails the run: the figures would mean nothing.
    """
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists
    app = qt_application()
    loop = QEventLoop(app)
    asyncio.set_event_loop(loop)
    collector = MainThreadCollector(app)  # as cashier.app.gui: cycles collected on this thread only
    collector.start()
    escaped: list[BaseException] = []

    def hook(kind: type[BaseException], error: BaseException, traceback: TracebackType | None) -> None:
        escaped.append(error.with_traceback(traceback))

    previous, sys.excepthook = sys.excepthook, hook
    try:
        with loop:
            result: T = loop.run_until_complete(scenario(loop))
    finally:
        sys.excepthook = previous
        collector.stop()
    if escaped:
        raise BenchmarkError(f"an error escaped a Qt slot: {escaped[0]!r}") from escaped[0]
    return result


@dataclass
class GuiTill:
    """An open till with its window; ``messages`` is every message the cashier was shown."""

    bench: BenchTill
    window: MainWindow
    screen: TillScreen
    language: UiLanguage
    bridge: MessageBridge
    messages: list[UserMessage] = field(default_factory=list)

    @property
    def model(self) -> TillModel:
        return self.screen.model

    @property
    def view(self) -> TillView:
        return self.screen.view

    def errors(self) -> list[str]:
        return [message.text for message in self.messages if message.level is MessageLevel.ERROR]

    async def activate(self) -> None:
        """Make the till's window the active one (keys, a scanner's too, go to the active window)."""
        self.window.activateWindow()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            await until(self.window.isActiveWindow, app.focusWindowChanged, what="the window to be active")

    async def wait(
        self,
        done: Callable[[], bool],
        *signals: SignalInstance,
        what: str,
        then: Callable[[], None] | None = None,
    ) -> float:
        """:func:`until`, but an error shown to the cashier ends the wait (and the run) at once."""
        errors = len(self.errors())
        at = await until(
            lambda: done() or len(self.errors()) > errors,
            *signals,
            self.bridge.shown,
            what=what,
            then=then,
        )
        if len(self.errors()) > errors:
            raise BenchmarkError(f"the till showed an error while waiting for {what}: {self.errors()[-1]}")
        return at


@asynccontextmanager
async def gui_till(
    backend: Backend, home: Path, *, loop: asyncio.AbstractEventLoop
) -> AsyncIterator[GuiTill]:
    """A till on ``backend`` with its window shown, as ``cashier run`` builds it; closed on exit."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise BenchmarkError("gui_till needs the QApplication of run_on_qt")
    language = UiLanguage(app, resource_path("i18n"), "de")  # a German shop PC
    bridge = MessageBridge(lambda: language.money)
    catalog, problem = load_catalog(Settings())
    if problem:
        raise BenchmarkError(f"the demo catalogue cannot be used: {problem}")
    async with headless_till(backend, home) as bench:
        till = bench.till
        window = MainWindow(till.settings.environment, till.settings.till_id, bridge)
        window.resize(1024, 768)
        window.show()
        screen = create_till_screen(
            till, loop=loop, bridge=bridge, language=language, catalog=catalog, window=window
        )
        gui = GuiTill(bench, window, screen, language, bridge)
        bridge.shown.connect(gui.messages.append)
        await gui.activate()
        gc.collect()  # as cashier.app.gui does once the screen is built
        gc.freeze()
        try:
            yield gui
        finally:
            window.close()
            await screen.runner.drain()
            screen.scanner.uninstall(app)
            window.deleteLater()
            language.uninstall()


# --- waiting and acting, as a cashier (and a scanner) would ---------------------------------------
async def until(
    done: Callable[[], bool],
    *signals: SignalInstance,
    what: str,
    timeout: float = WAIT_TIMEOUT,
    then: Callable[[], None] | None = None,
) -> float:
    """Wait until ``done()`` holds, checked whenever one of ``signals`` is emitted; the
    ``perf_counter`` time at which it first held (taken in the slot, not after the wake-up).
    ``then`` runs in that slot, at once (e.g. to arm a :class:`PaintWatch`)."""
    future: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    def check(*_: object) -> None:
        if not future.done() and done():
            future.set_result(time.perf_counter())
            if then is not None:
                then()

    check()
    if future.done():
        return future.result()

    for signal in signals:
        signal.connect(check)
    try:
        return await asyncio.wait_for(future, timeout)
    except TimeoutError:
        raise BenchmarkError(f"timed out after {timeout:g} s waiting for {what}") from None
    finally:
        for signal in signals:
            signal.disconnect(check)


class PaintWatch(QObject):
    """The ``perf_counter`` time of a widget's next paint after :meth:`arm` (offscreen, the
    backing store is drawn as on a screen)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._future: asyncio.Future[float] | None = None
        widget.installEventFilter(self)

    def arm(self) -> None:
        self._future = asyncio.get_running_loop().create_future()

    async def painted(self, timeout: float = WAIT_TIMEOUT) -> float:
        if self._future is None:
            raise RuntimeError("arm() first")
        try:
            return await asyncio.wait_for(self._future, timeout)
        except TimeoutError:
            raise BenchmarkError("the widget was not painted") from None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        future = self._future
        if event.type() == QEvent.Type.Paint and future is not None and not future.done():
            future.set_result(time.perf_counter())
        return False


def click(button: QWidget) -> None:
    """A left click in the middle of ``button`` (refuses a disabled or hidden one: the scenario
    would be measuring something else)."""
    if not (button.isEnabled() and button.isVisible()):
        name = button.text() if isinstance(button, QAbstractButton) else button.objectName()
        raise BenchmarkError(f"cannot click {name!r}: disabled or hidden")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def press_key(key: Qt.Key, text: str) -> None:
    """Press and release ``key`` on the focused widget (the active window if none has focus)."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    if target is None:
        raise BenchmarkError("no widget has the keyboard focus")
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QCoreApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


async def scan(digits: str, gap: float = SCAN_GAP) -> float:
    """``digits`` and Enter as a keyboard-wedge scanner types them, ``gap`` seconds apart, to
    whatever has the focus; the ``perf_counter`` time just before the Enter key went out."""
    for digit in digits:
        press_key(Qt.Key(ord(digit)), digit)
        await asyncio.sleep(gap)
    enter = time.perf_counter()
    press_key(Qt.Key.Key_Return, "\r")
    return enter


async def act(action: Callable[[QWidget], None], widget: QWidget) -> None:
    """One action of the cashier, then :data:`PAUSE` (the window repaints meanwhile)."""
    action(widget)
    await asyncio.sleep(PAUSE)


async def type_on(keypad: NumericKeypad, digits: str) -> None:
    """Type ``digits`` on an on-screen keypad, button by button."""
    buttons = {button.text(): button for button in keypad.findChildren(QPushButton)}
    for digit in digits:
        await act(click, buttons[digit])


async def fill_basket(gui: GuiTill) -> None:
    """The benchmark's basket by the window: five quick keys and a free price (27,40 €)."""
    view, model = gui.view, gui.model
    lines = len(model.lines)
    for article in QUICK_KEYS:
        await act(click, view.quick_keys.button_for(article))
    await type_on(view.free_price.keypad, FREE_PRICE)
    if view.free_price.keypad.action_button is None:
        raise BenchmarkError("the free-price keypad has no Add button")
    await act(click, view.free_price.keypad.action_button)
    if len(model.lines) != lines + len(QUICK_KEYS) + 1:
        raise BenchmarkError(f"the basket has {len(model.lines)} lines, not {lines + len(QUICK_KEYS) + 1}")


def card_shown(gui: GuiTill) -> bool:
    """The model has the card and the card panel's balance labels show its balances."""
    card, values, money = gui.model.card, gui.view.card_panel.values, gui.language.money
    return (
        card is not None
        and values["cash"].text() == money.amount(card.cash_balance)
        and values["bonus"].text() == money.amount(card.bonus_balance)
    )


# --- the event loop's heartbeat -------------------------------------------------------------------
class QtLoopWatch(QObject):
    """How long the Qt event loop was blocked: the latest a 5 ms ``QTimer`` fired, in ms.

    A precise repeating timer notes, at each beat, how much longer than its interval the gap
    since the previous beat was; anything that holds the loop — a slot, a coroutine step, an
    import, a layout pass, a garbage collection — shows as that lateness.
    """

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval = interval_ms / 1000
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._beat)
        self._last = time.perf_counter()
        self._worst = 0.0
        self.beats = 0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        self._worst = max(self._worst, now - self._last - self.interval)
        self._last = now
        self.beats += 1

    def take(self) -> float:
        """The longest block since the last ``take`` (ms), and start again."""
        self._beat()  # a block still going on counts too
        worst, self._worst = self._worst, 0.0
        return max(worst, 0.0) * 1000
