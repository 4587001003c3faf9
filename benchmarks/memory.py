"""Figure 5, memory: the resident set of a till process after many headless sales.

A worker process of its own per simulator mode runs the benchmark's sale (see
:mod:`benchmarks.sale`) ``sales`` times after a few warm-up sales, resetting the simulator
before each. With the **served** simulator the process holds the till alone — the figure the
target (≤ 200 MB after 1,000 sales) is about; **embedded**, the simulator and its state live in
the same process, as they do in the till's default environment.

Figures: ``memory.M.sales`` (count), ``memory.M.rss_after_warmup``, ``memory.M.rss_after_sales``
(``VmRSS``) and ``memory.M.rss_peak`` (``VmHWM``), in MB (10⁶ bytes).
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.context import RunContext
from benchmarks.figures import Figure
from benchmarks.headless import Backend, card_sale, headless_till


def run(ctx: RunContext) -> Iterator[Figure]:
    for mode in ctx.modes:
        backend = ctx.backend(mode)
        params = {"mode": mode, "url": backend.url, "warmup": ctx.count(10, 1), "sales": ctx.count(1000, 2)}
        yield from ctx.run_worker("memory", params)


def status_mb(field: str) -> float:
    """``VmRSS`` or ``VmHWM`` of this process from ``/proc/self/status``, in MB.

    Where there is no ``/proc`` the peak from ``getrusage`` stands in for both.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


async def work(params: dict[str, Any]) -> list[Figure]:
    mode, warmup, count = params["mode"], int(params["warmup"]), int(params["sales"])
    async with headless_till(Backend(mode, params["url"]), Path(params["home"]) / "till") as bench:
        for _ in range(warmup):
            await bench.fresh_start()
            await card_sale(bench)
        after_warmup = status_mb("VmRSS")
        for _ in range(count):
            await bench.fresh_start()
            await card_sale(bench)
        after = status_mb("VmRSS")
    name = f"memory.{mode}"
    return [
        Figure(f"{name}.sales", count, "count"),
        Figure(f"{name}.rss_after_warmup", after_warmup, "MB"),
        Figure(f"{name}.rss_after_sales", after, "MB"),
        # VmHWM is updated lazily by the kernel and may lag the last VmRSS a little.
        Figure(f"{name}.rss_peak", max(status_mb("VmHWM"), after), "MB"),
    ]
