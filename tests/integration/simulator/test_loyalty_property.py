"""Every cent accounted for: random loads, sales, cancels and aborts on the demo cards (issue point 8).

Hypothesis draws a sequence of till operations and plays it over HTTP against a fresh
embedded simulator. After every step: no balance is negative, ``balance == cash + bonus``,
each card's balances equal the sums of its ledger, a refused call changed nothing, and a
cancelled transaction's bookings add up to zero.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx
from hypothesis import event, given, settings
from hypothesis import strategies as st

from cashier.simulator import cardstore
from cashier.simulator.store import SimulatorStore
from tests.helpers.simulator import simulator_for
from tests.integration.simulator.transactions_support import (
    EMPTY,
    ERIKA,
    GIFT,
    LOCKED,
    PIN_CARD,
    STX,
    assert_books_balance,
    checked,
    load_line,
    product,
    sale,
)

CARDS = (ERIKA, PIN_CARD, EMPTY, GIFT, LOCKED)


@dataclass(frozen=True)
class Load:
    card: str
    amount: int
    method: str


@dataclass(frozen=True)
class Sale:
    card: str
    lines: tuple[tuple[int, int, int], ...]  # price, quantity, tax
    pre: bool
    method: str
    load: int


@dataclass(frozen=True)
class Cancel:
    pick: int


@dataclass(frozen=True)
class Abort:
    pick: int


cards = st.sampled_from(CARDS)
methods = st.sampled_from(["cash", "loyalty", "cashless"])
lines = st.lists(
    st.tuples(st.integers(0, 1200), st.integers(1, 2), st.sampled_from([0, 7, 19])), min_size=1, max_size=3
).map(tuple)
small_lines = st.lists(st.tuples(st.integers(0, 300), st.just(1), st.sampled_from([7, 19])), min_size=1).map(
    tuple
)
operations = st.one_of(
    st.builds(Load, cards, st.integers(1, 5000), methods),
    st.builds(Sale, cards, lines, st.booleans(), methods, st.sampled_from([0, 0, 0, 1000])),
    st.builds(Sale, cards, small_lines, st.just(True), st.just("loyalty"), st.just(0)),  # paid by card alone
    st.builds(Cancel, st.integers(0, 20)),
    st.builds(Abort, st.integers(0, 20)),
)


def snapshot(store: SimulatorStore) -> tuple[Any, ...]:
    rows = store.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
    cards_now = sorted(
        (c["id"], c["cash_balance"], c["bonus_balance"], c["points"]) for c in store.all(cardstore.KIND)
    )
    return rows, tuple(cards_now)


def assert_cancelled_net_zero(store: SimulatorStore, stx_id: str) -> None:
    row = store.execute(
        "SELECT COALESCE(SUM(cash_delta), 0), COALESCE(SUM(bonus_delta), 0), COALESCE(SUM(points_delta), 0) "
        "FROM ledger WHERE smart_transaction_id = ?",
        (stx_id,),
    ).fetchone()
    assert tuple(row) == (0, 0, 0), stx_id


class Till:
    """Plays operations against the simulator and remembers open and finished sales."""

    def __init__(self, client: httpx.AsyncClient, store: SimulatorStore) -> None:
        self.client = client
        self.store = store
        self.open: list[str] = []
        self.done: list[str] = []

    async def call(self, method: str, path: str, body: Any = None) -> httpx.Response:
        before = snapshot(self.store)
        response = await self.client.request(method, f"{STX}{path}", json=body)
        body = checked(response)
        assert response.status_code in (200, 400, 404), response.text
        event(
            f"{method} {path.rsplit('/', 1)[-1] or 'create'}: {body.get('status')} {body.get('code', '')}".strip()
        )
        if response.status_code != 200:
            assert snapshot(self.store) == before, response.text  # a refusal changes nothing
        return response

    async def sell(self, body: dict[str, Any], pre: bool, method: str) -> None:
        created = await self.call("POST", "", body)
        if created.status_code != 200:
            return
        stx_id = created.json()["id"]
        self.open.append(stx_id)
        if pre:
            await self.call("POST", f"/{stx_id}/preTransaction")
        started = await self.call("POST", f"/{stx_id}/start/{method}", {})
        if started.status_code == 200 and started.json()["status"] == "ok":
            self.open.remove(stx_id)
            self.done.append(stx_id)

    async def play(self, operation: object) -> None:
        if isinstance(operation, Load):
            await self.sell(sale([load_line(1, operation.amount)], operation.card), False, operation.method)
        elif isinstance(operation, Sale):
            lines = [
                product(i + 1, price, quantity, tax)
                for i, (price, quantity, tax) in enumerate(operation.lines)
            ]
            if operation.load:
                lines.append(load_line(len(lines) + 1, operation.load))
            await self.sell(sale(lines, operation.card), operation.pre, operation.method)
        elif isinstance(operation, Cancel) and self.done:
            stx_id = self.done[operation.pick % len(self.done)]
            cancelled = await self.call("POST", f"/{stx_id}/cancel")
            if cancelled.status_code != 200 and cancelled.json()["code"] == 1007:
                stx = checked(await self.client.get(f"{STX}/{stx_id}"))
                if stx["payment_method"] == "cashless":
                    cancelled = await self.call("POST", f"/{stx['receipt_number']}/cancelTrx")
            if cancelled.status_code == 200:
                self.done.remove(stx_id)
                assert_cancelled_net_zero(self.store, stx_id)
        elif isinstance(operation, Abort) and self.open:
            stx_id = self.open.pop(operation.pick % len(self.open))
            assert (await self.call("POST", f"/{stx_id}/abort")).status_code == 200


async def play(operations_to_play: list[object]) -> None:
    async with simulator_for("embedded", None, vendor_shapes=False) as sim:  # exact, contract-checked answers
        till = Till(await sim.api_client(), sim.store)
        assert_books_balance(sim.store)
        for operation in operations_to_play:
            await till.play(operation)
            assert_books_balance(sim.store)


@settings(max_examples=100)
@given(st.lists(operations, min_size=1, max_size=12))
def test_every_cent_is_accounted_for(operations_to_play: list[object]) -> None:
    asyncio.run(play(operations_to_play))
