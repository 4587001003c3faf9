"""Taking the payment: card (F8), cash (F5), terminal (F6), SEPA (F7) — and its receipts.

:class:`PaymentFlow` is a part of the till's view-model (:attr:`TillModel.payments
<cashier.ui.till.till_model.TillModel.payments>`); the tender buttons and the cash, terminal,
SEPA and result dialogs bind to it. It reads the sale at the counter through a
:class:`~cashier.ui.till.sale_desk.SaleDesk`. A payment runs through the one :class:`TaskRunner` (which refuses a second
one); once paid the sale is closed, the result is shown at once and the receipts print
meanwhile. A payment whose outcome is unknown goes to ``check_outcome`` (the till's
:class:`~cashier.ui.till.open_payment_watch.OpenPaymentWatch`); one that needs the card's PIN asks
for it through the card checks, then starts again.

Offline (docs/offline.md) only cash is taken, for the whole basket: what needs secuconnect (the
card's balance, the terminal, SEPA, a card sold) is refused before anything starts, with words
that say why (:func:`~cashier.ui.kit.messages.offline_refused`); an offline sale beyond the shop's
limits waits for a manager's confirmation (``offline_confirmation_requested``), then is paid
again with ``offline_confirmed``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from cashier.domain.money import Money
from cashier.services.errors import OfflineConfirmationNeeded, OutcomeUnknown, PinRequired
from cashier.services.offline import OfflineRefusal
from cashier.services.sale import Pricing, SaleState, Tender
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.message_scopes import MessageScope
from cashier.ui.kit.messages import not_printed, offline_refused
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.ports import PaymentOutcome
from cashier.ui.till.card_checks import CardChecks
from cashier.ui.till.connection_state import Connection
from cashier.ui.till.sale_desk import SaleDesk
from cashier.ui.till.till_state import PaymentSummary, TillServices, is_preview_printer

log = logging.getLogger(__name__)


class PaymentFlow(QObject):
    cash_requested = Signal(object)  # Money due
    sepa_requested = Signal(object)  # Money due
    terminal_started = Signal(object)  # Money due
    terminal_finished = Signal()
    payment_completed = Signal(object)  # PaymentSummary
    receipt_printed = Signal(object)  # PaymentSummary once its receipts went to the printer (or not)
    printer_changed = Signal()  # a sale was paid or its receipts printed: the unprinted count may differ
    offline_confirmation_requested = Signal(str, object)  # reason ("amount", "duration"), Money due

    def __init__(
        self,
        desk: SaleDesk,
        runner: TaskRunner,
        bridge: MessageBridge,
        money: Callable[[], MoneyFormat],
        *,
        services: TillServices,
        checks: CardChecks,
        connection: Connection,
        check_outcome: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        """``check_outcome`` starts the wait for a payment whose outcome is unknown."""
        super().__init__(parent)
        self._desk = desk
        self._payments = services.payments
        self._printer = services.printer
        self._checks = checks
        self._connection = connection
        self._check_outcome = check_outcome
        self._runner = runner
        self._bridge = bridge
        self._money = money
        self._unconfirmed: tuple[Tender, dict[str, Any]] | None = None  # waits for a manager

    # --- the card pays (F8) -------------------------------------------------------------------
    def pay_with_card(self) -> None:
        """F8: check CSC (and PIN), apply balance and bonus; pay at once if the card covers all."""
        sale = self._desk.session.sale
        if not self.payable() or sale is None:
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
        if self.refused_offline(OfflineRefusal.CARD_BALANCE):
            return
        self._checks.run(sale, self._apply_card)

    def _apply_card(self) -> None:
        self._runner.start(
            self._desk.session.apply_card(),
            name="apply card",
            owner=self,
            on_done=self._card_applied,
            on_error=self._apply_failed,
        )

    def _card_applied(self, pricing: Pricing) -> None:
        self._connection.set_online()
        self._desk.sale_changed.emit()
        if pricing.missing_sum.is_zero:
            self.start(Tender.CARD)
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
        sale = self._desk.session.sale
        if isinstance(error, PinRequired) and sale is not None:
            self._checks.ask_pin(sale, self._apply_card)
            return True
        return self._desk.service_error(error)

    # --- cash, terminal, SEPA -----------------------------------------------------------------
    def request_cash(self) -> None:
        """F5: ask how much cash was given (the cash dialog answers with :meth:`pay_cash`)."""
        sale = self._desk.session.sale
        if not self.payable() or sale is None:
            return
        if sale.create_card_group is not None and self.refused_offline(OfflineRefusal.NEW_CARD):
            return
        if sale.sells_the_card and self.refused_offline(OfflineRefusal.CARD_LOAD):
            return
        # Offline the card's balance and bonus pay nothing: the whole basket is cash.
        self.cash_requested.emit(sale.total if self._connection.offline else sale.amount_due)

    def pay_cash(self, given: Money) -> None:
        # A payment already running is refused by the TaskRunner, the one place that decides.
        if self.payable(while_paying=True):
            self.start(Tender.CASH, given=given)

    def pay_terminal(self) -> None:
        """F6: the card terminal collects what is due (the window keeps working meanwhile)."""
        if self.payable(while_paying=True) and not self.refused_offline(OfflineRefusal.TERMINAL):
            self.start(Tender.TERMINAL)

    def pay_sepa(self) -> None:
        """F7: ask for IBAN and account holder (the SEPA dialog answers with :meth:`pay_sepa_with`)."""
        sale = self._desk.session.sale
        if self.payable() and sale is not None and not self.refused_offline(OfflineRefusal.SEPA):
            self.sepa_requested.emit(sale.amount_due)

    def pay_sepa_with(self, iban: str, holder: str) -> None:
        """Debit the customer's account; the payment prints the merchant copy to be signed."""
        if self.payable(while_paying=True):
            self.start(Tender.SEPA, iban=iban, holder=holder)

    def payable(self, *, while_paying: bool = False) -> bool:
        """Whether a payment may start now; if not, the cashier is told why."""
        if not self._desk.idle(while_paying=while_paying):
            return False
        sale = self._desk.session.sale
        if sale is None or sale.basket.is_empty:
            self._bridge.warning(self.tr("The basket is empty — add articles first."), MessageScope.BASKET)
            return False
        return True

    def refused_offline(self, what: OfflineRefusal) -> bool:
        """Offline, ``what`` cannot be done: say why (True); online: False."""
        if not self._connection.offline:
            return False
        self._bridge.show(offline_refused(what))
        return True

    def confirm_offline(self) -> None:
        """A manager confirmed the offline sale beyond the shop's limits: pay it again, confirmed."""
        waiting, self._unconfirmed = self._unconfirmed, None
        if waiting is not None and self.payable(while_paying=True):
            tender, options = waiting
            self.start(tender, **options, offline_confirmed=True)

    def decline_offline(self) -> None:
        """No manager confirmed it: the sale stays open, nothing was paid."""
        if self._unconfirmed is not None:
            self._unconfirmed = None
            self._bridge.info(self.tr("Not confirmed — the sale is not paid; it stays open."))

    def start(self, tender: Tender, **options: Any) -> None:
        """Pay the current sale with ``tender`` (no checks: the commands above make them)."""
        sale = self._desk.session.current()
        due = sale.amount_due
        task = self._runner.start(
            self._payments.pay(sale, tender, print_now=False, **options),
            name=f"pay {tender.value}",
            owner=self,
            payment=True,
            on_settled=self.terminal_finished.emit if tender is Tender.TERMINAL else None,
            on_done=self._paid,
            on_error=lambda error: self._failed(error, tender, options),
        )
        if task is not None and tender is Tender.TERMINAL:
            self.terminal_started.emit(due)

    # --- the answer ---------------------------------------------------------------------------
    def _paid(self, result: PaymentOutcome) -> None:
        self._connection.set_online()
        summary = PaymentSummary.of(result)
        text = self.tr("Sale {number} paid.").format(number=summary.sale_number)
        if summary.offline:
            text = self.tr(
                "Sale {number} paid offline — it is booked when secuconnect answers again."
            ).format(number=summary.sale_number)
        if result.sale.state is SaleState.PENDING:
            text = self.tr(
                "Sale {number}: direct debit requested — secuconnect has not confirmed it yet; "
                "the till keeps checking."
            ).format(number=summary.sale_number)
        if summary.change is not None and summary.tender is Tender.CASH and summary.change.is_positive:
            text += " " + self.tr("Change: {change}").format(change=self._money().amount(summary.change))
        self._bridge.info(text, MessageScope.SALE)  # until the next sale starts
        self._desk.close_sale()
        self.printer_changed.emit()
        self.payment_completed.emit(summary)
        if result.print_pending:
            # The result is on screen at once; a printer that does not answer times out
            # meanwhile, while the next customer is served.
            self._runner.start(
                self._payments.print_receipts(result),
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
        self.printer_changed.emit()
        summary = PaymentSummary.of(result)
        if result.printed and is_preview_printer(self._printer.printer_uri):
            summary = replace(summary, on_screen=True)  # shown, not printed: say so
        self.receipt_printed.emit(summary)

    def _failed(self, error: Exception, tender: Tender, options: dict[str, Any]) -> bool:
        self._desk.sale_changed.emit()
        sale = self._desk.session.sale
        if isinstance(error, PinRequired) and sale is not None:
            self._checks.ask_pin(sale, lambda: self.start(tender, **options))
            return True
        if isinstance(error, OutcomeUnknown):
            self._bridge.report(error)
            self._check_outcome()
            return True
        if isinstance(error, OfflineConfirmationNeeded) and sale is not None:
            self._unconfirmed = (tender, options)
            self.offline_confirmation_requested.emit(error.reason, sale.total)
            return True
        return self._desk.service_error(error)
