"""Errors as secuconnect sends them (docs/secuconnect.md §1.5, §2.4).

API errors use the envelope ``status, error, error_details, error_user, code, supportId``;
OAuth errors use ``error, error_description``. Handlers raise :class:`ApiError` or
:class:`OAuthError`; the app turns them into responses in one place. Where the real service's
choice is unknown (most codes and HTTP statuses beyond 403/2003), the simulator's choice is
listed in the README's simulator table and made here.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.responses import JSONResponse

# Codes: 1001, 1007, 1016 and 2003 are documented; the rest are the simulator's own choice.
CODE_INVALID_PARAMS = 1001
CODE_CANCEL_FAILED = 1007
CODE_WRONG_STATE = 1010
CODE_INSUFFICIENT_BALANCE = 1011
CODE_CARD_VALIDATION_FAILED = 1016
CODE_TOKEN_REQUIRED = 2003
CODE_NOT_FOUND = 3001
CODE_INTERNAL = 1000

_USER_TEXT = {
    CODE_INVALID_PARAMS: "Die übermittelten Daten sind ungültig.",
    CODE_CANCEL_FAILED: "Die Transaktion konnte nicht storniert werden.",
    CODE_WRONG_STATE: "Die Transaktion ist in diesem Zustand nicht möglich.",
    CODE_INSUFFICIENT_BALANCE: "Das Guthaben der Karte reicht nicht aus.",
    CODE_CARD_VALIDATION_FAILED: "Die Karte konnte nicht geprüft werden.",
    CODE_NOT_FOUND: "Der Datensatz wurde nicht gefunden.",
}


class ApiError(Exception):
    """An error answered in the secuconnect envelope."""

    def __init__(
        self, status_code: int, error: str, code: int, details: str, user: str | None = None
    ) -> None:
        super().__init__(details)
        self.status_code = status_code
        self.error = error
        self.code = code
        self.details = details
        self.user = user or _USER_TEXT.get(code, f"Leider ist ein Fehler aufgetreten (Code {code})")

    def body(self) -> dict[str, Any]:
        return {
            "status": "error",
            "error": self.error,
            "error_details": self.details,
            "error_user": self.user,
            "code": self.code,
            "supportId": uuid.uuid4().hex,
        }

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status_code)


def token_required() -> ApiError:
    return ApiError(
        403,
        "ProductNotAllowedException",
        CODE_TOKEN_REQUIRED,
        "Valid auth token required",
        f"Leider ist ein Fehler aufgetreten (Code {CODE_TOKEN_REQUIRED})",
    )


def not_found(what: str, object_id: str) -> ApiError:
    return ApiError(404, "ProductNotFoundException", CODE_NOT_FOUND, f"{what} {object_id} not found")


def invalid(field: str, problem: str) -> ApiError:
    """Bad input: ``error_details`` names the field."""
    return ApiError(400, "ProductFormatException", CODE_INVALID_PARAMS, f"{field}: {problem}")


def wrong_state(details: str) -> ApiError:
    return ApiError(400, "ProductNotAllowedException", CODE_WRONG_STATE, details)


def internal(details: str = "Internal error") -> ApiError:
    return ApiError(500, "ProductInternalException", CODE_INTERNAL, details)


class OAuthError(Exception):
    """An error of ``POST /oauth/token``."""

    def __init__(self, status_code: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status_code = status_code
        self.error = error
        self.description = description

    def response(self) -> JSONResponse:
        return JSONResponse(
            {"error": self.error, "error_description": self.description}, status_code=self.status_code
        )
