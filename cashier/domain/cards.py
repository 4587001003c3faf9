"""Card numbers as a scanner or a keyboard delivers them, and their safe display.

secucard cards have 16 digits starting with ``9276`` (docs/secuconnect.md §3.1). The docs say
that cards of other issuers may work in some set-ups, so a number without that prefix is not
refused here: it goes to ``validateMerchantcard`` and the API decides. **No check digit
exists** for secucard numbers (none of the documented samples passes Luhn, mod-10, Damm or
Verhoeff), so none is checked.

A :class:`CardNumber` prints itself masked (``************4352``) in ``str()``, ``repr()`` and
f-strings; the full number is only in :attr:`CardNumber.digits`, for the API call, and in
:meth:`CardNumber.grouped`, for the screen. :func:`mask_card_numbers` redacts free text for logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from cashier.domain.errors import InputError

SECUCARD_PREFIX: Final = "9276"
SECUCARD_LENGTH: Final = 16
MIN_OTHER_LENGTH: Final = 8
"""Fewest digits accepted for a number of another issuer (the API decides whether it is a card)."""
MAX_OTHER_LENGTH: Final = 32
"""Most digits accepted for a number of another issuer."""

_MASK: Final = "*"
_VISIBLE: Final = 4
_GROUP: Final = 4

# What scanners and keyboards add around or inside a number: every kind of space and line
# break (Unicode White_Space, incl. no-break and narrow no-break space), dashes and dots.
# Letters, control characters and anything else stay, so that the parser can name them.
_SPACES: Final = (
    "\t\n\v\f\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))  # en quad … hair space
    + "\u2028\u2029\u202f\u205f\u3000"
)
_DASHES: Final = "-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"
_DOTS: Final = ".\u00b7"
_NOISE: Final = str.maketrans("", "", _SPACES + _DASHES + _DOTS)


def normalise_card_input(text: str) -> str:
    """Remove spaces, tabs, line breaks, dashes and dots anywhere in ``text``.

    ``" 9276-0044 2464.4352\\r\\n"`` → ``"9276004424644352"``. Nothing else is removed or
    changed: ``"]C19276…"`` keeps its scanner prefix and full-width digits stay full-width,
    so that :func:`parse_card_number` can say what is wrong. Applying it twice changes nothing.
    """
    if not isinstance(text, str):
        raise TypeError(f"normalise_card_input() takes text, not {type(text).__name__}")
    return text.translate(_NOISE)


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


class CardKind(StrEnum):
    SECUCARD = "secucard"
    OTHER = "other"


@dataclass(frozen=True, slots=True, repr=False)
class CardNumber:
    """A card number of ASCII digits. ``str()`` and ``repr()`` show it masked.

    Built by :func:`parse_card_number` from what the cashier typed, or directly from a number
    the API returned. Equal numbers are equal; the type can be a dict key.
    """

    digits: str

    def __post_init__(self) -> None:
        if not isinstance(self.digits, str):
            raise TypeError(f"CardNumber.digits must be a str, not {type(self.digits).__name__}")
        if not _is_ascii_digits(self.digits):
            # The value is deliberately not repeated: it may be a full card number.
            raise ValueError("CardNumber.digits must be one or more ASCII digits")

    @property
    def kind(self) -> CardKind:
        if len(self.digits) == SECUCARD_LENGTH and self.digits.startswith(SECUCARD_PREFIX):
            return CardKind.SECUCARD
        return CardKind.OTHER

    @property
    def is_secucard(self) -> bool:
        return self.kind is CardKind.SECUCARD

    @property
    def last4(self) -> str:
        """The last four digits (all of them for a shorter number)."""
        return self.digits[-_VISIBLE:]

    def masked(self) -> str:
        """``"************4352"``: same length, all but the last four digits as ``*``.

        A number of four digits or fewer is masked completely.
        """
        return _mask(self.digits)

    def grouped(self) -> str:
        """``"9276 0044 2464 4352"``: the full number in groups of four, for the screen."""
        return " ".join(self.digits[i : i + _GROUP] for i in range(0, len(self.digits), _GROUP))

    def __str__(self) -> str:
        return self.masked()

    def __repr__(self) -> str:
        return f"CardNumber({self.masked()!r})"


def _mask(digits: str) -> str:
    if len(digits) <= _VISIBLE:
        return _MASK * len(digits)
    return _MASK * (len(digits) - _VISIBLE) + digits[-_VISIBLE:]


class CardNumberProblem(StrEnum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    SECUCARD_LENGTH = "secucard_length"


class CardNumberError(InputError):
    """A scanned or typed card number that cannot be a card number.

    ``details`` never hold the number itself; they hold ``length`` (digits entered) and, by
    reason, ``characters`` (NOT_DIGITS), ``minimum``, ``maximum`` or ``expected``.
    """

    reason: CardNumberProblem


def parse_card_number(text: str) -> CardNumber:
    """Read a card number from a scanner or the keyboard.

    After :func:`normalise_card_input`, in this order:

    * nothing left → ``EMPTY``;
    * any character other than ``0``–``9`` (letters, a scanner's ``]C1`` prefix, full-width
      digits) → ``NOT_DIGITS``, naming the characters;
    * starts with ``9276`` but does not have 16 digits → ``SECUCARD_LENGTH``;
    * fewer than :data:`MIN_OTHER_LENGTH` digits → ``TOO_SHORT``, more than
      :data:`MAX_OTHER_LENGTH` → ``TOO_LONG``.

    Anything else is accepted, with :attr:`CardNumber.kind` telling a secucard number from
    another issuer's. No check digit is validated: secucard numbers have none.
    """
    digits = normalise_card_input(text)
    length = len(digits)
    if not digits:
        raise CardNumberError(CardNumberProblem.EMPTY, "Please scan or type a card number.", length=0)
    bad = tuple(dict.fromkeys(ch for ch in digits if not _is_ascii_digits(ch)))
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        raise CardNumberError(
            CardNumberProblem.NOT_DIGITS,
            f"A card number has digits 0-9 only; found {shown}.",
            characters=bad,
            length=length,
        )
    if digits.startswith(SECUCARD_PREFIX) and length != SECUCARD_LENGTH:
        raise CardNumberError(
            CardNumberProblem.SECUCARD_LENGTH,
            f"A secucard number has {SECUCARD_LENGTH} digits; this one has {length}.",
            length=length,
            expected=SECUCARD_LENGTH,
        )
    if length < MIN_OTHER_LENGTH:
        raise CardNumberError(
            CardNumberProblem.TOO_SHORT,
            f"A card number has at least {MIN_OTHER_LENGTH} digits; this one has {length}.",
            length=length,
            minimum=MIN_OTHER_LENGTH,
        )
    if length > MAX_OTHER_LENGTH:
        raise CardNumberError(
            CardNumberProblem.TOO_LONG,
            f"A card number has at most {MAX_OTHER_LENGTH} digits; this one has {length}.",
            length=length,
            maximum=MAX_OTHER_LENGTH,
        )
    return CardNumber(digits)


# A run of 12 to 19 ASCII digits (the ISO/IEC 7812 card number lengths; secucard has 16) that is
# not part of a longer run of digits.
# 12 or more digits, optionally grouped by single spaces or dashes ("9276 0044 2464 4352").
_CARD_NUMBER_RUN: Final = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){11,}(?![0-9])")


def mask_card_numbers(text: str) -> str:
    """Mask every card-number-like run of digits in ``text``, keeping its last four.

    For log redaction: ``"card 9276004424644352 ok"`` → ``"card ************4352 ok"``.
    A run is 12 or more digits, written together or in groups separated by single spaces or
    dashes (``9276 0044 2464 4352`` → ``************4352``); shorter runs (amounts, receipt
    numbers) are left as they are. Err on the side of masking: a log loses a long reference
    number's digits rather than show a card number.
    """
    return _CARD_NUMBER_RUN.sub(lambda match: _mask(re.sub("[ -]", "", match.group())), text)
