"""What the layout needs to know about a printer: paper width, columns, cutter, cash drawer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

MIN_COLUMNS: Final = 24


@dataclass(frozen=True, slots=True)
class DrawerPulse:
    """The cash-drawer kick (``ESC p m t1 t2``): the drawer's pin and the pulse's timing.

    Pin 2 or pin 5 depends on the drawer and its cable. Drawers that open only every second
    time want explicit, longer timings; the defaults (100 ms on, 500 ms off) open common
    drawers reliably. Times go out in units of 2 ms, so they are rounded down to even values.
    """

    pin: int = 2
    on_ms: int = 100
    off_ms: int = 500

    def __post_init__(self) -> None:
        if self.pin not in (2, 5):
            raise ValueError(f"a cash drawer is on pin 2 or pin 5, not {self.pin!r}")
        for name in ("on_ms", "off_ms"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 2 <= value <= 510:
                raise ValueError(f"{name} must be between 2 and 510 milliseconds, not {value!r}")

    def sequence(self) -> list[int]:
        """The decimal sequence python-escpos' ``cashdraw()`` takes: ``[27, 112, m, t1, t2]``."""
        return [27, 112, 0 if self.pin == 2 else 1, self.on_ms // 2, self.off_ms // 2]


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    """Paper and printer facts for the layout.

    ``columns`` is the width of Font A in characters (48 on 80 mm, 32 on 58 mm paper);
    ``dots`` the printable width for images; ``font_b_columns`` the width of the small font.
    """

    columns: int = 48
    paper_mm: int = 80
    dots: int = 576
    font_b_columns: int = 64
    partial_cut: bool = False
    drawer: DrawerPulse = field(default_factory=DrawerPulse)

    def __post_init__(self) -> None:
        if isinstance(self.columns, bool) or not isinstance(self.columns, int) or self.columns < MIN_COLUMNS:
            raise ValueError(f"a receipt needs at least {MIN_COLUMNS} columns, not {self.columns!r}")
        if self.dots < self.columns * 8:
            raise ValueError(f"{self.dots} dots are too few for {self.columns} columns")
        if self.font_b_columns < self.columns:
            raise ValueError("Font B is never wider than Font A")

    @classmethod
    def for_columns(cls, columns: int, *, drawer: DrawerPulse | None = None) -> PrinterProfile:
        """The usual printer for a width: 48 columns = 80 mm paper, 32 columns = 58 mm paper."""
        presets = {48: (80, 576, 64), 32: (58, 384, 42)}
        if columns not in presets:
            raise ValueError(f"choose 48 columns (80 mm paper) or 32 columns (58 mm paper), not {columns}")
        paper_mm, dots, font_b = presets[columns]
        return cls(
            columns=columns,
            paper_mm=paper_mm,
            dots=dots,
            font_b_columns=font_b,
            drawer=drawer or DrawerPulse(),
        )


PAPER_80MM: Final = PrinterProfile.for_columns(48)
PAPER_58MM: Final = PrinterProfile.for_columns(32)
