"""Hand-written fakes for testing cashier.api: a scripted transport, a keyring, a token provider.

:class:`ScriptedTransport` answers requests from a script (responses, or functions that raise
the httpx exception a real transport would) and records every request it saw; it is an
``httpx.MockTransport``, so the client under test runs its real httpx code path.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from cashier.api.environments import ClientSettings, Environment, RetryPolicy, Timeouts
from cashier.api.http import BaseClient

BASE_URL = "https://connect.example.test"

Step = httpx.Response | Callable[[httpx.Request], httpx.Response]


class ScriptedTransport(httpx.MockTransport):
    """Answers each request with the next step of the script; fails the test on a surplus request."""

    def __init__(self, *steps: Step) -> None:
        self.steps: list[Step] = list(steps)
        self.requests: list[httpx.Request] = []
        super().__init__(self._answer)

    def add(self, *steps: Step) -> None:
        self.steps.extend(steps)

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        await asyncio.sleep(0)  # let concurrent callers interleave, as on a real socket
        assert self.steps, f"unexpected request {request.method} {request.url}"
        step = self.steps.pop(0)
        return step if isinstance(step, httpx.Response) else step(request)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]


# --- scripted failures: what a real transport raises ------------------------------------------------
def connect_error(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


def connect_timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectTimeout("timed out", request=request)


def read_timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def dropped(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError(
        "Server disconnected without sending a complete response.", request=request
    )


def read_error(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)


def envelope(
    status: int,
    error: str,
    code: int | str,
    details: str,
    support_id: str = "5a1c9e3b7d2f48e6a0b4c8d2e6f1a3b5",
) -> httpx.Response:
    return httpx.Response(
        status,
        json={
            "status": "error",
            "error": error,
            "error_details": details,
            "error_user": f"Leider ist ein Fehler aufgetreten (Code {code})",
            "code": code,
            "supportId": support_id,
        },
    )


def token_error() -> httpx.Response:
    return envelope(403, "ProductNotAllowedException", 2003, "Valid auth token required")


def oauth_error(status: int, error: str, description: str = "") -> httpx.Response:
    return httpx.Response(status, json={"error": error, "error_description": description})


def token_answer(
    access_token: str, expires_in: int = 1200, refresh_token: str | None = None
) -> httpx.Response:
    body: dict[str, Any] = {
        "access_token": access_token,
        "expires_in": expires_in,
        "token_type": "bearer",
        "scope": None,
    }
    if refresh_token is not None:
        body["refresh_token"] = refresh_token
    return httpx.Response(200, json=body)


# --- the client under test -----------------------------------------------------------------------------
class RecordingSleep:
    """An injected ``sleep`` that records and returns at once."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)
        await asyncio.sleep(0)


class FakeTokens:
    """A token provider handing out ``t1``, ``t2``, … ; counts renewals."""

    def __init__(self) -> None:
        self.current = "t1"
        self.renewals: list[str] = []

    async def access_token(self) -> str:
        return self.current

    async def renew(self, rejected: str) -> str:
        self.renewals.append(rejected)
        self.current = f"t{len(self.renewals) + 1}"
        return self.current


def settings(attempts: int = 3, base_delay: float = 0.5, max_delay: float = 8.0) -> ClientSettings:
    return ClientSettings(
        environment=Environment.CUSTOM,
        base_url=BASE_URL,
        timeouts=Timeouts(),
        retry=RetryPolicy(attempts=attempts, base_delay=base_delay, max_delay=max_delay),
    )


def make_client(
    transport: httpx.AsyncBaseTransport,
    *,
    auth: Any = None,
    sleep: RecordingSleep | None = None,
    random_fraction: float = 0.0,
    client_settings: ClientSettings | None = None,
    judge_reachability: bool = False,
) -> BaseClient:
    """A client whose retries are the point: it never goes offline unless ``judge_reachability``."""
    return BaseClient(
        client_settings or settings(),
        transport=transport,
        auth=auth,
        sleep=sleep or RecordingSleep(),
        random_fraction=lambda: random_fraction,
        judge_reachability=judge_reachability,
    )


# --- keyring ----------------------------------------------------------------------------------------------
class MemoryKeyring(KeyringBackend):
    """An in-memory keyring backend (``keyring.set_keyring(MemoryKeyring())``)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class BrokenKeyring(MemoryKeyring):
    """A keyring that looks usable but fails every call (locked, no D-Bus session, …)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("the keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("the keyring is locked")
