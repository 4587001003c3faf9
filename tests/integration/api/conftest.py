"""The real client (cashier.api) against the simulator, embedded and served.

:func:`client_for` builds a :class:`BaseClient` the way the composition root will: the
simulator's ``EmbeddedTransport`` in-process, the verifying network transport over loopback.
A :class:`CountingTransport` around it records every request that reached the transport. After
every served-mode test the simulator's server must have no connection left open.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from keyring.backends import fail

from cashier.api.auth import DeviceAuthenticator
from cashier.api.environments import ClientSettings, Environment, RetryPolicy, Timeouts, network_transport
from cashier.api.http import BaseClient
from cashier.api.secret_store import ScopedSecrets, SecretName, SecretStore
from cashier.simulator import seed
from cashier.simulator.transport import EmbeddedTransport
from tests.helpers.api import RecordingSleep
from tests.helpers.simulator import DEVICE_UUID, ServedSimulator, SimulatorHandle


class CountingTransport(httpx.AsyncBaseTransport):
    """Records each request (method, path, JSON body) before passing it on."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.sent: list[tuple[str, str, dict[str, Any] | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.sent.append((request.method, request.url.path, body))
        return await self.inner.handle_async_request(request)

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


@pytest.fixture(autouse=True)
def no_connection_left_open(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a served-mode test, the simulator's server must see no open connection."""
    served: ServedSimulator | None = None
    if "sim_mode" in request.fixturenames and request.getfixturevalue("sim_mode") == "served":
        served = request.getfixturevalue("served_simulator")
    yield
    if served is None:
        return
    # The server notices a client's close at once; it would close an idle keep-alive connection
    # itself only after 5 s (uvicorn's default), so wait well below that.
    deadline = time.monotonic() + 2.0
    while served.server.server_state.connections and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not served.server.server_state.connections, "a connection to the simulator was left open"
