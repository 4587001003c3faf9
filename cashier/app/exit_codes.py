"""The exit codes of ``cashier run``: the window (:mod:`cashier.app.gui`) and the till it hosts
(:mod:`cashier.app.till_host`) both return them, so they live apart from either."""

from __future__ import annotations

EXIT_OK = 0
"""The window was closed (or ``--quit-after-start`` saw the till open)."""

EXIT_FAILED = 1
"""The till could not start, or there is no screen to show it on."""
