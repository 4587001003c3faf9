"""The till's life in one window: opened, served, restarted, closed (``cashier run``).

:class:`TillHost` runs :func:`~cashier.app.composition.open_till` as a coroutine on the qasync
loop, builds the till screen with :func:`~cashier.app.gui.create_till_screen` and serves until
the window closes — or until a restart is asked for: after the environment or the till id
changed (the registration wizard, the settings), after the first-run wizard, or from the
start-up page's "Start again". A restart closes the till as closing the window does (its
TaskRunner drained, its services closed), reads ``settings.toml`` again and opens the till
anew in the same window. The journal stays where it is, so the old till's sales stay in it.

Until the set-up is done (``first_run``: ``setup_pending`` in the settings) the wizard is offered
over the till once it is open — never with ``quit_after_start`` (``cashier run
--quit-after-start``, ``cashier self-check``) and never in the UI tests' ``screen`` fixture.
"""

from __future__ import annotations

import asyncio
import gc
import html
import logging
import sys
from collections.abc import Callable
from contextlib import AsyncExitStack, suppress
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from cashier.api.auth import DeviceRegistration
from cashier.app.composition import Till, open_till
from cashier.app.exit_codes import EXIT_FAILED, EXIT_OK
from cashier.app.file_problems import FileTrouble, file_trouble
from cashier.app.paths import AppPaths
from cashier.app.registration import AppRegistrar, start_problem
from cashier.app.settings import load_or_create_settings
from cashier.app.settings_editor import SettingsEditor
from cashier.app.till_screen import TillScreen, catalog_warning, create_till_screen, load_catalog
from cashier.domain.settings import Settings
from cashier.ui.kit.countdown import Clock, utc_now
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import new_support_reference, start_failed, unexpected
from cashier.ui.kit.scanner import KeyboardWedgeScanner, ScannerTiming
from cashier.ui.kit.serial_scanner import SerialScanner
from cashier.ui.kit.startup_problems import StartupProblemDialog, file_problem_text
from cashier.ui.main_window import MainWindow
from cashier.ui.registration.registration_dialog import RegistrationDialog
from cashier.ui.registration_ports import DeviceRegistrar
from cashier.ui.settings.first_run import FirstRunWizard
from cashier.ui.settings_ports import EnvironmentChoice

if TYPE_CHECKING:
    from cashier.app.early_till import EarlyTill

log = logging.getLogger(__name__)


class TillHost(QObject):
    """The till's life in one window: open it, serve until the window closes, and restart it.

    A restart (:meth:`restart`, or the window's "Start again") closes the till cleanly — its
    TaskRunner drained, its services closed —, reads ``settings.toml`` again, opens the till on
    it and builds a new till screen in the same window; the journal stays where it is. A
    restart is never carried out while a payment runs (:meth:`MainWindow.request_restart`
    asks to wait). :meth:`change_environment` carries out an ``EnvironmentChoice``: the
    registration wizard registers the device there, saves it and restarts the till.

    ``early`` is the till screen ``cashier run`` showed before the till was open
    (:class:`~cashier.app.early_till.EarlyTill`): its scanner filter becomes the host's, and
    the first till screen built gets what the cashier did on it (a restart before that drops it).

    ``screen_ready`` is emitted with each new :class:`TillScreen` (after every restart too):
    wire the screen's buttons that the host does not know about there.

    A start that fails at a file — a damaged or read-only journal, a broken ``settings.toml``
    (``start_problem``: it failed before the window), the till open in another Cashier —
    says so on the start-up page and in a dialog (:attr:`problem_dialog`), in the cashier's
    language; "Start again" tries anew.
    """

    screen_ready = Signal(object)  # TillScreen

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        *,
        settings: Settings,
        paths: AppPaths,
        language: UiLanguage,
        bridge: MessageBridge,
        window: MainWindow,
        quit_after_start: bool = False,
        first_run: bool = False,
        registrar_for: Callable[[Till], DeviceRegistrar] | None = None,
        clock: Clock = utc_now,
        now: Callable[[], datetime] | None = None,
        start_problem: Exception | None = None,
        early: EarlyTill | None = None,
    ) -> None:
        super().__init__(window)
        self.loop, self.paths, self.language, self.bridge = loop, paths, language, bridge
        self.window = window
        self.settings = settings
        self.quit_after_start = quit_after_start
        self.first_run = first_run
        self._registrar_for = registrar_for or (lambda till: AppRegistrar(till.paths, till.settings))
        self._clock = clock
        self._now = now  # the services' clock (None: the machine's); tests move both
        self._start_problem = start_problem  # settings.toml or the folders failed before the window
        self.problem_dialog: StartupProblemDialog | None = None
        self.till: Till | None = None
        self.screen: TillScreen | None = None
        self.registration: RegistrationDialog | None = None
        self.first_run_wizard: FirstRunWizard | None = None
        self.restarts = 0
        self._early = early  # the till screen shown before the till was open: handed over once
        self._scanner: KeyboardWedgeScanner | None = early.scanner if early is not None else None
        self._serial: SerialScanner | None = None
        self._starting = False
        self._closed = self._restart = False
        self._wake = asyncio.Event()
        window.closed.connect(self._on_closed)
        window.restart_requested.connect(self._on_restart)

    # --- what the screens ask for -----------------------------------------------------------------
    def restart(self) -> None:
        """Restart the till (after the running payment, if the cashier agrees to wait)."""
        self.window.request_restart()

    def change_environment(self, choice: EnvironmentChoice) -> None:
        """Register the till in ``choice``'s environment; on success it restarts there."""
        if self.screen is None or self.till is None:
            log.warning("environment change to %s ignored: the till is not open", choice.environment)
            return
        if self.registration is None:
            self.registration = RegistrationDialog(
                self._registrar_for(self.till), self.screen.runner, clock=self._clock, parent=self.window
            )
            self.registration.registered.connect(lambda _choice: self.restart())
        self.registration.start(choice)

    def _on_closed(self) -> None:
        self._closed = True
        self._wake.set()

    def _on_restart(self) -> None:
        self._restart = True
        self._wake.set()

    # --- serving ------------------------------------------------------------------------------------
    async def serve(self) -> int:
        """Run the till until the window closes; the exit code."""
        load: Callable[[], Settings] = self._given  # the first start: as given
        try:
            while True:
                code = await self._serve_once(load)
                if self._closed or not self._restart:
                    return code
                self._restart = False
                self._wake.clear()
                self.restarts += 1
                if self._early is not None:  # it never opened: the early screen goes
                    self._early.discard()
                    self._early = None
                self.window.show_restarting()
                load = self._reload
        finally:
            app = QApplication.instance()
            if self._scanner is not None and app is not None:
                self._scanner.uninstall(app)
            if self._serial is not None:
                self._serial.stop()

    def _given(self) -> Settings:
        problem, self._start_problem = self._start_problem, None
        if problem is not None:  # said in the window; "Start again" reads the file anew
            raise problem
        return self.settings

    def _reload(self) -> Settings:
        """A restart: ``settings.toml`` as the settings screens and the wizards left it."""
        self.settings = load_or_create_settings(self.paths)
        return self.settings

    async def _serve_once(self, load: Callable[[], Settings]) -> int:
        """One life of the till: opened from ``load()``'s settings, ended by closing or a restart."""
        serving = asyncio.ensure_future(self._open_and_serve(load))
        woken = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({serving, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            woken.cancel()
        if not serving.done() and self._starting:  # still starting (e.g. waiting for the registration)
            serving.cancel()
            with suppress(asyncio.CancelledError):
                await serving
            return EXIT_OK
        return await serving

    async def _open_and_serve(self, load: Callable[[], Settings]) -> int:
        self._starting = True
        self._close_problem_dialog()  # "Start again": the last start's problem is history
        try:
            async with AsyncExitStack() as stack:
                try:
                    settings = load()
                    self.window.set_identity(settings.environment, settings.till_id)
                    till = await stack.enter_async_context(
                        open_till(
                            settings, self.paths, on_registration=self._show_registration, now=self._now
                        )
                    )
                except Exception as error:  # the window says why; the log has the traceback
                    self._starting = False
                    return await self._start_failed(error)
                self._starting = False
                await self._serve_till(till)
            return EXIT_OK
        finally:
            self._starting = False
            self.till = None

    def _show_registration(self, request: DeviceRegistration) -> None:
        self.window.show_registration(request.user_code, request.verification_url, request.expires_at)

    async def _serve_till(self, till: Till) -> None:
        catalog, catalog_problem = load_catalog(till.settings)
        if self._scanner is None:
            timing = ScannerTiming(max_mean_gap_ms=till.settings.scanner.gap_ms)
            self._scanner = KeyboardWedgeScanner(timing, parent=self.window)
            app = QApplication.instance()
            if app is not None:
                self._scanner.install(app)
        if self._serial is None:  # one reader per port and process, kept across restarts
            self._serial = SerialScanner(parent=self.window)
            self._serial.scanned.connect(self._scanner.scanned)  # the same way into the card panel
            self._serial.message.connect(self.bridge.show)
        self._serial.configure(till.settings.scanner.serial_port, till.settings.scanner.serial_baud)
        self.till = till
        screen = self.screen = create_till_screen(
            till,
            loop=self.loop,
            bridge=self.bridge,
            language=self.language,
            catalog=catalog,
            window=self.window,
            scanner=self._scanner,
            serial=self._serial,
            on_environment=self.change_environment,
            on_restart=self.restart,
            clock=self._clock,
        )
        if self._early is not None:  # before the reconciliation's news: the basket at the counter first
            self._early.hand_over(screen)
            self._early = None
        screen.model.watch.report_reconciled(till.reconciled)
        screen.model.catch_up.start()  # offline sales of an earlier session: booked, or waited for
        # Everything built so far lives as long as the till: move it out of the collector's
        # reach, so a full collection later does not hold the loop for ~45 ms (benchmarks).
        gc.collect()
        gc.freeze()
        if catalog_problem:
            self.bridge.warning(catalog_warning(catalog_problem))
        log.info("till ready (%s, %s)", till.settings.environment, till.settings.till_id)
        self.screen_ready.emit(screen)
        if self.quit_after_start:
            print(f"cashier: till ready ({till.settings.environment}, {till.settings.till_id})")  # noqa: T201
            QTimer.singleShot(0, self.window.close)
        elif self.first_run:
            self.first_run = False  # offered once, not again after a restart
            self._offer_first_run(till, screen)
        await self._wake.wait()
        await self._close_screen(screen)

    def _offer_first_run(self, till: Till, screen: TillScreen) -> None:
        """The first start: the set-up wizard over the till that already works."""
        wizard = FirstRunWizard(
            SettingsEditor.for_till(till), screen.runner, self.language, parent=self.window
        )
        wizard.environment_requested.connect(self.change_environment)
        wizard.restart_requested.connect(self.restart)  # another TSE: the till starts with it
        self.first_run_wizard = wizard
        wizard.start()

    async def _close_screen(self, screen: TillScreen) -> None:
        """Before the services close: nothing may run any more, and the screen goes."""
        if self.registration is not None:
            self.registration.reject()
            self.registration.deleteLater()
            self.registration = None
        if self.first_run_wizard is not None:
            self.first_run_wizard.hide()  # not reject(): that would save, from a till that closes
            self.first_run_wizard.deleteLater()
            self.first_run_wizard = None
        await screen.runner.drain()
        self.screen = None
        if self._restart and not self._closed:
            self.window.detach()
            screen.model.deleteLater()
            screen.runner.deleteLater()
            gc.unfreeze()  # the old till's objects may be collected again

    async def _start_failed(self, error: Exception) -> int:
        trouble = file_trouble(error)
        problem = start_problem(error)
        if trouble is not None:
            log.warning("the till could not start: %s", trouble.message)
            reason = self._say_file_problem(trouble)
        elif problem is not None:  # the credentials, the registration, secuconnect: in the table's words
            log.warning("the till could not start: %s", getattr(error, "message", None) or error)
            support_id = getattr(error, "support_id", None)
            reason = html.escape(start_failed(problem, self.settings.vendor_name, support_id).text)
        else:
            reference = new_support_reference()
            log.exception("the till could not start (support reference %s)", reference)
            reason = html.escape(unexpected(reference).text)
        self.window.show_start_failed(reason)
        if self.quit_after_start:
            self.window.close()
            return EXIT_FAILED
        await self._wake.wait()
        return EXIT_FAILED

    def _say_file_problem(self, trouble: FileTrouble) -> str:
        """The cashier's words for an unusable file (the page's reason), also in a dialog (not
        for a smoke test, ``quit_after_start``); stderr gets the English line. Under the words:
        the file, or for ``settings.toml`` the mistake (its line and key)."""
        text = file_problem_text(trouble.role, trouble.problem, trouble.pid)
        where = trouble.path or trouble.message
        print(f"cashier: {trouble.message}", file=sys.stderr)  # noqa: T201 — for a terminal or a script
        if not self.quit_after_start:
            self._close_problem_dialog()
            self.problem_dialog = StartupProblemDialog(text, where, trouble.message, parent=self.window)
            self.problem_dialog.open()
        return f"{html.escape(text)}<br>{html.escape(where)}"

    def _close_problem_dialog(self) -> None:
        if self.problem_dialog is not None:
            self.problem_dialog.close()
            self.problem_dialog.deleteLater()
            self.problem_dialog = None
