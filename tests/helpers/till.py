"""A till's API session against the simulator, embedded and served (shared by test folders).

:func:`client_for` builds a :class:`BaseClient` the way the composition root will: the
simulator's ``EmbeddedTransport`` in-process, the verifying network transport over loopback.
:func:`till_session` builds the whole :class:`~cashier.api.session.ApiSession` (base client,
device authenticator, ``SecuconnectClient``) through :func:`~cashier.api.session.device_session`
and registers the till. A :class:`CountingTransport` around the transport records every request
that reached it (method, path, query, JSON body, read timeout). After every served-mode test the
simulator's server must have no connection left open.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from keyring.backends import fail

from cashier.api.auth import DeviceAuthenticator
from cashier.api.client import SecuconnectClient
from cashier.api.environments import ClientSettings, Environment, RetryPolicy, Timeouts, network_transport
from cashier.api.http import BaseClient
from cashier.api.secret_store import ScopedSecrets, SecretName, SecretStore
from cashier.api.session import ApiSession, device_session
from cashier.simulator import seed
from cashier.simulator.transport import EmbeddedTransport
from tests.helpers.api import RecordingSleep
from tests.helpers.simulator import DEVICE_UUID, SimulatorHandle


@dataclass(frozen=True)
class SentRequest:
    """One request as it reached the transport."""

    method: str
    path: str
    query: str
    body: Any
    read_timeout: float | None
    authorization: str | None


class CountingTransport(httpx.AsyncBaseTransport):
    """Records each request before passing it on: ``sent`` (method, path, JSON body) and ``requests``."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.sent: list[tuple[str, str, dict[str, Any] | None]] = []
        self.requests: list[SentRequest] = []
        self.unplugged = False
        """True: every request fails to connect, as with the shop's line down (nothing is recorded)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.unplugged:
            raise httpx.ConnectError("[Errno 111] Connection refused (unplugged)", request=request)
        body = json.loads(request.content) if request.content else None
        self.sent.append((request.method, request.url.path, body))
        timeouts = request.extensions.get("timeout", {})
        self.requests.append(
            SentRequest(
                method=request.method,
                path=request.url.path,
                query=request.url.query.decode("ascii"),
                body=body,
                read_timeout=timeouts.get("read"),
                authorization=request.headers.get("Authorization"),
            )
        )
        return await self.inner.handle_async_request(request)

    def api_requests(self) -> list[SentRequest]:
        """The requests to ``/api/v2`` (no token calls)."""
        return [request for request in self.requests if request.path.startswith("/api/v2/")]

    async def aclose(self) -> None:
        await self.inner.aclose()

    def calls(self, method: str, path: str) -> int:
        return sum(1 for m, p, _ in self.sent if (m, p.lower()) == (method, path.lower()))

    def grants(self) -> list[str]:
        return [body["grant_type"] for m, p, body in self.sent if p == "/oauth/token" and body]


@dataclass
class Till:
    """A client, its transport, its secrets and its sleeps: what one test drives."""

    http: BaseClient
    transport: CountingTransport
    secrets: ScopedSecrets
    sleep: RecordingSleep = field(default_factory=RecordingSleep)


def client_for(
    sim: SimulatorHandle,
    tmp_path: Path,
    *,
    read_timeout: float = 15.0,
    attempts: int = 3,
) -> Till:
    timeouts = Timeouts(read=read_timeout)
    retry = RetryPolicy(attempts=attempts)
    if sim.mode == "embedded":
        settings = ClientSettings.for_environment(Environment.SIMULATOR, timeouts=timeouts, retry=retry)
        inner: httpx.AsyncBaseTransport = EmbeddedTransport(sim.app)
    else:
        settings = ClientSettings.for_environment(
            Environment.CUSTOM, sim.base_url, timeouts=timeouts, retry=retry
        )
        inner = network_transport(settings)
    transport = CountingTransport(inner)
    sleep = RecordingSleep()
    http = BaseClient(settings, transport=transport, sleep=sleep, random_fraction=lambda: 0.0)
    secrets = SecretStore(tmp_path / "data", backend=fail.Keyring()).scoped(
        settings.secret_scope(DEVICE_UUID)
    )
    secrets.set(SecretName.CLIENT_SECRET, seed.CLIENT_SECRET)
    return Till(http=http, transport=transport, secrets=secrets, sleep=sleep)


def device_authenticator(till: Till, sim: SimulatorHandle, **kwargs: Any) -> DeviceAuthenticator:
    options: dict[str, Any] = {"clock": sim.clock, "sleep": sim.clock.sleep}
    options.update(kwargs)
    authenticator = DeviceAuthenticator(till.http, client_id=seed.CLIENT_ID, secrets=till.secrets, **options)
    till.http.auth = authenticator
    return authenticator


async def registered(till: Till, sim: SimulatorHandle, **kwargs: Any) -> DeviceAuthenticator:
    """A till with a confirmed device session (confirmed by the merchant right away)."""
    authenticator = device_authenticator(till, sim, **kwargs)
    registration = await authenticator.register(DEVICE_UUID)
    async with sim.client() as control:
        confirmed = await control.post(
            "/simulator/devices/confirm", json={"user_code": registration.user_code}
        )
        assert confirmed.status_code == 200, confirmed.text
    await authenticator.wait_for_confirmation()
    return authenticator


@dataclass
class TillSession:
    """A registered till: its session (``.client`` is the SecuconnectClient), transport and sleeps."""

    session: ApiSession[DeviceAuthenticator]
    transport: CountingTransport
    sleep: RecordingSleep

    @property
    def client(self) -> SecuconnectClient:
        return self.session.client


@asynccontextmanager
async def till_session(
    sim: SimulatorHandle,
    tmp_path: Path,
    *,
    read_timeout: float = 15.0,
    terminal_timeout: float = 180.0,
    attempts: int = 3,
    wrap_transport: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
) -> AsyncIterator[TillSession]:
    """A till registered with the simulator through :func:`device_session`; closed on exit.

    ``wrap_transport`` wraps the simulator's transport (inside the counting one), as
    ``open_till(wrap_transport=…)`` does for the benchmarks."""
    timeouts = Timeouts(read=read_timeout, terminal=terminal_timeout)
    retry = RetryPolicy(attempts=attempts)
    if sim.mode == "embedded":
        settings = ClientSettings.for_environment(Environment.SIMULATOR, timeouts=timeouts, retry=retry)
        inner: httpx.AsyncBaseTransport = EmbeddedTransport(sim.app)
    else:
        settings = ClientSettings.for_environment(
            Environment.CUSTOM, sim.base_url, timeouts=timeouts, retry=retry
        )
        inner = network_transport(settings)
    if wrap_transport is not None:
        inner = wrap_transport(inner)
    transport = CountingTransport(inner)
    sleep = RecordingSleep()
    session = device_session(
        settings,
        transport=transport,
        secret_store=SecretStore(tmp_path / "data", backend=fail.Keyring()),
        client_id=seed.CLIENT_ID,
        device_uuid=DEVICE_UUID,
        clock=sim.clock,
        sleep=sleep,
        random_fraction=lambda: 0.0,
    )
    async with session:
        await session.store_client_secret(seed.CLIENT_SECRET)
        registration = await session.auth.register(DEVICE_UUID)
        async with sim.client() as control:
            confirmed = await control.post(
                "/simulator/devices/confirm", json={"user_code": registration.user_code}
            )
            assert confirmed.status_code == 200, confirmed.text
        await session.auth.wait_for_confirmation()
        sleep.slept.clear()  # the wait before the confirming poll is registration, not the test's
        yield TillSession(session=session, transport=transport, sleep=sleep)


async def faults_left(sim: SimulatorHandle) -> list[dict[str, Any]]:
    """The faults still waiting for their call (a fault never taken proves nothing)."""
    async with sim.client() as control:
        return list((await control.get("/simulator/faults")).json()["faults"])


async def add_fault(sim: SimulatorHandle, **fault: Any) -> None:
    """``POST /simulator/faults`` (``match``, ``mode``, optional ``times``, ``delay_ms``)."""
    async with sim.client() as control:
        response = await control.post("/simulator/faults", json=fault)
        assert response.status_code == 200, response.text
