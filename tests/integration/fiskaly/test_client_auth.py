"""The client's token: ``POST /auth`` with key and secret, refreshed before expiry, renewed on 401."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from cashier.fiskaly import FiskalyClient, FiskalyCredentials, FiskalyRefused
from cashier.simulator.fiskaly import seed
from tests.helpers.fiskaly import CREDENTIALS, FiskalySim


class Recording(httpx.AsyncBaseTransport):
    """Passes requests on and notes ``(method, path, status, body keys)``."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.calls: list[tuple[str, str, int, tuple[str, ...]]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else {}
        response = await self.inner.handle_async_request(request)
        self.calls.append((request.method, request.url.path, response.status_code, tuple(sorted(body))))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def recorded_client(fsim: FiskalySim) -> tuple[FiskalyClient, Recording]:
    transport = Recording(fsim.transport())
    client = FiskalyClient(fsim.base_url, CREDENTIALS, transport=transport, clock=fsim.clock)
    fsim._closers.append(client)
    return client, transport


def auth_bodies(transport: Recording) -> list[tuple[str, ...]]:
    return [keys for method, path, _, keys in transport.calls if path.endswith("/auth")]


async def test_the_first_call_authenticates_once_and_the_token_is_kept(fsim: FiskalySim) -> None:
    client, transport = recorded_client(fsim)
    await client.get_tss(seed.TSS_ID)
    await client.get_tss(seed.TSS_ID)
    assert auth_bodies(transport) == [("api_key", "api_secret")]


async def test_a_wrong_secret_is_refused_with_401(fsim: FiskalySim) -> None:
    client = fsim.client(FiskalyCredentials(seed.API_KEY, "not-the-secret"))
    with pytest.raises(FiskalyRefused) as refused:
        await client.authenticate()
    assert refused.value.status == 401
    assert refused.value.code is None  # as fiskaly answers bad credentials
    assert "Invalid credentials" in str(refused.value)


async def test_the_token_is_refreshed_before_it_expires(fsim: FiskalySim) -> None:
    client, transport = recorded_client(fsim)
    await client.get_tss(seed.TSS_ID)
    fsim.clock.advance(86_400 - 30)  # inside the last minute of the access token's day
    await client.get_tss(seed.TSS_ID)
    assert auth_bodies(transport) == [("api_key", "api_secret"), ("refresh_token",)]
    assert all(status == 200 for _, _, status, _ in transport.calls)


async def test_after_the_refresh_token_expired_the_key_is_used_again(fsim: FiskalySim) -> None:
    client, transport = recorded_client(fsim)
    await client.get_tss(seed.TSS_ID)
    fsim.clock.advance(172_800)
    await client.get_tss(seed.TSS_ID)
    assert auth_bodies(transport) == [("api_key", "api_secret"), ("api_key", "api_secret")]


async def test_a_401_renews_the_token_once_and_repeats_the_call(fsim: FiskalySim) -> None:
    client, transport = recorded_client(fsim)
    await client.get_tss(seed.TSS_ID)
    revoked = await fsim.control().post("/simulator/tokens/revoke", json={})
    assert revoked.json()["revoked"] == 1
    tss = await client.get_tss(seed.TSS_ID)
    assert tss.state == "INITIALIZED"
    tss_path = f"/api/v2/tss/{seed.TSS_ID}"
    assert [(method, path, status) for method, path, status, _ in transport.calls[2:]] == [
        ("GET", tss_path, 401),
        ("POST", "/api/v2/auth", 200),
        ("GET", tss_path, 200),
    ]
    assert auth_bodies(transport)[-1] == ("refresh_token",)


async def test_a_refused_refresh_falls_back_to_the_key(fsim: FiskalySim) -> None:
    client, transport = recorded_client(fsim)
    await client.get_tss(seed.TSS_ID)
    await fsim.control().post("/simulator/tokens/revoke", json={"refresh": True})
    await client.get_tss(seed.TSS_ID)
    assert auth_bodies(transport) == [
        ("api_key", "api_secret"),
        ("refresh_token",),
        ("api_key", "api_secret"),
    ]


async def test_no_secret_token_or_pin_reaches_the_log(
    fsim: FiskalySim, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client, _ = recorded_client(fsim)
    await client.get_tss(seed.TSS_ID)
    await fsim.control().post("/simulator/tokens/revoke", json={})
    await client.admin_login(seed.TSS_ID, seed.ADMIN_PIN)
    with pytest.raises(FiskalyRefused):
        await client.admin_login(seed.TSS_ID, "999999")
    token = await client.tokens.access_token()
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "fiskaly GET" in text  # the calls are logged
    for secret in (seed.API_SECRET, token, seed.ADMIN_PIN, "999999"):
        assert secret not in text
    assert seed.API_SECRET not in repr(CREDENTIALS)
    assert seed.API_SECRET not in repr(client.tokens)
