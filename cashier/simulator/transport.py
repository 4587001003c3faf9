"""The in-process way in: an httpx transport that behaves like a socket to the simulator.

``httpx.ASGITransport`` calls the app directly, which differs from the network in two ways
that matter to a till: it ignores timeouts, and an app that stops mid-response raises the app's
own exception. :class:`EmbeddedTransport` closes both gaps, so the client's error handling is
exercised the same way embedded and served: the request's read timeout becomes
``httpx.ReadTimeout``, an injected drop becomes ``httpx.RemoteProtocolError``.

At the read timeout the app's call is cancelled: that cancellation is how the app learns that
the client has gone (served, it gets ``http.disconnect``). ``late_commit`` and ``slow_commit``
faults rely on it and leave their work running in a task of its own; without a read timeout an
embedded client waits as long as the app does.
"""

from __future__ import annotations

import asyncio

import httpx
from starlette.types import ASGIApp

from cashier.simulator.faults import ConnectionDropped

BASE_URL = "http://simulator.invalid"
"""The base URL clients use for the embedded simulator (never resolved: no socket is opened)."""


class EmbeddedTransport(httpx.AsyncBaseTransport):
    def __init__(self, app: ASGIApp) -> None:
        self._inner = httpx.ASGITransport(app=app, raise_app_exceptions=True)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        read_timeout = timeouts.get("read")
        try:
            return await asyncio.wait_for(self._inner.handle_async_request(request), timeout=read_timeout)
        except TimeoutError:
            raise httpx.ReadTimeout("the simulator did not answer in time", request=request) from None
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a complete response.", request=request
            ) from None

    async def aclose(self) -> None:
        await self._inner.aclose()
