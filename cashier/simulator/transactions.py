"""``/api/v2/Smart/Transactions``: the routes of a sale (docs/secuconnect.md §4, §6).

Create, update (full object), read, list, ``preTransaction``, ``start/{loyalty|cash|cashless}``,
``prepare/debit`` + ``start``, ``abort``, ``cancel``, ``{receipt_number}/cancelTrx``,
``{me|SDV}/EndOfDay`` and ``{me|SDV}/diagnosis``. Every call needs a token (403/2003); an
unknown id answers 404 ``ProductNotFoundException``. The body and its checks are in
:mod:`transaction_body`, the card arithmetic in :mod:`loyalty`, the state rules and the start in
:mod:`checkout`, the terminal in :mod:`terminal`, the receipts in :mod:`receipts`.

Choices where secuconnect is silent:

* ``PUT`` is allowed in ``created``, ``processing`` and ``approved`` (the e-commerce docs say an
  approved transaction falls back to ``created``); it drops the ``preTransaction`` plan, the
  bonus lines, ``basket_info.missing_sum`` and a prepared debit. Other states: 400 code 1010.
* ``preTransaction`` (``created``/``processing``) needs a ``card`` or ``create_card`` ident
  (400 naming ``idents`` otherwise); a card still to be created has nothing to spend.
* ``prepare`` supports ``debit`` only; the body's ``container.id`` must name a stored
  ``bank_account`` payment container with a valid IBAN. The debit collects what the card does
  not pay (``missing_sum`` or the sum) and is booked at ``POST …/start`` (or ``start/debit``):
  the receipt's ``Lastschrift`` section shows the masked IBAN, the owner, the mandate
  reference ``CSH-`` + the STX id's 30 characters, and the demo creditor id. With
  ``vendor_shapes`` a debit of an amount ending in 37 cents stays ``pending`` after its start
  (:mod:`pending_debits`).
* With ``vendor_shapes`` every answer leaves through :mod:`vendor_shapes` (numbers, ``null``
  lists, PHP's ``[]`` for empty objects).
* ``start`` methods other than ``loyalty``, ``cash``, ``cashless`` and ``debit`` answer 400.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cashier.domain.iban import IbanError, parse_iban
from cashier.simulator import cardstore, checkout, loyalty, pending_debits, receipts, terminal, vendor_shapes
from cashier.simulator import transaction_records as records
from cashier.simulator.errors import CODE_WRONG_STATE, ApiError, invalid, not_found
from cashier.simulator.oauth import Principal
from cashier.simulator.transaction_body import apply_body, card_summary, new_document, parse_body
from cashier.simulator.wire import API, read_json

if TYPE_CHECKING:
    from cashier.simulator.context import SimulatorContext

BASE = f"{API}/smart/transactions"
START_METHODS = ("loyalty", "cash", "cashless", "debit")


def _response(ctx: SimulatorContext, doc: dict[str, Any], new_csc: str | None = None) -> JSONResponse:
    body = records.public(doc)
    if new_csc is not None:
        body["idents"] = [
            {**ident, "merchantcard": {**ident["merchantcard"], "csc": new_csc}}
            if ident.get("type") == "create_card" and "merchantcard" in ident
            else ident
            for ident in body["idents"]
        ]
    return JSONResponse(vendor_shapes.transaction(body) if ctx.config.vendor_shapes else body)


def _refresh_card(ctx: SimulatorContext, doc: dict[str, Any]) -> None:
    found = checkout.card_ident(doc)
    if found is not None and "merchantcard" in found[1]:
        card = cardstore.get_card(ctx.store, found[1]["merchantcard"]["id"])
        if card is not None:
            found[1]["merchantcard"] = card_summary(card)


# --- the sale -----------------------------------------------------------------------------------
def pre_transaction(ctx: SimulatorContext, doc: dict[str, Any]) -> dict[str, Any]:
    checkout.require_state(doc, ("created", "processing"), "preTransaction")
    if checkout.card_ident(doc) is None:
        raise invalid("idents", "preTransaction needs a card or create_card ident")
    existing = checkout.current_card(ctx, doc)
    plan = loyalty.price(doc, existing[1] if existing else None)
    doc["basket"]["products"] = [*loyalty.client_lines(doc), *plan.bonus_lines]
    doc["basket_info"]["missing_sum"] = plan.missing_sum
    doc.update(status="processing", updated=cardstore.iso(ctx.now()), x_plan=plan.stored())
    _refresh_card(ctx, doc)
    records.save(ctx.store, doc)
    return {
        "missing_sum": plan.missing_sum,
        "bonus_products": [loyalty.bonus_product_view(line) for line in plan.bonus_lines],
    }


def update(ctx: SimulatorContext, doc: dict[str, Any], body: dict[str, Any]) -> None:
    checkout.require_state(doc, checkout.EDITABLE, "PUT")
    apply_body(doc, parse_body(ctx.store, body))
    for key in ("x_plan", "x_container", "container"):
        doc.pop(key, None)
    doc.update(status="created", payment_method=None, updated=cardstore.iso(ctx.now()))
    records.save(ctx.store, doc)


def prepare_debit(ctx: SimulatorContext, doc: dict[str, Any], body: dict[str, Any]) -> None:
    checkout.require_state(doc, ("created", "processing"), "prepare/debit")
    container = body.get("container")
    container_id = container.get("id") if isinstance(container, dict) else None
    if not isinstance(container_id, str) or not container_id:
        raise invalid("container.id", "is required (a payment container PCT_…)")
    stored = ctx.store.get("payment.containers", container_id)
    if stored is None:
        raise not_found("Payment container", container_id)
    if stored.get("type") != "bank_account":
        raise invalid("container.id", f"{container_id} is not a bank_account container")
    try:
        parse_iban(str((stored.get("private") or {}).get("iban", "")))
    except IbanError as exc:
        raise invalid("container.private.iban", exc.message) from None
    plan = doc.get("x_plan")
    if (doc["basket_info"]["sum"] if plan is None else plan["missing_sum"]) <= 0:
        raise ApiError(
            400,
            "ProductNotAllowedException",
            CODE_WRONG_STATE,
            f"Smart transaction {doc['id']}: nothing to debit",
        )
    doc.update(
        status="approved",
        payment_method="debit",
        updated=cardstore.iso(ctx.now()),
        container={"object": "payment.containers", "id": container_id, "type": "bank_account"},
        x_container=container_id,
    )
    records.save(ctx.store, doc)


def start_debit(
    ctx: SimulatorContext, principal: Principal, doc: dict[str, Any]
) -> tuple[dict[str, Any], str | None]:
    start = checkout.plan_start(ctx, principal, doc, "debit", allowed=("approved",))
    container = ctx.store.get("payment.containers", doc["x_container"]) or {}
    private = container.get("private") or {}
    section = receipts.debit_section(
        iban_masked=parse_iban(str(private.get("iban", ""))).masked(),
        owner=str(private.get("owner", "")),
        mandate=f"CSH-{doc['id'][4:]}",
        cents=start.amount,
    )
    doc, new_csc = checkout.settle(ctx, doc, start, method="debit", payment_receipt=section, fields={})
    if pending_debits.stays_pending(ctx, start.amount):
        pending_debits.hold(ctx, doc)
    return doc, new_csc


def start_at_till(
    ctx: SimulatorContext, principal: Principal, doc: dict[str, Any], method: str
) -> tuple[dict[str, Any], str | None]:
    start = checkout.plan_start(ctx, principal, doc, method)
    return checkout.settle(ctx, doc, start, method=method, payment_receipt=[], fields={})


def abort(ctx: SimulatorContext, doc: dict[str, Any]) -> None:
    checkout.require_state(doc, checkout.ABORTABLE, "abort")
    doc.update(status="aborted", updated=cardstore.iso(ctx.now()))
    records.save(ctx.store, doc)


# --- routes ----------------------------------------------------------------------------------------
class TransactionHandlers:
    """The HTTP side: authenticate, read the body, run the step in one store transaction."""

    def __init__(self, ctx: SimulatorContext) -> None:
        self.ctx = ctx
        self.store = ctx.store

    async def create(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        parsed = parse_body(self.store, await read_json(request))
        doc = new_document(self.ctx.now(), parsed)
        records.save(self.store, doc)
        return _response(self.ctx, doc)

    async def listing(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        count, data = records.query(self.store, dict(request.query_params))
        page = {"count": count, "data": data}
        if self.ctx.config.vendor_shapes:
            page = vendor_shapes.page(page, vendor_shapes.transaction)
        return JSONResponse(page)

    async def read(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        doc = records.load(self.store, request.path_params["stx_id"])
        if doc["status"] == "pending":
            with self.store.transaction():
                doc = records.load(self.store, doc["id"])
                pending_debits.on_read(self.ctx, doc)
        return _response(self.ctx, doc)

    async def put(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        body = await read_json(request)
        with self.store.transaction():
            doc = records.load(self.store, request.path_params["stx_id"])
            update(self.ctx, doc, body)
        return _response(self.ctx, doc)

    async def pre_transaction(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        with self.store.transaction():
            result = pre_transaction(self.ctx, records.load(self.store, request.path_params["stx_id"]))
        return JSONResponse(
            vendor_shapes.pre_transaction(result) if self.ctx.config.vendor_shapes else result
        )

    async def start(self, request: Request) -> Response:
        principal = self.ctx.authenticate(request)
        stx_id = request.path_params["stx_id"]
        method = request.path_params.get("method", "debit")
        await read_json(request)  # SmartTransactionsStart: nothing in it changes a till's start
        records.load(self.store, stx_id)
        if method not in START_METHODS:
            raise invalid("payment_method", f"{method!r}: the simulator starts {', '.join(START_METHODS)}")
        if method == "cashless":
            doc, new_csc = await terminal.start_cashless(self.ctx, principal, stx_id)
            return _response(self.ctx, doc, new_csc)
        with self.store.transaction():
            doc = records.load(self.store, stx_id)
            if method == "debit":
                doc, new_csc = start_debit(self.ctx, principal, doc)
            else:
                doc, new_csc = start_at_till(self.ctx, principal, doc, method)
        return _response(self.ctx, doc, new_csc)

    async def prepare(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        body = await read_json(request)
        with self.store.transaction():
            doc = records.load(self.store, request.path_params["stx_id"])
            if request.path_params["method"] != "debit":
                raise invalid("payment_method", "the simulator prepares debit only")
            prepare_debit(self.ctx, doc, body)
        return _response(self.ctx, doc)

    async def abort(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        with self.store.transaction():
            doc = records.load(self.store, request.path_params["stx_id"])
            abort(self.ctx, doc)
        return _response(self.ctx, doc)

    async def cancel(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        with self.store.transaction():
            doc = checkout.cancel(self.ctx, records.load(self.store, request.path_params["stx_id"]))
        return _response(self.ctx, doc)

    async def cancel_trx(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        return _response(self.ctx, await terminal.cancel_trx(self.ctx, request.path_params["receipt_number"]))

    async def end_of_day(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        return _response(self.ctx, await terminal.end_of_day(self.ctx, request.path_params["device_id"]))

    async def diagnosis(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        return _response(self.ctx, await terminal.diagnosis(self.ctx, request.path_params["device_id"]))


def routes(ctx: SimulatorContext) -> list[Route]:
    h = TransactionHandlers(ctx)
    one = f"{BASE}/{{stx_id}}"
    return [
        Route(BASE, h.create, methods=["POST"]),
        Route(BASE, h.listing, methods=["GET"]),
        Route(one, h.read, methods=["GET"]),
        Route(one, h.put, methods=["PUT"]),
        Route(f"{one}/pretransaction", h.pre_transaction, methods=["POST"]),
        Route(f"{one}/start", h.start, methods=["POST"]),
        Route(f"{one}/start/{{method}}", h.start, methods=["POST"]),
        Route(f"{one}/prepare/{{method}}", h.prepare, methods=["POST"]),
        Route(f"{one}/abort", h.abort, methods=["POST"]),
        Route(f"{one}/cancel", h.cancel, methods=["POST"]),
        Route(f"{BASE}/{{receipt_number}}/canceltrx", h.cancel_trx, methods=["POST"]),
        Route(f"{BASE}/{{device_id}}/endofday", h.end_of_day, methods=["POST"]),
        Route(f"{BASE}/{{device_id}}/diagnosis", h.diagnosis, methods=["POST"]),
    ]
