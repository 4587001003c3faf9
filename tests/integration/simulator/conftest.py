"""Fixtures of the simulator's own scenario tests (the ``sim`` fixtures are one level up).

These tests pin the simulator's tidy shapes (exact answers, contract-checked): here ``make_sim``
(and so ``sim``) keeps ``vendor_shapes`` off whatever ``CASHIER_SIM_VENDOR_SHAPES`` says; the
``test_vendor_shapes*`` files turn it on with ``shaped`` or ``make_sim(vendor_shapes=True)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from typing import Any

import pytest

from tests.helpers.simulator import SimulatorHandle
from tests.integration.simulator.vendor_shapes_support import MakeSim


@pytest.fixture
def make_sim(make_sim: MakeSim) -> MakeSim:
    """The parent ``make_sim`` with ``vendor_shapes=False`` unless a test asks otherwise."""

    def factory(**config: Any) -> AbstractAsyncContextManager[SimulatorHandle]:
        return make_sim(**{"vendor_shapes": False, **config})

    return factory


@pytest.fixture
async def shaped(make_sim: MakeSim) -> AsyncIterator[SimulatorHandle]:
    """A fresh simulator with ``vendor_shapes`` on (embedded and served, as ``sim``)."""
    async with make_sim(vendor_shapes=True) as handle:
        yield handle
