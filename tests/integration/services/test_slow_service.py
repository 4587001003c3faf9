"""A server that finishes a request after the till gave up on it (issue 13's reproductions).

The simulator's ``late_commit`` fault reads the request, lets the client time out, and commits
the work afterwards; ``slow_commit`` commits after ``delay_ms`` and answers after ``answer_ms``.
Each test drains the simulator's late work (an event, never a sleep) before it judges: the card
is charged at most once, a sale completes if and only if the service booked it, a cancellation
the service booked is never lost, and nothing blocks the till for good.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cashier.domain.money import Money
from cashier.services.errors import (
    BackendUnavailable,
    OutcomeUnknown,
    PaymentDeclined,
    PaymentNotCarriedOut,
    SaleError,
)
from cashier.services.sale import Sale, SaleState, Tender
from tests.helpers.clock import FakeClock
from tests.helpers.engine import ERIKA, FRUIT, SANDWICH, WATER, Engine, engine_for
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import add_fault

# The faults are the point here; each lost answer logs its unknown outcome as an error.
pytestmark = pytest.mark.expected_errors("cashier.api.http")

START = "POST /api/v2/Smart/Transactions/*/start/*"
START_PREPARED = "POST /api/v2/Smart/Transactions/*/start"
ABORT = "POST /api/v2/Smart/Transactions/*/abort"
CANCEL = "POST /api/v2/Smart/Transactions/*/cancel"
CREATE = "POST /api/v2/Smart/Transactions"
READ = "GET /api/v2/Smart/Transactions/*"
IBAN, HOLDER = "DE89 3704 0044 0532 0130 00", "Erika Musterfrau"


async def drain(sim: SimulatorHandle) -> None:
    """Wait until the simulator has done every piece of late work (served or embedded)."""
    async with sim.client() as control:
        response = await control.post("/simulator/faults/drain", json={"timeout_ms": 20_000})
        assert response.status_code == 200, response.text
        assert response.json()["pending_commits"] == 0


def booked(engine: Engine, sale_id: str) -> list[dict[str, Any]]:
    """The sale's transactions the service booked (ok, a debit still pending, or later cancelled)."""
    return [
        t
        for t in engine.sim.store.all("smart.transactions")
        if t.get("transactionRef") == sale_id and t["status"] in ("ok", "pending", "cancelled")
    ]


def discharges(engine: Engine, sale_id: str) -> int:
    ids = [t["id"] for t in engine.sim.store.all("smart.transactions") if t.get("transactionRef") == sale_id]
    total = 0
    for stx in ids:
        total += engine.sim.store.execute(
            "SELECT COUNT(*) FROM ledger WHERE smart_transaction_id = ? AND action = 'discharge'", (stx,)
        ).fetchone()[0]
    return total


async def card_sale(engine: Engine) -> Sale:
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, SANDWICH)
    engine.sales.add_line(sale, FRUIT)
    await engine.sales.attach_card(sale, ERIKA)
    await engine.sales.check_csc(sale, "1234")
    await engine.sales.apply_card(sale)
    return sale


async def attempt(coro: Any) -> SaleError | None:
    try:
        await coro
    except (PaymentNotCarriedOut, OutcomeUnknown, BackendUnavailable, PaymentDeclined) as outcome:
        return outcome
    return None


async def settle_everything(engine: Engine, clock: FakeClock | None = None) -> None:
    """What the till does in the background once the service is well again."""
    await drain(engine.sim)
    for _ in range(3):
        results = await engine.reconciler.reconcile()
        if not any(r.blocking for r in results):
            return
        if clock is not None:
            clock.advance(300)  # past the terminal's grace
        await drain(engine.sim)
    pytest.fail(f"still blocked: {results}")


async def sale_of_unknown_outcome(engine: Engine) -> Sale:
    """A cash sale whose start never reached the server and whose read failed: "starting"."""
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, WATER)
    await add_fault(engine.sim, match=START, mode="drop_before_commit")
    await add_fault(engine.sim, match=READ, mode="http_500")
    with pytest.raises(OutcomeUnknown):
        await engine.payments.pay(sale, Tender.CASH, given=Money(500))
    return sale


# --- the reproductions ---------------------------------------------------------------------------
async def test_a_start_the_server_books_after_the_till_gave_up_is_never_taken_twice(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = await card_sale(engine)
        await add_fault(sim, match=START, mode="late_commit", delay_ms=300)
        outcome = await attempt(engine.payments.pay(sale, Tender.CASH, given=Money(1_000)))
        # The till aborted the unstarted transaction and read it back before the late start ran:
        # proven not carried out — and the late start can no longer book.
        assert isinstance(outcome, PaymentNotCarriedOut)
        assert sale.state.is_open
        assert sale.smart_transaction_id is None
        await drain(sim)
        assert discharges(engine, sale.sale_id) == 0
        await engine.sales.apply_card(sale)
        await engine.payments.pay(sale, Tender.CASH, given=Money(1_000))
        assert sale.state is SaleState.COMPLETED
        assert discharges(engine, sale.sale_id) == 1
        assert len(booked(engine, sale.sale_id)) == 1


async def test_a_lost_start_and_a_lost_abort_keep_the_sale_unknown_until_the_service_says(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = await card_sale(engine)
        await add_fault(sim, match=START, mode="late_commit", delay_ms=0)
        await add_fault(sim, match=ABORT, mode="late_commit", delay_ms=500)
        outcome = await attempt(engine.payments.pay(sale, Tender.CASH, given=Money(1_000)))
        await drain(sim)
        if isinstance(outcome, OutcomeUnknown):
            assert engine.journal.get(sale.sale_id).state == "starting"
            await settle_everything(engine)
        record = engine.journal.get(sale.sale_id)
        # Whichever the service did, the journal says the same, and the card paid once at most.
        assert (record.state in ("completed", "printed")) == (len(booked(engine, sale.sale_id)) == 1)
        assert discharges(engine, sale.sale_id) == len(booked(engine, sale.sale_id)) <= 1


async def test_a_restarted_till_never_calls_a_late_start_not_carried_out(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = await card_sale(engine)
        await add_fault(sim, match=START, mode="slow_commit", delay_ms=600, answer_ms=5_000)
        await add_fault(sim, match=READ, mode="http_500")
        with pytest.raises(OutcomeUnknown):
            await engine.payments.pay(sale, Tender.CASH, given=Money(1_000))
        assert engine.reconciler.pending()[0].sale_id == sale.sale_id
        # "Restart": reconciliation reads "processing" while the start is still on its way. It
        # aborts; the start then either lost the race (refused) or won it (the abort is refused).
        results = await engine.reconciler.reconcile()
        await drain(sim)
        assert results[0].outcome in ("not_carried_out", "completed", "still_unknown")
        await settle_everything(engine)
        record = engine.journal.get(sale.sale_id)
        assert (record.state in ("completed", "printed")) == (len(booked(engine, sale.sale_id)) == 1)
        assert discharges(engine, sale.sale_id) <= 1


async def test_a_terminal_slower_than_the_grace_is_aborted_before_it_books(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    clock = FakeClock()
    async with engine_for(
        sim, tmp_path, clock=clock, read_timeout=0.3, terminal_timeout=0.3, attempts=1
    ) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        await add_fault(sim, match=START, mode="late_commit", delay_ms=400)
        with pytest.raises(OutcomeUnknown, match="terminal may still be working"):
            await engine.payments.pay(sale, Tender.TERMINAL)
        assert [r.outcome for r in await engine.reconciler.reconcile()] == ["still_unknown"]
        clock.advance(300)
        assert [r.outcome for r in await engine.reconciler.reconcile()] == ["not_carried_out"]
        await drain(sim)
        assert booked(engine, sale.sale_id) == []
        assert engine.journal.get(sale.sale_id).state == "aborted"


async def test_a_late_commit_found_by_reconciliation_records_the_services_figures(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, SANDWICH)
        engine.sales.add_line(sale, WATER)
        await engine.sales.attach_card(sale, ERIKA)  # collects bonus, pays nothing from the card
        await add_fault(sim, match=START, mode="drop_after_commit")
        await add_fault(sim, match=READ, mode="http_500")
        with pytest.raises(OutcomeUnknown):
            await engine.payments.pay(sale, Tender.CASH, given=Money(1_000))
        [result] = await engine.reconciler.reconcile()
        assert result.outcome == "completed"
        record = engine.journal.get(sale.sale_id)
        _, bonus_after, _ = engine.card_balances(ERIKA)
        assert record.bonus_granted == bonus_after - 350 > 0  # what the service granted
        assert record.receipt_json is not None


async def test_a_cancellation_the_server_books_late_is_not_lost(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = await card_sale(engine)
        await engine.payments.pay(sale, Tender.CASH, given=Money(1_000))
        await add_fault(sim, match=CANCEL, mode="late_commit", delay_ms=300)
        with pytest.raises(OutcomeUnknown, match="cancellation"):
            await engine.after_sale.cancel_sale(sale.sale_id)
        assert engine.journal.get(sale.sale_id).state == "cancelling"  # written ahead
        assert engine.after_sale.z_report(sale.business_day).cancellations.count == 0
        await drain(sim)
        results = await engine.reconciler.reconcile()
        assert [(r.sale_id, r.outcome) for r in results] == [(sale.sale_id, "cancelled")]
        assert engine.journal.get(sale.sale_id).state == "cancelled"
        assert engine.after_sale.z_report(sale.business_day).cancellations.count == 1
        assert engine.card_balances(ERIKA)[0] == 2_000  # the card got its money back once


async def test_a_retried_cancellation_that_finds_it_done_is_a_success(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = await card_sale(engine)
        await engine.payments.pay(sale, Tender.CASH, given=Money(1_000))
        await add_fault(sim, match=CANCEL, mode="late_commit", delay_ms=300)
        with pytest.raises(OutcomeUnknown):
            await engine.after_sale.cancel_sale(sale.sale_id)
        await drain(sim)
        done = await engine.after_sale.cancel_sale(sale.sale_id)  # the cashier tries again
        assert done.record.state == "cancelled"
        assert engine.card_balances(ERIKA)[0] == 2_000


async def test_a_cancellation_lost_before_the_server_is_sent_again_by_reconciliation(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = await card_sale(engine)
        await engine.payments.pay(sale, Tender.CASH, given=Money(1_000))
        await add_fault(sim, match=CANCEL, mode="drop_before_commit")
        with pytest.raises(OutcomeUnknown):
            await engine.after_sale.cancel_sale(sale.sale_id)
        assert [r.outcome for r in await engine.reconciler.reconcile()] == ["cancelled"]
        assert engine.card_balances(ERIKA)[0] == 2_000


async def test_a_sale_the_service_does_not_know_is_settled_and_never_blocks(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = await sale_of_unknown_outcome(engine)
        with sim.store.transaction() as db:  # the service forgot it (state reset, another service)
            db.execute(
                "DELETE FROM objects WHERE kind = 'smart.transactions' AND id = ?",
                (sale.smart_transaction_id,),
            )
        [result] = await engine.reconciler.reconcile()
        assert result.outcome == "not_carried_out"
        assert "no such payment" in result.detail
        record = engine.journal.get(sale.sale_id)
        assert record.state == "aborted"
        assert "no such payment" in (record.last_error or "")
        assert engine.reconciler.pending() == []


async def test_a_sale_of_another_environment_never_blocks_and_can_be_set_aside(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = await sale_of_unknown_outcome(engine)
        engine.db.execute("UPDATE sales SET environment = 'live' WHERE sale_id = ?", (sale.sale_id,))
        assert engine.reconciler.pending() == []
        assert await engine.reconciler.reconcile() == []
        [item] = engine.reconciler.open_items()
        assert (item.sale_id, item.environment, item.blocking) == (sale.sale_id, "live", False)
        set_aside = engine.reconciler.set_aside(sale.sale_id)
        assert set_aside.outcome == "set_aside"
        assert engine.journal.get(sale.sale_id).state == "aborted"
        assert [i.what for i in engine.reconciler.open_items()] == ["recheck (retired)"]


async def test_a_slow_create_is_found_by_a_later_lookup_instead_of_created_twice(
    sim: SimulatorHandle, tmp_path: Path
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        pauses: list[float] = []

        async def pause(seconds: float) -> None:  # the server finishes the create meanwhile
            pauses.append(seconds)
            await drain(sim)

        engine.sales.sync.sleep = pause
        engine.sales.sync.lookup_pauses = (1.0, 2.0)
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        await add_fault(sim, match=CREATE, mode="late_commit", delay_ms=200)
        await engine.payments.pay(sale, Tender.CASH, given=Money(500))
        assert pauses  # the first lookup found nothing; a later one found it
        ours = [
            t for t in engine.sim.store.all("smart.transactions") if t.get("transactionRef") == sale.sale_id
        ]
        assert len(ours) == 1
        assert ours[0]["status"] == "ok"


async def test_an_orphan_a_late_create_leaves_behind_is_aborted(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        await add_fault(sim, match=CREATE, mode="late_commit", delay_ms=400)
        await engine.payments.pay(sale, Tender.CASH, given=Money(500))
        await drain(sim)
        ours = {
            t["id"]: t["status"]
            for t in engine.sim.store.all("smart.transactions")
            if t.get("transactionRef") == sale.sale_id
        }
        assert sorted(ours.values()) == ["created", "ok"]  # the late create left an orphan
        results = await engine.reconciler.reconcile()
        assert [r.outcome for r in results] == ["orphan_aborted"]
        ours = {
            t["id"]: t["status"]
            for t in engine.sim.store.all("smart.transactions")
            if t.get("transactionRef") == sale.sale_id
        }
        assert sorted(ours.values()) == ["aborted", "ok"]
