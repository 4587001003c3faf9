"""The cashier's basket: lines with a gross unit price, a quantity and a VAT rate.

A :class:`Basket` is an immutable value; every operation returns a new one, so a view-model
can keep the previous basket for undo and the sale can hand the exact basket it sent to the
server to the journal. Lines are never negative: the bonus lines secuconnect adds after
``preTransaction`` are the server's, not part of what the cashier edits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from cashier.domain.errors import InputError
from cashier.domain.money import DEFAULT_MAXIMUM, Money, format_amount
from cashier.domain.vat import VatRate, VatRow, vat_summary

MAX_QUANTITY: Final = 9999
MAX_DESCRIPTION_LENGTH: Final = 80
EAN_LENGTHS: Final = frozenset({8, 12, 13, 14})

CHARGE_EAN: Final = "4260447149502"
"""The reserved EAN of a "load cash balance onto the card" line (docs/secuconnect.md §4.9)."""


class BasketProblem(StrEnum):
    EMPTY_DESCRIPTION = "empty_description"
    DESCRIPTION_TOO_LONG = "description_too_long"
    NEGATIVE_PRICE = "negative_price"
    BAD_QUANTITY = "bad_quantity"
    BAD_EAN = "bad_ean"
    BAD_LOAD_AMOUNT = "bad_load_amount"
    LINE_NOT_FOUND = "line_not_found"
    TOTAL_TOO_LARGE = "total_too_large"


class BasketError(InputError):
    """A basket line or basket operation the till cannot accept."""

    reason: BasketProblem


def ean_check_digit_ok(ean: str) -> bool:
    """Whether ``ean`` (8, 12, 13 or 14 digits) ends in a correct GS1 mod-10 check digit.

    Informational only: :class:`BasketLine` does not reject a wrong check digit, because
    in-house and example EANs often have none.
    """
    if not (ean.isascii() and ean.isdigit()) or len(ean) not in EAN_LENGTHS:
        return False
    digits = [int(ch) for ch in ean]
    # Weights 3, 1, 3, … from the digit left of the check digit.
    weighted = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - weighted % 10) % 10 == digits[-1]


def _optional_text(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected str or None, got {type(value).__name__}")
    value = value.strip()
    return value or None


@dataclass(frozen=True, slots=True)
class BasketLine:
    """One basket line. ``description``, ``article_number`` and ``ean`` are stored stripped;
    an empty article number or EAN (the server sends ``"ean": ""``) is stored as ``None``."""

    description: str
    unit_price: Money
    quantity: int
    vat: VatRate
    article_number: str | None = None
    ean: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.description, str):
            raise TypeError(f"description must be a str, not {type(self.description).__name__}")
        if not isinstance(self.unit_price, Money):
            raise TypeError(f"unit_price must be Money, not {type(self.unit_price).__name__}")
        if not isinstance(self.vat, VatRate):
            raise TypeError(f"vat must be a VatRate, not {type(self.vat).__name__}")
        description = self.description.strip()
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "article_number", _optional_text(self.article_number))
        object.__setattr__(self, "ean", _optional_text(self.ean))

        if not description:
            raise BasketError(BasketProblem.EMPTY_DESCRIPTION, "A basket line needs a description.")
        if len(description) > MAX_DESCRIPTION_LENGTH:
            raise BasketError(
                BasketProblem.DESCRIPTION_TOO_LONG,
                f"The description has {len(description)} characters; "
                f"at most {MAX_DESCRIPTION_LENGTH} are allowed.",
                length=len(description),
            )
        if self.unit_price.is_negative:
            raise BasketError(
                BasketProblem.NEGATIVE_PRICE,
                f"The price {format_amount(self.unit_price)} is negative; basket lines cannot be.",
                unit_price=self.unit_price,
            )
        _check_quantity(self.quantity)
        if self.ean is not None and (
            not (self.ean.isascii() and self.ean.isdigit()) or len(self.ean) not in EAN_LENGTHS
        ):
            raise BasketError(
                BasketProblem.BAD_EAN,
                f"'{self.ean}' is not an EAN: it must be 8, 12, 13 or 14 digits.",
                ean=self.ean,
            )

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity

    @property
    def is_card_load(self) -> bool:
        """Whether this line loads cash balance onto the card (it carries :data:`CHARGE_EAN`)."""
        return self.ean == CHARGE_EAN

    def same_article(self, other: BasketLine) -> bool:
        """Same description, unit price, VAT rate, article number and EAN (quantity aside)."""
        return _article_key(self) == _article_key(other)


def _article_key(line: BasketLine) -> tuple[str, Money, VatRate, str | None, str | None]:
    return (line.description, line.unit_price, line.vat, line.article_number, line.ean)


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise TypeError(f"quantity must be an int, not {type(quantity).__name__}")
    if not 1 <= quantity <= MAX_QUANTITY:
        raise BasketError(
            BasketProblem.BAD_QUANTITY,
            f"The quantity must be between 1 and {MAX_QUANTITY}, not {quantity}.",
            quantity=quantity,
        )


def card_load_line(amount: Money, description: str = "Guthaben-Aufladung") -> BasketLine:
    """A line that loads ``amount`` of cash balance onto the attached card.

    VAT rate 0 %: loading a stored-value card is not a taxable supply at load time (the VAT is
    due when the balance is spent on goods). ``amount`` must be more than zero.
    """
    if not amount.is_positive:
        raise BasketError(
            BasketProblem.BAD_LOAD_AMOUNT,
            f"A card load must be more than 0,00, not {format_amount(amount)}.",
            amount=amount,
        )
    return BasketLine(
        description=description, unit_price=amount, quantity=1, vat=VatRate.ZERO, ean=CHARGE_EAN
    )


@dataclass(frozen=True, slots=True)
class Basket:
    """The lines of the sale being built, in the order the cashier added them.

    The total may never exceed ``maximum_total``; operations that would push it above raise
    ``TOTAL_TOO_LARGE``. Line indexes are 0-based and never count from the end.
    """

    lines: tuple[BasketLine, ...] = ()
    maximum_total: Money = DEFAULT_MAXIMUM

    def __post_init__(self) -> None:
        if not isinstance(self.lines, tuple):
            raise TypeError(f"lines must be a tuple, not {type(self.lines).__name__}")
        for line in self.lines:
            if not isinstance(line, BasketLine):
                raise TypeError(f"expected a BasketLine, got {type(line).__name__}")
        total = self.total
        if total > self.maximum_total:
            raise BasketError(
                BasketProblem.TOTAL_TOO_LARGE,
                f"The basket total would be {format_amount(total)}, "
                f"more than the allowed maximum of {format_amount(self.maximum_total)}.",
                total=total,
                maximum=self.maximum_total,
            )

    # --- queries ------------------------------------------------------------------------
    @property
    def total(self) -> Money:
        return Money.sum(line.total for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def item_count(self) -> int:
        """How many items the customer takes home: the sum of the quantities."""
        return sum(line.quantity for line in self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[BasketLine]:
        return iter(self.lines)

    def gross_by_rate(self) -> dict[VatRate, Money]:
        """The gross total per VAT rate, for the rates that have lines, in the order 19, 7, 0."""
        return {row.rate: row.gross for row in self.vat_summary()}

    def vat_summary(self) -> tuple[VatRow, ...]:
        return vat_summary((line.vat, line.total) for line in self.lines)

    # --- operations (each returns a new basket) -----------------------------------------
    def add(self, line: BasketLine) -> Basket:
        """Append ``line``, or add its quantity to an identical article already in the basket."""
        for index, existing in enumerate(self.lines):
            if existing.same_article(line):
                return self.set_quantity(index, existing.quantity + line.quantity)
        return self._with_lines((*self.lines, line))

    def remove(self, index: int) -> Basket:
        self._check_index(index)
        return self._with_lines((*self.lines[:index], *self.lines[index + 1 :]))

    def set_quantity(self, index: int, quantity: int) -> Basket:
        """Give line ``index`` a new quantity (1 … :data:`MAX_QUANTITY`; use :meth:`remove` for 0)."""
        self._check_index(index)
        _check_quantity(quantity)
        changed = replace(self.lines[index], quantity=quantity)
        return self._with_lines((*self.lines[:index], changed, *self.lines[index + 1 :]))

    def increment(self, index: int) -> Basket:
        self._check_index(index)
        return self.set_quantity(index, self.lines[index].quantity + 1)

    def decrement(self, index: int) -> Basket:
        """One fewer of line ``index``; a line at quantity 1 is removed."""
        self._check_index(index)
        quantity = self.lines[index].quantity
        return self.remove(index) if quantity == 1 else self.set_quantity(index, quantity - 1)

    def clear(self) -> Basket:
        return self._with_lines(())

    def _with_lines(self, lines: tuple[BasketLine, ...]) -> Basket:
        return Basket(lines=lines, maximum_total=self.maximum_total)

    def _check_index(self, index: int) -> None:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"a line index must be an int, not {type(index).__name__}")
        if not 0 <= index < len(self.lines):
            raise BasketError(
                BasketProblem.LINE_NOT_FOUND,
                f"There is no basket line at index {index}; the basket has {len(self.lines)} line(s).",
                index=index,
            )
