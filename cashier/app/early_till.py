"""The till screen at once, while what a card needs still loads (issue 19, point 3).

Most of a cold start is importing the API client, its models and the services, then opening the
till (:func:`~cashier.app.composition.open_till`). :func:`show_early_till` shows the real till
screen before any of that, bound to an :class:`~cashier.ui.till.early_session.EarlyTillModel`:
quick keys, article scans, the basket, the free price and Esc work at once; the keys that need
the services (F5–F8, loading and issuing cards, the back office) say "the till is still
starting"; a card scanned or typed is kept and shown as waiting. This module imports only the
till screen's widgets and the domain — never the API, the services or the simulator (the
start imports those behind it, :func:`preload`).

Once the till is open, :meth:`EarlyTill.hand_over` gives the real screen (built by
:func:`~cashier.app.till_screen.create_till_screen` exactly as without an early till) what the
cashier did meanwhile: the basket's lines, added one by one to a new sale through the sale
service (journalled like any other line), the amount typed into the free price, and the card
kept — entered into the real sale once, as if it had just been scanned. After that the early
model is gone; a restart before the till was ever open (a failed start) drops it
(:meth:`EarlyTill.discard`: nothing was charged, only an unpaid basket is lost).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import warnings
from contextlib import suppress
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import QApplication

from cashier.app.catalog_file import catalog_path, read_catalog
from cashier.domain.barcodes import ScanTarget
from cashier.domain.money import Money
from cashier.domain.settings import Settings
from cashier.ui.catalog import Catalog, CatalogError
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.scanner import KeyboardWedgeScanner, ScannerTiming
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.main_window import MainWindow
from cashier.ui.till.early_session import EarlySales, EarlyTillModel, NotYet, still_starting
from cashier.ui.till.till_state import TillServices
from cashier.ui.till.till_view import TillView

if TYPE_CHECKING:
    from cashier.app.till_screen import TillScreen

log = logging.getLogger(__name__)

EARLY_NAME: Final = "earlyTill"
"""The early till view's object name (the cold-start benchmark tells the two screens apart by it)."""

PRELOADED: Final = ("cashier.app.composition",)
"""What :func:`preload` imports off the GUI thread: httpx, pydantic, the API client and its
models, the services, the simulator — none of them touches Qt."""


class EarlyTill(QObject):
    """The till screen before the services are ready (see the module's doc)."""

    def __init__(
        self,
        window: MainWindow,
        *,
        loop: asyncio.AbstractEventLoop,
        bridge: MessageBridge,
        language: UiLanguage,
        settings: Settings,
    ) -> None:
        super().__init__(window)
        self._window, self._bridge = window, bridge
        services = TillServices(
            sales=EarlySales(),
            payments=NotYet(),
            reconciler=NotYet(),
            printer=NotYet(),
            till_id=settings.till_id,
            environment=settings.environment,
            max_amount=Money(settings.max_amount_cents),
            shop_name=lambda: settings.shop.name,
        )
        self.runner = TaskRunner(loop, bridge, parent=window)
        self.model = EarlyTillModel(services, self.runner, bridge, lambda: language.money, parent=window)
        # The window's one scanner filter, from now on: the till's host takes it over.
        self.scanner = KeyboardWedgeScanner(
            ScannerTiming(max_mean_gap_ms=settings.scanner.gap_ms), parent=window
        )
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.scanner.install(app)
        # In the window from the start (less to re-style than when added later), without the sale's
        # dialogs (no payment is taken here; a third of the screen's making); scans: _scanned.
        self.view = TillView(self.model, language, _catalog(settings), parent=window.stack, dialogs=False)
        self.view.setObjectName(EARLY_NAME)
        self.model.setParent(self.view)  # all three go when the window lets the view go
        self.runner.setParent(self.view)
        self._say_starting_on_keys()
        self.scanner.scanned.connect(self._scanned)
        self.view.card_panel.number.textChanged.connect(self._card_text)
        window.attach(self.model, self.view)
        window.status.connection.hide()  # nothing is known about either yet
        window.status.printer.hide()

    def _say_starting_on_keys(self) -> None:
        """The keys that need the services say so (instead of opening a dialog to no avail)."""
        tenders, actions = self.view.tenders, self.view.actions
        for signal in (
            tenders.cash,
            tenders.terminal,
            tenders.sepa,
            tenders.card,
            actions.load_card,
            actions.new_card,
        ):
            _disconnect_all(signal)
        for signal in (
            tenders.cash,
            tenders.terminal,
            tenders.sepa,
            tenders.card,
            actions.load_card,
            actions.new_card,
            actions.journal,
            actions.end_of_day,
            actions.settings,
        ):
            signal.connect(self._still_starting)

    def _still_starting(self) -> None:
        self._bridge.warning(still_starting())

    def _scanned(self, digits: str) -> None:
        """A scan, as the till screen takes it: a card is kept (shown), an article goes into the basket."""
        if not self.view.isVisible():  # the start-up page is back (registration, a failed start)
            return
        if QApplication.activeModalWidget() is not None:
            self.model.barcodes.refuse(digits)
            return
        target = self.model.barcodes.scan(digits)
        if target is ScanTarget.CARD:
            self.view.card_panel.show_scanned(digits)
        if target is not ScanTarget.UNKNOWN:
            QApplication.beep()

    def _card_text(self, text: str) -> None:
        if not text:  # the card field was cleared (Esc, the sale cancelled): no card waits any more
            self.model.waiting_card = None

    # --- the till is open -------------------------------------------------------------------------
    def hand_over(self, screen: TillScreen) -> None:
        """Give the real till screen (already attached to the window) what was done meanwhile."""
        early, view = self.model, self.view
        self._stop()
        for line in early.lines:
            if not screen.model.add_line(line):  # said to the cashier by the real model
                log.warning("a line of the basket before the start was refused: %s", line.description)
        amount = view.free_price.amount.text()
        if amount:
            screen.view.free_price.amount.setText(amount)
        card = early.waiting_card
        if card is not None:
            screen.view.card_panel.show_scanned("".join(c for c in card if c.isdigit()))
            screen.model.enter_card(card)
        log.info("early till handed over: %d line(s), card %s", len(early.lines), "kept" if card else "none")

    def discard(self) -> None:
        """The till restarts before it was ever open: the early screen goes (the window detaches
        and deletes it)."""
        self._stop()

    def _stop(self) -> None:
        with suppress(RuntimeError):
            self.scanner.scanned.disconnect(self._scanned)
        self.model.shutdown()  # the model and its runner are the view's: deleted with it
        self.deleteLater()


def preload() -> None:
    """Import what opening the till needs (run off the GUI thread, :data:`PRELOADED`)."""
    for name in PRELOADED:
        importlib.import_module(name)


def _catalog(settings: Settings) -> Catalog:
    """The catalogue's quick keys; a problem with it is the real screen's to say (it reads it again)."""
    try:
        return read_catalog(settings)
    except (OSError, CatalogError) as error:
        log.info("catalogue %s not usable before the start: %s", catalog_path(settings), error)
        return Catalog("")


def _disconnect_all(signal: SignalInstance) -> None:
    with warnings.catch_warnings(), suppress(RuntimeError, TypeError):
        warnings.simplefilter("ignore", RuntimeWarning)
        signal.disconnect()
