"""Shared pieces of the vendor-shapes tests: raw JSON calls (the ``shaped`` fixture is in conftest).

The answers are read as plain JSON, not through the contract checker: numbers where the SDK
types a string and PHP's ``[]`` where it types an object are exactly what these tests expect.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx

from tests.helpers.simulator import SimulatorHandle

MakeSim = Callable[..., AbstractAsyncContextManager[SimulatorHandle]]


def answer(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def all_values(payload: Any, key: str) -> list[Any]:
    """Every value of ``key`` anywhere in ``payload``."""
    found = []
    if isinstance(payload, dict):
        for name, value in payload.items():
            if name == key:
                found.append(value)
            found += all_values(value, key)
    elif isinstance(payload, list):
        for element in payload:
            found += all_values(element, key)
    return found
