"""python-escpos' capability cache: a file that does not read back is deleted, never loaded.

python-escpos 3.1 keeps its printer capabilities as a pickle in ``ESCPOS_CAPABILITIES_PICKLE_DIR``
(:func:`cashier.app.resources.prepare_escpos` points it at the till's cache folder). It writes
that file in place and loads it at import without a check: a file cut short — the PC lost power
while it was written — made every later print fail with "Ran out of input", for good. Before
printing is imported, :func:`drop_unreadable_capability_cache` reads the file as plain data;
if that fails it is deleted, and python-escpos builds it anew from its own capabilities file.
"""

from __future__ import annotations

import logging
import pickle
import platform
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def capability_cache(folder: Path) -> Path:
    """The file python-escpos keeps its capabilities in (named after the Python version)."""
    return folder / f"{platform.python_version()}.capabilities.pickle"


class _PlainData(pickle.Unpickler):
    """Reads dicts, lists, texts and numbers only: the capability cache holds nothing else,
    and a cache that names any class or function is not one python-escpos wrote."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def drop_unreadable_capability_cache(folder: Path) -> bool:
    """Delete python-escpos' capability cache in ``folder`` if it cannot be read; whether it was."""
    cache = capability_cache(folder)
    try:
        with cache.open("rb") as file:
            data = _PlainData(file).load()
        if isinstance(data, dict) and "profiles" in data:
            return False
        problem = "it holds no printer profiles"
    except FileNotFoundError:
        return False
    except Exception as error:  # any way a cut or foreign pickle fails: EOFError, UnpicklingError, …
        problem = f"{type(error).__name__}: {error}"
    log.warning("python-escpos' capability cache %s is unreadable (%s); it is built anew", cache, problem)
    try:
        cache.unlink()
    except OSError as error:
        log.warning("the capability cache %s cannot be deleted: %s", cache, error)
    return True
