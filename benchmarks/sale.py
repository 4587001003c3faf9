"""Figure 3: a card sale from the new sale to the receipt's bytes, and its HTTP requests.

One worker process per simulator mode opens one headless till; before every sale the simulator
is reset to its seed and the till registered again (outside the timing), so every sale is the
same: 5 lines, card 9276004400000011 with its bonus and cash balance, 5,06 € cash remainder,
customer receipt rendered (the till also queues and "prints" it to its ``preview`` printer,
as it does at the counter). The first sale of the fresh process is reported on its own
(``first``: imports, schema building, python-escpos' capability data) and, with the other
warm-up sales, kept out of median and p95.

Figures (``M`` = ``embedded`` or ``served``):

* ``sale.M.median|p95`` — new sale → receipt bytes, ms;
* ``sale.M.card_shown.median|p95`` — new sale with its basket → the card's balances known (the
  engine's part of "scan → card shown": validate + read the card, journal the step), ms;
* ``sale.M.first`` — the first sale in a fresh process, ms;
* ``sale.M.loop_blocked.max`` and ``sale.M.first.loop_blocked`` — the longest the (asyncio)
  event loop was blocked during any timed sale, and during the first sale, ms
  (:class:`~benchmarks.headless.LoopWatch`: a 2 ms timer's lateness; it runs during every
  sale, at a cost of a few hundred wake-ups per second);
* ``sale.M.requests`` — HTTP requests of one sale at the transport (the most of any run);
* ``sale.M.requests_after_card_shown`` — API requests from the card shown to the completed
  sale (target ≤ 4: CSC, create, preTransaction, start);
* ``sale.M.token_requests`` — token calls during one sale (0: the registration is fresh).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.context import RunContext
from benchmarks.figures import Figure, summarise
from benchmarks.headless import Backend, LoopWatch, card_sale, headless_till


def run(ctx: RunContext) -> Iterator[Figure]:
    for mode in ctx.modes:
        backend = ctx.backend(mode)
        params = {"mode": mode, "url": backend.url, "warmup": ctx.count(10, 1), "runs": ctx.count(200, 2)}
        yield from ctx.run_worker("sale", params)


async def work(params: dict[str, Any]) -> list[Figure]:
    mode, warmup, count = params["mode"], int(params["warmup"]), int(params["runs"])
    runs, blocked = [], []
    async with (
        headless_till(Backend(mode, params["url"]), Path(params["home"]) / "till") as bench,
        LoopWatch() as watch,
    ):
        for _ in range(warmup + count):
            await bench.fresh_start()
            watch.take()
            runs.append(await card_sale(bench))
            blocked.append(watch.take())
    timed = runs[warmup:]
    name = f"sale.{mode}"
    return [
        *summarise(name, [run.total_ms for run in timed]),
        *summarise(f"{name}.card_shown", [run.card_shown_ms for run in timed]),
        Figure(f"{name}.first", runs[0].total_ms, "ms"),
        Figure(f"{name}.loop_blocked.max", max(blocked[warmup:]), "ms"),
        Figure(f"{name}.first.loop_blocked", blocked[0], "ms"),
        Figure(f"{name}.runs", len(timed), "count"),
        Figure(f"{name}.requests", max(run.requests for run in timed), "count"),
        Figure(f"{name}.requests_after_card_shown", max(run.after_card_shown for run in timed), "count"),
        Figure(f"{name}.token_requests", max(run.token_requests for run in timed), "count"),
    ]
