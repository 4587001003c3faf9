"""Settings of one simulator instance, and the clock and sleep it runs on.

Tests inject ``clock`` and ``sleep`` so that token expiry, the automatic device confirmation
and the terminal's delay never cost wall-clock time.

``vendor_shapes`` is the realism switch of issue 14: off, the simulator answers in the tidy
shapes of our API notes (docs/secuconnect.md); on, it answers within what the vendor's SDK
allows and its docs show (:mod:`cashier.simulator.vendor_shapes` lists each shape and its source).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

DEFAULT_PORT = 8470
DEFAULT_VENDORS = ("cashier",)
"""The vendors a simulator with ``vendor_shapes`` knows when it is told none."""


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
    vendor_shapes: bool = False
    """Answer as awkwardly as the vendor may: numbers, nulls, PHP's ``[]``, pending debits, no ``me``."""
    vendors: tuple[str, ...] | None = None
    """Vendor names a device uuid ``/vendor/<vendor>/…`` may carry; ``None``: any vendor, or
    :data:`DEFAULT_VENDORS` with ``vendor_shapes``."""
    pending_debit_reads: int = 3
    """With ``vendor_shapes``: the read (``GET``) after its start at which a pending debit turns
    ``ok`` by itself; 0 = only ``POST /simulator/transactions/{id}/settle`` moves it on."""
    clock: Callable[[], float] = field(default=time.time, compare=False)
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)

    def __post_init__(self) -> None:
        if self.vendors is not None:
            for vendor in self.vendors:
                check_vendor(vendor)
        if self.pending_debit_reads < 0:
            raise ValueError("pending_debit_reads must be 0 or more")

    @property
    def known_vendors(self) -> tuple[str, ...] | None:
        """The vendors registration accepts (``None``: any)."""
        if self.vendors is not None:
            return self.vendors
        return DEFAULT_VENDORS if self.vendor_shapes else None


def check_vendor(name: str) -> str:
    """A vendor name as the uuid's second segment carries it; raises ValueError otherwise."""
    if not name or "/" in name or any(ch.isspace() for ch in name) or not name.isprintable():
        raise ValueError(f"a vendor name is one path segment without spaces, not {name!r}")
    return name


def parse_vendors(text: str) -> tuple[str, ...]:
    """``"mycompany,cashier"`` → the names (``--vendors``); raises ValueError for a bad one."""
    names = tuple(part.strip() for part in text.split(","))
    if not any(names):
        raise ValueError("give at least one vendor name")
    return tuple(check_vendor(name) for name in names)
