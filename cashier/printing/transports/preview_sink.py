"""``preview``: no hardware; the jobs are kept so the screen can show them as pictures.

The receipt appears on screen through :func:`cashier.printing.preview.render_preview` of
:attr:`PreviewSink.last`. A drawer kick on ``preview`` opens nothing (it is logged).
"""

from __future__ import annotations

import logging
import threading
from typing import Final

from cashier.printing.transports.base import ByteSink, Timeouts

log = logging.getLogger(__name__)

KEEP: Final = 20


class PreviewSink(ByteSink):
    def __init__(self, uri: str = "preview", timeouts: Timeouts | None = None, *, keep: int = KEEP) -> None:
        super().__init__(uri, timeouts or Timeouts())
        self._jobs: list[bytes] = []
        self._keep = keep
        self._lock = threading.Lock()

    def write(self, data: bytes) -> None:
        with self._lock:
            self._jobs.append(bytes(data))
            del self._jobs[: -self._keep]
        log.info("preview printer received a job of %d bytes", len(data))

    @property
    def jobs(self) -> list[bytes]:
        """The most recent jobs, oldest first (at most ``keep``)."""
        with self._lock:
            return list(self._jobs)

    @property
    def last(self) -> bytes | None:
        with self._lock:
            return self._jobs[-1] if self._jobs else None
