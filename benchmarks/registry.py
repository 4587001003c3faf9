"""Every benchmark by name, and the targets of issue 8 its figures are held against.

A benchmark is a module with ``run(ctx: RunContext) -> Iterable[Figure]``; the command line
imports it only when it is selected, so a GUI benchmark can import PySide6 without making the
others pay for it. Adding one = a module plus a line in :data:`BENCHMARKS` (and its targets in
:data:`TARGETS`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Benchmark:
    name: str
    module: str
    summary: str
    simulator: bool
    """Measured on the simulator (embedded and/or served, as ``--served-only`` chooses)."""


BENCHMARKS = (
    Benchmark(
        "coldstart",
        "benchmarks.gui_start",
        "issue 8.1: process start → till window shown and idle, vs. a bare PySide6 window (GUI)",
        True,
    ),
    Benchmark(
        "scan", "benchmarks.gui_scan", "issue 8.2: scanner burst → card panel shows the balances (GUI)", True
    ),
    Benchmark(
        "sale", "benchmarks.sale", "issue 8.3: card + bonus + cash sale → receipt bytes; requests", True
    ),
    Benchmark(
        "eventloop",
        "benchmarks.gui_loop",
        "issue 8.4: longest Qt event-loop block during a sale and a printer timeout (GUI)",
        True,
    ),
    Benchmark("receipt", "benchmarks.receipt", "issue 8.5: receipt render, 80 mm and 58 mm", False),
    Benchmark("journal", "benchmarks.journal", "issue 8.5: journal write per step (synchronous=FULL)", False),
    Benchmark("memory", "benchmarks.memory", "issue 8.5: RSS after 1,000 headless sales", True),
    Benchmark("load", "benchmarks.load", "issue 8.6: 1, 4, 16 tills against one served simulator", True),
    Benchmark("offline", "benchmarks.offline", "issue 18: catch-up booking of 100 offline sales", True),
    Benchmark(
        "fiscal",
        "benchmarks.fiscal",
        "issue 20: what the TSE adds to a cash sale, at a latency profile",
        True,
    ),
    Benchmark(
        "rtt",
        "benchmarks.rtt",
        "issue 19: round trips on the critical path and felt time per flow at a latency profile",
        True,
    ),
)


@dataclass(frozen=True, slots=True)
class Target:
    figure: str
    limit: float
    unit: str
    text: str
    full_run_only: bool = False
    """A ``--quick`` run's counts are too small to judge it (memory after 1,000 sales)."""


TARGETS = (
    Target("sale.embedded.p95", 150, "ms", "sale (embedded) p95 ≤ 150 ms"),
    Target(
        "sale.embedded.requests_after_card_shown", 4, "count", "≤ 4 requests from card shown to sale done"
    ),
    Target("sale.served.requests_after_card_shown", 4, "count", "≤ 4 requests from card shown to sale done"),
    Target("memory.served.rss_after_sales", 200, "MB", "RSS ≤ 200 MB after 1,000 sales (till)", True),
    Target("memory.embedded.rss_after_sales", 200, "MB", "RSS ≤ 200 MB after 1,000 sales (+ sim)", True),
    # A quick run starts each window once, compiling every module: no figure to judge.
    *(Target(f"coldstart.{mode}.ratio", 2, "x", f"cold start ({mode}) ≤ 2× the bare window", True)
      for mode in ("embedded", "served")),
    *(Target(f"coldstart.{mode}.usable.ratio", 3, "x", f"start → usable till ({mode}) ≤ 3× the bare window", True)
      for mode in ("embedded", "served")),
    *(Target(f"scan.{mode}.p95", 50, "ms", f"scan → card shown ({mode}) p95 ≤ 50 ms")
      for mode in ("embedded", "served")),
    *(Target(f"eventloop.{mode}.{part}", 50, "ms", f"Qt event loop never blocked > 50 ms ({mode}, {text})")
      for mode in ("embedded", "served")
      for part, text in (("sale.first", "first sale"), ("sale.max", "sales"),
                         ("printer_timeout.max", "printer timeout"))),
)  # fmt: skip


def by_name(name: str) -> Benchmark:
    for benchmark in BENCHMARKS:
        if benchmark.name == name:
            return benchmark
    raise KeyError(name)
