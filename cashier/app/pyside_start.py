"""PySide6 without its per-module source scan: imported by ``cashier run`` before anything else of Qt.

Once ``PySide6.QtCore`` is imported, shiboken replaces ``builtins.__import__`` and, after every
module imported from then on, reads that module's **source file** (``inspect.getsource``) to see
whether it opts in to ``from __feature__ import snake_case, true_property``
(``shibokensupport.feature._mod_uses_pyside``). Cashier never opts in, and no library it uses does;
the scan costs about 0.1 ms a module — about 30 ms of the ~250 modules before the till screen is
usable, and as much again behind it (measured: issue 19.3, README "Performance"). Without the scan
every later module is marked "does not select features", which is what the scan finds for any
module that never writes ``PySide6``: Qt's default feature set (none) stays in force everywhere.

A PySide6 without the private hook (another version) is left as it is: only slower to start.
"""

from __future__ import annotations

import logging
import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 — loads shiboken's import hook, which is what is switched here

log = logging.getLogger(__name__)


def skip_feature_scan() -> bool:
    """Stop shiboken reading the source of each module imported from now on; False if this
    PySide6 has no such scan to stop."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.debug("PySide6 has no per-module feature scan to skip")
        return False
    feature.__dict__["_mod_uses_pyside"] = _uses_no_feature  # a private hook: see the module's doc
    return True


def _uses_no_feature(module: ModuleType) -> bool:
    return False
