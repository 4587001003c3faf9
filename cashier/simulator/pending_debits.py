"""Direct debits that answer ``pending`` after their start (``vendor_shapes`` only).

The docs: after ``start``, "Status ``ok``, ``received`` or ``collection`` means you can deliver.
Status ``pending`` means you have to wait for one of these statuses", and ``pending`` "can also
occur with direct debiting" (``integration/Capture_the_Payment.html``,
``integration/Status_Flow_of_a_Smart_Transaction.html``). The simulator's choice:

* a debit whose amount (what the bank collects: ``missing_sum`` after ``preTransaction``, else
  the sum) has the cent part **37** answers ``pending`` after ``POST …/start`` (or
  ``start/debit``): receipt written, the card's bookings made — the capture was requested;
* it turns ``ok`` at the ``pending_debit_reads``-th ``GET`` of the transaction after its start
  (default 3; 0 = never by itself), or when ``POST /simulator/transactions/{id}/settle``
  ``{"status": "ok"|"failed"}`` says so (the control answers 400 code 1010 for a transaction
  that is not pending). ``failed`` gives back what the card booked (as a cancel does) and keeps
  the receipt; the transaction can then be started again (``start/cash``, …) or aborted;
* while pending, ``start``, ``PUT``, ``abort`` and ``cancel`` answer 400 code 1010, like any
  step outside the status flow; ``received`` and ``collection`` are not modelled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cashier.simulator import cardstore, checkout, loyalty
from cashier.simulator import transaction_records as records
from cashier.simulator.errors import invalid, wrong_state
from cashier.simulator.transaction_body import card_summary

if TYPE_CHECKING:
    from cashier.simulator.context import SimulatorContext

PENDING_CENTS = 37
SETTLED = ("ok", "failed")


def stays_pending(ctx: SimulatorContext, amount: int) -> bool:
    """Whether a debit of ``amount`` cents answers ``pending`` after its start."""
    return ctx.config.vendor_shapes and amount % 100 == PENDING_CENTS


def hold(ctx: SimulatorContext, doc: dict[str, Any]) -> None:
    """Mark a just-started debit ``pending`` (inside the start's store transaction)."""
    doc.update(status="pending", x_pending_reads=0)
    records.save(ctx.store, doc)


def on_read(ctx: SimulatorContext, doc: dict[str, Any]) -> None:
    """Count a read of a pending debit; the configured one settles it ``ok``."""
    reads_to_ok = ctx.config.pending_debit_reads
    if doc.get("status") != "pending" or reads_to_ok == 0:
        return
    doc["x_pending_reads"] = doc.get("x_pending_reads", 0) + 1
    if doc["x_pending_reads"] >= reads_to_ok:
        settle(ctx, doc, "ok")
    else:
        records.save(ctx.store, doc)


def settle(ctx: SimulatorContext, doc: dict[str, Any], status: object) -> dict[str, Any]:
    """The bank's word on a pending debit: ``ok``, or ``failed`` with the card's bookings undone."""
    if status not in SETTLED:
        raise invalid("status", f"must be one of {', '.join(SETTLED)}")
    if doc["status"] != "pending":
        raise wrong_state(f"Smart transaction {doc['id']} is {doc['status']}, not pending")
    now = ctx.now()
    with ctx.store.transaction():
        if status == "failed":
            loyalty.reverse_bookings(ctx.store, doc["id"], now=now)
            found = checkout.card_ident(doc)
            if found is not None and "merchantcard" in found[1]:
                card = cardstore.get_card(ctx.store, found[1]["merchantcard"]["id"])
                if card is not None:
                    found[1]["merchantcard"] = card_summary(card)
        doc.pop("x_pending_reads", None)
        doc.update(status=status, updated=cardstore.iso(now))
        records.save(ctx.store, doc)
    return doc
