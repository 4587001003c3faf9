"""The body of a smart transaction (``SmartTransactionsDTO``): validation and the stored shape.

``POST`` and ``PUT /Smart/Transactions`` send the same body; :func:`parse_body` checks it and
returns the parts the server keeps, already in the response shape of docs/secuconnect.md §6.1
(every product with ``parent``, ``item_type``, ``ean``, ``group``, … filled; basket ``texts``
and ``type``; ``basket_info.gratuity``; idents enriched to ``smart.idents``).

Choices where secuconnect is silent (400 ``ProductFormatException`` 1001 naming the field,
unless noted):

* ``basket_info`` is required, ``sum`` an int, ``currency`` must be ``"EUR"``; ``gratuity``
  (null or an int ≥ 0) is *included* in ``sum``: ``sum == Σ priceOne × quantity + gratuity``.
* Products need an int ``id`` ≥ 1 (unique), a non-empty ``desc``, an int ``quantity`` ≥ 1, an
  int ``priceOne`` ≥ 0 and ``tax`` 19, 7 or 0. Negative prices belong to the server's bonus
  lines: incoming lines with a bonus product's article number and a negative price are
  dropped (they are server-managed, e.g. a ``PUT`` of a body read back after
  ``preTransaction``); any other negative price is refused. ``item_type`` may only be
  ``"article"`` (the simulator has no coupons or sub-baskets). A numeric ``articleNumber``
  becomes a string; an absent ``articleNumber`` or ``ean`` becomes ``""``.
* ``idents`` holds at most one ``card`` or ``create_card`` ident. An unknown, locked or
  inactive card is refused with 400 ``ProductNotAllowedException`` 1016 naming
  ``idents[i]``; ``create_card`` with an unknown group answers 404, with a group that does
  not allow card creation 400 1016. Ident ids are ``smi_<position>`` (1-based).
* The ident's ``merchantcard`` is a summary (id, balances, points, lock and stock status,
  passcode) taken whenever the transaction changes; reads do not refresh it.
* ``intent`` is ``"sale"`` (default) or ``"order"``; ``merchantRef``/``transactionRef`` are
  strings or null; server-managed keys in the body (status, receipt, …) are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeGuard

from cashier.domain.vat import VatError, VatRate
from cashier.simulator import cardstore, seed
from cashier.simulator.errors import CODE_CARD_VALIDATION_FAILED, ApiError, invalid, not_found
from cashier.simulator.store import SimulatorStore, new_id

BONUS_ARTICLE_NUMBERS = frozenset(product.article_number for product in seed.BONUS_PRODUCTS)
INTENTS = ("sale", "order")
CARD_PREFIX = "9276"


def card_refused(where: str, why: str) -> ApiError:
    """A card that cannot take part (unknown, locked, passcode missing): 400, code 1016."""
    return ApiError(400, "ProductNotAllowedException", CODE_CARD_VALIDATION_FAILED, f"{where}: {why}")


def card_summary(card: dict[str, Any]) -> dict[str, Any]:
    """The ``merchantcard`` inside an ident (docs/secuconnect.md §6.1)."""
    keys = ("object", "id", "balance", "cash_balance", "bonus_balance", "points")
    summary = {key: card[key] for key in keys}
    summary.update(
        lock_status=card["lock_status"], stock_status=card["stock_status"], passcode=card["passcode"]
    )
    return summary


@dataclass(frozen=True, slots=True)
class ParsedBody:
    """What a create or update body amounts to, in the stored (= response) shape."""

    basket: dict[str, Any]
    basket_info: dict[str, Any]
    idents: list[dict[str, Any]]
    intent: str
    is_demo: bool
    merchant_ref: str | None
    transaction_ref: str | None


def parse_body(store: SimulatorStore, body: dict[str, Any]) -> ParsedBody:
    products = _products(body.get("basket"))
    basket_info = _basket_info(body.get("basket_info"), products)
    intent = body.get("intent", "sale")
    if intent is None:
        intent = "sale"
    if intent not in INTENTS:
        raise invalid("intent", f"must be one of {', '.join(INTENTS)}")
    is_demo = body.get("is_demo", False)
    if not isinstance(is_demo, bool):
        raise invalid("is_demo", "must be a boolean")
    return ParsedBody(
        basket={"products": products, "texts": [], "type": "default"},
        basket_info=basket_info,
        idents=_idents(store, body.get("idents")),
        intent=intent,
        is_demo=is_demo,
        merchant_ref=_optional_str(body, "merchantRef"),
        transaction_ref=_optional_str(body, "transactionRef"),
    )


def new_document(now: float, parsed: ParsedBody) -> dict[str, Any]:
    """A new smart transaction (status ``created``) in the response shape of §6.1."""
    return {
        "object": "smart.transactions",
        "id": new_id("STX"),
        "merchant": {
            "object": "general.merchants",
            "id": seed.MERCHANT_ID,
            "companyname": seed.MERCHANT_NAME,
        },
        "device_source": {"object": "smart.devices", "id": seed.TILL_DEVICE_ID},
        "transactions": [],
        "created": cardstore.iso(now),
        "updated": None,
        "status": "created",
        "merchantRef": parsed.merchant_ref,
        "transactionRef": parsed.transaction_ref,
        "intent": parsed.intent,
        "basket": parsed.basket,
        "basket_info": parsed.basket_info,
        "idents": parsed.idents,
        "is_demo": parsed.is_demo,
        "payment_method": None,
        "x_created": now,
    }


def apply_body(doc: dict[str, Any], parsed: ParsedBody) -> None:
    """Replace everything the till sends (``PUT`` sends the whole object)."""
    doc.update(
        merchantRef=parsed.merchant_ref,
        transactionRef=parsed.transaction_ref,
        intent=parsed.intent,
        basket=parsed.basket,
        basket_info=parsed.basket_info,
        idents=parsed.idents,
        is_demo=parsed.is_demo,
    )


# --- basket -------------------------------------------------------------------------------
def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _optional_str(raw: dict[str, Any], key: str, where: str | None = None) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise invalid(where or key, "must be a string or null")
    return value


def _is_server_bonus_line(raw: object) -> bool:
    if not isinstance(raw, dict):
        return False
    price = raw.get("priceOne")
    return _is_int(price) and price < 0 and str(raw.get("articleNumber")) in BONUS_ARTICLE_NUMBERS


def _products(basket: object) -> list[dict[str, Any]]:
    if basket is None:
        return []
    if not isinstance(basket, dict):
        raise invalid("basket", "must be an object")
    raw_products = basket.get("products")
    if raw_products is None:
        return []
    if not isinstance(raw_products, list):
        raise invalid("basket.products", "must be a list")
    products: list[dict[str, Any]] = []
    seen: set[int] = set()
    for index, raw in enumerate(raw_products):
        if _is_server_bonus_line(raw):
            continue
        product = _product(raw, f"basket.products[{index}]")
        if product["id"] in seen:
            raise invalid(f"basket.products[{index}].id", f"{product['id']} is not unique in the basket")
        seen.add(product["id"])
        products.append(product)
    return products


def _product(raw: object, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise invalid(where, "must be an object")
    line_id = raw.get("id")
    if not _is_int(line_id) or line_id < 1:
        raise invalid(f"{where}.id", "must be an int of at least 1")
    desc = raw.get("desc")
    if not isinstance(desc, str) or not desc.strip():
        raise invalid(f"{where}.desc", "is required")
    quantity = raw.get("quantity")
    if not _is_int(quantity) or quantity < 1:
        raise invalid(f"{where}.quantity", "must be an int of at least 1")
    price = raw.get("priceOne")
    if not _is_int(price):
        raise invalid(f"{where}.priceOne", "must be an int (cents)")
    if price < 0:
        raise invalid(f"{where}.priceOne", "must not be negative (bonus lines are added by preTransaction)")
    try:
        tax = VatRate.from_percent(raw.get("tax")).percent
    except VatError:
        raise invalid(f"{where}.tax", "must be 19, 7 or 0 (percent)") from None
    item_type = raw.get("item_type") or "article"
    if item_type != "article":
        raise invalid(f"{where}.item_type", "only 'article' is supported by the simulator")
    article_number = raw.get("articleNumber")
    if _is_int(article_number):
        article_number = str(article_number)
    if article_number is not None and not isinstance(article_number, str):
        raise invalid(f"{where}.articleNumber", "must be a string")
    parent = raw.get("parent")
    if parent is not None and not _is_int(parent):
        raise invalid(f"{where}.parent", "must be an int or null")
    return {
        "id": line_id,
        "parent": parent,
        "item_type": item_type,
        "articleNumber": article_number or "",
        "ean": _optional_str(raw, "ean", f"{where}.ean") or "",
        "desc": desc,
        "quantity": quantity,
        "priceOne": price,
        "tax": tax,
        "group": _groups(raw.get("group"), f"{where}.group"),
        "serialNumber": _optional_str(raw, "serialNumber", f"{where}.serialNumber"),
        "reference_id": _optional_str(raw, "reference_id", f"{where}.reference_id"),
        "contract_id": _optional_str(raw, "contract_id", f"{where}.contract_id"),
        "sum": None,
    }


def _groups(raw: object, where: str) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise invalid(where, "must be a list")
    groups = []
    for index, group in enumerate(raw):
        if not isinstance(group, dict):
            raise invalid(f"{where}[{index}]", "must be an object")
        level = group.get("level")
        if level is not None and not _is_int(level):
            raise invalid(f"{where}[{index}].level", "must be an int")
        groups.append(
            {
                "id": _optional_str(group, "id", f"{where}[{index}].id"),
                "desc": _optional_str(group, "desc", f"{where}[{index}].desc"),
                "level": level,
            }
        )
    return groups


def lines_total(products: list[dict[str, Any]]) -> int:
    return sum(product["priceOne"] * product["quantity"] for product in products)


def _basket_info(raw: object, products: list[dict[str, Any]]) -> dict[str, Any]:
    if raw is None:
        raise invalid("basket_info", "is required ({'sum': …, 'currency': 'EUR'})")
    if not isinstance(raw, dict):
        raise invalid("basket_info", "must be an object")
    if raw.get("currency") != "EUR":
        raise invalid("basket_info.currency", "must be 'EUR'")
    gratuity = raw.get("gratuity")
    if gratuity is not None and (not _is_int(gratuity) or gratuity < 0):
        raise invalid("basket_info.gratuity", "must be null or an int of at least 0")
    total = raw.get("sum")
    if not _is_int(total):
        raise invalid("basket_info.sum", "must be an int (cents)")
    expected = lines_total(products) + (gratuity or 0)
    if total != expected:
        raise invalid(
            "basket_info.sum",
            f"{total} does not equal the basket total {expected} (Σ priceOne × quantity, plus gratuity)",
        )
    return {"sum": total, "gratuity": gratuity, "currency": "EUR"}


# --- idents -------------------------------------------------------------------------------
def _idents(store: SimulatorStore, raw: object) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise invalid("idents", "must be a list")
    if len(raw) > 1:
        raise invalid("idents", "at most one card or create_card ident per transaction")
    return [_ident(store, ident, index) for index, ident in enumerate(raw)]


def _ident(store: SimulatorStore, raw: object, index: int) -> dict[str, Any]:
    where = f"idents[{index}]"
    if not isinstance(raw, dict):
        raise invalid(where, "must be an object")
    kind = raw.get("type")
    value = raw.get("value")
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"{where}.value", "must be a non-empty string")
    value = value.strip()
    ident_id = f"smi_{index + 1}"
    if kind == "card":
        card = cardstore.find_card_by_number(store, value)
        if card is None:
            raise card_refused(where, f"card {value} is not known to this merchant")
        if card["lock_status"] != "unlocked" or card["stock_status"] != "active":
            raise card_refused(where, f"card {value} is locked")
        return {
            "object": "smart.idents",
            "id": ident_id,
            "prefix": CARD_PREFIX,
            "name": "secucard Kundenkarte",
            "type": "card",
            "value": value,
            "valid": True,
            "merchantcard": card_summary(card),
        }
    if kind == "create_card":
        group = store.get("loyalty.cardgroups", value)
        if group is None:
            raise not_found("Card group", value)
        if not group.get("x_card_creation"):
            raise card_refused(where, f"card group {value} does not allow card creation")
        return {
            "object": "smart.idents",
            "id": ident_id,
            "prefix": "CRG_",
            "name": "secucard Kundenkarte erstellen",
            "type": "create_card",
            "value": value,
            "valid": True,
        }
    raise invalid(f"{where}.type", "must be 'card' or 'create_card'")
