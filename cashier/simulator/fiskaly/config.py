"""Settings of one fiskaly simulator, and its clock (tests inject one: token expiry, TSE times)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FiskalySimConfig:
    token_ttl: int = 86_400
    """Seconds an access token lives (fiskaly: about 24 h)."""
    refresh_ttl: int = 172_800
    """Seconds a refresh token lives (fiskaly: about 48 h)."""
    clock: Callable[[], float] = field(default=time.time, compare=False)
