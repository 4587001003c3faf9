"""Round trips on the critical path, pinned (issue 19): a serial request added to a flow fails here.

Each flow of :mod:`benchmarks.flows` — the part a customer waits for at the counter — runs
through the services the GUI and the CLI use, against the simulator; the transport notes when
each request left and came back (:class:`benchmarks.round_trips.RoundTripCounter`), and requests
in flight together count as one round trip. Counts only: no time is measured or compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.flows import FLOWS, Counter, run_flow
from tests.helpers.engine import engine_for
from tests.helpers.round_trips import RoundTrips
from tests.helpers.simulator import SimulatorHandle

ROUND_TRIPS = {
    "scan": 1,  # validate + read the card, sent together
    "csc_paid": 3,  # CSC + create (together), preTransaction, start
    "cash": 2,  # create, start
    "load": 2,  # create, start
    "new_card": 2,  # create, start
    "sepa": 4,  # payment customer + create (together), bank account, prepare, start
}
REQUESTS = {"scan": 2, "csc_paid": 4, "cash": 2, "load": 2, "new_card": 2, "sepa": 5}


@pytest.mark.parametrize("flow", FLOWS)
async def test_the_flow_takes_its_round_trips(flow: str, sim: SimulatorHandle, tmp_path: Path) -> None:
    link = RoundTrips()
    async with engine_for(sim, tmp_path, wrap_transport=link.wrap) as engine:
        run = await run_flow(Counter(engine.sales, engine.payments, link.trips), flow)
    assert (run.round_trips, run.requests) == (ROUND_TRIPS[flow], REQUESTS[flow]), run.calls
