"""Issue 19: round trips on the critical path and felt time per flow, over a real-world link.

Every API request of the till waits the latency profile's delay (``--rtt MS`` or ``--profile
NAME``; this benchmark takes ``dsl`` when the run has none) before it reaches the simulator,
embedded or served. Each flow of :mod:`benchmarks.flows` runs ``runs`` times, each time on the
seeded shop (``POST /simulator/reset`` and a new registration before it, not timed; so no
token call falls into a flow). Figures (``M`` = ``embedded`` or ``served``, ``F`` = the flow):

* ``rtt.M.F.round_trips`` — sequential round trips: groups of requests whose intervals do not
  overlap (:func:`benchmarks.round_trips.round_trips`), the most of any run;
* ``rtt.M.F.requests`` — the requests of the flow;
* ``rtt.M.F.felt`` — the median time the customer waits, at the profile's latency, ms;
* ``rtt.M.delay`` — the profile's delay per request, ms;
* ``rtt.tls.handshakes`` — TLS handshakes of one till run over https on loopback (self-signed,
  :mod:`benchmarks.tls`; the server keeps idle connections 75 s as nginx does): registration,
  then every flow once, ``rtt.tls.pause`` seconds apart (6 s, 0 in a quick run) — keep-alive
  makes it the connections the till needs at once (2: two reads are sent together), not one
  per request or per sale; ``rtt.tls.handshakes_at_start`` — of them, before the first flow.

Run ``python -m benchmarks.rtt --calls`` to see which requests make each round trip.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.context import RunContext
from benchmarks.figures import Figure
from benchmarks.flows import FLOWS, Counter, FlowRun, run_flow
from benchmarks.headless import EMBEDDED, SERVED, Backend, BenchTill, headless_till
from benchmarks.round_trips import PROFILES, RoundTripCounter
from benchmarks.tls import tls_simulator

DEFAULT_PROFILE = "dsl"
TLS = "tls"
TLS_PAUSE = 6.0
"""Seconds between the flows over TLS: more than httpx's default keep-alive of 5 s."""


QUICK_DELAY_MS = 1.0
"""A ``--quick`` run without a profile checks the harness, not the waiting: 1 ms per request."""


def run(ctx: RunContext) -> Iterator[Figure]:
    delay = PROFILES[DEFAULT_PROFILE].per_request_ms
    if ctx.profile is not None:
        delay = ctx.profile.per_request_ms
    elif ctx.quick:
        delay = QUICK_DELAY_MS
    for mode in ctx.modes:
        backend = ctx.backend(mode)
        params = {"mode": mode, "url": backend.url, "delay_ms": delay, "runs": ctx.count(5, 1)}
        yield from ctx.run_worker("rtt", params)
    if SERVED in ctx.modes:
        pause = ctx.count(int(TLS_PAUSE), 0)
        yield from ctx.run_worker("rtt", {"mode": TLS, "url": "", "delay_ms": 0, "runs": 1, "pause": pause})


async def tls_work(params: dict[str, Any]) -> list[Figure]:
    """The flows once each over https on loopback, ``pause`` seconds apart: TLS handshakes."""
    home, pause = Path(params["home"]), float(params["pause"])
    with tls_simulator(home / "simulator") as endpoint:
        os.environ["SSL_CERT_FILE"] = str(endpoint.cafile)  # this worker's till trusts it
        async with headless_till(Backend(SERVED, endpoint.url), home / "till", delay_ms=0) as bench:
            trips = bench.trips
            assert isinstance(trips, RoundTripCounter)
            at_start = trips.tls_handshakes
            counter = Counter(bench.till.sales, bench.till.payments, trips)
            for name in FLOWS:
                await asyncio.sleep(pause)  # the counter between customers (keep-alive is the point)
                await run_flow(counter, name)
    return [
        Figure("rtt.tls.handshakes", trips.tls_handshakes, "count"),
        Figure("rtt.tls.handshakes_at_start", at_start, "count"),
        Figure("rtt.tls.flows", len(FLOWS), "count"),
        Figure("rtt.tls.pause", pause, "s"),
    ]


async def flow_runs(bench: BenchTill, runs: int) -> dict[str, list[FlowRun]]:
    trips = bench.trips
    assert isinstance(trips, RoundTripCounter)
    counter = Counter(bench.till.sales, bench.till.payments, trips)
    results: dict[str, list[FlowRun]] = {name: [] for name in FLOWS}
    for _ in range(runs):
        for name in FLOWS:
            await bench.fresh_start()
            results[name].append(await run_flow(counter, name))
    return results


async def work(params: dict[str, Any]) -> list[Figure]:
    if params["mode"] == TLS:
        return await tls_work(params)
    mode, runs, delay = params["mode"], int(params["runs"]), float(params["delay_ms"])
    async with headless_till(
        Backend(mode, params["url"]), Path(params["home"]) / "till", delay_ms=delay
    ) as bench:
        results = await flow_runs(bench, runs)
    figures = [Figure(f"rtt.{mode}.delay", delay, "ms")]
    for name, flow in results.items():
        figures += [
            Figure(f"rtt.{mode}.{name}.round_trips", max(run.round_trips for run in flow), "count"),
            Figure(f"rtt.{mode}.{name}.requests", max(run.requests for run in flow), "count"),
            Figure(f"rtt.{mode}.{name}.felt", statistics.median(run.felt_ms for run in flow), "ms"),
        ]
    return figures


async def _calls() -> None:
    with tempfile.TemporaryDirectory(prefix="cashier-rtt-") as home:
        async with headless_till(Backend(EMBEDDED), Path(home), delay_ms=1) as bench:
            for name, flow in (await flow_runs(bench, 1)).items():
                sys.stdout.write(f"{name}: {flow[0].round_trips} round trips: {flow[0].calls}\n")


if __name__ == "__main__":
    if sys.argv[1:] != ["--calls"]:
        sys.exit("usage: python -m benchmarks.rtt --calls")
    asyncio.run(_calls())
