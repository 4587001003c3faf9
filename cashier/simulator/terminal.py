"""The SmartZVT card terminal: ``start/cashless``, ``cancelTrx``, end of day and diagnosis.

Every terminal call blocks for ``terminal_delay`` seconds (``ctx.config.sleep``, so tests
never wait) and checks its preconditions both before and after that wait — whatever changed
meanwhile (a second start, an abort) wins, and nothing is booked twice.

Choices where secuconnect is silent:

* The terminal collects ``missing_sum`` after ``preTransaction``, else the basket sum; with
  nothing to collect the start is refused (400 code 1010: use ``start/loyalty``).
* **Any amount whose cent part is 13 is declined**: status ``failed`` (HTTP 200), no booking,
  no card issued, no ``receipt_number``; ``receipt`` is the customer copy ending in ``Karte
  abgelehnt``. The transaction can be started again (e.g. ``start/cash``) or aborted.
* An accepted payment gets ``receipt_number`` (a counter over all payments), a trace number,
  ``device_destination`` (the demo terminal), ``receipt`` (customer copy, then the loyalty
  section when a card is in ``idents``) and ``receipt_merchant``.
  ``receipt_merchant_print`` says whether the terminal **already printed** the merchant copy
  (SDK field doc: "Whether the receipt for the merchant was printed"). This terminal prints
  it itself from 100,00 EUR (``true``; the copy ends with a signature line); below, the copy
  is left to the till (``false``). With ``vendor_shapes`` the terminal prints nothing: always
  ``false``, every merchant copy is the till's (as in the docs' example answer).
* ``cancelTrx`` finds the ``ok`` terminal payment by receipt number (404 when there is none),
  only in the current end-of-day period (else 400 code 1007); it reverses the card's bookings,
  sets ``cancelled`` and leaves both receipts as they were.
* End of day (``me`` or a demo device id, else 404) reports the number and sum of accepted,
  not cancelled terminal payments since the previous end of day and starts a new period;
  diagnosis reports ``Status: OK``. Both return a new smart transaction (status ``ok``,
  ``payment_method`` null, ``intent`` null, empty basket) that can be read later but not
  cancelled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cashier.simulator import cardstore, checkout, receipts, seed
from cashier.simulator import transaction_records as records
from cashier.simulator.errors import CODE_CANCEL_FAILED, CODE_WRONG_STATE, ApiError, invalid, not_found
from cashier.simulator.store import SimulatorStore
from cashier.simulator.transaction_body import ParsedBody, new_document

if TYPE_CHECKING:
    from cashier.simulator.context import SimulatorContext
    from cashier.simulator.oauth import Principal

TERMINAL = {"object": "smart.devices", "id": seed.TERMINAL_DEVICE_ID}
DECLINED_CENTS = 13
PERIOD_COUNTER = "end_of_day"


def is_declined(amount: int) -> bool:
    return amount % 100 == DECLINED_CENTS


def current_period(store: SimulatorStore) -> int:
    """How many end-of-day reports have run (the period payments belong to)."""
    row = store.execute("SELECT value FROM counters WHERE name = ?", (PERIOD_COUNTER,)).fetchone()
    return 0 if row is None else int(row["value"])


def _plan(ctx: SimulatorContext, principal: Principal, doc: dict[str, Any]) -> checkout.StartPlan:
    start = checkout.plan_start(ctx, principal, doc, "cashless")
    if start.amount <= 0:
        raise ApiError(
            400,
            "ProductNotAllowedException",
            CODE_WRONG_STATE,
            f"Smart transaction {doc['id']}: nothing to pay at the terminal (use start/loyalty)",
        )
    return start


async def start_cashless(
    ctx: SimulatorContext, principal: Principal, stx_id: str
) -> tuple[dict[str, Any], str | None]:
    _plan(ctx, principal, records.load(ctx.store, stx_id))
    await ctx.config.sleep(ctx.config.terminal_delay)
    store = ctx.store
    now = ctx.now()
    with store.transaction():
        doc = records.load(store, stx_id)
        start = _plan(ctx, principal, doc)
        trace = store.next_number("terminal_trace")
        if is_declined(start.amount):
            facts = receipts.TerminalFacts(
                amount=start.amount, when=now, trace_number=trace, receipt_number=None
            )
            doc.update(
                status="failed",
                payment_method="cashless",
                updated=cardstore.iso(now),
                device_destination=TERMINAL,
                receipt=receipts.card_payment_receipt(facts),
            )
            records.save(store, doc)
            return doc, None
        number = store.next_number("receipt_number")
        facts = receipts.TerminalFacts(
            amount=start.amount, when=now, trace_number=trace, receipt_number=number
        )
        fields = {
            "device_destination": TERMINAL,
            "receipt_number": number,
            "receipt_merchant": receipts.merchant_receipt(facts),
            "receipt_merchant_print": not ctx.config.vendor_shapes and receipts.needs_signature(start.amount),
            "x_terminal_amount": start.amount,
            "x_period": current_period(store),
        }
        return checkout.settle(
            ctx,
            doc,
            start,
            method="cashless",
            payment_receipt=receipts.card_payment_receipt(facts),
            fields=fields,
        )


def _cancellable(store: SimulatorStore, receipt_number: int) -> dict[str, Any]:
    doc = records.find_by_receipt_number(store, receipt_number)
    if doc is None:
        raise not_found("Smart transaction with receipt number", str(receipt_number))
    if doc["status"] != "ok":
        problem = f"is {doc['status']}"
    elif doc.get("x_period") != current_period(store):
        problem = "was settled by an end of day already"
    else:
        return doc
    raise ApiError(
        400,
        "ProductNotAllowedException",
        CODE_CANCEL_FAILED,
        f"The terminal payment with receipt number {receipt_number} cannot be cancelled: it {problem}",
    )


async def cancel_trx(ctx: SimulatorContext, receipt_number_text: str) -> dict[str, Any]:
    try:
        receipt_number = int(receipt_number_text)
    except ValueError:
        raise invalid("receipt_number", "must be the int receipt number of a terminal payment") from None
    _cancellable(ctx.store, receipt_number)
    await ctx.config.sleep(ctx.config.terminal_delay)
    with ctx.store.transaction():
        doc = _cancellable(ctx.store, receipt_number)
        checkout.reverse(ctx, doc)
        records.save(ctx.store, doc)
    return doc


def _check_device(device_id: str) -> None:
    if device_id not in ("me", seed.TERMINAL_DEVICE_ID, seed.TILL_DEVICE_ID):
        raise not_found("Smart device", device_id)


def _report(ctx: SimulatorContext, kind: str, receipt: list[receipts.Line]) -> dict[str, Any]:
    empty = ParsedBody(
        basket={"products": [], "texts": [], "type": "default"},
        basket_info={"sum": 0, "gratuity": None, "currency": "EUR"},
        idents=[],
        intent="sale",
        is_demo=False,
        merchant_ref=None,
        transaction_ref=None,
    )
    now = ctx.now()
    doc = new_document(now, empty)
    doc.update(
        intent=None,
        status="ok",
        updated=cardstore.iso(now),
        device_destination=TERMINAL,
        receipt=receipt,
        x_report=kind,
    )
    records.save(ctx.store, doc)
    return doc


async def end_of_day(ctx: SimulatorContext, device_id: str) -> dict[str, Any]:
    _check_device(device_id)
    await ctx.config.sleep(ctx.config.terminal_delay)
    store = ctx.store
    with store.transaction():
        period = current_period(store)
        payments = [
            doc["x_terminal_amount"]
            for doc in store.all(records.KIND)
            if doc["status"] == "ok" and doc.get("x_period") == period and "x_terminal_amount" in doc
        ]
        store.next_number(PERIOD_COUNTER)
        receipt = receipts.end_of_day_receipt(when=ctx.now(), payments=len(payments), total=sum(payments))
        return _report(ctx, "end_of_day", receipt)


async def diagnosis(ctx: SimulatorContext, device_id: str) -> dict[str, Any]:
    _check_device(device_id)
    await ctx.config.sleep(ctx.config.terminal_delay)
    with ctx.store.transaction():
        return _report(ctx, "diagnosis", receipts.diagnosis_receipt(when=ctx.now()))
