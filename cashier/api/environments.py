"""Where the client talks to, and how patiently: environments, timeouts, retries.

Four environments (docs/architecture.md, "What the till does"): the embedded **simulator**
(in-process, no socket; the composition root passes its ``EmbeddedTransport``), **testing**
(``https://connect-testing.secuconnect.com``), **live** (``https://connect.secucard.com``) and
**custom** (any base URL, e.g. a served simulator on ``http://127.0.0.1:8470``).

TLS verification is never disabled: :func:`network_transport` is the only place that builds a
network transport, it always verifies certificates and host names, and it has no parameter to
turn that off. Plain ``http://`` is accepted only for loopback hosts (``127.0.0.0/8``, ``::1``,
``localhost``), where nothing leaves the machine; :class:`ClientSettings` refuses anything else.
"""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

import certifi
import httpx

from cashier.api.errors import InvalidBaseUrl

SIMULATOR_BASE_URL: Final = "http://simulator.invalid"
"""Base URL of the embedded simulator. ``.invalid`` never resolves (RFC 6761), so a request
that missed the embedded transport fails instead of reaching some host."""


class Environment(StrEnum):
    SIMULATOR = "simulator"
    TESTING = "testing"
    LIVE = "live"
    CUSTOM = "custom"


BASE_URLS: Final[dict[Environment, str]] = {
    Environment.SIMULATOR: SIMULATOR_BASE_URL,
    Environment.TESTING: "https://connect-testing.secuconnect.com",
    Environment.LIVE: "https://connect.secucard.com",
}


class CallTimeout(StrEnum):
    """The timeout class of a call: short for everything, long for blocking terminal calls."""

    STANDARD = "standard"
    TERMINAL = "terminal"
    """``start/cashless``, ``cancelTrx``, ``EndOfDay``, ``diagnosis``: they wait for the card terminal."""


STANDARD: Final = CallTimeout.STANDARD
TERMINAL: Final = CallTimeout.TERMINAL


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds. ``read`` also bounds writing a request; ``terminal`` replaces ``read`` for terminal calls."""

    connect: float = 3.0
    read: float = 15.0
    terminal: float = 180.0

    def __post_init__(self) -> None:
        for name in ("connect", "read", "terminal"):
            if not getattr(self, name) > 0:
                raise ValueError(f"the {name} timeout must be a positive number of seconds")

    def for_call(self, call: CallTimeout) -> httpx.Timeout:
        read = self.terminal if call is CallTimeout.TERMINAL else self.read
        return httpx.Timeout(connect=self.connect, read=read, write=read, pool=self.connect)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Jittered exponential backoff for idempotent calls.

    ``attempts`` counts every try (3 = the first one and two retries). The wait before retry
    ``n`` (1-based) is ``min(max_delay, base_delay * 2**(n-1))`` shortened by up to a quarter
    at random, so that tills that failed together do not come back together.
    """

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a retry policy needs at least one attempt")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("retry delays cannot be negative")

    def delay(self, retry: int, random_fraction: float) -> float:
        """Seconds to wait before retry number ``retry``; ``random_fraction`` is in [0, 1)."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (retry - 1))
        return ceiling * (1.0 - 0.25 * random_fraction)


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Everything the client needs to know about its environment; frozen and passed in."""

    environment: Environment
    base_url: str
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", _checked_base_url(self.environment, self.base_url))

    @classmethod
    def for_environment(
        cls,
        environment: Environment | str,
        base_url: str | None = None,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
    ) -> ClientSettings:
        """Settings for a named environment; ``custom`` needs ``base_url``, the others have theirs."""
        environment = Environment(environment)
        if environment is Environment.CUSTOM:
            if not base_url:
                raise InvalidBaseUrl("The custom environment needs a base URL.")
        elif base_url is not None and base_url.rstrip("/") != BASE_URLS[environment]:
            raise InvalidBaseUrl(f"The {environment.value} environment has a fixed base URL.")
        return cls(
            environment=environment,
            base_url=base_url or BASE_URLS[environment],
            timeouts=timeouts or Timeouts(),
            retry=retry or RetryPolicy(),
        )

    def secret_scope(self, subject: str) -> str:
        """The key under which secrets of ``subject`` (a device uuid, a client id) are kept here."""
        return f"{self.base_url} {subject}"


def is_loopback_host(host: str) -> bool:
    """``localhost``, ``127.0.0.0/8`` or ``::1``."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _checked_base_url(environment: Environment, base_url: str) -> str:
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL:
        raise InvalidBaseUrl("The base URL is not a valid URL.") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidBaseUrl("The base URL must start with https:// and name a host.")
    if url.userinfo:
        raise InvalidBaseUrl("The base URL must not contain a user name or password.")
    if url.query or url.fragment or url.path not in ("", "/"):
        raise InvalidBaseUrl("The base URL is scheme and host only (with an optional port).")
    text = str(url.copy_with(path="/")).rstrip("/")
    if environment is Environment.SIMULATOR:
        if text != SIMULATOR_BASE_URL:
            raise InvalidBaseUrl(f"The embedded simulator is reached as {SIMULATOR_BASE_URL}.")
        return text
    if url.scheme == "http" and not is_loopback_host(url.host):
        raise InvalidBaseUrl(
            f"Refusing plain http:// to {url.host}: only loopback hosts may be reached without TLS; use https://."
        )
    return text


KEEPALIVE_EXPIRY = 55.0
"""Seconds an idle connection is kept for the next request (httpx's default is 5 s: a cashier's
pause between scan and CSC would cost a new TCP and TLS handshake — two more round trips —
on the request after it). Below the 60 s idle timeout common at load balancers: the till lets
a connection go before the far end may close it under a request on its way."""
CONNECTION_LIMITS = httpx.Limits(
    max_connections=10, max_keepalive_connections=10, keepalive_expiry=KEEPALIVE_EXPIRY
)


def verified_ssl_context() -> ssl.SSLContext:
    """Certificates checked against certifi's roots plus the system store; host names checked."""
    context = ssl.create_default_context(cafile=certifi.where())
    context.load_default_certs()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def network_transport(settings: ClientSettings) -> httpx.AsyncHTTPTransport:
    """The real-network transport for ``settings``; certificates are always verified.

    The embedded simulator has no network transport: pass its ``EmbeddedTransport`` instead.
    Proxies and certificate files from the environment are not consulted (``trust_env=False``).
    """
    if settings.environment is Environment.SIMULATOR:
        raise InvalidBaseUrl("The embedded simulator has no network transport; pass its EmbeddedTransport.")
    # Re-checked here too: this is the one place where a connection's security is decided.
    _checked_base_url(settings.environment, settings.base_url)
    return httpx.AsyncHTTPTransport(
        verify=verified_ssl_context(), trust_env=False, retries=0, limits=CONNECTION_LIMITS
    )
