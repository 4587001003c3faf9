"""Counting round trips on the critical path in tests: the benchmarks' counter around a till.

``RoundTrips().wrap`` goes into ``engine_for(..., wrap_transport=…)`` (or ``till_session``): it
puts :class:`benchmarks.round_trips.RoundTripCounter` around the simulator's transport, with a
link of no delay that still lets the event loop run before each answer, so that requests sent
together are in flight together. Counts only — never a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from benchmarks.round_trips import Latency, RoundTripCounter


@dataclass
class RoundTrips:
    counter: RoundTripCounter | None = None

    def wrap(self, transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        self.counter = RoundTripCounter(Latency(transport, 0))
        return self.counter

    @property
    def trips(self) -> RoundTripCounter:
        assert self.counter is not None, "the till was not opened with RoundTrips.wrap"
        return self.counter
