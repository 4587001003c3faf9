"""The till's settings: environment, shop, printer, scanner, language, catalogue, screen and the
TSE (Germany) — one tab each.

What happens when:

* **Save** (Enter) checks every page, saves the file (atomically, through the app's
  :class:`~cashier.ui.settings_ports.SettingsAccess` on the TaskRunner) and puts everything
  into effect that needs no restart: printer, shop header, scanner gap and serial port, quick
  keys. A new till id or another TSE (``[fiscal]``) asks for a restart (``restart_requested``)
  after saving — the TSE is made when the till starts.
* **Cancel** (Esc) forgets what was edited and not saved — a language chosen too: the till
  goes back to the language it had.
* Some things happen at once, because the cashier wants to see them: choosing a language
  switches the till at once (saved only with Save); **Test print** and **Open drawer** use (and
  save) the printer on the page first; **Set up TSE** saves the TSE page, sets the TSS up and
  shows a new TSS's admin PUK once (the till restarts when the dialog closes).
* **Register the till in this environment…** saves the other pages, closes the dialog and asks
  for the environment (``environment_requested``): the registration wizard takes over. Live
  needs a live TSE (or none, outside Germany): the dialog says so before anything is asked.

While the dialog is open, every scan goes to the scanner page's test field, not into the
sale behind the dialog. Opened with :meth:`SettingsDialog.open_settings` (``open()``, never
``exec()``); nothing here waits on a file or a printer in a slot.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QEvent, QLocale, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from cashier.domain.settings import PrinterSettings
from cashier.ui.catalog import Catalog, CatalogError
from cashier.ui.kit.i18n import UiLanguage, choose_language
from cashier.ui.kit.scanner import KeyboardWedgeScanner, ScanSource
from cashier.ui.kit.serial_scanner import SerialScanner
from cashier.ui.kit.style import TOUCH, touch_sized
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.settings.scanner_page import ScannerPage
from cashier.ui.settings.screen_page import ScreenPage
from cashier.ui.settings.settings_pages import LanguagePage, PrinterPage, ShopPage
from cashier.ui.settings.settings_till_pages import CatalogPage, EnvironmentPage
from cashier.ui.settings.settings_widgets import SettingsPage, show_problem
from cashier.ui.settings.tse_page import TsePage, fiscal_problem_words, start_tse_set_up
from cashier.ui.settings_ports import (
    DeviceOutcome,
    EnvironmentChoice,
    FiscalForm,
    SettingsAccess,
    SettingsForm,
    SettingsRejected,
    TseSetUpOutcome,
)

log = logging.getLogger(__name__)

DIALOG_SIZE = (960, 690)  # inside a 1024×768 window, with room for the window frame
PAGE_KEYS = ("environment", "shop", "printer", "scanner", "language", "catalog", "screen", "fiscal")


class SettingsDialog(QDialog):
    environment_requested = Signal(object)  # EnvironmentChoice — the registration wizard's job
    restart_requested = Signal()  # the till id or the TSE changed (saved): restart the till
    catalog_changed = Signal(object)  # Catalog — the quick keys show it from now on
    printer_changed = Signal(str)  # the printer URI in use now (for the status bar)
    saved = Signal(object)  # SettingsForm, as saved

    def __init__(
        self,
        editor: SettingsAccess,
        runner: TaskRunner,
        language: UiLanguage,
        *,
        scanner: KeyboardWedgeScanner | None = None,
        serial: SerialScanner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.runner = runner
        self.language = language
        self.scanner = scanner
        self.serial = serial
        self._loaded = SettingsForm()
        self._saving = False
        self._environment_choice: EnvironmentChoice | None = None
        self._fiscal_at_open = self._loaded.fiscal.settings  # the TSE the till was started with
        self.setMinimumSize(*DIALOG_SIZE)
        self.setMaximumSize(1000, 720)

        self.environment_page = EnvironmentPage(self)
        self.shop_page = ShopPage(self)
        self.printer_page = PrinterPage(editor.printer_uri_problem, self)
        self.scanner_page = ScannerPage(self)
        self.language_page = LanguagePage(self)
        self.catalog_page = CatalogPage(self)
        self.screen_page = ScreenPage(self)
        self.fiscal_page = TsePage(self)
        self.pages: dict[str, SettingsPage] = dict(
            zip(
                PAGE_KEYS,
                (
                    self.environment_page,
                    self.shop_page,
                    self.printer_page,
                    self.scanner_page,
                    self.language_page,
                    self.catalog_page,
                    self.screen_page,
                    self.fiscal_page,
                ),
                strict=True,
            )
        )
        self.tabs = QTabWidget(self)
        self.tabs.setStyleSheet(f"QTabBar::tab {{ min-height: {TOUCH}px; min-width: 90px; padding: 0 8px; }}")
        for page in self.pages.values():
            self.tabs.addTab(page, "")
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.problem.hide()
        # Own buttons, not standard ones: a standard button takes Qt's text back at every
        # LanguageChange, and ours show their keys.
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)  # Enter, from any line edit of the pages
        self.cancel_button = QPushButton(self)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        touch_sized(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._bind()
        self.retranslate()
        # Closed by its window rather than by done(): the scans must not go on to a dead page.
        self.destroyed.connect(partial(_undivert, self._scan_sources()))

    def _bind(self) -> None:
        self.environment_page.environment_requested.connect(self._request_environment)
        self.printer_page.test_print_requested.connect(lambda form: self._printer_action(form, drawer=False))
        self.printer_page.drawer_requested.connect(lambda form: self._printer_action(form, drawer=True))
        self.scanner_page.ports_requested.connect(self._find_ports)
        self.language_page.language_chosen.connect(self._switch_language)
        self.catalog_page.file_chosen.connect(self._read_catalog)
        self.fiscal_page.set_up_requested.connect(self._set_up_tse)

    # --- language ------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        titles = (
            self.tr("Environment"),
            self.tr("Shop"),
            self.tr("Printer"),
            self.tr("Scanner"),
            self.tr("Language"),
            self.tr("Catalogue"),
            self.tr("Screen"),
            self.tr("TSE (Germany)"),
        )
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
        self.save_button.setText(self.tr("Save ⏎"))
        self.cancel_button.setText(self.tr("Cancel Esc"))

    # --- opening and closing -------------------------------------------------------------------
    def open_settings(self, page: str = "") -> None:
        """Show the settings in effect now (connect the Settings button here)."""
        form = self.editor.current()
        self._loaded = form
        self._environment_choice = None
        self.environment_page.load(form.environment)
        self.shop_page.load(form.shop)
        self.printer_page.load(form.printer)
        self.scanner_page.load(form.scanner)
        self.language_page.load(form.language)
        self.catalog_page.load(form.catalog)
        self.screen_page.load(form.screen)
        self.fiscal_page.load(
            form.fiscal, environment=form.environment.environment, till_id=form.environment.till_id
        )
        self._fiscal_at_open = form.fiscal.settings
        self._show_problem(None)
        self._set_saving(False)
        if page:
            self.show_page(page)
        for source in self._scan_sources():
            source.divert(self.scanner_page.show_scan)
        self._read_catalog(form.catalog.path, initial=True)
        self._find_ports()
        if not self.isVisible():
            self.open()

    def show_page(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.pages[key])

    def done(self, result: int) -> None:
        _undivert(self._scan_sources())
        if result != QDialog.DialogCode.Accepted:
            self._switch_language(self._loaded.language.language)  # not saved: the old one again
        super().done(result)
        if result != QDialog.DialogCode.Accepted and self._tse_changed(self._loaded):
            self.restart_requested.emit()  # "Set up TSE" saved another TSE: the till starts with it

    def reject(self) -> None:
        if self._saving:  # the file is being written: wait for the answer
            return
        super().reject()

    def _scan_sources(self) -> Sequence[ScanSource]:
        return [source for source in (self.scanner, self.serial) if source is not None]

    # --- saving --------------------------------------------------------------------------------
    def form(self) -> SettingsForm:
        """Everything on the pages now."""
        return SettingsForm(
            environment=self.environment_page.form(),
            shop=self.shop_page.form(),
            printer=self.printer_page.form(),
            scanner=self.scanner_page.form(),
            language=self.language_page.form(),
            catalog=self.catalog_page.form(),
            screen=self.screen_page.form(),
            fiscal=self.fiscal_page.form(),
        )

    def save(self) -> None:
        if self._saving:
            return
        for key, page in self.pages.items():
            problem = page.problem()
            if problem:
                self.show_page(key)
                self._show_problem(problem)
                return
        self._show_problem(None)
        self._set_saving(True)
        self.runner.start(
            self.editor.save(self.form()),
            name="save settings",
            on_done=self._saved,
            on_error=self._save_failed,
            on_settled=lambda: self._set_saving(False),
        )

    def _saved(self, form: SettingsForm) -> None:
        before, self._loaded = self._loaded, form
        if self.scanner is not None and form.scanner.gap_ms != self.scanner.timing.max_mean_gap_ms:
            self.scanner.set_gap(form.scanner.gap_ms)
        if self.serial is not None:
            self.serial.configure(form.scanner.serial_port, form.scanner.serial_baud)
        catalog = self.catalog_page.catalog
        if form.catalog != before.catalog and catalog is not None:
            self.catalog_changed.emit(catalog)
        if form.printer.uri != before.printer.uri:
            self.printer_changed.emit(form.printer.uri)
        self.saved.emit(form)
        choice = self._environment_choice
        self.accept()
        if choice is not None:
            self.environment_requested.emit(choice)  # the wizard restarts the till anyway
        elif form.environment.till_id != before.environment.till_id or self._tse_changed(form):
            self.restart_requested.emit()

    def _tse_changed(self, form: SettingsForm) -> bool:
        """Whether ``form`` (saved) has another TSE than the till was started with."""
        return form.fiscal.settings != self._fiscal_at_open

    def _save_failed(self, error: Exception) -> bool:
        self._environment_choice = None
        words = self._refusal_words(error)
        if words is None:
            return False  # a bug: the bridge words it with a support reference
        if isinstance(error, SettingsRejected):
            page = error.field.split(".", 1)[0]
            if page in self.pages:
                self.show_page(page)
            if page == "fiscal":
                self.fiscal_page.show_rejected(error)
        self._show_problem(words)
        return True

    def _refusal_words(self, error: Exception) -> str | None:
        """Why the settings were not saved, in words; ``None`` for a bug."""
        if isinstance(error, OSError):
            return self.tr("The settings could not be saved: {problem}. Nothing was changed.").format(
                problem=error.strerror or error
            )
        if not isinstance(error, SettingsRejected):
            return None
        if error.field == "shop.logo":
            return self.tr(
                "The logo cannot be used — choose a PNG, JPEG, BMP or GIF picture. ({detail})"
            ).format(detail=error.detail)
        if error.field == "printer.uri":
            return self.tr("Not a printer address: {problem}").format(problem=error.detail)
        if error.field.startswith("fiscal."):
            return fiscal_problem_words(error.problem, error.field, error.detail)
        return self.tr("These settings cannot be saved: {problem}").format(problem=error.detail)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)
        self.environment_page.register_button.setEnabled(not saving and self.environment_page.is_changed())

    def _show_problem(self, text: str | None) -> None:
        show_problem(self.problem, text)

    # --- the environment: saved first, then the registration wizard takes over -----------------
    def _request_environment(self, choice: EnvironmentChoice) -> None:
        if choice.environment == "live" and self.fiscal_page.tse() in ("simulator", "testing"):
            # Real receipts with training or test signatures: the settings would be refused after
            # the till was registered live. Say it before anything is asked.
            show_problem(
                self.environment_page.problem_text,
                self.tr(
                    "Live needs the live TSE: set up fiskaly live on the page TSE (Germany) first "
                    "— or choose No TSE there for a till outside Germany."
                ),
            )
            return
        self._environment_choice = choice
        self.save()
        if not self._saving:  # a page had a problem: nothing was asked for
            self._environment_choice = None

    # --- the TSE: saved, then set up; a new admin PUK shown once ------------------------------------
    def _set_up_tse(self, form: FiscalForm) -> None:
        def done(outcome: TseSetUpOutcome) -> None:
            if outcome.fiscal is not None:
                self._loaded_part(fiscal=FiscalForm(outcome.fiscal))

        start_tse_set_up(
            self.fiscal_page,
            form,
            editor=self.editor,
            runner=self.runner,
            owner=self,
            parent=self,
            done=done,
            refused=self._refusal_words,
        )

    # --- at once: language, test print, drawer -------------------------------------------------
    def _switch_language(self, setting: str) -> None:
        """The till speaks the chosen language at once; Save keeps it, Cancel goes back."""
        self.language.switch(choose_language(setting, QLocale.system()))

    def _printer_action(self, printer: PrinterSettings, *, drawer: bool) -> None:
        page = self.printer_page
        page.set_busy(True)
        before = self.editor.current().printer.uri
        work = self.editor.open_drawer(printer) if drawer else self.editor.test_print(printer)

        def finished(outcome: DeviceOutcome) -> None:
            page.show_device_outcome(outcome, drawer=drawer)
            self._loaded_part(printer=printer)
            if printer.uri != before:
                self.printer_changed.emit(printer.uri)

        def failed(error: Exception) -> bool:
            words = self._refusal_words(error)
            if words is not None:
                page.show_outcome(words)
            return words is not None

        self.runner.start(
            work,
            name="open the drawer" if drawer else "print a test page",
            on_done=finished,
            on_error=failed,
            on_settled=lambda: page.set_busy(False),
        )

    def _loaded_part(self, **parts: object) -> None:
        self._loaded = replace(self._loaded, **parts)  # type: ignore[arg-type]

    # --- reading the machine: catalogue file, serial ports -------------------------------------
    def _read_catalog(self, path: str, *, initial: bool = False) -> None:
        def read(catalog: Catalog) -> None:
            self.catalog_page.show_catalog(path, catalog)

        def failed(error: Exception) -> bool:
            if not isinstance(error, CatalogError | OSError):
                return False
            problem = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            if initial:
                text = self.tr("The catalogue in use cannot be read any more: {problem}")
            else:
                text = self.tr("This catalogue cannot be used: {problem}")
            self.catalog_page.show_problem(text.format(problem=problem))
            return True

        self.runner.start(
            self.editor.read_catalog(path), name="read a catalogue", owner=self, on_done=read, on_error=failed
        )

    def _find_ports(self) -> None:
        self.runner.start(
            self.editor.serial_ports(),
            name="find serial ports",
            owner=self,
            on_done=self.scanner_page.set_ports,
        )


def _undivert(sources: Sequence[ScanSource], *_: object) -> None:
    for source in sources:
        source.divert(None)
