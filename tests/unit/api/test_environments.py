"""Environments, base URLs, timeouts and the TLS rule (cashier.api.environments)."""

from __future__ import annotations

import dataclasses
import inspect
import ssl

import httpx
import pytest

from cashier.api.environments import (
    SIMULATOR_BASE_URL,
    TERMINAL,
    CallTimeout,
    ClientSettings,
    Environment,
    RetryPolicy,
    Timeouts,
    is_loopback_host,
    network_transport,
    verified_ssl_context,
)
from cashier.api.errors import ApiError, InvalidBaseUrl


def test_the_named_environments_have_their_documented_hosts() -> None:
    assert ClientSettings.for_environment("testing").base_url == "https://connect-testing.secuconnect.com"
    assert ClientSettings.for_environment("live").base_url == "https://connect.secucard.com"
    assert ClientSettings.for_environment(Environment.SIMULATOR).base_url == SIMULATOR_BASE_URL


def test_the_embedded_simulator_url_is_the_simulators_own() -> None:
    from cashier.simulator.transport import BASE_URL

    assert BASE_URL == SIMULATOR_BASE_URL


def test_defaults_are_short_timeouts_long_terminal_calls_and_three_attempts() -> None:
    settings = ClientSettings.for_environment("testing")
    assert settings.timeouts == Timeouts(connect=3.0, read=15.0, terminal=180.0)
    assert settings.retry == RetryPolicy(attempts=3, base_delay=0.5, max_delay=8.0)
    assert settings.timeouts.for_call(CallTimeout.STANDARD) == httpx.Timeout(
        connect=3.0, read=15.0, write=15.0, pool=3.0
    )
    assert settings.timeouts.for_call(TERMINAL) == httpx.Timeout(
        connect=3.0, read=180.0, write=180.0, pool=3.0
    )


def test_everything_is_configurable_and_frozen() -> None:
    settings = ClientSettings.for_environment(
        "custom",
        "https://till-proxy.example.com:8443/",
        timeouts=Timeouts(connect=1, read=2, terminal=300),
        retry=RetryPolicy(attempts=5, base_delay=0.1, max_delay=1),
    )
    assert settings.base_url == "https://till-proxy.example.com:8443"
    assert settings.timeouts.terminal == 300
    assert settings.retry.attempts == 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.base_url = "https://elsewhere.example.com"  # type: ignore[misc]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8470",
        "http://127.8.9.10",
        "http://localhost:8470",
        "http://LOCALHOST",
        "http://[::1]:8470",
        "https://connect-testing.secupay-ag.de",
        "https://192.168.1.20",
    ],
)
def test_https_anywhere_and_plain_http_on_loopback_are_accepted(url: str) -> None:
    assert ClientSettings.for_environment("custom", url).base_url == url.rstrip("/").lower()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://connect.secucard.com", "only loopback hosts may be reached without TLS"),
        ("http://192.168.1.20:8470", "only loopback hosts may be reached without TLS"),
        ("http://[fe80::1]", "only loopback hosts may be reached without TLS"),
        ("http://localhost.evil.example", "only loopback hosts may be reached without TLS"),
        ("http://127.0.0.1.nip.io", "only loopback hosts may be reached without TLS"),
        ("http://simulator.invalid", "only loopback hosts may be reached without TLS"),
        ("ftp://connect.secucard.com", "must start with https://"),
        ("connect.secucard.com", "must start with https://"),
        ("https://user:pw@connect.secucard.com", "must not contain a user name or password"),
        ("https://connect.secucard.com/api/v2", "scheme and host only"),
        ("https://connect.secucard.com?x=1", "scheme and host only"),
        ("", "needs a base URL"),
    ],
)
def test_unsafe_or_malformed_base_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(InvalidBaseUrl, match=reason.replace("?", r"\?")) as caught:
        ClientSettings.for_environment("custom", url)
    assert isinstance(caught.value, ApiError)
    assert isinstance(caught.value, ValueError)


def test_the_named_environments_cannot_be_pointed_elsewhere() -> None:
    with pytest.raises(InvalidBaseUrl, match="fixed base URL"):
        ClientSettings.for_environment("live", "https://connect-testing.secuconnect.com")
    with pytest.raises(InvalidBaseUrl, match="embedded simulator"):
        ClientSettings(environment=Environment.SIMULATOR, base_url="http://127.0.0.1:8470")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.255.0.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("localhost.", True),
        ("10.0.0.1", False),
        ("0.0.0.0", False),
        ("example.com", False),
        ("", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_the_ssl_context_verifies_certificates_and_host_names() -> None:
    context = verified_ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert context.cert_store_stats()["x509_ca"] > 0


async def test_the_network_transport_verifies_and_offers_no_way_out() -> None:
    transport = network_transport(ClientSettings.for_environment("testing"))
    async with transport:
        context = transport._pool._ssl_context  # the context the connections will use
        assert context is not None
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname is True
    assert list(inspect.signature(network_transport).parameters) == ["settings"]


def test_there_is_no_network_transport_for_the_embedded_simulator() -> None:
    with pytest.raises(InvalidBaseUrl, match="EmbeddedTransport"):
        network_transport(ClientSettings.for_environment("simulator"))


def test_secret_scopes_name_the_environment_and_the_device() -> None:
    testing = ClientSettings.for_environment("testing").secret_scope("/vendor/cashier/till/0001")
    live = ClientSettings.for_environment("live").secret_scope("/vendor/cashier/till/0001")
    assert testing == "https://connect-testing.secuconnect.com /vendor/cashier/till/0001"
    assert testing != live


@pytest.mark.parametrize("bad", [{"connect": 0}, {"read": -1}, {"terminal": 0}])
def test_timeouts_must_be_positive(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="positive"):
        Timeouts(**bad)


def test_a_retry_policy_needs_an_attempt() -> None:
    with pytest.raises(ValueError, match="at least one attempt"):
        RetryPolicy(attempts=0)
