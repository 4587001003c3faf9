"""The request that finds the line down says why the payment cannot go on (docs/offline.md).

A till that believed itself online learns it is offline from the payment's first request; a
tender that needs secuconnect is then refused with the words of :func:`refused_offline`, as it
would be a moment later — not with a bare "cannot be reached" (``cashier sale`` is a new process
each time, so every headless sale asks that first request).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cashier.domain.money import Money
from cashier.services.errors import NotPossibleOffline
from cashier.services.sale import Tender
from tests.helpers.engine import SANDWICH, engine_for
from tests.helpers.simulator import SimulatorHandle

pytestmark = pytest.mark.expected_errors("cashier.api.http")


@pytest.mark.parametrize(
    ("tender", "what", "words"),
    [
        (Tender.TERMINAL, "terminal", "the card terminal is reached through secuconnect"),
        (Tender.SEPA, "sepa", "a direct debit goes through secuconnect"),
    ],
)
async def test_the_first_request_to_fail_refuses_with_the_offline_words(
    sim: SimulatorHandle, tmp_path: Path, tender: Tender, what: str, words: str
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        warm = engine.sales.new_sale()
        engine.sales.add_line(warm, SANDWICH)
        await engine.payments.pay(warm, Tender.CASH, given=Money(349))
        engine.unplug()
        assert engine.connection.online  # nothing has failed yet
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        with pytest.raises(NotPossibleOffline) as refused:
            await engine.payments.pay(sale, tender, iban="DE02120300000000202051", holder="A")
        assert refused.value.what == what
        assert words in refused.value.message
        assert engine.connection.offline
        assert sale.state.is_open  # still sellable for cash
