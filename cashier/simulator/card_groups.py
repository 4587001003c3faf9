"""Loyalty › CardGroups under ``/api/v2/Loyalty/CardGroups``: the merchant's card programmes.

The till lists them when the cashier creates a new card. Only the list is served, in the list
shape of every secuconnect list (docs/secuconnect.md §1.4): ``{"count": <all hits>, "data": [...]}``
with each group as ``LoyaltyCardgroupsProductModel`` (``object``, ``id``, ``merchant``,
``display_name``, …), taken from the store kind ``loyalty.cardgroups`` without the
simulator-only ``x_`` keys.

Simulator choices where secuconnect is undocumented (the SDK's contract has no card group
calls): ``offset`` and ``count`` page as for merchant cards (without ``count`` every group is
returned); a ``q`` query is refused with 400 naming ``q`` (nothing to search by); ``fields``
and ``sort`` are ignored; the order is the seed's. With ``vendor_shapes`` an empty page is
``"data": null``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cashier.simulator import vendor_shapes
from cashier.simulator.errors import invalid
from cashier.simulator.wire import API

if TYPE_CHECKING:
    from cashier.simulator.context import SimulatorContext

KIND = "loyalty.cardgroups"
_BASE = f"{API}/loyalty/cardgroups"


def public_group_document(group: dict[str, Any]) -> dict[str, Any]:
    """A card group as clients see it: every key but the simulator's own ``x_`` settings."""
    return {key: value for key, value in group.items() if not key.startswith("x_")}


def _query_int(request: Request, key: str) -> int | None:
    raw = request.query_params.get(key)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise invalid(key, "must be a non-negative integer")
    return int(raw)


def routes(ctx: SimulatorContext) -> list[Route]:
    async def list_groups(request: Request) -> Response:
        ctx.authenticate(request)
        if request.query_params.get("q", "").strip():
            raise invalid("q", "card groups cannot be searched; leave q out")
        offset = _query_int(request, "offset") or 0
        count = _query_int(request, "count")
        groups = ctx.store.all(KIND)
        page = groups[offset:] if count is None else groups[offset : offset + count]
        body = {"count": len(groups), "data": [public_group_document(group) for group in page]}
        return JSONResponse(vendor_shapes.page(body) if ctx.config.vendor_shapes else body)

    return [Route(_BASE, list_groups, methods=["GET"])]
