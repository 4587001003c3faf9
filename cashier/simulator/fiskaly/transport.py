"""The in-process way to the fiskaly simulator, and a ready client for it.

Like :class:`cashier.simulator.transport.EmbeddedTransport`: the request's read timeout becomes
``httpx.ReadTimeout``, an injected drop ``httpx.RemoteProtocolError``; and the ``down`` fault
becomes ``httpx.ConnectError`` — the request never left, as with a connection refused.
"""

from __future__ import annotations

import asyncio
from typing import Final

import httpx
from starlette.types import ASGIApp

from cashier.fiskaly import FiskalyClient, FiskalyCredentials, FiskalyTimeouts
from cashier.simulator.faults import ConnectionDropped
from cashier.simulator.fiskaly import seed
from cashier.simulator.fiskaly.faults import ServiceDown

EMBEDDED_BASE_URL: Final = "http://fiskaly.invalid/api/v2"
"""The base URL of the embedded fiskaly simulator (``.invalid`` never resolves: no socket)."""

SEED_CREDENTIALS: Final = FiskalyCredentials(seed.API_KEY, seed.API_SECRET)


class FiskalyEmbeddedTransport(httpx.AsyncBaseTransport):
    def __init__(self, app: ASGIApp) -> None:
        self._inner = httpx.ASGITransport(app=app, raise_app_exceptions=True)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        read_timeout = request.extensions.get("timeout", {}).get("read")
        try:
            return await asyncio.wait_for(self._inner.handle_async_request(request), timeout=read_timeout)
        except TimeoutError:
            raise httpx.ReadTimeout("the fiskaly simulator did not answer in time", request=request) from None
        except ServiceDown:
            raise httpx.ConnectError("[Errno 111] Connection refused (simulated)", request=request) from None
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a complete response.", request=request
            ) from None

    async def aclose(self) -> None:
        await self._inner.aclose()


def embedded_client(
    app: ASGIApp,
    credentials: FiskalyCredentials = SEED_CREDENTIALS,
    *,
    timeouts: FiskalyTimeouts | None = None,
) -> FiskalyClient:
    """A :class:`FiskalyClient` talking to ``app`` in-process, with the seed's API key."""
    return FiskalyClient(
        EMBEDDED_BASE_URL, credentials, transport=FiskalyEmbeddedTransport(app), timeouts=timeouts
    )
