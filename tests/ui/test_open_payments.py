"""The loop that keeps asking what became of payments with an unknown outcome."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.ui.open_payments import settle_open_payments
from cashier.ui.ports import ReconciledSale
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
