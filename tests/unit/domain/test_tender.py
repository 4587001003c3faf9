from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.domain.tender import (
    TenderError,
    TenderProblem,
    allocate,
    allocate_bonus,
    change_due,
)
from cashier.domain.vat import VatRate


def m(*cents: int) -> tuple[Money, ...]:
    return tuple(Money(c) for c in cents)


cents = st.integers(min_value=0, max_value=10**8)
money = st.builds(Money, cents)
weights_lists = st.lists(st.builds(Money, st.integers(min_value=0, max_value=10**6)), max_size=8)

# --- allocate --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "parts"),
    [
        (100, (1, 1, 1), (34, 33, 33)),  # tie: the lower index gets the extra cent
        (200, (1, 1, 1), (67, 67, 66)),
        (20, (198, 598), (5, 15)),  # §6.2 basket: 4.97… and 15.02…
        (10, (0, 5, 0, 5), (0, 5, 0, 5)),
        (0, (3, 7), (0, 0)),
        (0, (0, 0), (0, 0)),
        (0, (), ()),
        (7, (7,), (7,)),
        (1, (1, 2), (0, 1)),  # 0.33… vs 0.66…: the larger remainder wins
        (5, (1, 1, 1, 1, 1, 1), (1, 1, 1, 1, 1, 0)),
    ],
)
def test_allocate_examples(total: int, weights: tuple[int, ...], parts: tuple[int, ...]) -> None:
    assert allocate(Money(total), m(*weights)) == m(*parts)


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (-1, (1,), "cannot allocate a negative total"),
        (1, (1, -1), "weights must not be negative"),
        (1, (0, 0), "cannot allocate 0.01 EUR over weights that are all zero"),
        (1, (), "cannot allocate 0.01 EUR over weights that are all zero"),
    ],
)
def test_allocate_refuses(total: int, weights: tuple[int, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        allocate(Money(total), m(*weights))


@given(money, weights_lists)
def test_allocate_properties(total: Money, weights: list[Money]) -> None:
    weight_sum = sum(w.cents for w in weights)
    assume(weight_sum > 0 or total.is_zero)
    parts = allocate(total, weights)
    assert len(parts) == len(weights)
    assert Money.sum(parts) == total
    assert all(not part.is_negative for part in parts)
    for part, weight in zip(parts, weights, strict=True):
        share = Fraction(total.cents * weight.cents, weight_sum) if weight_sum else Fraction(0)
        assert abs(part.cents - share) < 1
        if weight.is_zero:
            assert part.is_zero
    assert allocate(total, list(weights)) == parts  # deterministic


@given(money, weights_lists)
def test_allocate_gives_more_to_the_larger_weight(total: Money, weights: list[Money]) -> None:
    assume(sum(w.cents for w in weights) > 0)
    parts = allocate(total, weights)
    for i in range(len(weights)):
        for j in range(len(weights)):
            if weights[i] > weights[j]:
                assert parts[i] >= parts[j]
            if weights[i] == weights[j] and i < j:
                assert parts[i].cents - parts[j].cents in (0, 1)


# --- allocate_bonus --------------------------------------------------------------------------


def test_bonus_over_the_api_example_basket() -> None:
    # docs/secuconnect.md §6.1/§6.2: 1,98 at 19 %, 5,98 at 7 %, 0,20 bonus. Proportionally that is
    # 4.97… and 15.02… cents → 5 and 15. (The server's composed example shows 4 and 16; the
    # server is authoritative and its split is undocumented.)
    split = allocate_bonus(Money(20), {VatRate.REDUCED: Money(598), VatRate.STANDARD: Money(198)})
    assert split == {VatRate.STANDARD: Money(5), VatRate.REDUCED: Money(15)}
    assert list(split) == [VatRate.STANDARD, VatRate.REDUCED]


def test_bonus_ties_go_to_the_higher_rate_first() -> None:
    split = allocate_bonus(
        Money(1), {VatRate.ZERO: Money(100), VatRate.REDUCED: Money(100), VatRate.STANDARD: Money(100)}
    )
    assert split == {VatRate.STANDARD: Money(1), VatRate.REDUCED: Money(0), VatRate.ZERO: Money(0)}


def test_bonus_equal_to_the_total_covers_every_rate() -> None:
    gross = {VatRate.STANDARD: Money(198), VatRate.REDUCED: Money(598), VatRate.ZERO: Money(0)}
    assert allocate_bonus(Money(796), gross) == gross


def test_zero_bonus_on_an_empty_basket() -> None:
    assert allocate_bonus(Money(0), {}) == {}


@pytest.mark.parametrize(
    ("bonus", "gross", "reason", "message"),
    [
        (
            797,
            {VatRate.STANDARD: Money(198), VatRate.REDUCED: Money(598)},
            TenderProblem.BONUS_EXCEEDS_TOTAL,
            "A bonus of 7,97 is more than the basket total of 7,96.",
        ),
        (1, {}, TenderProblem.BONUS_EXCEEDS_TOTAL, "A bonus of 0,01 is more than the basket total of 0,00."),
        (-20, {VatRate.STANDARD: Money(100)}, TenderProblem.NEGATIVE_AMOUNT, "A bonus of -0,20 is negative."),
    ],
)
def test_bonus_refused(bonus: int, gross: dict[VatRate, Money], reason: TenderProblem, message: str) -> None:
    with pytest.raises(TenderError) as caught:
        allocate_bonus(Money(bonus), gross)
    assert caught.value.reason is reason
    assert caught.value.message == message
    assert isinstance(caught.value, InputError)


gross_maps = st.dictionaries(st.sampled_from(list(VatRate)), st.builds(Money, st.integers(0, 10**6)))


@given(gross_maps, st.data())
def test_allocate_bonus_properties(gross: dict[VatRate, Money], data: st.DataObject) -> None:
    total = Money.sum(gross.values())
    bonus = Money(data.draw(st.integers(min_value=0, max_value=total.cents)))
    split = allocate_bonus(bonus, gross)
    assert set(split) == set(gross)
    assert list(split) == [rate for rate in VatRate if rate in gross]
    assert Money.sum(split.values()) == bonus
    for rate, part in split.items():
        assert Money.zero() <= part <= gross[rate]


# --- change_due ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "given_", "change"),
    [(296, 500, 204), (296, 296, 0), (0, 0, 0), (0, 1000, 1000), (1, 5000, 4999)],
)
def test_change(due: int, given_: int, change: int) -> None:
    assert change_due(Money(due), Money(given_)) == Money(change)


@pytest.mark.parametrize(
    ("due", "given_", "reason", "message"),
    [
        (
            796,
            500,
            TenderProblem.INSUFFICIENT_CASH,
            "The cash given is 2,96 short: 5,00 given, 7,96 due.",
        ),
        (
            123456,
            0,
            TenderProblem.INSUFFICIENT_CASH,
            "The cash given is 1.234,56 short: 0,00 given, 1.234,56 due.",
        ),
        (100, -1, TenderProblem.NEGATIVE_AMOUNT, "The cash given (-0,01) is negative."),
        (-1, 100, TenderProblem.NEGATIVE_AMOUNT, "The amount due (-0,01) is negative."),
    ],
)
def test_change_refused(due: int, given_: int, reason: TenderProblem, message: str) -> None:
    with pytest.raises(TenderError) as caught:
        change_due(Money(due), Money(given_))
    assert caught.value.reason is reason
    assert caught.value.message == message


def test_insufficient_cash_details_carry_the_missing_amount() -> None:
    with pytest.raises(TenderError) as caught:
        change_due(Money(796), Money(500))
    assert caught.value.details["missing"] == Money(296)


@given(money, money)
def test_change_due_property(due: Money, given_: Money) -> None:
    if given_ < due:
        with pytest.raises(TenderError):
            change_due(due, given_)
    else:
        change = change_due(due, given_)
        assert change + due == given_
        assert not change.is_negative
