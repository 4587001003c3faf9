"""The till screen on an open till: view-model, view, scanner and dialogs, bound into the window.

:func:`create_till_screen` is how ``cashier run`` (through :class:`~cashier.app.till_host.TillHost`),
the UI tests, the screenshots and the benchmarks build the screen, so that they all test and
measure the same thing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from cashier.app.catalog_file import catalog_path, read_catalog
from cashier.app.composition import Till
from cashier.app.screen_dialogs import ScreenDialogs
from cashier.domain.money import Money
from cashier.domain.settings import Settings
from cashier.ui.catalog import Catalog, CatalogError
from cashier.ui.kit.countdown import Clock, utc_now
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.scanner import KeyboardWedgeScanner, ScannerTiming
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.main_window import MainWindow
from cashier.ui.till.till_model import TillModel
from cashier.ui.till.till_state import TillServices
from cashier.ui.till.till_view import TillView

if TYPE_CHECKING:
    from cashier.ui.end_of_day.end_of_day_dialog import EndOfDayDialog
    from cashier.ui.journal.journal_dialog import JournalDialog
    from cashier.ui.kit.serial_scanner import SerialScanner
    from cashier.ui.settings.settings_dialog import SettingsDialog
    from cashier.ui.settings_ports import EnvironmentChoice

log = logging.getLogger(__name__)


def load_catalog(settings: Settings) -> tuple[Catalog, str | None]:
    """The catalogue of the settings (or the demo's), and what was wrong with it, if anything."""
    try:
        return read_catalog(settings), None
    except (OSError, CatalogError) as error:
        log.error("catalogue %s cannot be used: %s", catalog_path(settings), error)
        return Catalog(""), str(error)


def catalog_warning(problem: str) -> str:
    return QCoreApplication.translate("Startup", "The catalogue cannot be used: {problem}").format(
        problem=problem
    )


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
    clock: Clock = utc_now,
) -> TillScreen:
    """The till screen on an open till, bound into ``window`` (in place of an earlier one).

    Without ``scanner`` a keyboard-wedge scanner is made and installed on the application; a
    restarted till passes the window's scanner on, so that exactly one filter is installed
    (and its serial scanner, if it has one). The journal, end-of-day and settings dialogs
    belong to the screen (:class:`~cashier.app.screen_dialogs.ScreenDialogs`: made when first
    opened from the action bar); the settings' environment and restart requests go to
    ``on_environment`` and ``on_restart``. ``clock`` is the screen's (a countdown to the end of a
    card terminal's grace).
    """
    services = TillServices(
        sales=till.sales,
        payments=till.payments,
        reconciler=till.reconciler,
        printer=till.printer,
        till_id=till.settings.till_id,
        environment=till.settings.environment,
        max_amount=Money(till.settings.max_amount_cents),
        shop_name=lambda: till.settings.shop.name,  # a save in the settings replaces till.settings
        connection=till.connection,
        booker=till.booker,
        offline_max_sale=Money(till.settings.offline.max_sale_cents),
        offline_max_hours=till.settings.offline.max_hours,
        fiscal=till.fiscal,
    )
    runner = TaskRunner(loop, bridge, parent=window)
    model = TillModel(services, runner, bridge, lambda: language.money, parent=window, clock=clock)
    if scanner is None:
        timing = ScannerTiming(max_mean_gap_ms=till.settings.scanner.gap_ms)
        scanner = KeyboardWedgeScanner(timing, parent=window)
        app = QApplication.instance()
        if app is not None:
            scanner.install(app)
            window.destroyed.connect(lambda *_: scanner.uninstall(app))
    view = TillView(model, language, catalog, scanner, parent=window.stack)  # in place: less to re-style
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
