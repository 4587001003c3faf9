"""Merchant cards and their money: the one place that changes a card's balances.

Every change of a card's cash balance, bonus balance or points goes through :func:`book`,
which refuses to take a balance below zero and writes a ledger row in the same SQLite
transaction; so the balances can always be re-derived from the ledger (tests check it).
Documents carry simulator-only keys starting with ``x_``; :func:`public_card` removes them.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from cashier.simulator.errors import CODE_INSUFFICIENT_BALANCE, ApiError
from cashier.simulator.store import SimulatorStore, new_id

KIND = "loyalty.merchantcards"
CARD_PREFIX = "92760044"
FIRST_NEW_CARD = 10_000_001


def iso(timestamp: float) -> str:
    """ISO 8601 with the local offset, as secuconnect writes times (``2025-02-10T09:12:31+01:00``)."""
    return datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")


def public_card(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in doc.items() if not key.startswith("x_")}


def public_group(group: dict[str, Any]) -> dict[str, Any]:
    keys = ("object", "id", "display_name", "display_name_raw", "stock_warn_limit", "picture")
    return {key: group.get(key) for key in keys}


def insert_card(
    store: SimulatorStore,
    *,
    cardnumber: str,
    group_id: str,
    csc: str,
    pin: str | None,
    passcode: int,
    cash_balance: int,
    bonus_balance: int,
    locked: bool,
    lock_reason: int | None,
    holder: tuple[str, str, str] | None,
    created: str,
    merchantcard_id: str | None = None,
) -> dict[str, Any]:
    """Create a merchant card document with its secrets; returns the document."""
    group = store.get("loyalty.cardgroups", group_id)
    if group is None:
        raise KeyError(group_id)
    card_id = merchantcard_id or new_id("MCD")
    merchant = group["merchant"]
    doc: dict[str, Any] = {
        "object": KIND,
        "id": card_id,
        "merchant": merchant,
        "created_for_merchant": merchant,
        "created_for_store": {"object": "general.stores", "id": "STO_DEMO00000000000000000000000001"},
        "card": {
            "object": "loyalty.cards",
            "id": "CRD_" + card_id[4:],
            "cardnumber": cardnumber,
            "created": created,
        },
        "cardgroup": public_group(group),
        "is_base_card": False,
        "points": 0,
        "cash_balance": cash_balance,
        "bonus_balance": bonus_balance,
        "balance": cash_balance + bonus_balance,
        "last_usage": None,
        "last_charge": None,
        "stock_status": "active",
        "lock_status": "locked" if locked else "unlocked",
        "passcode": passcode,
        "expiry_date": None,
        "x_lock_reason": lock_reason,
        "x_lock_note": "",
    }
    if holder is not None:
        salutation, forename, surname = holder
        doc["customer"] = {
            "object": "loyalty.customers",
            "id": "CUS_" + card_id[4:],
            "contact": {"salutation": salutation, "forename": forename, "surname": surname},
        }
    with store.transaction() as db:
        db.execute(
            "INSERT INTO merchant_cards (id, cardnumber, csc, pin) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET cardnumber = excluded.cardnumber, csc = excluded.csc, pin = excluded.pin",
            (card_id, cardnumber, csc, pin),
        )
        store.put(KIND, card_id, doc)
        if cash_balance or bonus_balance:
            db.execute(
                "INSERT INTO ledger (merchantcard_id, smart_transaction_id, action, cash_delta, bonus_delta, "
                "points_delta, created) VALUES (?, NULL, 'opening', ?, ?, 0, 0)",
                (card_id, cash_balance, bonus_balance),
            )
    return doc


def issue_card(store: SimulatorStore, group_id: str, now: float) -> tuple[dict[str, Any], str]:
    """A brand-new card of a group: fresh 16-digit 9276… number, random CSC, zero balances."""
    with store.transaction():
        number = f"{CARD_PREFIX}{store.next_number('cardnumber', start=FIRST_NEW_CARD):08d}"
        csc = f"{secrets.randbelow(10_000):04d}"
        doc = insert_card(
            store,
            cardnumber=number,
            group_id=group_id,
            csc=csc,
            pin=None,
            passcode=0,
            cash_balance=0,
            bonus_balance=0,
            locked=False,
            lock_reason=None,
            holder=None,
            created=iso(now),
        )
    return doc, csc


def find_card_by_number(store: SimulatorStore, cardnumber: str) -> dict[str, Any] | None:
    row = store.execute("SELECT id FROM merchant_cards WHERE cardnumber = ?", (cardnumber,)).fetchone()
    return None if row is None else store.get(KIND, row["id"])


def get_card(store: SimulatorStore, card_id: str) -> dict[str, Any] | None:
    return store.get(KIND, card_id)


def card_secrets(store: SimulatorStore, card_id: str) -> tuple[str, str | None]:
    """The card's CSC and PIN (never part of any document)."""
    row = store.execute("SELECT csc, pin FROM merchant_cards WHERE id = ?", (card_id,)).fetchone()
    if row is None:
        raise KeyError(card_id)
    return row["csc"], row["pin"]


def save_card(store: SimulatorStore, doc: dict[str, Any]) -> None:
    store.put(KIND, doc["id"], doc)


def book(
    store: SimulatorStore,
    card_id: str,
    *,
    action: str,
    now: float,
    cash_delta: int = 0,
    bonus_delta: int = 0,
    points_delta: int = 0,
    smart_transaction_id: str | None = None,
) -> dict[str, Any]:
    """Change a card's balances by the given deltas and record it; returns the new document.

    Raises ApiError (code 1011) when a balance would go below zero; nothing changes then.
    """
    with store.transaction() as db:
        doc = get_card(store, card_id)
        if doc is None:
            raise KeyError(card_id)
        cash = doc["cash_balance"] + cash_delta
        bonus = doc["bonus_balance"] + bonus_delta
        points = doc["points"] + points_delta
        if cash < 0 or bonus < 0 or points < 0:
            raise ApiError(
                400,
                "ProductNotAllowedException",
                CODE_INSUFFICIENT_BALANCE,
                f"Insufficient balance on merchant card {card_id} for {action}",
            )
        doc.update(cash_balance=cash, bonus_balance=bonus, balance=cash + bonus, points=points)
        doc["last_usage"] = iso(now)
        if cash_delta > 0:
            doc["last_charge"] = iso(now)
        save_card(store, doc)
        db.execute(
            "INSERT INTO ledger (merchantcard_id, smart_transaction_id, action, cash_delta, bonus_delta, "
            "points_delta, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (card_id, smart_transaction_id, action, cash_delta, bonus_delta, points_delta, now),
        )
    return doc


def ledger_totals(store: SimulatorStore, card_id: str) -> tuple[int, int, int]:
    """Sum of all bookings of a card: (cash, bonus, points) — what the balances must equal
    (plus the seeded opening balances, which are booked as ``opening``)."""
    row = store.execute(
        "SELECT COALESCE(SUM(cash_delta), 0), COALESCE(SUM(bonus_delta), 0), COALESCE(SUM(points_delta), 0) "
        "FROM ledger WHERE merchantcard_id = ?",
        (card_id,),
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])
