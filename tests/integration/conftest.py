"""Fixtures for tests that talk HTTP to the simulator, embedded and served.

Async tests run on anyio's pytest plugin (``anyio_mode = "auto"`` in pyproject.toml) on
asyncio; through the ``sim`` fixture each runs twice: once in-process, once over loopback TCP.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from tests.helpers.simulator import ServedSimulator, SimulatorHandle, served_simulator_session, simulator_for

MODES = ["embedded", "served"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def served_simulator() -> Iterator[ServedSimulator]:
    yield from served_simulator_session()


@pytest.fixture(params=MODES)
def sim_mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_sim(
    sim_mode: str, request: pytest.FixtureRequest
) -> Callable[..., AbstractAsyncContextManager[SimulatorHandle]]:
    """``async with make_sim(confirm_after=0) as sim:`` — a simulator with other settings."""
    served = request.getfixturevalue("served_simulator") if sim_mode == "served" else None

    def factory(**config: Any) -> AbstractAsyncContextManager[SimulatorHandle]:
        return simulator_for(sim_mode, served, **config)

    return factory


@pytest.fixture
async def sim(
    make_sim: Callable[..., AbstractAsyncContextManager[SimulatorHandle]],
) -> AsyncIterator[SimulatorHandle]:
    """A fresh simulator with the demo seed and default settings (on a fake clock)."""
    async with make_sim() as handle:
        yield handle
