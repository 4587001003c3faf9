"""Scanned codes, routed as shop tills do: a customer card, an article, or an unknown barcode.

:meth:`BarcodeIndex.route` reads one scan, in this order:

1. a **secucard number** (16 digits starting ``9276``, :mod:`cashier.domain.cards`) → the card;
2. an **EAN-8, UPC-A or EAN-13** whose GS1 check digit is right and that an article of the
   catalogue lists → that article (UPC-A ``036000291452`` and EAN-13 ``0036000291452`` are
   the same code: GTINs are compared as 14 digits, zero-padded);
3. an **article number** of the catalogue, exactly as written there → that article;
4. an **in-store EAN-13** (GS1 prefixes 20–29, "restricted circulation") whose prefix the shop
   configured (:class:`EmbeddedRule`) → the article whose number is in the code, with the
   **price** (in cents) or the **weight** (in grams) the code carries;
5. anything else → unknown (:class:`BarcodeError`, with the digits and why).

An in-store EAN-13 is ``PP`` prefix, the article number, an optional price/weight check digit,
the value, the EAN check digit — 13 digits. The common GS1 layouts are all rules here:

=====================  ==============================  ==========================
``article_digits``     ``value_check``                 layout
=====================  ==============================  ==========================
5 (default)            false                           ``PP AAAAA VVVVV C``
4                      true                            ``PP AAAA K VVVVV C``
5                      true                            ``PP AAAAA K VVVV C``
4 / 6                  false                           ``PP AAAA VVVVVV C`` / ``PP AAAAAA VVVV C``
=====================  ==============================  ==========================

``K`` is the GS1 price/weight verifier digit (General Specifications §7.9.3, for a 4- or 5-digit
value only). A price is in cents (``00249`` = 2,49 €), a weight in grams (``00754`` = 0,754 kg).
A weighed article's catalogue price is per kilogram; its line costs weight × price per kg,
rounded half up to the cent (:func:`price_for_weight`).

Standard library only; the catalogue (``cashier.ui.catalog``) builds the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from cashier.domain.cards import SECUCARD_LENGTH, SECUCARD_PREFIX, normalise_card_input
from cashier.domain.errors import InputError
from cashier.domain.money import Money

GTIN_LENGTHS: Final = frozenset({8, 12, 13})
"""EAN-8, UPC-A and EAN-13: the codes a till scans on an article."""
EMBEDDED_PREFIXES: Final = tuple(str(prefix) for prefix in range(20, 30))
"""GS1 prefixes 20–29: numbers a shop gives out itself, e.g. with a price or weight inside."""
EAN13: Final = 13

# GS1 General Specifications §7.9.3: the weighted products of a digit d.
_TWO_MINUS: Final = (0, 2, 4, 6, 8, 9, 1, 3, 5, 7)  # 2·d, tens subtracted from units
_THREE: Final = (0, 3, 6, 9, 2, 5, 8, 1, 4, 7)  # 3·d, units
_FIVE_PLUS: Final = (0, 5, 1, 6, 2, 7, 3, 8, 4, 9)  # 5·d, tens added to units
_FIVE_MINUS: Final = (0, 5, 9, 4, 8, 3, 7, 2, 6, 1)  # 5·d, tens subtracted from units


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit of ``body`` (a GTIN without its last digit)."""
    if not _digits(body):
        raise ValueError("a GTIN body has digits 0-9 only")
    weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - weighted % 10) % 10


def is_gtin(code: str) -> bool:
    """``code`` is an EAN-8, UPC-A or EAN-13 with a correct check digit."""
    return _digits(code) and len(code) in GTIN_LENGTHS and gtin_check_digit(code[:-1]) == int(code[-1])


def gtin_key(code: str) -> str:
    """One spelling per GTIN: 14 digits, zero-padded (UPC-A = EAN-13 with a leading 0)."""
    return code.zfill(14)


def value_check_digit(value: str) -> int:
    """The GS1 price/weight verifier digit of a 4- or 5-digit value (General Specifications §7.9.3).

    ``"2875"`` → 9, ``"14685"`` → 6 (the specification's examples).
    """
    if not _digits(value) or len(value) not in (4, 5):
        raise ValueError("a price/weight verifier digit is for 4 or 5 digits")
    d = [int(ch) for ch in value]
    if len(d) == 4:
        return (_TWO_MINUS[d[0]] + _TWO_MINUS[d[1]] + _THREE[d[2]] + _FIVE_MINUS[d[3]]) * 3 % 10
    total = _FIVE_PLUS[d[0]] + _TWO_MINUS[d[1]] + _FIVE_MINUS[d[2]] + _FIVE_PLUS[d[3]] + _TWO_MINUS[d[4]]
    return _FIVE_MINUS.index(-total % 10)


def price_for_weight(grams: int, per_kg: Money) -> Money:
    """``grams`` of an article at ``per_kg``, rounded half up to the cent (754 g at 2,99 €/kg = 2,25 €)."""
    if grams < 0 or per_kg.is_negative:
        raise ValueError("a weight and its price per kilogram are not negative")
    return Money((grams * per_kg.cents + 500) // 1000)


def format_weight(grams: int) -> str:
    """``754`` → ``"0,754 kg"`` (the receipt's German decimal comma)."""
    return f"{grams // 1000},{grams % 1000:03d} kg"


class ValueKind(StrEnum):
    PRICE = "price"
    WEIGHT = "weight"


@dataclass(frozen=True, slots=True)
class EmbeddedRule:
    """How the shop's in-store EAN-13 with ``prefix`` carries an article number and a value."""

    prefix: str
    kind: ValueKind
    article_digits: int = 5
    value_check: bool = False

    def __post_init__(self) -> None:
        if self.prefix not in EMBEDDED_PREFIXES:
            raise ValueError(f"prefix {self.prefix!r} is not one of the in-store prefixes 20 to 29")
        if not isinstance(self.kind, ValueKind):
            raise ValueError(f"value must be price or weight, not {self.kind!r}")
        if not 4 <= self.article_digits <= 6 or isinstance(self.article_digits, bool):
            raise ValueError(f"prefix {self.prefix}: article_digits must be 4, 5 or 6")
        if self.value_check and self.value_digits not in (4, 5):
            raise ValueError(
                f"prefix {self.prefix}: a price/weight check digit needs a 4- or 5-digit value; "
                f"{self.article_digits} article digits leave {self.value_digits}"
            )

    @property
    def value_digits(self) -> int:
        return EAN13 - len(self.prefix) - self.article_digits - int(self.value_check) - 1

    def decode(self, code: str) -> EmbeddedCode | None:
        """The article number and value of ``code``; ``None`` when its verifier digit is wrong.

        ``code`` is an EAN-13 with a correct check digit that starts with :attr:`prefix`.
        """
        start = len(self.prefix)
        article = code[start : start + self.article_digits]
        value = code[EAN13 - 1 - self.value_digits : EAN13 - 1]
        if self.value_check and int(code[start + self.article_digits]) != value_check_digit(value):
            return None
        return EmbeddedCode(self, article_key(article), int(value))


@dataclass(frozen=True, slots=True)
class EmbeddedCode:
    rule: EmbeddedRule
    article: str
    """The article number in the code, leading zeros dropped (:func:`article_key`)."""
    value: int
    """Cents for a price rule, grams for a weight rule."""


def article_key(number: str) -> str:
    """An all-digit article number as an in-store code holds it: leading zeros dropped."""
    return number.lstrip("0") or "0"


class ScanTarget(StrEnum):
    CARD = "card"
    ARTICLE = "article"
    UNKNOWN = "unknown"


class BarcodeProblem(StrEnum):
    UNKNOWN = "unknown"  # neither a card nor a code of the catalogue
    CHECK_DIGIT = "check_digit"  # a 12/13-digit code, or an in-store value, misread
    NEEDS_WEIGHT = "needs_weight"  # a weighed article's plain code: no weight in it
    NOT_WEIGHED = "not_weighed"  # a weight on an article sold by the piece


class BarcodeError(InputError):
    """A scan the till cannot use; ``details`` hold ``code`` (the digits scanned)."""

    reason: BarcodeProblem


@dataclass(frozen=True, slots=True)
class ScanResult:
    code: str
    target: ScanTarget
    article_number: str | None = None
    embedded: EmbeddedCode | None = None
    problem: BarcodeProblem | None = None

    def error(self) -> BarcodeError:
        """The unknown scan as an error for the cashier's words (and the command line's)."""
        problem = self.problem or BarcodeProblem.UNKNOWN
        return BarcodeError(problem, _ENGLISH[problem].format(code=self.code), code=self.code)


_ENGLISH: Final = {
    BarcodeProblem.UNKNOWN: "Unknown barcode {code}: neither an article of the catalogue nor a customer card.",
    BarcodeProblem.CHECK_DIGIT: "Barcode {code} was misread (its check digit is wrong); scan it again.",
    BarcodeProblem.NEEDS_WEIGHT: "Barcode {code} is an article sold by weight; scan the scale's label.",
    BarcodeProblem.NOT_WEIGHED: "Barcode {code} carries a weight, but its article is sold by the piece.",
}


class CatalogCodeError(ValueError):
    """The catalogue's codes contradict each other; the message names the articles."""


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    """What the index needs of an article: its number, its codes, whether it is weighed."""

    article_number: str
    eans: tuple[str, ...] = ()
    weighed: bool = False


@dataclass(frozen=True, slots=True)
class BarcodeIndex:
    """The catalogue's codes: GTINs and article numbers of its articles, and the in-store rules."""

    eans: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    article_numbers: frozenset[str] = frozenset()
    weighed: frozenset[str] = frozenset()
    embedded: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    rules: tuple[EmbeddedRule, ...] = ()

    @classmethod
    def build(cls, articles: Iterable[IndexedArticle], rules: Iterable[EmbeddedRule] = ()) -> BarcodeIndex:
        """Raises :class:`CatalogCodeError` for a bad or twice-used EAN, a prefix given twice,
        or two article numbers an in-store code cannot tell apart (``1001``, ``01001``)."""
        rules = tuple(rules)
        prefixes = [rule.prefix for rule in rules]
        twice = sorted({p for p in prefixes if prefixes.count(p) > 1})
        if twice:
            raise CatalogCodeError(f"in-store prefix configured twice: {', '.join(twice)}")
        eans: dict[str, str] = {}
        embedded: dict[str, str] = {}
        numbers, weighed = set(), set()
        for article in articles:
            number = article.article_number
            numbers.add(number)
            if article.weighed:
                weighed.add(number)
            for ean in article.eans:
                if not is_gtin(ean):
                    raise CatalogCodeError(
                        f"article {number}: {ean!r} is not an EAN-8, UPC-A or EAN-13 with a correct check digit"
                    )
                if gtin_key(ean) in eans:
                    other = eans[gtin_key(ean)]
                    by = "twice by article" if other == number else f"by article {other} and by article"
                    raise CatalogCodeError(f"EAN {ean} is used {by} {number}")
                eans[gtin_key(ean)] = number
            if _digits(number):
                key = article_key(number)
                other = embedded.setdefault(key, number)
                if other != number:
                    raise CatalogCodeError(
                        f"articles {other} and {number} are the same article in an in-store barcode"
                    )
        return cls(
            MappingProxyType(eans),
            frozenset(numbers),
            frozenset(weighed),
            MappingProxyType(embedded),
            rules,
        )

    def route(self, text: str) -> ScanResult:
        """Where a scan goes (see the module's docstring for the order)."""
        code = normalise_card_input(text)
        if not _digits(code):
            return ScanResult(code, ScanTarget.UNKNOWN, problem=BarcodeProblem.UNKNOWN)
        if len(code) == SECUCARD_LENGTH and code.startswith(SECUCARD_PREFIX):
            return ScanResult(code, ScanTarget.CARD)
        valid = is_gtin(code)
        number = self.eans.get(gtin_key(code)) if valid else None
        if number is None and code in self.article_numbers:
            number = code
        if number is not None:
            if number in self.weighed:
                return ScanResult(code, ScanTarget.UNKNOWN, number, problem=BarcodeProblem.NEEDS_WEIGHT)
            return ScanResult(code, ScanTarget.ARTICLE, number)
        if valid and len(code) == EAN13:
            rule = next((r for r in self.rules if code.startswith(r.prefix)), None)
            if rule is not None:
                return self._embedded(code, rule)
        if not valid and len(code) in (12, EAN13):
            return ScanResult(code, ScanTarget.UNKNOWN, problem=BarcodeProblem.CHECK_DIGIT)
        return ScanResult(code, ScanTarget.UNKNOWN, problem=BarcodeProblem.UNKNOWN)

    def _embedded(self, code: str, rule: EmbeddedRule) -> ScanResult:
        decoded = rule.decode(code)
        if decoded is None:
            return ScanResult(code, ScanTarget.UNKNOWN, problem=BarcodeProblem.CHECK_DIGIT)
        number = self.embedded.get(decoded.article)
        if number is None:
            return ScanResult(code, ScanTarget.UNKNOWN, problem=BarcodeProblem.UNKNOWN)
        if rule.kind is ValueKind.WEIGHT and number not in self.weighed:
            return ScanResult(code, ScanTarget.UNKNOWN, number, problem=BarcodeProblem.NOT_WEIGHED)
        return ScanResult(code, ScanTarget.ARTICLE, number, decoded)
