"""Issue 20: what the TSE costs a sale at the counter.

One worker process per simulator mode opens two headless tills: one without a TSE
(``[fiscal] tse = "off"``) and one signing with the fiskaly simulator — embedded, its requests
behind the same latency as secuconnect's (the run's profile: ``--profile dsl`` puts 180 ms in
front of every TSE request too, a cloud TSE being as far away as secuconnect). Each sells
``sales`` cash sales (one line, 5,00 € given) from the new sale to the receipt stored and signed.
The TSE's transaction starts alongside the payment's first request and is finished after it,
before the receipt prints: one round trip more per sale, whatever the link.

Figures (``M`` = ``embedded`` or ``served``):

* ``fiscal.M.off.median|p95`` / ``fiscal.M.signed.median|p95`` — one sale, ms;
* ``fiscal.M.extra`` — median signed − median off, ms (what the TSE adds);
* ``fiscal.M.tse_requests_per_sale`` — TSE requests per sale (start and finish: 2);
* ``fiscal.M.signed`` — sales that came out signed (must be all of them).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from benchmarks.context import RunContext
from benchmarks.figures import Figure, summarise
from benchmarks.headless import Backend, BenchmarkError, bench_delay_ms, headless_till
from benchmarks.round_trips import Latency
from cashier.app.fiscal_setup import FiskalyBackend, TseConnection
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.fiskaly import FiskalyClient, FiskalyCredentials
from cashier.services.fiscal.fiskaly_tse import FiskalyTse
from cashier.services.fiscal.port import Tse
from cashier.services.sale import Tender
from cashier.simulator.fiskaly.app import create_fiskaly_app
from cashier.simulator.fiskaly.transport import EMBEDDED_BASE_URL, FiskalyEmbeddedTransport

COFFEE = BasketLine("Milchkaffee", Money(280), 1, VatRate.STANDARD, article_number="10")


class Counted(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class DistantTse(FiskalyBackend):
    """The embedded fiskaly simulator behind the run's latency, its requests counted."""

    def __init__(self, home: Path, delay_ms: float) -> None:
        super().__init__()
        self.app = create_fiskaly_app(db_path=home / "fiskaly.sqlite")
        self.counted = Counted(Latency(FiskalyEmbeddedTransport(self.app), delay_ms))

    def tse(self, connection: TseConnection) -> Tse:
        client = FiskalyClient(
            EMBEDDED_BASE_URL,
            FiskalyCredentials(connection.api_key, connection.api_secret),
            transport=self.counted,
        )
        return FiskalyTse(client, connection.tss_id, connection.client_id, connection.tse)


def run(ctx: RunContext) -> Iterator[Figure]:
    for mode in ctx.modes:
        backend = ctx.backend(mode)
        yield from ctx.run_worker("fiscal", {"mode": mode, "url": backend.url, "sales": ctx.count(50, 3)})


async def sell(till: Any, count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        sale = till.sales.new_sale()
        till.sales.add_line(sale, COFFEE)
        await till.payments.pay(sale, Tender.CASH, given=Money(500))
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def work(params: dict[str, Any]) -> list[Figure]:
    mode, count = params["mode"], int(params["sales"])
    home = Path(params["home"])
    backend = Backend(mode, params["url"])
    async with headless_till(backend, home / "off", fiscal_off=True) as bench:
        off = await sell(bench.till, count + 1)
    distant = DistantTse(home, bench_delay_ms())
    try:
        async with headless_till(backend, home / "signed", tse_backend=distant) as bench:
            before = distant.counted.requests
            signed = await sell(bench.till, count + 1)
            requests = distant.counted.requests - before
            assert bench.till.fiscal is not None
            await bench.till.fiscal.drain()
            marks = [
                bench.till.fiscal.mark_of(r.sale_id)
                for r in bench.till.journal.of_day(bench.till.context.business_day())
            ]
    finally:
        distant.app.ctx.store.close()
    good = sum(1 for mark in marks if mark is not None and mark.signature is not None)
    if good != count + 1:
        raise BenchmarkError(f"{good} of {count + 1} sales signed")
    name = f"fiscal.{mode}"
    return [
        *summarise(f"{name}.off", off[1:]),
        *summarise(f"{name}.signed", signed[1:]),
        Figure(f"{name}.extra", statistics.median(signed[1:]) - statistics.median(off[1:]), "ms"),
        Figure(f"{name}.tse_requests_per_sale", requests / (count + 1), "count"),
        Figure(f"{name}.signed", good, "count"),
    ]
