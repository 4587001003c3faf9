from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.domain.vat import (
    VatError,
    VatProblem,
    VatRate,
    VatRow,
    divide_round_half_up,
    tax_in_gross,
    vat_summary,
)

rates = st.sampled_from(list(VatRate))
amounts = st.builds(Money, st.integers(min_value=-(10**9), max_value=10**9))
line_totals = st.builds(Money, st.integers(min_value=0, max_value=10**7))


def exact_half_up(numerator: int, denominator: int) -> int:
    """Reference rounding with Fraction: halves away from zero."""
    value = abs(Fraction(numerator, denominator))
    rounded = int(value + Fraction(1, 2))  # floor(x + 1/2) for x >= 0
    return rounded if numerator >= 0 else -rounded


# --- VatRate ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "percent", "letter"),
    [(VatRate.STANDARD, 19, "A"), (VatRate.REDUCED, 7, "B"), (VatRate.ZERO, 0, "C")],
)
def test_rate_percent_and_letter(rate: VatRate, percent: int, letter: str) -> None:
    assert rate.percent == percent
    assert rate.letter == letter
    assert VatRate.from_percent(percent) is rate


def test_rates_iterate_in_receipt_order() -> None:
    assert [rate.percent for rate in VatRate] == [19, 7, 0]


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        (16, "16 is not a VAT rate this till knows (19, 7 or 0 percent)."),
        (5, "5 is not a VAT rate this till knows (19, 7 or 0 percent)."),
        (-19, "-19 is not a VAT rate this till knows (19, 7 or 0 percent)."),
        (190, "190 is not a VAT rate this till knows (19, 7 or 0 percent)."),
        ("19", "'19' is not a VAT rate this till knows (19, 7 or 0 percent)."),
        (19.0, "19.0 is not a VAT rate this till knows (19, 7 or 0 percent)."),
        (False, "False is not a VAT rate this till knows (19, 7 or 0 percent)."),
        (None, "None is not a VAT rate this till knows (19, 7 or 0 percent)."),
    ],
)
def test_unknown_rate_is_refused(percent: object, message: str) -> None:
    with pytest.raises(VatError) as caught:
        VatRate.from_percent(percent)
    assert caught.value.reason is VatProblem.UNKNOWN_RATE
    assert caught.value.message == message
    assert isinstance(caught.value, InputError)
    assert caught.value.details["percent"] == percent


# --- tax in a gross amount -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gross", "rate", "tax"),
    [
        (11900, VatRate.STANDARD, 1900),
        (1070, VatRate.REDUCED, 70),
        (5, VatRate.STANDARD, 1),  # 0.798… cents rounds up
        (3, VatRate.STANDARD, 0),  # 0.479… cents rounds down
        (-5, VatRate.STANDARD, -1),  # symmetric: away from zero
        (-3, VatRate.STANDARD, 0),
        (0, VatRate.STANDARD, 0),
        (999, VatRate.ZERO, 0),
        (796, VatRate.STANDARD, 127),  # 127.09…
        (598, VatRate.REDUCED, 39),  # 39.12…
        (8, VatRate.REDUCED, 1),  # 0.523… just above the half
        (7, VatRate.REDUCED, 0),  # 0.457… just below the half
    ],
)
def test_known_tax_values(gross: int, rate: VatRate, tax: int) -> None:
    assert tax_in_gross(Money(gross), rate) == Money(tax)


def test_no_exact_half_cent_exists_for_19_or_7_percent() -> None:
    # tax = g·r/(100+r) is k + 1/2 only if 2·g·r == (2k+1)·(100+r): the left side is even, the
    # right side odd (119 and 107 are odd), so no gross amount has an exact half-cent of VAT.
    # Check it over a range that covers every residue class modulo 2·(100+r).
    for rate in (VatRate.STANDARD, VatRate.REDUCED):
        denominator = 100 + rate.percent
        assert all((2 * g * rate.percent) % (2 * denominator) != denominator for g in range(4 * denominator))


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 2, 3), (-5, 2, -3), (1, 2, 1), (-1, 2, -1), (3, 2, 2), (7, 4, 2), (5, 4, 1), (-7, 4, -2), (0, 7, 0)],
)
def test_rounding_helper_rounds_exact_halves_away_from_zero(
    numerator: int, denominator: int, expected: int
) -> None:
    assert divide_round_half_up(numerator, denominator) == expected


def test_rounding_helper_is_exact_for_huge_numbers() -> None:
    assert divide_round_half_up(10**40 + 1, 2) == 5 * 10**39 + 1
    assert divide_round_half_up(10**40 - 1, 3) == (10**40 - 1) // 3  # remainder 0


@pytest.mark.parametrize("denominator", [0, -2])
def test_rounding_helper_needs_a_positive_denominator(denominator: int) -> None:
    with pytest.raises(ValueError, match="denominator must be positive"):
        divide_round_half_up(1, denominator)


@given(st.integers(min_value=-(10**30), max_value=10**30), st.integers(min_value=1, max_value=10**6))
def test_rounding_helper_matches_fraction_reference(numerator: int, denominator: int) -> None:
    assert divide_round_half_up(numerator, denominator) == exact_half_up(numerator, denominator)


@given(amounts, rates)
def test_tax_matches_exact_share_rounded_half_up(gross: Money, rate: VatRate) -> None:
    exact = Fraction(gross.cents * rate.percent, 100 + rate.percent)
    tax = tax_in_gross(gross, rate)
    assert abs(Fraction(tax.cents) - exact) <= Fraction(1, 2)
    assert tax.cents == exact_half_up(gross.cents * rate.percent, 100 + rate.percent)


@given(amounts, rates)
def test_tax_has_the_sign_of_gross_and_is_not_larger(gross: Money, rate: VatRate) -> None:
    tax = tax_in_gross(gross, rate)
    assert abs(tax) <= abs(gross)
    assert tax.cents * gross.cents >= 0
    assert tax_in_gross(-gross, rate) == -tax


# --- VatRow and the summary ------------------------------------------------------------------


def test_vat_row_must_add_up() -> None:
    with pytest.raises(ValueError, match="VAT row does not add up"):
        VatRow(rate=VatRate.STANDARD, net=Money(100), tax=Money(19), gross=Money(120))


def test_summary_of_the_api_example_basket() -> None:
    # docs/secuconnect.md §6.1: 3,49 + 2,49 at 7 %, 2 × 0,99 at 19 %.
    rows = vat_summary(
        [(VatRate.REDUCED, Money(349)), (VatRate.REDUCED, Money(249)), (VatRate.STANDARD, Money(198))]
    )
    assert rows == (
        VatRow(rate=VatRate.STANDARD, net=Money(166), tax=Money(32), gross=Money(198)),
        VatRow(rate=VatRate.REDUCED, net=Money(559), tax=Money(39), gross=Money(598)),
    )


def test_tax_is_computed_once_per_rate_not_per_line() -> None:
    # Per line each 0,05 € would carry 0,01 tax (3 × 0,01 = 0,03); on the sum of 0,15 it is 0,02.
    rows = vat_summary([(VatRate.STANDARD, Money(5))] * 3)
    assert rows == (VatRow(rate=VatRate.STANDARD, net=Money(13), tax=Money(2), gross=Money(15)),)


def test_rate_with_lines_summing_to_zero_is_shown_and_rate_without_lines_is_not() -> None:
    rows = vat_summary([(VatRate.ZERO, Money(0)), (VatRate.STANDARD, Money(119))])
    assert [row.rate for row in rows] == [VatRate.STANDARD, VatRate.ZERO]
    assert rows[1] == VatRow(rate=VatRate.ZERO, net=Money(0), tax=Money(0), gross=Money(0))


def test_empty_summary() -> None:
    assert vat_summary([]) == ()


def test_summary_refuses_a_bare_percent() -> None:
    with pytest.raises(TypeError, match="expected a VatRate, got int"):
        vat_summary([(19, Money(100))])  # type: ignore[list-item]


@given(st.lists(st.tuples(rates, line_totals), max_size=30))
def test_summary_properties(items: list[tuple[VatRate, Money]]) -> None:
    rows = vat_summary(items)
    assert Money.sum(row.gross for row in rows) == Money.sum(total for _, total in items)
    assert [row.rate for row in rows] == [rate for rate in VatRate if any(r is rate for r, _ in items)]
    for row in rows:
        assert row.net + row.tax == row.gross
        assert row.gross == Money.sum(total for rate, total in items if rate is row.rate)
        assert row.tax == tax_in_gross(row.gross, row.rate)
        assert Money.zero() <= row.tax <= row.gross
