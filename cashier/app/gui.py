"""Starting the till's window: Qt, fonts, language, the qasync loop, the till, the screen.

``cashier run`` (and ``cashier`` without a command) calls :func:`run_gui`. One event loop
serves Qt and asyncio (qasync; no second loop thread): the window shows "starting" at once,
:func:`~cashier.app.composition.open_till` runs as a coroutine on that loop (registering the
device if needed — the window shows the user code meanwhile — and reconciling unknown
payments), then the till screen is built by :func:`create_till_screen` (also used by the
UI tests) and runs until the window closes. Closing ends the coroutine, which closes the
services before the loop stops.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLocale, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication
from qasync import QEventLoop  # type: ignore[import-untyped]  # after PySide6 (STYLE.md)

from cashier.api.auth import DeviceRegistration
from cashier.api.errors import ApiError
from cashier.app.composition import Till, open_till
from cashier.app.paths import AppPaths
from cashier.app.resources import resource_path, resources_dir
from cashier.app.settings import Settings
from cashier.domain.money import Money
from cashier.ui.catalog import Catalog, CatalogError, parse_catalog
from cashier.ui.i18n import UiLanguage, choose_language
from cashier.ui.main_window import MainWindow
from cashier.ui.message_bridge import MessageBridge
from cashier.ui.messages import new_support_reference, unexpected
from cashier.ui.scanner import KeyboardWedgeScanner
from cashier.ui.style import APP_FONT_FAMILY, APP_FONT_POINTS, APP_STYLE
from cashier.ui.task_runner import TaskRunner
from cashier.ui.till_model import TillModel
from cashier.ui.till_state import TillServices
from cashier.ui.till_view import TillView

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED = 0, 1


# --- Qt set-up ------------------------------------------------------------------------------------
def qt_application() -> QApplication:
    """The process's QApplication, with the shipped fonts registered and the till's style."""
    existing = QApplication.instance()
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


def load_catalog(settings: Settings) -> tuple[Catalog, str | None]:
    """The catalogue of the settings (or the demo's), and what was wrong with it, if anything."""
    path = settings.catalog or str(resource_path("catalog", "demo.json"))
    try:
        with open(path, encoding="utf-8") as file:
            return parse_catalog(file.read(), source=path), None
    except (OSError, CatalogError) as error:
        log.error("catalogue %s cannot be used: %s", path, error)
        return Catalog(""), str(error)


# --- the till screen ----------------------------------------------------------------------------
@dataclass
class TillScreen:
    runner: TaskRunner
    model: TillModel
    view: TillView
    scanner: KeyboardWedgeScanner


def create_till_screen(
    till: Till,
    *,
    loop: asyncio.AbstractEventLoop,
    bridge: MessageBridge,
    language: UiLanguage,
    catalog: Catalog,
    window: MainWindow,
) -> TillScreen:
    """The till screen on an open till, bound into ``window`` (the scanner filter installed)."""
    services = TillServices(
        sales=till.sales,
        payments=till.payments,
        reconciler=till.reconciler,
        printer=till.printer,
        till_id=till.settings.till_id,
        environment=till.settings.environment,
        max_amount=Money(till.settings.max_amount_cents),
    )
    runner = TaskRunner(loop, bridge, parent=window)
    model = TillModel(services, runner, bridge, lambda: language.money, parent=window)
    scanner = KeyboardWedgeScanner(parent=window)
    app = QApplication.instance()
    if app is not None:
        scanner.install(app)
        window.destroyed.connect(lambda *_: scanner.uninstall(app))
    view = TillView(model, language, catalog, scanner)
    window.attach(model, view)
    return TillScreen(runner, model, view, scanner)


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


def run_gui(settings: Settings, paths: AppPaths, *, quit_after_start: bool = False) -> int:
    """Show the till until its window is closed; the process's exit code."""
    problem = missing_screen(os.environ, sys.platform)
    if problem:
        print(f"cashier: {problem}", file=sys.stderr)  # noqa: T201 — before Qt, which would abort
        return 1
    app = qt_application()
    language = ui_language(app, settings)
    bridge = MessageBridge(lambda: language.money)
    loop = QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(_log_loop_error)
    with loop, _bugs_reported_to(bridge):
        return int(
            loop.run_until_complete(
                _run(
                    loop,
                    settings=settings,
                    paths=paths,
                    language=language,
                    bridge=bridge,
                    quit_after_start=quit_after_start,
                )
            )
        )


async def _run(
    loop: asyncio.AbstractEventLoop,
    *,
    settings: Settings,
    paths: AppPaths,
    language: UiLanguage,
    bridge: MessageBridge,
    quit_after_start: bool,
) -> int:
    window = MainWindow(settings.environment, settings.till_id, bridge)
    window.resize(1024, 768)
    window.show()
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    serve = asyncio.ensure_future(
        _serve(
            loop,
            settings=settings,
            paths=paths,
            language=language,
            bridge=bridge,
            window=window,
            closed=closed,
            quit_after_start=quit_after_start,
        )
    )
    waiting = asyncio.ensure_future(closed.wait())
    await asyncio.wait({serve, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if not serve.done():  # closed while still starting (e.g. waiting for the registration)
        serve.cancel()
        with suppress(asyncio.CancelledError):
            await serve
        return EXIT_OK
    waiting.cancel()
    return serve.result()


async def _serve(
    loop: asyncio.AbstractEventLoop,
    *,
    settings: Settings,
    paths: AppPaths,
    language: UiLanguage,
    bridge: MessageBridge,
    window: MainWindow,
    closed: asyncio.Event,
    quit_after_start: bool,
) -> int:
    catalog, catalog_problem = load_catalog(settings)

    def registration(request: DeviceRegistration) -> None:
        window.show_registration(request.user_code, request.verification_url, request.expires_at)

    try:
        async with open_till(settings, paths, on_registration=registration) as till:
            screen = create_till_screen(
                till, loop=loop, bridge=bridge, language=language, catalog=catalog, window=window
            )
            screen.model.report_reconciled(till.reconciled)
            # Everything built so far lives as long as the till: move it out of the collector's
            # reach, so a full collection later does not hold the loop for ~45 ms (benchmarks).
            gc.collect()
            gc.freeze()
            if catalog_problem:
                bridge.warning(
                    QCoreApplication.translate("Startup", "The catalogue cannot be used: {problem}").format(
                        problem=catalog_problem
                    )
                )
            log.info("till ready (%s, %s)", settings.environment, settings.till_id)
            if quit_after_start:
                print(f"cashier: till ready ({settings.environment}, {settings.till_id})")  # noqa: T201
                QTimer.singleShot(0, window.close)
            await closed.wait()
            await screen.runner.drain()
    except Exception as error:  # the window says why; the log has the traceback
        if isinstance(error, ApiError | ValueError | OSError):
            log.exception("the till could not start")
            reason = getattr(error, "message", None) or str(error)
        else:
            reference = new_support_reference()
            log.exception("the till could not start (support reference %s)", reference)
            reason = unexpected(reference).text
        window.show_start_failed(reason)
        if quit_after_start:
            window.close()
            return EXIT_FAILED
        await closed.wait()
        return EXIT_FAILED
    return EXIT_OK


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
