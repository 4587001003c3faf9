from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from cashier.printing.escpos_builder import TicketBuilder
from cashier.printing.preview import PreviewFonts, code128_modules, render_preview, save_preview
from cashier.printing.profile import PAPER_58MM, PAPER_80MM, PrinterProfile
from cashier.printing.receipt_layout import render_receipt
from tests.helpers import receipts

FONTS_DIR = Path(__file__).resolve().parents[3] / "resources" / "fonts"
FONTS = PreviewFonts(FONTS_DIR / "DejaVuSansMono.ttf", FONTS_DIR / "DejaVuSansMono-Bold.ttf")


@pytest.mark.parametrize("profile", [PAPER_80MM, PAPER_58MM], ids=lambda p: f"{p.columns}")
def test_the_preview_png_has_the_paper_width_and_shows_the_receipt(
    tmp_path: Path, profile: PrinterProfile
) -> None:
    path = tmp_path / "receipt.png"
    save_preview(
        render_receipt(receipts.sale_with_card_bonus_and_cash(), profile),
        path,
        dots=profile.dots,
        fonts=FONTS,
    )
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.width == profile.dots + 32
        assert image.height > 1500  # a whole receipt, not one line
        paper = image.crop((16, 0, 16 + profile.dots, image.height)).convert("L")
        dark = sum(paper.histogram()[:128])
        assert 0.02 < dark / (paper.width * paper.height) < 0.5  # ink, but not a black box


def test_double_size_text_is_drawn_twice_as_wide() -> None:
    builder = TicketBuilder(PAPER_80MM)
    builder.line("€€€€")
    from cashier.printing.escpos_builder import HEADLINE, Style

    builder.line("€€€€", Style(width=2, height=2))
    builder.line("x", HEADLINE)
    image = render_preview(builder.output, dots=PAPER_80MM.dots, fonts=FONTS, margin=0)

    def ink_width(top: int, bottom: int) -> int:
        box = image.crop((0, top, image.width, bottom)).point(lambda v: 255 if v < 128 else 0).getbbox()
        assert box is not None
        return box[2] - box[0]

    normal = ink_width(0, 30)
    double = ink_width(30, 30 + 54)
    assert 1.8 < double / normal < 2.2


def test_an_empty_job_gives_an_empty_sheet() -> None:
    image = render_preview(b"", dots=384, fonts=FONTS)
    assert image.width == 416
    assert image.getextrema()[0] >= 200  # nothing printed


def test_raster_images_are_drawn() -> None:
    builder = TicketBuilder(PAPER_58MM)
    builder.image(Image.new("1", (800, 40), 0))  # black bar, scaled down to the paper
    image = render_preview(builder.output, dots=PAPER_58MM.dots, fonts=FONTS, margin=0)
    assert image.getpixel((10, 5)) == 0
    assert image.width == 384


def test_code128_matches_python_barcode() -> None:
    barcode = pytest.importorskip("barcode")
    # python-barcode picks code set B for text like this, as the preview does
    assert code128_modules("Hello-World") == barcode.get("code128", "Hello-World").build()[0]
