"""The till screen before the services are ready: a basket kept here, card scans kept for later.

At a cold start the till's screen is usable long before what a card needs (the API client, its
models, the services) has loaded. Until then the real :class:`~cashier.ui.till.till_view.TillView`
is bound to an :class:`EarlyTillModel`: a :class:`~cashier.ui.till.till_model.TillModel` whose
sale steps are :class:`EarlySales` — basket edits on the domain's
:class:`~cashier.domain.basket.Basket`, no journal and nothing remote. Nothing can be paid
before the services are ready (the tender keys say so), so nothing is lost but an unpaid basket.
A card scanned or typed meanwhile is kept (:attr:`EarlyTillModel.waiting_card`), not checked;
the till's start hands the basket and that card to the real sale (``cashier.app.early_till``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn

from PySide6.QtCore import QCoreApplication

from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.services.errors import SaleError
from cashier.services.open_sales import OpenPayment
from cashier.services.sale import CardGroupOption, CardView, Pricing, Sale, SaleKind, Tender
from cashier.ui.kit.message_scopes import MessageScope
from cashier.ui.ports import PaymentOutcome, ReconciledSale
from cashier.ui.till.till_model import TillModel


def still_starting() -> str:
    """What a key that needs the services says while the till starts."""
    return QCoreApplication.translate("EarlyTill", "The till is still starting — please wait a moment.")


class StillStarting(SaleError):
    """A step that needs the services, asked for before they are ready (the keys that lead to
    one say so first; this is the guard behind them)."""

    def __init__(self) -> None:
        super().__init__(still_starting())


class EarlySales:
    """The sale steps before the services are ready: the basket only (``Sales`` protocol)."""

    max_csc_tries = 0

    def new_sale(self, kind: SaleKind = SaleKind.SALE) -> Sale:
        return Sale(sale_id="", sale_number=0, business_day="", kind=kind)

    def add_line(self, sale: Sale, line: BasketLine) -> None:
        sale.basket = sale.basket.add(line)

    def set_quantity(self, sale: Sale, index: int, quantity: int) -> None:
        sale.basket = sale.basket.set_quantity(index, quantity)

    def remove_line(self, sale: Sale, index: int) -> None:
        sale.basket = sale.basket.remove(index)

    async def abort(self, sale: Sale) -> None:
        """Nothing remote was opened: cancelling is only emptying the basket."""

    def detach_card(self, sale: Sale) -> None:
        sale.card = None

    async def attach_card(self, sale: Sale, text: str) -> CardView:
        _refuse()

    async def check_csc(self, sale: Sale, text: str) -> None:
        _refuse()

    async def check_pin(self, sale: Sale, text: str) -> None:
        _refuse()

    async def apply_card(self, sale: Sale) -> Pricing:
        _refuse()

    def add_card_load(self, sale: Sale, amount: Money) -> None:
        _refuse()

    def create_card(self, sale: Sale, group_id: str) -> None:
        _refuse()

    async def card_groups(self) -> Sequence[CardGroupOption]:
        _refuse()


class NotYet:
    """Payments, reconciliation and the printer before the services are ready: no payment is
    open (none can have started in this process) and none can be taken yet."""

    printer_uri = ""

    async def pay(
        self,
        sale: Sale,
        tender: Tender,
        *,
        given: Money | None = None,
        iban: str | None = None,
        holder: str | None = None,
        print_now: bool = True,
        offline_confirmed: bool = False,
    ) -> PaymentOutcome:
        _refuse()

    async def print_receipts(self, result: object) -> PaymentOutcome:
        _refuse()

    async def reconcile(self) -> Sequence[ReconciledSale]:
        return ()

    def open_payments(self) -> Sequence[OpenPayment]:
        return ()

    def payment_of(self, sale_id: str) -> OpenPayment:
        raise LookupError(sale_id)

    def failed(self) -> tuple[()]:
        return ()


class EarlyTillModel(TillModel):
    """The till screen's view-model on :class:`EarlySales`: the basket works; a card entered is
    kept in :attr:`waiting_card` (the last one: the card field shows one number) until the
    services are ready."""

    waiting_card: str | None = None

    def enter_card(self, text: str) -> None:
        self.waiting_card = text
        self._bridge.info(
            QCoreApplication.translate("EarlyTill", "The card will be checked as soon as the till is ready."),
            MessageScope.CARD,
        )

    def clear_card(self) -> None:
        self.waiting_card = None
        super().clear_card()


def _refuse() -> NoReturn:
    raise StillStarting()
