"""Round trips on the critical path, and a real-world link in front of the till (issue 19).

:class:`RoundTripCounter` wraps a till's transport and notes when each request left and when
its answer came back, on a **logical** clock (a counter of those events, not a stopwatch).
:func:`round_trips` turns the intervals into the figure that a slow link multiplies: the longest
chain of requests each sent after the previous one's answer — requests sent together count
once, requests sent one after the other once each (:func:`groups`, the groups of overlapping
requests, is how they are shown). The order of events is all it needs, so the
count does not depend on the machine's speed; it needs the requests that are sent together to
be *in flight* together, which a link with a delay guarantees (and :class:`Latency` with
``0`` ms still yields to the event loop before it answers, so a test gets the same count).

:class:`Latency` is that link: every request waits ``link_ms + service_ms`` before it goes on
to the transport it wraps (the round trip over DSL or LTE plus the service's own processing).
Named :data:`PROFILES` are what ``python -m benchmarks --profile NAME`` offers.

Nothing here imports Cashier: the test helpers use it as the benchmarks do.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import httpx

_ID = re.compile(r"/[A-Z]{3}_[A-Za-z0-9]+")
YIELDS = 20
"""How often a request with no delay lets the event loop run before it goes on: enough for a
request that was started together with it (``asyncio.gather``) to be sent meanwhile."""


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    link_ms: float
    """The network's round trip (DSL, LTE)."""
    service_ms: float
    """The service's own processing of a request."""

    @property
    def per_request_ms(self) -> float:
        return self.link_ms + self.service_ms

    def describe(self) -> str:
        return f"{self.name}: {self.link_ms:g} ms link + {self.service_ms:g} ms service per request"


PROFILES = {
    profile.name: profile
    for profile in (
        Profile("loopback", 0, 0),
        Profile("dsl", 60, 120),
        Profile("lte", 100, 120),
    )
}


def profile_for(rtt_ms: float | None, name: str | None) -> Profile | None:
    """``--rtt MS`` (all of it the link) or ``--profile NAME``; ``None`` when neither is given."""
    if rtt_ms is not None:
        if rtt_ms < 0:
            raise ValueError("--rtt is a delay in ms, 0 or more")
        return Profile(f"rtt{rtt_ms:g}", rtt_ms, 0)
    if name is not None:
        return PROFILES[name]
    return None


class Latency(httpx.AsyncBaseTransport):
    """Delays every request by ``delay_ms`` before passing it on (a link and a busy service)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, delay_ms: float) -> None:
        self.inner = inner
        self.delay_ms = delay_ms

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.delay_ms > 0:
            await asyncio.sleep(self.delay_ms / 1000)
        else:
            for _ in range(YIELDS):
                await asyncio.sleep(0)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request: what it was and when it started and ended on the counter's logical clock."""

    method: str
    path: str
    start: int
    end: int

    @property
    def name(self) -> str:
        return f"{self.method} {_ID.sub('/{id}', self.path)}"


def round_trips(exchanges: Sequence[Exchange]) -> int:
    """Sequential round trips on the critical path: the longest chain of requests each sent
    after the answer to the one before it came back. Requests in flight together count once;
    where one request overlaps a chain of two (a create sent while a customer and then its
    bank account are made), the chain counts — the customer waits for it. Never less than
    the number of :func:`groups`."""
    ordered = sorted(exchanges, key=lambda e: e.start)
    chain: list[int] = []
    for exchange in ordered:
        before = [chain[i] for i, earlier in enumerate(ordered[: len(chain)]) if earlier.end < exchange.start]
        chain.append(1 + max(before, default=0))
    return max(chain, default=0)


def groups(exchanges: Sequence[Exchange]) -> Iterator[list[Exchange]]:
    """The requests in groups of overlapping intervals, one group per round trip, in order."""
    group: list[Exchange] = []
    reach = -1
    for exchange in sorted(exchanges, key=lambda e: e.start):
        if group and exchange.start > reach:
            yield group
            group = []
        group.append(exchange)
        reach = max(reach, exchange.end)
    if group:
        yield group


@dataclass
class RoundTripCounter(httpx.AsyncBaseTransport):
    """Notes every request's start and end (logical clock) and the TLS handshakes it caused.

    ``mark()`` starts a new flow; :meth:`since` gives the requests after a mark. TLS handshakes
    are seen through httpcore's ``trace`` extension (a network transport only).
    """

    inner: httpx.AsyncBaseTransport
    exchanges: list[Exchange] = field(default_factory=list)
    tls_handshakes: int = 0
    connections: int = 0
    _clock: Iterator[int] = field(default_factory=itertools.count, repr=False)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.extensions = {**request.extensions, "trace": self._trace}
        start = next(self._clock)
        try:
            return await self.inner.handle_async_request(request)
        finally:
            self.exchanges.append(Exchange(request.method, request.url.path, start, next(self._clock)))

    async def _trace(self, event: str, info: object) -> None:
        if event == "connection.start_tls.complete":
            self.tls_handshakes += 1
        elif event == "connection.connect_tcp.complete":
            self.connections += 1

    async def aclose(self) -> None:
        await self.inner.aclose()

    def mark(self) -> int:
        """Where a flow starts: pass it to :meth:`since` / :meth:`trips_since`."""
        return len(self.exchanges)

    def since(self, mark: int) -> list[Exchange]:
        return self.exchanges[mark:]

    def trips_since(self, mark: int) -> int:
        return round_trips(self.since(mark))

    def describe_since(self, mark: int) -> str:
        """``"A | B + C | D"``: the round trips after ``mark``, requests sent together joined by +."""
        return " | ".join(" + ".join(e.name for e in group) for group in groups(self.since(mark)))
