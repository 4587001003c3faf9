"""Simulator-only controls under ``/simulator/…`` (never used by the till in production).

* ``POST /simulator/reset`` — forget everything, re-apply the demo seed, clear faults;
* ``POST /simulator/faults`` — add a fault (see :mod:`cashier.simulator.faults`);
  ``GET`` lists them, ``DELETE`` removes all;
* ``POST /simulator/devices/confirm`` ``{"user_code": "…"}`` — confirm a device registration,
  as a merchant would in SecuOffice.

No token is needed: these stand for the merchant's and the tester's hands, not for the API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cashier.simulator.errors import invalid, not_found
from cashier.simulator.faults import Fault
from cashier.simulator.wire import read_json

if TYPE_CHECKING:
    from cashier.simulator.app import SimulatorContext


def routes(ctx: SimulatorContext) -> list[Route]:
    async def reset(request: Request) -> Response:
        ctx.reset()
        return JSONResponse({"result": True})

    async def add_fault(request: Request) -> Response:
        body = await read_json(request, required=True)
        try:
            fault = Fault.parse(body)
        except ValueError as exc:
            raise invalid("fault", str(exc)) from None
        ctx.faults.add(fault)
        return JSONResponse({"result": True, "faults": ctx.faults.listing()})

    async def list_faults(request: Request) -> Response:
        return JSONResponse({"faults": ctx.faults.listing()})

    async def clear_faults(request: Request) -> Response:
        ctx.faults.clear()
        return JSONResponse({"result": True, "faults": []})

    async def confirm_device(request: Request) -> Response:
        body = await read_json(request, required=True)
        user_code = body.get("user_code")
        if not isinstance(user_code, str) or not user_code.strip():
            raise invalid("user_code", "required")
        if not ctx.tokens.confirm(user_code):
            raise not_found("Device registration with user code", user_code)
        return JSONResponse({"result": True})

    return [
        Route("/simulator/reset", reset, methods=["POST"]),
        Route("/simulator/faults", add_fault, methods=["POST"]),
        Route("/simulator/faults", list_faults, methods=["GET"]),
        Route("/simulator/faults", clear_faults, methods=["DELETE"]),
        Route("/simulator/devices/confirm", confirm_device, methods=["POST"]),
    ]
