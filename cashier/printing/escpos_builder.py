"""Building one print job's ESC/POS bytes through python-escpos' ``Dummy`` printer.

:class:`TicketBuilder` is the only place that talks to python-escpos while laying out. It
keeps the rules that make a receipt print the same on every printer:

* the job starts with ``ESC @`` and code page CP858 (``ESC t 19``) selected explicitly, and
  the code page is selected again after every reset (python-escpos 3.1 forgets it after
  ``ESC @``; docs/style.md, "Toolchain facts");
* a line is written only if it fits the paper in its own font and size (a layout bug raises
  instead of printing a broken receipt); text passes :func:`~cashier.printing.text.printable`;
* style commands go out only when the style changes, so the bytes stay small and stable for
  the golden-file tests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from PIL import Image

from cashier.printing.profile import DrawerPulse, PrinterProfile
from cashier.printing.qr import ESCPOS_LEVELS, qr_fit
from cashier.printing.text import align, printable, rule, wrap

Alignment = Literal["left", "center", "right"]
Font = Literal["a", "b"]

ESCPOS_CODE_PAGE: Final = "CP858"
BARCODE_HEIGHT_DOTS: Final = 64
_CODE128_MODULES_PER_CHAR: Final = 11
_CODE128_OVERHEAD_MODULES: Final = 35  # start (11) + check character (11) + stop (13)


def _load_dummy() -> Any:
    """python-escpos' ``Dummy`` class, imported without its side effect on logging.

    Version 3.1 calls ``logging.basicConfig()`` on import, which would install a root handler
    behind the application's back (docs/style.md, "Toolchain facts"); whatever it adds is removed again.
    """
    root = logging.getLogger()
    before = list(root.handlers)
    from escpos.printer import Dummy  # type: ignore[import-untyped]  # noqa: PLC0415 - see above

    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
    return Dummy


@dataclass(frozen=True, slots=True)
class Style:
    """How a line is printed. ``width``/``height`` are the character multipliers (1 or 2)."""

    bold: bool = False
    width: int = 1
    height: int = 1
    align: Alignment = "left"
    font: Font = "a"

    def __post_init__(self) -> None:
        if self.width not in (1, 2) or self.height not in (1, 2):
            raise ValueError("character size is 1 or 2 in each direction")


NORMAL: Final = Style()
BOLD: Final = Style(bold=True)
CENTER: Final = Style(align="center")
HEADLINE: Final = Style(bold=True, width=2, height=2, align="center")
EMPHASIS: Final = Style(bold=True, height=2)
SMALL: Final = Style(font="b")


class TicketBuilder:
    """Accumulates one job; :attr:`output` is the bytes for the printer."""

    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self._printer = _load_dummy()()
        # Image centring and size checks read the media width from the capability profile;
        # set it on this instance only (the profile data is shared by every Dummy).
        data = dict(self._printer.profile.profile_data)
        data["media"] = {"dpi": 203, "width": {"mm": profile.paper_mm, "pixels": profile.dots}}
        self._printer.profile.profile_data = data
        self._style = NORMAL
        self.reset()

    # --- state ------------------------------------------------------------------------------
    @property
    def output(self) -> bytes:
        return bytes(self._printer.output)

    def columns(self, style: Style = NORMAL) -> int:
        """How many characters of ``style`` fit on one line."""
        base = self.profile.columns if style.font == "a" else self.profile.font_b_columns
        return base // style.width

    def reset(self) -> None:
        """``ESC @`` then CP858 again: a reset puts the printer back on code page 0."""
        self._printer.hw("INIT")
        self._printer.magic.encoding = None  # 3.1 would otherwise think CP858 is still active
        self._printer.charcode(ESCPOS_CODE_PAGE)
        self._style = NORMAL

    def _apply(self, style: Style) -> None:
        current = self._style
        if style == current:
            return
        changes: dict[str, object] = {}
        if (style.width, style.height) != (current.width, current.height):
            # ESC ! also clears bold and selects font A: send those again after it.
            changes.update(
                normal_textsize=True,
                double_width=style.width == 2,
                double_height=style.height == 2,
                bold=style.bold,
                font=style.font,
            )
        else:
            if style.bold != current.bold:
                changes["bold"] = style.bold
            if style.font != current.font:
                changes["font"] = style.font
        if style.align != current.align:
            changes["align"] = style.align
        self._printer.set(**changes)
        self._style = style

    # --- text -------------------------------------------------------------------------------
    def line(self, text: str = "", style: Style = NORMAL) -> None:
        """One printed line; ``text`` must fit :meth:`columns` of ``style`` once printable."""
        text = printable(text).rstrip()
        if len(text) > self.columns(style):
            raise ValueError(f"{text!r} does not fit {self.columns(style)} columns of {style}")
        self._apply(style)
        self._printer.text(text + "\n")

    def paragraph(self, text: str, style: Style = NORMAL) -> None:
        """``text`` wrapped to the width of ``style``; an empty text prints one empty line."""
        for part in wrap(text, self.columns(style)):
            self.line(part, style)

    def padded(self, text: str, style: Style = NORMAL) -> None:
        """Like :meth:`paragraph`, but aligned with spaces instead of ``ESC a`` (for blocks
        that must line up with the columns around them)."""
        width = self.columns(style)
        plain = replace(style, align="left")
        for part in wrap(text, width):
            self.line(align(part, width, style.align), plain)

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.line("", replace(self._style, width=1, height=1, bold=False))

    def rule(self, char: str = "-") -> None:
        self.line(rule(self.profile.columns, char), NORMAL)

    # --- graphics ---------------------------------------------------------------------------
    def image(self, picture: Image.Image) -> None:
        """A black-and-white picture (a logo), scaled down to the paper and centred."""
        bitmap = picture.convert("L")
        if bitmap.width > self.profile.dots:
            height = max(1, bitmap.height * self.profile.dots // bitmap.width)
            bitmap = bitmap.resize((self.profile.dots, height))
        self._apply(replace(NORMAL, align="center"))
        self._printer.image(bitmap.convert("1"), impl="bitImageRaster", center=False)

    def barcode128(self, data: str) -> bool:
        """A CODE128 symbol of ``data`` (printable ASCII), centred, with its text below.

        Uses the widest bars that still fit the paper; returns ``False`` (and prints nothing)
        when ``data`` cannot be a CODE128-B symbol on this paper.
        """
        if not data or not all(" " <= ch <= "~" for ch in data):
            return False
        modules = _CODE128_MODULES_PER_CHAR * len(data) + _CODE128_OVERHEAD_MODULES
        module_width = min(3, self.profile.dots // modules)
        if module_width < 2:
            return False
        # _hw_barcode is what barcode() runs for printers with hardware barcodes, minus the
        # print() to stdout; the profile is ours, so the capability checks are known.
        self._printer._hw_barcode(
            "{B" + data,
            "CODE128",
            height=BARCODE_HEIGHT_DOTS,
            width=module_width,
            pos="BELOW",
            font="A",
            align_ct=True,
            function_type="B",
        )
        self._style = replace(self._style, align="center")
        return True

    def qr(self, data: str) -> bool:
        """A QR code (model 2) of ``data`` exactly as given (UTF-8), printed by the printer
        itself (``GS ( k``), centred, as big as :func:`~cashier.printing.qr.qr_fit` allows.

        Returns ``False`` (and prints nothing) when ``data`` is empty or too long for this paper.
        """
        fit = qr_fit(data.encode("utf-8"), self.profile.dots)
        if fit is None:
            return False
        self._apply(replace(NORMAL, align="center"))  # ESC a applies to the symbol too
        self._printer.qr(data, ec=ESCPOS_LEVELS[fit.level], size=fit.module_dots, model=2, native=True)
        return True

    # --- paper and drawer -------------------------------------------------------------------
    def drawer(self, pulse: DrawerPulse) -> None:
        self._printer.cashdraw(pulse.sequence())

    def cut(self) -> None:
        """Feed the paper past the cutter and cut (partial cut if the profile says so)."""
        self._printer.cut(mode="PART" if self.profile.partial_cut else "FULL")
