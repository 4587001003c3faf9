"""The loop that keeps asking what became of payments with an unknown outcome."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.app.composition import Till
from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.errors import CancellationUnknown
from cashier.services.sale import Tender
from cashier.simulator.faults import Fault
from cashier.ui.messages import UserMessage
from cashier.ui.open_payments import settle_open_payments
from cashier.ui.ports import ReconciledSale
from cashier.ui.till_model import TillModel
from tests.ui.conftest import run_async


@dataclass(frozen=True)
class Result:
    sale_id: str
    outcome: str


class FakeReconciler:
    def __init__(self, rounds: list[list[Result]]) -> None:
        self.rounds = rounds
        self.calls = 0

    async def reconcile(self) -> Sequence[ReconciledSale]:
        self.calls += 1
        return self.rounds.pop(0)


def test_it_asks_again_with_growing_pauses_until_every_outcome_is_known(
    qtbot: QtBot, qloop: QEventLoop
) -> None:
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)
        await asyncio.sleep(0)

    unknown, done = Result("S1", "still_unknown"), Result("S1", "completed")
    reconciler = FakeReconciler([[unknown], [unknown], [unknown], [done]])
    results = run_async(qtbot, settle_open_payments(reconciler, pauses=(2.0, 5.0), sleep=sleep))
    assert list(results) == [done]
    assert pauses == [2.0, 5.0, 5.0]
    assert reconciler.calls == 4


def test_nothing_open_means_no_pause(qtbot: QtBot, qloop: QEventLoop) -> None:
    reconciler = FakeReconciler([[]])
    assert list(run_async(qtbot, settle_open_payments(reconciler, sleep=None))) == []  # type: ignore[arg-type]


@pytest.mark.expected_errors("cashier.api.http")
def test_the_till_settles_a_cancellation_in_doubt_in_the_background(
    qtbot: QtBot, till: Till, model: TillModel, messages: list[UserMessage]
) -> None:
    sale = till.sales.new_sale()
    till.sales.add_line(sale, BasketLine("Kaffee", Money(250), 1, VatRate.STANDARD))
    run_async(qtbot, till.payments.pay(sale, Tender.CASH, given=Money(500)))
    assert till.simulator is not None
    till.simulator.ctx.faults.add(
        Fault.parse({"match": "POST /api/v2/Smart/Transactions/*/cancel", "mode": "drop_before_commit"})
    )
    with pytest.raises(CancellationUnknown):
        run_async(qtbot, till.back_office.after_sale.cancel_sale(sale.sale_id))
    assert till.journal.get(sale.sale_id).state == "cancelling"

    model._background.setInterval(10)  # the 60 s round, sooner
    model.report_reconciled([])  # what the host does once the till is up
    # The round ends with its words to the cashier (after the journal says "cancelled").
    qtbot.waitUntil(lambda: any(m.key == "reconciled.cancelled" for m in messages), timeout=10_000)
    assert till.journal.get(sale.sale_id).state == "cancelled"
