"""The one place that drives python-escpos, and the library's pitfalls it works around."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image

from cashier.printing.escpos_builder import BOLD, HEADLINE, SMALL, Style, TicketBuilder
from cashier.printing.escpos_decode import CodePage, RasterImage, Reset, decode, lines_of
from cashier.printing.profile import PAPER_58MM, PAPER_80MM


def test_every_reset_selects_cp858_again() -> None:
    builder = TicketBuilder(PAPER_80MM)
    builder.line("12,50 €")
    builder.reset()
    builder.line("13,00 €")
    items = decode(builder.output)
    assert [item for item in items if isinstance(item, Reset | CodePage)] == [
        Reset(),
        CodePage(19, "cp858"),
        Reset(),
        CodePage(19, "cp858"),
    ]
    assert [line.text for line in lines_of(items)] == ["12,50 €", "13,00 €"]


def test_widths_in_characters_of_the_style() -> None:
    builder = TicketBuilder(PAPER_58MM)
    assert builder.columns() == 32
    assert builder.columns(HEADLINE) == 16
    assert builder.columns(BOLD) == 32
    assert builder.columns(SMALL) == 42
    assert builder.columns(Style(font="b", width=2)) == 21


def test_a_line_that_does_not_fit_is_a_bug_not_a_broken_receipt() -> None:
    builder = TicketBuilder(PAPER_58MM)
    builder.line("x" * 16, HEADLINE)
    with pytest.raises(ValueError, match="does not fit 16 columns"):
        builder.line("x" * 17, HEADLINE)


def test_style_changes_go_out_only_when_the_style_changes() -> None:
    builder = TicketBuilder(PAPER_80MM)
    start = len(builder.output)
    builder.line("a")
    builder.line("b")
    assert builder.output[start:] == b"a\nb\n"
    builder.line("c", BOLD)
    builder.line("d", BOLD)
    assert builder.output.endswith(b"\x1bE\x01c\nd\n")


def test_pictures_are_scaled_to_the_paper() -> None:
    builder = TicketBuilder(PAPER_58MM)
    builder.image(Image.new("L", (1000, 100), 0))
    (picture,) = [item for item in decode(builder.output) if isinstance(item, RasterImage)]
    assert (picture.width, picture.height) == (384, 38)


def test_python_escpos_stays_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    builder = TicketBuilder(PAPER_80MM)
    builder.image(Image.new("1", (100, 10), 0))  # 3.1 prints a warning without a media width
    assert builder.barcode128("2025-000123")  # and "Using hardware barcode renderer"
    assert capsys.readouterr() == ("", "")


def test_importing_python_escpos_leaves_the_root_logger_alone() -> None:
    # python-escpos 3.1 calls logging.basicConfig() on import; run in a fresh interpreter.
    code = (
        "import logging\n"
        "from cashier.printing.escpos_builder import TicketBuilder\n"
        "from cashier.printing.profile import PAPER_80MM\n"
        "TicketBuilder(PAPER_80MM)\n"
        "import escpos.printer\n"
        "print(len(logging.getLogger().handlers))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "0"
