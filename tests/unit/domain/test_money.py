from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.money import (
    DEFAULT_MAXIMUM,
    AmountError,
    AmountProblem,
    Money,
    format_amount,
    parse_amount,
)

cents = st.integers(min_value=-(10**12), max_value=10**12)
valid_amounts = st.integers(min_value=1, max_value=DEFAULT_MAXIMUM.cents).map(Money)


# --- the value type ----------------------------------------------------------------------


@pytest.mark.parametrize("bad", [1.5, 0.1, Decimal("1.00"), Fraction(1, 2), "12", None, True, False])
def test_money_refuses_anything_but_int_cents(bad: object) -> None:
    with pytest.raises(TypeError, match="must be an int"):
        Money(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("factor", [1.5, Decimal(2), True, "2"])
def test_money_multiplies_only_by_int(factor: object) -> None:
    with pytest.raises(TypeError, match="multiplied by an int"):
        _ = Money(100) * factor  # type: ignore[operator]


@pytest.mark.parametrize("other", [1, 1.0, Decimal(1), None])
def test_money_adds_and_compares_only_with_money(other: object) -> None:
    with pytest.raises(TypeError, match="expected Money"):
        _ = Money(100) + other  # type: ignore[operator]
    with pytest.raises(TypeError, match="expected Money"):
        _ = Money(100) < other  # type: ignore[operator]
    assert Money(100) != other


def test_money_basics() -> None:
    assert Money.euros(12, 50) == Money(1250)
    assert Money.euros(-3, -5) == Money(-305)
    assert 3 * Money(45) == Money(135) == Money(45) * 3
    assert -Money(5) == Money(-5)
    assert abs(Money(-5)) == Money(5)
    assert Money.sum([Money(1), Money(2), Money(3)]) == Money(6)
    assert Money.sum([]) == Money.zero()
    assert Money(0).is_zero
    assert Money(-1).is_negative
    assert Money(1).is_positive
    assert sorted([Money(3), Money(-1), Money(2)]) == [Money(-1), Money(2), Money(3)]
    assert str(Money(123450)) == "1234.50 EUR"
    assert hash(Money(5)) == hash(Money(5))


@pytest.mark.parametrize(("euros", "cents"), [(1, 100), (1, -1), (-1, 5), (0, 1000)])
def test_money_euros_rejects_inconsistent_parts(euros: int, cents: int) -> None:
    with pytest.raises(ValueError, match="cents"):
        Money.euros(euros, cents)


def test_money_is_frozen() -> None:
    amount = Money(1)
    with pytest.raises(AttributeError):
        amount.cents = 2  # type: ignore[misc]


@given(cents, cents, cents)
def test_addition_is_exact_integer_arithmetic(a: int, b: int, c: int) -> None:
    x, y, z = Money(a), Money(b), Money(c)
    assert (x + y) + z == x + (y + z)
    assert x + y == y + x
    assert (x + y).cents == a + b
    assert x - y == x + (-y)
    assert x + Money.zero() == x


@given(cents, st.integers(min_value=-10_000, max_value=10_000))
def test_multiplication_distributes(a: int, n: int) -> None:
    assert (Money(a) * n).cents == a * n
    assert Money(a) * n == Money.sum([Money(a)] * n) if n >= 0 else True


@given(cents, cents)
def test_ordering_follows_cents(a: int, b: int) -> None:
    assert (Money(a) < Money(b)) == (a < b)
    assert (Money(a) >= Money(b)) == (a >= b)


# --- formatting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cents_value", "german", "english"),
    [
        (0, "0,00", "0.00"),
        (5, "0,05", "0.05"),
        (1250, "12,50", "12.50"),
        (100000, "1.000,00", "1,000.00"),
        (123456789, "1.234.567,89", "1,234,567.89"),
        (-1250, "-12,50", "-12.50"),
    ],
)
def test_format_amount(cents_value: int, german: str, english: str) -> None:
    assert format_amount(Money(cents_value)) == german
    assert format_amount(Money(cents_value), decimal=".", grouping=",") == english


def test_format_amount_rejects_equal_separators() -> None:
    with pytest.raises(ValueError, match="must differ"):
        format_amount(Money(1), decimal=",", grouping=",")


# --- parsing what a cashier types ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_cents"),
    [
        ("12,50", 1250),
        ("12.50", 1250),
        ("1.234,50", 123450),
        ("1,234.50", 123450),
        ("12", 1200),
        ("12,5", 1250),
        ("12,", 1200),
        (",5", 50),
        (".05", 5),
        ("0,01", 1),
        ("1.234", 123400),
        ("1,234", 123400),
        ("10.000", 1000000),
        ("10000,00", 1000000),
        ("  7,00 ", 700),
        ("7,00 €", 700),
        ("€7", 700),
        ("12,50 EUR", 1250),
        ("eur 3", 300),
        ("+3", 300),
        ("0012,30", 1230),
    ],
)
def test_parse_amount_reads_cashier_input(text: str, expected_cents: int) -> None:
    assert parse_amount(text) == Money(expected_cents)


@pytest.mark.parametrize(
    ("text", "reason", "message"),
    [
        ("", AmountProblem.EMPTY, "Please enter an amount."),
        ("   ", AmountProblem.EMPTY, "Please enter an amount."),
        ("€", AmountProblem.EMPTY, "Please enter an amount."),
        ("abc", AmountProblem.GARBAGE, "'abc' is not an amount (unexpected: 'abc')."),
        ("12,50x", AmountProblem.GARBAGE, "'12,50x' is not an amount (unexpected: 'x')."),
        ("1 234,50", AmountProblem.GARBAGE, "'1 234,50' is not an amount (unexpected: ' ')."),
        ("1e3", AmountProblem.GARBAGE, "'1e3' is not an amount (unexpected: 'e')."),
        ("١٢", AmountProblem.GARBAGE, "'١٢' is not an amount (unexpected: '١٢')."),
        (",", AmountProblem.GARBAGE, "',' is not an amount (unexpected: ',')."),
        ("-5", AmountProblem.NEGATIVE, "Amounts cannot be negative."),
        ("-0,50 €", AmountProblem.NEGATIVE, "Amounts cannot be negative."),
        ("1,2345", AmountProblem.TOO_MANY_DECIMALS, "An amount has at most two decimal places."),
        ("0,500", AmountProblem.TOO_MANY_DECIMALS, "An amount has at most two decimal places."),
        ("12.345,678", AmountProblem.TOO_MANY_DECIMALS, "An amount has at most two decimal places."),
        (
            "1.2,50",
            AmountProblem.BAD_GROUPING,
            "'1.2,50' has a thousands separator in the wrong place; type e.g. 1234,50.",
        ),
        ("1.234.5", AmountProblem.BAD_GROUPING, None),
        ("12,50,00", AmountProblem.BAD_GROUPING, None),
        ("0", AmountProblem.ZERO, "The amount must be more than 0,00."),
        ("0,00", AmountProblem.ZERO, "The amount must be more than 0,00."),
        (
            "10000,01",
            AmountProblem.TOO_LARGE,
            "10.000,01 is more than the allowed maximum of 10.000,00.",
        ),
        ("99999999999999999999", AmountProblem.TOO_LARGE, None),
    ],
)
def test_parse_amount_refuses_with_a_reason(text: str, reason: AmountProblem, message: str | None) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert caught.value.reason is reason
    if message is not None:
        assert caught.value.message == message
    assert caught.value.details["text"] == text


def test_12_345_is_twelve_thousand_not_twelve_euros() -> None:
    # A single mark followed by three digits groups thousands; it is then refused as too
    # large rather than silently read as 12,35.
    with pytest.raises(AmountError) as caught:
        parse_amount("12,345")
    assert caught.value.reason is AmountProblem.TOO_LARGE
    assert parse_amount("12,345", maximum=Money(10**9)) == Money(1_234_500)


def test_parse_amount_maximum_and_zero_are_configurable() -> None:
    assert parse_amount("0", allow_zero=True) == Money(0)
    assert parse_amount("50000", maximum=Money(5_000_000)) == Money(5_000_000)
    with pytest.raises(AmountError) as caught:
        parse_amount("100,01", maximum=Money(10000))
    assert caught.value.reason is AmountProblem.TOO_LARGE
    assert caught.value.details["maximum"] == Money(10000)


def test_parse_amount_takes_only_text() -> None:
    with pytest.raises(TypeError, match="takes text"):
        parse_amount(12.5)  # type: ignore[arg-type]


@given(valid_amounts)
def test_parse_of_format_is_identity_german(amount: Money) -> None:
    assert parse_amount(format_amount(amount)) == amount


@given(valid_amounts)
def test_parse_of_format_is_identity_english(amount: Money) -> None:
    assert parse_amount(format_amount(amount, decimal=".", grouping=",")) == amount


@given(valid_amounts, st.sampled_from([",", "."]))
def test_parse_of_ungrouped_format_is_identity(amount: Money, decimal: str) -> None:
    assert parse_amount(format_amount(amount, decimal=decimal, grouping="")) == amount


@given(st.text(max_size=20))
def test_parse_amount_never_crashes_and_never_goes_negative(text: str) -> None:
    outcome: Money | AmountError
    try:
        outcome = parse_amount(text)
    except AmountError as error:
        outcome = error
    if isinstance(outcome, AmountError):
        assert outcome.reason in AmountProblem
        assert outcome.message
    else:
        assert Money(0) < outcome <= DEFAULT_MAXIMUM


@given(st.integers(min_value=1, max_value=DEFAULT_MAXIMUM.cents))
def test_parse_agrees_with_decimal_for_plain_input(value: int) -> None:
    text = f"{Decimal(value) / 100:.2f}"
    assert parse_amount(text).cents == value
