"""The round-trip counter of issue 19: requests in flight together count once (no timing)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from benchmarks.round_trips import Exchange, Latency, RoundTripCounter, groups, profile_for, round_trips


def test_requests_in_flight_together_are_one_round_trip_and_serial_ones_one_each() -> None:
    def x(start: int, end: int) -> Exchange:
        return Exchange("GET", "/x", start, end)

    assert round_trips([]) == 0
    assert round_trips([x(0, 1), x(2, 3), x(4, 5)]) == 3
    assert round_trips([x(0, 3), x(1, 2), x(4, 7), x(5, 8)]) == 2  # two pairs sent together
    # Two short ones one after the other beside a long one: one group, but a chain of two.
    assert round_trips([x(0, 5), x(1, 2), x(3, 4)]) == 2
    assert len(list(groups([x(0, 5), x(1, 2), x(3, 4)]))) == 1
    assert round_trips([x(3, 4), x(0, 1)]) == 2  # in any order
    # A create sent together with a customer whose bank account follows: the chain of two counts.
    assert round_trips([x(0, 2), x(1, 5), x(3, 4), x(6, 7)]) == 3


async def test_the_counter_sees_gathered_requests_together_and_awaited_ones_apart() -> None:
    counter = RoundTripCounter(Latency(httpx.MockTransport(lambda request: httpx.Response(200)), 0))
    async with httpx.AsyncClient(transport=counter, base_url="http://test") as client:
        mark = counter.mark()
        await asyncio.gather(client.get("/a"), client.get("/b"))
        await client.get("/c")
        assert counter.trips_since(mark) == 2
        assert counter.describe_since(mark) in ("GET /a + GET /b | GET /c", "GET /b + GET /a | GET /c")


def test_the_profiles() -> None:
    assert profile_for(None, None) is None
    dsl = profile_for(None, "dsl")
    assert dsl is not None
    assert dsl.per_request_ms == 180
    rtt = profile_for(250, None)
    assert rtt is not None
    assert rtt.per_request_ms == 250
    with pytest.raises(ValueError, match="0 or more"):
        profile_for(-1, None)
