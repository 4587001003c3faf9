"""The fiskaly simulator in tests: embedded (in-process) and served (uvicorn, mounted as
``cashier simulator serve`` mounts it, under ``/fiskaly``).

Time is a :class:`~tests.helpers.clock.FakeClock` shared by the simulator (token expiry, TSE
times) and the client (token renewal), so token tests never wait.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.types import Receive, Scope, Send

from cashier.fiskaly import FiskalyClient, FiskalyCredentials, FiskalyTimeouts
from cashier.simulator.fiskaly import seed
from cashier.simulator.fiskaly.app import FiskalySimulatorApp, create_fiskaly_app
from cashier.simulator.fiskaly.config import FiskalySimConfig
from cashier.simulator.fiskaly.transport import EMBEDDED_BASE_URL, FiskalyEmbeddedTransport
from cashier.simulator.serve import FISKALY_PREFIX, MountedApps, bound_url
from tests.helpers.clock import FakeClock
from tests.helpers.simulator import serve_in_thread

CREDENTIALS = FiskalyCredentials(seed.API_KEY, seed.API_SECRET)
QUICK = FiskalyTimeouts(connect=0.5, auth=0.5, transaction=0.5, setup=0.5)
"""Short timeouts for fault tests (a hang ends after half a second)."""


class Switch:
    """An ASGI app forwarding to whichever app the current test installed."""

    def __init__(self) -> None:
        self.current: Any = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.current is not None, "no fiskaly simulator installed for this test"
        await self.current(scope, receive, send)


@dataclass
class ServedFiskaly:
    """uvicorn in a daemon thread serving ``MountedApps(<nothing>, switch)``: the served mount."""

    switch: Switch
    server: uvicorn.Server
    thread: threading.Thread
    url: str

    @classmethod
    def start(cls) -> ServedFiskaly:
        switch = Switch()
        server, thread = serve_in_thread(MountedApps(Switch(), switch), "served-fiskaly")
        return cls(switch, server, thread, bound_url(server))

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class FiskalySim:
    """One test's fiskaly simulator, reached the same way in both modes."""

    mode: str
    app: FiskalySimulatorApp
    clock: FakeClock
    root: str  # where /api/v2 and /simulator live
    _closers: list[Any] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"{self.root}/api/v2"

    def transport(self) -> httpx.AsyncBaseTransport:
        return FiskalyEmbeddedTransport(self.app) if self.mode == "embedded" else httpx.AsyncHTTPTransport()

    def client(self, credentials: FiskalyCredentials = CREDENTIALS, **kwargs: Any) -> FiskalyClient:
        client = FiskalyClient(
            self.base_url,
            credentials,
            transport=self.transport(),
            clock=kwargs.pop("clock", self.clock),
            **kwargs,
        )
        self._closers.append(client)
        return client

    def control(self) -> httpx.AsyncClient:
        http = httpx.AsyncClient(base_url=self.root, transport=self.transport(), timeout=10)
        self._closers.append(http)
        return http

    async def fault(self, **rule: Any) -> None:
        response = await self.control().post("/simulator/faults", json=rule)
        assert response.status_code == 200, response.text

    async def inspect(self, tss_id: str = seed.TSS_ID) -> dict[str, Any]:
        response = await self.control().get(f"/simulator/tss/{tss_id}")
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def aclose(self) -> None:
        for closer in self._closers:
            await closer.aclose()


@asynccontextmanager
async def fiskaly_for(mode: str, served: ServedFiskaly | None, **config: Any) -> AsyncIterator[FiskalySim]:
    clock = FakeClock()
    app = create_fiskaly_app(config=FiskalySimConfig(clock=clock, **config))
    if mode == "served":
        assert served is not None
        served.switch.current = app
        sim = FiskalySim(mode, app, clock, f"{served.url}{FISKALY_PREFIX}")
    else:
        sim = FiskalySim(mode, app, clock, EMBEDDED_BASE_URL.removesuffix("/api/v2"))
    try:
        yield sim
    finally:
        await sim.aclose()
        if served is not None:
            served.switch.current = None
        app.ctx.store.close()


def served_fiskaly_session() -> Iterator[ServedFiskaly]:
    served = ServedFiskaly.start()
    try:
        yield served
    finally:
        served.stop()
