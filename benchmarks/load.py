"""Figure 6: N tills selling at once against one served simulator (N = 1, 4, 16).

One worker process runs the N tills as independent asyncio tasks on one event loop: each till
has its own ``CASHIER_HOME`` (settings, journal with ``synchronous=FULL``, secrets file), its
own device registration and access token, its own HTTP connection pool to the one served
simulator (``cashier simulator serve``, another process), and its own card — created by the
till in its set-up (demo loyalty group, 20,00 € loaded in cash), because tills that shared a
card would refuse each other's sales (the card's balance changes between ``preTransaction``
and ``start``). Set-up and one warm-up sale per till are not timed; then every till starts
the benchmark's sale (:mod:`benchmarks.sale`; after its first sale the card's cash balance is
spent, so a sale is bonus plus cash) again and again, until it has made ``per_till`` sales or
``deadline`` seconds have passed — the run stops by itself. The simulator is reset before
each N.

Tills in one process share one CPU core for their own work (the simulator has the other):
the figures are what one machine does for all N tills, a pessimistic stand-in for N machines.

Figures: ``load.nN.sales`` and ``load.nN.errors`` (count), ``load.nN.sales_per_s``,
``load.nN.latency.median|p95`` (ms, per sale), ``load.nN.client_cpu`` and
``load.nN.server_cpu`` (% of one core during the timed part).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.context import RunContext
from benchmarks.figures import Figure, summarise
from benchmarks.headless import (
    SERVED,
    Backend,
    BenchmarkError,
    BenchTill,
    card_sale,
    create_card,
    headless_till,
)
from benchmarks.served import process_cpu_seconds
from cashier.services.errors import SaleError

log = logging.getLogger(__name__)

TILL_COUNTS = (1, 4, 16)
MAX_ERRORS_PER_TILL = 3


def run(ctx: RunContext) -> Iterator[Figure]:
    if SERVED not in ctx.modes:
        return
    served = ctx.served()
    params = {
        "mode": SERVED,
        "url": served.url,
        "server_pid": served.process.pid,
        "tills": list(TILL_COUNTS),
        "sales": ctx.count(240, 4),
        "min_per_till": ctx.count(15, 1),
        "deadline": ctx.count(60, 20),
        "warmup": not ctx.quick,
    }
    yield from ctx.run_worker("load", params)


@dataclass
class TillOutcome:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0


async def work(params: dict[str, Any]) -> list[Figure]:
    figures: list[Figure] = []
    for tills in params["tills"]:
        per_till = max(int(params["min_per_till"]), int(params["sales"]) // tills)
        figures += await _level(
            params["url"],
            tills,
            per_till=per_till,
            deadline=float(params["deadline"]),
            home=Path(params["home"]) / f"n{tills}",
            pid=int(params["server_pid"]),
            warmup=bool(params["warmup"]),
        )
    return figures


async def _level(
    url: str, tills: int, *, per_till: int, deadline: float, home: Path, pid: int, warmup: bool
) -> list[Figure]:
    async with httpx.AsyncClient(base_url=url, timeout=10.0, trust_env=False) as control:
        (await control.post("/simulator/reset")).raise_for_status()
    async with AsyncExitStack() as stack:
        benches = [
            await stack.enter_async_context(headless_till(Backend(SERVED, url), home / f"till-{i:02d}"))
            for i in range(tills)
        ]
        cards = [await create_card(bench) for bench in benches]
        if warmup:
            await asyncio.gather(
                *(
                    card_sale(bench, number, csc, seeded=False)
                    for bench, (number, csc) in zip(benches, cards, strict=True)
                )
            )
        started, cpu, server_cpu = time.perf_counter(), time.process_time(), process_cpu_seconds(pid)
        stop_at = started + deadline
        outcomes = await asyncio.gather(
            *(_sell(bench, card, per_till, stop_at) for bench, card in zip(benches, cards, strict=True))
        )
        wall = time.perf_counter() - started
        cpu, server_cpu = time.process_time() - cpu, process_cpu_seconds(pid) - server_cpu
    latencies = [ms for outcome in outcomes for ms in outcome.latencies_ms]
    if not latencies:
        raise BenchmarkError(f"{tills} tills made no sale")
    name = f"load.n{tills}"
    return [
        Figure(f"{name}.sales", len(latencies), "count"),
        Figure(f"{name}.errors", sum(outcome.errors for outcome in outcomes), "count"),
        Figure(f"{name}.sales_per_s", len(latencies) / wall, "sales/s"),
        *summarise(f"{name}.latency", latencies),
        Figure(f"{name}.client_cpu", 100 * cpu / wall, "%"),
        Figure(f"{name}.server_cpu", 100 * server_cpu / wall, "%"),
    ]


async def _sell(bench: BenchTill, card: tuple[str, str], count: int, stop_at: float) -> TillOutcome:
    outcome = TillOutcome()
    number, csc = card
    for _ in range(count):
        if time.perf_counter() >= stop_at or outcome.errors >= MAX_ERRORS_PER_TILL:
            break
        try:
            sale = await card_sale(bench, number, csc, seeded=False)
        except (SaleError, BenchmarkError) as error:
            outcome.errors += 1
            log.warning("a load sale failed: %s", error)
            continue
        outcome.latencies_ms.append(sale.total_ms)
    return outcome
