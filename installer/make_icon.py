"""Draw Cashier's application icon with Pillow: ``python installer/make_icon.py``.

A loyalty card in front of a receipt on a teal tile. Drawn once at 1024 pixels and scaled
down, so every size is smooth. Writes ``resources/icons/cashier-<size>.png`` (16 … 256, the
hicolor sizes of the Debian package and the window icon) and ``resources/icons/cashier.ico``
(Windows: the bundle's executable, the installer, the shortcuts). The output is committed;
run this again only after changing the drawing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

CANVAS = 1024
SIZES = (16, 24, 32, 48, 64, 128, 256)
OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"

TEAL_TOP = (20, 184, 166)
TEAL_BOTTOM = (15, 118, 110)
PAPER = (255, 255, 255)
INK_LINE = (148, 163, 184)
CARD = (245, 158, 11)
CARD_DARK = (180, 83, 9)
CHIP = (254, 243, 199)
SHADOW = (0, 0, 0, 70)


def _tile() -> Image.Image:
    """The rounded teal square with a vertical gradient."""
    gradient = Image.new("RGBA", (1, CANVAS))
    for y in range(CANVAS):
        t = y / (CANVAS - 1)
        gradient.putpixel(
            (0, y), (*(round(a + (b - a) * t) for a, b in zip(TEAL_TOP, TEAL_BOTTOM, strict=True)), 255)
        )
    gradient = gradient.resize((CANVAS, CANVAS))
    mask = Image.new("L", (CANVAS, CANVAS), 0)
    ImageDraw.Draw(mask).rounded_rectangle((32, 32, CANVAS - 33, CANVAS - 33), radius=210, fill=255)
    tile = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    tile.paste(gradient, (0, 0), mask)
    return tile


def _receipt(draw: ImageDraw.ImageDraw) -> None:
    left, top, right, bottom = 400, 150, 800, 700
    teeth = 8
    step = (right - left) / teeth
    edge: list[tuple[float, float]] = [(right, bottom)]
    for index in range(teeth, 0, -1):
        edge.append((left + (index - 0.5) * step, bottom - 40))
        edge.append((left + (index - 1) * step, bottom))
    draw.polygon([(left, top), (right, top), *edge], fill=PAPER)
    for row, width in enumerate((300, 220, 260, 180)):
        y = top + 90 + row * 80
        draw.rounded_rectangle((left + 50, y, left + 50 + width, y + 28), radius=14, fill=INK_LINE)


def _card(image: Image.Image) -> None:
    box = (170, 470, 720, 830)
    shadow = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rounded_rectangle(
        (box[0] + 18, box[1] + 26, box[2] + 18, box[3] + 26), radius=56, fill=SHADOW
    )
    image.alpha_composite(shadow)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(box, radius=56, fill=CARD)
    draw.rectangle((box[0], box[1] + 80, box[2], box[1] + 140), fill=CARD_DARK)
    draw.rounded_rectangle((box[0] + 60, box[1] + 190, box[0] + 190, box[1] + 290), radius=22, fill=CHIP)
    _star(draw, centre=(box[2] - 130, box[1] + 240), outer=82, inner=34)


def _star(draw: ImageDraw.ImageDraw, *, centre: tuple[int, int], outer: int, inner: int) -> None:
    import math  # noqa: PLC0415 - only the star needs it

    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)))
    draw.polygon(points, fill=PAPER)


def draw_icon() -> Image.Image:
    image = _tile()
    _receipt(ImageDraw.Draw(image))
    _card(image)
    return image


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw_icon()
    written = []
    for size in SIZES:
        path = OUT / f"cashier-{size}.png"
        icon.resize((size, size), Image.Resampling.LANCZOS).save(path, optimize=True)
        written.append(path)
    ico = OUT / "cashier.ico"
    icon.resize((256, 256), Image.Resampling.LANCZOS).save(ico, sizes=[(size, size) for size in SIZES])
    written.append(ico)
    sys.stdout.write("".join(f"{path}\n" for path in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
