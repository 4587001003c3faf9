"""What the ESC/POS decoder yields: text lines with their style, and printer events.

:mod:`cashier.printing.escpos_decode` produces these; the preview draws them and the tests
assert on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

FONT_A_DOTS: Final = 12
FONT_B_DOTS: Final = 9

Alignment = Literal["left", "center", "right"]
QrLevel = Literal["L", "M", "Q", "H"]


@dataclass(frozen=True, slots=True)
class TextStyle:
    bold: bool = False
    width: int = 1
    height: int = 1
    font: Literal["a", "b"] = "a"
    underline: bool = False
    invert: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style."""

    text: str
    style: TextStyle


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line (an empty line has no spans)."""

    spans: tuple[Span, ...]
    align: Alignment = "left"

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @property
    def bold(self) -> bool:
        """Whether all of the line's visible text is bold."""
        visible = [span for span in self.spans if span.text.strip()]
        return bool(visible) and all(span.style.bold for span in visible)

    @property
    def width(self) -> int:
        return max((span.style.width for span in self.spans), default=1)

    @property
    def height(self) -> int:
        return max((span.style.height for span in self.spans), default=1)

    @property
    def font(self) -> Literal["a", "b"]:
        return self.spans[0].style.font if self.spans else "a"

    def dots(self) -> int:
        """The printed width in dots (Font A 12, Font B 9 dots a character, times its width)."""
        return sum(
            len(span.text) * span.style.width * (FONT_A_DOTS if span.style.font == "a" else FONT_B_DOTS)
            for span in self.spans
        )

    def columns(self) -> int:
        """The printed width in characters of the line's font, double-width ones counting twice."""
        return sum(len(span.text) * span.style.width for span in self.spans)


@dataclass(frozen=True, slots=True)
class Reset:
    """``ESC @``: the printer forgets style and code page."""


@dataclass(frozen=True, slots=True)
class CodePage:
    page: int
    encoding: str | None


@dataclass(frozen=True, slots=True)
class Cut:
    partial: bool


@dataclass(frozen=True, slots=True)
class DrawerKick:
    pin: int
    on_ms: int
    off_ms: int


@dataclass(frozen=True, slots=True)
class Barcode:
    symbology: int
    data: str
    height: int
    module_width: int
    text_below: bool


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR code printed with ``GS ( k`` (function 181): the stored data, byte for byte, and
    how the printer was told to draw it (model, module size in dots, error-correction level
    ``"L"``/``"M"``/``"Q"``/``"H"``, the alignment in force)."""

    payload: bytes
    model: int
    module_size: int
    level: QrLevel
    align: Alignment = "left"

    @property
    def text(self) -> str:
        """The data as text (UTF-8, as the till sends it)."""
        return self.payload.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class RasterImage:
    """A ``GS v 0`` bit image: ``bits`` row by row, 1 = black, most significant bit first."""

    width: int
    height: int
    bits: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class StatusQuery:
    """``DLE EOT n``: a real-time status request (the printer answers one byte)."""

    kind: int


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A known command whose content is not decoded (column images, graphics, 2D codes other
    than QR)."""

    command: str


Event = Reset | CodePage | Cut | DrawerKick | Barcode | QrCode | RasterImage | StatusQuery | Unsupported
Decoded = Line | Event
