"""One abstract byte sink; each transport is a small subclass (python-escpos' shape).

A sink delivers one whole job per :meth:`ByteSink.write` call and blocks while doing it: it
opens the connection, writes, confirms where the printer can confirm, and closes again, so
that no connection is held between receipts (a network printer serves one client at a time).
:func:`send` runs that on a worker thread with an overall deadline, so the event loop never
waits on a printer.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Final

from cashier.printing.errors import PrinterTimeout

log = logging.getLogger(__name__)

CONNECT_TIMEOUT: Final = 3.0
IO_TIMEOUT: Final = 10.0
_GRACE: Final = 1.0


@dataclass(frozen=True, slots=True)
class Timeouts:
    """``connect``: reaching the printer; ``io``: writing a job or waiting for an answer."""

    connect: float = CONNECT_TIMEOUT
    io: float = IO_TIMEOUT

    def __post_init__(self) -> None:
        if not (self.connect > 0 and self.io > 0):
            raise ValueError("timeouts must be positive")


class ByteSink(ABC):
    """Where the bytes of a job go. Subclasses raise only :class:`PrinterError` subclasses."""

    def __init__(self, uri: str, timeouts: Timeouts) -> None:
        self.uri = uri
        self.timeouts = timeouts

    @abstractmethod
    def write(self, data: bytes) -> None:
        """Deliver one whole job (blocking)."""

    @property
    def deadline(self) -> float:
        """The longest a :meth:`write` may take before :func:`send` gives up on it."""
        return self.timeouts.connect + 2 * self.timeouts.io + _GRACE

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.uri!r})"


async def send(sink: ByteSink, data: bytes, *, deadline: float | None = None) -> None:
    """Deliver ``data`` through ``sink`` on a worker thread, raising :class:`PrinterTimeout`
    when it takes longer than ``deadline`` (default: the sink's own)."""
    limit = sink.deadline if deadline is None else deadline
    try:
        await asyncio.wait_for(asyncio.to_thread(sink.write, data), limit)
    except TimeoutError as exc:
        # The worker thread ends on its own once the sink's I/O timeouts fire.
        log.warning("printer %s did not finish a job within %.1f s", sink.uri, limit)
        raise PrinterTimeout(
            f"The printer did not finish the job within {limit:.1f} s; the receipt may be incomplete.",
            uri=sink.uri,
        ) from exc
