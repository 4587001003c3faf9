"""Loyalty arithmetic of a smart transaction: what the card pays, what it collects, undoing it.

Pricing (``preTransaction``, docs/secuconnect.md §4.7, §4.10). The bonus balance is spent
first, up to what the basket's goods cost; it becomes negative lines, one per VAT rate that
gets a part, with the seeded bonus products (``Bonus Steuer 19`` …, ``quantity`` 1,
``item_type`` ``"article"``), their ids continuing the basket's numbering and the rates in the
order they first appear in the basket. The split over the rates is proportional to the goods'
gross per rate, largest remainder (:func:`cashier.domain.tender.allocate_bonus`). Then the
cash balance pays what is left, up to it. ``missing_sum`` is the rest. Our choice: the card
never pays its own load — lines with the charge EAN are left out of what bonus and cash
balance may pay (spending a balance to load the same balance would only move money in a
circle); a gratuity may be paid from the cash balance, not from bonus.

Bookings at start (every change goes through :func:`cardstore.book`, tagged with the STX id):
``discharge`` of the bonus and cash balance the plan used; ``charge`` of the charge-EAN lines
(cash balance); ``sale_revenue`` with the bonus granted — the group's ``x_bonus_percent`` of
the eligible revenue (goods without charge lines and bonus lines, minus the bonus spent),
rounded half-up to the cent — and points, one per full euro of eligible revenue (our choice;
only in groups with a bonus programme, so gift cards collect nothing).

Passcode policy (card ``passcode``, §3.3): 1 before any booking, 2 before a discharge,
3 before a charge, 4 before recording sale revenue, 6 before granting points; 5 (point
discharge) never applies because the simulator never discharges points. A cancel needs no
passcode (it is the merchant's operation).

Reversal (``cancel``/``cancelTrx``): every ledger booking of the transaction is booked again
with negated deltas (action ``cancel``); if the card can no longer give back what it got (a
load or granted bonus already spent) the cancel fails with 400 code 1007 and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cashier.domain.money import Money
from cashier.domain.tender import allocate_bonus
from cashier.domain.vat import VatRate, divide_round_half_up
from cashier.simulator import cards, cardstore, seed
from cashier.simulator.errors import CODE_CANCEL_FAILED, CODE_INSUFFICIENT_BALANCE, ApiError
from cashier.simulator.store import SimulatorStore
from cashier.simulator.transaction_body import lines_total

if TYPE_CHECKING:
    from cashier.simulator.context import SimulatorContext
    from cashier.simulator.oauth import Principal

_BONUS_PRODUCT_BY_TAX = {product.tax: product for product in seed.BONUS_PRODUCTS}


def client_lines(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The basket lines the till sent (bonus lines, the only negative ones, left out)."""
    return [line for line in doc["basket"]["products"] if line["priceOne"] >= 0]


def is_charge(line: dict[str, Any]) -> bool:
    return bool(line["ean"] == seed.CHARGE_EAN)


def goods(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Client lines that are not card loads."""
    return [line for line in client_lines(doc) if not is_charge(line)]


# --- pricing ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CardPlan:
    """What the card pays of a basket: ``bonus + cash + missing_sum == basket_info.sum``."""

    bonus: int
    cash: int
    missing_sum: int
    bonus_lines: tuple[dict[str, Any], ...]

    def stored(self) -> dict[str, int]:
        return {"bonus": self.bonus, "cash": self.cash, "missing_sum": self.missing_sum}


def price(doc: dict[str, Any], card: dict[str, Any] | None) -> CardPlan:
    """The plan of ``preTransaction`` for ``card`` (``None``: a card still to be created)."""
    bonus_balance = max(card["bonus_balance"], 0) if card else 0
    cash_balance = max(card["cash_balance"], 0) if card else 0
    lines = client_lines(doc)
    goods_total = lines_total([line for line in lines if not is_charge(line)])
    gratuity = doc["basket_info"].get("gratuity") or 0
    bonus = min(bonus_balance, goods_total)
    cash = min(cash_balance, goods_total + gratuity - bonus)
    next_id = max((line["id"] for line in lines), default=0) + 1
    return CardPlan(
        bonus=bonus,
        cash=cash,
        missing_sum=doc["basket_info"]["sum"] - bonus - cash,
        bonus_lines=tuple(_bonus_lines(goods(doc), bonus, next_id)),
    )


def _bonus_lines(lines: list[dict[str, Any]], bonus: int, first_id: int) -> list[dict[str, Any]]:
    if bonus == 0:
        return []
    gross: dict[VatRate, Money] = {}
    for line in lines:  # insertion order = order of first appearance in the basket
        rate = VatRate.from_percent(line["tax"])
        gross[rate] = gross.get(rate, Money.zero()) + Money(line["priceOne"] * line["quantity"])
    parts = allocate_bonus(Money(bonus), gross)
    result: list[dict[str, Any]] = []
    for rate in gross:
        part = parts[rate].cents
        if part <= 0:
            continue
        product = _BONUS_PRODUCT_BY_TAX[rate.percent]
        result.append(
            {
                "id": first_id + len(result),
                "parent": None,
                "item_type": "article",
                "articleNumber": product.article_number,
                "ean": product.article_number,
                "desc": product.desc,
                "quantity": 1,
                "priceOne": -part,
                "tax": rate.percent,
                "group": [],
                "serialNumber": None,
                "reference_id": None,
                "contract_id": None,
                "sum": None,
            }
        )
    return result


def bonus_product_view(line: dict[str, Any]) -> dict[str, Any]:
    """A bonus line as ``preTransaction`` lists it in ``bonus_products`` (§6.2)."""
    keys = ("id", "articleNumber", "ean", "quantity", "priceOne", "tax", "desc")
    return {key: line[key] for key in keys}


# --- bookings -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Bookings:
    """What starting the transaction books on its card (all amounts ≥ 0, in cents)."""

    bonus_used: int
    cash_used: int
    charge: int
    revenue: int
    bonus_granted: int
    points: int

    @property
    def is_empty(self) -> bool:
        return not (self.bonus_used or self.cash_used or self.charge or self.bonus_granted or self.points)


def plan_bookings(doc: dict[str, Any], group: dict[str, Any], *, bonus_used: int, cash_used: int) -> Bookings:
    revenue = lines_total(goods(doc)) - bonus_used
    percent = int(group.get("x_bonus_percent") or 0)
    return Bookings(
        bonus_used=bonus_used,
        cash_used=cash_used,
        charge=lines_total([line for line in client_lines(doc) if is_charge(line)]),
        revenue=revenue,
        bonus_granted=divide_round_half_up(revenue * percent, 100) if percent else 0,
        points=revenue // 100 if percent else 0,
    )


def passcode_needed(passcode: int, bookings: Bookings) -> bool:
    """Whether the card's passcode setting asks for the PIN before these bookings."""
    return (
        (passcode == 1 and not bookings.is_empty)
        or (passcode == 2 and bookings.bonus_used + bookings.cash_used > 0)
        or (passcode == 3 and bookings.charge > 0)
        or (passcode == 4 and bookings.revenue > 0)
        or (passcode == 6 and bookings.points > 0)
    )


def passcode_verified(ctx: SimulatorContext, principal: Principal, card_id: str) -> bool:
    """Whether this device session passed ``checkPasscode`` for the card (kept by :mod:`cards`)."""
    return cards.passcode_verified(ctx, principal, card_id)


def apply_bookings(
    store: SimulatorStore, card_id: str, bookings: Bookings, *, now: float, stx_id: str
) -> dict[str, Any]:
    """Book everything on the card (inside the caller's store transaction); the card after."""
    card = cardstore.get_card(store, card_id)
    assert card is not None
    if bookings.bonus_used or bookings.cash_used:
        card = cardstore.book(
            store,
            card_id,
            action="discharge",
            now=now,
            cash_delta=-bookings.cash_used,
            bonus_delta=-bookings.bonus_used,
            smart_transaction_id=stx_id,
        )
    if bookings.charge:
        card = cardstore.book(
            store, card_id, action="charge", now=now, cash_delta=bookings.charge, smart_transaction_id=stx_id
        )
    if bookings.bonus_granted or bookings.points:
        card = cardstore.book(
            store,
            card_id,
            action="sale_revenue",
            now=now,
            bonus_delta=bookings.bonus_granted,
            points_delta=bookings.points,
            smart_transaction_id=stx_id,
        )
    return card


# --- reversal ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Reversal:
    """What a cancel gave back to (positive) or took from (negative) one card."""

    card: dict[str, Any]
    cash: int
    bonus: int
    points: int


def reverse_bookings(store: SimulatorStore, stx_id: str, *, now: float) -> list[Reversal]:
    """Undo every booking of the transaction, all or nothing (400 code 1007 if impossible)."""
    reversals = []
    with store.transaction() as db:
        rows = db.execute(
            "SELECT merchantcard_id, SUM(cash_delta), SUM(bonus_delta), SUM(points_delta) FROM ledger "
            "WHERE smart_transaction_id = ? GROUP BY merchantcard_id ORDER BY MIN(seq)",
            (stx_id,),
        ).fetchall()
        for row in rows:
            card_id, cash, bonus, points = row[0], -int(row[1]), -int(row[2]), -int(row[3])
            if not (cash or bonus or points):
                continue
            try:
                card = cardstore.book(
                    store,
                    card_id,
                    action="cancel",
                    now=now,
                    cash_delta=cash,
                    bonus_delta=bonus,
                    points_delta=points,
                    smart_transaction_id=stx_id,
                )
            except ApiError as exc:
                if exc.code != CODE_INSUFFICIENT_BALANCE:
                    raise
                raise ApiError(
                    400,
                    "ProductNotAllowedException",
                    CODE_CANCEL_FAILED,
                    f"Smart transaction {stx_id} cannot be cancelled: merchant card {card_id} no longer "
                    "holds what this transaction booked on it",
                ) from None
            reversals.append(Reversal(card=card, cash=cash, bonus=bonus, points=points))
    return reversals
