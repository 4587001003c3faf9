"""The till screen's view-model: the Qt side of the sale in progress.

The sale itself and its rules are the Qt-free :class:`cashier.services.sale_session.SaleSession`
(:attr:`TillModel.session`); this class adds the signals, the remote calls through the runner,
the words for the cashier and the timers.

Views only bind (docs/style.md habit 11): they read the properties, call the commands and react to
the signals; they never touch a service. Every remote call goes through the one
:class:`TaskRunner`; every word for the cashier through the :class:`MessageBridge`.

The card's CSC and PIN checks before it pays are the part :attr:`TillModel.checks`
(:class:`cashier.ui.till.card_checks.CardChecks`), which the CSC and PIN dialogs bind to; loading a
card and issuing a new one are the part :attr:`TillModel.card_sales`
(:class:`cashier.ui.till.card_sales.CardSales`); where a scan goes is :attr:`TillModel.barcodes`
(:class:`cashier.ui.till.scan_routing.ScanRouting`). Those parts use the few public helpers below
(``idle``, ``current_sale``, ``edit_sale``, ``start_payment``, ``service_error``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from cashier.domain.basket import BasketLine
from cashier.domain.cards import parse_card_number
from cashier.domain.errors import InputError
from cashier.domain.money import Money, parse_amount
from cashier.domain.vat import VatRate
from cashier.services.errors import BackendUnavailable, OutcomeUnknown, PinRequired, SaleError
from cashier.services.open_sales import OpenPayment, Outcome
from cashier.services.sale import CardView, Pricing, Sale, SaleState, Tender
from cashier.services.sale_session import CardClearing, SaleSession
from cashier.ui.catalog import Article
from cashier.ui.kit.countdown import Clock, utc_now
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.message_scopes import CARD_CHANGED, MessageScope, MessageScopeWatcher
from cashier.ui.kit.messages import not_printed, reconciled
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.ports import PaymentOutcome, ReconciledSale
from cashier.ui.till.card_checks import CardChecks
from cashier.ui.till.card_sales import CardSales
from cashier.ui.till.open_payments import OpenPaymentCheck, SettledElsewhere
from cashier.ui.till.scan_routing import ScanRouting
from cashier.ui.till.till_state import (
    ConnectionState,
    PaymentSummary,
    TillServices,
    Totals,
    is_preview_printer,
)

log = logging.getLogger(__name__)

BACKGROUND_RECONCILE_MS = 60_000
"""How often open cancellations and rechecked transactions are read again."""


class TillModel(QObject):
    sale_changed = Signal()  # basket, card, totals or what may be done now
    status_changed = Signal()  # connection, printer
    busy_changed = Signal(bool)
    cash_requested = Signal(object)  # Money due
    sepa_requested = Signal(object)  # Money due
    terminal_started = Signal(object)  # Money due
    terminal_finished = Signal()
    payment_completed = Signal(object)  # PaymentSummary
    receipt_printed = Signal(object)  # PaymentSummary once its receipts went to the printer (or not)
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
        self._money = money
        self.session = SaleSession(services.sales, services.reconciler)
        self._connection = ConnectionState.ONLINE
        # Payments of unknown outcome: selling waits for them (the till screen says which).
        self.open_payments = OpenPaymentCheck(services.reconciler, runner, clock=clock, parent=self)
        self.open_payments.changed.connect(self.sale_changed)
        self.open_payments.settled.connect(self._outcome_settled)
        self.checks = CardChecks(
            services.sales,
            runner,
            bridge,
            on_checked=self._done_remotely,
            on_failure=self.service_error,
            parent=self,
        )
        self.card_sales = CardSales(self, runner, bridge, money, parent=self)
        # Messages about a card, the basket or the sale go when those go.
        self.message_scopes = MessageScopeWatcher(lambda: self.session.sale, bridge.end_scopes, parent=self)
        self.sale_changed.connect(self.message_scopes.check)
        self.barcodes = ScanRouting(self.add_line, self.enter_card, bridge, parent=self)
        runner.busy_changed.connect(self.busy_changed)
        runner.payment_running_changed.connect(self._payment_running_changed)
        # Cancellations not confirmed yet and transactions a sale gave up are read again in
        # the background (a slow server may book them late); nothing open means no request.
        self._background = QTimer(self)
        self._background.setInterval(BACKGROUND_RECONCILE_MS)
        self._background.timeout.connect(self._reconcile_in_background)

    # --- what the views read ------------------------------------------------------------------
    @property
    def sale(self) -> Sale | None:
        return self.session.sale

    @property
    def lines(self) -> tuple[BasketLine, ...]:
        return self.session.lines

    @property
    def totals(self) -> Totals:
        return Totals.of(self.session.sale)

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
    def outcome_check_pauses(self) -> Sequence[float]:
        """Seconds between the checks of a payment of unknown outcome."""
        return self.open_payments.pauses

    @outcome_check_pauses.setter
    def outcome_check_pauses(self, pauses: Sequence[float]) -> None:
        self.open_payments.pauses = pauses

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
    def can_load_card(self) -> bool:
        return self.card_sales.can_load_card

    @property
    def can_create_card(self) -> bool:
        return self.card_sales.can_create_card

    @property
    def connection(self) -> ConnectionState:
        return self._connection

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

    def pay_with_card(self) -> None:
        """F8: check CSC (and PIN), apply balance and bonus; pay at once if the card covers all."""
        sale = self.session.sale
        if not self._payable() or sale is None:
            return
        if sale.card is None:
            self._bridge.warning(self.tr("Scan or type the customer's card first."), MessageScope.CARD)
            return
        if sale.sells_the_card:
            self._bridge.warning(
                self.tr(
                    "A card load is paid in cash, at the terminal or by SEPA — not with the card itself."
                ),
                MessageScope.BASKET,
            )
            return
        self.checks.run(sale, self._apply_card)

    def _apply_card(self) -> None:
        self._runner.start(
            self.session.apply_card(),
            name="apply card",
            owner=self,
            on_done=self._card_applied,
            on_error=self._apply_failed,
        )

    def _card_applied(self, pricing: Pricing) -> None:
        self._done_remotely(pricing)
        if pricing.missing_sum.is_zero:
            self.start_payment(Tender.CARD)
            return
        money = self._money()
        self._bridge.info(
            self.tr("The card pays {paid}. Still to pay: {missing} — cash (F5) or terminal (F6).").format(
                paid=money.amount(pricing.bonus_used + pricing.cash_balance_used),
                missing=money.amount(pricing.missing_sum),
            ),
            MessageScope.BASKET,
        )

    def _apply_failed(self, error: Exception) -> bool:
        if isinstance(error, PinRequired) and self.session.sale is not None:
            self.checks.ask_pin(self.session.sale, self._apply_card)
            return True
        return self.service_error(error)

    # --- payments -----------------------------------------------------------------------------
    def request_cash(self) -> None:
        """F5: ask how much cash was given (the cash dialog answers with :meth:`pay_cash`)."""
        if self._payable() and self.session.sale is not None:
            self.cash_requested.emit(self.session.sale.amount_due)

    def pay_cash(self, given: Money) -> None:
        # A payment already running is refused by the TaskRunner, the one place that decides.
        if self._payable(while_paying=True):
            self.start_payment(Tender.CASH, given=given)

    def pay_terminal(self) -> None:
        """F6: the card terminal collects what is due (the window keeps working meanwhile)."""
        if self._payable(while_paying=True):
            self.start_payment(Tender.TERMINAL)

    def pay_sepa(self) -> None:
        """F7: ask for IBAN and account holder (the SEPA dialog answers with :meth:`pay_sepa_with`)."""
        if self._payable() and self.session.sale is not None:
            self.sepa_requested.emit(self.session.sale.amount_due)

    def pay_sepa_with(self, iban: str, holder: str) -> None:
        """Debit the customer's account; the payment prints the merchant copy to be signed."""
        if self._payable(while_paying=True):
            self.start_payment(Tender.SEPA, iban=iban, holder=holder)

    def start_payment(self, tender: Tender, **options: Any) -> None:
        sale = self.current_sale()
        due = sale.amount_due
        task = self._runner.start(
            self.services.payments.pay(sale, tender, print_now=False, **options),
            name=f"pay {tender.value}",
            owner=self,
            payment=True,
            on_settled=self.terminal_finished.emit if tender is Tender.TERMINAL else None,
            on_done=self._paid,
            on_error=lambda error: self._payment_failed(error, tender, options),
        )
        if task is not None and tender is Tender.TERMINAL:
            self.terminal_started.emit(due)

    def _paid(self, result: PaymentOutcome) -> None:
        self.went_online()
        summary = PaymentSummary.of(result)
        text = self.tr("Sale {number} paid.").format(number=summary.sale_number)
        if result.sale.state is SaleState.PENDING:
            text = self.tr(
                "Sale {number}: direct debit requested — secuconnect has not confirmed it yet; "
                "the till keeps checking."
            ).format(number=summary.sale_number)
        if summary.change is not None and summary.tender is Tender.CASH and summary.change.is_positive:
            text += " " + self.tr("Change: {change}").format(change=self._money().amount(summary.change))
        self._bridge.info(text, MessageScope.SALE)  # until the next sale starts
        self._close_sale()
        self.status_changed.emit()
        self.payment_completed.emit(summary)
        if result.print_pending:
            # The result is on screen at once; a printer that does not answer times out
            # meanwhile, while the next customer is served.
            self._runner.start(
                self.services.payments.print_receipts(result),
                name=f"print sale {summary.sale_number}",
                on_done=self._receipts_printed,
                finish=True,  # closing the till waits for it (bounded by the printer's timeouts)
            )
        else:
            self._receipts_printed(result)

    def _receipts_printed(self, result: PaymentOutcome) -> None:
        if not result.printed:
            log.warning("sale %s: receipt not printed: %s", result.sale.sale_id, result.print_error)
            self._bridge.show(not_printed())
        self.status_changed.emit()
        summary = PaymentSummary.of(result)
        if result.printed and is_preview_printer(self.services.printer.printer_uri):
            summary = replace(summary, on_screen=True)  # shown, not printed: say so
        self.receipt_printed.emit(summary)

    def _payment_failed(self, error: Exception, tender: Tender, options: dict[str, Any]) -> bool:
        self.sale_changed.emit()
        if isinstance(error, PinRequired) and self.session.sale is not None:
            self.checks.ask_pin(self.session.sale, lambda: self.start_payment(tender, **options))
            return True
        if isinstance(error, OutcomeUnknown):
            self._bridge.report(error)
            self._check_outcome()
            return True
        return self.service_error(error)

    def _payment_running_changed(self, _running: bool) -> None:
        self.sale_changed.emit()

    # --- payments whose outcome is unknown ----------------------------------------------------
    def report_reconciled(self, results: Sequence[ReconciledSale]) -> None:
        """What the start-up reconciliation found; keeps checking what is still unknown, and
        from now on reads open cancellations and rechecks in the background."""
        self._background.start()
        for result in results:
            self._bridge.show(reconciled(result.outcome, str(result.sale_number)))
        back = self.session.restore_after_restart(results)
        if back is not None:
            self._say_basket_back(back)
            self.sale_changed.emit()
        if any(result.outcome.blocks_sales for result in results):
            self._check_outcome()

    def _reconcile_in_background(self) -> None:
        if self._runner.closed:
            self._background.stop()
            return
        if self.checking_outcome or not self.idle():
            return
        self._runner.start(
            self.services.reconciler.reconcile(),
            name="reconcile in the background",
            owner=self,
            on_done=self._reconciled_in_background,
            on_error=lambda error: True,  # the next round tries again; the log has it
        )

    def _reconciled_in_background(self, results: Sequence[ReconciledSale]) -> None:
        for result in results:
            if not result.outcome.quiet:
                self._bridge.show(reconciled(result.outcome, str(result.sale_number)))
        if any(result.outcome.blocks_sales for result in results):
            self._check_outcome()

    def _check_outcome(self) -> None:
        if self.checking_outcome:
            return
        self._set_connection(ConnectionState.CHECKING)
        self.open_payments.start()

    def settled_in_journal(self, sale_id: str, outcome: Outcome, sale_number: int) -> None:
        """The cashier checked (or set aside) a sale in the journal: the till asks again now."""
        self.open_payments.settled_elsewhere(sale_id, outcome, sale_number)

    def _outcome_settled(self, results: Sequence[ReconciledSale]) -> None:
        self._set_connection(ConnectionState.ONLINE)
        for result in results:
            if not isinstance(result, SettledElsewhere):  # the journal has said it already
                self._bridge.show(reconciled(result.outcome, str(result.sale_number)))
        old = self._close_sale()
        back = self.session.restore_after_settled(results, old)
        if back is not None:
            self._say_basket_back(back)
        self.sale_changed.emit()
        self.status_changed.emit()

    def _say_basket_back(self, payment: OpenPayment) -> None:
        """A sale the till was restarted during: its basket is back from the journal, to pay again."""
        self._bridge.info(
            self.tr("The basket of sale {number} is back — take the payment again.").format(
                number=payment.sale_number
            )
        )

    # --- abort --------------------------------------------------------------------------------
    def abort(self) -> None:
        """Esc: abandon the unpaid sale (and its smart transaction)."""
        if self.session.sale is None or not self.idle():
            return
        aborting = self.session.abort()
        if aborting is None:  # nothing open: the sale is over
            self._close_sale()
            return
        self.checks.cancel()
        self._runner.start(aborting, name="abort sale", owner=self, on_done=self._aborted)

    def _aborted(self, _: None) -> None:
        self._bridge.info(self.tr("Sale cancelled — nothing was charged."), MessageScope.SALE)
        self._close_sale()

    def shutdown(self) -> None:
        """The window closes: cancel what is still running (never a payment: the window waits)."""
        self._runner.cancel_owned(self)
        self.open_payments.stop()

    # --- helpers ------------------------------------------------------------------------------
    def _close_sale(self) -> Sale | None:
        old = self.session.close()
        self.sale_closed.emit()
        self.sale_changed.emit()
        return old

    def current_sale(self) -> Sale:
        return self.session.current()

    def idle(self, *, while_paying: bool = False) -> bool:
        if self.checking_outcome:
            self._bridge.warning(self.tr("A payment is still being checked — please wait."))
            return False
        if self.payment_running and not while_paying:
            self._bridge.warning(self.tr("A payment is running — please wait for it to finish."))
            return False
        return True

    def _payable(self, *, while_paying: bool = False) -> bool:
        if not self.idle(while_paying=while_paying):
            return False
        if self.session.sale is None or self.session.sale.basket.is_empty:
            self._bridge.warning(self.tr("The basket is empty — add articles first."), MessageScope.BASKET)
            return False
        return True

    def _done_remotely(self, _: object) -> None:
        self.went_online()
        self.sale_changed.emit()

    def service_error(self, error: Exception) -> bool:
        if isinstance(error, BackendUnavailable):
            self._set_connection(ConnectionState.OFFLINE)
        self.sale_changed.emit()
        return False  # the bridge words it

    def went_online(self) -> None:
        if self._connection is ConnectionState.OFFLINE:
            self._set_connection(ConnectionState.ONLINE)

    def _set_connection(self, state: ConnectionState) -> None:
        if state is not self._connection:
            self._connection = state
            self.status_changed.emit()
