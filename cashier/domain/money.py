"""Money in integer euro cents, and the parser for amounts a cashier types.

secuconnect sends and expects amounts as integer cents (``priceOne``, ``basket_info.sum``,
``missing_sum``); so does every part of Cashier. :class:`Money` is a frozen value type that
refuses floats, so an amount can never pick up binary rounding on its way to the till.

Display with a currency symbol (``12,50 €`` / ``€12.50``) belongs to ``ui`` and ``printing``;
this module only offers :func:`format_amount`, the plain ``1.234,50`` form that
:func:`parse_amount` reads back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, SupportsIndex

from cashier.domain.errors import InputError

CURRENCY: Final = "EUR"


def _require_int(value: object, what: str) -> int:
    # bool is an int subclass, but True cents is always a bug.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of euros held as a whole number of cents (may be negative, e.g. bonus lines)."""

    cents: int

    def __post_init__(self) -> None:
        _require_int(self.cents, "Money.cents")

    # --- construction -------------------------------------------------------------------
    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def euros(cls, euros: int, cents: int = 0) -> Money:
        """``Money.euros(12, 50)`` is 12,50 €; both parts must be ints of the same sign."""
        _require_int(euros, "euros")
        _require_int(cents, "cents")
        if not 0 <= abs(cents) <= 99:
            raise ValueError("cents must be between -99 and 99")
        if euros and cents and (euros < 0) != (cents < 0):
            raise ValueError("euros and cents must have the same sign")
        return cls(euros * 100 + cents)

    @classmethod
    def sum(cls, amounts: Iterable[Money]) -> Money:
        total = 0
        for amount in amounts:
            total += _as_money(amount).cents
        return cls(total)

    # --- arithmetic ---------------------------------------------------------------------
    def __add__(self, other: Money) -> Money:
        return Money(self.cents + _as_money(other).cents)

    def __sub__(self, other: Money) -> Money:
        return Money(self.cents - _as_money(other).cents)

    def __mul__(self, factor: SupportsIndex) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError(f"Money can only be multiplied by an int, not {type(factor).__name__}")
        return Money(self.cents * factor)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.cents)

    def __abs__(self) -> Money:
        return Money(abs(self.cents))

    # --- comparison (only with Money; ``Money(0) == 0`` is False) ------------------------
    def __lt__(self, other: Money) -> bool:
        return self.cents < _as_money(other).cents

    def __le__(self, other: Money) -> bool:
        return self.cents <= _as_money(other).cents

    def __gt__(self, other: Money) -> bool:
        return self.cents > _as_money(other).cents

    def __ge__(self, other: Money) -> bool:
        return self.cents >= _as_money(other).cents

    # --- queries ------------------------------------------------------------------------
    @property
    def is_zero(self) -> bool:
        return self.cents == 0

    @property
    def is_negative(self) -> bool:
        return self.cents < 0

    @property
    def is_positive(self) -> bool:
        return self.cents > 0

    def __str__(self) -> str:
        return f"{format_amount(self, decimal='.', grouping='')} {CURRENCY}"


def _as_money(value: object) -> Money:
    if not isinstance(value, Money):
        raise TypeError(f"expected Money, got {type(value).__name__}")
    return value


# --- formatting and parsing --------------------------------------------------------------

DEFAULT_MAXIMUM: Final = Money(1_000_000)
"""10 000,00 € — the largest amount a cashier may type unless the settings say otherwise."""


def format_amount(amount: Money, *, decimal: str = ",", grouping: str = ".") -> str:
    """``Money(123450)`` → ``"1.234,50"`` (German default); no currency symbol.

    ``grouping=""`` leaves out the thousands separator. The result of the defaults, and of
    ``decimal="."``, ``grouping=","``, is read back unchanged by :func:`parse_amount`.
    """
    if decimal == grouping:
        raise ValueError("decimal and grouping separators must differ")
    euros, cents = divmod(abs(amount.cents), 100)
    digits = str(euros)
    if grouping:
        head = len(digits) % 3 or 3
        parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
        digits = grouping.join(parts)
    sign = "-" if amount.cents < 0 else ""
    return f"{sign}{digits}{decimal}{cents:02d}"


class AmountProblem(StrEnum):
    EMPTY = "empty"
    GARBAGE = "garbage"
    NEGATIVE = "negative"
    TOO_MANY_DECIMALS = "too_many_decimals"
    BAD_GROUPING = "bad_grouping"
    ZERO = "zero"
    TOO_LARGE = "too_large"


class AmountError(InputError):
    """Typed amount that is not a usable sum of money."""

    reason: AmountProblem


_CURRENCY_AFFIX = re.compile(r"^(?:€|EUR)\s*|\s*(?:€|EUR)$", re.IGNORECASE)
_SEPARATORS = ".,"


def parse_amount(
    text: str,
    *,
    maximum: Money = DEFAULT_MAXIMUM,
    allow_zero: bool = False,
) -> Money:
    """Read an amount as a cashier types it: ``12,50``, ``12.50``, ``1.234,50``, ``1,234.50``, ``12``.

    Rules, in the order they apply:

    * spaces around the text and a leading or trailing ``€``/``EUR`` are ignored;
    * a minus sign is refused (refunds are their own operation, never a negative amount);
    * where both ``.`` and ``,`` occur, the last one is the decimal mark and the other groups
      thousands (groups of exactly three digits);
    * a mark that occurs more than once groups thousands;
    * a single mark followed by exactly three digits groups thousands (``1.234`` = 1234 €),
      by one or two digits (or none: ``12,``) it is the decimal mark;
    * more than two decimal places, or a misplaced thousands mark, is refused rather than guessed;
    * the result must be above zero (unless ``allow_zero``) and at most ``maximum``.

    Raises :class:`AmountError` with a reason for the cashier.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_amount() takes text, not {type(text).__name__}")
    raw = text.strip()
    stripped = raw
    for _ in range(2):
        stripped = _CURRENCY_AFFIX.sub("", stripped).strip()
    if not stripped:
        raise AmountError(AmountProblem.EMPTY, "Please enter an amount.", text=text)
    if stripped[0] in "-−":
        raise AmountError(AmountProblem.NEGATIVE, "Amounts cannot be negative.", text=text)
    if stripped[0] == "+":
        stripped = stripped[1:]
    bad = sorted({ch for ch in stripped if not (ch.isascii() and ch.isdigit()) and ch not in _SEPARATORS})
    if bad or not any(ch.isdigit() for ch in stripped):
        shown = "".join(bad) or stripped
        raise AmountError(
            AmountProblem.GARBAGE, f"'{text.strip()}' is not an amount (unexpected: {shown!r}).", text=text
        )

    cents = _to_cents(stripped, text)
    amount = Money(cents)
    if amount.is_zero and not allow_zero:
        raise AmountError(AmountProblem.ZERO, "The amount must be more than 0,00.", text=text)
    if amount > maximum:
        raise AmountError(
            AmountProblem.TOO_LARGE,
            f"{format_amount(amount)} is more than the allowed maximum of {format_amount(maximum)}.",
            text=text,
            maximum=maximum,
        )
    return amount


def _to_cents(body: str, text: str) -> int:
    marks = [ch for ch in body if ch in _SEPARATORS]
    decimal_mark: str | None
    if not marks:
        decimal_mark = None
    elif len(set(marks)) == 2:
        decimal_mark = marks[-1]
        if marks.count(decimal_mark) > 1:
            raise _bad_grouping(text)
    elif len(marks) > 1:
        decimal_mark = None
    else:
        head, tail = body.split(marks[0])
        # "1.234" groups thousands; "0,500" and ",500" are a decimal mark with too many places.
        decimal_mark = None if len(tail) == 3 and head.lstrip("0") else marks[0]

    if decimal_mark is None:
        whole, fraction = body, ""
    else:
        whole, fraction = body.rsplit(decimal_mark, 1)
    if len(fraction) > 2:
        raise AmountError(
            AmountProblem.TOO_MANY_DECIMALS, "An amount has at most two decimal places.", text=text
        )
    whole_digits = _ungroup(whole, text)
    return int(whole_digits or "0") * 100 + int(fraction.ljust(2, "0"))


def _ungroup(whole: str, text: str) -> str:
    """Remove thousands marks from the euro part, insisting on groups of three."""
    marks = {ch for ch in whole if ch in _SEPARATORS}
    if not marks:
        return whole
    if len(marks) > 1:
        raise _bad_grouping(text)
    groups = whole.split(marks.pop())
    if not 1 <= len(groups[0]) <= 3 or groups[0] == "0" or any(len(g) != 3 for g in groups[1:]):
        raise _bad_grouping(text)
    return "".join(groups)


def _bad_grouping(text: str) -> AmountError:
    return AmountError(
        AmountProblem.BAD_GROUPING,
        f"'{text.strip()}' has a thousands separator in the wrong place; type e.g. 1234,50.",
        text=text,
    )
