"""Fault injection for the fiskaly simulator: make the TSE slow, broken, silent or gone.

A rule matches ``"<METHOD> <path glob>"`` on the simulator's own path (``/api/v2/…``, the same
embedded and served: the served mount strips ``/fiskaly``), case-insensitive, ``*`` across
``/``; it applies ``times`` times (default 1, 0 = until removed). Modes:

* ``delay`` — wait ``delay_ms``, then answer normally (a client that times out meanwhile:
  embedded, the work is cancelled with it; served, it still runs);
* ``http_500`` — answer 500 (or ``status``, 500–599) in fiskaly's error shape, nothing changed;
* ``hang`` — never answer, nothing changed (the client's read timeout ends it);
* ``drop_before_commit`` — close the connection without an answer, nothing changed;
* ``drop_after_commit`` — do the work (committed), then close without an answer;
* ``down`` — the service is gone. Embedded, the client's transport raises ``httpx.ConnectError``
  (the request never left); served, the connection is closed before the request is read (a real
  "connection refused" needs a port nothing listens on: see docs/fiskaly-simulator.md).

Rules are added with ``POST /simulator/faults`` ``{"match", "mode", "delay_ms"?, "times"?,
"status"?}``, listed with ``GET`` and removed with ``DELETE``.
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cashier.simulator.faults import ConnectionDropped, FaultRules
from cashier.simulator.fiskaly.errors import FiskalyApiError

log = logging.getLogger(__name__)


class FaultMode(StrEnum):
    DELAY = "delay"
    HTTP_500 = "http_500"
    HANG = "hang"
    DROP_BEFORE_COMMIT = "drop_before_commit"
    DROP_AFTER_COMMIT = "drop_after_commit"
    DOWN = "down"


class ServiceDown(ConnectionDropped):
    """Raised for ``down``: the embedded transport makes it ``httpx.ConnectError``."""


@dataclass(slots=True)
class Fault:
    method: str
    path_glob: str
    mode: FaultMode
    delay_ms: int = 0
    times: int = 1
    status: int = 500

    @classmethod
    def parse(cls, raw: Any) -> Fault:
        """A ``POST /simulator/faults`` body; ValueError with a reason."""
        if not isinstance(raw, dict):
            raise ValueError("the body must be an object")
        match = raw.get("match")
        if not isinstance(match, str) or len(match.split(maxsplit=1)) != 2:
            raise ValueError("match must be '<METHOD> <path glob>', e.g. 'PUT /api/v2/tss/*/tx/*'")
        method, glob = match.split(maxsplit=1)
        try:
            mode = FaultMode(str(raw.get("mode")))
        except ValueError:
            raise ValueError(f"mode must be one of {', '.join(m.value for m in FaultMode)}") from None
        values = {
            name: raw.get(name, default) for name, default in (("delay_ms", 0), ("times", 1), ("status", 500))
        }
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer")
        if not 500 <= values["status"] <= 599:
            raise ValueError("status must be an HTTP status from 500 to 599")
        return cls(method.upper(), glob, mode, values["delay_ms"], values["times"], values["status"])

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method.upper()) and fnmatch.fnmatchcase(
            path.lower(), self.path_glob.lower()
        )

    def describe(self) -> dict[str, Any]:
        return {
            "match": f"{self.method} {self.path_glob}",
            "mode": self.mode.value,
            "delay_ms": self.delay_ms,
            "times": self.times,
            "status": self.status,
        }


class FiskalyFaults(FaultRules[Fault]):
    """The rules in force (the secuconnect simulator's rule list, with this module's modes)."""


class FaultInjector:
    """ASGI middleware in front of the fiskaly simulator; ``/simulator/…`` is exempt."""

    def __init__(self, app: ASGIApp, faults: FiskalyFaults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/simulator/"):
            await self.app(scope, receive, send)
            return
        fault = self.faults.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        log.info("fault %s on %s %s", fault.mode.value, scope["method"], scope["path"])
        if fault.mode is FaultMode.DELAY:
            body = await _read_body(receive)
            if body is None:
                return
            await asyncio.sleep(fault.delay_ms / 1000)
            await self.app(scope, _replayed(body, then=receive), send)
        elif fault.mode is FaultMode.HTTP_500:
            error = FiskalyApiError(fault.status, "E_INTERNAL", "Injected fault: internal error")
            await error.response()(scope, receive, send)
        elif fault.mode is FaultMode.HANG:
            await _wait_for_disconnect(receive)
        elif fault.mode is FaultMode.DROP_BEFORE_COMMIT:
            await _drop(send)
        elif fault.mode is FaultMode.DROP_AFTER_COMMIT:
            await self.app(scope, receive, _discard)
            await _drop(send)
        else:
            await _drop(send, ServiceDown("injected fault: the service is down"))


async def _read_body(receive: Receive) -> list[Message] | None:
    messages: list[Message] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        messages.append(message)
        if not message.get("more_body", False):
            return messages


def _replayed(messages: list[Message], *, then: Receive) -> Receive:
    queue = list(messages)

    async def receive() -> Message:
        return queue.pop(0) if queue else await then()

    return receive


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _discard(message: Message) -> None:
    return None


async def _drop(send: Send, error: ConnectionDropped | None = None) -> None:
    # Promise a body, then vanish: over TCP the client sees the peer close mid-response.
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})
    raise error or ConnectionDropped("injected fault: connection dropped")
