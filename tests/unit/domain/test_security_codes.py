"""Card security code and PIN: cashier.domain.security_codes."""

from __future__ import annotations

import copy
import functools
import pickle
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.errors import InputError
from cashier.domain.security_codes import (
    CSC_LENGTH,
    PIN_MAX_LENGTH,
    PIN_MIN_LENGTH,
    Pin,
    SecretKind,
    SecurityCode,
    SecurityCodeError,
    SecurityCodeProblem,
    parse_csc,
    parse_pin,
)

csc_digits = st.text(alphabet="0123456789", min_size=4, max_size=4)
pin_digits = st.text(alphabet="0123456789", min_size=4, max_size=8)


def test_constants() -> None:
    assert (CSC_LENGTH, PIN_MIN_LENGTH, PIN_MAX_LENGTH) == (4, 4, 8)


# --- parsing: accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "digits"),
    [("4471", "4471"), ("0000", "0000"), (" 4471 ", "4471"), ("4471\r\n", "4471"), ("\t0012\n", "0012")],
)
def test_parse_csc_accepts(text: str, digits: str) -> None:
    assert parse_csc(text).reveal() == digits


@pytest.mark.parametrize(
    ("text", "digits"),
    [("1234", "1234"), ("12345678", "12345678"), ("0007", "0007"), (" 123456\r\n", "123456")],
)
def test_parse_pin_accepts(text: str, digits: str) -> None:
    assert parse_pin(text).reveal() == digits


# --- parsing: refused ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason", "message", "length"),
    [
        ("", SecurityCodeProblem.EMPTY, "The card security code is missing; please enter it.", 0),
        (" \r\n", SecurityCodeProblem.EMPTY, "The card security code is missing; please enter it.", 0),
        ("44a1", SecurityCodeProblem.NOT_DIGITS, "The card security code has digits 0-9 only.", 4),
        ("44 71", SecurityCodeProblem.NOT_DIGITS, "The card security code has digits 0-9 only.", 5),
        ("４４７１", SecurityCodeProblem.NOT_DIGITS, "The card security code has digits 0-9 only.", 4),
        ("-447", SecurityCodeProblem.NOT_DIGITS, "The card security code has digits 0-9 only.", 4),
        ("447", SecurityCodeProblem.WRONG_LENGTH, "The card security code has 4 digits; 3 were entered.", 3),
        ("7", SecurityCodeProblem.WRONG_LENGTH, "The card security code has 4 digits; 1 was entered.", 1),
        (
            "44710",
            SecurityCodeProblem.WRONG_LENGTH,
            "The card security code has 4 digits; 5 were entered.",
            5,
        ),
    ],
)
def test_parse_csc_refuses(text: str, reason: SecurityCodeProblem, message: str, length: int) -> None:
    with pytest.raises(SecurityCodeError) as caught:
        parse_csc(text)
    error = caught.value
    assert isinstance(error, InputError)
    assert error.reason is reason
    assert error.message == message
    assert error.kind is SecretKind.CSC
    assert dict(error.details) == {"kind": SecretKind.CSC, "length": length, "minimum": 4, "maximum": 4}


@pytest.mark.parametrize(
    ("text", "reason", "message"),
    [
        ("", SecurityCodeProblem.EMPTY, "The PIN is missing; please enter it."),
        ("12x4", SecurityCodeProblem.NOT_DIGITS, "The PIN has digits 0-9 only."),
        ("123", SecurityCodeProblem.WRONG_LENGTH, "The PIN has 4 to 8 digits; 3 were entered."),
        ("123456789", SecurityCodeProblem.WRONG_LENGTH, "The PIN has 4 to 8 digits; 9 were entered."),
    ],
)
def test_parse_pin_refuses(text: str, reason: SecurityCodeProblem, message: str) -> None:
    with pytest.raises(SecurityCodeError) as caught:
        parse_pin(text)
    assert caught.value.reason is reason
    assert caught.value.message == message
    assert caught.value.kind is SecretKind.PIN


def test_errors_are_not_chained_to_anything_that_could_quote_the_text() -> None:
    with pytest.raises(SecurityCodeError) as caught:
        parse_pin("12x45")
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None


def test_parse_refuses_non_text() -> None:
    with pytest.raises(TypeError):
        parse_pin(1234)  # type: ignore[arg-type]


# --- no disclosure -------------------------------------------------------------------------------


def _error_of(parse: Callable[[str], object], text: str) -> SecurityCodeError | None:
    try:
        parse(text)
    except SecurityCodeError as error:
        return error
    return None


def _everything_shown(error: SecurityCodeError) -> str:
    return " ".join([str(error), repr(error), error.message, repr(dict(error.details)), repr(error.args)])


@given(csc_digits)
def test_csc_never_shows_its_digits(digits: str) -> None:
    code = parse_csc(digits)
    for shown in (repr(code), str(code), f"{code}", repr([code]), repr({"csc": code})):
        assert digits not in shown
    assert repr(code) == str(code) == "SecurityCode(****)"


@given(pin_digits)
def test_pin_never_shows_its_digits_nor_its_length(digits: str) -> None:
    pin = parse_pin(digits)
    assert repr(pin) == str(pin) == f"{pin}" == "Pin(****)"
    assert digits not in repr((pin,))


@given(st.text(alphabet="0123456789", min_size=2, max_size=20))
def test_error_messages_never_contain_the_digits(digits: str) -> None:
    # (Single digits are left out: "7" would be found in any message that names a count.)
    for parse in (parse_csc, parse_pin):
        error = _error_of(parse, digits)
        if error is not None:
            assert digits not in _everything_shown(error)


@given(st.text(max_size=12), st.text(max_size=12))
def test_a_message_depends_only_on_the_problem_and_the_length(first: str, second: str) -> None:
    """Two different wrong entries of the same length get the very same message and details."""
    if len(first.strip()) != len(second.strip()):
        return
    for parse in (parse_csc, parse_pin):
        one, other = _error_of(parse, first), _error_of(parse, second)
        if one is not None and other is not None and one.reason is other.reason:
            assert one.message == other.message
            assert dict(one.details) == dict(other.details)


# --- the secret wrappers -------------------------------------------------------------------------


@pytest.mark.parametrize("secret", [SecurityCode("4471"), Pin("123456")])
def test_cannot_be_pickled(secret: SecurityCode | Pin) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError, match="must not be pickled"):
            pickle.dumps(secret, protocol=protocol)
    with pytest.raises(TypeError):
        secret.__reduce__()


@pytest.mark.parametrize("secret", [SecurityCode("4471"), Pin("123456")])
def test_copies_are_the_same_object(secret: SecurityCode | Pin) -> None:
    assert copy.copy(secret) is secret
    assert copy.deepcopy({"s": secret})["s"] is secret


@pytest.mark.parametrize("secret", [SecurityCode("4471"), Pin("123456")])
def test_immutable_and_without_dict(secret: SecurityCode | Pin) -> None:
    with pytest.raises(AttributeError):
        secret._digits = "0000"
    with pytest.raises(AttributeError):
        secret.other = 1
    with pytest.raises(AttributeError):
        del secret._digits
    with pytest.raises(TypeError):
        vars(secret)
    assert secret.reveal() in {"4471", "123456"}


@pytest.mark.parametrize("secret", [SecurityCode("4471"), Pin("123456")])
def test_unhashable_so_it_cannot_be_cached_or_used_as_a_key(secret: SecurityCode | Pin) -> None:
    with pytest.raises(TypeError):
        hash(secret)
    with pytest.raises(TypeError):
        {secret}  # noqa: B018

    @functools.cache
    def check(value: object) -> bool:
        return True

    with pytest.raises(TypeError):
        check(secret)  # type: ignore[arg-type]  # mypy sees it too: not Hashable


def test_equality() -> None:
    assert SecurityCode("4471") == SecurityCode("4471")
    assert SecurityCode("4471") != SecurityCode("4472")
    assert Pin("1234") == Pin("1234")
    assert Pin("1234") != Pin("12345")
    # Different kinds and plain text never compare equal.
    assert SecurityCode("1234") != Pin("1234")
    assert SecurityCode("4471") != "4471"
    assert Pin("1234") != 1234


@given(pin_digits, pin_digits)
def test_equality_is_equality_of_digits(first: str, second: str) -> None:
    assert (Pin(first) == Pin(second)) is (first == second)
    assert (Pin(first) != Pin(second)) is (first != second)


@given(csc_digits)
def test_reveal_returns_the_digits(digits: str) -> None:
    assert parse_csc(digits).reveal() == digits
    assert SecurityCode(digits).reveal() == digits


@pytest.mark.parametrize(("cls", "digits"), [(SecurityCode, "123"), (SecurityCode, "12345"), (Pin, "123")])
def test_constructor_refuses_wrong_values_without_quoting_them(
    cls: type[SecurityCode | Pin], digits: str
) -> None:
    with pytest.raises(ValueError, match="ASCII digits") as caught:
        cls(digits)
    assert digits not in str(caught.value)


@pytest.mark.parametrize("digits", ["12a4", "１２３４", "123456789", ""])
def test_pin_constructor_refuses(digits: str) -> None:
    with pytest.raises(ValueError, match="Pin needs 4 to 8 ASCII digits"):
        Pin(digits)


def test_constructor_refuses_int() -> None:
    with pytest.raises(TypeError):
        SecurityCode(4471)  # type: ignore[arg-type]
