"""A headless till as the composition root builds it, and the benchmark's sale (issue 8 point 3).

:func:`headless_till` opens a till with :func:`cashier.app.composition.open_till` — its own
``CASHIER_HOME`` (settings, journal, secrets in the 0600 file, never the OS keyring), its own
device registration — on the **embedded** simulator (in-process) or the **served** one
(environment ``custom``, the network transport over loopback). A :class:`RequestCounter`
wraps the transport, so every HTTP request of the till is counted where it leaves the client.

:func:`card_sale` is the sale every figure uses: five basket lines (28,56 €), the demo card
9276004400000011 (CSC 1234; 20,00 € cash balance, 3,50 € bonus as seeded), bonus and cash
balance applied, the rest (5,06 €) in cash with 10,00 € given, then the customer receipt
rendered to ESC/POS bytes. :meth:`BenchTill.fresh_start` puts the simulator back to its seed
(``POST /simulator/reset``) and registers the till again (the reset forgets devices), so every
timed sale starts from the same balances with a fresh access token.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Self

import httpx

from benchmarks.round_trips import Latency, RoundTripCounter
from cashier.app.composition import Credentials, Till, open_till
from cashier.app.fiscal_setup import TseBackend
from cashier.app.paths import resolve_paths
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.receipt import Receipt
from cashier.domain.settings import FiscalSettings, Settings
from cashier.domain.vat import VatRate
from cashier.printing.receipt_layout import render_receipt
from cashier.services.sale import SaleState, Tender
from cashier.simulator import seed
from cashier.simulator.transport import BASE_URL, EmbeddedTransport

EMBEDDED, SERVED = "embedded", "served"
DELAY_VARIABLE = "CASHIER_BENCH_DELAY_MS"
"""Set by ``--rtt`` / ``--profile`` for the worker processes: every API request waits this long."""
MODES = (EMBEDDED, SERVED)

CARD = "9276004400000011"  # Erika Musterfrau: 20,00 € cash balance, 3,50 € bonus (seed)
CSC = "1234"
CARD_LOAD = Money(2000)  # what the load benchmark's tills put on the cards they create
NOTE = 1000  # cash is handed over in 10-euro notes: 5,06 € due, 10,00 € given
BASKET = (
    BasketLine("Sandwich Romano", Money(349), 1, VatRate.REDUCED, article_number="30037"),
    BasketLine("Obstsalat klein", Money(249), 1, VatRate.REDUCED, article_number="30200"),
    BasketLine("Wasser 0,25 l", Money(99), 2, VatRate.STANDARD, article_number="51", ean="4999012345678"),
    BasketLine("Milchkaffee", Money(280), 2, VatRate.STANDARD, article_number="10"),
    BasketLine("Käsekuchen ganz", Money(1500), 1, VatRate.REDUCED, article_number="20"),
)


class BenchmarkError(RuntimeError):
    """A sale did not go as the benchmark needs it to (the figures would mean nothing)."""


@dataclass
class RequestCounter(httpx.AsyncBaseTransport):
    """Counts the requests that reach the transport: token calls, API calls, anything else."""

    inner: httpx.AsyncBaseTransport
    token: int = 0
    api: int = 0
    other: int = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/oauth/"):
            self.token += 1
        elif path.startswith("/api/"):
            self.api += 1
        else:
            self.other += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def snapshot(self) -> tuple[int, int, int]:
        return self.token, self.api, self.other


@dataclass(frozen=True, slots=True)
class Backend:
    """Which simulator the tills talk to: ``embedded`` (in-process) or ``served`` at ``url``."""

    mode: str
    url: str = ""

    def __post_init__(self) -> None:
        if self.mode not in MODES or (self.mode == SERVED) != bool(self.url):
            raise ValueError(f"a backend is embedded, or served with a URL; not {self.mode!r} {self.url!r}")


@dataclass
class BenchTill:
    till: Till
    counter: RequestCounter
    control: httpx.AsyncClient = field(repr=False)
    trips: RoundTripCounter | None = None
    """The requests' intervals (round trips on the critical path) and TLS handshakes."""

    async def fresh_start(self) -> None:
        """The seeded shop again (``POST /simulator/reset``) and a new registration of this till."""
        response = await self.control.post("/simulator/reset")
        response.raise_for_status()
        auth = self.till.session.auth
        await auth.forget()
        await auth.register(self.till.settings.device_uuid)
        await auth.wait_for_confirmation()


def bench_delay_ms() -> float:
    """The latency profile's delay per API request in this process (0: none)."""
    return float(os.environ.get(DELAY_VARIABLE) or 0)


@asynccontextmanager
async def headless_till(
    backend: Backend,
    home: Path,
    *,
    delay_ms: float | None = None,
    fiscal_off: bool = False,
    tse_backend: TseBackend | None = None,
) -> AsyncIterator[BenchTill]:
    """A registered till with its data below ``home``; closed (journal, connections) on exit.

    Every request waits ``delay_ms`` (default: the run's latency profile) before it goes on.
    The till signs with the embedded fiskaly simulator (as out of the box) unless ``fiscal_off``;
    ``tse_backend`` reaches another TSE (benchmarks/fiscal.py puts the latency in front of it).
    """
    os.environ["CASHIER_SECRET_STORE"] = "file"  # a benchmark never writes to the OS keyring
    paths = resolve_paths({"CASHIER_HOME": str(home)})
    delay = bench_delay_ms() if delay_ms is None else delay_ms
    counters: list[RequestCounter] = []
    trips: list[RoundTripCounter] = []

    def count(transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        trips.append(RoundTripCounter(Latency(transport, delay) if delay else transport))
        counters.append(RequestCounter(trips[-1]))
        return counters[-1]

    if backend.mode == EMBEDDED:
        settings = Settings(environment="simulator", simulator_terminal_delay=0.0)
        credentials = None
    else:
        settings = Settings(environment="custom", base_url=backend.url)
        credentials = Credentials(seed.CLIENT_ID, seed.CLIENT_SECRET)
    if fiscal_off:
        settings = replace(settings, fiscal=FiscalSettings(tse="off"))
    async with open_till(
        settings, paths, credentials=credentials, wrap_transport=count, tse_backend=tse_backend
    ) as till:
        if till.simulator is not None:
            control = httpx.AsyncClient(transport=EmbeddedTransport(till.simulator), base_url=BASE_URL)
        else:
            control = httpx.AsyncClient(base_url=backend.url, timeout=10.0, trust_env=False)
        async with control:
            yield BenchTill(till, counters[0], control, trips[0])


@dataclass(frozen=True, slots=True)
class SaleRun:
    """One timed sale: milliseconds and the requests counted at the transport."""

    total_ms: float
    """From the new sale to the customer receipt's bytes."""
    card_shown_ms: float
    """From the new sale to the card's balances known (``attach_card`` returned)."""
    requests: int
    """Every request of the sale (token calls included)."""
    after_card_shown: int
    """API requests from the card shown to the completed sale (token calls not included)."""
    token_requests: int
    receipt: Receipt
    receipt_bytes: int


async def card_sale(bench: BenchTill, card: str = CARD, csc: str = CSC, *, seeded: bool = True) -> SaleRun:
    """The benchmark's sale; ``seeded`` checks it used bonus, cash balance and cash as seeded."""
    sales, counter = bench.till.sales, bench.counter
    token0, api0, other0 = counter.snapshot()
    started = time.perf_counter()
    sale = sales.new_sale()
    for line in BASKET:
        sales.add_line(sale, line)
    await sales.attach_card(sale, card)
    shown = time.perf_counter()
    _, api1, _ = counter.snapshot()
    await sales.check_csc(sale, csc)
    pricing = await sales.apply_card(sale)
    given = Money(-(-sale.amount_due.cents // NOTE) * NOTE)
    result = await bench.till.payments.pay(sale, Tender.CASH, given=given)
    data = render_receipt(result.receipts.customer, bench.till.printer.profile)
    done = time.perf_counter()
    token2, api2, other2 = counter.snapshot()
    if sale.state not in (SaleState.COMPLETED, SaleState.PRINTED) or pricing.missing_sum.is_zero:
        raise BenchmarkError(f"sale {sale.sale_id} ended {sale.state.value} without a cash remainder")
    if seeded and (pricing.bonus_used.is_zero or pricing.cash_balance_used.is_zero):
        raise BenchmarkError(f"sale {sale.sale_id} did not use the card's bonus and cash balance")
    return SaleRun(
        total_ms=(done - started) * 1000,
        card_shown_ms=(shown - started) * 1000,
        requests=(token2 - token0) + (api2 - api0) + (other2 - other0),
        after_card_shown=api2 - api1,
        token_requests=token2 - token0,
        receipt=result.receipts.customer,
        receipt_bytes=len(data),
    )


async def create_card(bench: BenchTill, load: Money = CARD_LOAD) -> tuple[str, str]:
    """A new card of the demo loyalty group loaded with ``load`` in cash: (number, CSC)."""
    sales = bench.till.sales
    sale = sales.new_sale()
    sales.create_card(sale, seed.LOYALTY_GROUP_ID)
    sales.add_card_load(sale, load)
    await bench.till.payments.pay(sale, Tender.CASH, given=load)
    if sale.new_card_number is None or sale.new_card_csc is None:
        raise BenchmarkError("the simulator created no card")
    return sale.new_card_number, sale.new_card_csc


class LoopWatch:
    """How long the event loop was blocked: the latest a 2 ms timer woke up, in ms.

    A task sleeps ``interval`` again and again and notes how much later than asked it ran;
    anything that holds the loop (a synchronous import, a long render, a slow disk write)
    shows as that lateness. Headless, on asyncio — the GUI's Qt loop is measured apart.
    """

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self._worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Self:
        self._task = asyncio.create_task(self._beat())
        await asyncio.sleep(0)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _beat(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.interval
            await asyncio.sleep(self.interval)
            self._worst = max(self._worst, loop.time() - due)

    def take(self) -> float:
        """The longest block since the last ``take`` (ms), and start again."""
        worst, self._worst = self._worst, 0.0
        return worst * 1000
