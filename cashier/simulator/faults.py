"""Fault injection: make the simulator slow, broken or silent on purpose (DESIGN.md §2).

A fault matches ``"<METHOD> <path glob>"`` (case-insensitive, ``*`` matches across ``/``) and
applies ``times`` times (default 1; 0 = until removed):

* ``delay`` — wait ``delay_ms``, then answer normally;
* ``http_500`` — answer 500 ``ProductInternalException`` without touching any state;
* ``hang`` — never answer (until the client gives up and disconnects);
* ``drop_before_commit`` — close the connection without a response, no state changed;
* ``drop_after_commit`` — do the work (the change is committed), then close without a response.

A "dropped" connection: the middleware raises :class:`ConnectionDropped` after sending the
status line with a body that never comes. uvicorn then closes the socket (the client sees the
peer disconnect); in-process, :class:`~cashier.simulator.transport.EmbeddedTransport` turns it
into the ``httpx.RemoteProtocolError`` a client would see over TCP.
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cashier.simulator.errors import internal

log = logging.getLogger(__name__)


class FaultMode(StrEnum):
    DELAY = "delay"
    HTTP_500 = "http_500"
    HANG = "hang"
    DROP_BEFORE_COMMIT = "drop_before_commit"
    DROP_AFTER_COMMIT = "drop_after_commit"


class ConnectionDropped(Exception):
    """Raised to make the server close the connection without a complete response."""


@dataclass(slots=True)
class Fault:
    method: str
    path_glob: str
    mode: FaultMode
    delay_ms: int = 0
    times: int = 1  # 0 = unlimited

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Fault:
        """Read a ``POST /simulator/faults`` body; raises ValueError with a reason."""
        match = raw.get("match")
        if not isinstance(match, str) or len(match.split(maxsplit=1)) != 2:
            raise ValueError(
                "match must be '<METHOD> <path glob>', e.g. 'POST /api/v2/Smart/Transactions/*/start/*'"
            )
        method, glob = match.split(maxsplit=1)
        try:
            mode = FaultMode(str(raw.get("mode")))
        except ValueError:
            raise ValueError(f"mode must be one of {', '.join(m.value for m in FaultMode)}") from None
        delay_ms = raw.get("delay_ms", 0)
        times = raw.get("times", 1)
        for name, value in (("delay_ms", delay_ms), ("times", times)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer")
        return cls(method.upper(), glob, mode, delay_ms, times)

    def matches(self, method: str, path: str) -> bool:
        method_matches = self.method in ("*", method.upper())
        return method_matches and fnmatch.fnmatchcase(path.lower(), self.path_glob.lower())

    def describe(self) -> dict[str, Any]:
        return {
            "match": f"{self.method} {self.path_glob}",
            "mode": self.mode.value,
            "delay_ms": self.delay_ms,
            "times": self.times,
        }


class FaultTable:
    """The faults in force; shared by the controls (which edit it) and the middleware."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def listing(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.describe() for fault in self._faults]

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault matching this request, used up by one application."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    if fault.times == 1:
                        self._faults.remove(fault)
                    elif fault.times > 1:
                        fault.times -= 1
                    return fault
        return None


class FaultInjector:
    """ASGI middleware in front of the whole simulator (controls under /simulator/ are exempt)."""

    def __init__(self, app: ASGIApp, faults: FaultTable) -> None:
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
            # A slow server has the whole request before it is slow: read the body first, so
            # that the work is done even if the client gives up (or dies) meanwhile.
            replay = await _buffered(receive)
            await asyncio.sleep(fault.delay_ms / 1000)
            await self.app(scope, replay, send)
        elif fault.mode is FaultMode.HTTP_500:
            await internal("Injected fault: internal error").response()(scope, receive, send)
        elif fault.mode is FaultMode.HANG:
            await _wait_for_disconnect(receive)
        elif fault.mode is FaultMode.DROP_BEFORE_COMMIT:
            await _drop(send)
        else:
            await self.app(scope, receive, _discard)
            await _drop(send)


async def _buffered(receive: Receive) -> Receive:
    """Read the request body now; the returned ``receive`` hands it out again."""
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            break

    async def replay() -> Message:
        if messages:
            return messages.pop(0)
        return await receive()

    return replay


async def _discard(message: Message) -> None:
    return None


async def _drop(send: Send) -> None:
    # Promise a body, then vanish: over TCP the client sees the peer close mid-response.
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})
    raise ConnectionDropped("injected fault: connection dropped")


async def _wait_for_disconnect(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


class DropLogFilter(logging.Filter):
    """Keeps uvicorn from logging an injected drop as an application crash."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)
