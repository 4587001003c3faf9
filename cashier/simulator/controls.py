"""Simulator-only controls under ``/simulator/…`` (never used by the till in production).

* ``POST /simulator/reset`` — cancel the commits faults still hold (they never land), then forget
  everything, re-apply the demo seed and clear the faults;
* ``POST /simulator/faults`` — add a fault (see :mod:`cashier.simulator.faults`);
  ``GET`` lists them with ``pending_commits`` (held ``late_commit``/``slow_commit`` requests whose
  work has not finished), ``DELETE`` removes all rules (held requests still commit);
* ``POST /simulator/faults/drain`` ``{"timeout_ms": N}`` (optional, default 30000) — wait until
  ``pending_commits`` is 0: ``{"result": true, "pending_commits": 0}``, or 504 in the envelope
  (code 1000, the count in ``error_details``) when the time is up;
* ``POST /simulator/devices/confirm`` ``{"user_code": "…"}`` — confirm a device registration,
  as a merchant would in SecuOffice;
* ``POST /simulator/transactions/{id}/settle`` ``{"status": "ok"|"failed"}`` — the bank's word on
  a pending direct debit (:mod:`cashier.simulator.pending_debits`); answers the transaction's
  new ``status``, 404 for an unknown id, 400 code 1010 when it is not pending.

No token is needed: these stand for the merchant's and the tester's hands, not for the API.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cashier.simulator import pending_debits
from cashier.simulator import transaction_records as records
from cashier.simulator.errors import CODE_INTERNAL, ApiError, invalid, not_found
from cashier.simulator.faults import Fault
from cashier.simulator.wire import read_json

if TYPE_CHECKING:
    from cashier.simulator.context import SimulatorContext

DRAIN_TIMEOUT_MS = 30_000


def routes(ctx: SimulatorContext) -> list[Route]:
    async def reset(request: Request) -> Response:
        await ctx.faults.cancel_pending()
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
        return JSONResponse({"faults": ctx.faults.listing(), "pending_commits": ctx.faults.pending_commits})

    async def clear_faults(request: Request) -> Response:
        ctx.faults.clear()
        return JSONResponse({"result": True, "faults": []})

    async def drain(request: Request) -> Response:
        body = await read_json(request)
        timeout_ms = body.get("timeout_ms", DRAIN_TIMEOUT_MS)
        if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int) or timeout_ms < 0:
            raise invalid("timeout_ms", "must be a non-negative integer")
        try:
            await asyncio.wait_for(ctx.faults.drain(), timeout_ms / 1000)
        except TimeoutError:
            pending = ctx.faults.pending_commits
            details = f"{pending} held commit(s) still pending after {timeout_ms} ms"
            raise ApiError(504, "ProductInternalException", CODE_INTERNAL, details) from None
        return JSONResponse({"result": True, "pending_commits": ctx.faults.pending_commits})

    async def confirm_device(request: Request) -> Response:
        body = await read_json(request, required=True)
        user_code = body.get("user_code")
        if not isinstance(user_code, str) or not user_code.strip():
            raise invalid("user_code", "required")
        if not ctx.tokens.confirm(user_code):
            raise not_found("Device registration with user code", user_code)
        return JSONResponse({"result": True})

    async def settle_debit(request: Request) -> Response:
        body = await read_json(request, required=True)
        with ctx.store.transaction():
            doc = records.load(ctx.store, request.path_params["stx_id"])
            pending_debits.settle(ctx, doc, body.get("status"))
        return JSONResponse({"result": True, "id": doc["id"], "status": doc["status"]})

    return [
        Route("/simulator/reset", reset, methods=["POST"]),
        Route("/simulator/faults", add_fault, methods=["POST"]),
        Route("/simulator/faults", list_faults, methods=["GET"]),
        Route("/simulator/faults", clear_faults, methods=["DELETE"]),
        Route("/simulator/faults/drain", drain, methods=["POST"]),
        Route("/simulator/devices/confirm", confirm_device, methods=["POST"]),
        Route("/simulator/transactions/{stx_id}/settle", settle_debit, methods=["POST"]),
    ]
