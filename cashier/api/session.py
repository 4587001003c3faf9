"""Putting the client together: settings + transport + secrets → base client, authenticator, client.

The composition root (and the tests) call :func:`device_session` for a till (OAuth device
flow) or :func:`client_credentials_session` for back-office tools, and get an
:class:`ApiSession`: the :class:`~cashier.api.http.BaseClient`, its authenticator and the
:class:`~cashier.api.client.SecuconnectClient`, closed together by ``async with``.

Secrets are kept per environment and subject (``settings.secret_scope``): the device uuid for
a till, the client id for client credentials. The client secret must be in that scope before
the first token call (:meth:`ApiSession.store_client_secret`).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Generic, Self, TypeVar

import httpx

from cashier.api.auth import DEFAULT_REFRESH_MARGIN, ClientCredentialsAuthenticator, DeviceAuthenticator
from cashier.api.client import SecuconnectClient
from cashier.api.environments import ClientSettings
from cashier.api.http import BaseClient
from cashier.api.secret_store import ScopedSecrets, SecretName, SecretStore

A = TypeVar("A", DeviceAuthenticator, ClientCredentialsAuthenticator)

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class ApiSession(Generic[A]):
    """One environment's client, its authenticator and its secrets."""

    http: BaseClient
    auth: A
    client: SecuconnectClient
    secrets: ScopedSecrets

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop renewing the token in the background; close every connection (and the transport)."""
        await self.auth.close()
        await self.http.aclose()

    async def store_client_secret(self, client_secret: str) -> None:
        """Keep the client secret (keyring, or the 0600 file) for this environment and subject."""
        await asyncio.to_thread(self.secrets.set, SecretName.CLIENT_SECRET, client_secret)


def _base_client(
    settings: ClientSettings,
    transport: httpx.AsyncBaseTransport,
    sleep: Sleep,
    random_fraction: Callable[[], float],
) -> BaseClient:
    return BaseClient(settings, transport=transport, sleep=sleep, random_fraction=random_fraction)


def device_session(
    settings: ClientSettings,
    *,
    transport: httpx.AsyncBaseTransport,
    secret_store: SecretStore,
    client_id: str,
    device_uuid: str,
    clock: Callable[[], float] = time.time,
    sleep: Sleep = asyncio.sleep,
    random_fraction: Callable[[], float] = random.random,
    refresh_margin: float = DEFAULT_REFRESH_MARGIN,
) -> ApiSession[DeviceAuthenticator]:
    """A till's session: device flow for ``device_uuid`` (``/vendor/<vendor>/<key>/<value>…``).

    ``clock`` (wall-clock seconds) times token expiry and the registration deadline; ``sleep``
    waits between retries and between registration polls. Nothing is sent yet: register with
    ``session.auth.register(device_uuid)`` when ``await session.auth.is_registered()`` is False.
    """
    http = _base_client(settings, transport, sleep, random_fraction)
    secrets = secret_store.scoped(settings.secret_scope(device_uuid))
    auth = DeviceAuthenticator(
        http, client_id=client_id, secrets=secrets, clock=clock, sleep=sleep, refresh_margin=refresh_margin
    )
    http.auth = auth
    return ApiSession(http=http, auth=auth, client=SecuconnectClient(http), secrets=secrets)


def client_credentials_session(
    settings: ClientSettings,
    *,
    transport: httpx.AsyncBaseTransport,
    secret_store: SecretStore,
    client_id: str,
    clock: Callable[[], float] = time.time,
    sleep: Sleep = asyncio.sleep,
    random_fraction: Callable[[], float] = random.random,
    refresh_margin: float = DEFAULT_REFRESH_MARGIN,
) -> ApiSession[ClientCredentialsAuthenticator]:
    """A session with ``grant_type=client_credentials`` (no device, no refresh token)."""
    http = _base_client(settings, transport, sleep, random_fraction)
    secrets = secret_store.scoped(settings.secret_scope(client_id))
    auth = ClientCredentialsAuthenticator(
        http, client_id=client_id, secrets=secrets, clock=clock, refresh_margin=refresh_margin
    )
    http.auth = auth
    return ApiSession(http=http, auth=auth, client=SecuconnectClient(http), secrets=secrets)
