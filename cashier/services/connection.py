"""The till's connection to secuconnect as the services see it, and the probe that brings it back.

The client judges every exchange (:class:`cashier.api.reachability.Reachability`, docs/offline.md);
this is the services' view of it: online or offline since when, why, and how long. While offline
:meth:`Connection.wait_until_online` probes with a cheap read (the merchant, ``GET …/me``) after
growing pauses; the first answer takes the till online again, and whoever waits (the booking
worker, the GUI) goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cashier.api import errors as api
from cashier.api.client import SecuconnectClient
from cashier.api.reachability import Reachability

log = logging.getLogger(__name__)

PROBE_PAUSES: tuple[float, ...] = (2.0, 5.0, 10.0, 20.0, 30.0)
"""Seconds between probes while offline; the last one repeats."""


@dataclass(frozen=True, slots=True)
class ConnectionStatus:
    online: bool
    offline_since: datetime | None
    problem: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "online": self.online,
            "offline_since": None if self.offline_since is None else self.offline_since.isoformat(),
            "problem": self.problem,
        }


class Connection:
    """Online or offline, from the client's own requests; probes to come back."""

    def __init__(
        self,
        client: SecuconnectClient,
        *,
        now: Callable[[], datetime],
        pauses: Sequence[float] = PROBE_PAUSES,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        # A client without an HTTP layer (a unit test's stand-in) is always online.
        http = getattr(client, "http", None)
        self.reachability: Reachability = getattr(http, "reachability", None) or Reachability()
        self.reachability.now = now
        self._now = now
        self.pauses = tuple(pauses) or (1.0,)
        self._sleep = sleep

    @property
    def online(self) -> bool:
        return self.reachability.online

    @property
    def offline(self) -> bool:
        return self.reachability.offline

    def status(self) -> ConnectionStatus:
        return ConnectionStatus(self.online, self.offline_since, self.reachability.problem)

    @property
    def offline_since(self) -> datetime | None:
        """When the till went offline, in the services' (local) time."""
        since = self.reachability.since
        return None if since is None else since.astimezone(self._now().tzinfo)

    def offline_for(self) -> timedelta:
        """How long the till has been offline (zero while online)."""
        since = self.reachability.since
        if since is None:
            return timedelta(0)
        return max(timedelta(0), self._now() - since)

    def subscribe(self, listener: Callable[[bool], None]) -> Callable[[], None]:
        return self.reachability.subscribe(listener)

    async def probe(self) -> bool:
        """One cheap read; True when secuconnect answered (any answer below 500)."""
        try:
            await self.client.merchant()
        except api.ApiError as error:
            log.info("probe: %s", error.message)
        return self.online

    async def wait_until_online(self, *, probes: int | None = None) -> bool:
        """Probe after each pause until secuconnect answers (or ``probes`` probes failed)."""
        tried = 0
        while self.offline:
            if probes is not None and tried >= probes:
                return False
            await self._sleep(self.pauses[min(tried, len(self.pauses) - 1)])
            tried += 1
            await self.probe()
        return True
