"""Payments and cancellations of unknown outcome, from the till's start until it closes.

:class:`OpenPaymentWatch` is a part of the till's view-model (:attr:`TillModel.watch
<cashier.ui.till.till_model.TillModel.watch>`). It says what the start-up reconciliation found
(:meth:`~OpenPaymentWatch.report_reconciled`, called by the host once the till is up), then reads
open cancellations and rechecked transactions again every :attr:`~OpenPaymentWatch.interval_ms`
(a slow server may book them late; nothing open means no request). Whenever a payment's outcome
is unknown it starts the wait that stops selling (:class:`~cashier.ui.till.open_payments.OpenPaymentCheck`)
and sets the connection to "checking" until the wait ends. Through the
:class:`~cashier.ui.till.sale_desk.SaleDesk` it hands the sale at the counter what the answers mean
for it (:class:`~cashier.services.sale_session.SaleSession`: a basket back after a restart, the
sale closed once its payment is settled).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from cashier.services.open_sales import OpenPayment, Outcome
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import reconciled
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.ports import ReconciledSale, Reconciliation
from cashier.ui.till.connection_state import Connection
from cashier.ui.till.open_payments import OpenPaymentCheck, SettledElsewhere
from cashier.ui.till.sale_desk import SaleDesk

BACKGROUND_RECONCILE_MS = 60_000
"""How often open cancellations and rechecked transactions are read again."""


class OpenPaymentWatch(QObject):
    """The till's watch over outcomes it does not know yet (see the module's doc)."""

    settled = Signal(object)  # Sequence[ReconciledSale]: no payment of unknown outcome is left (sale closed)

    def __init__(
        self,
        desk: SaleDesk,
        runner: TaskRunner,
        bridge: MessageBridge,
        *,
        reconciler: Reconciliation,
        check: OpenPaymentCheck,
        connection: Connection,
        interval_ms: int = BACKGROUND_RECONCILE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._reconciler = reconciler
        self._check = check
        self._connection = connection
        self._runner = runner
        self._bridge = bridge
        check.settled.connect(self._outcome_settled)
        self._background = QTimer(self)
        self._background.setInterval(interval_ms)
        self._background.timeout.connect(self._reconcile_in_background)

    @property
    def interval_ms(self) -> int:
        """Milliseconds between two background rounds (:data:`BACKGROUND_RECONCILE_MS`; tests
        set less). A change takes effect from the next round."""
        return self._background.interval()

    @interval_ms.setter
    def interval_ms(self, milliseconds: int) -> None:
        self._background.setInterval(milliseconds)

    # --- commands ---------------------------------------------------------------------------------
    def report_reconciled(self, results: Sequence[ReconciledSale]) -> None:
        """What the start-up reconciliation found; keeps checking what is still unknown, and
        from now on reads open cancellations and rechecks in the background."""
        self._background.start()
        for result in results:
            self._bridge.show(reconciled(result.outcome, str(result.sale_number)))
        back = self._desk.session.restore_after_restart(results)
        if back is not None:
            self._say_basket_back(back)
            self._desk.sale_changed.emit()
        if any(result.outcome.blocks_sales for result in results):
            self.check_outcome()

    def check_outcome(self) -> None:
        """A payment's outcome is unknown: selling waits until it is settled (once at a time)."""
        if self._check.checking:
            return
        self._connection.start_checking()
        self._check.start()

    def settled_in_journal(self, sale_id: str, outcome: Outcome, sale_number: int) -> None:
        """The cashier checked (or set aside) a sale in the journal: the till asks again now."""
        self._check.settled_elsewhere(sale_id, outcome, sale_number)

    def stop(self) -> None:
        """The till screen closes: cancel the round and the wait still running."""
        self._runner.cancel_owned(self)
        self._check.stop()

    # --- inside -----------------------------------------------------------------------------------
    def _reconcile_in_background(self) -> None:
        if self._runner.closed:
            self._background.stop()
            return
        if self._check.checking or not self._desk.idle(quiet=True):
            return
        self._runner.start(
            self._reconciler.reconcile(),
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
            self.check_outcome()

    def _outcome_settled(self, results: Sequence[ReconciledSale]) -> None:
        self._connection.end_checking()
        for result in results:
            if not isinstance(result, SettledElsewhere):  # the journal has said it already
                self._bridge.show(reconciled(result.outcome, str(result.sale_number)))
        old = self._desk.close_sale()
        back = self._desk.session.restore_after_settled(results, old)
        if back is not None:
            self._say_basket_back(back)
        self._desk.sale_changed.emit()
        self.settled.emit(results)

    def _say_basket_back(self, payment: OpenPayment) -> None:
        """A sale the till was restarted during: its basket is back from the journal, to pay again."""
        self._bridge.info(
            self.tr("The basket of sale {number} is back — take the payment again.").format(
                number=payment.sale_number
            )
        )
