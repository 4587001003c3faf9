"""The slow-server fault matrix: ``late_commit`` and ``slow_commit`` on every call of every flow.

For a card sale, a terminal sale, a SEPA sale, a card load, a new card and a cancellation,
each remote call the flow makes gets a fault that commits the work after the till gave up.
Then the till does what it does in the background once the service is well (drain the late
work, reconcile), the cashier pays (or cancels) again where the till said "not carried out",
and the outcome is judged against the service's own records:

* 0 double charges — at most one booked transaction per sale, at most one booking per card;
* 0 lost sales — the journal says completed exactly when the service booked the sale;
* 0 lost cancellations — the journal says cancelled exactly when the service cancelled;
* nothing blocked — no sale of this environment is left with an unknown outcome.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest

from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.errors import SaleError
from cashier.services.sale import Sale, SaleState, Tender
from cashier.simulator import seed
from tests.helpers.clock import FakeClock
from tests.helpers.engine import ERIKA, GIFT, SANDWICH, WATER, Engine, engine_for
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.slow_server import CANCEL, CONTAINER, CREATE, CUSTOMER, PRE, PREPARE, START
from tests.helpers.till import add_fault, faults_left
from tests.integration.services.test_slow_service import booked, drain, settle_everything

# The faults are the point here; each lost answer logs its unknown outcome as an error.
pytestmark = pytest.mark.expected_errors("cashier.api.http")

IBAN, HOLDER = "DE89 3704 0044 0532 0130 00", "Erika Musterfrau"

FAULTS = {
    "late_commit": {"mode": "late_commit", "delay_ms": 100},
    "slow_commit": {"mode": "slow_commit", "delay_ms": 100, "answer_ms": 2_000},
}


@dataclass(frozen=True)
class Flow:
    calls: tuple[str, ...]
    prepare: Callable[[Engine], Awaitable[Sale]]
    pay: Callable[[Engine, Sale], Awaitable[object]]


async def _card_sale(engine: Engine) -> Sale:
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, SANDWICH)
    await engine.sales.attach_card(sale, ERIKA)
    return sale


async def _pay_card_sale(engine: Engine, sale: Sale) -> object:
    if not sale.csc_verified:
        await engine.sales.check_csc(sale, "1234")  # the transaction is created alongside
    await engine.sales.apply_card(sale)
    return await engine.payments.pay(sale, Tender.CASH, given=Money(1_000))


async def _plain_sale(engine: Engine) -> Sale:
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, WATER)
    return sale


async def _pending_debit(engine: Engine) -> Sale:
    """A direct debit the vendor-shaped simulator answers ``pending`` (it ends in 37 cents)."""
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, BasketLine("Tee groß", Money(237), 1, VatRate.STANDARD))
    return sale


async def _card_load(engine: Engine) -> Sale:
    sale = engine.sales.new_sale()
    await engine.sales.attach_card(sale, GIFT)
    engine.sales.add_card_load(sale, Money(2_000))
    return sale


async def _new_card(engine: Engine) -> Sale:
    sale = engine.sales.new_sale()
    engine.sales.create_card(sale, seed.GIFT_GROUP_ID)
    engine.sales.add_card_load(sale, Money(1_000))
    return sale


async def _cash(engine: Engine, sale: Sale) -> object:
    return await engine.payments.pay(sale, Tender.CASH, given=Money(5_000))


async def _terminal(engine: Engine, sale: Sale) -> object:
    return await engine.payments.pay(sale, Tender.TERMINAL)


async def _sepa(engine: Engine, sale: Sale) -> object:
    return await engine.payments.pay(sale, Tender.SEPA, iban=IBAN, holder=HOLDER)


FLOWS = {
    "card_sale": Flow((CREATE, PRE, START), _card_sale, _pay_card_sale),
    "terminal": Flow((CREATE, START), _plain_sale, _terminal),
    "sepa": Flow((CUSTOMER, CONTAINER, CREATE, PREPARE, START), _plain_sale, _sepa),
    "sepa_pending": Flow((CREATE, PREPARE, START), _pending_debit, _sepa),
    "card_load": Flow((CREATE, START), _card_load, _cash),
    "new_card": Flow((CREATE, START), _new_card, _cash),
}
CASES = [(flow, call) for flow, spec in FLOWS.items() for call in spec.calls]


def _judge(engine: Engine, sale_id: str) -> None:
    record = engine.journal.get(sale_id)
    done = booked(engine, sale_id)
    assert len(done) <= 1, f"charged twice: {[t['id'] for t in done]}"
    assert (record.state in ("completed", "printed", "pending")) == (len(done) == 1), (record.state, done)
    if done:
        assert record.smart_transaction_id == done[0]["id"]
        rows = engine.sim.store.execute(
            "SELECT action, COUNT(*) FROM ledger WHERE smart_transaction_id = ? GROUP BY action",
            (done[0]["id"],),
        ).fetchall()
        assert all(count == 1 for _, count in rows), rows
    assert engine.reconciler.pending() == []


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize(("flow", "call"), CASES, ids=[f"{f}-{c.split('/')[-1]}" for f, c in CASES])
async def test_a_slow_server_never_charges_twice_nor_loses_a_sale(
    make_sim: Callable[..., AbstractAsyncContextManager[SimulatorHandle]],
    tmp_path: Path,
    flow: str,
    call: str,
    fault: str,
) -> None:
    clock = FakeClock()
    spec = FLOWS[flow]
    # The vendor's answer shapes (numbers, nulls, [], pending debits), whatever the run's default.
    async with (
        make_sim(vendor_shapes=True) as sim,
        engine_for(sim, tmp_path, clock=clock, read_timeout=0.3, terminal_timeout=0.3, attempts=1) as engine,
    ):
        sale = await spec.prepare(engine)
        await add_fault(sim, match=call, times=1, **FAULTS[fault])
        words = "paid"
        try:
            await spec.pay(engine, sale)
        except SaleError as outcome:
            words = outcome.message
        assert words  # every outcome in words
        assert await faults_left(sim) == []  # the fault met its call
        await settle_everything(engine, clock)
        if sale.state.is_open and engine.journal.get(sale.sale_id).state not in ("completed", "printed"):
            await spec.pay(engine, sale)  # "not carried out": the cashier pays again
            await settle_everything(engine, clock)
        _judge(engine, sale.sale_id)


@pytest.mark.parametrize("fault", [*FAULTS, "drop_before_commit", "drop_after_commit"])
async def test_a_slow_server_never_loses_a_cancellation(
    sim: SimulatorHandle, tmp_path: Path, fault: str
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = await _card_sale(engine)
        await _pay_card_sale(engine, sale)
        before = engine.card_balances(ERIKA)
        spec = FAULTS.get(fault, {"mode": fault})
        await add_fault(sim, match=CANCEL, times=1, **spec)
        words = "cancelled"
        try:
            await engine.after_sale.cancel_sale(sale.sale_id)
        except SaleError as outcome:
            words = outcome.message
        assert words
        await drain(sim)
        await engine.reconciler.reconcile()
        await drain(sim)
        if engine.journal.get(sale.sale_id).state != SaleState.CANCELLED.value:
            await engine.after_sale.cancel_sale(sale.sale_id)  # the cashier tries again
        transaction = engine.sim.store.get("smart.transactions", sale.smart_transaction_id or "")
        assert transaction is not None
        assert transaction["status"] == "cancelled"
        assert engine.journal.get(sale.sale_id).state == "cancelled"
        cancels = engine.sim.store.execute(
            "SELECT COUNT(*) FROM ledger WHERE smart_transaction_id = ? AND action = 'cancel'",
            (sale.smart_transaction_id,),
        ).fetchone()[0]
        assert cancels >= 1
        after = engine.card_balances(ERIKA)
        assert after[0] == before[0] + (sale.pricing.cash_balance_used.cents if sale.pricing else 0)
