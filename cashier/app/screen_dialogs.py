"""The till screen's back-office dialogs — journal, end of day, settings — made when first opened.

They belong to one till screen (a restart builds new ones with the new till) and, once made,
are kept and reused: their work is owned by their view-models, so destroying one would cancel
a cancellation still running. They are made on first use, not at start-up: together with
their modules they cost ~0.2 s of a cold start that the cashier waits for (benchmarks,
``coldstart.*``), and most days they are opened once, at the end of it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from cashier.app.composition import Till
from cashier.services.back_office_values import DocumentKind
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.scanner import KeyboardWedgeScanner, ScanSource
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.kit.window_fit import side_by_side
from cashier.ui.main_window import MainWindow
from cashier.ui.settings_ports import EnvironmentChoice, SettingsForm
from cashier.ui.till.till_model import TillModel
from cashier.ui.till.till_state import PaymentSummary
from cashier.ui.till.till_view import TillView

if TYPE_CHECKING:
    from cashier.ui.end_of_day.end_of_day_dialog import EndOfDayDialog
    from cashier.ui.journal.journal_dialog import JournalDialog
    from cashier.ui.kit.receipt_preview import ReceiptPreviewDialog
    from cashier.ui.kit.serial_scanner import SerialScanner
    from cashier.ui.settings.settings_dialog import SettingsDialog


class ScreenDialogs:
    def __init__(
        self,
        till: Till,
        *,
        view: TillView,
        model: TillModel,
        runner: TaskRunner,
        bridge: MessageBridge,
        language: UiLanguage,
        scanner: KeyboardWedgeScanner,
        serial: SerialScanner | None,
        on_environment: Callable[[EnvironmentChoice], None] | None = None,
        on_restart: Callable[[], None] | None = None,
    ) -> None:
        self.till, self.view, self.model, self.runner = till, view, model, runner
        self.bridge, self.language = bridge, language
        self.scanner, self.serial = scanner, serial
        self.sources: list[ScanSource] = [source for source in (scanner, serial) if source is not None]
        self.on_environment, self.on_restart = on_environment, on_restart
        view.actions.journal.connect(self.open_journal)
        view.actions.end_of_day.connect(self.open_end_of_day)
        view.actions.settings.connect(self.open_settings)
        model.payments.receipt_printed.connect(self.show_on_screen)
        view.result_dialog.finished.connect(lambda _: self._close_receipt())

    def _money(self) -> MoneyFormat:  # read at each use: the language may switch
        return self.language.money

    # --- the journal ----------------------------------------------------------------------------
    @cached_property
    def journal(self) -> JournalDialog:
        from cashier.ui.journal.journal_dialog import JournalDialog  # noqa: PLC0415 — when first opened

        journal = JournalDialog(
            self.till.back_office, self.runner, self.bridge, self._money, parent=self.view
        )
        journal.finished.connect(lambda _: self._scans_to(None))
        # A payment the till waits for, checked or set aside here: the till asks again now.
        journal.model.checked.connect(
            lambda outcome: self.model.watch.settled_in_journal(
                outcome.row.sale_id, outcome.outcome, outcome.row.number
            )
        )
        return journal

    def open_journal(self) -> None:
        """While the journal is open a scanned card searches the journal, not the sale behind it."""
        journal = self.journal
        self._scans_to(journal.search_for)
        journal.open_journal()

    def _scans_to(self, receiver: Callable[[str], None] | None) -> None:
        for source in self.sources:
            source.divert(receiver)

    # --- the preview printer's "paper" -------------------------------------------------------------
    @cached_property
    def receipt(self) -> ReceiptPreviewDialog:
        """The customer's receipt of the sale just paid, beside its result (preview printer)."""
        from cashier.ui.kit.receipt_preview import ReceiptPreviewDialog  # noqa: PLC0415 — when first used

        return ReceiptPreviewDialog(
            self.till.back_office, self.runner, self.bridge, self._money, parent=self.view, modal=False
        )

    def show_on_screen(self, summary: PaymentSummary) -> None:
        """On the preview printer a paid sale's receipt is shown, as a printer would hand it out;
        it goes with the sale's result ("Next customer")."""
        result = self.view.result_dialog
        if not summary.on_screen or not result.isVisible():
            return  # the cashier has moved on: the receipt is in the journal
        documents = [d for d in self.till.back_office.details(summary.sale_id).documents if not d.copy]
        receipt = next((d for d in documents if d.kind is DocumentKind.RECEIPT), None)
        if receipt is None:
            return
        self.receipt.show_sale_receipt(receipt.job_id, summary.sale_number)
        # The change stays in sight: side by side, once the result has taken its size (it fits
        # itself to its content on the next turn of the loop).
        QTimer.singleShot(0, lambda: side_by_side(result, self.receipt, self.view.window().geometry()))
        result.activateWindow()  # the result keeps the keyboard: Enter is "Next customer"

    def _close_receipt(self) -> None:
        if "receipt" in self.__dict__ and self.receipt.isVisible():
            self.receipt.reject()

    # --- end of day and settings ------------------------------------------------------------------
    @cached_property
    def end_of_day(self) -> EndOfDayDialog:
        from cashier.ui.end_of_day.end_of_day_dialog import EndOfDayDialog  # noqa: PLC0415 — when first opened

        return EndOfDayDialog(self.till.back_office, self.runner, self.bridge, self._money, parent=self.view)

    def open_end_of_day(self) -> None:
        self.end_of_day.open_end_of_day()

    def open_settings(self) -> None:
        self.settings.open_settings()

    @cached_property
    def settings(self) -> SettingsDialog:
        from cashier.app.settings_editor import SettingsEditor  # noqa: PLC0415 — when first opened
        from cashier.ui.settings.settings_dialog import SettingsDialog  # noqa: PLC0415

        settings = SettingsDialog(
            SettingsEditor.for_till(self.till),
            self.runner,
            self.language,
            scanner=self.scanner,
            serial=self.serial,
            parent=self.view,
        )
        settings.catalog_changed.connect(self.view.set_catalog)
        settings.saved.connect(self._place_window)
        settings.printer_changed.connect(self.model.status_changed)
        if self.on_environment is not None:
            settings.environment_requested.connect(self.on_environment)
        if self.on_restart is not None:
            settings.restart_requested.connect(self.on_restart)
        return settings

    def _place_window(self, form: SettingsForm) -> None:
        """A changed kiosk setting takes effect at once (full screen without a frame, or back)."""
        window = self.view.window()
        if isinstance(window, MainWindow) and window.placement.kiosk != form.screen.kiosk:
            window.show_on_screen(kiosk=form.screen.kiosk)
