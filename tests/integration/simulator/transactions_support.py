"""Shared pieces of the smart-transaction scenario tests: bodies, contract-checked calls, card state."""

from __future__ import annotations

from typing import Any

import httpx

from cashier.simulator import cardstore, seed
from cashier.simulator.store import SimulatorStore
from tests.helpers.contract import check, check_response

STX = "/api/v2/Smart/Transactions"
ERIKA = "9276004400000011"  # 2000 cash + 350 bonus, no passcode
PIN_CARD = "9276004400000029"  # 500 cash, passcode 2 (PIN before a discharge), PIN 4711
LOCKED = "9276004400000037"
EMPTY = "9276004400000045"
GIFT = "9276004400000053"  # 5000 cash, gift group: no bonus
UNKNOWN = "9276004499999999"

SECTION_8_4 = {  # the create request of docs/secuconnect.md §6.1, on a demo card
    "intent": "sale",
    "idents": [{"type": "card", "value": ERIKA}],
    "basket": {
        "products": [
            {"id": 1, "item_type": "article", "articleNumber": "30037", "desc": "Sandwich Romano", "quantity": 1,
             "priceOne": 349, "tax": 7, "group": [{"id": "10", "desc": "Snacks", "level": 1}]},
            {"id": 2, "item_type": "article", "articleNumber": "30200", "desc": "Obstsalat klein", "quantity": 1,
             "priceOne": 249, "tax": 7},
            {"id": 3, "item_type": "article", "articleNumber": 51, "ean": "4999012345678", "desc": "Wasser 0,25 l",
             "quantity": 2, "priceOne": 99, "tax": 19},
        ]
    },
    "basket_info": {"sum": 796, "currency": "EUR"},
    "merchantRef": "Kunde 4711",
    "transactionRef": "Bon 2025-000123",
}  # fmt: skip


def product(line_id: int, price: int, quantity: int = 1, tax: int = 19, **extra: Any) -> dict[str, Any]:
    return {
        "id": line_id,
        "desc": f"Artikel {line_id}",
        "quantity": quantity,
        "priceOne": price,
        "tax": tax,
        **extra,
    }


def load_line(line_id: int, amount: int) -> dict[str, Any]:
    return product(line_id, amount, tax=0, desc="Kartenaufladung", ean=seed.CHARGE_EAN)


def sale(
    products: list[dict[str, Any]], card: str | None = None, *, create_card: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A create/update body whose ``basket_info.sum`` matches its lines."""
    total = sum(line["priceOne"] * line["quantity"] for line in products)
    idents = []
    if card is not None:
        idents.append({"type": "card", "value": card})
    if create_card is not None:
        idents.append({"type": "create_card", "value": create_card})
    body: dict[str, Any] = {
        "intent": "sale",
        "basket": {"products": products},
        "basket_info": {"sum": total, "currency": "EUR"},
        **extra,
    }
    if idents:
        body["idents"] = idents
    return body


def checked(response: httpx.Response) -> Any:
    """The body, after checking it against the operation's contract model (or error model)."""
    body = response.json()
    method, path = response.request.method, response.request.url.path
    try:
        problems = check_response(method, path, response.status_code, body)
    except KeyError:  # POST …/start without a method: not in the SDK, returns the transaction
        model = "SmartTransactionsProductModel" if response.status_code < 400 else "ProductExceptionPayload"
        problems = check(model, body, strict_keys=False)
    assert problems == [], problems
    return body


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return checked(response)


def error(response: httpx.Response, status: int, code: int, field: str | None = None) -> dict[str, Any]:
    """Check an error envelope: HTTP status, ``code`` and (optionally) the field it names."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = checked(response)
    assert body["status"] == "error"
    assert body["code"] == code, body
    assert set(body) == {"status", "error", "error_details", "error_user", "code", "supportId"}
    if field is not None:
        assert body["error_details"].startswith(f"{field}: "), body["error_details"]
    return body


async def create(client: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    created: dict[str, Any] = ok(await client.post(STX, json=body))
    assert created["status"] == "created"
    return created


async def post(client: httpx.AsyncClient, stx_id: str, action: str, body: Any = None) -> httpx.Response:
    return await client.post(f"{STX}/{stx_id}/{action}", json=body)


def balances(store: SimulatorStore, cardnumber: str) -> tuple[int, int, int]:
    """(cash, bonus, points) of a card, straight from the store."""
    card = cardstore.find_card_by_number(store, cardnumber)
    assert card is not None
    return card["cash_balance"], card["bonus_balance"], card["points"]


def assert_books_balance(store: SimulatorStore) -> None:
    """Every card: nothing negative, balance = cash + bonus, balances = sums of its ledger."""
    for card in store.all(cardstore.KIND):
        cash, bonus, points = card["cash_balance"], card["bonus_balance"], card["points"]
        assert min(cash, bonus, points) >= 0, card
        assert card["balance"] == cash + bonus, card
        assert cardstore.ledger_totals(store, card["id"]) == (cash, bonus, points), card["card"]["cardnumber"]


def texts(receipt: list[dict[str, Any]]) -> list[str]:
    """A receipt flattened to its words, for order checks (``name=value`` for name-value lines)."""
    flat = []
    for line in receipt:
        value = line.get("value", {})
        if line["type"] == "separator":
            flat.append(f"[{value.get('caption', '')}]")
        elif line["type"] == "textline":
            flat.append(value["text"])
        elif line["type"] == "name-value":
            flat.append(f"{value['name']}={value['value']}")
        else:
            flat.append("")
    return flat
