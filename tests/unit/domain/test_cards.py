"""Card numbers from scanners and keyboards: cashier.domain.cards."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.cards import (
    MAX_OTHER_LENGTH,
    MIN_OTHER_LENGTH,
    SECUCARD_LENGTH,
    SECUCARD_PREFIX,
    CardKind,
    CardNumber,
    CardNumberError,
    CardNumberProblem,
    mask_card_numbers,
    normalise_card_input,
    parse_card_number,
)
from cashier.domain.errors import InputError

# The sample numbers of the secuconnect documentation (docs/secuconnect.md §3.1).
DOC_SAMPLES = ["9276004424644352", "9276004429942845", "9276004429999952", "9276004428481652"]

digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=40)


def _error_of(text: str) -> CardNumberError | None:
    try:
        parse_card_number(text)
    except CardNumberError as error:
        return error
    return None


def test_constants_match_the_documentation() -> None:
    assert (SECUCARD_PREFIX, SECUCARD_LENGTH) == ("9276", 16)
    assert (MIN_OTHER_LENGTH, MAX_OTHER_LENGTH) == (8, 32)


# --- normalise_card_input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9276004424644352\r\n", "9276004424644352"),
        ("9276 0044 2464 4352\r\n", "9276004424644352"),
        (" 9276-0044-2464-4352 ", "9276004424644352"),
        ("9276\u00a00044\u202f2464\t4352", "9276004424644352"),
        ("9276\u20130044\u22122464.4352", "9276004424644352"),
        ("\r\n9276\n0044\r2464 4352\n", "9276004424644352"),
        ("]C19276004424644352", "]C19276004424644352"),
        ("9276004424644352x", "9276004424644352x"),
        ("ab/c_9", "ab/c_9"),
        ("\x1d9276", "\x1d9276"),
        ("", ""),
        ("  \t ", ""),
    ],
)
def test_normalise_removes_only_separators(text: str, expected: str) -> None:
    assert normalise_card_input(text) == expected


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_card_input(text)
    assert normalise_card_input(once) == once


@given(st.text())
def test_normalise_only_deletes(text: str) -> None:
    result = normalise_card_input(text)
    kept = iter(text)
    # ``result`` is a subsequence of ``text`` and keeps every letter and digit.
    assert all(ch in kept for ch in result)
    assert [ch for ch in text if ch.isalnum()] == [ch for ch in result if ch.isalnum()]


def test_normalise_refuses_non_text() -> None:
    with pytest.raises(TypeError):
        normalise_card_input(9276004424644352)  # type: ignore[arg-type]


# --- parse_card_number: accepted ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "digits", "kind"),
    [
        *[(sample, sample, CardKind.SECUCARD) for sample in DOC_SAMPLES],
        ("9276004424644352\r\n", "9276004424644352", CardKind.SECUCARD),
        (" 9276-0044-2464-4352 ", "9276004424644352", CardKind.SECUCARD),
        ("9276 0044 2464 4352", "9276004424644352", CardKind.SECUCARD),
        ("12345678", "12345678", CardKind.OTHER),
        ("1" * 32, "1" * 32, CardKind.OTHER),
        ("0000000000000000", "0000000000000000", CardKind.OTHER),
        ("9275004424644352", "9275004424644352", CardKind.OTHER),
    ],
)
def test_parse_accepts(text: str, digits: str, kind: CardKind) -> None:
    card = parse_card_number(text)
    assert card.digits == digits
    assert card.kind is kind
    assert card.is_secucard is (kind is CardKind.SECUCARD)


# --- parse_card_number: refused ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason", "message"),
    [
        ("", CardNumberProblem.EMPTY, "Please scan or type a card number."),
        ("  ", CardNumberProblem.EMPTY, "Please scan or type a card number."),
        ("\r\n", CardNumberProblem.EMPTY, "Please scan or type a card number."),
        ("9276004424644352x", CardNumberProblem.NOT_DIGITS, "A card number has digits 0-9 only; found 'x'."),
        (
            "]C19276004424644352",
            CardNumberProblem.NOT_DIGITS,
            "A card number has digits 0-9 only; found ']', 'C'.",
        ),
        (
            "\uff19\uff12\uff17\uff16\uff10\uff10\uff14\uff14",  # full-width 92760044
            CardNumberProblem.NOT_DIGITS,
            "A card number has digits 0-9 only; found '９', '２', '７', '６', '０', '４'.",
        ),
        (
            "9276 0044 2464 435O",
            CardNumberProblem.NOT_DIGITS,
            "A card number has digits 0-9 only; found 'O'.",
        ),
        (
            "927600442464435",
            CardNumberProblem.SECUCARD_LENGTH,
            "A secucard number has 16 digits; this one has 15.",
        ),
        (
            "92760044246443520",
            CardNumberProblem.SECUCARD_LENGTH,
            "A secucard number has 16 digits; this one has 17.",
        ),
        ("9276", CardNumberProblem.SECUCARD_LENGTH, "A secucard number has 16 digits; this one has 4."),
        (
            "9276" + "0" * 36,
            CardNumberProblem.SECUCARD_LENGTH,
            "A secucard number has 16 digits; this one has 40.",
        ),
        ("1234567", CardNumberProblem.TOO_SHORT, "A card number has at least 8 digits; this one has 7."),
        ("927", CardNumberProblem.TOO_SHORT, "A card number has at least 8 digits; this one has 3."),
        ("1" * 33, CardNumberProblem.TOO_LONG, "A card number has at most 32 digits; this one has 33."),
        ("1234" * 10, CardNumberProblem.TOO_LONG, "A card number has at most 32 digits; this one has 40."),
    ],
)
def test_parse_refuses(text: str, reason: CardNumberProblem, message: str) -> None:
    with pytest.raises(CardNumberError) as caught:
        parse_card_number(text)
    assert caught.value.reason is reason
    assert caught.value.message == message
    assert isinstance(caught.value, InputError)


def test_not_digits_details_name_each_character_once_in_order() -> None:
    with pytest.raises(CardNumberError) as caught:
        parse_card_number("a9b2a7b6")
    assert caught.value.details["characters"] == ("a", "b")
    assert caught.value.details["length"] == 8


def test_length_errors_carry_their_numbers() -> None:
    with pytest.raises(CardNumberError) as caught:
        parse_card_number("927600442464435")
    assert dict(caught.value.details) == {"length": 15, "expected": 16}
    with pytest.raises(CardNumberError) as caught:
        parse_card_number("1234567")
    assert dict(caught.value.details) == {"length": 7, "minimum": 8}


@pytest.mark.parametrize("text", ["927600442464435", "92760044246443521", "1234567", "1" * 40])
def test_errors_never_quote_the_number(text: str) -> None:
    with pytest.raises(CardNumberError) as caught:
        parse_card_number(text)
    error = caught.value
    for shown in (str(error), repr(error), repr(dict(error.details))):
        assert text not in shown


def test_no_check_digit_is_validated() -> None:
    # Neighbours of a documented number differ only in the last digit; all are accepted,
    # since secucard numbers have no check digit (docs/secuconnect.md §3.1).
    for last in "0123456789":
        assert parse_card_number("927600442464435" + last).is_secucard


# --- CardNumber ----------------------------------------------------------------------------------


def test_card_number_display() -> None:
    card = CardNumber("9276004424644352")
    assert card.last4 == "4352"
    assert card.masked() == "************4352"
    assert card.grouped() == "9276 0044 2464 4352"
    assert str(card) == "************4352"
    assert repr(card) == "CardNumber('************4352')"
    assert f"card {card}" == "card ************4352"
    assert "9276004424644352" not in repr([card, {"card": card}])


@pytest.mark.parametrize(
    ("digits", "masked", "grouped"),
    [
        ("1", "*", "1"),
        ("1234", "****", "1234"),
        ("12345", "*2345", "1234 5"),
        ("12345678", "****5678", "1234 5678"),
        ("1234567890", "******7890", "1234 5678 90"),
    ],
)
def test_short_and_odd_lengths(digits: str, masked: str, grouped: str) -> None:
    card = CardNumber(digits)
    assert card.masked() == masked
    assert card.grouped() == grouped


@pytest.mark.parametrize("digits", ["", "1234 5678", "１２３４", "12a4", "-123"])
def test_card_number_refuses_non_digits(digits: str) -> None:
    with pytest.raises(ValueError, match="ASCII digits") as caught:
        CardNumber(digits)
    assert not isinstance(caught.value, InputError)


def test_card_number_refuses_int() -> None:
    with pytest.raises(TypeError):
        CardNumber(9276004424644352)  # type: ignore[arg-type]


def test_card_number_is_a_frozen_value() -> None:
    card = CardNumber("9276004424644352")
    assert card == CardNumber("9276004424644352")
    assert card != CardNumber("9276004429942845")
    assert len({card, CardNumber("9276004424644352")}) == 1
    with pytest.raises(AttributeError):
        card.digits = "1"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(card)) == card


def test_kind_needs_prefix_and_length() -> None:
    assert CardNumber("9276004424644352").kind is CardKind.SECUCARD
    assert CardNumber("927600442464435").kind is CardKind.OTHER
    assert CardNumber("1276004424644352").kind is CardKind.OTHER
    assert CardKind.SECUCARD.value == "secucard"
    assert CardKind.OTHER.value == "other"


# --- properties ----------------------------------------------------------------------------------

secucard_numbers = st.text(alphabet="0123456789", min_size=12, max_size=12).map(lambda tail: "9276" + tail)


@given(secucard_numbers)
def test_every_16_digit_9276_number_is_a_secucard(digits: str) -> None:
    card = parse_card_number(digits)
    assert card.kind is CardKind.SECUCARD
    masked = card.masked()
    assert len(masked) == 16
    assert masked.endswith(digits[-4:])
    assert masked[:12] == "*" * 12
    assert str(card) == masked


@given(digit_strings)
def test_grouped_form_round_trips(digits: str) -> None:
    try:
        card = parse_card_number(digits)
    except CardNumberError:
        return
    assert parse_card_number(card.grouped()) == card
    assert parse_card_number(f" {card.grouped()}\r\n") == card


@given(digit_strings)
def test_parse_accepts_exactly_the_documented_rules(digits: str) -> None:
    secucard_shape = digits.startswith("9276")
    expected_ok = len(digits) == 16 if secucard_shape else 8 <= len(digits) <= 32
    try:
        parse_card_number(digits)
    except CardNumberError:
        assert not expected_ok
    else:
        assert expected_ok


@given(st.text(min_size=1).filter(lambda t: normalise_card_input(t) != ""))
def test_anything_with_a_non_digit_is_not_digits(text: str) -> None:
    compact = normalise_card_input(text)
    has_foreign = any(not ("0" <= ch <= "9") for ch in compact)
    error = _error_of(text)
    if error is None:
        assert not has_foreign
    else:
        assert (error.reason is CardNumberProblem.NOT_DIGITS) is has_foreign


# --- mask_card_numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("card 9276004424644352 ok", "card ************4352 ok"),
        ("9276004424644352", "************4352"),
        ("a=9276004424644352,b=9276004429942845", "a=************4352,b=************2845"),
        ("cardnumber:9276004424644352;", "cardnumber:************4352;"),
        ('{"cardnumber": "9276004424644352"}', '{"cardnumber": "************4352"}'),
        ("12 digits 123456789012.", "12 digits ********9012."),
        ("19 digits 1234567890123456789", "19 digits ***************6789"),
        ("11 digits 12345678901", "11 digits 12345678901"),
        ("20 digits 12345678901234567890", "20 digits ****************7890"),
        ("32 digits " + "1" * 28 + "9876", "32 digits " + "*" * 28 + "9876"),
        ("amount 1250 cents, receipt 4711", "amount 1250 cents, receipt 4711"),
        ("grouped 9276 0044 2464 4352", "grouped ************4352"),
        ("dashed 9276-0044-2464-4352!", "dashed ************4352!"),
        ("two spaces 9276  0044", "two spaces 9276  0044"),
        ("date 2026-11-27 12:00", "date 2026-11-27 12:00"),
        ("", ""),
    ],
)
def test_mask_card_numbers(text: str, expected: str) -> None:
    assert mask_card_numbers(text) == expected


@given(secucard_numbers, st.text(alphabet="abc :=,\n"), st.text(alphabet="abc :=,\n"))
def test_masking_hides_any_embedded_secucard_number(digits: str, before: str, after: str) -> None:
    masked = mask_card_numbers(before + digits + after)
    assert digits not in masked
    assert masked == before + "*" * 12 + digits[-4:] + after
