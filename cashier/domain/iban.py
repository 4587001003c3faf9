"""IBAN and BIC as a cashier types them for a SEPA direct debit, checked before any API call.

An IBAN is checked for its characters, a country that issues IBANs, that country's length
(SWIFT IBAN registry, :data:`IBAN_LENGTHS`) and the ISO 7064 MOD 97-10 check digits. The
country-specific BBAN layout (which positions are letters) is not checked, nor SEPA membership:
the bank and the API have the last word. :func:`check_iban_prefix` supports validation while
the cashier types.

An IBAN is personal data: no error message or ``details`` repeats it, and ``repr()`` of an
:class:`Iban` is masked; ``str()`` gives the full grouped form for the screen and the mandate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from cashier.domain.errors import InputError

# fmt: off
IBAN_LENGTHS: Final[Mapping[str, int]] = MappingProxyType({
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
    "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
})
# fmt: on
"""Country code → IBAN length, all 89 countries of the SWIFT IBAN registry (release of 2025).

Territories that use another country's IBAN (Åland → FI, Jersey/Guernsey/Isle of Man → GB,
the French overseas territories → FR) have no entry of their own, as in the registry.
"""

# fmt: off
ISO_COUNTRY_CODES: Final = frozenset({
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
})
# fmt: on
"""The 249 officially assigned ISO 3166-1 alpha-2 codes."""

BIC_COUNTRY_CODES: Final = ISO_COUNTRY_CODES | IBAN_LENGTHS.keys()
"""Countries a BIC may name: ISO 3166-1 plus ``XK`` (Kosovo), which SWIFT uses."""

MIN_IBAN_LENGTH: Final = min(IBAN_LENGTHS.values())
MAX_IBAN_LENGTH: Final = max(IBAN_LENGTHS.values())

_GROUP: Final = 4
_MASK: Final = "*"
_PREFIX: Final = re.compile(r"^IBAN\s*:?", re.IGNORECASE)
_DASHES: Final = str.maketrans("", "", "-\u2010\u2011\u2012\u2013\u2014\u2212")
# ISO 7064 MOD 97-10 yields check digits 02 to 98; 00, 01 and 99 pass the mod-97 test exactly
# when 97, 98 and 02 would, so they must be refused on their own.
_IMPOSSIBLE_CHECK_DIGITS: Final = frozenset({"00", "01", "99"})


def _is_upper_alnum(text: str) -> bool:
    return text.isascii() and text.isalnum() and text == text.upper()


def _group(text: str) -> str:
    return " ".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def _mod97(text: str) -> int:
    """ISO 7064 MOD 97-10 remainder of upper-case ASCII letters and digits (A=10 … Z=35)."""
    return int("".join(str(int(ch, 36)) for ch in text)) % 97


def compute_check_digits(country: str, bban: str) -> str:
    """The two check digits for ``country`` + ``bban`` (both upper case), e.g. ``"89"`` for DE."""
    if not (len(country) == 2 and country.isalpha() and _is_upper_alnum(country)):
        raise ValueError("country must be two upper-case ASCII letters")
    if not (bban and _is_upper_alnum(bban)):
        raise ValueError("bban must be upper-case ASCII letters and digits")
    return f"{98 - _mod97(bban + country + '00'):02d}"


@dataclass(frozen=True, slots=True, repr=False)
class Iban:
    """A valid IBAN in electronic form (``DE89370400440532013000``). Build it with :func:`parse_iban`."""

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str):
            raise TypeError(f"Iban.value must be a str, not {type(self.value).__name__}")
        if not _is_upper_alnum(self.value):
            raise ValueError("Iban.value must be in electronic form: A-Z and 0-9 only, no spaces")
        error = _diagnose(self.value, complete=True)
        if error is not None:
            raise ValueError(f"Iban.value is not a valid IBAN ({error.reason.value})")

    @property
    def country(self) -> str:
        return self.value[:2]

    @property
    def check_digits(self) -> str:
        return self.value[2:4]

    @property
    def bban(self) -> str:
        return self.value[4:]

    def grouped(self) -> str:
        """``"DE89 3704 0044 0532 0130 00"`` — the paper form."""
        return _group(self.value)

    def masked(self) -> str:
        """``"DE89 **** **** **** **30 00"`` — country, check digits and the last four kept."""
        keep_tail = len(self.value) - 4
        return _group("".join(ch if i < 4 or i >= keep_tail else _MASK for i, ch in enumerate(self.value)))

    def __str__(self) -> str:
        return self.grouped()

    def __repr__(self) -> str:
        return f"Iban({self.masked()!r})"


class IbanProblem(StrEnum):
    EMPTY = "empty"
    BAD_CHARACTERS = "bad_characters"
    UNKNOWN_COUNTRY = "unknown_country"
    WRONG_LENGTH = "wrong_length"
    BAD_CHECKSUM = "bad_checksum"


class IbanError(InputError):
    """Typed IBAN that cannot be one. ``details`` never contain the IBAN itself.

    By reason: BAD_CHARACTERS → ``characters`` (characters other than A–Z, 0–9) or
    ``position`` (1-based: a digit where the country letters go, a letter where the check
    digits go); UNKNOWN_COUNTRY → ``country``; WRONG_LENGTH → ``country`` (``None`` if not
    yet known), ``length``, ``expected`` (``None`` if not known) and ``minimum``.
    """

    reason: IbanProblem


def _normalise(text: str) -> str:
    """Remove white space anywhere, dashes and a leading ``IBAN``/``IBAN:`` label."""
    if not isinstance(text, str):
        raise TypeError(f"expected text, not {type(text).__name__}")
    compact = "".join(text.split()).translate(_DASHES)
    return _PREFIX.sub("", compact, count=1)


def _diagnose(value: str, *, complete: bool) -> IbanError | None:
    """The first problem of ``value`` (normalised), or ``None``.

    With ``complete=False``, ``value`` is judged as the start of an IBAN: too few characters
    is not a problem, and the checksum is only tested once the length is reached.
    """
    bad = tuple(dict.fromkeys(ch for ch in value if not (ch.isascii() and ch.isalnum())))
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        return IbanError(
            IbanProblem.BAD_CHARACTERS,
            f"An IBAN has letters A-Z and digits only; found {shown}.",
            characters=bad,
        )
    value = value.upper()
    for position, ch in enumerate(value[:2], start=1):
        if not ch.isalpha():
            return IbanError(
                IbanProblem.BAD_CHARACTERS,
                "An IBAN starts with the two letters of its country, e.g. DE.",
                position=position,
            )
    country = value[:2]
    if len(country) == 2 and country not in IBAN_LENGTHS:
        return IbanError(
            IbanProblem.UNKNOWN_COUNTRY, f"{country!r} is not a country that issues IBANs.", country=country
        )
    for position, ch in enumerate(value[2:4], start=3):
        if not ch.isdigit():
            return IbanError(
                IbanProblem.BAD_CHARACTERS,
                "The country letters of an IBAN are followed by two check digits, e.g. DE89.",
                position=position,
            )
    if value[2:4] in _IMPOSSIBLE_CHECK_DIGITS:
        return _bad_checksum()
    expected = IBAN_LENGTHS.get(country)
    length = len(value)
    if expected is None:
        if complete:
            return IbanError(
                IbanProblem.WRONG_LENGTH,
                f"An IBAN has at least {MIN_IBAN_LENGTH} characters, this one has {length}.",
                country=None,
                length=length,
                expected=None,
                minimum=MIN_IBAN_LENGTH,
            )
        return None
    if length > expected or (complete and length < expected):
        return IbanError(
            IbanProblem.WRONG_LENGTH,
            f"An IBAN from {country} has {expected} characters, this one has {length}.",
            country=country,
            length=length,
            expected=expected,
            minimum=expected,
        )
    if length == expected and _mod97(value[4:] + value[:4]) != 1:
        return _bad_checksum()
    return None


def _bad_checksum() -> IbanError:
    return IbanError(IbanProblem.BAD_CHECKSUM, "The IBAN's check digits do not match: a typo?")


def parse_iban(text: str) -> Iban:
    """Read an IBAN as typed or pasted: ``"IBAN: de89 3704 0044 0532 0130 00"`` is fine.

    White space, dashes, lower case and a leading ``IBAN``/``IBAN:`` are accepted. Checks, in
    order: empty → characters other than A–Z/0–9 → two country letters → country issues IBANs
    → two check digits (not 00, 01 or 99) → the country's length → MOD 97-10 checksum.
    """
    value = _normalise(text)
    if not value:
        raise IbanError(IbanProblem.EMPTY, "Please enter an IBAN.")
    problem = _diagnose(value, complete=True)
    if problem is not None:
        raise problem
    return Iban(value.upper())


class IbanStatus(StrEnum):
    INCOMPLETE = "incomplete"
    """Valid so far; more characters are needed."""
    COMPLETE_VALID = "complete_valid"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class IbanProgress:
    """What :func:`check_iban_prefix` found: e.g. INCOMPLETE, 10 of 22 characters."""

    status: IbanStatus
    entered: int
    """Characters in electronic form so far (without spaces, dashes and an ``IBAN:`` label)."""
    expected: int | None
    """The country's IBAN length, ``None`` until two known country letters are typed."""
    problem: IbanProblem | None = None
    """Set exactly when ``status`` is INVALID."""
    iban: Iban | None = None
    """Set exactly when ``status`` is COMPLETE_VALID."""

    @property
    def remaining(self) -> int | None:
        """How many characters are still missing (0 when complete, ``None`` if unknown)."""
        return None if self.expected is None else max(self.expected - self.entered, 0)


def check_iban_prefix(text: str) -> IbanProgress:
    """Judge a partly typed IBAN after every key press.

    INVALID as soon as it has a character other than A–Z/0–9, a digit among the country
    letters, a country without IBANs, a letter among the check digits, check digits 00/01/99,
    more characters than the country's IBAN has, or — at full length — a wrong checksum.
    An empty field is INCOMPLETE.
    """
    value = _normalise(text)
    problem = _diagnose(value, complete=False)
    upper = value.upper()
    expected = IBAN_LENGTHS.get(upper[:2]) if len(upper) >= 2 else None
    if problem is not None:
        return IbanProgress(IbanStatus.INVALID, len(value), expected, problem=problem.reason)
    if expected is not None and len(upper) == expected:
        return IbanProgress(IbanStatus.COMPLETE_VALID, len(upper), expected, iban=Iban(upper))
    return IbanProgress(IbanStatus.INCOMPLETE, len(upper), expected)


# --- BIC -----------------------------------------------------------------------------------------


class BicProblem(StrEnum):
    EMPTY = "empty"
    BAD_CHARACTERS = "bad_characters"
    WRONG_LENGTH = "wrong_length"
    BAD_BANK_CODE = "bad_bank_code"
    UNKNOWN_COUNTRY = "unknown_country"


class BicError(InputError):
    """Typed BIC that cannot be one; ``details`` as named in each message."""

    reason: BicProblem


def parse_bic(text: str) -> str:
    """Read a BIC (SWIFT code): ``"cobadeff xxx"`` → ``"COBADEFFXXX"``.

    8 or 11 characters: 4 letters (bank), 2 letters (country, in :data:`BIC_COUNTRY_CODES`),
    2 letters or digits (location), optionally 3 letters or digits (branch). White space is
    removed and letters upper-cased. The BIC is optional in a mandate: a caller that allows an
    empty field checks for that before calling, since empty text raises ``EMPTY``.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_bic() takes text, not {type(text).__name__}")
    value = "".join(text.split())
    length = len(value)
    if not value:
        raise BicError(BicProblem.EMPTY, "Please enter a BIC.")
    bad = tuple(dict.fromkeys(ch for ch in value if not (ch.isascii() and ch.isalnum())))
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        raise BicError(
            BicProblem.BAD_CHARACTERS,
            f"A BIC has letters A-Z and digits only; found {shown}.",
            characters=bad,
        )
    value = value.upper()
    if length not in (8, 11):
        raise BicError(
            BicProblem.WRONG_LENGTH, f"A BIC has 8 or 11 characters, this one has {length}.", length=length
        )
    if not value[:4].isalpha():
        raise BicError(BicProblem.BAD_BANK_CODE, "A BIC starts with four letters for the bank.")
    country = value[4:6]
    if country not in BIC_COUNTRY_CODES:
        raise BicError(
            BicProblem.UNKNOWN_COUNTRY,
            f"Characters 5 and 6 of a BIC are a country code; {country!r} is none.",
            country=country,
        )
    return value


def iban_and_bic_agree(iban: Iban, bic: str) -> bool:
    """Whether the BIC names the IBAN's country (letters 5–6 against letters 1–2).

    A mismatch is worth a warning, not a refusal: the caller decides. Territories that use
    another country's IBAN (e.g. a bank in Jersey, BIC country JE, GB IBAN) disagree here.
    """
    return bic[4:6].upper() == iban.country
