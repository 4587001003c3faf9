"""The one place where ``api`` errors become outcomes a cashier can act on (docs/style.md habit 3)."""

from __future__ import annotations

from cashier.api import errors as api
from cashier.services.errors import (
    BackendUnavailable,
    CancellationRefused,
    CardLocked,
    CardUnknown,
    InsufficientCash,
    InvalidInput,
    InvalidState,
    PinRequired,
    SaleError,
)

# secuconnect codes (documented: 1001, 1007, 1016, 2003; the simulator adds 1010 and 1011).
_CODE_CANCEL_FAILED = 1007
_CODE_WRONG_STATE = 1010
_CODE_INSUFFICIENT_BALANCE = 1011
_CODE_CARD_VALIDATION_FAILED = 1016


def _code(error: api.SecuconnectError) -> int | None:
    try:
        return int(error.code) if error.code is not None else None
    except (TypeError, ValueError):
        return None


def sale_error_from(error: api.ApiError, *, doing: str) -> SaleError:
    """``doing`` says what the till tried, in words for the cashier (English; ``ui`` translates)."""
    if isinstance(error, api.SecuconnectError) and not isinstance(error, api.ServerError):
        code = _code(error)
        details = error.error_details or error.message
        if code == _CODE_CARD_VALIDATION_FAILED:
            if "passcode" in details.lower() or "pin" in details.lower():
                return PinRequired(f"{doing}: the card asks for its PIN first.")
            if "locked" in details.lower():
                return CardLocked(f"{doing}: the card is locked.")
            return CardUnknown(f"{doing}: the card was not accepted ({details}).")
        if code == _CODE_CANCEL_FAILED:
            return CancellationRefused(f"{doing}: {details}")
        if code == _CODE_INSUFFICIENT_BALANCE:
            return InsufficientCash(f"{doing}: the card's balance does not cover this ({details}).")
        if code == _CODE_WRONG_STATE:
            return InvalidState(f"{doing}: {details}")
        if isinstance(error, api.NotFound):
            return InvalidInput(f"{doing}: not found ({details}).")
        if isinstance(error, api.InvalidRequest):
            return InvalidInput(f"{doing}: secuconnect refused the request ({details}).")
    support = getattr(error, "support_id", None)
    suffix = f" (support reference {support})" if support else ""
    return BackendUnavailable(
        f"{doing}: secuconnect cannot be reached or failed: {error.message}{suffix}", support
    )
