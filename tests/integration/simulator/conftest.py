"""Fixtures of the simulator's own scenario tests (the ``sim`` fixtures are one level up)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.helpers.simulator import SimulatorHandle
from tests.integration.simulator.vendor_shapes_support import MakeSim


@pytest.fixture
async def shaped(make_sim: MakeSim) -> AsyncIterator[SimulatorHandle]:
    """A fresh simulator with ``vendor_shapes`` on (embedded and served, as ``sim``)."""
    async with make_sim(vendor_shapes=True) as handle:
        yield handle
