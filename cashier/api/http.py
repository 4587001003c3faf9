"""The base client: one httpx ``AsyncClient`` that owns transport, timeouts, retries and errors.

Every secuconnect call goes through :meth:`BaseClient.request`, which

1. asks the token provider for a bearer token (unless the call is a token call itself);
2. sends the request with the timeout of its class (``STANDARD`` or ``TERMINAL``) — httpx
   exceptions are caught here and nowhere else (:meth:`BaseClient._send`) and become
   :class:`~cashier.api.errors.TransportError`;
3. maps any error answer through :func:`~cashier.api.errors.error_from_response`, and validates
   a successful one into the caller's pydantic model (else ``ResponseValidationError``);
4. retries **idempotent** calls (GET, PUT, DELETE, and POSTs the caller marks ``idempotent=True``:
   token calls, reads) with jittered exponential backoff on a connection failure, a timeout and
   HTTP 500/502/503/504. Sleep and randomness are injected, so tests never wait;
5. never retries a **non-idempotent** call (``start/*``, ``prepare/*``, ``cancel*``, creations).
   Its outcome is known only from a readable success or a clear refusal (an error envelope
   with a 4xx status, an OAuth error); anything else after the request may have reached the
   server — a timeout, a dropped connection, a 5xx, an answer we cannot read — raises
   :class:`~cashier.api.errors.AnswerLost` with the smart transaction id, for the caller to
   resolve by reading. A failure that provably happened before sending (no connection:
   ``httpx.ConnectError``, ``ConnectTimeout``, ``PoolTimeout``) is raised as itself
   (``ConnectionFailed``, ``RequestTimeout``): nothing happened, and the caller may try again;
6. on a token error (any HTTP 401, with or without a body, as both SDKs do; or 403 with code
   2003) asks the provider to renew the token once and repeats the call once — **also** a
   non-idempotent one: the server refused it before doing anything, so sending it again cannot
   do it twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Final, Protocol, Self, TypeVar

import httpx
import pydantic

from cashier import __version__
from cashier.api.environments import CallTimeout, ClientSettings, Timeouts
from cashier.api.errors import (
    AnswerLost,
    ApiError,
    OAuthError,
    ResponseValidationError,
    SecuconnectError,
    ServerError,
    TransportError,
    error_from_httpx,
    error_from_response,
    is_error_payload,
)
from cashier.api.reachability import OFFLINE_TIMEOUTS, Reachability
from cashier.api.redaction import redact

log = logging.getLogger(__name__)

M = TypeVar("M", bound=pydantic.BaseModel)

USER_AGENT: Final = f"cashier/{__version__}"
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES: Final = frozenset({500, 502, 503, 504})


class TokenProvider(Protocol):
    """Where the client gets its bearer token (see :mod:`cashier.api.auth`)."""

    async def access_token(self) -> str:
        """A token valid for a while yet (renewed ahead of its expiry)."""
        ...

    async def renew(self, rejected: str) -> str:
        """A new token because the server refused ``rejected`` (once per refusal)."""
        ...


def is_token_error(error: ApiError) -> bool:
    return isinstance(error, SecuconnectError | OAuthError) and error.is_token_error


class BaseClient:
    """The secuconnect HTTP client; use as ``async with BaseClient(...) as client``.

    ``transport`` is injected: ``network_transport(settings)`` for a real host, the simulator's
    ``EmbeddedTransport`` in-process, an ``httpx.MockTransport`` in tests. ``auth`` may be set
    after construction (the authenticators send their token calls through this client).
    """

    def __init__(
        self,
        settings: ClientSettings,
        *,
        transport: httpx.AsyncBaseTransport,
        auth: TokenProvider | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random_fraction: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
        judge_reachability: bool = True,
    ) -> None:
        self.settings = settings
        self.auth = auth
        self.reachability = Reachability(judging=judge_reachability)
        """Online or offline, from this client's own exchanges (docs/offline.md)."""
        self._sleep = sleep
        self._random = random_fraction
        self._clock = clock
        self._host = httpx.URL(settings.base_url).host
        self._http = httpx.AsyncClient(
            transport=transport,
            base_url=settings.base_url,
            headers={
                "Accept": "application/json",
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
            },
            timeout=settings.timeouts.for_call(CallTimeout.STANDARD),
            follow_redirects=False,
            trust_env=False,
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close every connection (and the transport)."""
        await self._http.aclose()

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    async def request(
        self,
        method: str,
        path: str,
        *,
        model: type[M],
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, str | int] | None = None,
        idempotent: bool | None = None,
        operation: str | None = None,
        smart_transaction_id: str | None = None,
        timeout: CallTimeout = CallTimeout.STANDARD,
        authenticated: bool = True,
    ) -> M:
        """Send one call and return its answer as ``model``, or raise an :class:`ApiError`.

        ``idempotent`` defaults to the method's nature (GET, PUT, DELETE yes; POST no).
        ``operation`` and ``smart_transaction_id`` name a non-idempotent call in
        ``AnswerLost`` and in the log (``operation`` defaults to ``"METHOD path"``).
        """
        method = method.upper()
        retryable = idempotent if idempotent is not None else method in IDEMPOTENT_METHODS
        operation = operation or f"{method} {path}"
        # Offline, a call is tried once with short timeouts: the counter does not wait for backoff.
        attempts = self.settings.retry.attempts if retryable and self.reachability.online else 1
        failures = 0
        renewed = False
        while True:
            token = await self._token() if authenticated else None
            try:
                return await self._exchange(
                    method, path, model=model, body=json, params=params, token=token, timeout=timeout
                )
            except TransportError as error:
                if not retryable and error.request_sent:
                    raise self._unknown(operation, smart_transaction_id, error) from error
                failure: ApiError = error
            except ServerError as error:
                if not retryable:
                    raise self._unknown(operation, smart_transaction_id, error) from error
                if error.status not in RETRY_STATUSES:
                    raise
                failure = error
            except ResponseValidationError as error:
                if not retryable:
                    raise self._unknown(operation, smart_transaction_id, error) from error
                raise
            except (SecuconnectError, OAuthError) as error:
                if token is None or renewed or not is_token_error(error) or self.auth is None:
                    raise
                renewed = True
                log.info("%s: the access token was refused; renewing it and sending once more", operation)
                await self.auth.renew(token)
                continue
            failures += 1
            line_down = isinstance(failure, TransportError) and not failure.request_sent
            if failures >= attempts or (line_down and self.reachability.offline):
                raise failure  # the line is down: no backoff at the counter; the probe finds the way back
            delay = self.settings.retry.delay(failures, self._random())
            log.warning(
                "%s failed (%s); retry %d of %d in %.2f s",
                operation,
                failure.message,
                failures,
                attempts - 1,
                delay,
            )
            await self._sleep(delay)

    async def _token(self) -> str:
        if self.auth is None:
            raise RuntimeError("this client has no token provider; set BaseClient.auth")
        return await self.auth.access_token()

    def _unknown(self, operation: str, smart_transaction_id: str | None, cause: ApiError) -> AnswerLost:
        error = AnswerLost(operation=operation, smart_transaction_id=smart_transaction_id, cause=cause)
        log.error("%s", error.message)
        return error

    async def _exchange(
        self,
        method: str,
        path: str,
        *,
        model: type[M],
        body: Mapping[str, Any] | None,
        params: Mapping[str, str | int] | None,
        token: str | None,
        timeout: CallTimeout,
    ) -> M:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else None
        timeouts = self.settings.timeouts if self.reachability.online else _shorter(self.settings.timeouts)
        request = self._http.build_request(
            method,
            path,
            json=body,
            params=params,
            headers=headers,
            timeout=timeouts.for_call(timeout),
        )
        target = redact(request.url.raw_path.decode("ascii", "replace"))
        started = self._clock()
        try:
            response = await self._send(request, target)
        except TransportError as error:
            self.reachability.failed(error.message, connect=not error.request_sent)
            raise
        if response.status_code >= 500:
            self.reachability.failed(f"HTTP {response.status_code} from {method} {target}")
        else:
            self.reachability.answered()
        elapsed_ms = (self._clock() - started) * 1000
        log.info("%s %s -> %d in %.0f ms", method, target, response.status_code, elapsed_ms)
        return self._decode(response, model, f"{method} {target}")

    async def _send(self, request: httpx.Request, target: str) -> httpx.Response:
        """The one place where httpx exceptions are caught."""
        try:
            return await self._http.send(request)
        except httpx.HTTPError as exc:
            error = error_from_httpx(exc, self._host or "the server")
            log.warning("%s %s failed: %s (%s)", request.method, target, error.message, type(exc).__name__)
            raise error from exc

    def _decode(self, response: httpx.Response, model: type[M], call: str) -> M:
        text = response.text
        try:
            payload: Any = json.loads(text)
            parsed = True
        except ValueError:  # also an empty body
            payload, parsed = None, False
        error: ApiError | None = None
        if not response.is_success or is_error_payload(payload):
            error = error_from_response(response.status_code, payload, text)
        elif not parsed:
            error = ResponseValidationError(
                status=response.status_code, problem="the body is not JSON", body=text
            )
        else:
            try:
                return model.model_validate(payload)
            except pydantic.ValidationError as exc:
                problem = _summarise(exc, model)
            error = ResponseValidationError(status=response.status_code, problem=problem, body=text)
        _log_error(call, error)
        raise error


def _shorter(timeouts: Timeouts) -> Timeouts:
    """The offline timeouts, never longer than the configured ones."""
    return Timeouts(
        connect=min(timeouts.connect, OFFLINE_TIMEOUTS.connect),
        read=min(timeouts.read, OFFLINE_TIMEOUTS.read),
        terminal=min(timeouts.terminal, OFFLINE_TIMEOUTS.terminal),
    )


def _summarise(exc: pydantic.ValidationError, model: type[pydantic.BaseModel]) -> str:
    """Field paths and reasons, never the offending values (they may be secrets)."""
    problems = [
        f"{'.'.join(str(part) for part in item['loc']) or '(body)'}: {item['msg']}"
        for item in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
    shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
    return f"does not match {model.__name__} ({shown})"


def _log_error(call: str, error: ApiError) -> None:
    if isinstance(error, SecuconnectError):
        log.warning(
            "%s -> HTTP %d %s code=%s supportId=%s: %s",
            call,
            error.status,
            error.error or "(no envelope)",
            error.code,
            error.support_id or "-",
            redact(error.error_details),
        )
    elif isinstance(error, OAuthError):
        level = logging.DEBUG if error.error == "authorization_pending" else logging.WARNING
        log.log(level, "%s -> HTTP %d OAuth %s", call, error.status, error.error)
    elif isinstance(error, ResponseValidationError):
        log.warning("%s -> %s; body: %s", call, error.message, error.body)
    else:
        log.warning("%s -> %s", call, error.message)
