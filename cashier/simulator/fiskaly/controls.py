"""``POST /api/v2/auth`` and the simulator-only controls under ``/simulator/…``.

Controls (no token needed; they stand for the tester's hands, never used by the till):

* ``POST /simulator/reset`` — forget everything, re-apply the seed, clear the faults;
* ``POST /simulator/faults`` — add a fault rule (:mod:`cashier.simulator.fiskaly.faults`);
  ``GET`` lists them, ``DELETE`` removes them all;
* ``GET /simulator/tss/{tss_id}`` — what the TSE holds: the TSS as fiskaly answers it, its
  public key (base64 point and PEM), whether an admin PIN is set and an admin logged in, its
  counters, clients and transactions (state, number, latest revision);
* ``POST /simulator/tokens/revoke`` ``{"refresh": false}`` — every access token (and with
  ``refresh``, every refresh token) stops working: the next call is answered 401.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cashier.simulator.fiskaly import records, seed, signing
from cashier.simulator.fiskaly.context import FiskalyContext, unauthorized
from cashier.simulator.fiskaly.errors import bad_request
from cashier.simulator.fiskaly.faults import Fault
from cashier.simulator.fiskaly.tss import require_tss
from cashier.simulator.fiskaly.wire import API, body


def routes(ctx: FiskalyContext) -> list[Route]:
    async def auth(request: Request) -> Response:
        given = await body(request)
        refresh = given.get("refresh_token")
        if refresh is not None:
            if not isinstance(refresh, str) or not ctx.use_refresh_token(refresh):
                raise unauthorized("invalid or expired refresh token")
        elif given.get("api_key") != seed.API_KEY or given.get("api_secret") != seed.API_SECRET:
            raise unauthorized("Invalid credentials", code=None)  # fiskaly sends no code here
        return JSONResponse(ctx.issue_tokens())

    async def reset(request: Request) -> Response:
        ctx.reset()
        return JSONResponse({"result": True})

    async def add_fault(request: Request) -> Response:
        try:
            fault = Fault.parse(await body(request))
        except ValueError as problem:
            raise bad_request("E_BAD_REQUEST", str(problem)) from None
        ctx.faults.add(fault)
        return JSONResponse({"result": True, "faults": ctx.faults.listing()})

    async def list_faults(request: Request) -> Response:
        return JSONResponse({"faults": ctx.faults.listing()})

    async def clear_faults(request: Request) -> Response:
        ctx.faults.clear()
        return JSONResponse({"result": True, "faults": []})

    async def inspect_tss(request: Request) -> Response:
        tss_id = str(request.path_params["tss_id"])
        doc = require_tss(ctx, tss_id)
        key = signing.load_private_key(doc["x_private_key"])
        return JSONResponse(
            {
                "tss": records.tss_answer(ctx.store, doc),
                "public_key": signing.public_key_b64(key),
                "public_key_pem": signing.public_key_pem(key),
                "admin_pin_set": doc.get("x_admin_pin") is not None,
                "admin_authenticated": bool(doc.get("x_admin_session")),
                "signature_counter": records.counter(ctx.store, tss_id, "sig"),
                "transaction_counter": records.counter(ctx.store, tss_id, "tx"),
                "clients": records.clients(ctx.store, tss_id),
                "transactions": [
                    {
                        "_id": tx["_id"],
                        "state": tx["state"],
                        "number": tx["number"],
                        "latest_revision": tx["latest_revision"],
                    }
                    for tx in records.transactions(ctx.store, tss_id)
                ],
            }
        )

    async def revoke_tokens(request: Request) -> Response:
        revoked = ctx.revoke_tokens(refresh=bool((await body(request)).get("refresh")))
        return JSONResponse({"result": True, "revoked": revoked})

    return [
        Route(f"{API}/auth", auth, methods=["POST"]),
        Route("/simulator/reset", reset, methods=["POST"]),
        Route("/simulator/faults", add_fault, methods=["POST"]),
        Route("/simulator/faults", list_faults, methods=["GET"]),
        Route("/simulator/faults", clear_faults, methods=["DELETE"]),
        Route("/simulator/tss/{tss_id}", inspect_tss, methods=["GET"]),
        Route("/simulator/tokens/revoke", revoke_tokens, methods=["POST"]),
    ]
