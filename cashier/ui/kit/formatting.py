"""Amounts, percentages and card numbers as the cashier reads them, per language.

German: ``1.234,50 €`` (no-break space before the sign); English: ``€1,234.50``. Negative
amounts (bonus spent, card applied) carry a real minus sign. The domain keeps integer cents
and the plain ``1.234,50`` form (:func:`cashier.domain.money.format_amount`); the currency
sign and the language belong here (docs/architecture.md, "Money on screen and on paper").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from cashier.domain.money import Money, format_amount

GERMAN: Final = "de"
ENGLISH: Final = "en"
LANGUAGES: Final = (GERMAN, ENGLISH)

NO_BREAK_SPACE: Final = "\u00a0"
MINUS: Final = "\u2212"


@dataclass(frozen=True, slots=True)
class MoneyFormat:
    """How one language writes money; ``MoneyFormat("de").amount(Money(1250))`` → ``12,50 €``."""

    language: str

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {self.language!r}")

    @property
    def german(self) -> bool:
        return self.language == GERMAN

    def amount(self, money: Money) -> str:
        """With the currency sign and thousands grouping, for labels and tables."""
        sign = MINUS if money.is_negative else ""
        if self.german:
            return f"{sign}{format_amount(abs(money), decimal=',', grouping='.')}{NO_BREAK_SPACE}€"
        return f"{sign}€{format_amount(abs(money), decimal='.', grouping=',')}"

    def whole_euros(self, money: Money) -> str:
        """A banknote's label, ``20 €`` / ``€20`` (cents, if any, are dropped)."""
        euros = abs(money.cents) // 100
        return f"{euros}{NO_BREAK_SPACE}€" if self.german else f"€{euros}"

    def plain(self, money: Money) -> str:
        """Without sign or grouping, the way a cashier types it (``12,50`` / ``12.50``)."""
        if self.german:
            return format_amount(money, decimal=",", grouping="")
        return format_amount(money, decimal=".", grouping="")

    @property
    def decimal_mark(self) -> str:
        return "," if self.german else "."

    def percent(self, value: int) -> str:
        return f"{value}{NO_BREAK_SPACE}%" if self.german else f"{value}%"


def grouped_card_number(digits: str) -> str:
    """``9276004400000011`` → ``9276 0044 0000 0011`` (for the card panel, never for logs)."""
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
