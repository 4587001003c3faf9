"""The fiskaly client, the TSE adapter and provisioning against the fiskaly simulator.

Most tests run embedded (in-process); ``test_served.py`` runs the same calls once over a real
socket, through the ``/fiskaly`` mount of ``cashier simulator serve``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from cashier.services.fiscal.fiskaly_tse import FiskalyTse
from cashier.simulator.fiskaly import seed
from tests.helpers.fiskaly import FiskalySim, ServedFiskaly, fiskaly_for, served_fiskaly_session


@pytest.fixture
async def fsim() -> AsyncIterator[FiskalySim]:
    async with fiskaly_for("embedded", None) as sim:
        yield sim


@pytest.fixture(scope="session")
def served_fiskaly() -> Iterator[ServedFiskaly]:
    yield from served_fiskaly_session()


@pytest.fixture
def tse(fsim: FiskalySim) -> FiskalyTse:
    """The seed's TSS and client, as the till would use them."""
    return FiskalyTse(fsim.client(), seed.TSS_ID, seed.CLIENT_ID, "simulator")
