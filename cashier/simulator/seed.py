"""The demo shop every simulator starts with: fixed, documented, relied on by tests and demos.

``cashier simulator seed --show`` prints it. Ids are fixed so that a reset gives the same shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cashier.simulator.cardstore import insert_card
from cashier.simulator.store import SimulatorStore

CLIENT_ID = "cashier-demo"
CLIENT_SECRET = "cashier-demo-secret"  # the documented demo credentials, not a secret

MERCHANT_ID = "MRC_DEMO00000000000000000000000001"
MERCHANT_NAME = "Café Sonnenschein"
STORE_ID = "STO_DEMO00000000000000000000000001"
TILL_DEVICE_ID = "SDV_DEMO00000000000000000000000001"
TERMINAL_DEVICE_ID = "SDV_DEMO00000000000000000000000002"
TERMINAL_ID = "72015255"

CHARGE_EAN = "4260447149502"

LOYALTY_GROUP_ID = "CRG_DEMO00000000000000000000000001"
GIFT_GROUP_ID = "CRG_GIFT00000000000000000000000002"


@dataclass(frozen=True, slots=True)
class BonusProduct:
    tax: int
    desc: str
    article_number: str


BONUS_PRODUCTS = (
    BonusProduct(19, "Bonus Steuer 19", "1111111119"),
    BonusProduct(7, "Bonus Steuer 7", "111111117"),
    BonusProduct(0, "Bonus Steuer 0", "111111110"),
)


@dataclass(frozen=True, slots=True)
class CardGroupSeed:
    id: str
    name: str
    bonus_percent: int
    card_creation: bool


CARD_GROUPS = (
    CardGroupSeed(LOYALTY_GROUP_ID, "Demo Kundenkarte", 5, True),
    CardGroupSeed(GIFT_GROUP_ID, "Demo Geschenkkarte", 0, True),
)


@dataclass(frozen=True, slots=True)
class CardSeed:
    cardnumber: str
    group_id: str
    cash: int
    bonus: int
    locked: bool
    csc: str
    passcode: int
    pin: str | None
    holder: tuple[str, str, str] | None  # salutation, forename, surname
    note: str


CARDS = (
    CardSeed("9276004400000011", LOYALTY_GROUP_ID, 2000, 350, False, "1234", 0, None,
             ("Frau", "Erika", "Musterfrau"), "everyday card with cash balance and bonus"),
    CardSeed("9276004400000029", LOYALTY_GROUP_ID, 500, 0, False, "2345", 2, "4711",
             None, "passcode 2: PIN before the card pays"),
    CardSeed("9276004400000037", LOYALTY_GROUP_ID, 1000, 0, True, "3456", 0, None,
             None, "locked: lost"),
    CardSeed("9276004400000045", LOYALTY_GROUP_ID, 0, 0, False, "4567", 0, None,
             None, "empty card"),
    CardSeed("9276004400000053", GIFT_GROUP_ID, 5000, 0, False, "5678", 0, None,
             None, "gift card, no bonus"),
)  # fmt: skip


def merchant_doc() -> dict[str, Any]:
    return {"object": "general.merchants", "id": MERCHANT_ID, "companyname": MERCHANT_NAME}


def card_group_doc(group: CardGroupSeed) -> dict[str, Any]:
    return {
        "object": "loyalty.cardgroups",
        "id": group.id,
        "merchant": {"object": "general.merchants", "id": MERCHANT_ID},
        "display_name": group.name,
        "display_name_raw": group.name,
        "stock_warn_limit": 0,
        "picture": None,
        "balance_limit": 0,
        "balance_expiry": None,
        "cancel_selected": True,
        "description": group.name,
        # Simulator-only configuration, never sent to clients by the card endpoints.
        "x_bonus_percent": group.bonus_percent,
        "x_card_creation": group.card_creation,
    }


def apply_seed(store: SimulatorStore) -> None:
    """Write the demo shop into an empty store (idempotent: existing objects are overwritten)."""
    with store.transaction():
        store.put("general.merchants", MERCHANT_ID, merchant_doc())
        for group in CARD_GROUPS:
            store.put("loyalty.cardgroups", group.id, card_group_doc(group))
        for card in CARDS:
            insert_card(
                store,
                cardnumber=card.cardnumber,
                group_id=card.group_id,
                csc=card.csc,
                pin=card.pin,
                passcode=card.passcode,
                cash_balance=card.cash,
                bonus_balance=card.bonus,
                locked=card.locked,
                lock_reason=1 if card.locked else None,
                holder=card.holder,
                merchantcard_id=demo_card_id(card.cardnumber),
                created="2026-01-02T09:00:00+01:00",
            )


def demo_card_id(cardnumber: str) -> str:
    return f"MCD_DEMO{cardnumber[-8:].rjust(26, '0')}"


def describe() -> str:
    """The seed as text, for ``cashier simulator seed --show``."""
    lines = [
        f"Merchant   {MERCHANT_NAME} ({MERCHANT_ID}), store {STORE_ID}",
        f"Devices    till {TILL_DEVICE_ID}, terminal {TERMINAL_DEVICE_ID} (TID {TERMINAL_ID})",
        f"Client     client_id {CLIENT_ID}, client_secret {CLIENT_SECRET}",
        "",
        "Card groups",
    ]
    for group in CARD_GROUPS:
        bonus = f"{group.bonus_percent} % bonus on eligible revenue" if group.bonus_percent else "no bonus"
        creation = "card creation allowed" if group.card_creation else "no card creation"
        lines.append(f"  {group.id}  {group.name:<20} {bonus}, {creation}")
    lines += ["", "Bonus products (one per VAT rate; the charge EAN earns no bonus)"]
    lines += [f"  {p.desc:<16} {p.tax:>2} %  article/EAN {p.article_number}" for p in BONUS_PRODUCTS]
    lines += [f"  charge EAN (card load): {CHARGE_EAN}", "", "Cards (balances in cents)"]
    lines.append(
        f"  {'card number':<17} {'group':<19} {'cash':>6} {'bonus':>6}  {'state':<9} CSC   PIN   {'holder':<16}  note"
    )
    names = {group.id: group.name for group in CARD_GROUPS}
    for card in CARDS:
        state = "locked" if card.locked else "unlocked"
        pin = card.pin or "-"
        holder = " ".join(card.holder[1:]) if card.holder else "-"
        lines.append(
            f"  {card.cardnumber:<17} {names[card.group_id]:<19} {card.cash:>6} {card.bonus:>6}  "
            f"{state:<9} {card.csc}  {pin:<4}  {holder:<16}  {card.note}"
        )
    lines.append("  any other number is unknown (isValid: false)")
    return "\n".join(lines)
