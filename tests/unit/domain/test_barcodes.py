from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.barcodes import (
    BarcodeIndex,
    BarcodeProblem,
    CatalogCodeError,
    EmbeddedRule,
    IndexedArticle,
    ScanTarget,
    ValueKind,
    format_weight,
    gtin_check_digit,
    is_gtin,
    price_for_weight,
    value_check_digit,
)
from cashier.domain.money import Money

CARD = "9276004400000011"
COFFEE_EAN = "4006381333931"
WATER_UPC = "036000291452"
BREAD_EAN8 = "96385074"


def with_check(body: str) -> str:
    return body + str(gtin_check_digit(body))


INDEX = BarcodeIndex.build(
    [
        IndexedArticle("1001", (COFFEE_EAN,)),
        IndexedArticle("1005", (WATER_UPC,)),
        IndexedArticle("2001", (BREAD_EAN8,)),
        IndexedArticle("3001", weighed=True),
        IndexedArticle("ABC-7"),
    ],
    [
        EmbeddedRule("21", ValueKind.PRICE),
        EmbeddedRule("22", ValueKind.PRICE, article_digits=4, value_check=True),
        EmbeddedRule("28", ValueKind.WEIGHT),
    ],
)


def test_the_check_digits_of_known_codes() -> None:
    assert is_gtin(COFFEE_EAN)
    assert is_gtin(WATER_UPC)
    assert is_gtin(BREAD_EAN8)
    assert not is_gtin("4006381333932")
    assert not is_gtin("40063813339")  # 11 digits: no such code
    assert not is_gtin("400638133393a")


def test_the_price_verifier_digit_of_the_gs1_examples() -> None:
    assert value_check_digit("2875") == 9
    assert value_check_digit("14685") == 6
    with pytest.raises(ValueError, match="4 or 5"):
        value_check_digit("123")


@pytest.mark.parametrize(
    ("scan", "target", "article"),
    [
        (CARD, ScanTarget.CARD, None),
        (f" {CARD}\r\n", ScanTarget.CARD, None),
        (COFFEE_EAN, ScanTarget.ARTICLE, "1001"),
        (WATER_UPC, ScanTarget.ARTICLE, "1005"),
        ("0" + WATER_UPC, ScanTarget.ARTICLE, "1005"),  # the same code as an EAN-13
        (BREAD_EAN8, ScanTarget.ARTICLE, "2001"),
        ("1001", ScanTarget.ARTICLE, "1001"),  # an article number as written in the catalogue
        ("ABC-7", ScanTarget.UNKNOWN, None),  # scans are digits (dashes are scanner noise)
    ],
)
def test_a_scan_goes_to_the_card_or_its_article(scan: str, target: ScanTarget, article: str | None) -> None:
    result = INDEX.route(scan)
    assert (result.target, result.article_number) == (target, article)


def test_a_price_embedded_code_carries_the_article_and_its_price() -> None:
    result = INDEX.route(with_check("21" + "01001" + "00249"))
    assert (result.target, result.article_number) == (ScanTarget.ARTICLE, "1001")
    assert result.embedded is not None
    assert result.embedded.value == 249


def test_a_price_with_its_verifier_digit() -> None:
    code = with_check("22" + "1001" + str(value_check_digit("14685")) + "14685")
    result = INDEX.route(code)
    assert result.embedded is not None
    assert result.embedded.value == 14685
    wrong = with_check("22" + "1001" + str((value_check_digit("14685") + 1) % 10) + "14685")
    assert INDEX.route(wrong).problem is BarcodeProblem.CHECK_DIGIT


def test_a_weight_embedded_code_for_a_weighed_article() -> None:
    result = INDEX.route(with_check("28" + "03001" + "00754"))
    assert result.article_number == "3001"
    assert result.embedded is not None
    assert result.embedded.value == 754
    assert price_for_weight(754, Money(299)) == Money(225)  # 225,446 ct
    assert format_weight(754) == "0,754 kg"
    assert format_weight(12050) == "12,050 kg"


@pytest.mark.parametrize(
    ("scan", "problem"),
    [
        ("4006381333932", BarcodeProblem.CHECK_DIGIT),
        (with_check("400000000001"), BarcodeProblem.UNKNOWN),  # a fine EAN no article has
        (with_check("21" + "09999" + "00249"), BarcodeProblem.UNKNOWN),  # no article 9999
        (with_check("23" + "01001" + "00249"), BarcodeProblem.UNKNOWN),  # prefix not configured
        (with_check("28" + "01001" + "00250"), BarcodeProblem.NOT_WEIGHED),
        ("3001", BarcodeProblem.NEEDS_WEIGHT),
        ("12345678", BarcodeProblem.UNKNOWN),  # another issuer's card, or anything: not routed
        ("9276", BarcodeProblem.UNKNOWN),
        ("", BarcodeProblem.UNKNOWN),
    ],
)
def test_what_is_not_an_article_or_card_is_unknown_with_its_digits(
    scan: str, problem: BarcodeProblem
) -> None:
    result = INDEX.route(scan)
    assert (result.target, result.problem) == (ScanTarget.UNKNOWN, problem)
    error = result.error()
    assert error.reason is problem
    assert error.details["code"] == scan
    assert scan in error.message


@pytest.mark.parametrize(
    ("articles", "rules", "message"),
    [
        (
            [IndexedArticle("1", (COFFEE_EAN,)), IndexedArticle("2", (COFFEE_EAN,))],
            [],
            "by article 1 and by article 2",
        ),
        ([IndexedArticle("1", (WATER_UPC, "0" + WATER_UPC))], [], "twice by article 1"),
        ([IndexedArticle("1", ("4006381333932",))], [], "article 1: '4006381333932' is not"),
        ([IndexedArticle("1001"), IndexedArticle("01001")], [], "1001 and 01001"),
        ([], [EmbeddedRule("21", ValueKind.PRICE), EmbeddedRule("21", ValueKind.WEIGHT)], "twice: 21"),
    ],
)
def test_a_catalogue_whose_codes_contradict_each_other_is_refused(
    articles: list[IndexedArticle], rules: list[EmbeddedRule], message: str
) -> None:
    with pytest.raises(CatalogCodeError, match=message):
        BarcodeIndex.build(articles, rules)


@pytest.mark.parametrize(
    ("prefix", "digits", "check", "message"),
    [
        ("19", 5, False, "20 to 29"),
        ("2", 5, False, "20 to 29"),
        ("21", 3, False, "4, 5 or 6"),
        ("21", 6, True, "4- or 5-digit value"),
    ],
)
def test_a_rule_outside_the_gs1_layouts_is_refused(
    prefix: str, digits: int, check: bool, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        EmbeddedRule(prefix, ValueKind.PRICE, digits, check)


# --- properties ---------------------------------------------------------------------------------

bodies = st.sampled_from([7, 11, 12]).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))


@given(bodies, st.data())
def test_a_check_digit_catches_every_single_wrong_digit(body: str, data: st.DataObject) -> None:
    code = with_check(body)
    assert is_gtin(code)
    place = data.draw(st.integers(0, len(code) - 1))
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != code[place]]))
    assert not is_gtin(code[:place] + other + code[place + 1 :])


@given(st.sampled_from([4, 5]).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)), st.data())
def test_the_verifier_digit_catches_every_single_wrong_digit_of_a_value(
    value: str, data: st.DataObject
) -> None:
    place = data.draw(st.integers(0, len(value) - 1))
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != value[place]]))
    assert value_check_digit(value[:place] + other + value[place + 1 :]) != value_check_digit(value)


layouts = st.sampled_from([(5, False), (4, True), (5, True), (4, False), (6, False)])


@given(layouts, st.sampled_from(list(ValueKind)), st.integers(1, 9999), st.data())
def test_every_layout_gives_back_the_article_and_value_it_was_made_with(
    layout: tuple[int, bool], kind: ValueKind, article: int, data: st.DataObject
) -> None:
    digits, check = layout
    rule = EmbeddedRule("27", kind, digits, check)
    value = data.draw(st.integers(0, 10**rule.value_digits - 1))
    shown = str(value).zfill(rule.value_digits)
    verifier = str(value_check_digit(shown)) if check else ""
    code = with_check("27" + str(article).zfill(digits) + verifier + shown)
    index = BarcodeIndex.build([IndexedArticle(str(article), weighed=True)], [rule])
    result = index.route(code)
    assert result.target is ScanTarget.ARTICLE
    assert result.article_number == str(article)
    assert result.embedded is not None
    assert result.embedded.value == value


@given(st.integers(0, 99_999), st.integers(0, 100_000))
def test_a_weighed_price_is_the_exact_price_rounded_half_up(grams: int, per_kg: int) -> None:
    price = price_for_weight(grams, Money(per_kg)).cents
    exact_thousandths = grams * per_kg
    assert abs(price * 1000 - exact_thousandths) <= 500
    assert price * 1000 - exact_thousandths != -500  # a half cent goes up
    assert price_for_weight(grams + 1, Money(per_kg)).cents >= price
