"""TSS, admin and client endpoints of the fiskaly simulator (the set-up sequence of fiscal-de.md §4).

``PUT /tss/{id}`` creates a TSS (CREATED) with its own P-256 key and answers its ``admin_puk``,
once. ``PATCH /tss/{id}`` moves the state: CREATED → UNINITIALIZED (no admin needed),
UNINITIALIZED → INITIALIZED and → DISABLED (admin logged in). ``PATCH /tss/{id}/admin`` sets the
admin PIN with the PUK; ``POST …/admin/auth`` logs the admin in, ``…/admin/logout`` out — one
admin session per TSS (the simulator's choice). ``PUT /tss/{id}/client/{cid}`` registers a
client (TSS INITIALIZED, admin logged in). Asking for the state a TSS or client already has
answers it unchanged (a repeated call after a lost answer does no harm).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cashier.simulator.fiskaly import records, signing
from cashier.simulator.fiskaly.context import FiskalyContext
from cashier.simulator.fiskaly.errors import (
    FiskalyApiError,
    access_denied,
    bad_request,
    client_not_found,
    conflict,
    tss_not_found,
)
from cashier.simulator.fiskaly.wire import API, body, uuid_param

MIN_PIN_LENGTH = 6
_PRINTABLE = re.compile(r"^[A-Za-z0-9 '()+,\-./:=?]{1,64}$")


def require_tss(ctx: FiskalyContext, tss_id: str) -> dict[str, Any]:
    doc = records.load_tss(ctx.store, tss_id)
    if doc is None:
        raise tss_not_found(tss_id)
    return doc


def _require_admin(doc: dict[str, Any]) -> None:
    if not doc.get("x_admin_session"):
        raise access_denied(
            "E_ADMIN_NOT_AUTHENTICATED", "log in as the TSS's admin first (POST …/admin/auth)"
        )


def _require_usable(doc: dict[str, Any]) -> None:
    if doc["state"] == "DISABLED":
        raise bad_request("E_TSS_DISABLED", f"TSS {doc['_id']} is disabled")


def routes(ctx: FiskalyContext) -> list[Route]:
    return [*_tss_routes(ctx), *_admin_routes(ctx), *_client_routes(ctx)]


TSS_PATH = f"{API}/tss/{{tss_id}}"


def _tss_routes(ctx: FiskalyContext) -> list[Route]:
    async def list_tss(request: Request) -> Response:
        ctx.authenticate(request)
        data = [records.tss_answer(ctx.store, doc) for doc in ctx.store.all(records.TSS)]
        return JSONResponse({"data": data, "count": len(data), "_type": "TSS_LIST", "_env": records.ENV})

    async def get_tss(request: Request) -> Response:
        ctx.authenticate(request)
        return JSONResponse(records.tss_answer(ctx.store, require_tss(ctx, uuid_param(request, "tss_id"))))

    async def put_tss(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id = uuid_param(request, "tss_id")
        given = await body(request)
        with ctx.store.transaction():
            if records.load_tss(ctx.store, tss_id) is not None:
                raise conflict("E_TSS_CONFLICT", f"TSS {tss_id} exists already")
            puk = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10))
            doc = records.new_tss(tss_id, signing.new_private_key(), admin_puk=puk, now=ctx.now())
            if isinstance(given.get("metadata"), dict):
                doc["metadata"] = given["metadata"]
            records.save_tss(ctx.store, doc)
        return JSONResponse({**records.tss_answer(ctx.store, doc), "admin_puk": puk})

    async def patch_tss(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id = uuid_param(request, "tss_id")
        state = (await body(request)).get("state")
        with ctx.store.transaction():
            doc = require_tss(ctx, tss_id)
            _require_usable(doc)
            if state != doc["state"]:
                _change_state(doc, state, ctx.now())
                records.save_tss(ctx.store, doc)
        return JSONResponse(records.tss_answer(ctx.store, doc))

    return [
        Route(f"{API}/tss", list_tss, methods=["GET"]),
        Route(TSS_PATH, get_tss, methods=["GET"]),
        Route(TSS_PATH, put_tss, methods=["PUT"]),
        Route(TSS_PATH, patch_tss, methods=["PATCH"]),
    ]


def _admin_routes(ctx: FiskalyContext) -> list[Route]:
    async def patch_admin(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id = uuid_param(request, "tss_id")
        given = await body(request)
        pin = given.get("new_admin_pin")
        with ctx.store.transaction():
            doc = require_tss(ctx, tss_id)
            _require_usable(doc)
            if doc["state"] == "CREATED":
                raise bad_request("E_TSS_NOT_UNINITIALIZED", "set the TSS UNINITIALIZED before its admin PIN")
            if given.get("admin_puk") != doc["x_admin_puk"]:
                raise access_denied("E_ADMIN_PUK_INVALID", "the admin PUK is wrong")
            if not isinstance(pin, str) or len(pin) < MIN_PIN_LENGTH:
                raise bad_request(
                    "E_BAD_REQUEST", f"new_admin_pin must have at least {MIN_PIN_LENGTH} characters"
                )
            doc["x_admin_pin"] = pin
            records.save_tss(ctx.store, doc)
        return Response(status_code=200)

    async def admin_auth(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id = uuid_param(request, "tss_id")
        pin = (await body(request)).get("admin_pin")
        with ctx.store.transaction():
            doc = require_tss(ctx, tss_id)
            _require_usable(doc)
            if doc.get("x_admin_pin") is None:
                raise access_denied("E_ADMIN_PIN_NOT_SET", "the TSS has no admin PIN yet (PATCH …/admin)")
            if pin != doc["x_admin_pin"]:
                raise access_denied("E_ADMIN_PIN_INVALID", "the admin PIN is wrong")
            doc["x_admin_session"] = True
            records.save_tss(ctx.store, doc)
        return JSONResponse({})

    async def admin_logout(request: Request) -> Response:
        ctx.authenticate(request)
        with ctx.store.transaction():
            doc = require_tss(ctx, uuid_param(request, "tss_id"))
            doc["x_admin_session"] = False
            records.save_tss(ctx.store, doc)
        return JSONResponse({})

    return [
        Route(f"{TSS_PATH}/admin", patch_admin, methods=["PATCH"]),
        Route(f"{TSS_PATH}/admin/auth", admin_auth, methods=["POST"]),
        Route(f"{TSS_PATH}/admin/logout", admin_logout, methods=["POST"]),
    ]


def _client_routes(ctx: FiskalyContext) -> list[Route]:
    async def list_clients(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id = uuid_param(request, "tss_id")
        require_tss(ctx, tss_id)
        data = records.clients(ctx.store, tss_id)
        return JSONResponse({"data": data, "count": len(data), "_type": "CLIENT_LIST", "_env": records.ENV})

    async def get_client(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id, client_id = uuid_param(request, "tss_id"), uuid_param(request, "client_id")
        require_tss(ctx, tss_id)
        client = records.load_client(ctx.store, tss_id, client_id)
        if client is None:
            raise client_not_found(client_id)
        return JSONResponse(client)

    async def put_client(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id, client_id = uuid_param(request, "tss_id"), uuid_param(request, "client_id")
        serial = (await body(request)).get("serial_number")
        with ctx.store.transaction():
            doc = require_tss(ctx, tss_id)
            _require_usable(doc)
            if doc["state"] != "INITIALIZED":
                raise bad_request("E_TSS_NOT_INITIALIZED", f"TSS {tss_id} is {doc['state']}, not INITIALIZED")
            _require_admin(doc)
            if records.load_client(ctx.store, tss_id, client_id) is not None:
                raise conflict("E_CLIENT_CONFLICT", f"client {client_id} exists already")
            if not isinstance(serial, str) or not _PRINTABLE.match(serial):
                raise bad_request("E_BAD_REQUEST", "serial_number must be 1 to 64 printable characters")
            if len(records.clients(ctx.store, tss_id)) >= doc["max_number_registered_clients"]:
                raise bad_request("E_TOO_MANY_CLIENTS", "the TSS has as many clients as it may")
            client = records.new_client(tss_id, client_id, serial, now=ctx.now())
            records.save_client(ctx.store, client)
        return JSONResponse(client)

    async def patch_client(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id, client_id = uuid_param(request, "tss_id"), uuid_param(request, "client_id")
        state = (await body(request)).get("state")
        with ctx.store.transaction():
            doc = require_tss(ctx, tss_id)
            client = records.load_client(ctx.store, tss_id, client_id)
            if client is None:
                raise client_not_found(client_id)
            if state not in ("REGISTERED", "DEREGISTERED"):
                raise bad_request("E_BAD_REQUEST", "state must be REGISTERED or DEREGISTERED")
            if state != client["state"]:
                _require_admin(doc)
                client["state"] = state
                records.save_client(ctx.store, client)
        return JSONResponse(client)

    client = f"{TSS_PATH}/client/{{client_id}}"
    return [
        Route(f"{TSS_PATH}/client", list_clients, methods=["GET"]),
        Route(client, get_client, methods=["GET"]),
        Route(client, put_client, methods=["PUT"]),
        Route(client, patch_client, methods=["PATCH"]),
    ]


_MOVES = {
    ("CREATED", "UNINITIALIZED"): False,  # no admin needed
    ("UNINITIALIZED", "INITIALIZED"): True,
    ("UNINITIALIZED", "DISABLED"): True,
    ("INITIALIZED", "DISABLED"): True,
}


def _change_state(doc: dict[str, Any], state: Any, now: int) -> None:
    move = (doc["state"], state)
    if move not in _MOVES:
        raise bad_request("E_TSS_STATE_TRANSITION", f"a TSS cannot go from {doc['state']} to {state}")
    if _MOVES[move]:
        _require_admin(doc)
    if state == "INITIALIZED" and doc.get("x_admin_pin") is None:
        raise FiskalyApiError(400, "E_ADMIN_PIN_NOT_SET", "set the admin PIN first")
    doc["state"] = state
    doc[{"UNINITIALIZED": "time_uninit", "INITIALIZED": "time_init", "DISABLED": "time_disable"}[state]] = now
    if state == "DISABLED":
        doc["x_admin_session"] = False
