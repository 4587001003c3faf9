"""Payment › Containers under ``/api/v2/Payment/Containers``: SEPA bank accounts for ``prepare/debit``.

``POST`` creates a ``bank_account`` container from ``{"type", "private": {"owner", "iban",
"bic"?}, "customer"?: {"id"}}``; ``GET {PCT_id}`` reads one, ``GET`` lists them. The
transactions module reads containers with ``ctx.store.get(KIND, id)``.

Simulator choices where secuconnect is undocumented:

* Only ``type`` ``bank_account`` is supported (400 naming ``type`` otherwise). The IBAN is
  checked for country, length and MOD 97 check digits (400 naming ``private.iban``); the BIC
  is optional (empty counts as absent) and checked for its form (400 naming ``private.bic``);
  ``owner`` is required (400 naming ``private.owner``).
* ``public`` shows the IBAN masked (``DE89 **** **** **** **30 00``) and ``bankname`` null
  (no bank directory); ``private`` holds the IBAN in electronic form; ``mandate`` is null.
* A ``customer`` is kept as a reference ``{"object": "payment.customers", "id"}``; it must
  exist (404 otherwise). The list ignores ``q``, ``count``, ``offset``, ``fields``, ``sort``.
* ``POST /Payment/Customers`` (``PaymentCustomersDTO``) keeps the ``contact``'s ``name``,
  ``forename``, ``surname`` and ``email``: a name is required (400 naming ``contact.name``), an
  e-mail needs an ``@``; the answer is the ``payment.customers`` object (``PCU_…``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cashier.domain.iban import BicError, IbanError, parse_bic, parse_iban
from cashier.simulator import seed
from cashier.simulator.cardstore import iso
from cashier.simulator.errors import invalid, not_found
from cashier.simulator.store import new_id
from cashier.simulator.wire import API, read_json

if TYPE_CHECKING:
    from cashier.simulator.context import SimulatorContext

KIND = "payment.containers"
CUSTOMERS_KIND = "payment.customers"
_BASE = f"{API}/payment/containers"


def _bank_account(private: Any) -> tuple[str, str, str, str | None]:
    """Owner, IBAN (electronic form), IBAN masked and BIC from the ``private`` block."""
    if not isinstance(private, dict):
        raise invalid("private", "an object with owner, iban and optional bic is required")
    owner = private.get("owner")
    if not isinstance(owner, str) or not owner.strip():
        raise invalid("private.owner", "the account holder's name is required")
    iban_text = private.get("iban")
    if not isinstance(iban_text, str):
        raise invalid("private.iban", "an IBAN (string) is required")
    try:
        iban = parse_iban(iban_text)
    except IbanError as exc:
        raise invalid("private.iban", exc.message) from None
    bic_text = private.get("bic")
    bic: str | None = None
    if isinstance(bic_text, str) and bic_text.strip():
        try:
            bic = parse_bic(bic_text)
        except BicError as exc:
            raise invalid("private.bic", exc.message) from None
    elif bic_text is not None and not isinstance(bic_text, str):
        raise invalid("private.bic", "must be a string")
    return owner.strip(), iban.value, iban.masked(), bic


def _customer(ctx: SimulatorContext, customer: Any) -> dict[str, Any] | None:
    if customer is None:
        return None
    if not isinstance(customer, dict) or not isinstance(customer.get("id"), str) or not customer["id"]:
        raise invalid("customer.id", "a payment customer id (string) is required")
    if ctx.store.get(CUSTOMERS_KIND, customer["id"]) is None:
        raise not_found("Payment customer", customer["id"])
    return {"object": CUSTOMERS_KIND, "id": customer["id"]}


def _contact(body: dict[str, Any]) -> dict[str, Any]:
    """A payment customer's ``contact``: a name (``name`` or forename + surname), an optional
    e-mail with an ``@`` — what a SEPA mandate needs to name the debtor."""
    contact = body.get("contact")
    if not isinstance(contact, dict):
        raise invalid("contact", "a contact (object) is required")
    fields = {key: contact.get(key) for key in ("name", "forename", "surname", "email")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise invalid(f"contact.{key}", "must be a string")
    if not (fields["name"] or "").strip() and not (fields["surname"] or "").strip():
        raise invalid("contact.name", "the customer's name is required")
    if fields["email"] and "@" not in fields["email"]:
        raise invalid("contact.email", "not an e-mail address")
    return {key: value for key, value in fields.items() if value}


def routes(ctx: SimulatorContext) -> list[Route]:
    async def create(request: Request) -> Response:
        ctx.authenticate(request)
        body = await read_json(request, required=True)
        if body.get("type") != "bank_account":
            raise invalid("type", "only bank_account containers are supported")
        owner, iban, masked, bic = _bank_account(body.get("private"))
        customer = _customer(ctx, body.get("customer"))
        container_id = new_id("PCT")
        doc = {
            "object": KIND,
            "id": container_id,
            "created": iso(ctx.now()),
            "merchant": {"object": "general.merchants", "id": seed.MERCHANT_ID},
            "customer": customer,
            "type": "bank_account",
            "public": {"owner": owner, "iban": masked, "bic": bic, "bankname": None},
            "private": {"owner": owner, "iban": iban, "bic": bic},
            "mandate": None,
        }
        ctx.store.put(KIND, container_id, doc)
        return JSONResponse(doc)

    async def get_one(request: Request) -> Response:
        ctx.authenticate(request)
        container_id = request.path_params["container_id"]
        doc = ctx.store.get(KIND, container_id)
        if doc is None:
            raise not_found("Payment container", container_id)
        return JSONResponse(doc)

    async def list_all(request: Request) -> Response:
        ctx.authenticate(request)
        docs = ctx.store.all(KIND)
        return JSONResponse({"count": len(docs), "data": docs})

    async def create_customer(request: Request) -> Response:
        ctx.authenticate(request)
        contact = _contact(await read_json(request, required=True))
        customer_id = new_id("PCU")
        doc = {
            "object": CUSTOMERS_KIND,
            "id": customer_id,
            "created": iso(ctx.now()),
            "merchant": {"object": "general.merchants", "id": seed.MERCHANT_ID},
            "contact": contact,
        }
        ctx.store.put(CUSTOMERS_KIND, customer_id, doc)
        return JSONResponse(doc)

    return [
        Route(f"{API}/payment/customers", create_customer, methods=["POST"]),
        Route(_BASE, list_all, methods=["GET"]),
        Route(_BASE, create, methods=["POST"]),
        Route(f"{_BASE}/{{container_id}}", get_one, methods=["GET"]),
    ]
