"""Small wire helpers shared by the simulator's handlers."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from cashier.simulator.errors import invalid

API = "/api/v2"
"""Prefix of every API path. Routes are written in lower case: the app lower-cases every
path segment that is not an object id before routing (docs/secuconnect.md §1.2)."""


async def read_json(request: Request, *, required: bool = False) -> dict[str, Any]:
    """The request's JSON object; an empty body is ``{}`` unless ``required``."""
    raw = await request.body()
    if not raw.strip():
        if required:
            raise invalid("body", "a JSON object is required")
        return {}
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise invalid("body", f"not valid JSON ({exc})") from None
    if not isinstance(body, dict):
        raise invalid("body", "must be a JSON object")
    return body
