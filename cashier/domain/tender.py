"""Tender arithmetic: proportional splits, bonus across VAT rates and change.

What a card covers is the server's word (``preTransaction``, :class:`cashier.services.sale.Pricing`).

Everything here is integer arithmetic on cents. Splits use the largest-remainder (Hamilton)
method so that the parts always add up to the whole, exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from cashier.domain.errors import InputError
from cashier.domain.money import Money, format_amount
from cashier.domain.vat import VatRate


class TenderProblem(StrEnum):
    BONUS_EXCEEDS_TOTAL = "bonus_exceeds_total"
    INSUFFICIENT_CASH = "insufficient_cash"
    NEGATIVE_AMOUNT = "negative_amount"


class TenderError(InputError):
    """An amount that cannot pay (or be spent on) the sale as given."""

    reason: TenderProblem


def allocate(total: Money, weights: Sequence[Money]) -> tuple[Money, ...]:
    """Split ``total`` into parts proportional to ``weights`` (largest-remainder method).

    Each part is its exact share ``total × weight / Σweights`` rounded down; the cents left
    over go, one each, to the parts with the largest remainders, ties to the lower index.
    The parts add up to ``total`` exactly, none is negative, a zero weight gets nothing, and
    each part is less than one cent away from its exact share.

    Raises :class:`ValueError` for a negative ``total`` or weight, and when ``total`` is more
    than zero but every weight is zero (there is nothing to split it by).
    """
    if total.is_negative:
        raise ValueError(f"cannot allocate a negative total ({total})")
    if any(weight.is_negative for weight in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weight.cents for weight in weights)
    if weight_sum == 0:
        if total.is_zero:
            return tuple(Money.zero() for _ in weights)
        raise ValueError(f"cannot allocate {total} over weights that are all zero")

    floors: list[int] = []
    remainders: list[int] = []
    for weight in weights:
        floor, remainder = divmod(total.cents * weight.cents, weight_sum)
        floors.append(floor)
        remainders.append(remainder)
    leftover = total.cents - sum(floors)  # 0 <= leftover < number of non-zero remainders
    by_remainder = sorted(range(len(floors)), key=lambda index: (-remainders[index], index))
    for index in by_remainder[:leftover]:
        floors[index] += 1
    return tuple(Money(cents) for cents in floors)


def allocate_bonus(bonus: Money, basket_gross_by_rate: Mapping[VatRate, Money]) -> dict[VatRate, Money]:
    """Spread ``bonus`` over the VAT rates in proportion to the basket's gross per rate.

    The result has one entry for every rate in ``basket_gross_by_rate`` (a part may be zero),
    in the order 19, 7, 0, which is also the tie-break order. The parts add up to ``bonus``
    exactly, none is negative and none exceeds its rate's gross.

    This is a local preview: the server decides the real bonus lines in ``preTransaction``,
    and its split may differ by a cent or so (secuconnect does not document its algorithm).
    """
    if bonus.is_negative:
        raise TenderError(
            TenderProblem.NEGATIVE_AMOUNT,
            f"A bonus of {format_amount(bonus)} is negative.",
            bonus=bonus,
        )
    rates = [rate for rate in VatRate if rate in basket_gross_by_rate]
    grosses = [basket_gross_by_rate[rate] for rate in rates]
    basket_total = Money.sum(grosses)
    if bonus > basket_total:
        raise TenderError(
            TenderProblem.BONUS_EXCEEDS_TOTAL,
            f"A bonus of {format_amount(bonus)} is more than the basket total of "
            f"{format_amount(basket_total)}.",
            bonus=bonus,
            total=basket_total,
        )
    return dict(zip(rates, allocate(bonus, grosses), strict=True))


def change_due(amount_due: Money, given: Money) -> Money:
    """The change to hand back when the customer gives ``given`` for ``amount_due``.

    ``amount_due`` is what is left to pay in cash (the ``missing_sum`` after the card).
    """
    if amount_due.is_negative:
        raise TenderError(
            TenderProblem.NEGATIVE_AMOUNT,
            f"The amount due ({format_amount(amount_due)}) is negative.",
            amount_due=amount_due,
        )
    if given.is_negative:
        raise TenderError(
            TenderProblem.NEGATIVE_AMOUNT,
            f"The cash given ({format_amount(given)}) is negative.",
            given=given,
        )
    if given < amount_due:
        missing = amount_due - given
        raise TenderError(
            TenderProblem.INSUFFICIENT_CASH,
            f"The cash given is {format_amount(missing)} short: "
            f"{format_amount(given)} given, {format_amount(amount_due)} due.",
            missing=missing,
            given=given,
            amount_due=amount_due,
        )
    return given - amount_due
