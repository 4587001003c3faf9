"""Where fiskaly SIGN DE v2 lives, and how long a call may take.

Base URLs (fiskaly's quick start): TEST ``https://kassensichv-middleware.fiskaly.com/api/v2``,
LIVE ``https://kassensichv.fiskaly.com/api/v2``; the API key decides which environment's data
a call sees. TLS is always verified (:func:`network_transport` has no switch to turn it off);
plain ``http`` is accepted only for loopback hosts and the embedded simulator's ``.invalid`` host.

Timeouts follow fiskaly's error-handling guide: 3–5 s per transaction call, 3–4 s for ``/auth``,
at least 30 s for creating a TSS (the set-up calls).
"""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import certifi
import httpx

TEST_BASE_URL: Final = "https://kassensichv-middleware.fiskaly.com/api/v2"
LIVE_BASE_URL: Final = "https://kassensichv.fiskaly.com/api/v2"


class CallKind(StrEnum):
    """The timeout class of a call."""

    AUTH = "auth"
    TRANSACTION = "transaction"  # PUT/GET tx, GET tss/client: the till waits for these
    SETUP = "setup"  # creating and initialising a TSS, registering a client


@dataclass(frozen=True, slots=True)
class FiskalyTimeouts:
    """Seconds: ``connect`` bounds making the connection, the others the whole exchange."""

    connect: float = 3.0
    auth: float = 4.0
    transaction: float = 5.0
    setup: float = 30.0

    def __post_init__(self) -> None:
        for name in ("connect", "auth", "transaction", "setup"):
            if not getattr(self, name) > 0:
                raise ValueError(f"the {name} timeout must be a positive number of seconds")

    def for_call(self, kind: CallKind) -> httpx.Timeout:
        limit = {CallKind.AUTH: self.auth, CallKind.TRANSACTION: self.transaction, CallKind.SETUP: self.setup}
        read = limit[kind]
        connect = min(self.connect, read)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


def check_base_url(base_url: str) -> str:
    """``base_url`` without a trailing ``/``; raises ValueError for anything but https, loopback
    http, or the embedded simulator's ``http://….invalid``."""
    url = httpx.URL(base_url)
    host = url.host
    if url.scheme == "https" and host:
        return base_url.rstrip("/")
    if url.scheme == "http" and host and (_is_loopback(host) or host.endswith(".invalid")):
        return base_url.rstrip("/")
    raise ValueError(
        f"fiskaly's base URL must be https:// (plain http only on this machine), not {base_url!r}"
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def network_transport() -> httpx.AsyncHTTPTransport:
    """The real network, certificates and host names verified against certifi's roots."""
    context = ssl.create_default_context(cafile=certifi.where())
    return httpx.AsyncHTTPTransport(verify=context, retries=0)
