from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.basket import (
    CHARGE_EAN,
    MAX_QUANTITY,
    Basket,
    BasketError,
    BasketLine,
    BasketProblem,
    card_load_line,
    ean_check_digit_ok,
)
from cashier.domain.errors import InputError
from cashier.domain.money import Money
from cashier.domain.vat import VatRate, VatRow


def line(
    description: str = "Brötchen",
    price: int = 45,
    quantity: int = 1,
    *,
    vat: VatRate = VatRate.REDUCED,
    article_number: str | None = None,
    ean: str | None = None,
) -> BasketLine:
    return BasketLine(description, Money(price), quantity, vat, article_number, ean)


# --- BasketLine ------------------------------------------------------------------------------


def test_line_total_and_normalisation() -> None:
    made = line(" Wasser 0,25 l ", price=99, quantity=2, vat=VatRate.STANDARD, article_number=" 51 ", ean="")
    assert made.description == "Wasser 0,25 l"
    assert made.article_number == "51"
    assert made.ean is None
    assert made.total == Money(198)
    assert not made.is_card_load


def test_free_line_and_longest_description_are_allowed() -> None:
    assert line(price=0).total == Money(0)
    assert len(line("x" * 80).description) == 80
    assert line(quantity=MAX_QUANTITY).quantity == 9999


@pytest.mark.parametrize(
    "ean", ["96385074", "036000291452", "4006381333931", "04006381333931", "4999012345678"]
)
def test_ean_lengths_accepted_whatever_the_check_digit(ean: str) -> None:
    assert line(ean=ean).ean == ean


@pytest.mark.parametrize(
    ("kwargs", "reason", "message"),
    [
        ({"description": "   "}, BasketProblem.EMPTY_DESCRIPTION, "A basket line needs a description."),
        (
            {"description": "y" * 81},
            BasketProblem.DESCRIPTION_TOO_LONG,
            "The description has 81 characters; at most 80 are allowed.",
        ),
        (
            {"price": -1},
            BasketProblem.NEGATIVE_PRICE,
            "The price -0,01 is negative; basket lines cannot be.",
        ),
        ({"quantity": 0}, BasketProblem.BAD_QUANTITY, "The quantity must be between 1 and 9999, not 0."),
        ({"quantity": -3}, BasketProblem.BAD_QUANTITY, "The quantity must be between 1 and 9999, not -3."),
        (
            {"quantity": 10000},
            BasketProblem.BAD_QUANTITY,
            "The quantity must be between 1 and 9999, not 10000.",
        ),
        (
            {"ean": "1234567"},
            BasketProblem.BAD_EAN,
            "'1234567' is not an EAN: it must be 8, 12, 13 or 14 digits.",
        ),
        (
            {"ean": "111111117"},
            BasketProblem.BAD_EAN,
            "'111111117' is not an EAN: it must be 8, 12, 13 or 14 digits.",
        ),
        (
            {"ean": "42604471495O2"},
            BasketProblem.BAD_EAN,
            "'42604471495O2' is not an EAN: it must be 8, 12, 13 or 14 digits.",
        ),
        (
            {"ean": "４２６０４４７１"},  # full-width digits are digits to str.isdigit()
            BasketProblem.BAD_EAN,
            "'４２６０４４７１' is not an EAN: it must be 8, 12, 13 or 14 digits.",
        ),
    ],
)
def test_invalid_line(kwargs: dict[str, object], reason: BasketProblem, message: str) -> None:
    with pytest.raises(BasketError) as caught:
        line(**kwargs)  # type: ignore[arg-type]
    assert caught.value.reason is reason
    assert caught.value.message == message
    assert isinstance(caught.value, InputError)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"quantity": True}, "quantity must be an int, not bool"),
        ({"quantity": 1.0}, "quantity must be an int, not float"),
    ],
)
def test_wrong_types_are_bugs_not_input_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        line(**kwargs)  # type: ignore[arg-type]


def test_line_refuses_a_percent_instead_of_a_rate() -> None:
    with pytest.raises(TypeError, match="vat must be a VatRate, not int"):
        BasketLine("Brot", Money(100), 1, 7)  # type: ignore[arg-type]


# --- EAN check digit -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ean", "ok"),
    [
        (CHARGE_EAN, True),  # the reserved charge EAN has a valid GS1 check digit
        ("4006381333931", True),
        ("96385074", True),
        ("036000291452", True),
        ("04006381333931", True),
        ("4999012345678", False),  # docs/secuconnect.md §6.1 example; correct check digit would be 3
        ("4006381333932", False),
        ("111111117", False),  # wrong length (a bonus product's "EAN")
        ("abcdefgh", False),
        ("", False),
    ],
)
def test_ean_check_digit(ean: str, ok: bool) -> None:
    assert ean_check_digit_ok(ean) is ok


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_exactly_one_check_digit_fits_every_ean13_body(body: str) -> None:
    assert sum(ean_check_digit_ok(body + d) for d in "0123456789") == 1


# --- card loads ------------------------------------------------------------------------------


def test_card_load_line() -> None:
    load = card_load_line(Money(2000))
    assert load == BasketLine("Guthaben-Aufladung", Money(2000), 1, VatRate.ZERO, None, CHARGE_EAN)
    assert load.is_card_load
    assert card_load_line(Money(500), "Kartenaufladung 5 EUR").description == "Kartenaufladung 5 EUR"


@pytest.mark.parametrize(
    ("cents", "message"),
    [
        (0, "A card load must be more than 0,00, not 0,00."),
        (-500, "A card load must be more than 0,00, not -5,00."),
    ],
)
def test_card_load_must_be_positive(cents: int, message: str) -> None:
    with pytest.raises(BasketError) as caught:
        card_load_line(Money(cents))
    assert caught.value.reason is BasketProblem.BAD_LOAD_AMOUNT
    assert caught.value.message == message


# --- Basket ----------------------------------------------------------------------------------


def test_empty_basket() -> None:
    basket = Basket()
    assert basket.is_empty
    assert len(basket) == 0
    assert basket.total == Money(0)
    assert basket.item_count == 0
    assert basket.vat_summary() == ()
    assert basket.gross_by_rate() == {}


def test_add_appends_and_merges_identical_articles() -> None:
    water = line("Wasser", 99, vat=VatRate.STANDARD, article_number="51", ean="4999012345678")
    bread = line("Brot", 349)
    more_water = line("Wasser", 99, 2, vat=VatRate.STANDARD, article_number="51", ean="4999012345678")
    basket = Basket().add(water).add(bread).add(more_water)
    assert basket.lines == (
        line("Wasser", 99, 3, vat=VatRate.STANDARD, article_number="51", ean="4999012345678"),
        bread,
    )
    assert basket.item_count == 4
    assert basket.total == Money(3 * 99 + 349)
    assert list(basket) == list(basket.lines)


@pytest.mark.parametrize(
    "other",
    [
        line("Wasser still", 99, vat=VatRate.STANDARD),
        line("Wasser", 109, vat=VatRate.STANDARD),
        line("Wasser", 99, vat=VatRate.REDUCED),
        line("Wasser", 99, vat=VatRate.STANDARD, article_number="52"),
        line("Wasser", 99, vat=VatRate.STANDARD, ean="96385074"),
    ],
)
def test_add_keeps_different_articles_apart(other: BasketLine) -> None:
    basket = Basket().add(line("Wasser", 99, vat=VatRate.STANDARD)).add(other)
    assert len(basket) == 2


def test_merging_respects_max_quantity() -> None:
    basket = Basket().add(line(quantity=9000))
    with pytest.raises(BasketError) as caught:
        basket.add(line(quantity=1000))
    assert caught.value.reason is BasketProblem.BAD_QUANTITY
    assert caught.value.message == "The quantity must be between 1 and 9999, not 10000."


def test_remove_set_quantity_increment_decrement_clear() -> None:
    a, b, c = line("A", 100), line("B", 200), line("C", 300)
    basket = Basket((a, b, c))
    assert basket.remove(1).lines == (a, c)
    assert basket.set_quantity(2, 5).lines == (a, b, line("C", 300, 5))
    assert basket.increment(0).lines[0].quantity == 2
    assert basket.increment(0).decrement(0) == basket
    assert basket.decrement(1).lines == (a, c)
    assert basket.clear() == Basket()
    assert basket.lines == (a, b, c)  # the original never changes


def test_increment_at_max_quantity_is_refused() -> None:
    with pytest.raises(BasketError) as caught:
        Basket((line(quantity=MAX_QUANTITY),)).increment(0)
    assert caught.value.reason is BasketProblem.BAD_QUANTITY


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (lambda b: b.remove(2), "There is no basket line at index 2; the basket has 2 line(s)."),
        (lambda b: b.remove(-1), "There is no basket line at index -1; the basket has 2 line(s)."),
        (lambda b: b.set_quantity(5, 1), "There is no basket line at index 5; the basket has 2 line(s)."),
        (lambda b: b.increment(2), "There is no basket line at index 2; the basket has 2 line(s)."),
        (lambda b: b.decrement(3), "There is no basket line at index 3; the basket has 2 line(s)."),
        (lambda b: b.clear().remove(0), "There is no basket line at index 0; the basket has 0 line(s)."),
    ],
)
def test_missing_line(operation: Callable[[Basket], Basket], message: str) -> None:
    basket = Basket((line("A"), line("B")))
    with pytest.raises(BasketError) as caught:
        operation(basket)
    assert caught.value.reason is BasketProblem.LINE_NOT_FOUND
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (
            lambda b: b.add(line("Tüte", 2)),
            "The basket total would be 10.000,01, more than the allowed maximum of 10.000,00.",
        ),
        (
            lambda b: b.increment(0),
            "The basket total would be 19.999,98, more than the allowed maximum of 10.000,00.",
        ),
        (
            lambda b: b.set_quantity(0, 3),
            "The basket total would be 29.999,97, more than the allowed maximum of 10.000,00.",
        ),
    ],
)
def test_total_too_large(operation: Callable[[Basket], Basket], message: str) -> None:
    basket = Basket((line("Kasse", 999_999),))
    assert basket.total == Money(999_999)
    with pytest.raises(BasketError) as caught:
        operation(basket)
    assert caught.value.reason is BasketProblem.TOTAL_TOO_LARGE
    assert caught.value.message == message


def test_custom_maximum_total_is_kept_by_operations() -> None:
    basket = Basket(maximum_total=Money(1000)).add(line(price=600))
    assert basket.maximum_total == Money(1000)
    with pytest.raises(BasketError) as caught:
        basket.increment(0)
    assert caught.value.reason is BasketProblem.TOTAL_TOO_LARGE


def test_basket_needs_a_tuple() -> None:
    with pytest.raises(TypeError, match="lines must be a tuple, not list"):
        Basket([line()])  # type: ignore[arg-type]


def test_vat_summary_and_gross_by_rate_of_the_api_example() -> None:
    basket = (
        Basket()
        .add(line("Sandwich Romano", 349, article_number="30037"))
        .add(line("Obstsalat klein", 249, article_number="30200"))
        .add(line("Wasser 0,25 l", 99, 2, vat=VatRate.STANDARD, article_number="51", ean="4999012345678"))
    )
    assert basket.total == Money(796)
    assert basket.gross_by_rate() == {VatRate.STANDARD: Money(198), VatRate.REDUCED: Money(598)}
    assert list(basket.gross_by_rate()) == [VatRate.STANDARD, VatRate.REDUCED]
    assert basket.vat_summary() == (
        VatRow(VatRate.STANDARD, Money(166), Money(32), Money(198)),
        VatRow(VatRate.REDUCED, Money(559), Money(39), Money(598)),
    )


# --- properties ------------------------------------------------------------------------------

basket_lines = st.builds(
    BasketLine,
    description=st.sampled_from(["Brot", "Wasser", "Kaffee"]),
    unit_price=st.builds(Money, st.sampled_from([0, 1, 45, 99, 349, 5000])),
    quantity=st.integers(min_value=1, max_value=50),
    vat=st.sampled_from(list(VatRate)),
    article_number=st.sampled_from([None, "51"]),
    ean=st.sampled_from([None, "96385074"]),
)

operations = st.one_of(
    st.tuples(st.just("add"), basket_lines),
    st.tuples(st.sampled_from(["remove", "increment", "decrement"]), st.integers(min_value=-1, max_value=6)),
    st.tuples(st.just("set_quantity"), st.integers(min_value=-1, max_value=6), st.integers(-1, 10_000)),
    st.tuples(st.just("clear")),
)


def apply(basket: Basket, operation: tuple[object, ...]) -> Basket:
    name, *args = operation
    method = getattr(basket, str(name))
    result: Basket = method(*args)
    return result


@given(st.lists(operations, max_size=40))
def test_basket_operations_keep_the_basket_valid(steps: list[tuple[object, ...]]) -> None:
    basket = Basket(maximum_total=Money(50_000))
    for step in steps:
        try:
            changed = apply(basket, step)
        except BasketError:
            continue
        assert changed is not basket
        basket = changed
        assert Money.zero() <= basket.total <= basket.maximum_total
        assert all(1 <= each.quantity <= MAX_QUANTITY for each in basket)
        assert basket.total == Money.sum(each.unit_price * each.quantity for each in basket)
        assert basket.item_count == sum(each.quantity for each in basket)
        assert Money.sum(basket.gross_by_rate().values()) == basket.total
        assert Money.sum(row.gross for row in basket.vat_summary()) == basket.total


@given(st.lists(basket_lines, max_size=20))
def test_adding_never_leaves_two_lines_of_the_same_article(lines: list[BasketLine]) -> None:
    basket = Basket(maximum_total=Money(10**9))  # 20 lines × 50 × 50,00 € fit
    for each in lines:
        basket = basket.add(each)
    for i, first in enumerate(basket.lines):
        assert not any(first.same_article(second) for second in basket.lines[i + 1 :])
    assert basket.item_count == sum(each.quantity for each in lines)
    assert basket.total == Money.sum(each.total for each in lines)
