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


# --- the QR code of a TSE receipt ------------------------------------------------------------
# No QR decoder is installed (zbar/pyzbar, OpenCV and zxing-cpp are not dependencies, and heavy):
# the preview's symbol is read back module by module and compared with the symbol the qrcode
# library makes of the same data at the same level, built here directly, not through the till.


def _expected_modules(payload: bytes, level: int) -> list[list[bool]]:
    import qrcode  # type: ignore[import-untyped]
    from qrcode import util

    code = qrcode.QRCode(error_correction=level, border=0, box_size=1)
    code.add_data(util.QRData(payload, mode=util.MODE_8BIT_BYTE))
    code.make(fit=True)
    return [[bool(module) for module in row] for row in code.get_matrix()]


def _dark(image: Image.Image, x: int, y: int) -> bool:
    value = image.getpixel((x, y))
    assert isinstance(value, int)
    return value < 128


@pytest.mark.parametrize("profile", [PAPER_80MM, PAPER_58MM], ids=lambda p: f"{p.columns}")
def test_the_preview_draws_the_tse_qr_code_module_for_module(profile: PrinterProfile) -> None:
    from qrcode.constants import ERROR_CORRECT_M

    from cashier.printing.escpos_decode import QrCode, decode

    receipt = receipts.signed_sale()
    assert receipt.fiscal is not None
    assert receipt.fiscal.signature is not None
    payload = receipt.fiscal.signature.qr_code_data.encode("utf-8")
    data = render_receipt(receipt, profile)
    [qr] = [item for item in decode(data) if isinstance(item, QrCode)]
    expected = _expected_modules(payload, ERROR_CORRECT_M)
    size = qr.module_size
    width = len(expected) * size
    image = render_preview(data, dots=profile.dots, fonts=FONTS, margin=0)

    # centred as the printer centres it; its top row starts with a finder pattern's 7 dark modules
    x0 = (profile.dots - width) // 2
    tops = [
        y
        for y in range(image.height - width)
        if all(_dark(image, x0 + i * size + size // 2, y) for i in range(7))
        and all(_dark(image, x0 + width - 1 - i * size - size // 2, y) for i in range(7))
        and not _dark(image, x0 - 1, y)
    ]
    assert tops, "no QR code where the printer prints it"
    top = tops[0]
    seen = [
        [
            _dark(image, x0 + column * size + size // 2, top + row * size + size // 2)
            for column in range(len(expected))
        ]
        for row in range(len(expected))
    ]
    assert seen == expected
    # a quiet zone of four modules around the symbol on the paper
    quiet = 4 * size
    box = image.crop((x0 - quiet, top - quiet, x0 + width + quiet, top + width + quiet))
    inner = image.crop((x0, top, x0 + width, top + width))
    assert sum(box.histogram()[:128]) == sum(inner.histogram()[:128])
