"""The receipt as a picture: decoded ESC/POS → PNG, for the screen (issue 6 point 5).

The preview is drawn from the very bytes that go to the printer (through
:mod:`cashier.printing.escpos_decode`), so what the cashier sees is what prints. One pixel is
one printer dot: 576 dots wide on 80 mm paper, 384 on 58 mm, plus a grey margin. Font A is a
12 × 24 dot cell, Font B 9 × 17, scaled for double width and height; the fonts are passed in
(the app ships DejaVu Sans Mono, which has umlauts, ``ß`` and ``€``). Barcodes are drawn as
real CODE128 bars; QR codes as real, scannable symbols of their data at the module size and
error correction the printer was told (:func:`~cashier.printing.qr.qr_modules`; the printer
encodes the data itself, so its symbol may differ in mask or be a version smaller, never
wider); raster images as their bits; a cut as a dashed line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from cashier.printing.escpos_decode import (
    Barcode,
    Cut,
    Decoded,
    Line,
    QrCode,
    RasterImage,
    Span,
    decode,
)
from cashier.printing.escpos_items import QrLevel
from cashier.printing.qr import qr_modules

CELL: Final = {"a": (12, 24), "b": (9, 17)}
FONT_SIZE: Final = {"a": 20, "b": 15}
LINE_GAP: Final = 6
PAPER: Final = 255
INK: Final = 0
MARGIN_SHADE: Final = 200

# CODE128 bar/space widths of symbol values 0…106 (106 = stop, 7 elements).
_CODE128_TABLE: Final = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 "
    "122132 122231 113222 123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 "
    "321221 312212 322112 322211 212123 212321 232121 111323 131123 131321 112313 132113 132311 "
    "211313 231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 231131 213113 "
    "213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 111422 "
    "121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 "
    "241112 134111 111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 "
    "412121 111143 111341 131141 114113 114311 411113 411311 113141 114131 311141 411131 211412 "
    "211214 211232 2331112"
)
_CODE128: Final = tuple(_CODE128_TABLE.split())
_START_B: Final = 104


def code128_modules(data: str) -> str:
    """The symbol of printable-ASCII ``data`` in code set B as modules (``"1"`` = bar)."""
    values = [_START_B] + [ord(ch) - 32 for ch in data]
    checksum = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    out = []
    for value in [*values, checksum, 106]:
        for index, width in enumerate(_CODE128[value]):
            out.append(("1" if index % 2 == 0 else "0") * int(width))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class PreviewFonts:
    regular: Path
    bold: Path


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _span_image(span: Span, fonts: PreviewFonts) -> Image.Image:
    style = span.style
    cell_w, cell_h = CELL[style.font]
    font = _font(fonts.bold if style.bold else fonts.regular, FONT_SIZE[style.font])
    image = Image.new("L", (max(1, len(span.text) * cell_w), cell_h), INK if style.invert else PAPER)
    draw = ImageDraw.Draw(image)
    ink = PAPER if style.invert else INK
    for column, char in enumerate(span.text):
        if char != " ":
            draw.text((column * cell_w, cell_h - 4), char, font=font, fill=ink, anchor="ls")
    if style.underline:
        draw.line((0, cell_h - 2, image.width, cell_h - 2), fill=ink, width=1)
    if style.width > 1 or style.height > 1:
        image = image.resize((image.width * style.width, cell_h * style.height), Image.Resampling.NEAREST)
    return image


def _line_height(line: Line) -> int:
    return CELL[line.font][1] * line.height + LINE_GAP


def _barcode_height(barcode: Barcode) -> int:
    return barcode.height + (CELL["a"][1] + LINE_GAP if barcode.text_below else 0) + LINE_GAP


@lru_cache(maxsize=32)
def _qr_symbol(payload: bytes, level: QrLevel) -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(row) for row in qr_modules(payload, level))


def _qr_rows(qr: QrCode) -> tuple[tuple[bool, ...], ...]:
    """The symbol's modules; data too long for any QR code shows as an empty square rather
    than breaking the preview."""
    try:
        return _qr_symbol(qr.payload, qr.level)
    except ValueError:
        return ((False,) * 21,) * 21


def _qr_height(qr: QrCode) -> int:
    return len(_qr_rows(qr)) * qr.module_size + 2 * LINE_GAP


def _height(items: Sequence[Decoded]) -> int:
    total = 0
    for item in items:
        if isinstance(item, Line):
            total += _line_height(item)
        elif isinstance(item, Barcode):
            total += _barcode_height(item)
        elif isinstance(item, QrCode):
            total += _qr_height(item)
        elif isinstance(item, RasterImage):
            total += item.height
        elif isinstance(item, Cut):
            total += 2 * LINE_GAP
    return total


def render_preview(
    data: bytes | Sequence[Decoded], *, dots: int, fonts: PreviewFonts, margin: int = 16
) -> Image.Image:
    """The job as a greyscale image ``dots + 2 × margin`` pixels wide."""
    items = decode(data) if isinstance(data, bytes | bytearray) else list(data)
    height = _height(items) + 2 * margin
    image = Image.new("L", (dots + 2 * margin, max(height, 2 * margin + 1)), MARGIN_SHADE)
    image.paste(PAPER, (margin, 0, margin + dots, image.height))
    draw = ImageDraw.Draw(image)
    y = margin
    for item in items:
        if isinstance(item, Line):
            _draw_line(image, item, fonts, left=margin, width=dots, top=y)
            y += _line_height(item)
        elif isinstance(item, Barcode):
            _draw_barcode(image, draw, item, fonts, left=margin, width=dots, top=y)
            y += _barcode_height(item)
        elif isinstance(item, QrCode):
            _draw_qr(draw, item, left=margin, width=dots, top=y + LINE_GAP)
            y += _qr_height(item)
        elif isinstance(item, RasterImage):
            picture = Image.frombytes("1", (item.width, item.height), item.bits, "raw", "1;I")
            x = margin + max(0, (dots - item.width) // 2)
            image.paste(picture.convert("L").crop((0, 0, min(item.width, dots), item.height)), (x, y))
            y += item.height
        elif isinstance(item, Cut):
            middle = y + LINE_GAP
            for x in range(0, image.width, 12):
                draw.line((x, middle, x + 6, middle), fill=INK)
            y += 2 * LINE_GAP
    return image


def _draw_line(
    image: Image.Image, line: Line, fonts: PreviewFonts, *, left: int, width: int, top: int
) -> None:
    pictures = [_span_image(span, fonts) for span in line.spans if span.text]
    used = sum(picture.width for picture in pictures)
    free = max(0, width - used)
    x = left + (free // 2 if line.align == "center" else free if line.align == "right" else 0)
    bottom = top + CELL[line.font][1] * line.height
    for picture in pictures:
        visible = picture.crop((0, 0, max(0, min(picture.width, left + width - x)), picture.height))
        if visible.width:
            image.paste(visible, (x, bottom - picture.height))
        x += picture.width


def _draw_barcode(
    image: Image.Image,
    draw: ImageDraw.ImageDraw,
    barcode: Barcode,
    fonts: PreviewFonts,
    *,
    left: int,
    width: int,
    top: int,
) -> None:
    printable = barcode.symbology == 73 and all(" " <= ch <= "~" for ch in barcode.data)
    modules = code128_modules(barcode.data) if printable else "10" * 40
    symbol_width = len(modules) * barcode.module_width
    x0 = left + max(0, (width - symbol_width) // 2)
    for index, module in enumerate(modules):
        if module == "1":
            x = x0 + index * barcode.module_width
            draw.rectangle((x, top, x + barcode.module_width - 1, top + barcode.height - 1), fill=INK)
    if barcode.text_below:
        font = _font(fonts.regular, FONT_SIZE["a"])
        text_top = top + barcode.height + LINE_GAP
        text_x = left + max(0, (width - len(barcode.data) * CELL["a"][0]) // 2)
        draw.text((text_x, text_top + CELL["a"][1] - 4), barcode.data, font=font, fill=INK, anchor="ls")


def _draw_qr(draw: ImageDraw.ImageDraw, qr: QrCode, *, left: int, width: int, top: int) -> None:
    rows = _qr_rows(qr)
    size = qr.module_size
    symbol = len(rows) * size
    free = max(0, width - symbol)
    x0 = left + (free // 2 if qr.align == "center" else free if qr.align == "right" else 0)
    for row_index, row in enumerate(rows):
        y = top + row_index * size
        for column, dark in enumerate(row):
            if dark:
                x = x0 + column * size
                draw.rectangle((x, y, x + size - 1, y + size - 1), fill=INK)


def save_preview(
    data: bytes | Sequence[Decoded], path: Path, *, dots: int, fonts: PreviewFonts, margin: int = 16
) -> Image.Image:
    image = render_preview(data, dots=dots, fonts=fonts, margin=margin)
    image.save(path, format="PNG")
    return image
