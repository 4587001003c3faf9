"""Starting the till's window: Qt, fonts, language, the qasync loop, the till, the screen.

``cashier run`` (and ``cashier`` without a command) calls :func:`run_gui`. One event loop
serves Qt and asyncio (qasync; no second loop thread): the window shows "starting" at once,
and :class:`~cashier.app.till_host.TillHost` runs :func:`~cashier.app.composition.open_till`
as a coroutine on that loop (registering the device if needed — the window shows the user
code meanwhile — and reconciling unknown payments); the till screen is built by
:func:`create_till_screen` (also used by the UI tests) and runs until the window closes, or
is built anew when the till restarts. Closing ends the coroutine, which closes the services
before the loop stops.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication
from qasync import QEventLoop  # type: ignore[import-untyped]  # after PySide6 (STYLE.md)

from cashier.app.composition import Till
from cashier.app.paths import AppPaths
from cashier.app.resources import resource_path, resources_dir
from cashier.app.screen_dialogs import ScreenDialogs
from cashier.app.settings import Settings
from cashier.domain.money import Money
from cashier.ui.catalog import Catalog, CatalogError, parse_catalog
from cashier.ui.end_of_day_dialog import EndOfDayDialog
from cashier.ui.i18n import UiLanguage, choose_language
from cashier.ui.journal_dialog import JournalDialog
from cashier.ui.main_window import MainWindow
from cashier.ui.message_bridge import MessageBridge
from cashier.ui.scanner import KeyboardWedgeScanner, ScannerTiming
from cashier.ui.serial_scanner import SerialScanner
from cashier.ui.settings_dialog import SettingsDialog
from cashier.ui.style import APP_FONT_FAMILY, APP_FONT_POINTS, APP_STYLE
from cashier.ui.task_runner import TaskRunner
from cashier.ui.till_model import TillModel
from cashier.ui.till_state import TillServices
from cashier.ui.till_view import TillView

if TYPE_CHECKING:
    from cashier.ui.end_of_day_dialog import EndOfDayDialog
    from cashier.ui.journal_dialog import JournalDialog
    from cashier.ui.serial_scanner import SerialScanner
    from cashier.ui.settings_dialog import SettingsDialog
    from cashier.ui.settings_ports import EnvironmentChoice

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


def catalog_warning(problem: str) -> str:
    return QCoreApplication.translate("Startup", "The catalogue cannot be used: {problem}").format(
        problem=problem
    )


# --- the till screen ----------------------------------------------------------------------------
@dataclass
class TillScreen:
    runner: TaskRunner
    model: TillModel
    view: TillView
    scanner: KeyboardWedgeScanner
    dialogs: ScreenDialogs
    serial: SerialScanner | None = None

    # The back-office dialogs, made when first opened (the action bar opens them).
    @property
    def journal(self) -> JournalDialog:
        return self.dialogs.journal

    @property
    def end_of_day(self) -> EndOfDayDialog:
        return self.dialogs.end_of_day

    @property
    def settings(self) -> SettingsDialog:
        return self.dialogs.settings


def create_till_screen(
    till: Till,
    *,
    loop: asyncio.AbstractEventLoop,
    bridge: MessageBridge,
    language: UiLanguage,
    catalog: Catalog,
    window: MainWindow,
    scanner: KeyboardWedgeScanner | None = None,
    serial: SerialScanner | None = None,
    on_environment: Callable[[EnvironmentChoice], None] | None = None,
    on_restart: Callable[[], None] | None = None,
) -> TillScreen:
    """The till screen on an open till, bound into ``window`` (in place of an earlier one).

    Without ``scanner`` a keyboard-wedge scanner is made and installed on the application; a
    restarted till passes the window's scanner on, so that exactly one filter is installed
    (and its serial scanner, if it has one). The journal, end-of-day and settings dialogs
    belong to the screen (:class:`~cashier.app.screen_dialogs.ScreenDialogs`: made when first
    opened from the action bar); the settings' environment and restart requests go to
    ``on_environment`` and ``on_restart``.
    """
    services = TillServices(
        sales=till.sales,
        payments=till.payments,
        reconciler=till.reconciler,
        printer=till.printer,
        till_id=till.settings.till_id,
        environment=till.settings.environment,
        max_amount=Money(till.settings.max_amount_cents),
        shop_name=till.settings.shop.name,
    )
    runner = TaskRunner(loop, bridge, parent=window)
    model = TillModel(services, runner, bridge, lambda: language.money, parent=window)
    if scanner is None:
        timing = ScannerTiming(max_mean_gap_ms=till.settings.scanner.gap_ms)
        scanner = KeyboardWedgeScanner(timing, parent=window)
        app = QApplication.instance()
        if app is not None:
            scanner.install(app)
            window.destroyed.connect(lambda *_: scanner.uninstall(app))
    view = TillView(model, language, catalog, scanner)
    window.attach(model, view)
    dialogs = ScreenDialogs(
        till,
        view=view,
        model=model,
        runner=runner,
        bridge=bridge,
        language=language,
        scanner=scanner,
        serial=serial,
        on_environment=on_environment,
        on_restart=on_restart,
    )
    return TillScreen(runner, model, view, scanner, dialogs, serial)


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
    settings: Settings, paths: AppPaths, *, quit_after_start: bool = False, first_run: bool = False
) -> int:
    """Show the till until its window is closed; the process's exit code.

    ``first_run`` (no settings file existed before this start) offers the first-run wizard
    over the till; never together with ``quit_after_start``.
    """
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
        window = MainWindow(settings.environment, settings.till_id, bridge)
        window.resize(1024, 768)
        window.show()
        from cashier.app.till_host import TillHost  # noqa: PLC0415 — till_host builds on this module

        host = TillHost(
            loop,
            settings=settings,
            paths=paths,
            language=language,
            bridge=bridge,
            window=window,
            quit_after_start=quit_after_start,
            first_run=first_run and not quit_after_start,
        )
        return int(loop.run_until_complete(host.serve()))


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
