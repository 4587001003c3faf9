"""The flows a customer waits for at the counter, through the services the GUI and the CLI use.

Each flow sets its sale up (outside the measured part: the cashier's own work, or an earlier
flow), then runs the part the customer waits for — from the cashier's key to the answer on
screen — with the :class:`~benchmarks.round_trips.RoundTripCounter` marked around it:

* ``scan`` — scan → card shown (``attach_card``);
* ``csc_paid`` — F8, CSC entered → paid: the CSC checked, the card applied, the card's balance
  and bonus pay the whole sale (``check_csc``, ``apply_card``, ``pay(CARD)``);
* ``cash`` — a sale without a card: pay → result (``pay(CASH)``);
* ``load`` — a card load (the card scanned before): pay → result;
* ``new_card`` — a new card with a load: pay → result (the new card's number);
* ``sepa`` — a SEPA direct debit: pay → result (customer, bank account, the debit).

The benchmark (:mod:`benchmarks.rtt`) runs them on a till from ``open_till`` with a latency
profile; ``tests/integration/services/test_round_trips.py`` pins their round trips.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from benchmarks.round_trips import RoundTripCounter
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.payment import PaymentService
from cashier.services.sale import Sale, SaleState, Tender
from cashier.services.sale_service import SaleService
from cashier.simulator import seed

CARD = "9276004400000011"  # Erika Musterfrau: 20,00 € cash balance, 3,50 € bonus (seed)
CSC = "1234"
IBAN = "DE89 3704 0044 0532 0130 00"
HOLDER = "Erika Musterfrau"
COFFEE = BasketLine("Milchkaffee", Money(280), 2, VatRate.STANDARD, article_number="10")
CAKE = BasketLine("Käsekuchen ganz", Money(1500), 1, VatRate.REDUCED, article_number="20")

FLOWS = ("scan", "csc_paid", "cash", "load", "new_card", "sepa")


class FlowFailed(RuntimeError):
    """A flow did not end as it should (its figures would mean nothing)."""


@dataclass(frozen=True, slots=True)
class FlowRun:
    name: str
    round_trips: int
    requests: int
    felt_ms: float
    calls: str
    """The round trips, e.g. ``POST …/validateMerchantcard + GET …/MerchantCards``."""


@dataclass
class Counter:
    sales: SaleService
    payments: PaymentService
    trips: RoundTripCounter

    async def timed(self, name: str, part: Callable[[], Awaitable[object]]) -> FlowRun:
        mark = self.trips.mark()
        started = time.perf_counter()
        await part()
        felt = (time.perf_counter() - started) * 1000
        return FlowRun(
            name,
            self.trips.trips_since(mark),
            len(self.trips.since(mark)),
            felt,
            self.trips.describe_since(mark),
        )

    def sale(self, *lines: BasketLine) -> Sale:
        sale = self.sales.new_sale()
        for line in lines:
            self.sales.add_line(sale, line)
        return sale

    def done(self, sale: Sale) -> None:
        if sale.state not in (SaleState.COMPLETED, SaleState.PRINTED, SaleState.PENDING):
            raise FlowFailed(f"sale {sale.sale_id} ended {sale.state.value}")


async def run_flow(counter: Counter, name: str) -> FlowRun:
    """One run of the flow ``name`` (one of :data:`FLOWS`)."""
    sales, payments = counter.sales, counter.payments
    if name == "scan":
        sale = counter.sale(COFFEE)
        run = await counter.timed(name, lambda: sales.attach_card(sale, CARD))
        await sales.abort(sale)
        return run
    if name == "csc_paid":
        sale = counter.sale(COFFEE)
        await sales.attach_card(sale, CARD)

        async def csc_paid() -> None:
            await sales.check_csc(sale, CSC)
            pricing = await sales.apply_card(sale)
            if not pricing.missing_sum.is_zero:
                raise FlowFailed("the card does not cover the sale")
            await payments.pay(sale, Tender.CARD, print_now=False)

        run = await counter.timed(name, csc_paid)
    elif name == "cash":
        sale = counter.sale(COFFEE, CAKE)
        run = await counter.timed(
            name, lambda: payments.pay(sale, Tender.CASH, given=Money(5000), print_now=False)
        )
    elif name == "load":
        sale = sales.new_sale()
        await sales.attach_card(sale, CARD)
        sales.add_card_load(sale, Money(2000))
        run = await counter.timed(
            name, lambda: payments.pay(sale, Tender.CASH, given=Money(2000), print_now=False)
        )
    elif name == "new_card":
        sale = sales.new_sale()
        sales.create_card(sale, seed.LOYALTY_GROUP_ID)
        sales.add_card_load(sale, Money(1000))
        run = await counter.timed(
            name, lambda: payments.pay(sale, Tender.CASH, given=Money(1000), print_now=False)
        )
        if sale.new_card_number is None:
            raise FlowFailed("no card was created")
    elif name == "sepa":
        sale = counter.sale(COFFEE, CAKE)
        run = await counter.timed(
            name, lambda: payments.pay(sale, Tender.SEPA, iban=IBAN, holder=HOLDER, print_now=False)
        )
    else:
        raise ValueError(f"no flow {name!r}")
    counter.done(sale)
    return run
