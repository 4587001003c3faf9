"""Reading a request of the fiskaly simulator: its JSON body and its ids."""

from __future__ import annotations

import json
import uuid
from typing import Any

from starlette.requests import Request

from cashier.simulator.fiskaly.errors import bad_request

API = "/api/v2"


async def body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError:
        raise bad_request("E_BAD_REQUEST", "the body is not JSON") from None
    if not isinstance(parsed, dict):
        raise bad_request("E_BAD_REQUEST", "the body must be a JSON object")
    return parsed


def uuid_param(request: Request, name: str) -> str:
    """A path id; fiskaly's ids are UUIDs chosen by the client (the simulator's check)."""
    value = str(request.path_params[name])
    try:
        uuid.UUID(value)
    except ValueError:
        raise bad_request("E_BAD_REQUEST", f"{name} must be a UUID, not {value!r}") from None
    return value
