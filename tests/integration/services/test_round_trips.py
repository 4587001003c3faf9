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
from cashier.domain.money import Money
from cashier.services.errors import BackendUnavailable, CardLocked, CardUnknown, WrongSecurityCode
from cashier.services.sale import SaleState, Tender
from tests.helpers.engine import ERIKA, LOCKED, SANDWICH, engine_for
from tests.helpers.round_trips import RoundTrips
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import add_fault

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


# --- what the requests sent together still decide in the old order -----------------------------
VALIDATE = "POST /api/v2/Loyalty/MerchantCards/me/validateMerchantcard"
FIND = "GET /api/v2/Loyalty/MerchantCards"
CREATE = "POST /api/v2/Smart/Transactions"


async def test_a_scan_reports_the_validation_first(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path, attempts=1) as engine:
        sale = engine.sales.new_sale()
        await add_fault(sim, match=FIND, mode="http_500", times=2)
        with pytest.raises(CardUnknown):  # the read failed, but the card is no card of the shop
            await engine.sales.attach_card(sale, "9276004499999999")
        with pytest.raises(CardLocked):
            await engine.sales.attach_card(sale, LOCKED)
        await add_fault(sim, match=VALIDATE, mode="http_500", times=1)
        with pytest.raises(BackendUnavailable, match="Checking the card"):  # though the read answered
            await engine.sales.attach_card(sale, ERIKA)
        assert sale.card is None
        card = await engine.sales.attach_card(sale, ERIKA)
    assert card.cash_balance == Money(2000)
    assert sale.state is SaleState.CARD_ATTACHED


async def test_a_wrong_csc_leaves_the_transaction_sent_alongside_unstarted(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        await engine.sales.attach_card(sale, ERIKA)
        with pytest.raises(WrongSecurityCode):
            await engine.sales.check_csc(sale, "9999")
        stx = sale.smart_transaction_id
        assert stx is not None  # sent while the code was checked …
        assert sale.state is SaleState.CARD_ATTACHED  # … but the sale waits for the right code
        assert engine.journal.get(sale.sale_id).smart_transaction_id == stx
        await engine.sales.check_csc(sale, "1234")
        await engine.sales.apply_card(sale)
        await engine.payments.pay(sale, Tender.CASH, given=Money(0))
        assert engine.transport.calls("POST", "/api/v2/Smart/Transactions") == 1
        assert sale.smart_transaction_id == stx
        assert engine.ledger_rows(stx) > 0
    assert sale.state is SaleState.COMPLETED


@pytest.mark.expected_errors("cashier.api.http")  # each lost create logs its unknown outcome
async def test_a_create_that_fails_alongside_the_csc_is_sent_again_when_the_card_is_applied(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, attempts=1) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        await engine.sales.attach_card(sale, ERIKA)
        await add_fault(sim, match=CREATE, mode="http_500", times=2)  # the create and its resend
        await engine.sales.check_csc(sale, "1234")  # the code is right: that is what it reports
        assert sale.state is SaleState.CSC_OK
        assert sale.smart_transaction_id is None
        pricing = await engine.sales.apply_card(sale)
        assert pricing.missing_sum.is_zero
        await engine.payments.pay(sale, Tender.CARD)
    assert sale.state is SaleState.COMPLETED
