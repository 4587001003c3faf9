"""QR codes on receipts: how big they print, and the modules a printer draws for them.

The till prints QR codes natively (``GS ( k``, model 2): the printer encodes the data itself.
What the till decides is the error-correction level and the module size in dots, so that the
symbol plus its quiet zone fits the paper and still reads well after a thermal printer's smear:

* error correction **M** (15 %), or **L** (7 %) when M would need modules below the minimum;
* the biggest module from :data:`MIN_MODULE_DOTS` to :data:`MAX_MODULE_DOTS` dots (203 dpi:
  0.375 to 0.5 mm) for which the symbol and a quiet zone of :data:`QUIET_MODULES` modules on
  each side fit the printable width. Half a millimetre reads at a glance with a phone and
  survives a thermal printer's smear; bigger only costs paper, so 80 mm paper prints the same
  symbol as 58 mm.

The symbol's size is estimated in byte mode, which is never smaller than what a printer's own
(possibly mixed-mode) encoder produces: the printed symbol is at most as wide as planned.
A fiskaly ``qr_code_data`` of 12 fields (350 to 400 characters: the signature and the public
key alone are 88 each) is version 14 or 15 at level M: 73 or 77 modules, 4 dots each, 36.5 or
38.5 mm square on either paper.

:func:`qr_modules` gives the modules of such a symbol for the preview (:mod:`qrcode`, the
library python-escpos uses for QR images), so that the screen shows a real, scannable code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import qrcode  # type: ignore[import-untyped]
from qrcode import constants as qr_constants
from qrcode import exceptions as qr_exceptions
from qrcode import util as qr_util

from cashier.printing.escpos_items import QrLevel as Level

QUIET_MODULES: Final = 4
MIN_MODULE_DOTS: Final = 3
MAX_MODULE_DOTS: Final = 4
LEVELS_TRIED: Final[tuple[Level, ...]] = ("M", "L")

ESCPOS_LEVELS: Final[dict[Level, int]] = {"L": 0, "M": 1, "Q": 2, "H": 3}
"""python-escpos' ``QR_ECLEVEL_*`` numbers; ``GS ( k`` function 169 sends 48 plus this."""

_LIBRARY_LEVELS: Final[dict[Level, int]] = {
    "L": qr_constants.ERROR_CORRECT_L,
    "M": qr_constants.ERROR_CORRECT_M,
    "Q": qr_constants.ERROR_CORRECT_Q,
    "H": qr_constants.ERROR_CORRECT_H,
}


@dataclass(frozen=True, slots=True)
class QrFit:
    """How a symbol is printed: error correction, module size in dots, width in modules."""

    level: Level
    module_dots: int
    modules: int

    @property
    def dots(self) -> int:
        """The symbol's printed width in dots (quiet zone not included)."""
        return self.modules * self.module_dots


def _code(payload: bytes, level: Level) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=_LIBRARY_LEVELS[level], border=0, box_size=1)
    code.add_data(qr_util.QRData(payload, mode=qr_util.MODE_8BIT_BYTE))
    return code


def qr_width(payload: bytes, level: Level) -> int | None:
    """The width in modules of the byte-mode symbol of ``payload``; ``None`` if it is too long
    for any QR code at ``level``."""
    try:
        version = _code(payload, level).best_fit()
    except (qr_exceptions.DataOverflowError, ValueError):  # qrcode 8.2: ValueError past version 40
        return None
    return 17 + 4 * int(version)


def qr_fit(payload: bytes, dots: int) -> QrFit | None:
    """The print size of ``payload`` on paper ``dots`` wide (see the module docstring);
    ``None`` when no level and module size fit."""
    if not payload:
        return None
    for level in LEVELS_TRIED:
        modules = qr_width(payload, level)
        if modules is None:
            continue
        size = min(MAX_MODULE_DOTS, dots // (modules + 2 * QUIET_MODULES))
        if size >= MIN_MODULE_DOTS:
            return QrFit(level, size, modules)
    return None


def qr_modules(payload: bytes, level: Level) -> list[list[bool]]:
    """The symbol of ``payload`` (byte mode, quiet zone not included), row by row, ``True`` =
    dark. Raises ValueError when ``payload`` does not fit a QR code at ``level``."""
    try:
        code = _code(payload, level)
        code.make(fit=True)
    except (qr_exceptions.DataOverflowError, ValueError) as exc:
        raise ValueError(f"{len(payload)} bytes do not fit a QR code at level {level}") from exc
    return [[bool(module) for module in row] for row in code.get_matrix()]
