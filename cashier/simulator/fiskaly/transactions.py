"""``PUT``/``GET /tss/{tss}/tx/{tx}``: transactions, their revisions and their signatures.

Revision rules (docs/fiskaly-simulator.md): a new transaction starts with ``tx_revision=1`` and
``state`` ACTIVE; each further ``PUT`` carries ``latest_revision + 1`` and moves it on (ACTIVE
again = an update, FINISHED, CANCELLED). Re-sending the latest revision with the state it has
answers the transaction as it is (200; the simulator's documented choice, so a lost answer can
be repeated). Any other revision, and any change to a FINISHED or CANCELLED transaction, is
refused 409 ``E_TX_UPSERT``. Each applied revision is signed (the TSS's signature counter goes
up by one); FINISHED and CANCELLED ones also get ``time_end`` and ``qr_code_data``.
"""

from __future__ import annotations

import base64
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cashier.simulator.fiskaly import process_data, records, signing
from cashier.simulator.fiskaly.context import FiskalyContext
from cashier.simulator.fiskaly.errors import bad_request, client_not_found, conflict, tx_not_found
from cashier.simulator.fiskaly.tss import require_tss
from cashier.simulator.fiskaly.wire import API, body, uuid_param

STATES = ("ACTIVE", "FINISHED", "CANCELLED")
FINAL = ("FINISHED", "CANCELLED")


def _revision(request: Request, *, required: bool) -> int | None:
    text = request.query_params.get("tx_revision")
    if text is None and not required:
        return None
    if text is None or not text.isdigit() or int(text) < 1:
        raise bad_request("E_BAD_REQUEST", "tx_revision must be a whole number from 1")
    return int(text)


def routes(ctx: FiskalyContext) -> list[Route]:
    async def put_tx(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id, tx_id = uuid_param(request, "tss_id"), uuid_param(request, "tx_id")
        revision = _revision(request, required=True)
        assert revision is not None
        given = await body(request)
        state = given.get("state")
        if state not in STATES:
            raise bad_request("E_BAD_REQUEST", f"state must be one of {', '.join(STATES)}")
        with ctx.store.transaction():
            tss = require_tss(ctx, tss_id)
            if tss["state"] == "DISABLED":
                raise bad_request("E_TSS_DISABLED", f"TSS {tss_id} is disabled")
            if tss["state"] != "INITIALIZED":
                raise bad_request("E_TSS_NOT_INITIALIZED", f"TSS {tss_id} is {tss['state']}, not INITIALIZED")
            client_id = str(given.get("client_id") or "")
            client = records.load_client(ctx.store, tss_id, client_id)
            if client is None:
                raise client_not_found(client_id)
            if client["state"] != "REGISTERED":
                raise bad_request("E_CLIENT_NOT_REGISTERED", f"client {client_id} is {client['state']}")
            current = records.load_tx(ctx.store, tss_id, tx_id)
            if current is not None and _is_repeat(current, revision, state, client_id):
                return JSONResponse(current)
            _check_revision(current, revision, state, client_id)
            doc = _apply(
                ctx,
                tss=tss,
                client=client,
                tx_id=tx_id,
                current=current,
                revision=revision,
                state=state,
                given=given,
            )
            records.save_tx(ctx.store, doc)
        return JSONResponse(doc)

    async def get_tx(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id, tx_id = uuid_param(request, "tss_id"), uuid_param(request, "tx_id")
        require_tss(ctx, tss_id)
        doc = records.load_tx(ctx.store, tss_id, tx_id, _revision(request, required=False))
        if doc is None:
            raise tx_not_found(tx_id)
        return JSONResponse(doc)

    async def list_tx(request: Request) -> Response:
        ctx.authenticate(request)
        tss_id = uuid_param(request, "tss_id")
        require_tss(ctx, tss_id)
        wanted = request.query_params.getlist("states")
        data = [
            doc for doc in records.transactions(ctx.store, tss_id) if not wanted or doc["state"] in wanted
        ]
        return JSONResponse(
            {"data": data, "count": len(data), "_type": "TRANSACTION_LIST", "_env": records.ENV}
        )

    tx = f"{API}/tss/{{tss_id}}/tx"
    return [
        Route(tx, list_tx, methods=["GET"]),
        Route(f"{tx}/{{tx_id}}", put_tx, methods=["PUT"]),
        Route(f"{tx}/{{tx_id}}", get_tx, methods=["GET"]),
    ]


def _is_repeat(current: dict[str, Any], revision: int, state: str, client_id: str) -> bool:
    return bool(
        revision == current["latest_revision"]
        and state == current["state"]
        and client_id == current["client_id"]
    )


def _check_revision(current: dict[str, Any] | None, revision: int, state: str, client_id: str) -> None:
    if current is None:
        if revision != 1:
            raise conflict("E_TX_UPSERT", f"a new transaction starts with tx_revision=1, not {revision}")
        if state != "ACTIVE":
            raise conflict("E_TX_UPSERT", "a new transaction starts ACTIVE")
        return
    latest = current["latest_revision"]
    if current["state"] in FINAL:
        raise conflict(
            "E_TX_UPSERT", f"the transaction is {current['state']} (revision {latest}); it cannot change"
        )
    if client_id != current["client_id"]:
        raise conflict("E_TX_UPSERT", "the transaction belongs to another client")
    if revision != latest + 1:
        raise conflict("E_TX_UPSERT", f"the next revision is {latest + 1}, not {revision}")


def _apply(
    ctx: FiskalyContext,
    *,
    tss: dict[str, Any],
    client: dict[str, Any],
    tx_id: str,
    current: dict[str, Any] | None,
    revision: int,
    state: str,
    given: dict[str, Any],
) -> dict[str, Any]:
    schema = given.get("schema")
    try:
        if schema is not None:
            process_type, data = process_data.from_schema(schema)
        elif state == "FINISHED":
            raise bad_request("E_TX_NO_TYPE_DEFINED", "a FINISHED transaction needs a schema")
        elif state == "CANCELLED":
            process_type, data = process_data.cancellation()
        else:
            process_type, data = ("", "") if current is None else _process_of(current)
    except ValueError as problem:
        raise bad_request("E_BAD_REQUEST", str(problem)) from None
    tss_id, now = tss["_id"], ctx.now()
    number = ctx.store.next_number(f"{tss_id}:tx") if current is None else current["number"]
    counter = ctx.store.next_number(f"{tss_id}:sig")
    operation = "Start" if current is None else ("Update" if state == "ACTIVE" else "Finish")
    message = signing.LogMessage(
        f"{operation}Transaction", client["serial_number"], process_type, data, number, counter, now
    )
    key = signing.load_private_key(tss["x_private_key"])
    value = signing.sign(key, message)
    time_start = now if current is None else current["time_start"]
    doc: dict[str, Any] = {
        "_id": tx_id,
        "_type": "TRANSACTION",
        "_env": records.ENV,
        "_version": records.VERSION,
        "metadata": given.get("metadata") if isinstance(given.get("metadata"), dict) else {},
        "state": state,
        "client_id": client["_id"],
        "client_serial_number": client["serial_number"],
        "tss_id": tss_id,
        "tss_serial_number": tss["serial_number"],
        "number": number,
        "revision": revision,
        "latest_revision": revision,
        "time_start": time_start,
        "schema": _schema(schema, process_type, data),
        "signature": {
            "value": value,
            "algorithm": signing.ALGORITHM,
            "counter": counter,
            "public_key": tss["public_key"],
        },
        "log": {"operation": operation, "timestamp": now, "timestamp_format": signing.TIME_FORMAT},
    }
    if state in FINAL:
        doc["time_end"] = now
        doc["qr_code_data"] = signing.qr_code_data(
            message, time_start=time_start, signature=value, public_key=tss["public_key"]
        )
    return doc


def _process_of(doc: dict[str, Any]) -> tuple[str, str]:
    raw = (doc.get("schema") or {}).get("raw") or {}
    return str(raw.get("process_type") or ""), base64.b64decode(raw.get("process_data") or "").decode("utf-8")


def _schema(given: Any, process_type: str, data: str) -> dict[str, Any]:
    schema = {key: value for key, value in given.items() if key != "raw"} if isinstance(given, dict) else {}
    if process_type or data:
        schema["raw"] = {
            "process_type": process_type,
            "process_data": base64.b64encode(data.encode()).decode(),
        }
    return schema
