"""Issue 18: the catch-up — booking 100 sales made while secuconnect was down.

One worker process per simulator mode opens one headless till (:func:`headless_till`), pulls the
plug (the counting transport's inner transport is swapped for one that refuses every connection,
as a shop's line that is down) and sells ``sales`` cash sales at the counter: one line each
(Milchkaffee, 2,80 €, 5,00 € given), every fourth naming the demo card 9276004400000011 so that
its booking credits the bonus. Then the line comes back, one probe takes the till online (outside
the timing), and :meth:`OfflineBooker.book_all` books them all, oldest first — what the GUI's
background task and ``cashier sync`` run. Every sale must come out booked, else the run fails.

Figures (``M`` = ``embedded`` or ``served``):

* ``offline.M.catch_up`` — ``book_all()`` for every pending sale, s;
* ``offline.M.per_sale`` — the same per sale, ms;
* ``offline.M.requests_per_sale`` — API requests of the catch-up per sale (lookup by reference,
  create, start; a card sale also reads its card);
* ``offline.M.sale.median|p95`` — one offline sale at the counter (new sale → completed, receipt
  stored), ms, without the process's first one: ``offline.M.sale.first`` (imports, the failed
  connect that takes the till offline);
* ``offline.M.sales`` — how many were booked.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from benchmarks.context import RunContext
from benchmarks.figures import Figure, summarise
from benchmarks.headless import CARD, Backend, BenchmarkError, BenchTill, headless_till
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.offline_booking import BookingOutcome
from cashier.services.sale import SaleState, Tender

COFFEE = BasketLine("Milchkaffee", Money(280), 1, VatRate.STANDARD, article_number="10")
CARD_EVERY = 4


class Unplugged(httpx.AsyncBaseTransport):
    """The shop's line is down: every request fails to connect."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused (unplugged)", request=request)


def run(ctx: RunContext) -> Iterator[Figure]:
    for mode in ctx.modes:
        backend = ctx.backend(mode)
        yield from ctx.run_worker("offline", {"mode": mode, "url": backend.url, "sales": ctx.count(100, 3)})


async def sell_offline(bench: BenchTill, count: int) -> list[float]:
    """``count`` cash sales with the line down; ms each."""
    line, bench.counter.inner = bench.counter.inner, Unplugged()
    timings = []
    try:
        for number in range(count):
            started = time.perf_counter()
            sale = bench.till.sales.new_sale()
            bench.till.sales.add_line(sale, COFFEE)
            if number % CARD_EVERY == 0:
                await bench.till.sales.attach_card(sale, CARD)
            result = await bench.till.payments.pay(sale, Tender.CASH, given=Money(500))
            timings.append((time.perf_counter() - started) * 1000)
            sold = sale.state in (SaleState.COMPLETED, SaleState.PRINTED)
            if not sold or result.transaction.status != "offline":
                raise BenchmarkError(f"sale {sale.sale_id} was not sold offline ({sale.state.value})")
    finally:
        bench.counter.inner = line
    return timings


async def work(params: dict[str, Any]) -> list[Figure]:
    mode, count = params["mode"], int(params["sales"])
    async with headless_till(Backend(mode, params["url"]), Path(params["home"]) / "till") as bench:
        selling = await sell_offline(bench, count)
        if not await bench.till.connection.probe():
            raise BenchmarkError("the till did not come back online")
        _, api0, _ = bench.counter.snapshot()
        started = time.perf_counter()
        results = await bench.till.booker.book_all()
        elapsed = time.perf_counter() - started
        _, api1, _ = bench.counter.snapshot()
    booked = [r for r in results if r.outcome is BookingOutcome.BOOKED]
    if len(booked) != count:
        raise BenchmarkError(f"{len(booked)} of {count} offline sales booked: {results[-1:]}")
    name = f"offline.{mode}"
    return [
        Figure(f"{name}.catch_up", elapsed, "s"),
        Figure(f"{name}.per_sale", elapsed * 1000 / count, "ms"),
        Figure(f"{name}.requests_per_sale", (api1 - api0) / count, "count"),
        Figure(f"{name}.sale.first", selling[0], "ms"),
        *summarise(f"{name}.sale", selling[1:] or selling),
        Figure(f"{name}.sales", len(booked), "count"),
    ]
