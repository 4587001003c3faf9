"""What became of a request whose answer was lost — decided on the service's word only.

A slow server can finish a request after the till gave up waiting for it: a ``start`` still
queued or running on the server reads back as unstarted (``created``, ``processing``,
``approved``) and is booked a moment later. So an unstarted status read after a lost answer
proves nothing. A payment is "not carried out" only when the service confirms a final state
that rules it out:

* the transaction is ``aborted`` or ``cancelled`` — typically because the till sent ``abort``
  and read the transaction back (the service refuses to start an aborted transaction, so a
  start still on its way can no longer book);
* the service does not know the transaction at all (404).

``pending`` (a direct debit requested, not yet confirmed) is a payment in progress: the sale is
paid-in-progress and read again until ``ok`` or ``failed`` — never undone. ``received`` and
``collection`` count as ``ok``. Everything else keeps the outcome **unknown**: the sale stays
"starting" and is read again (:mod:`cashier.services.reconcile`) until the service confirms
one of the above.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from cashier.api import errors as api
from cashier.api.client import SecuconnectClient
from cashier.api.transactions import SmartTransaction

log = logging.getLogger(__name__)

UNSTARTED = frozenset({"created", "processing", "approved"})
"""Statuses of a transaction whose start has not (yet) been booked."""
DELIVER = frozenset({"ok", "received", "collection", "collected"})
"""Statuses in which the goods may be handed over ("ok, received or collection means you can
deliver" — the vendor's Capture the Payment guide)."""
IN_PROGRESS = frozenset({"pending"})
"""A payment requested but not confirmed yet (a direct debit): paid-in-progress, never undone."""
RULED_OUT = frozenset({"aborted", "cancelled", "canceled"})
"""Final statuses in which the transaction holds no payment."""


class Verdict(StrEnum):
    PAID = "paid"  # ok, received, collection
    PENDING = "pending"  # requested, to be confirmed by the service later
    DECLINED = "declined"  # failed: the terminal or the bank said no
    NOT_PAID = "not_paid"  # proven: aborted/cancelled, or unknown to the service
    UNKNOWN = "unknown"  # nothing the service said rules either way


@dataclass(frozen=True, slots=True)
class Finding:
    verdict: Verdict
    transaction: SmartTransaction | None
    reason: str
    """For the journal and the log: what the service said (never a secret)."""

    @property
    def unknown_to_service(self) -> bool:
        return self.verdict is Verdict.NOT_PAID and self.transaction is None


def judge(transaction: SmartTransaction) -> Verdict:
    """The verdict a transaction's status alone allows (unstarted: unknown)."""
    status = transaction.status
    if status in DELIVER:
        return Verdict.PAID
    if status in IN_PROGRESS:
        return Verdict.PENDING
    if status == "failed":
        return Verdict.DECLINED
    if status in RULED_OUT:
        return Verdict.NOT_PAID
    return Verdict.UNKNOWN


async def read(client: SecuconnectClient, stx_id: str) -> Finding:
    """Read the transaction once: a verdict from its status, 404 as "not paid", else unknown."""
    try:
        transaction = await client.get_transaction(stx_id)
    except api.NotFound:
        return Finding(Verdict.NOT_PAID, None, f"secuconnect has no transaction {stx_id}")
    except api.ApiError as error:
        log.warning("reading %s to settle its outcome: %s", stx_id, error.message)
        return Finding(Verdict.UNKNOWN, None, "secuconnect could not be asked")
    return Finding(judge(transaction), transaction, f"{stx_id} is {transaction.status}")


async def settle_payment(
    client: SecuconnectClient,
    stx_id: str,
    *,
    may_abort: bool,
    seen: SmartTransaction | None = None,
) -> Finding:
    """Drive a payment whose answer was lost (or was not final) to a confirmed outcome.

    ``seen`` is a status already in hand (an answer, or a read); without it the transaction is
    read first. An unstarted transaction is aborted when ``may_abort`` (not while a terminal
    may still be busy with the customer's card), and then read back: only the service's
    ``aborted`` proves the payment will not happen. A refused or lost abort proves nothing —
    the read back decides (a start that won the race shows ``ok``).
    """
    finding = (
        await read(client, stx_id)
        if seen is None
        else Finding(judge(seen), seen, f"{stx_id} is {seen.status}")
    )
    if finding.verdict is not Verdict.UNKNOWN or finding.transaction is None:
        return finding
    if finding.transaction.status not in UNSTARTED or not may_abort:
        return finding
    try:
        await client.abort(stx_id)
    except api.ApiError as error:  # refused (it may have started meanwhile) or lost: read back
        log.warning("abort of %s to settle a lost payment: %s", stx_id, error.message)
    back = await read(client, stx_id)
    if back.verdict is Verdict.NOT_PAID and back.transaction is not None:
        return Finding(Verdict.NOT_PAID, back.transaction, f"{stx_id} aborted by the till and read back")
    return back
