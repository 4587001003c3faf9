"""Settings of one simulator instance, and the clock and sleep it runs on.

Tests inject ``clock`` and ``sleep`` so that token expiry, the automatic device confirmation
and the terminal's delay never cost wall-clock time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

DEFAULT_PORT = 8470


@dataclass(frozen=True, slots=True)
class SimulatorConfig:
    confirm_after: float = 5.0
    """Seconds after registration at which a device's user code counts as confirmed (0 = first poll)."""
    terminal_delay: float = 2.0
    """Seconds a blocking terminal call (``start/cashless``, ``cancelTrx``, end of day) takes."""
    token_ttl: int = 1200
    """Lifetime of an access token in seconds (``expires_in``)."""
    device_code_ttl: int = 1200
    """How long a device registration may wait for confirmation."""
    poll_interval: int = 5
    """The ``interval`` a device is told to poll at."""
    verification_url: str = "https://www.secuoffice.com"
    clock: Callable[[], float] = field(default=time.time, compare=False)
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
