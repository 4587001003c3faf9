"""Loyalty › MerchantCards under ``/api/v2/Loyalty/MerchantCards`` (docs/secuconnect.md §3.2, §3.3).

Card recognition (``validateMerchantcard``), security checks (``checkCsc``, ``checkPasscode``),
reads (list by ``q=card.cardnumber:N``, get by id), the balance receipt, card creation without
a payment (``createMerchantcards/{CRG}``) and locking. Balances are never changed here; only
:mod:`cashier.simulator.cardstore` books money.

Simulator choices where secuconnect is undocumented:

* ``validateMerchantcard`` and ``createMerchantcards`` take ``me``, ``MRC`` or the merchant id
  as ``{id}``; anything else is 404. A body ``merchant`` other than the demo merchant (or
  ``me``) makes the card ``{"isValid": false}``. A locked card is valid (``isLocked: true``).
* ``checkCsc``, ``checkPasscode`` and ``getCardBalanceReceipt`` find the card by the body's
  ``cardnumber``; ``{id}`` is ``me`` or that card's ``MCD_`` id (another existing card's id is
  400 naming ``cardnumber``, an unknown id 404). An unknown card number is 404. With
  ``vendor_shapes`` ``me`` is refused there as the unknown id it is to the service: 404
  ``ProductNotFoundException`` "Merchant card me not found" (the SDK path takes
  ``{loyaltyMerchantCardId}``, the docs call ``MCD_…/checkCsc``; ``me`` is documented only for
  ``validateMerchantcard`` and ``lockReasons``). A list with no hit has ``"data": null`` and
  the balance receipt's lines the shapes of :mod:`vendor_shapes`.
* ``checkPasscode`` compares the PIN as integers (the API types ``pin`` as int, so ``"0123"``
  and ``123`` are equal) and also accepts a digit string. A card without PIN answers
  ``false``. There is no retry limit. A successful check marks the card "passcode verified"
  for the calling session (device, or client for client credentials) for 15 minutes; a failed
  check revokes that mark. :func:`passcode_verified` tells the transactions module.
* List: only ``q=card.cardnumber:N`` (``N`` digits, optionally in double quotes) is supported,
  any other ``q`` is 400; ``fields`` and ``sort`` are ignored; without ``count`` every hit is
  returned; ``count`` in the answer is the number of hits before paging.
* ``getCardBalanceReceipt``: ``terminal_id`` is optional (default: the demo terminal's TID);
  ``valid`` is false for a locked card; "Aktuelles Guthaben" is the total ``balance`` (cash +
  bonus, what the card can pay), "Aktueller Bonus" its bonus part (label wording is ours);
  ``receipt_header`` is a single ``{"type": "space"}`` line.
* ``createMerchantcards``: a group without card creation is 400 ``ProductNotAllowedException``
  code 1001; an optional ``customer`` (LoyaltyMerchantcardsDTOCustomer) becomes one
  ``loyalty.customers`` object shared by all new cards, its ``merchant_contact`` also shown
  as ``contact``.
* Lock: ``reason`` is required for ``lock`` and ignored for ``unlock``; locking a locked card
  replaces reason and note, unlocking an unlocked card changes nothing — both answer 200 with
  the card. An optional ``csc`` must match (400 naming ``csc``). The German lock reason texts
  are our wording.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeGuard

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cashier.domain.cards import mask_card_numbers
from cashier.domain.money import Money, format_amount
from cashier.simulator import seed, vendor_shapes
from cashier.simulator.cardstore import (
    KIND,
    card_secrets,
    find_card_by_number,
    get_card,
    iso,
    issue_card,
    public_card,
    save_card,
)
from cashier.simulator.errors import CODE_INVALID_PARAMS, ApiError, invalid, not_found
from cashier.simulator.store import new_id
from cashier.simulator.wire import API, read_json

if TYPE_CHECKING:
    from cashier.simulator.context import SimulatorContext
    from cashier.simulator.oauth import Principal

PASSCODE_CHECKS = "simulator.passcode_checks"
"""Store kind of the "passcode verified" marks, keyed ``<MCD id>:<session>``."""
PASSCODE_VALIDITY = 15 * 60
"""Seconds a successful ``checkPasscode`` counts for the calling session."""

LOCK_REASONS = {1: "verloren", 2: "defekt", 3: "Reklamation", 6: "abgelaufen", 8: "nicht aktiviert"}
MAX_CARDS_PER_CALL = 1000

_BASE = f"{API}/loyalty/merchantcards"
_QUERY = re.compile(r'^card\.cardnumber:("?)([0-9]+)\1$')
_MAX_PIN_DIGITS = 12
_CUSTOMER_KEYS = (
    "merchant_contact",
    "customernumber",
    "note",
    "consent_for_communication",
    "additional_data",
)


# --- session marks for the passcode policy --------------------------------------------------
def _session(principal: Principal) -> str:
    return principal.device_code or f"client:{principal.client_id}"


def _mark_passcode(ctx: SimulatorContext, principal: Principal, card_id: str, verified: bool) -> None:
    session = _session(principal)
    until = ctx.now() + PASSCODE_VALIDITY if verified else 0.0
    ctx.store.put(PASSCODE_CHECKS, f"{card_id}:{session}", {"card": card_id, "verified_until": until})


def passcode_verified(ctx: SimulatorContext, principal: Principal, card_id: str) -> bool:
    """Whether this session passed ``checkPasscode`` for the card within the last 15 minutes."""
    mark = ctx.store.get(PASSCODE_CHECKS, f"{card_id}:{_session(principal)}")
    return mark is not None and float(mark["verified_until"]) > ctx.now()


# --- input ----------------------------------------------------------------------------------
def _is_digits(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and value.isascii() and value.isdigit()


def _cardnumber(body: dict[str, Any]) -> str:
    value = body.get("cardnumber")
    if not isinstance(value, str) or not value:
        raise invalid("cardnumber", "a card number (string) is required")
    return value


def _pin(body: dict[str, Any]) -> int:
    value = body.get("pin")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if _is_digits(value) and len(value) <= _MAX_PIN_DIGITS:
        return int(value)
    raise invalid("pin", "a non-negative integer (or a string of digits) is required")


def _optional_text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid(key, "must be a string")
    return value


def _query_int(request: Request, key: str) -> int | None:
    raw = request.query_params.get(key)
    if raw is None or raw == "":
        return None
    if not _is_digits(raw):
        raise invalid(key, "must be a non-negative integer")
    return int(raw)


# --- lookups --------------------------------------------------------------------------------
def _check_merchant_ref(ref: str) -> None:
    if ref not in ("me", "mrc", seed.MERCHANT_ID):
        raise not_found("Merchant", ref)


def _card_by_id(ctx: SimulatorContext, card_id: str) -> dict[str, Any]:
    card = get_card(ctx.store, card_id)
    if card is None:
        raise not_found("Merchant card", card_id)
    return card


def _card_for_action(ctx: SimulatorContext, card_ref: str, cardnumber: str) -> dict[str, Any]:
    """The card a ``{card_ref}/<action>`` call means: by number; ``card_ref`` is ``me`` or its id."""
    if card_ref == "me" and ctx.config.vendor_shapes:
        raise not_found("Merchant card", card_ref)
    card = find_card_by_number(ctx.store, cardnumber)
    if card is None:
        raise not_found("Merchant card with card number", mask_card_numbers(cardnumber))
    if card_ref not in ("me", card["id"]):
        _card_by_id(ctx, card_ref)
        raise invalid("cardnumber", f"does not belong to merchant card {card_ref}")
    return card


def _check_csc_if_given(ctx: SimulatorContext, card: dict[str, Any], body: dict[str, Any]) -> None:
    if body.get("csc") is None:
        return
    csc = body["csc"]
    if not _is_digits(csc):
        raise invalid("csc", "must be a string of digits")
    stored, _ = card_secrets(ctx.store, card["id"])
    if not secrets.compare_digest(csc, stored):
        raise invalid("csc", "does not match the card")


# --- documents ------------------------------------------------------------------------------
def _line_name_value(name: str, value: str) -> dict[str, Any]:
    return {"type": "name-value", "value": {"name": name, "value": value, "decoration": []}}


def _line_text(text: str, *decoration: str) -> dict[str, Any]:
    return {"type": "textline", "value": {"text": text, "decoration": list(decoration)}}


def _eur(cents: int) -> str:
    return f"{format_amount(Money(cents))} EUR"


def balance_receipt(card: dict[str, Any], terminal_id: str, now: float) -> dict[str, Any]:
    """``LoyaltyMerchantcardsCardBalanceReceipt`` for a card (lines as docs/secuconnect.md §5.2)."""
    group_name = card["cardgroup"]["display_name"]
    receipt = [
        {"type": "separator", "value": {"caption": group_name}},
        _line_name_value("Terminal-ID:", terminal_id),
        _line_name_value("Datum:", datetime.fromtimestamp(now).astimezone().strftime("%d.%m.%Y %H:%M:%S")),
        _line_name_value("Kartennummer:", card["card"]["cardnumber"]),
        {"type": "space"},
        _line_text("Aktuelles Guthaben"),
        _line_text(_eur(card["balance"]), "important"),
        {"type": "space"},
        _line_text("Aktueller Bonus"),
        _line_text(_eur(card["bonus_balance"]), "important"),
        {"type": "space"},
        _line_text("Aktuelle Punkte:"),
        _line_text(str(card["points"]), "important"),
    ]
    return {
        "valid": card["lock_status"] == "unlocked",
        "balance": card["balance"],
        "cash_balance": card["cash_balance"],
        "bonus_balance": card["bonus_balance"],
        "points": card["points"],
        "zvt_cardgroup": group_name,
        "new_passcode": False,
        "receipt_header": [{"type": "space"}],
        "receipt": receipt,
        "amount_split_enabled": False,
        "limit_allowed": False,
        "limit_str": "",
        "limit": 0,
    }


def _lock_status(card: dict[str, Any]) -> dict[str, Any]:
    return {
        "lock_status": card["lock_status"],
        "reason": card.get("x_lock_reason"),
        "note": card.get("x_lock_note", ""),
    }


def _new_customer(ctx: SimulatorContext, customer: dict[str, Any], now: float) -> dict[str, Any]:
    contact = customer.get("merchant_contact")
    if contact is not None and not isinstance(contact, dict):
        raise invalid("customer.merchant_contact", "must be an object")
    for key in ("customernumber", "note", "consent_for_communication"):
        if customer.get(key) is not None and not isinstance(customer[key], str):
            raise invalid(f"customer.{key}", "must be a string")
    doc: dict[str, Any] = {
        "object": "loyalty.customers",
        "id": new_id("CUS"),
        "created": iso(now),
        "merchant": {"object": "general.merchants", "id": seed.MERCHANT_ID},
        **{key: customer[key] for key in _CUSTOMER_KEYS if customer.get(key) is not None},
    }
    if contact is not None:
        doc["contact"] = contact
    ctx.store.put("loyalty.customers", doc["id"], doc)
    return doc


# --- handlers -------------------------------------------------------------------------------
class MerchantCardHandlers:
    """The request handlers; each authenticates first (403/2003 without a valid token)."""

    def __init__(self, ctx: SimulatorContext) -> None:
        self.ctx = ctx

    async def validate(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        _check_merchant_ref(request.path_params["merchant_ref"])
        body = await read_json(request, required=True)
        cardnumber = _cardnumber(body)
        merchant = body.get("merchant")
        if merchant is not None and not isinstance(merchant, str):
            raise invalid("merchant", "must be a merchant id (string)")
        card = find_card_by_number(self.ctx.store, cardnumber)
        if card is None or merchant not in (None, "me", card["merchant"]["id"]):
            return JSONResponse({"isValid": False})
        return JSONResponse(
            {
                "isValid": True,
                "hasPasscode": card["passcode"] != 0,
                "isLocked": card["lock_status"] == "locked",
            }
        )

    async def check_csc(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        body = await read_json(request, required=True)
        cardnumber = _cardnumber(body)
        csc = body.get("csc")
        if not _is_digits(csc):
            raise invalid("csc", "a string of digits is required")
        card = _card_for_action(self.ctx, request.path_params["card_ref"], cardnumber)
        stored, _ = card_secrets(self.ctx.store, card["id"])
        return JSONResponse({"result": secrets.compare_digest(csc, stored)})

    async def check_passcode(self, request: Request) -> Response:
        principal = self.ctx.authenticate(request)
        body = await read_json(request, required=True)
        cardnumber = _cardnumber(body)
        pin = _pin(body)
        card = _card_for_action(self.ctx, request.path_params["card_ref"], cardnumber)
        _, stored = card_secrets(self.ctx.store, card["id"])
        result = stored is not None and int(stored) == pin
        _mark_passcode(self.ctx, principal, card["id"], result)
        return JSONResponse({"result": result})

    async def list_cards(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        query = request.query_params.get("q", "").strip()
        offset = _query_int(request, "offset") or 0
        count = _query_int(request, "count")
        if query:
            match = _QUERY.match(query)
            if match is None:
                raise invalid("q", "only card.cardnumber:<number> is supported")
            card = find_card_by_number(self.ctx.store, match.group(2))
            hits = [] if card is None else [card]
        else:
            hits = self.ctx.store.all(KIND)
        page = hits[offset:] if count is None else hits[offset : offset + count]
        body = {"count": len(hits), "data": [public_card(card) for card in page]}
        return JSONResponse(vendor_shapes.page(body) if self.ctx.config.vendor_shapes else body)

    async def get_one(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        return JSONResponse(public_card(_card_by_id(self.ctx, request.path_params["card_id"])))

    async def balance_receipt(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        body = await read_json(request, required=True)
        cardnumber = _cardnumber(body)
        terminal_id = body.get("terminal_id")
        if terminal_id is None:
            terminal_id = seed.TERMINAL_ID
        elif not isinstance(terminal_id, str) or not terminal_id:
            raise invalid("terminal_id", "must be a non-empty string")
        card = _card_for_action(self.ctx, request.path_params["card_ref"], cardnumber)
        body = balance_receipt(card, terminal_id, self.ctx.now())
        return JSONResponse(vendor_shapes.balance_receipt(body) if self.ctx.config.vendor_shapes else body)

    async def create_cards(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        _check_merchant_ref(request.path_params["merchant_ref"])
        group_id = request.path_params["group_id"]
        group = self.ctx.store.get("loyalty.cardgroups", group_id)
        if group is None:
            raise not_found("Card group", group_id)
        if not group.get("x_card_creation"):
            raise ApiError(
                400,
                "ProductNotAllowedException",
                CODE_INVALID_PARAMS,
                f"Card group {group_id} does not allow card creation",
                "Für diese Kartengruppe können keine Karten erstellt werden.",
            )
        body = await read_json(request, required=True)
        amount = body.get("cards_amount")
        if type(amount) is not int or not 1 <= amount <= MAX_CARDS_PER_CALL:
            raise invalid("cards_amount", f"an integer from 1 to {MAX_CARDS_PER_CALL} is required")
        customer = body.get("customer")
        if customer is not None and not isinstance(customer, dict):
            raise invalid("customer", "must be an object")
        now = self.ctx.now()
        created = []
        with self.ctx.store.transaction():
            holder = None if customer is None else _new_customer(self.ctx, customer, now)
            for _ in range(amount):
                doc, csc = issue_card(self.ctx.store, group_id, now)
                if holder is not None:
                    doc.update(customer=holder, customer_assignment_date=iso(now))
                    save_card(self.ctx.store, doc)
                created.append({**public_card(doc), "csc": csc})
        return JSONResponse(created)

    async def get_lock(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        return JSONResponse(_lock_status(_card_by_id(self.ctx, request.path_params["card_id"])))

    async def lock(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        card = _card_by_id(self.ctx, request.path_params["card_id"])
        body = await read_json(request, required=True)
        reason = body.get("reason")
        if type(reason) is not int or reason not in LOCK_REASONS:
            raise invalid("reason", f"must be one of {', '.join(map(str, LOCK_REASONS))}")
        note = _optional_text(body, "note")
        _check_csc_if_given(self.ctx, card, body)
        card.update(lock_status="locked", x_lock_reason=reason, x_lock_note=note)
        save_card(self.ctx.store, card)
        return JSONResponse(public_card(card))

    async def unlock(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        card = _card_by_id(self.ctx, request.path_params["card_id"])
        body = await read_json(request)
        note = _optional_text(body, "note")
        _check_csc_if_given(self.ctx, card, body)
        if card["lock_status"] == "locked":
            card.update(lock_status="unlocked", x_lock_reason=None, x_lock_note=note)
            save_card(self.ctx.store, card)
        return JSONResponse(public_card(card))

    async def lock_reasons(self, request: Request) -> Response:
        self.ctx.authenticate(request)
        return JSONResponse([{"id": key, "desc": desc} for key, desc in LOCK_REASONS.items()])


def routes(ctx: SimulatorContext) -> list[Route]:
    h = MerchantCardHandlers(ctx)
    return [
        Route(_BASE, h.list_cards, methods=["GET"]),
        Route(f"{_BASE}/me/lockreasons", h.lock_reasons, methods=["GET"]),
        Route(f"{_BASE}/{{merchant_ref}}/validatemerchantcard", h.validate, methods=["POST"]),
        Route(f"{_BASE}/{{merchant_ref}}/createmerchantcards/{{group_id}}", h.create_cards, methods=["POST"]),
        Route(f"{_BASE}/{{card_ref}}/checkcsc", h.check_csc, methods=["POST"]),
        Route(f"{_BASE}/{{card_ref}}/checkpasscode", h.check_passcode, methods=["POST"]),
        Route(f"{_BASE}/{{card_ref}}/getcardbalancereceipt", h.balance_receipt, methods=["POST"]),
        Route(f"{_BASE}/{{card_id}}/lock", h.get_lock, methods=["GET"]),
        Route(f"{_BASE}/{{card_id}}/lock", h.lock, methods=["POST"]),
        Route(f"{_BASE}/{{card_id}}/unlock", h.unlock, methods=["POST"]),
        Route(f"{_BASE}/{{card_id}}", h.get_one, methods=["GET"]),
    ]
