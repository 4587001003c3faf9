"""German VAT rates and the VAT summary of a receipt.

Prices at the till are gross (VAT included), as secuconnect's ``priceOne`` is. The VAT in a
gross amount is ``gross × rate / (100 + rate)``, rounded half-up to the cent; the summary
computes it **once per rate** from the exact sum of that rate's line totals, so the per-rate
gross amounts always add up to the basket total and only the tax/net split is rounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import Enum, StrEnum

from cashier.domain.errors import InputError
from cashier.domain.money import Money


class VatProblem(StrEnum):
    UNKNOWN_RATE = "unknown_rate"


class VatError(InputError):
    """A VAT rate the till does not know (the API sends ``tax`` as an int percent)."""

    reason: VatProblem


class VatRate(Enum):
    """The VAT rates a German till uses; members are declared in receipt order (19, 7, 0)."""

    STANDARD = 19
    REDUCED = 7
    ZERO = 0

    @property
    def percent(self) -> int:
        percent: int = self.value
        return percent

    @property
    def letter(self) -> str:
        """The letter that ties a receipt line to its row in the VAT summary."""
        return _LETTERS[self]

    @classmethod
    def from_percent(cls, percent: object) -> VatRate:
        """``19`` → :attr:`STANDARD`; anything that is not exactly 19, 7 or 0 (an int) raises."""
        if isinstance(percent, int) and not isinstance(percent, bool):
            for rate in cls:
                if rate.value == percent:
                    return rate
        raise VatError(
            VatProblem.UNKNOWN_RATE,
            f"{percent!r} is not a VAT rate this till knows (19, 7 or 0 percent).",
            percent=percent,
        )


_LETTERS = {VatRate.STANDARD: "A", VatRate.REDUCED: "B", VatRate.ZERO: "C"}


def divide_round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to an int, halves away from zero (symmetric).

    The division runs in :mod:`decimal` with enough precision for the quotient's integer digits
    plus 30 more: an exact half (``k.5``) is then represented exactly, and any other quotient is
    at least ``1 / (2·denominator)`` away from a half, far beyond the division's rounding error.
    """
    if isinstance(numerator, bool) or isinstance(denominator, bool):
        raise TypeError("divide_round_half_up() takes ints, not bools")
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    with localcontext() as context:
        context.prec = len(str(abs(numerator))) + 30
        quotient = Decimal(numerator) / Decimal(denominator)
        return int(quotient.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def tax_in_gross(gross: Money, rate: VatRate) -> Money:
    """The VAT contained in ``gross``: ``gross × rate / (100 + rate)``, rounded half-up.

    Negative amounts round symmetrically (``tax_in_gross(-g) == -tax_in_gross(g)``).
    """
    return Money(divide_round_half_up(gross.cents * rate.percent, 100 + rate.percent))


@dataclass(frozen=True, slots=True)
class VatRow:
    """One row of the VAT summary: everything sold at ``rate``, split into net and tax."""

    rate: VatRate
    net: Money
    tax: Money
    gross: Money

    def __post_init__(self) -> None:
        if self.net + self.tax != self.gross:
            raise ValueError(f"VAT row does not add up: {self.net} + {self.tax} != {self.gross}")

    @classmethod
    def from_gross(cls, rate: VatRate, gross: Money) -> VatRow:
        tax = tax_in_gross(gross, rate)
        return cls(rate=rate, net=gross - tax, tax=tax, gross=gross)


def vat_summary(items: Iterable[tuple[VatRate, Money]]) -> tuple[VatRow, ...]:
    """One :class:`VatRow` per rate that has at least one line, in the order 19, 7, 0.

    ``items`` are ``(rate, line total)`` pairs. A rate appears as soon as it has a line, even
    when its lines add up to zero (a 0,00 line still shows which rate it was sold at); rates
    without lines are left out.
    """
    gross_by_rate: dict[VatRate, Money] = {}
    for rate, total in items:
        if not isinstance(rate, VatRate):
            raise TypeError(f"expected a VatRate, got {type(rate).__name__}")
        gross_by_rate[rate] = gross_by_rate.get(rate, Money.zero()) + total
    return tuple(VatRow.from_gross(rate, gross_by_rate[rate]) for rate in VatRate if rate in gross_by_rate)
