"""PyInstaller runtime hook: runs in the frozen app before ``cashier`` starts.

* python-escpos pickles its printer capability database into a *new* temporary folder on
  every start unless ``ESCPOS_CAPABILITIES_PICKLE_DIR`` names one (docs/style.md, "Toolchain facts"): point
  it at the till's cache folder (below ``CASHIER_HOME`` when that is set), before anything can
  import escpos. ``cashier.app.resources.prepare_escpos`` does the same in a checkout.
* qasync picks the first Qt binding it can import; only PySide6 is bundled, and ``QT_API``
  says so explicitly.
"""

import os

os.environ.setdefault("QT_API", "pyside6")


def _escpos_cache() -> None:
    try:
        from cashier.app.paths import resolve_paths  # noqa: PLC0415 - a hook imports late

        cache = resolve_paths().cache_dir
        cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:  # an unusable folder: `cashier self-check` says so
        return
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))


_escpos_cache()
