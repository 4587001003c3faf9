"""Running the simulator in tests: embedded (in-process) and served (uvicorn on loopback).

One scenario suite runs against both (docs/style.md habit 10). The served server is started once
per test session on a free port; each test plugs its own fresh :class:`SimulatorApp` into it
through :class:`SwitchableApp`, so tests never share state or configuration.

Time never passes by itself: the tests' one :class:`~tests.helpers.clock.FakeClock` is the
simulator's clock and its ``sleep`` (terminal delays) returns at once after advancing the clock.

``CASHIER_SIM_VENDOR_SHAPES=1`` turns the simulator's realism switch (``vendor_shapes``, issue 14)
on for every simulator these helpers make, unless a test says otherwise; unset or ``0``, off.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.types import Receive, Scope, Send

from cashier.simulator import seed
from cashier.simulator.app import SimulatorApp, create_app
from cashier.simulator.config import SimulatorConfig
from cashier.simulator.serve import bound_url, build_server
from cashier.simulator.store import SimulatorStore
from cashier.simulator.transport import BASE_URL, EmbeddedTransport
from tests.helpers.clock import FakeClock

DEVICE_UUID = "/vendor/cashier/till/test-0001"
VENDOR_SHAPES_VARIABLE = "CASHIER_SIM_VENDOR_SHAPES"


def vendor_shapes_default() -> bool:
    """Whether the test run asks for the simulator's vendor shapes (``CASHIER_SIM_VENDOR_SHAPES``)."""
    value = os.environ.get(VENDOR_SHAPES_VARIABLE, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"{VENDOR_SHAPES_VARIABLE} must be 1 or 0, not {value!r}")


class SwitchableApp:
    """An ASGI app that forwards to whichever simulator the current test installed."""

    def __init__(self) -> None:
        self.current: SimulatorApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.current is not None, "no simulator installed for this test"
        await self.current(scope, receive, send)


@dataclass
class ServedSimulator:
    """A uvicorn server in a daemon thread, shared by the session."""

    switch: SwitchableApp
    server: uvicorn.Server
    thread: threading.Thread
    url: str = ""

    @classmethod
    def start(cls) -> ServedSimulator:
        switch = SwitchableApp()
        server, thread = serve_in_thread(switch, "served-simulator")
        return cls(switch=switch, server=server, thread=thread, url=bound_url(server))

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve_in_thread(app: Any, name: str) -> tuple[uvicorn.Server, threading.Thread]:
    """uvicorn serving ``app`` on 127.0.0.1 (a free port) in a daemon thread, once it listens."""
    server = build_server(app, "127.0.0.1", 0)
    started = threading.Event()

    def run() -> None:
        async def main() -> None:
            task = asyncio.create_task(server.serve())
            while not server.started and not task.done():
                await asyncio.sleep(0.01)
            started.set()
            await task

        asyncio.run(main())

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    if not started.wait(timeout=30) or not server.started:
        raise RuntimeError(f"{name} did not start")
    return server, thread


@dataclass
class SimulatorHandle:
    """One test's simulator, reachable over plain httpx the same way in both modes."""

    mode: str
    app: SimulatorApp
    clock: FakeClock
    base_url: str
    _clients: list[httpx.AsyncClient] = field(default_factory=list)

    @property
    def store(self) -> SimulatorStore:
        return self.app.ctx.store

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        """A plain httpx client for this simulator (closed by the fixture)."""
        if self.mode == "embedded":
            transport: httpx.AsyncBaseTransport = EmbeddedTransport(self.app)
        else:
            transport = httpx.AsyncHTTPTransport()
        client = httpx.AsyncClient(
            base_url=self.base_url, transport=transport, timeout=kwargs.pop("timeout", 10.0), **kwargs
        )
        self._clients.append(client)
        return client

    async def device_token(self, client: httpx.AsyncClient, uuid: str = DEVICE_UUID) -> dict[str, Any]:
        """Register a device, confirm it and return the token response (with refresh_token)."""
        credentials = {"client_id": seed.CLIENT_ID, "client_secret": seed.CLIENT_SECRET}
        registered = await client.post(
            "/oauth/token", json={"grant_type": "device", "uuid": uuid, **credentials}
        )
        assert registered.status_code == 200, registered.text
        confirmed = await client.post(
            "/simulator/devices/confirm", json={"user_code": registered.json()["user_code"]}
        )
        assert confirmed.status_code == 200, confirmed.text
        token = await client.post(
            "/oauth/token",
            json={"grant_type": "device", "code": registered.json()["device_code"], **credentials},
        )
        assert token.status_code == 200, token.text
        return dict(token.json())

    async def api_client(self) -> httpx.AsyncClient:
        """A client that already carries a valid device access token."""
        client = self.client()
        token = await self.device_token(client)
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        return client

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()


def make_config(clock: FakeClock, **overrides: Any) -> SimulatorConfig:
    settings: dict[str, Any] = {
        "confirm_after": 5.0,
        "terminal_delay": 2.0,
        "token_ttl": 1200,
        "vendor_shapes": vendor_shapes_default(),
    }
    settings.update(overrides)
    return SimulatorConfig(clock=clock, sleep=clock.sleep, **settings)


@asynccontextmanager
async def simulator_for(
    mode: str, served: ServedSimulator | None, **config: Any
) -> AsyncIterator[SimulatorHandle]:
    clock = FakeClock()
    app = create_app(config=make_config(clock, **config))
    if mode == "served":
        assert served is not None
        served.switch.current = app
        handle = SimulatorHandle(mode, app, clock, served.url)
    else:
        handle = SimulatorHandle(mode, app, clock, BASE_URL)
    try:
        yield handle
    finally:
        await handle.aclose()
        if served is not None:
            served.switch.current = None
        await app.ctx.faults.cancel_pending()  # late work a test left held must not outlive it
        app.ctx.store.close()


def served_simulator_session() -> Iterator[ServedSimulator]:
    served = ServedSimulator.start()
    try:
        yield served
    finally:
        served.stop()
