"""The authenticators over a scripted token endpoint (cashier.api.auth).

The full device flow against the simulator is in tests/integration/api/test_auth_flow.py; here:
token lifetime, one refresh for concurrent callers, what a refused refresh means, polling rules.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from keyring.backends import fail

from cashier.api.auth import ClientCredentialsAuthenticator, DeviceAuthenticator
from cashier.api.errors import (
    ConnectionFailed,
    CredentialsMissing,
    DeviceCodeExpired,
    DeviceRegistrationRequired,
    InvalidClient,
    InvalidDevice,
    NotAuthorized,
    OAuthError,
    ServerError,
)
from cashier.api.http import BaseClient
from cashier.api.secret_store import ScopedSecrets, SecretName, SecretStore
from tests.helpers.api import (
    RecordingSleep,
    ScriptedTransport,
    connect_error,
    make_client,
    oauth_error,
    token_answer,
)
from tests.helpers.clock import FakeClock
from tests.helpers.contract import CONTRACT_DIR

CLIENT_ID = "cashier-demo"
UUID = "/vendor/cashier/till/0001"


@pytest.fixture
def secrets(tmp_path: Path) -> ScopedSecrets:
    scoped = SecretStore(tmp_path, backend=fail.Keyring()).scoped(f"https://connect.example.test {UUID}")
    scoped.set(SecretName.CLIENT_SECRET, "cashier-demo-secret")
    return scoped


@pytest.fixture
def transport() -> ScriptedTransport:
    return ScriptedTransport()


@pytest.fixture
async def http(transport: ScriptedTransport) -> AsyncIterator[BaseClient]:
    async with make_client(transport) as client:
        yield client


def device_auth(
    http: BaseClient, secrets: ScopedSecrets, clock: FakeClock, sleep: Any = None
) -> DeviceAuthenticator:
    authenticator = DeviceAuthenticator(
        http, client_id=CLIENT_ID, secrets=secrets, clock=clock, sleep=sleep or RecordingSleep()
    )
    http.auth = authenticator
    return authenticator


def registration_answer(expires_in: int = 1200, interval: int = 5) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "device_code": "5d1f0c7be2a94e36a8c0d4f19b27e6a3",
            "user_code": "q7m4xk2p",
            "verification_url": "https://www.secuoffice.com",
            "expires_in": expires_in,
            "interval": interval,
        },
    )


def grants(transport: ScriptedTransport) -> list[str]:
    return [body["grant_type"] for body in transport.bodies()]


async def test_register_keeps_the_device_code_secret_and_tells_the_caller_what_to_show(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    clock = FakeClock()
    transport.add(registration_answer())
    registration = await device_auth(http, secrets, clock).register(UUID)
    assert registration.user_code == "q7m4xk2p"
    assert registration.verification_url == "https://www.secuoffice.com"
    assert registration.expires_in == 1200
    assert registration.interval == 5
    assert registration.expires_at == datetime.fromtimestamp(clock.now + 1200, UTC)
    assert "5d1f0c7b" not in repr(registration)
    assert secrets.get(SecretName.DEVICE_CODE) == "5d1f0c7be2a94e36a8c0d4f19b27e6a3"
    assert transport.bodies() == [
        {"grant_type": "device", "client_id": CLIENT_ID, "client_secret": "cashier-demo-secret", "uuid": UUID}
    ]


async def test_polling_waits_the_interval_while_pending_and_starts_the_session(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    clock = FakeClock()
    sleep = RecordingSleep()
    authenticator = device_auth(http, secrets, clock, sleep)
    transport.add(
        registration_answer(interval=7),
        oauth_error(401, "authorization_pending", "User code not confirmed yet"),
        oauth_error(400, "slow_down"),
        oauth_error(401, "authorization_pending"),
        token_answer("access-1", refresh_token="refresh-1"),
    )
    await authenticator.register(UUID)
    await authenticator.wait_for_confirmation()
    assert sleep.slept == [7, 7, 12, 12]  # before every poll; slow_down adds five seconds
    assert secrets.get(SecretName.REFRESH_TOKEN) == "refresh-1"
    assert await authenticator.access_token() == "access-1"  # no further token call
    assert [body.get("code") for body in transport.bodies()[1:]] == ["5d1f0c7be2a94e36a8c0d4f19b27e6a3"] * 4
    assert authenticator.registration is None
    assert await authenticator.is_registered()


async def test_the_first_poll_waits_the_interval_as_the_sdks_do(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    sent_before_each_sleep: list[int] = []

    async def sleep(seconds: float) -> None:
        sent_before_each_sleep.append(len(transport.requests))

    authenticator = device_auth(http, secrets, FakeClock(), sleep)
    transport.add(registration_answer(interval=5), token_answer("access-1", refresh_token="refresh-1"))
    await authenticator.register(UUID)
    await authenticator.wait_for_confirmation()
    assert sent_before_each_sleep == [1]  # only the registration went out before the first wait
    assert len(transport.requests) == 2


async def test_polling_gives_up_when_the_code_expires(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    clock = FakeClock()

    async def sleep(seconds: float) -> None:
        clock.now += seconds

    authenticator = device_auth(http, secrets, clock, sleep)
    transport.add(registration_answer(expires_in=20, interval=5))
    transport.add(*[oauth_error(401, "authorization_pending") for _ in range(3)])
    await authenticator.register(UUID)
    with pytest.raises(DeviceCodeExpired, match="register the till again") as caught:
        await authenticator.wait_for_confirmation()
    assert "not confirmed within 20 s" in caught.value.message
    assert len(transport.requests) == 1 + 3  # polls at 5, 10, 15 s; at 20 s it is over


async def test_the_servers_expired_token_ends_polling_too(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    authenticator = device_auth(http, secrets, FakeClock())
    transport.add(registration_answer(), oauth_error(400, "expired_token", "The device code has expired"))
    await authenticator.register(UUID)
    with pytest.raises(DeviceCodeExpired):
        await authenticator.wait_for_confirmation()


async def test_null_interval_and_token_type_are_read_as_the_defaults(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    """The SDKs' token classes have both nullable (AccessToken.java, OAuthDeviceCodeToken.java)."""
    sleep = RecordingSleep()
    authenticator = device_auth(http, secrets, FakeClock(), sleep)
    code = registration_answer()
    transport.add(
        httpx.Response(200, json={**json.loads(code.content), "interval": None}),
        httpx.Response(
            200,
            json={
                "access_token": "access-1",
                "expires_in": "1200",
                "token_type": None,
                "scope": ["https://scope.secucard.com/e/api"],
                "refresh_token": "refresh-1",
            },
        ),
    )
    registration = await authenticator.register(UUID)
    await authenticator.wait_for_confirmation()
    assert registration.interval == 5
    assert sleep.slept == [5]
    assert await authenticator.access_token() == "access-1"


async def test_a_registration_answered_with_a_token_starts_the_session_at_once(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    """The PHP SDK polls only when the answer has a ``user_code``; a token answer is the session."""
    sleep = RecordingSleep()
    authenticator = device_auth(http, secrets, FakeClock(), sleep)
    transport.add(token_answer("access-1", refresh_token="refresh-1"))
    registration = await authenticator.register(UUID)
    await authenticator.wait_for_confirmation(registration)
    assert registration.confirmed
    assert secrets.get(SecretName.REFRESH_TOKEN) == "refresh-1"
    assert secrets.get(SecretName.DEVICE_CODE) is None
    assert await authenticator.access_token() == "access-1"
    assert (len(transport.requests), sleep.slept) == (1, [])


async def test_waiting_without_a_registration_is_refused(http: BaseClient, secrets: ScopedSecrets) -> None:
    with pytest.raises(DeviceRegistrationRequired, match="register the till first"):
        await device_auth(http, secrets, FakeClock()).wait_for_confirmation()


async def test_an_unknown_device_is_said_so(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    transport.add(oauth_error(401, "invalid_device", "The device uuid is not configured for this vendor"))
    with pytest.raises(InvalidDevice):
        await device_auth(http, secrets, FakeClock()).register("/bogus")


async def test_the_access_token_is_renewed_a_margin_before_it_expires_without_a_caller_waiting(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    clock = FakeClock()
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    authenticator = device_auth(http, secrets, clock)
    transport.add(token_answer("access-1"), token_answer("access-2"))
    assert await authenticator.access_token() == "access-1"
    clock.now += 1200 - 61
    assert await authenticator.access_token() == "access-1"
    assert len(transport.requests) == 1
    clock.now += 2  # 59 s left: inside the default 60 s margin — renewed behind this call
    assert await authenticator.access_token() == "access-1"
    await authenticator.settled()
    assert await authenticator.access_token() == "access-2"
    assert grants(transport) == ["refresh_token", "refresh_token"]
    assert transport.bodies()[0] == {
        "grant_type": "refresh_token",
        "client_id": CLIENT_ID,
        "client_secret": "cashier-demo-secret",
        "refresh_token": "refresh-1",
    }
    assert secrets.get(SecretName.REFRESH_TOKEN) == "refresh-1"  # secuconnect keeps the refresh token


async def test_a_short_lived_token_is_renewed_half_way(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    clock = FakeClock()
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    authenticator = device_auth(http, secrets, clock)
    transport.add(token_answer("access-1", expires_in=30), token_answer("access-2", expires_in=30))
    assert await authenticator.access_token() == "access-1"
    clock.now += 14
    assert await authenticator.access_token() == "access-1"
    await authenticator.settled()
    assert len(transport.requests) == 1
    clock.now += 1
    assert await authenticator.access_token() == "access-1"
    await authenticator.settled()
    assert await authenticator.access_token() == "access-2"


async def test_a_failed_renewal_ahead_keeps_the_current_token_and_tries_again(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    authenticator = device_auth(http, secrets, clock)
    transport.add(token_answer("access-1"), connect_error, connect_error, connect_error)
    assert await authenticator.access_token() == "access-1"
    clock.now += 1200 - 30
    assert await authenticator.access_token() == "access-1"
    await authenticator.settled()  # three attempts (the client's retries), all refused
    assert "renewing the access token ahead of its expiry failed" in caplog.text
    assert await authenticator.access_token() == "access-1"  # still in use, not lost
    await authenticator.settled()  # … and not asked again at once
    assert len(transport.requests) == 4
    transport.add(connect_error, connect_error, connect_error)
    clock.now += 16  # a pause later, the next call tries again behind the caller's back
    assert await authenticator.access_token() == "access-1"
    await authenticator.settled()
    assert len(transport.requests) > 4  # (once when the client already counts itself offline)
    transport.steps.clear()
    transport.add(token_answer("access-2"))
    clock.now += 10  # 4 s left: too little to send it; the caller waits for a new one
    assert await authenticator.access_token() == "access-2"
    assert secrets.get(SecretName.REFRESH_TOKEN) == "refresh-1"


async def test_an_idle_till_renews_its_token_when_the_margin_begins(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    authenticator = DeviceAuthenticator(http, client_id=CLIENT_ID, secrets=secrets, sleep=RecordingSleep())
    http.auth = authenticator
    second = asyncio.Event()

    def renewed(request: httpx.Request) -> httpx.Response:
        second.set()
        return token_answer("access-2")

    transport.add(token_answer("access-1", expires_in=2), renewed)
    assert await authenticator.access_token() == "access-1"
    await asyncio.wait_for(second.wait(), timeout=30)  # nobody asked: the renewal came by itself
    await authenticator.settled()
    assert await authenticator.access_token() == "access-2"
    await authenticator.close()


async def test_concurrent_callers_cause_one_refresh(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    authenticator = device_auth(http, secrets, FakeClock())
    transport.add(token_answer("access-1"), token_answer("access-2"))
    tokens = await asyncio.gather(*(authenticator.access_token() for _ in range(5)))
    assert tokens == ["access-1"] * 5
    renewed = await asyncio.gather(*(authenticator.renew("access-1") for _ in range(5)))
    assert renewed == ["access-2"] * 5
    assert grants(transport) == ["refresh_token", "refresh_token"]


async def test_a_refused_refresh_token_means_registering_again(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    secrets.set(SecretName.DEVICE_CODE, "5d1f0c7b")
    authenticator = device_auth(http, secrets, FakeClock())
    transport.add(oauth_error(400, "invalid_grant", "The refresh token is not valid"))
    with pytest.raises(DeviceRegistrationRequired, match="register the till again") as caught:
        await authenticator.access_token()
    assert caught.value.__cause__ is not None
    assert secrets.get(SecretName.REFRESH_TOKEN) is None
    assert secrets.get(SecretName.DEVICE_CODE) is None
    assert secrets.get(SecretName.CLIENT_SECRET) == "cashier-demo-secret"
    assert not await authenticator.is_registered()
    assert len(transport.requests) == 1  # never registers by itself


async def test_an_unknown_device_on_refresh_ends_the_session_and_says_why(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    secrets.set(SecretName.DEVICE_CODE, "5d1f0c7b")
    authenticator = device_auth(http, secrets, FakeClock())
    transport.add(oauth_error(401, "invalid_device", "device with given uuid not configured"))
    with pytest.raises(InvalidDevice):
        await authenticator.access_token()
    assert (secrets.get(SecretName.REFRESH_TOKEN), secrets.get(SecretName.DEVICE_CODE)) == (None, None)
    assert len(transport.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("error", ["server_error", "temporarily_unavailable", "invalid_grant"])
async def test_a_failing_token_endpoint_keeps_the_session_and_is_retried(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets, status: int, error: str
) -> None:
    """A 5xx is a server error whatever its body — even ``invalid_grant``: nothing is forgotten."""
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    secrets.set(SecretName.DEVICE_CODE, "5d1f0c7b")
    authenticator = device_auth(http, secrets, FakeClock())
    transport.add(oauth_error(status, error, "try later"), token_answer("access-1"))
    assert await authenticator.access_token() == "access-1"
    transport.add(*[oauth_error(status, error, "try later") for _ in range(3)])
    with pytest.raises(ServerError) as caught:
        await authenticator.renew("access-1")
    assert caught.value.status == status
    assert grants(transport) == ["refresh_token"] * 5  # the base client's three attempts each time
    assert (secrets.get(SecretName.REFRESH_TOKEN), secrets.get(SecretName.DEVICE_CODE)) == (
        "refresh-1",
        "5d1f0c7b",
    )
    assert await authenticator.is_registered()


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, "invalid_request"),
        (400, "unsupported_grant_type"),
        (400, "temporarily_unavailable"),
        (400, "invalid_scope"),
        (429, "slow_down"),
        (400, "something_new"),
    ],
)
async def test_other_oauth_refusals_of_a_refresh_keep_the_session(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets, status: int, error: str
) -> None:
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    secrets.set(SecretName.DEVICE_CODE, "5d1f0c7b")
    authenticator = device_auth(http, secrets, FakeClock())
    transport.add(oauth_error(status, error), token_answer("access-1"))
    with pytest.raises(OAuthError) as caught:
        await authenticator.access_token()
    assert not isinstance(caught.value, DeviceRegistrationRequired)
    assert caught.value.error == error
    assert (secrets.get(SecretName.REFRESH_TOKEN), secrets.get(SecretName.DEVICE_CODE)) == (
        "refresh-1",
        "5d1f0c7b",
    )
    assert await authenticator.access_token() == "access-1"  # the next call simply tries again


async def test_a_bare_401_on_refresh_keeps_the_session(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    authenticator = device_auth(http, secrets, FakeClock())
    transport.add(httpx.Response(401, text="<html>Unauthorized</html>"))
    with pytest.raises(NotAuthorized):
        await authenticator.access_token()
    assert secrets.get(SecretName.REFRESH_TOKEN) == "refresh-1"


async def test_a_refused_client_secret_is_not_a_registration_problem(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    transport.add(oauth_error(400, "invalid_client", "Client credentials are not valid"))
    with pytest.raises(InvalidClient):
        await device_auth(http, secrets, FakeClock()).access_token()
    assert secrets.get(SecretName.REFRESH_TOKEN) == "refresh-1"


async def test_a_network_failure_on_refresh_is_retried_and_keeps_the_session(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    secrets.set(SecretName.REFRESH_TOKEN, "refresh-1")
    authenticator = device_auth(http, secrets, FakeClock())
    transport.add(connect_error, connect_error, token_answer("access-1"))
    assert await authenticator.access_token() == "access-1"
    transport.add(connect_error, connect_error, connect_error)
    with pytest.raises(ConnectionFailed):
        await authenticator.renew("access-1")
    assert secrets.get(SecretName.REFRESH_TOKEN) == "refresh-1"


async def test_without_a_session_the_till_must_register(http: BaseClient, secrets: ScopedSecrets) -> None:
    with pytest.raises(DeviceRegistrationRequired, match="not registered"):
        await device_auth(http, secrets, FakeClock()).access_token()


async def test_without_a_client_secret_nothing_is_sent(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    secrets.delete(SecretName.CLIENT_SECRET)
    with pytest.raises(CredentialsMissing, match="client credentials"):
        await device_auth(http, secrets, FakeClock()).register(UUID)
    assert transport.requests == []


async def test_client_credentials(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    clock = FakeClock()
    authenticator = ClientCredentialsAuthenticator(http, client_id=CLIENT_ID, secrets=secrets, clock=clock)
    transport.add(token_answer("access-1"), token_answer("access-2"))
    assert await authenticator.access_token() == "access-1"
    assert await authenticator.access_token() == "access-1"
    assert await authenticator.renew("access-1") == "access-2"
    assert transport.bodies()[0] == {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": "cashier-demo-secret",
    }


async def test_token_calls_use_only_the_keys_the_sdk_knows(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets
) -> None:
    clock = FakeClock()
    authenticator = device_auth(http, secrets, clock)
    transport.add(
        registration_answer(), token_answer("a", refresh_token="r"), token_answer("b"), token_answer("c")
    )
    await authenticator.register(UUID)
    await authenticator.wait_for_confirmation()
    await authenticator.renew("a")
    await ClientCredentialsAuthenticator(http, client_id=CLIENT_ID, secrets=secrets).access_token()
    known = [set(grant["request_keys"]) for grant in _oauth()["grant_types"]]
    for body in transport.bodies():
        assert any(set(body) == keys for keys in known), body
    assert all(request.headers["content-type"] == "application/json" for request in transport.requests)


def _oauth() -> dict[str, Any]:
    return dict(json.loads((CONTRACT_DIR / "secuconnect-models.json").read_text(encoding="utf-8"))["oauth"])


async def test_nothing_secret_is_logged(
    http: BaseClient, transport: ScriptedTransport, secrets: ScopedSecrets, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    authenticator = device_auth(http, secrets, FakeClock())
    transport.add(
        registration_answer(),
        oauth_error(401, "authorization_pending"),
        token_answer("access-xyz", refresh_token="refresh-xyz"),
    )
    await authenticator.register(UUID)
    await authenticator.wait_for_confirmation()
    for secret in (
        "5d1f0c7be2a94e36a8c0d4f19b27e6a3",
        "access-xyz",
        "refresh-xyz",
        "cashier-demo-secret",
        "q7m4xk2p",
    ):
        assert secret not in caplog.text
    assert "device registration confirmed after 2 polls" in caplog.text
