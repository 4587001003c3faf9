"""Text as a receipt printer prints it: one code page, fixed columns.

Everything that goes to the printer passes :func:`printable` first: the text then consists
only of characters of code page CP858 (German umlauts, ``ß`` and ``€`` included), one column
each, so that ``len()`` is its width in a normal-width font. Typographic punctuation that
CP858 lacks is replaced by its plain form (``–`` → ``-``, ``„`` → ``"``); anything else
outside the page becomes ``?`` — visible on paper, and never an error.

Also here: amounts as printed (``12,50 €``), wrapping, and the two-column "name … value"
line that every part of a receipt uses.
"""

from __future__ import annotations

import textwrap
import unicodedata
from typing import Final

from cashier.domain.money import Money, format_amount

CODE_PAGE: Final = "cp858"
"""Python's codec for the printer code page (ESC t 19 on Epson-compatible printers)."""

REPLACEMENT: Final = "?"

_PLAIN: Final = {
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",  # minus sign
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2039": "<",
    "\u203a": ">",
    "\u2026": "...",
    "\u2022": "*",  # bullet
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\t": " ",
}


# The printable characters of the code page: one byte each, so decoding all 256 bytes finds them
# (testing every character up to U+3000 for encodability cost ~30 ms at every start).
_ENCODABLE: Final = frozenset(
    char for char in bytes(range(256)).decode(CODE_PAGE) if 0x20 <= ord(char) < 0x3000 and char != "\x7f"
)


def printable(text: str) -> str:
    """``text`` in characters the printer has, one column each (see the module docstring).

    Line breaks and other control characters become spaces (a receipt line is one line);
    combining marks are first composed with their letter (NFC), so ``"u\u0308"`` prints ``ü``.
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for char in text:
        if char in _ENCODABLE:
            out.append(char)
        elif char in _PLAIN:
            out.append(_PLAIN[char])
        elif char < " " or "\x7f" <= char < "\xa0":
            out.append(" ")
        else:
            out.append(REPLACEMENT)
    return "".join(out)


def encode(text: str) -> bytes:
    """The bytes of already :func:`printable` text in the code page."""
    return text.encode(CODE_PAGE, errors="replace")


def euro(amount: Money) -> str:
    """``Money(1250)`` → ``"12,50 €"``; ``Money(-50)`` → ``"-0,50 €"``."""
    return f"{format_amount(amount)} €"


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` columns (words first, then anywhere).

    Empty or blank text gives one empty line, so a receipt line never disappears.
    """
    if width < 1:
        raise ValueError(f"width must be at least 1, not {width}")
    lines = textwrap.wrap(
        printable(text),
        width=width,
        break_long_words=True,
        break_on_hyphens=False,
        drop_whitespace=True,
        replace_whitespace=True,
    )
    return lines or [""]


def align(text: str, width: int, alignment: str) -> str:
    """One line of at most ``width`` columns, padded on the left for ``"center"``/``"right"``.

    Trailing blanks are never added: the printer does not need them.
    """
    if len(text) > width:
        raise ValueError(f"{text!r} is wider than {width} columns")
    if alignment == "right":
        return text.rjust(width)
    if alignment == "center":
        return " " * ((width - len(text)) // 2) + text
    return text


def two_columns(left: str, right: str, width: int, *, gap: int = 1) -> list[str]:
    """``left`` on the left, ``right`` flush right, on one line when both fit.

    When they do not, ``left`` is wrapped over as many lines as it needs and ``right`` goes
    flush right on its last line if it fits there, else on the line below (wrapped too if it
    is longer than a whole line), so that nothing is ever cut off and the value column stays
    aligned. Leading blanks of ``left`` are kept (an indent); callers strip labels that come
    from elsewhere.
    """
    left = printable(left).rstrip()
    right = printable(right).strip()
    if not right:
        return wrap(left, width)
    if len(left) + gap + len(right) <= width:
        return [left + " " * (width - len(left) - len(right)) + right]
    lines = wrap(left, width) if left else []
    if lines and len(lines[-1]) + gap + len(right) <= width:
        last = lines.pop()
        return [*lines, last + " " * (width - len(last) - len(right)) + right]
    lines.extend(align(part, width, "right") for part in wrap(right, width))
    return lines


def rule(width: int, char: str = "-") -> str:
    return char * width
