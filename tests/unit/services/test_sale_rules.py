"""The sale's own rules: what may join it, and what reconciliation's outcomes mean for the till."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from cashier.domain.basket import BasketLine
from cashier.domain.money import Money
from cashier.domain.vat import VatRate
from cashier.services.open_sales import Outcome, paid_again, settle_open_payments
from cashier.services.sale import Sale, SaleState, can_create_card, can_edit, can_load_card


def a_sale(state: SaleState = SaleState.EDITING) -> Sale:
    return Sale("S1", 1, "2026-12-06", state=state)


def coffee() -> BasketLine:
    return BasketLine("Kaffee", Money(250), 1, VatRate.STANDARD)


def test_a_card_load_joins_no_sale_or_a_sale_of_card_loads_only() -> None:
    sale = a_sale()
    assert can_load_card(None)
    assert can_load_card(sale)
    sale.basket = sale.basket.add(coffee())
    assert not can_load_card(sale)
    sale.state = SaleState.PRINTED  # a closed sale: the load starts the next one
    assert can_load_card(sale)


def test_a_new_card_is_sold_on_its_own() -> None:
    sale = a_sale()
    assert can_create_card(sale)
    sale.create_card_group = "CRG_1"
    assert not can_create_card(sale)
    assert sale.sells_the_card
    assert not a_sale().sells_the_card


@pytest.mark.parametrize("state", list(SaleState))
def test_only_an_unpaid_undeclined_sale_is_edited(state: SaleState) -> None:
    editable = state in (SaleState.EDITING, SaleState.CARD_ATTACHED, SaleState.CSC_OK, SaleState.PRICED)
    assert can_edit(a_sale(state)) is editable
    assert can_edit(None)


@dataclass(frozen=True)
class Result:
    sale_id: str
    outcome: Outcome


def test_the_basket_of_a_sale_not_charged_comes_back() -> None:
    results = [
        Result("S1", Outcome.COMPLETED),
        Result("S2", Outcome.DECLINED),
        Result("S3", Outcome.NOT_CARRIED_OUT),
    ]
    assert paid_again(results) == "S2"
    assert paid_again(results, current="S1") == "S2"  # the till's own sale was charged
    assert paid_again([Result("S1", Outcome.SET_ASIDE)], current="S1") == "S1"
    assert paid_again([Result("S1", Outcome.SET_ASIDE)]) is None


class FakeReconciler:
    def __init__(self, rounds: list[list[Result]]) -> None:
        self.rounds = rounds
        self.calls = 0

    async def reconcile(self) -> Sequence[Result]:
        self.calls += 1
        return self.rounds.pop(0)


def test_it_asks_again_with_growing_pauses_until_every_outcome_is_known() -> None:
    pauses: list[float] = []

    async def sleep(seconds: float) -> None:
        pauses.append(seconds)

    unknown, done = Result("S1", Outcome.STILL_UNKNOWN), Result("S1", Outcome.COMPLETED)
    reconciler = FakeReconciler([[unknown], [unknown], [unknown], [done]])
    results = asyncio.run(settle_open_payments(reconciler, pauses=(2.0, 5.0), sleep=sleep))
    assert list(results) == [done]
    assert pauses == [2.0, 5.0, 5.0]
    assert reconciler.calls == 4


def test_nothing_open_means_no_pause() -> None:
    reconciler = FakeReconciler([[]])
    assert list(asyncio.run(settle_open_payments(reconciler, sleep=None))) == []  # type: ignore[arg-type]
