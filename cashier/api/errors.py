"""The one error tree of the secuconnect client, and the two functions that map onto it.

::

    ApiError
    ├── InvalidBaseUrl (also a ValueError)        settings refused (plain http to a remote host, …)
    ├── SecuconnectError                          the API's error envelope (docs/secuconnect.md §1.5)
    │   ├── InvalidRequest                        400 / 422
    │   ├── NotAuthorized                         401 / 403, code 2003 (token), ProductSecurityException;
    │   │                                         also a 401 without a readable body
    │   ├── NotFound                              404, ProductNotFoundException
    │   ├── Conflict                              409, ProductDuplicateException
    │   └── ServerError                           every 5xx, whatever its body (an envelope, an OAuth
    │                                             error, a proxy's page): retryable
    ├── OAuthError                                ``{"error", "error_description"}`` (§2.4), below 500
    │   ├── AuthorizationPending, SlowDown        the device flow's "not yet"
    │   ├── DeviceCodeExpired                     ``expired_token``
    │   ├── InvalidClient, InvalidDevice
    │   └── InvalidGrant                          unknown device code or rejected refresh token
    ├── TransportError                            no usable answer came back
    │   ├── ConnectionFailed ── CertificateRejected
    │   └── RequestTimeout
    ├── ResponseValidationError                   an answer we cannot read (not JSON, wrong shape)
    ├── AnswerLost                                a non-idempotent call may or may not have happened
    ├── DeviceRegistrationRequired                the till must be registered (again)
    └── CredentialsMissing                        no client secret stored for this environment

:func:`error_from_response` maps an HTTP answer and :func:`error_from_httpx` an httpx
exception; the base client is their only caller. Messages are short English, carry no tokens
and pass server text through :func:`~cashier.api.redaction.redact`.
"""

from __future__ import annotations

import ssl
from typing import Any, Final

import httpx

from cashier.api.redaction import redact

BODY_KEPT: Final = 2000
"""Characters of an unreadable body kept on :class:`ResponseValidationError` (redacted)."""

TOKEN_ERROR_CODE: Final = 2003


class ApiError(Exception):
    """Base of every error the client raises; ``message`` is short English, safe to log."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidBaseUrl(ApiError, ValueError):
    """The configured base URL is refused (not a URL, or plain http to a non-loopback host)."""


class CredentialsMissing(ApiError):
    """A client secret (or another credential) is needed but none is stored."""


class DeviceRegistrationRequired(ApiError):
    """The till has no usable device session: it must be registered again (explicitly)."""


# --- the secuconnect envelope ------------------------------------------------------------------
class SecuconnectError(ApiError):
    """An error answered in the envelope ``status, error, error_details, error_user, code, supportId``."""

    def __init__(
        self,
        *,
        status: int,
        error: str,
        code: int | str | None,
        error_details: str,
        error_user: str | None = None,
        support_id: str | None = None,
        raw_body: str | None = None,
    ) -> None:
        self.status = status
        self.error = error
        self.code = code
        self.error_details = error_details
        self.error_user = error_user
        self.support_id = support_id
        self.raw_body = raw_body
        """For answers without an envelope (a proxy's error page): the body, redacted and cut."""
        parts = [f"secuconnect answered HTTP {status}"]
        parts += [error] if error else []
        parts += [f"(code {code})"] if code is not None else []
        details = f": {redact(error_details)}" if error_details else ""
        reference = f" [supportId {support_id}]" if support_id else ""
        super().__init__(" ".join(parts) + details + reference)

    @property
    def is_token_error(self) -> bool:
        """The server refused the access token (code 2003, or any 401): renewing it may help."""
        return str(self.code) == str(TOKEN_ERROR_CODE) or self.status == 401


class InvalidRequest(SecuconnectError):
    """400/422: the request was refused; ``error_details`` usually names the field."""


class NotAuthorized(SecuconnectError):
    """401/403: not allowed, e.g. ``ProductNotAllowedException`` 2003 "Valid auth token required"."""


class NotFound(SecuconnectError):
    """404 / ``ProductNotFoundException``: no such object."""


class Conflict(SecuconnectError):
    """409 / ``ProductDuplicateException``."""


class ServerError(SecuconnectError):
    """5xx: the server (or a proxy in front of it) failed."""


# --- OAuth ----------------------------------------------------------------------------------------
class OAuthError(ApiError):
    """An error of ``POST /oauth/token``: ``{"error": …, "error_description": …}``."""

    summary = ""
    """What the error means for the till, in one sentence (subclasses)."""

    def __init__(self, *, status: int, error: str, error_description: str = "") -> None:
        self.status = status
        self.error = error
        self.error_description = error_description
        description = f": {redact(error_description)}" if error_description else ""
        wire = f"OAuth error {error} (HTTP {status}){description}"
        super().__init__(f"{self.summary} [{wire}]" if self.summary else wire)

    @property
    def is_token_error(self) -> bool:
        """``invalid_token``, or any 401: both SDKs authenticate again on a 401 to an API call."""
        return self.error == "invalid_token" or self.status == 401


class AuthorizationPending(OAuthError):
    summary = "The user code has not been confirmed yet."


class SlowDown(OAuthError):
    summary = "The till polled too fast; it waits five seconds longer between polls."


class DeviceCodeExpired(OAuthError):
    summary = "The user code was not confirmed in time; register the till again to get a new code."


class InvalidClient(OAuthError):
    summary = "The client id or client secret was refused; check the credentials in the settings."


class InvalidDevice(OAuthError):
    summary = "The device uuid is not configured for this vendor."


class InvalidGrant(OAuthError):
    summary = "The device code or the refresh token was refused."


_OAUTH_ERRORS: Final[dict[str, type[OAuthError]]] = {
    "authorization_pending": AuthorizationPending,
    "slow_down": SlowDown,
    "expired_token": DeviceCodeExpired,
    "invalid_client": InvalidClient,
    "invalid_device": InvalidDevice,
    "invalid_grant": InvalidGrant,
}


# --- transport, validation, unknown outcomes ---------------------------------------------------------
class TransportError(ApiError):
    """No usable answer. ``request_sent`` is False only when the request provably never left
    (no connection could be made), so that even a non-idempotent call may be tried again."""

    def __init__(self, message: str, *, request_sent: bool) -> None:
        super().__init__(message)
        self.request_sent = request_sent


class ConnectionFailed(TransportError):
    """No connection, or the connection was dropped before a complete answer."""


class CertificateRejected(ConnectionFailed):
    """The server's TLS certificate was not accepted (untrusted, expired or for another host)."""


class RequestTimeout(TransportError):
    """No answer within the timeout."""


class ResponseValidationError(ApiError):
    """An answer that is not JSON or does not match the expected model; ``body`` keeps it for the log."""

    def __init__(self, *, status: int, problem: str, body: str) -> None:
        self.status = status
        self.problem = problem
        self.body = redact(body[:BODY_KEPT]) + (" …" if len(body) > BODY_KEPT else "")
        super().__init__(f"Unreadable answer (HTTP {status}): {problem}")


class AnswerLost(ApiError):
    """A non-idempotent call was sent, but whether the server did it cannot be known.

    Never retried automatically: the caller reads the transaction to find out (docs/exactly-once.md).
    """

    def __init__(self, *, operation: str, smart_transaction_id: str | None, cause: ApiError) -> None:
        self.operation = operation
        self.smart_transaction_id = smart_transaction_id
        self.cause = cause
        subject = f" for {smart_transaction_id}" if smart_transaction_id else ""
        super().__init__(
            f"The outcome of {redact(operation)}{subject} is unknown ({cause.message}); "
            "read it back before trying again."
        )


# --- the mapping --------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _envelope_class(status: int, error: str, code: int | str | None) -> type[SecuconnectError]:
    if status >= 500:
        return ServerError
    if str(code) == str(TOKEN_ERROR_CODE) or error == "ProductSecurityException":
        return NotAuthorized
    if error == "ProductNotFoundException":
        return NotFound
    if error == "ProductDuplicateException":
        return Conflict
    by_status: dict[int, type[SecuconnectError]] = {
        400: InvalidRequest,
        401: NotAuthorized,
        403: NotAuthorized,
        404: NotFound,
        409: Conflict,
        422: InvalidRequest,
    }
    return by_status.get(status, SecuconnectError)


def is_error_payload(payload: Any) -> bool:
    """The secuconnect error envelope (``status == "error"``), whatever the HTTP status."""
    return isinstance(payload, dict) and payload.get("status") == "error"


def error_from_response(status: int, payload: Any, text: str) -> ApiError:
    """The error for an answer that is an error: non-2xx, or an envelope with ``status: error``.

    ``payload`` is the parsed JSON body (``None`` when the body is not JSON), ``text`` the raw body.
    A 5xx is a :class:`ServerError` whatever its body looks like — also an OAuth-shaped
    ``{"error": …}`` from the token endpoint: a server failure says nothing about the device's
    session, and is retried like any other. A 401 that is neither an envelope nor an OAuth error
    (no body, a proxy's page) is a :class:`NotAuthorized` token error, as both SDKs treat it.
    """
    if is_error_payload(payload):
        code = payload.get("code")
        code = code if isinstance(code, int | str) and not isinstance(code, bool) else None
        error = _text(payload.get("error"))
        return _envelope_class(status, error, code)(
            status=status,
            error=error,
            code=code,
            error_details=_text(payload.get("error_details")),
            error_user=_text(payload.get("error_user")) or None,
            support_id=_text(payload.get("supportId")) or None,
        )
    oauth = isinstance(payload, dict) and isinstance(payload.get("error"), str)
    if status >= 500:
        return ServerError(
            status=status,
            error=payload["error"] if oauth else "",
            code=None,
            error_details=(_text(payload.get("error_description")) if oauth else "")
            or "no secuconnect error body",
            raw_body=redact(text[:BODY_KEPT]),
        )
    if oauth:
        oauth_class = _OAUTH_ERRORS.get(payload["error"], OAuthError)
        return oauth_class(
            status=status, error=payload["error"], error_description=_text(payload.get("error_description"))
        )
    if status == 401:
        return NotAuthorized(
            status=status,
            error="",
            code=None,
            error_details="no secuconnect error body",
            raw_body=redact(text[:BODY_KEPT]),
        )
    problem = (
        "an error answer in no known format" if payload is not None else "an error answer that is not JSON"
    )
    return ResponseValidationError(status=status, problem=problem, body=text)


def _certificate_problem(exc: BaseException) -> str | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current.verify_message or "certificate verify failed"
        current = current.__cause__ or current.__context__
    return "certificate verify failed" if "CERTIFICATE_VERIFY_FAILED" in str(exc) else None


def error_from_httpx(exc: httpx.HTTPError, host: str) -> TransportError:
    """The typed error for an httpx exception raised while sending a request to ``host``.

    ``request_sent=False`` only where the request provably never left: no connection was made
    (``ConnectError``, ``ConnectTimeout``, ``PoolTimeout``) or httpx refused it locally
    (``UnsupportedProtocol``, ``LocalProtocolError``). A read or write failure, a read timeout
    or a dropped connection may come after the server received the request.
    """
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return RequestTimeout(f"Could not connect to {host} in time.", request_sent=False)
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeout(f"{host} did not answer in time.", request_sent=True)
    if isinstance(exc, httpx.ConnectError):
        problem = _certificate_problem(exc)
        if problem is not None:
            return CertificateRejected(
                f"Could not connect to {host}: its TLS certificate was not accepted ({problem}).",
                request_sent=False,
            )
        return ConnectionFailed(f"Could not connect to {host}.", request_sent=False)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
        return ConnectionFailed(f"The request to {host} could not be sent.", request_sent=False)
    if isinstance(exc, httpx.DecodingError):
        return ConnectionFailed(f"The answer from {host} could not be decoded.", request_sent=True)
    return ConnectionFailed(f"No complete answer from {host}: the connection was dropped.", request_sent=True)
