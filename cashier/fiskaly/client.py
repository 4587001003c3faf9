"""The fiskaly SIGN DE v2 client: one httpx ``AsyncClient``, its token, its errors.

Every call goes through :meth:`FiskalyClient._call`, the only place where httpx exceptions and
error answers become :mod:`cashier.fiskaly.errors`:

* a connection that could not be made (``ConnectError``, ``ConnectTimeout``, ``PoolTimeout``,
  a request httpx refused locally) → :class:`FiskalyUnreachable`: nothing was sent;
* sent, and then a timeout, a dropped connection, a 5xx or a body we cannot read →
  :class:`FiskalyOutcomeUnknown` for a write (``PUT``/``PATCH``/``POST`` but ``/auth``), since
  fiskaly may have applied it; :class:`FiskalyUnreachable` for a read and for ``/auth``;
* 401 on an authenticated call → the token is renewed and the call sent once more (fiskaly
  refused it before doing anything); a second 401 is refused;
* any other answer of 400 or more below 500 → :class:`FiskalyRefused` with fiskaly's ``code``.

Nothing is retried otherwise: the till must not wait (the TSE adapter's caller reads a
transaction back when its outcome is unknown). The log gets method, path, status and time; never
a body, the API secret, a token, an admin PUK or PIN.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
import pydantic

from cashier.fiskaly.auth import FiskalyCredentials, TokenKeeper
from cashier.fiskaly.environments import CallKind, FiskalyTimeouts, check_base_url, network_transport
from cashier.fiskaly.errors import FiskalyError, FiskalyOutcomeUnknown, FiskalyRefused, FiskalyUnreachable
from cashier.fiskaly.wire import AuthAnswer, Empty, ErrorBody, Transaction, Tss, TssClient

log = logging.getLogger(__name__)

M = TypeVar("M", bound=pydantic.BaseModel)

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


class FiskalyClient:
    """``async with FiskalyClient(base_url, credentials) as client``; ``transport`` is injected
    (the embedded simulator's, a test's), else the verified network."""

    def __init__(
        self,
        base_url: str,
        credentials: FiskalyCredentials,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeouts: FiskalyTimeouts | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self.timeouts = timeouts or FiskalyTimeouts()
        self._clock = clock
        self._http = httpx.AsyncClient(
            transport=transport if transport is not None else network_transport(),
            base_url=self.base_url + "/",
            headers={"Accept": "application/json", "User-Agent": "cashier-fiskaly"},
            timeout=self.timeouts.for_call(CallKind.TRANSACTION),
            follow_redirects=False,
            trust_env=False,
        )
        self.tokens = TokenKeeper(credentials, self._auth, clock=clock)

    def __repr__(self) -> str:
        return f"FiskalyClient({self.base_url!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- authentication ---------------------------------------------------------------------
    async def authenticate(self) -> None:
        """Make sure a valid token is at hand (e.g. to check the credentials)."""
        await self.tokens.access_token()

    async def _auth(self, body: Mapping[str, str]) -> AuthAnswer:
        return await self._call(
            "POST", "auth", AuthAnswer, body=body, kind=CallKind.AUTH, authenticated=False
        )

    # --- TSS and its admin --------------------------------------------------------------------
    async def get_tss(self, tss_id: str) -> Tss:
        return await self._call("GET", f"tss/{tss_id}", Tss)

    async def create_tss(self, tss_id: str, metadata: Mapping[str, str] | None = None) -> Tss:
        """``PUT /tss/{id}``: state CREATED; the answer alone carries the ``admin_puk``."""
        body = {"metadata": dict(metadata)} if metadata else {}
        return await self._call("PUT", f"tss/{tss_id}", Tss, body=body, kind=CallKind.SETUP)

    async def set_tss_state(self, tss_id: str, state: str) -> Tss:
        return await self._call("PATCH", f"tss/{tss_id}", Tss, body={"state": state}, kind=CallKind.SETUP)

    async def set_admin_pin(self, tss_id: str, admin_puk: str, new_admin_pin: str) -> None:
        body = {"admin_puk": admin_puk, "new_admin_pin": new_admin_pin}
        await self._call("PATCH", f"tss/{tss_id}/admin", Empty, body=body, kind=CallKind.SETUP)

    async def admin_login(self, tss_id: str, admin_pin: str) -> None:
        body = {"admin_pin": admin_pin}
        await self._call("POST", f"tss/{tss_id}/admin/auth", Empty, body=body, kind=CallKind.SETUP)

    async def admin_logout(self, tss_id: str) -> None:
        await self._call("POST", f"tss/{tss_id}/admin/logout", Empty, body={}, kind=CallKind.SETUP)

    # --- clients --------------------------------------------------------------------------------
    async def get_client(self, tss_id: str, client_id: str) -> TssClient:
        return await self._call("GET", f"tss/{tss_id}/client/{client_id}", TssClient)

    async def register_client(self, tss_id: str, client_id: str, serial_number: str) -> TssClient:
        body = {"serial_number": serial_number}
        return await self._call(
            "PUT", f"tss/{tss_id}/client/{client_id}", TssClient, body=body, kind=CallKind.SETUP
        )

    # --- transactions ---------------------------------------------------------------------------
    async def put_transaction(
        self, tss_id: str, tx_id: str, revision: int, body: Mapping[str, Any]
    ) -> Transaction:
        """``PUT /tss/{tss}/tx/{tx}?tx_revision={revision}``."""
        path = f"tss/{tss_id}/tx/{tx_id}"
        return await self._call("PUT", path, Transaction, body=body, params={"tx_revision": revision})

    async def get_transaction(self, tss_id: str, tx_id: str, revision: int | None = None) -> Transaction:
        params = {"tx_revision": revision} if revision is not None else None
        return await self._call("GET", f"tss/{tss_id}/tx/{tx_id}", Transaction, params=params)

    # --- the one exchange -----------------------------------------------------------------------
    async def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        body: Mapping[str, Any] | None = None,
        params: Mapping[str, int | str] | None = None,
        kind: CallKind = CallKind.TRANSACTION,
        authenticated: bool = True,
    ) -> M:
        operation = f"{method} /{path}"
        write = method != "GET" and authenticated  # /auth changes nothing we track
        renewed = False
        while True:
            token = await self.tokens.access_token() if authenticated else None
            response = await self._send(
                method,
                path,
                body=body,
                params=params,
                token=token,
                kind=kind,
                write=write,
                operation=operation,
            )
            if response.status_code == 401 and token is not None and not renewed:
                renewed = True
                log.info("%s: fiskaly refused the access token; renewing it and sending once more", operation)
                await self.tokens.renew(token)
                continue
            return self._decode(response, model, write, operation)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None,
        params: Mapping[str, int | str] | None,
        token: str | None,
        kind: CallKind,
        write: bool,
        operation: str,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = self._http.build_request(
            method,
            path,
            content=json.dumps(body).encode() if body is not None else None,
            params=params,
            headers=headers,
            timeout=self.timeouts.for_call(kind),
        )
        started = self._clock()
        try:
            response = await self._http.send(request)
        except httpx.HTTPError as exc:
            raise self._transport_error(exc, write, operation) from exc
        log.info(
            "fiskaly %s -> %d in %.0f ms", operation, response.status_code, (self._clock() - started) * 1000
        )
        return response

    def _transport_error(self, exc: httpx.HTTPError, write: bool, operation: str) -> FiskalyError:
        host = httpx.URL(self.base_url).host
        if isinstance(exc, (*_NOT_SENT, httpx.LocalProtocolError)):
            message = f"fiskaly ({host}) cannot be reached: {_describe(exc)}"
            log.warning("%s: %s", operation, message)
            return FiskalyUnreachable(message, operation=operation)
        message = f"fiskaly ({host}) did not answer {operation}: {_describe(exc)}"
        log.warning("%s: %s", operation, message)
        if write:
            return FiskalyOutcomeUnknown(message, operation=operation)
        return FiskalyUnreachable(message, operation=operation)

    def _decode(self, response: httpx.Response, model: type[M], write: bool, operation: str) -> M:
        status = response.status_code
        payload = _json(response)
        if status >= 500:
            message = f"fiskaly failed {operation} (HTTP {status}{_code_words(payload)})"
            log.warning("%s", message)
            raise (FiskalyOutcomeUnknown if write else FiskalyUnreachable)(message, operation=operation)
        if status >= 300:
            error = _error_body(payload)
            words = error.message or error.error or response.reason_phrase or "refused"
            message = f"fiskaly refused {operation}: {words} (HTTP {status}{_code_words(payload)})"
            quiet = status == 404 or (error.code or "").endswith("_NOT_FOUND")  # often asked to find out
            log.log(logging.INFO if quiet else logging.WARNING, "%s", message)
            raise FiskalyRefused(
                message, status=status, code=error.code, error=error.error, operation=operation
            )
        if payload is None and response.content.strip():
            problem = "the answer is not JSON"
        else:
            try:
                return model.model_validate(payload if payload is not None else {})
            except pydantic.ValidationError as exc:
                problem = _summarise(exc)
        message = f"fiskaly's answer to {operation} cannot be read ({problem})"
        log.warning("%s", message)
        raise (FiskalyOutcomeUnknown if write else FiskalyUnreachable)(message, operation=operation)


def _json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content) if response.content.strip() else None
    except ValueError:
        return None


def _error_body(payload: Any) -> ErrorBody:
    if isinstance(payload, dict):
        try:
            return ErrorBody.model_validate(payload)
        except pydantic.ValidationError:
            pass
    return ErrorBody()


def _code_words(payload: Any) -> str:
    code = _error_body(payload).code
    return f", {code}" if code else ""


def _describe(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return type(exc).__name__


def _summarise(exc: pydantic.ValidationError) -> str:
    """Field paths and reasons, never the values (they may be secrets)."""
    problems = [
        f"{'.'.join(str(part) for part in item['loc']) or '(body)'}: {item['msg']}"
        for item in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
    return "; ".join(problems[:3])
