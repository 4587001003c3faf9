"""Placeholder while the cards endpoints are written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import Route

if TYPE_CHECKING:
    from cashier.simulator.app import SimulatorContext


def routes(ctx: SimulatorContext) -> list[Route]:
    return []
