"""Starting and cancelling a smart transaction: which state allows what, and what a start does.

Status flow (docs/secuconnect.md §4.6) as the simulator runs it::

    created ──preTransaction──▶ processing ──PUT──▶ created
    created|processing ──prepare/debit──▶ approved ──start──▶ ok
    created|processing|failed ──start/{loyalty|cash|cashless}──▶ ok   (cashless declined: failed)
    created|processing|approved|failed ──abort──▶ aborted
    ok ──cancel (not cashless) | cancelTrx (cashless)──▶ cancelled

Choices where secuconnect is silent: a ``failed`` transaction (declined at the terminal) may be
started again with any method, or aborted; it keeps its ``preTransaction`` plan. Any other
start from a state outside the diagram is refused with 400 code 1010 *before* anything is
booked, so a repeated ``start`` never charges a card twice. ``start/loyalty`` needs
``preTransaction`` with ``missing_sum`` 0, else 400 code 1011. A start that would book on a
card whose passcode setting asks for it, without a ``checkPasscode`` of this device session,
is refused with 400 code 1016 ("passcode required"). If the card's balances changed since
``preTransaction`` so that its plan can no longer be booked, the start is refused with 400
code 1011 and nothing changes (call ``preTransaction`` again). Every start writes ``trans_id`` (the
8-digit "TA code", a counter), ``updated`` and ``receipt``; ``transactions`` holds one
``loyalty.transactions`` reference when the card was booked (a cancel adds the reversing one).
A ``create_card`` ident gets its card at start (:func:`cardstore.issue_card`): the ident's
``value`` becomes the new card number and its ``merchantcard`` the new card; the new CSC
appears as ``merchantcard.csc`` in that start's response only (never stored, never in a GET).
A cancelled ``create_card`` transaction keeps its (now empty) card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cashier.simulator import cardstore, loyalty, receipts
from cashier.simulator import transaction_records as records
from cashier.simulator.errors import (
    CODE_CANCEL_FAILED,
    CODE_INSUFFICIENT_BALANCE,
    ApiError,
    not_found,
    wrong_state,
)
from cashier.simulator.store import new_id
from cashier.simulator.transaction_body import card_refused, card_summary

if TYPE_CHECKING:
    from cashier.simulator.context import SimulatorContext
    from cashier.simulator.oauth import Principal

STARTABLE = ("created", "processing", "failed")
EDITABLE = ("created", "processing", "approved")
ABORTABLE = ("created", "processing", "approved", "failed")
FIRST_TRANS_ID = 41_822_901


def require_state(doc: dict[str, Any], allowed: tuple[str, ...], action: str) -> None:
    if doc["status"] not in allowed:
        raise wrong_state(
            f"Smart transaction {doc['id']} is {doc['status']}; {action} needs status {' or '.join(allowed)}"
        )


def card_ident(doc: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
    """Position and ident of the transaction's card or create_card ident, if any."""
    for index, ident in enumerate(doc.get("idents") or []):
        if ident.get("type") in ("card", "create_card"):
            return index, ident
    return None


def current_card(ctx: SimulatorContext, doc: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The existing card of a ``card`` ident (refused with 1016 when locked by now)."""
    found = card_ident(doc)
    if found is None or found[1]["type"] != "card":
        return None
    index, ident = found
    card = cardstore.get_card(ctx.store, ident["merchantcard"]["id"])
    if card is None or card["lock_status"] != "unlocked" or card["stock_status"] != "active":
        raise card_refused(f"idents[{index}]", f"card {ident['value']} is locked")
    return f"idents[{index}]", card


@dataclass(frozen=True, slots=True)
class StartPlan:
    """A checked start: what the card books and what the till, terminal or bank collects."""

    amount: int
    card: dict[str, Any] | None = None
    create_group_id: str | None = None
    bookings: loyalty.Bookings | None = None


def plan_start(
    ctx: SimulatorContext,
    principal: Principal,
    doc: dict[str, Any],
    method: str,
    allowed: tuple[str, ...] = STARTABLE,
) -> StartPlan:
    """Every check of a start, nothing booked yet (run again after a terminal's delay)."""
    require_state(doc, allowed, f"start/{method}")
    plan = doc.get("x_plan")
    if method == "loyalty" and (plan is None or plan["missing_sum"] != 0):
        raise ApiError(
            400,
            "ProductNotAllowedException",
            CODE_INSUFFICIENT_BALANCE,
            f"start/loyalty needs preTransaction with missing_sum 0 (missing_sum: "
            f"{None if plan is None else plan['missing_sum']})",
        )
    amount = doc["basket_info"]["sum"] if plan is None else plan["missing_sum"]
    used = (
        {"bonus_used": plan["bonus"], "cash_used": plan["cash"]}
        if plan
        else {"bonus_used": 0, "cash_used": 0}
    )
    existing = current_card(ctx, doc)
    if existing is not None:
        where, card = existing
        group = ctx.store.get("loyalty.cardgroups", card["cardgroup"]["id"]) or {}
        bookings = loyalty.plan_bookings(doc, group, **used)
        if loyalty.passcode_needed(card["passcode"], bookings) and not loyalty.passcode_verified(
            ctx, principal, card["id"]
        ):
            raise card_refused(where, "passcode required (checkPasscode first)")
        return StartPlan(amount=amount, card=card, bookings=bookings)
    found = card_ident(doc)
    if found is not None:  # create_card: the group was checked when the ident was added
        group_id = found[1]["value"]
        new_group = ctx.store.get("loyalty.cardgroups", group_id)
        if new_group is None:
            raise not_found("Card group", group_id)
        return StartPlan(
            amount=amount, create_group_id=group_id, bookings=loyalty.plan_bookings(doc, new_group, **used)
        )
    return StartPlan(amount=amount)


def settle(
    ctx: SimulatorContext,
    doc: dict[str, Any],
    start: StartPlan,
    *,
    method: str,
    payment_receipt: list[receipts.Line],
    fields: dict[str, Any],
) -> tuple[dict[str, Any], str | None]:
    """Book, write the receipt and mark the transaction ``ok``; returns it and a new card's CSC.

    Runs in one store transaction: a refused booking (balance changed meanwhile) undoes all.
    """
    store = ctx.store
    now = ctx.now()
    new_csc = None
    with store.transaction():
        card = start.card
        found = card_ident(doc)
        if start.create_group_id is not None and found is not None:
            card, new_csc = cardstore.issue_card(store, start.create_group_id, now)
            found[1]["value"] = card["card"]["cardnumber"]
        trans_id = store.next_number("trans_id", start=FIRST_TRANS_ID)
        receipt = list(payment_receipt)
        transactions: list[dict[str, Any]] = []
        if card is not None and start.bookings is not None and found is not None:
            if not start.bookings.is_empty:
                card = loyalty.apply_bookings(store, card["id"], start.bookings, now=now, stx_id=doc["id"])
                transactions.append({"object": "loyalty.transactions", "id": new_id("LTX")})
            found[1]["merchantcard"] = card_summary(card)
            only_loads = bool(loyalty.client_lines(doc)) and not loyalty.goods(doc)
            facts = receipts.LoyaltyFacts(
                cardnumber=card["card"]["cardnumber"],
                trans_id=trans_id,
                when=now,
                bookings=start.bookings,
                card_after=card,
                load_only=only_loads,
            )
            receipt += receipts.loyalty_section(facts)
        doc.update(
            status="ok",
            payment_method=method,
            updated=cardstore.iso(now),
            trans_id=trans_id,
            transactions=transactions,
            receipt=receipt,
            **fields,
        )
        doc["x_started"] = now
        records.save(store, doc)
    return doc, new_csc


def reverse(ctx: SimulatorContext, doc: dict[str, Any]) -> list[loyalty.Reversal]:
    """Give back every booking of the transaction and mark it ``cancelled`` (receipt untouched)."""
    now = ctx.now()
    reversals = loyalty.reverse_bookings(ctx.store, doc["id"], now=now)
    if reversals:
        doc["transactions"] = [
            *doc.get("transactions", []),
            {"object": "loyalty.transactions", "id": new_id("LTX")},
        ]
    found = card_ident(doc)
    if found is not None and "merchantcard" in found[1]:
        card = cardstore.get_card(ctx.store, found[1]["merchantcard"]["id"])
        if card is not None:
            found[1]["merchantcard"] = card_summary(card)
    doc.update(status="cancelled", updated=cardstore.iso(now))
    return reversals


def cancel(ctx: SimulatorContext, doc: dict[str, Any]) -> dict[str, Any]:
    """``POST …/cancel``: reverse a loyalty, cash or debit transaction; a STORNO receipt."""
    require_state(doc, ("ok",), "cancel")
    if doc.get("payment_method") == "cashless" or doc.get("x_report"):
        what = "a terminal payment (use cancelTrx)" if doc.get("payment_method") == "cashless" else "a report"
        raise ApiError(
            400, "ProductNotAllowedException", CODE_CANCEL_FAILED, f"Smart transaction {doc['id']} is {what}"
        )
    with ctx.store.transaction():
        reversals = reverse(ctx, doc)
        found = card_ident(doc)
        card = None
        if found is not None and "merchantcard" in found[1]:
            card = cardstore.get_card(ctx.store, found[1]["merchantcard"]["id"])
        facts = receipts.StornoFacts(
            caption=card["cardgroup"]["display_name"] if card else "Storno",
            when=ctx.now(),
            trans_id=doc.get("trans_id"),
            started=doc.get("x_started"),
            cancelled_amount=doc["basket_info"]["sum"],
            cancelled_points=-sum(reversal.points for reversal in reversals),
            balance=card["balance"] if card else None,
            points=card["points"] if card else None,
        )
        doc["receipt"] = receipts.storno_receipt(facts)
        records.save(ctx.store, doc)
    return doc
