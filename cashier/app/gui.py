"""Starting the till's window: Qt, fonts, language, the qasync loop, the till, the screen.

``cashier run`` (and ``cashier`` without a command) calls :func:`run_gui`. One event loop
serves Qt and asyncio (qasync; no second loop thread): the window shows "starting" at once —
this module imports only what that takes —, then the till screen on an early model
(:mod:`cashier.app.early_till`: the basket works, a card scanned is kept for later); only then
the API client, the services and the simulator (most of a cold start) are imported, on a
worker thread so that the early screen keeps answering, then
:class:`~cashier.app.till_host.TillHost` runs :func:`~cashier.app.composition.open_till` as a
coroutine on that loop (registering the device if needed — the window shows the user code
meanwhile — and reconciling unknown payments); the till screen is built by
:func:`~cashier.app.till_screen.create_till_screen` (also used by the UI tests) and runs until
the window closes, or is built anew when the till restarts; the first one takes over what the
cashier did on the early screen. Closing ends the coroutine, which closes the services before
the loop stops.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtCore import QEventLoop as QtEventLoop
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication
from qasync import QEventLoop  # type: ignore[import-untyped]  # after PySide6 (docs/style.md)

from cashier.app.exit_codes import EXIT_FAILED, EXIT_OK
from cashier.app.paths import AppPaths
from cashier.app.resources import point_offscreen_qt_at_fonts, resource_path, resources_dir
from cashier.app.ui_probe import install_probe
from cashier.domain.settings import Settings
from cashier.ui.kit.i18n import UiLanguage, choose_language
from cashier.ui.kit.main_thread_gc import MainThreadCollector
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.style import APP_FONT_FAMILY, APP_FONT_POINTS, APP_STYLE
from cashier.ui.main_window import MainWindow

if TYPE_CHECKING:
    from cashier.app.early_till import EarlyTill

log = logging.getLogger(__name__)


# --- Qt set-up ------------------------------------------------------------------------------------
def qt_application() -> QApplication:
    """The process's QApplication, with the shipped fonts registered and the till's style."""
    existing = QApplication.instance()
    if existing is None:
        point_offscreen_qt_at_fonts(os.environ, os.environ.get("QT_QPA_PLATFORM", ""))
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName("Cashier")
    app.setQuitOnLastWindowClosed(False)  # the start-up coroutine ends the loop, not Qt
    if not app.property("cashierReady"):  # once per process
        register_fonts()
        app.setWindowIcon(_icon())
        app.setProperty("cashierReady", True)
    app.setFont(QFont(APP_FONT_FAMILY, APP_FONT_POINTS))
    app.setStyleSheet(APP_STYLE)
    return app


def _icon() -> QIcon:
    icon = QIcon()
    for picture in sorted((resources_dir() / "icons").glob("cashier-*.png")):
        icon.addFile(str(picture))
    return icon


def register_fonts() -> list[str]:
    """DejaVu Sans (and Mono) from ``resources/fonts``: umlauts and € on a PC without fonts."""
    families: list[str] = []
    for font in sorted((resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(font))
        if font_id < 0:
            log.error("font %s could not be loaded", font.name)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def ui_language(app: QApplication, settings: Settings) -> UiLanguage:
    return UiLanguage(app, resource_path("i18n"), choose_language(settings.language, QLocale.system()))


# --- running the till -----------------------------------------------------------------------------
def missing_screen(environ: Mapping[str, str], platform: str) -> str | None:
    """Why the window cannot open here, or ``None``: on Linux without X11/Wayland (and no Qt
    platform chosen) Qt would abort the process with a core dump instead of saying so."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no screen to show the till on (neither DISPLAY nor WAYLAND_DISPLAY is set). Start it in the "
        "desktop session; without a screen use `cashier self-check` or `cashier sale`."
    )


def run_gui(
    settings: Settings,
    paths: AppPaths,
    *,
    quit_after_start: bool = False,
    first_run: bool = False,
    start_problem: Exception | None = None,
) -> int:
    """Show the till until its window is closed; the process's exit code.

    ``first_run`` (the set-up is still pending: ``Settings.setup_pending``) offers the wizard
    over the till; never together with ``quit_after_start``. ``start_problem`` is why the
    settings could not be read (``settings`` are then the defaults): the window says it, and
    "Start again" reads the file anew.
    """
    # Only a QApplication still to be made can abort for want of a screen (``cashier self-check``
    # has made its own, offscreen, before it opens the window).
    problem = missing_screen(os.environ, sys.platform) if QApplication.instance() is None else None
    if problem:
        print(f"cashier: {problem}", file=sys.stderr)  # noqa: T201 — before Qt, which would abort
        return EXIT_FAILED
    app = qt_application()
    install_probe(app)  # only with CASHIER_UI_PROBE set (the GUI acceptance tests)
    language = ui_language(app, settings)
    bridge = MessageBridge(lambda: language.money)
    loop = QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(_log_loop_error)
    collector = MainThreadCollector(app)  # cycles (and Qt objects in them) die on this thread only
    collector.start()
    with loop, _bugs_reported_to(bridge):
        window = MainWindow(settings.environment, settings.till_id, bridge)
        window.show_on_screen(kiosk=settings.kiosk)
        # Paint "Starting the till…" before the heavy imports: the cashier sees the window at once.
        QCoreApplication.processEvents(QtEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        early = None
        if start_problem is None:  # the till screen at once; what a card needs loads behind it
            from cashier.app.early_till import EarlyTill  # noqa: PLC0415 — after the first paint

            early = EarlyTill(window, loop=loop, bridge=bridge, language=language, settings=settings)
            QCoreApplication.processEvents(QtEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        closed = _Closed(window)
        try:
            return int(
                loop.run_until_complete(
                    _serve(
                        loop,
                        closed,
                        early,
                        settings=settings,
                        paths=paths,
                        language=language,
                        bridge=bridge,
                        window=window,
                        quit_after_start=quit_after_start,
                        first_run=first_run and not quit_after_start,
                        start_problem=start_problem,
                    )
                )
            )
        finally:
            collector.stop()


class _Closed:
    """Whether the window was closed before the till's host (which watches it from then on) was made."""

    def __init__(self, window: MainWindow) -> None:
        self.closed = False
        window.closed.connect(self._close)

    def _close(self) -> None:
        self.closed = True


async def _serve(
    loop: asyncio.AbstractEventLoop, closed: _Closed, early: EarlyTill | None, **options: Any
) -> int:
    """Import what opening the till needs — off the GUI thread, so that the early till screen
    stays usable meanwhile —, then open and serve the till."""
    from cashier.app.early_till import preload  # noqa: PLC0415 — light; imported above when early

    await loop.run_in_executor(None, preload)
    from cashier.app.till_host import TillHost  # noqa: PLC0415 — after the first paint (above)

    if closed.closed:  # closed while it loaded: nothing was opened yet
        return EXIT_OK
    host = TillHost(loop, early=early, **options)
    return await host.serve()


# --- bugs never reach the cashier as a traceback --------------------------------------------------
@contextmanager
def _bugs_reported_to(bridge: MessageBridge) -> Iterator[None]:
    """An exception that escapes a Qt slot: the log gets the traceback, the cashier a generic
    message with a support reference (through the bridge, like every other message)."""

    def hook(kind: type[BaseException], error: BaseException, traceback: TracebackType | None) -> None:
        bridge.report(error.with_traceback(traceback))

    previous, sys.excepthook = sys.excepthook, hook
    try:
        yield
    finally:
        sys.excepthook = previous


def _log_loop_error(loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    error = context.get("exception")
    log.error(
        "event loop: %s",
        context.get("message"),
        exc_info=error if isinstance(error, BaseException) else None,
    )
