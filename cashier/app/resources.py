"""Files the app ships (``resources/`` in the checkout, bundled by the installers).

In a PyInstaller bundle they sit below ``sys._MEIPASS``; in a checkout (and an editable
install) beside the ``cashier`` package. The composition root hands the paths to the layers
that need them (the receipt preview gets its fonts this way); nothing below ``app`` looks
for files on its own.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING

from cashier.app.paths import AppPaths

if TYPE_CHECKING:  # PIL and the preview: not before the window's first paint (benchmarks/README.md)
    from cashier.printing.preview import PreviewFonts


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Cashier's resource {'/'.join(parts)} is missing (looked in {path})")
    return path


def point_offscreen_qt_at_fonts(environ: MutableMapping[str, str], platform_name: str) -> bool:
    """Let Qt's offscreen platform find the shipped fonts: set ``QT_QPA_FONTDIR`` to
    ``resources/fonts`` when the platform is ``offscreen`` and the variable is not set already.

    On Windows (and macOS) offscreen Qt reads fonts only from ``QT_QPA_FONTDIR`` (else from
    ``<Qt>/lib/fonts``, which the wheels lack): without it Qt finds no font at all and the
    self-check's ``qt`` check fails. On Linux fontconfig finds the system's fonts either way.
    Call before the QApplication exists; ``platform_name`` is the one it is given (``-platform``)
    or ``QT_QPA_PLATFORM``. True when it set the variable."""
    if platform_name.split(":", 1)[0].strip() != "offscreen" or environ.get("QT_QPA_FONTDIR"):
        return False
    environ["QT_QPA_FONTDIR"] = str(resources_dir() / "fonts")
    return True


def preview_fonts() -> PreviewFonts:
    """DejaVu Sans Mono (has umlauts, ß and €), shipped in ``resources/fonts``."""
    from cashier.printing.preview import PreviewFonts  # noqa: PLC0415 — see the import above

    return PreviewFonts(
        regular=resource_path("fonts", "DejaVuSansMono.ttf"),
        bold=resource_path("fonts", "DejaVuSansMono-Bold.ttf"),
    )


def prepare_escpos(paths: AppPaths) -> None:
    """Keep python-escpos' capability cache in our cache folder (it would make a new temporary
    folder on every start otherwise; docs/style.md, "Toolchain facts"). Call before printing is imported.

    python-escpos writes that cache in place and loads it at import without a check: a file
    cut short (the PC lost power while it was written) would stop every print for good. A
    cache that does not read back as plain data is deleted here, and python-escpos builds it
    anew from its own capabilities file."""
    from cashier.app.escpos_cache import drop_unreadable_capability_cache  # noqa: PLC0415 — after the paint

    paths.cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(paths.cache_dir))
    drop_unreadable_capability_cache(Path(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"]))
