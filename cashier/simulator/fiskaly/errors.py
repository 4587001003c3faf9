"""fiskaly's error answer ``{status_code, error, code, message}`` as an exception handlers raise."""

from __future__ import annotations

from http import HTTPStatus

from starlette.responses import JSONResponse


class FiskalyApiError(Exception):
    def __init__(self, status: int, code: str | None, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, object]:
        return {
            "status_code": self.status,
            "error": HTTPStatus(self.status).phrase,
            "code": self.code,
            "message": self.message,
        }

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status)


def bad_request(code: str, message: str) -> FiskalyApiError:
    return FiskalyApiError(400, code, message)


def tss_not_found(tss_id: str) -> FiskalyApiError:
    return FiskalyApiError(404, "E_TSS_NOT_FOUND", f"TSS {tss_id} not found")


def client_not_found(client_id: str) -> FiskalyApiError:
    # fiskaly answers a client it does not know with 400, not 404 (Odoo 19 handles it so).
    return FiskalyApiError(400, "E_CLIENT_NOT_FOUND", f"client {client_id} not found")


def tx_not_found(tx_id: str) -> FiskalyApiError:
    return FiskalyApiError(404, "E_TX_NOT_FOUND", f"transaction {tx_id} not found")


def conflict(code: str, message: str) -> FiskalyApiError:
    return FiskalyApiError(409, code, message)


def access_denied(code: str, message: str) -> FiskalyApiError:
    return FiskalyApiError(403, code, message)


def internal(message: str = "Internal error (simulator bug, see its log)") -> FiskalyApiError:
    return FiskalyApiError(500, "E_INTERNAL", message)
