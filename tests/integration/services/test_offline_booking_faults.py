"""Booking offline sales exactly once: every call of the catch-up × every fault mode (issue #18).

Two cash sales are made while the line is down — the first names Erika's card, so its booking
earns bonus — then the line comes back and :meth:`OfflineBooker.book_all` runs with one fault on
one call of the catch-up. The calls are those the worker makes (``offline_booking.py``): the
lookup of the sale's reference, the card read, the create, the ``PUT`` of a transaction an
earlier create left (a create that landed while the answer was lost), ``start/cash``, the read
after a lost start and the ``abort`` of an unstarted one. Then the worker's later rounds run on a
healthy service (late work drained first) until nothing is pending, and the outcome is judged
against the service's own records:

* each sale has exactly one ``ok`` transaction with its ``transactionRef``, and it is the one
  the journal names, with ``booking = booked``;
* the card's bonus is credited once (one ledger booking besides the opening one), and the
  journal's ``bonus_granted`` is what the card got;
* ``start`` is never sent twice for one transaction.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cashier.journal.sales import Booking
from cashier.services.offline_booking import BookingOutcome
from cashier.services.sale import CardView
from cashier.services.sale_records import restore_sale
from cashier.services.transaction_sync import draft_for
from tests.helpers.engine import ERIKA, Engine, engine_for
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.slow_server import CREATE, START
from tests.helpers.till import add_fault, faults_left
from tests.integration.services.test_offline_sales import offline_cash_sale, transactions_of
from tests.integration.services.test_slow_service import drain

# The faults are the point here; each lost answer logs its unknown outcome as an error.
pytestmark = pytest.mark.expected_errors("cashier.api.http")

LOOKUP = "GET /api/v2/Smart/Transactions"  # the path only: ?q=transactionRef:"…"
CARD = "GET /api/v2/Loyalty/MerchantCards"
UPDATE = "PUT /api/v2/Smart/Transactions/*"
READ = "GET /api/v2/Smart/Transactions/*"
ABORT = "POST /api/v2/Smart/Transactions/*/abort"

# call -> (what happened before it, the faulted call): a read or an abort follows a lost start.
CALLS: dict[str, tuple[tuple[dict[str, Any], ...], str]] = {
    "lookup": ((), LOOKUP),
    "card": ((), CARD),
    "create": ((), CREATE),
    "update": ((), UPDATE),  # the sale's create landed before the line dropped (see below)
    "start": ((), START),
    "read_after_lost_start": (({"match": START, "mode": "drop_after_commit"},), READ),
    "abort": (({"match": START, "mode": "drop_before_commit"},), ABORT),
}
MODES: dict[str, dict[str, Any]] = {
    "http_500": {},
    "hang": {},
    "drop_before_commit": {},
    "drop_after_commit": {},
    "delay": {"delay_ms": 400},  # longer than the read timeout
    "late_commit": {"delay_ms": 100},
    "slow_commit": {"delay_ms": 100, "answer_ms": 2_000},
}
ROUNDS = 5
"""The worker's later rounds a healthy service needs at most (each may settle one step)."""


async def create_landed_before_the_line_dropped(engine: Engine, sale_id: str) -> str:
    """The sale's transaction exists, unstarted: a create that landed while its answer was lost."""
    sale = restore_sale(engine.journal.get(sale_id))
    if sale.restored_card_number is not None:
        sale.card = CardView.unverified(sale.restored_card_number)
    created = await engine.booker.client.create_transaction(draft_for(sale))
    return created.id


def starts_per_transaction(engine: Engine) -> Counter[str]:
    return Counter(
        request.path.split("/")[-3]
        for request in engine.transport.api_requests()
        if "/start/" in request.path
    )


def card_bookings(engine: Engine, number: str) -> list[Any]:
    return engine.sim.store.execute(
        "SELECT l.smart_transaction_id, l.action, l.cash_delta, l.bonus_delta, l.points_delta FROM ledger l "
        "JOIN merchant_cards c ON c.id = l.merchantcard_id WHERE c.cardnumber = ? AND l.action != 'opening'",
        (number,),
    ).fetchall()


async def book_until_done(engine: Engine) -> None:
    """The worker's later rounds on a healthy service, late work drained before each."""
    for _ in range(ROUNDS):
        await drain(engine.sim)
        if not engine.booker.pending():
            return
        await engine.booker.book_all()
    assert engine.booker.pending() == [], [
        (r.sale_id, r.booking, r.last_error) for r in engine.booker.pending()
    ]


def judge(engine: Engine, sale_ids: list[str], card_before: tuple[int, int, int]) -> None:
    for sale_id in sale_ids:
        ok = [t for t in transactions_of(engine, sale_id) if t["status"] == "ok"]
        assert len(ok) == 1, f"{sale_id} booked {len(ok)} times: {transactions_of(engine, sale_id)}"
        record = engine.journal.get(sale_id)
        assert (record.booking, record.smart_transaction_id) == (Booking.BOOKED, ok[0]["id"])
        assert record.booked_at is not None
    assert max(starts_per_transaction(engine).values()) == 1, starts_per_transaction(engine)
    card_sale = engine.journal.get(sale_ids[0])
    bookings = card_bookings(engine, ERIKA)
    assert [(row[0], row[1]) for row in bookings] == [(card_sale.smart_transaction_id, "sale_revenue")]
    after = engine.card_balances(ERIKA)
    assert after == tuple(b + d for b, d in zip(card_before, bookings[0][2:], strict=True))
    assert after[1] > card_before[1] or after[2] > card_before[2]  # the bonus was credited
    assert card_sale.bonus_granted == after[1] - card_before[1]


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("call", list(CALLS))
async def test_every_call_of_the_catch_up_under_every_fault_books_each_sale_once(
    sim: SimulatorHandle, tmp_path: Path, call: str, mode: str
) -> None:
    async with engine_for(sim, tmp_path, read_timeout=0.3, attempts=1) as engine:
        card_before = engine.card_balances(ERIKA)
        engine.unplug()
        sale_ids = [await offline_cash_sale(engine, card=ERIKA), await offline_cash_sale(engine)]
        engine.plug_in()
        assert await engine.connection.wait_until_online(probes=1)  # the worker starts on an answer
        if call == "update":
            await create_landed_before_the_line_dropped(engine, sale_ids[0])
        before, target = CALLS[call]
        for fault in before:
            await add_fault(sim, times=1, **fault)
        await add_fault(sim, match=target, mode=mode, times=1, **MODES[mode])

        results = await engine.booker.book_all()
        assert results, "the first round tries the oldest sale"
        assert await faults_left(sim) == []  # the fault met its call
        assert [r.sale_id for r in results] == sale_ids[: len(results)]  # oldest first
        assert all(r.outcome is not BookingOutcome.BOOKED_WITHOUT_CARD for r in results)

        await book_until_done(engine)
        judge(engine, sale_ids, card_before)
