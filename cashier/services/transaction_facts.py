"""What a smart transaction's answer says about a sale: the card after it, a new card's number,
the bonus the service granted — read from the answer as JSON (the journal keeps it that way).

The payment service and reconciliation both read these; a sale settled late records the same
figures as one settled at once.
"""

from __future__ import annotations

import json
from typing import Any

from cashier.api.transactions import SmartTransaction
from cashier.services.sale import Sale


def card_after(transaction: dict[str, Any]) -> dict[str, Any] | None:
    for ident in transaction.get("idents") or []:
        card = ident.get("merchantcard") if isinstance(ident, dict) else None
        if isinstance(card, dict):
            return card
    return None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def created_card_number(transaction: dict[str, Any]) -> str | None:
    """A new card's number from every place the service may put it: the ``create_card`` ident's
    ``value`` (once it is a number, not the card group id), its ``merchantcard.card.cardnumber``,
    or the card receipt's ``Kartennummer`` line. ``None`` when none has it."""
    for ident in transaction.get("idents") or []:
        if not isinstance(ident, dict) or ident.get("type") not in ("create_card", "card"):
            continue
        value = str(ident.get("value") or "")
        if value.isdigit():
            return value
        card = _mapping(ident.get("merchantcard"))
        number = str(_mapping(card.get("card")).get("cardnumber") or "")
        if number.isdigit():
            return number
    for line in transaction.get("receipt") or []:
        pair = _mapping(_mapping(line).get("value"))
        if str(pair.get("name", "")).strip().rstrip(":") == "Kartennummer":
            digits = "".join(ch for ch in str(pair.get("value", "")) if ch.isdigit())
            if len(digits) >= 8:
                return digits
    return None


def without_csc(transaction: dict[str, Any]) -> dict[str, Any]:
    """The transaction as journalled: a new card's CSC is printed once and never stored."""
    copy = json.loads(json.dumps(transaction))
    for ident in copy.get("idents") or []:
        if isinstance(ident, dict) and isinstance(ident.get("merchantcard"), dict):
            ident["merchantcard"].pop("csc", None)
    return dict(copy)


def balances_before(sale: Sale) -> dict[str, int] | None:
    """The card's balances as the till saw them before the payment (journalled with the start)."""
    if sale.card is not None:
        return {
            "cash_balance": sale.card.cash_balance.cents,
            "bonus_balance": sale.card.bonus_balance.cents,
            "points": sale.card.points,
        }
    return sale.restored_balances


def service_balances(card_after: dict[str, Any] | None) -> dict[str, Any] | None:
    if card_after is None:
        return None
    return {key: card_after.get(key) for key in ("cash_balance", "bonus_balance", "points")}


def as_json(transaction: SmartTransaction) -> dict[str, Any]:
    return dict(transaction.model_dump(mode="json", by_alias=True))


def bonus_granted_by(sale: Sale, card_after: dict[str, Any] | None) -> int:
    """The bonus the service granted: its balance after, less the balance before the bonus spent."""
    before = balances_before(sale)
    if card_after is None or before is None or card_after.get("bonus_balance") is None:
        return 0
    used = sale.pricing.bonus_used.cents if sale.pricing else 0
    return int(card_after["bonus_balance"]) - (int(before["bonus_balance"]) - used)
