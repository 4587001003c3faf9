"""The till screen's view-model: the basket and the card of the sale in progress, and its parts.

The sale and its rules are the Qt-free :class:`cashier.services.sale_session.SaleSession`
(:attr:`TillModel.session`); this class adds the basket's and the card's commands, the signals,
the remote calls through the one :class:`TaskRunner` and the words for the cashier (through the
:class:`MessageBridge`). Views only bind (docs/style.md habit 11): they read the properties, call
the commands and react to the signals — the model's and its parts' —, never a service.

Its parts, each a small QObject with its own signals: :attr:`~TillModel.payments` (taking the
payment, printing its receipts), :attr:`~TillModel.watch` (outcomes not known yet, with the wait
:attr:`~TillModel.open_payments` that stops selling), :attr:`~TillModel.connection` (online,
offline, checking — following the services' own judgement), :attr:`~TillModel.catch_up` (booking
the offline sales in the background), :attr:`~TillModel.checks` (the card's CSC and PIN), :attr:`~TillModel.card_sales`
(loading and issuing cards) and :attr:`~TillModel.barcodes` (where a scan goes). They reach the sale
through the narrow :class:`~cashier.ui.till.sale_desk.SaleDesk`, which this class is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from cashier.domain.basket import BasketLine
from cashier.domain.cards import parse_card_number
from cashier.domain.errors import InputError
from cashier.domain.money import parse_amount
from cashier.domain.vat import VatRate
from cashier.services.errors import SaleError
from cashier.services.sale import CardView, Sale
from cashier.services.sale_session import CardClearing, SaleSession
from cashier.ui.catalog import Article
from cashier.ui.kit.countdown import Clock, utc_now
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.message_scopes import CARD_CHANGED, MessageScope, MessageScopeWatcher
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.till.card_checks import CardChecks
from cashier.ui.till.card_sales import CardSales
from cashier.ui.till.connection_state import Connection
from cashier.ui.till.offline_catch_up import OfflineCatchUp
from cashier.ui.till.open_payment_watch import OpenPaymentWatch
from cashier.ui.till.open_payments import OpenPaymentCheck
from cashier.ui.till.payment_flow import PaymentFlow
from cashier.ui.till.scan_routing import ScanRouting
from cashier.ui.till.till_state import TillServices, Totals
from cashier.ui.till.tse_light import TseLight


class TillModel(QObject):
    sale_changed = Signal()  # basket, card, totals or what may be done now
    status_changed = Signal()  # connection, printer
    busy_changed = Signal(bool)
    sale_closed = Signal()  # paid, cancelled or settled: the next customer's sale starts empty

    def __init__(
        self,
        services: TillServices,
        runner: TaskRunner,
        bridge: MessageBridge,
        money: Callable[[], MoneyFormat],
        parent: QObject | None = None,
        *,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._runner = runner
        self._bridge = bridge
        self.session = SaleSession(services.sales, services.reconciler)
        self.connection = Connection(self)  # online, offline or checking: the status bar
        self.connection.changed.connect(lambda _state: self.status_changed.emit())
        self.connection.changed.connect(lambda _state: self.sale_changed.emit())  # offline: what works
        if services.connection is not None:
            self.connection.follow(services.connection)
        self.catch_up = OfflineCatchUp(
            self.connection, runner, bridge, source=services.connection, booker=services.booker, parent=self
        )
        self.catch_up.changed.connect(self.status_changed)
        self.tse = TseLight(services.fiscal, bridge, self)  # the status bar: "TSE ausgefallen"
        self.tse.changed.connect(lambda _out: self.status_changed.emit())
        # Payments of unknown outcome: selling waits for them (the till screen says which).
        self.open_payments = OpenPaymentCheck(services.reconciler, runner, clock=clock, parent=self)
        self.open_payments.changed.connect(self.sale_changed)
        self.watch = OpenPaymentWatch(
            self,
            runner,
            bridge,
            reconciler=services.reconciler,
            check=self.open_payments,
            connection=self.connection,
            parent=self,
        )
        # A settled sale's receipts may have printed meanwhile: the status bar reads the printer.
        self.watch.settled.connect(lambda _results: self.status_changed.emit())
        self.checks = CardChecks(
            services.sales,
            runner,
            bridge,
            on_checked=self._done_remotely,
            on_failure=self.service_error,
            parent=self,
        )
        self.payments = PaymentFlow(
            self,
            runner,
            bridge,
            money,
            services=services,
            checks=self.checks,
            connection=self.connection,
            check_outcome=self.watch.check_outcome,
            parent=self,
        )
        self.payments.printer_changed.connect(self.status_changed)
        self.payments.payment_completed.connect(
            lambda summary: self.catch_up.sale_paid_offline() if summary.offline else None
        )
        self.card_sales = CardSales(
            self, runner, bridge, money, payments=self.payments, connection=self.connection, parent=self
        )
        # Messages about a card, the basket or the sale go when those go.
        self.message_scopes = MessageScopeWatcher(lambda: self.session.sale, bridge.end_scopes, parent=self)
        self.sale_changed.connect(self.message_scopes.check)
        self.barcodes = ScanRouting(self.add_line, self.enter_card, bridge, parent=self)
        runner.busy_changed.connect(self.busy_changed)
        runner.payment_running_changed.connect(lambda _running: self.sale_changed.emit())

    # --- what the views read ------------------------------------------------------------------
    @property
    def sale(self) -> Sale | None:
        return self.session.sale

    @property
    def lines(self) -> tuple[BasketLine, ...]:
        return self.session.lines

    @property
    def totals(self) -> Totals:
        return Totals.of(self.session.sale, offline=self.offline)

    @property
    def offline(self) -> bool:
        """secuconnect cannot be reached: only cash is taken, for the whole basket."""
        return self.connection.offline

    @property
    def card(self) -> CardView | None:
        return self.session.card

    @property
    def card_checked(self) -> bool:
        return self.session.card_checked

    @property
    def declined(self) -> bool:
        return self.session.declined

    @property
    def payment_running(self) -> bool:
        return self._runner.payment_running

    @property
    def busy(self) -> bool:
        return self._runner.busy

    @property
    def checking_outcome(self) -> bool:
        return self.open_payments.checking

    @property
    def can_edit(self) -> bool:
        blocked = self.payment_running or self.checking_outcome
        return not blocked and self.session.editable

    @property
    def can_pay(self) -> bool:
        idle = not self.payment_running and not self.checking_outcome
        return idle and self.session.payable

    @property
    def sells_the_card(self) -> bool:
        """The sale loads a card or issues one: the card cannot pay it (F8 is off)."""
        return self.session.sells_the_card

    @property
    def unprinted(self) -> int:
        return len(self.services.printer.failed())

    # --- the basket ---------------------------------------------------------------------------
    def add_article(self, article: Article) -> None:
        self.add_line(article.basket_line())

    def add_line(self, line: BasketLine) -> bool:
        return self.edit_sale(lambda _: self.session.add_line(line))

    def add_free_price(self, text: str, vat: VatRate) -> bool:
        """A line "Free price" of the typed amount; False (and a message) when it is no amount."""
        try:
            amount = parse_amount(text, maximum=self.services.max_amount)
            line = BasketLine(self.tr("Free price"), amount, 1, vat)
        except InputError as error:
            self._bridge.report(error)
            return False
        return self.add_line(line)

    def increment(self, index: int) -> None:
        self.edit_sale(lambda _: self.session.increment(index))

    def decrement(self, index: int) -> None:
        self.edit_sale(lambda _: self.session.decrement(index))

    def remove_line(self, index: int) -> None:
        self.edit_sale(lambda _: self.session.remove_line(index))

    def edit_sale(self, change: Callable[[Sale], None]) -> bool:
        """``change`` the current sale when the till is idle; its error goes to the bridge."""
        if not self.idle():
            return False
        try:
            self.session.edit(change)
        except (SaleError, InputError) as error:
            self._bridge.report(error)
            return False
        finally:
            self.sale_changed.emit()
        return True

    # --- the card -----------------------------------------------------------------------------
    def enter_card(self, text: str) -> None:
        """A scanned or typed card number: recognise, validate and read the card."""
        if not self.idle():
            return
        try:
            number = parse_card_number(text)
        except InputError as error:
            self._bridge.report(error)
            return
        self._runner.start(
            self.session.attach_card(number.digits),
            name="attach card",
            owner=self,
            on_done=self._done_remotely,
            on_error=self.service_error,
        )

    def clear_card(self) -> None:
        if self.session.card is None:
            self._bridge.end_scopes(CARD_CHANGED)  # a number typed or scanned is cleared: so is its message
            return
        if not self.idle():
            return
        try:
            cleared = self.session.clear_card()
        except SaleError as error:
            self._bridge.report(error)
        else:
            if cleared is CardClearing.LOAD_HELD:
                self._bridge.warning(
                    self.tr(
                        "The load belongs to this card — remove the load line first, or cancel the sale (Esc)."
                    ),
                    MessageScope.BASKET,
                )
                return
        self.checks.cancel()
        self.sale_changed.emit()

    # --- abort --------------------------------------------------------------------------------
    def abort(self) -> None:
        """Esc: abandon the unpaid sale (and its smart transaction)."""
        if self.session.sale is None or not self.idle():
            return
        aborting = self.session.abort()
        if aborting is None:  # nothing open: the sale is over
            self.close_sale()
            return
        self.checks.cancel()
        self._runner.start(aborting, name="abort sale", owner=self, on_done=self._aborted)

    def _aborted(self, _: None) -> None:
        self._bridge.info(self.tr("Sale cancelled — nothing was charged."), MessageScope.SALE)
        self.close_sale()

    def shutdown(self) -> None:
        """The window closes: cancel what is still running (never a payment: the window waits)."""
        self._runner.cancel_owned(self)
        self._runner.cancel_owned(self.payments)
        self.watch.stop()
        self.catch_up.stop()
        self.connection.stop()

    # --- helpers (the parts use these through their protocols) -----------------------------------
    def close_sale(self) -> Sale | None:
        """The sale at the counter is over (paid, cancelled or settled); returns it."""
        old = self.session.close()
        self.sale_closed.emit()
        self.sale_changed.emit()
        return old

    def idle(self, *, while_paying: bool = False, quiet: bool = False) -> bool:
        """Whether the sale may be worked on now; if not, the cashier is told why (unless ``quiet``:
        a background round must not put a warning on the screen nobody asked for)."""
        if self.checking_outcome:
            if not quiet:
                self._bridge.warning(self.tr("A payment is still being checked — please wait."))
            return False
        if self.payment_running and not while_paying:
            if not quiet:
                self._bridge.warning(self.tr("A payment is running — please wait for it to finish."))
            return False
        return True

    def _done_remotely(self, _: object) -> None:
        self.connection.set_online()
        self.sale_changed.emit()

    def service_error(self, error: Exception) -> bool:
        """A remote call failed: the connection follows; the bridge words the error."""
        self.connection.failed(error)
        self.sale_changed.emit()
        return False
