"""Selling the card itself: loading cash balance onto it (F9) and issuing a new one (F10).

A part of the till's view-model (:class:`cashier.ui.till.till_model.TillModel` owns one, as
:attr:`TillModel.card_sales`, and is its :class:`CardSaleModel`: a
:class:`~cashier.ui.till.sale_desk.SaleDesk` with the few more members used here). Both are
sales of their own, paid like any other (through the till's
:class:`~cashier.ui.till.payment_flow.PaymentFlow`):

* **Load card** needs the customer's card in the sale (scanned or typed first; no CSC: loading
  moves money onto the card, not off it — a card whose PIN policy guards loads is asked for
  its PIN when the payment starts). The dialog's amount becomes a charge-EAN line
  (:meth:`Sales.add_card_load`, the sale is then a card load); the cashier takes the payment
  with Cash, Terminal or SEPA. The result shows the card's new balance.
* **New card** reads the card groups from the server, then the dialog gives the group and a
  first load, if any. The sale gets a ``create_card`` ident and the load line; the card is
  made when the payment starts. A new card without a load is a sale of nothing: it is paid at
  once with 0,00 € "in cash" (no drawer, nothing changes hands) — the result shows the new
  number and security code.

Neither may join a sale that already has lines of another kind; the action bar reads
:attr:`can_load_card` / :attr:`can_create_card`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.services.errors import SaleError
from cashier.services.offline import OfflineRefusal
from cashier.services.sale import CardGroupOption, Sale, Tender, can_create_card, can_load_card
from cashier.ui.kit.formatting import MoneyFormat
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.message_scopes import MessageScope
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.till.connection_state import Connection
from cashier.ui.till.payment_flow import PaymentFlow
from cashier.ui.till.sale_desk import SaleDesk
from cashier.ui.till.till_state import TillServices


class CardSaleModel(SaleDesk, Protocol):
    """What selling the card needs of the till's view-model (:class:`~cashier.ui.till.till_model.TillModel`)."""

    @property
    def services(self) -> TillServices: ...

    @property
    def sale(self) -> Sale | None: ...

    def edit_sale(self, change: Callable[[Sale], None]) -> bool: ...


class CardSales(QObject):
    load_requested = Signal(object)  # CardView of the card to load
    new_card_requested = Signal(object)  # Sequence[CardGroupOption] to choose from

    def __init__(
        self,
        model: CardSaleModel,
        runner: TaskRunner,
        bridge: MessageBridge,
        money: Callable[[], MoneyFormat],
        *,
        payments: PaymentFlow,
        connection: Connection,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._payments = payments
        self._connection = connection
        self._runner = runner
        self._bridge = bridge
        self._money = money

    # --- what the action bar reads ------------------------------------------------------------
    @property
    def can_load_card(self) -> bool:
        """No sale, or an unpaid one that holds nothing but card loads (the card comes with F9)."""
        return can_load_card(self._model.sale)

    @property
    def can_create_card(self) -> bool:
        """No sale, or an empty one without a card: a new card is sold on its own."""
        return can_create_card(self._model.sale)

    # --- load card ----------------------------------------------------------------------------
    def load_card(self) -> None:
        """F9: ask how much to load onto the sale's card."""
        if not self._model.idle() or self._payments.refused_offline(OfflineRefusal.CARD_LOAD):
            return
        sale = self._open_sale()
        if sale is None or sale.card is None:
            self._bridge.warning(
                self.tr("Scan or type the customer's card first, then load it (F9)."), MessageScope.CARD
            )
            return
        if not self.can_load_card:
            self._bridge.warning(
                self.tr(
                    "This sale has articles — a card is loaded in a sale of its own. Finish this one first."
                ),
                MessageScope.BASKET,
            )
            return
        self.load_requested.emit(sale.card)

    def submit_load(self, amount: Money) -> None:
        """The load dialog's amount: a load line in the sale; the cashier then takes the payment."""
        sale = self._open_sale()
        if sale is None or sale.card is None or not self.can_load_card:
            self._bridge.warning(
                self.tr("The card is no longer in the sale — scan it again."), MessageScope.CARD
            )
            return
        if self._model.edit_sale(lambda _: self._model.session.add_card_load(amount)):
            self._bridge.info(
                self.tr("{amount} to load — take the payment: cash (F5), terminal (F6) or SEPA (F7).").format(
                    amount=self._money().amount(amount)
                ),
                MessageScope.BASKET,
            )

    # --- new card -----------------------------------------------------------------------------
    def new_card(self) -> None:
        """F10: read the card groups, then ask for the group and a first load."""
        if not self._model.idle() or self._payments.refused_offline(OfflineRefusal.NEW_CARD):
            return
        if not self.can_create_card:
            self._bridge.warning(
                self.tr("A new card is sold on its own — finish or cancel this sale first (Esc)."),
                MessageScope.SALE,
            )
            return
        self._runner.start(
            self._model.services.sales.card_groups(),
            name="read card groups",
            owner=self,
            on_done=self._groups_read,
            on_error=self._model.service_error,
        )

    def _groups_read(self, groups: Sequence[CardGroupOption]) -> None:
        self._connection.set_online()
        if not groups:
            self._bridge.warning(
                self.tr("This shop has no card groups to issue cards from — ask the secucard support.")
            )
            return
        self.new_card_requested.emit(list(groups))

    def submit_new_card(self, group_id: str, amount: Money | None) -> None:
        """The new-card dialog's answer: a new-card sale; without a load it is paid at once."""
        if not self._model.idle() or not self.can_create_card:
            return
        try:
            self._model.session.create_card(group_id, amount)
        except (SaleError, InputError) as error:
            self._bridge.report(error)
            self._model.sale_changed.emit()
            return
        self._model.sale_changed.emit()
        if amount is None:
            self._payments.start(Tender.CASH, given=Money(0))  # a sale of nothing: 0,00 €
            return
        self._bridge.info(
            self.tr(
                "New card with {amount} — take the payment: cash (F5), terminal (F6) or SEPA (F7)."
            ).format(amount=self._money().amount(amount)),
            MessageScope.BASKET,
        )

    # --- helpers ------------------------------------------------------------------------------
    def _open_sale(self) -> Sale | None:
        sale = self._model.sale
        return sale if sale is not None and sale.state.is_open else None
