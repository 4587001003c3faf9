"""The real client (cashier.api) against the simulator, embedded and served.

The helpers (:func:`client_for`, :func:`till_session`, :class:`CountingTransport`, …) live in
:mod:`tests.helpers.till`, shared with the service tests. After every served-mode test the
simulator's server must have no connection left open.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.helpers.simulator import ServedSimulator


@pytest.fixture(autouse=True)
def no_connection_left_open(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a served-mode test, the simulator's server must see no open connection."""
    served: ServedSimulator | None = None
    if "sim_mode" in request.fixturenames and request.getfixturevalue("sim_mode") == "served":
        served = request.getfixturevalue("served_simulator")
    yield
    if served is None:
        return
    # The server notices a client's close at once; it would close an idle keep-alive connection
    # itself only after 5 s (uvicorn's default), so wait well below that.
    deadline = time.monotonic() + 2.0
    while served.server.server_state.connections and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not served.server.server_state.connections, "a connection to the simulator was left open"
