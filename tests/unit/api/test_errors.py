"""The one mapping from HTTP answers and httpx exceptions to the error tree (cashier.api.errors)."""

from __future__ import annotations

import json
import ssl
from typing import Any

import httpx
import pytest

from cashier.api.errors import (
    BODY_KEPT,
    ApiError,
    AuthorizationPending,
    CertificateRejected,
    Conflict,
    ConnectionFailed,
    DeviceCodeExpired,
    InvalidClient,
    InvalidDevice,
    InvalidGrant,
    InvalidRequest,
    NotAuthorized,
    NotFound,
    OAuthError,
    RequestTimeout,
    ResponseValidationError,
    SecuconnectError,
    ServerError,
    SlowDown,
    error_from_httpx,
    error_from_response,
)

TOKEN_REQUIRED = {
    "status": "error",
    "error": "ProductNotAllowedException",
    "error_details": "Valid auth token required",
    "error_user": "Leider ist ein Fehler aufgetreten (Code 2003)",
    "code": 2003,
    "supportId": "0b7e2f9c41d84a6e9f3c2d1a8b5e7c60",
}


def envelope(error: str, code: Any, details: str = "details", **extra: Any) -> dict[str, Any]:
    return {"status": "error", "error": error, "error_details": details, "code": code, **extra}


def mapped(status: int, payload: Any) -> ApiError:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    return error_from_response(status, parsed, text)


def test_the_documented_token_error_keeps_every_field() -> None:
    error = mapped(403, TOKEN_REQUIRED)
    assert type(error) is NotAuthorized
    assert isinstance(error, SecuconnectError)
    assert (error.status, error.error, error.code) == (403, "ProductNotAllowedException", 2003)
    assert error.error_details == "Valid auth token required"
    assert error.error_user == "Leider ist ein Fehler aufgetreten (Code 2003)"
    assert error.support_id == "0b7e2f9c41d84a6e9f3c2d1a8b5e7c60"
    assert error.is_token_error
    assert error.message == (
        "secuconnect answered HTTP 403 ProductNotAllowedException (code 2003): Valid auth token required"
        " [supportId 0b7e2f9c41d84a6e9f3c2d1a8b5e7c60]"
    )


@pytest.mark.parametrize(
    ("status", "payload", "expected", "token_error"),
    [
        (403, envelope("ProductNotAllowedException", "2003"), NotAuthorized, True),  # code as a string
        (401, envelope("ProductSecurityException", 2001), NotAuthorized, True),
        (403, envelope("ProductNotAllowedException", 2001), NotAuthorized, False),
        (404, envelope("ProductNotFoundException", 3001), NotFound, False),
        (400, envelope("ProductNotFoundException", 3001), NotFound, False),  # the name decides
        (
            400,
            envelope("ProductFormatException", 1001, "basket_info.sum: must be an integer"),
            InvalidRequest,
            False,
        ),
        (400, envelope("ProductNotAllowedException", 1010), InvalidRequest, False),  # wrong state, not auth
        (422, envelope("ProductFormatException", 1001), InvalidRequest, False),
        (409, envelope("ProductDuplicateException", 1002), Conflict, False),
        (500, envelope("ProductInternalException", 1000), ServerError, False),
        (503, envelope("ProductBackendproviderException", 1003), ServerError, False),
        (418, envelope("ProductTeapotException", 1), SecuconnectError, False),
        (400, {"status": "error"}, InvalidRequest, False),  # a thin envelope is still one
    ],
)
def test_envelopes_map_by_code_name_and_status(
    status: int, payload: dict[str, Any], expected: type[SecuconnectError], token_error: bool
) -> None:
    error = mapped(status, payload)
    assert type(error) is expected
    assert isinstance(error, SecuconnectError)
    assert error.is_token_error is token_error


def test_an_envelope_keeps_details_naming_fields() -> None:
    error = mapped(400, envelope("ProductFormatException", 1001, "basket_info.sum: must be an integer"))
    assert isinstance(error, InvalidRequest)
    assert error.error_details == "basket_info.sum: must be an integer"
    assert "basket_info.sum" in error.message
    assert error.support_id is None


@pytest.mark.parametrize(
    ("code", "kept"), [(2003, 2003), ("2003", "2003"), (None, None), (True, None), (1.5, None)]
)
def test_code_is_kept_as_sent_when_it_is_an_int_or_a_string(code: Any, kept: Any) -> None:
    error = mapped(400, envelope("X", code))
    assert isinstance(error, SecuconnectError)
    assert error.code == kept


@pytest.mark.parametrize(
    ("status", "error", "expected"),
    [
        (401, "authorization_pending", AuthorizationPending),
        (400, "slow_down", SlowDown),
        (400, "expired_token", DeviceCodeExpired),
        (400, "invalid_client", InvalidClient),
        (401, "invalid_device", InvalidDevice),
        (400, "invalid_grant", InvalidGrant),
        (400, "unsupported_grant_type", OAuthError),
        (400, "invalid_request", OAuthError),
    ],
)
def test_oauth_errors_map_by_their_error(status: int, error: str, expected: type[OAuthError]) -> None:
    mapped_error = mapped(status, {"error": error, "error_description": "Some description"})
    assert type(mapped_error) is expected
    assert isinstance(mapped_error, OAuthError)
    assert (mapped_error.status, mapped_error.error) == (status, error)
    assert mapped_error.error_description == "Some description"
    assert error in mapped_error.message


@pytest.mark.parametrize(
    "error", ["server_error", "temporarily_unavailable", "invalid_grant", "invalid_request", "invalid_device"]
)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_is_a_server_error_even_with_an_oauth_body(status: int, error: str) -> None:
    """A failing token endpoint says nothing about the device's session: retryable, never OAuth."""
    mapped_error = mapped(status, {"error": error, "error_description": "The service is down"})
    assert type(mapped_error) is ServerError
    assert isinstance(mapped_error, ServerError)
    assert (mapped_error.status, mapped_error.error, mapped_error.error_details) == (
        status,
        error,
        "The service is down",
    )
    assert not mapped_error.is_token_error


@pytest.mark.parametrize("error", ["ProductNotFoundException", "ProductSecurityException"])
def test_a_5xx_envelope_is_a_server_error_whatever_its_name(error: str) -> None:
    assert type(mapped(503, envelope(error, 2003))) is ServerError


def test_a_401_is_a_token_error_whatever_its_body() -> None:
    """Both SDKs authenticate again on any 401 (Java ApiClient, PHP ``case 401``)."""
    bare = mapped(401, "")
    oauth = mapped(401, {"error": "access_denied"})
    forbidden = mapped(403, {"error": "access_denied"})
    assert isinstance(bare, NotAuthorized)
    assert isinstance(oauth, OAuthError)
    assert isinstance(forbidden, OAuthError)
    assert (bare.is_token_error, oauth.is_token_error, forbidden.is_token_error) == (True, True, False)


def test_oauth_messages_say_what_to_do() -> None:
    expired = mapped(400, {"error": "expired_token", "error_description": "The device code has expired"})
    assert expired.message.startswith("The user code was not confirmed in time; register the till again")
    refused = mapped(400, {"error": "invalid_client"})
    assert "check the credentials" in refused.message


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (502, "<html><body>502 Bad Gateway</body></html>", ServerError),
        (500, "", ServerError),
        (503, '{"message": "maintenance"}', ServerError),
        (400, "<html>Bad Request</html>", ResponseValidationError),
        (404, "", ResponseValidationError),
        (403, '{"message": "Forbidden"}', ResponseValidationError),
        (401, "[1, 2]", NotAuthorized),
        (401, "", NotAuthorized),
        (401, "<html>Unauthorized</html>", NotAuthorized),
    ],
)
def test_answers_without_an_envelope_keep_the_raw_body(
    status: int, body: str, expected: type[ApiError]
) -> None:
    error = mapped(status, body)
    assert type(error) is expected
    if isinstance(error, SecuconnectError):
        assert error.raw_body == body
        assert error.error == ""
        assert error.code is None
    else:
        assert isinstance(error, ResponseValidationError)
        assert error.body == body
        assert error.status == status


def test_a_long_raw_body_is_cut_and_redacted() -> None:
    body = '{"refresh_token": "9c4e1a7f2b8d3e6a0f5c9b2d7e1a4c8f3b6d0e2a", "x": "' + "y" * 5000 + '"}'
    error = mapped(400, body[:-3])  # not JSON any more
    assert isinstance(error, ResponseValidationError)
    assert len(error.body) <= BODY_KEPT + 2
    assert error.body.endswith(" …")
    assert "9c4e1a7f2b8d" not in error.body


def test_server_text_in_messages_is_redacted() -> None:
    error = mapped(400, envelope("ProductFormatException", 1001, "csc=1234 wrong for card 9276004428481652"))
    assert "1234 " not in error.message
    assert "9276004428481652" not in error.message
    assert "************1652" in error.message


REQUEST = httpx.Request("POST", "https://connect.example.test/api/v2/Smart/Transactions/STX_1/start/cash")


def _certificate_error() -> httpx.ConnectError:
    cause = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    cause.verify_message = "self-signed certificate"
    error = httpx.ConnectError(str(cause), request=REQUEST)
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("exc", "expected", "sent", "words"),
    [
        (httpx.ConnectError("refused", request=REQUEST), ConnectionFailed, False, "Could not connect"),
        (httpx.ConnectTimeout("t", request=REQUEST), RequestTimeout, False, "Could not connect"),
        (httpx.PoolTimeout("t", request=REQUEST), RequestTimeout, False, "Could not connect"),
        (httpx.ReadTimeout("t", request=REQUEST), RequestTimeout, True, "did not answer in time"),
        (httpx.WriteTimeout("t", request=REQUEST), RequestTimeout, True, "did not answer in time"),
        (
            httpx.RemoteProtocolError("x", request=REQUEST),
            ConnectionFailed,
            True,
            "the connection was dropped",
        ),
        (httpx.ReadError("reset", request=REQUEST), ConnectionFailed, True, "the connection was dropped"),
        (httpx.WriteError("pipe", request=REQUEST), ConnectionFailed, True, "the connection was dropped"),
        (httpx.UnsupportedProtocol("ftp", request=REQUEST), ConnectionFailed, False, "could not be sent"),
        (httpx.DecodingError("gzip", request=REQUEST), ConnectionFailed, True, "could not be decoded"),
        (_certificate_error(), CertificateRejected, False, "certificate was not accepted (self-signed"),
    ],
)
def test_httpx_exceptions_map_to_transport_errors(
    exc: httpx.HTTPError, expected: type[ApiError], sent: bool, words: str
) -> None:
    error = error_from_httpx(exc, "connect.example.test")
    assert type(error) is expected
    assert error.request_sent is sent
    assert words in error.message
    assert "connect.example.test" in error.message
