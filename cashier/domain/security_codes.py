"""The card security code (CSC) and the card PIN, held so that they cannot leak by accident.

``checkCsc`` takes the 4-digit code printed on the back of the card, ``checkPasscode`` the
card's passcode (docs/secuconnect.md §3.2). Both are secrets: Cashier never stores or logs them
(docs/architecture.md, "Files on disk"). :class:`SecurityCode` and :class:`Pin` therefore

* show ``SecurityCode(****)`` / ``Pin(****)`` in ``str()``, ``repr()`` and f-strings, without
  even the length;
* give their digits only through :meth:`~_SecretDigits.reveal`, called where the API request
  is built;
* refuse pickling and ``copy`` by reduction (``TypeError``), so that they never reach the
  journal or a cache file; ``copy.copy``/``copy.deepcopy`` return the same immutable object;
* are immutable, compare in constant time (:func:`hmac.compare_digest`) and are **unhashable**,
  so that they cannot become dict keys or be kept alive by ``functools.cache``.

Error messages and their ``details`` never contain what was entered; at most how many
characters. No error is chained to another exception that could quote the text.
"""

from __future__ import annotations

import hmac
from enum import StrEnum
from typing import ClassVar, Final, NoReturn, final

from cashier.domain.errors import InputError

CSC_LENGTH: Final = 4
PIN_MIN_LENGTH: Final = 4
PIN_MAX_LENGTH: Final = 8

_HIDDEN: Final = "****"


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


class _SecretDigits:
    """Common behaviour of :class:`SecurityCode` and :class:`Pin`; not for use on its own."""

    __slots__ = ("_digits",)
    _digits: str

    _MIN: ClassVar[int] = 0
    _MAX: ClassVar[int] = 0

    def __init__(self, digits: str) -> None:
        if not isinstance(digits, str):
            raise TypeError(f"{type(self).__name__} takes a str, not {type(digits).__name__}")
        if not (_is_ascii_digits(digits) and self._MIN <= len(digits) <= self._MAX):
            # Deliberately without the value; use parse_csc()/parse_pin() for typed input.
            raise ValueError(f"{type(self).__name__} needs {self._length_text()} ASCII digits")
        object.__setattr__(self, "_digits", digits)

    @classmethod
    def _length_text(cls) -> str:
        return str(cls._MIN) if cls._MIN == cls._MAX else f"{cls._MIN} to {cls._MAX}"

    def reveal(self) -> str:
        """The digits, for the one place that builds the API request. Never log the result."""
        return self._digits

    # --- immutability -------------------------------------------------------------------
    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    # --- no accidental disclosure -------------------------------------------------------
    def __repr__(self) -> str:
        return f"{type(self).__name__}({_HIDDEN})"

    __str__ = __repr__

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} must not be pickled or serialised")

    def __reduce__(self) -> NoReturn:
        raise TypeError(f"{type(self).__name__} must not be pickled or serialised")

    def __copy__(self) -> _SecretDigits:
        return self

    def __deepcopy__(self, memo: object) -> _SecretDigits:
        return self

    # --- comparison ---------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _SecretDigits) or type(other) is not type(self):
            return NotImplemented
        return hmac.compare_digest(self._digits.encode("ascii"), other._digits.encode("ascii"))

    __hash__ = None  # type: ignore[assignment]  # unhashable on purpose, see the module docstring


@final
class SecurityCode(_SecretDigits):
    """The 4-digit card security code (CSC) printed on the back of a secucard."""

    __slots__ = ()
    _MIN = CSC_LENGTH
    _MAX = CSC_LENGTH


@final
class Pin(_SecretDigits):
    """The card passcode (PIN): 4 to 8 digits."""

    __slots__ = ()
    _MIN = PIN_MIN_LENGTH
    _MAX = PIN_MAX_LENGTH


class SecretKind(StrEnum):
    """Which code an error is about, in ``SecurityCodeError.details["kind"]``."""

    CSC = "csc"
    PIN = "pin"


class SecurityCodeProblem(StrEnum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"


class SecurityCodeError(InputError):
    """A typed CSC or PIN that cannot be one.

    ``details``: ``kind`` (:class:`SecretKind`), ``length`` (characters entered, after
    stripping surrounding white space), ``minimum`` and ``maximum``. Never the value.
    """

    reason: SecurityCodeProblem

    @property
    def kind(self) -> SecretKind:
        kind = self.details["kind"]
        assert isinstance(kind, SecretKind)
        return kind


def parse_csc(text: str) -> SecurityCode:
    """Read the card security code: exactly 4 digits; surrounding spaces and line breaks are ignored."""
    return SecurityCode(_check(text, SecretKind.CSC, CSC_LENGTH, CSC_LENGTH))


def parse_pin(text: str) -> Pin:
    """Read the card PIN: 4 to 8 digits; surrounding spaces and line breaks are ignored."""
    return Pin(_check(text, SecretKind.PIN, PIN_MIN_LENGTH, PIN_MAX_LENGTH))


_NAMES: Final = {SecretKind.CSC: "The card security code", SecretKind.PIN: "The PIN"}


def _check(text: str, kind: SecretKind, minimum: int, maximum: int) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected text, not {type(text).__name__}")
    digits = text.strip()
    length = len(digits)
    name = _NAMES[kind]

    def error(problem: SecurityCodeProblem, message: str) -> SecurityCodeError:
        return SecurityCodeError(problem, message, kind=kind, length=length, minimum=minimum, maximum=maximum)

    if not digits:
        raise error(SecurityCodeProblem.EMPTY, f"{name} is missing; please enter it.")
    if not _is_ascii_digits(digits):
        raise error(SecurityCodeProblem.NOT_DIGITS, f"{name} has digits 0-9 only.")
    if not minimum <= length <= maximum:
        count = str(minimum) if minimum == maximum else f"{minimum} to {maximum}"
        raise error(
            SecurityCodeProblem.WRONG_LENGTH,
            f"{name} has {count} digits; {length} {'was' if length == 1 else 'were'} entered.",
        )
    return digits
