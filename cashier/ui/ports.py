"""What the till screen needs from the services, as protocols (the services satisfy them).

The layer contract ``ui-goes-through-services`` forbids ``ui`` to reach ``api``, ``printing``,
``httpx`` or ``escpos`` — also indirectly, through a services module that imports them. So
``ui`` imports only the services' plain modules (``services.sale``, ``services.errors``) and
names the use cases it calls here; the composition root passes the real services in, and
mypy checks there that they fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized
from datetime import timedelta
from typing import Any, Protocol

from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.services.open_sales import OpenPayment, Outcome
from cashier.services.sale import CardGroupOption, CardView, Pricing, Sale, SaleKind, Tender
from cashier.services.transaction_view import TransactionView


class Sales(Protocol):
    """:class:`cashier.services.sale_service.SaleService`."""

    max_csc_tries: int

    def new_sale(self, kind: SaleKind = ...) -> Sale: ...
    async def attach_card(self, sale: Sale, text: str) -> CardView: ...
    def detach_card(self, sale: Sale) -> None: ...
    async def check_csc(self, sale: Sale, text: str) -> None: ...
    async def check_pin(self, sale: Sale, text: str) -> None: ...
    def add_line(self, sale: Sale, line: BasketLine) -> None: ...
    def set_quantity(self, sale: Sale, index: int, quantity: int) -> None: ...
    def remove_line(self, sale: Sale, index: int) -> None: ...
    async def apply_card(self, sale: Sale) -> Pricing: ...
    async def abort(self, sale: Sale) -> None: ...
    def add_card_load(self, sale: Sale, amount: Money) -> None: ...
    def create_card(self, sale: Sale, group_id: str) -> None: ...
    async def card_groups(self) -> Sequence[CardGroupOption]: ...


class PaymentOutcome(Protocol):
    """:class:`cashier.services.payment.PaymentResult`."""

    @property
    def sale(self) -> Sale: ...
    @property
    def transaction(self) -> TransactionView: ...
    @property
    def printed(self) -> bool: ...
    @property
    def print_error(self) -> str | None: ...
    @property
    def print_pending(self) -> bool: ...


class Payments(Protocol):
    """:class:`cashier.services.payment.PaymentService`."""

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
    ) -> PaymentOutcome: ...
    async def print_receipts(self, result: Any) -> PaymentOutcome: ...  # a result of pay()


class ReconciledSale(Protocol):
    """:class:`cashier.services.reconcile.Reconciled`."""

    @property
    def sale_id(self) -> str: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def sale_number(self) -> int: ...  # as the receipt and the journal show it


class Reconciliation(Protocol):
    """:class:`cashier.services.reconcile.Reconciler`."""

    async def reconcile(self) -> Sequence[ReconciledSale]: ...
    def open_payments(self) -> Sequence[OpenPayment]: ...
    def payment_of(self, sale_id: str) -> OpenPayment: ...


class Printer(Protocol):
    """:class:`cashier.services.printing.PrintService` (what the status bar shows)."""

    printer_uri: str

    def failed(self) -> Sized: ...


class BookingOutcomeView(Protocol):
    """:class:`cashier.services.offline_booking.BookingResult`."""

    @property
    def sale_id(self) -> str: ...
    @property
    def sale_number(self) -> int: ...
    @property
    def outcome(self) -> str: ...  # booked, booked_without_card, waiting (BookingOutcome)
    @property
    def reason(self) -> str | None: ...


class ServiceConnection(Protocol):
    """:class:`cashier.services.connection.Connection`: online or offline, from the client's own
    requests; a probe loop to come back (docs/offline.md)."""

    @property
    def offline(self) -> bool: ...
    def offline_for(self) -> timedelta: ...
    def subscribe(self, listener: Callable[[bool], None]) -> Callable[[], None]: ...
    async def wait_until_online(self, *, probes: int | None = None) -> bool: ...


class FiscalWatch(Protocol):
    """:class:`cashier.services.fiscal.recorder.FiscalRecorder`: whether the TSE is out
    (docs/fiscal.md); listeners hear ``(out, reason)`` once when it goes out and once when back."""

    @property
    def out(self) -> bool: ...
    def subscribe(self, listener: Callable[[bool, str], None]) -> Callable[[], None]: ...


class PendingSale(Protocol):
    """:class:`cashier.journal.sales.SaleRecord` of an offline sale still to book."""

    @property
    def sale_id(self) -> str: ...
    @property
    def card_number(self) -> str | None: ...


class OfflineBookings(Protocol):
    """:class:`cashier.services.offline_booking.OfflineBooker`: the offline sales still to book."""

    def pending(self) -> Sequence[PendingSale]: ...
    async def book_all(self) -> Sequence[BookingOutcomeView]: ...
