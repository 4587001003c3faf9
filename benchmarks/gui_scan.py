"""Figure 2: a scanner burst for a seeded card → the card panel shows its balances (issue 8.2).

One Qt worker process per simulator mode builds the till's window as ``cashier run`` does
(:mod:`benchmarks.gui_till`: the real till screen on a qasync loop, offscreen, German), fills
the basket by the window (five quick keys and a free price: six lines — the cashier scans the
card after the articles) and puts the focus in the free-price amount field: a scan must reach
the card panel whatever has the focus. Each run types card 9276004400000011 as a
keyboard-wedge scanner does — sixteen digits 5 ms apart, then Enter, as key events to the
focused widget. The application's scanner filter recognises the burst, the card panel shows
the number and the model validates and reads the card (two requests, counted at the
transport). The time runs from the Enter key to the model's ``sale_changed`` with the card
after which the panel's balance labels show the card's cash balance and bonus (``scan.M``),
and on to the next paint of the balance label (``scan.M.painted``). The card is removed from
the sale between runs (the cashier's ✕, no request); warm-up runs are not counted.

Figures (``M`` = ``embedded`` or ``served``): ``scan.M.median|p95`` and
``scan.M.painted.median|p95`` (ms), ``scan.M.runs`` and ``scan.M.requests`` (the most of any
run: validate + read the card) (count).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.context import RunContext
from benchmarks.figures import Figure, summarise
from benchmarks.gui_till import GuiTill, PaintWatch, card_shown, fill_basket, gui_till, run_on_qt, scan, until
from benchmarks.headless import CARD, Backend, BenchmarkError

PAUSE = 0.05
"""Seconds between two runs: the scanner's hold timer and the panel settle, as at a counter."""


def run(ctx: RunContext) -> Iterator[Figure]:
    for mode in ctx.gui_modes():
        backend = ctx.backend(mode)
        params = {"mode": mode, "url": backend.url, "warmup": ctx.count(5, 0), "runs": ctx.count(100, 2)}
        yield from ctx.run_worker("scan", params)


def work(params: dict[str, Any]) -> list[Figure]:
    return run_on_qt(lambda loop: _scans(params, loop))


async def _scans(params: dict[str, Any], loop: asyncio.AbstractEventLoop) -> list[Figure]:
    mode, warmup, count = params["mode"], int(params["warmup"]), int(params["runs"])
    shown, painted, requests = [], [], []
    async with gui_till(Backend(mode, params["url"]), Path(params["home"]) / "till", loop=loop) as gui:
        await fill_basket(gui)
        gui.view.free_price.amount.setFocus()
        paint = PaintWatch(gui.view.card_panel.values["cash"])
        for _ in range(warmup + count):
            before = gui.bench.counter.snapshot()
            enter, labels_set, on_screen = await _one_scan(gui, paint)
            shown.append((labels_set - enter) * 1000)
            painted.append((on_screen - enter) * 1000)
            requests.append(sum(gui.bench.counter.snapshot()) - sum(before))
            gui.model.clear_card()
            await asyncio.sleep(PAUSE)
    name = f"scan.{mode}"
    return [
        *summarise(name, shown[warmup:]),
        *summarise(f"{name}.painted", painted[warmup:]),
        Figure(f"{name}.runs", count, "count"),
        Figure(f"{name}.requests", max(requests[warmup:]), "count"),
    ]


async def _one_scan(gui: GuiTill, paint: PaintWatch) -> tuple[float, float, float]:
    """One scan: (Enter sent, labels set, label painted), ``perf_counter`` times."""
    model, amount = gui.model, gui.view.free_price.amount
    if model.card is not None or model.busy:
        raise BenchmarkError("the card of the last run is still in the sale")
    waiting = asyncio.ensure_future(
        until(lambda: card_shown(gui), model.sale_changed, what="the card", then=paint.arm)
    )
    enter = await scan(CARD)
    labels_set = await waiting
    on_screen = await paint.painted()
    await until(lambda: not model.busy, model.busy_changed, what="the card check to end")
    if amount.text():
        raise BenchmarkError(f"a digit of the scan reached the amount field: {amount.text()!r}")
    if gui.errors():
        raise BenchmarkError(f"the till showed an error: {gui.errors()[0]}")
    return enter, labels_set, on_screen
