"""Paying a sale exactly once: cash, terminal, SEPA direct debit, or the card's balance.

The order of a payment (DESIGN.md §4):

1. checks that need no server (basket, amounts, cash given, PIN policy);
2. the smart transaction is brought up to date (:class:`TransactionSync`);
3. the journal records ``starting`` with the method — **before** ``start`` is sent;
4. ``start`` is sent once. Its answer completes the sale (``ok``) or declines it (``failed``).
   When the answer is lost (:class:`cashier.api.errors.OutcomeUnknown`) the transaction is
   **read**, and its real status decides: ``ok`` completes the sale, ``failed`` declines it,
   an unstarted status means the payment was not carried out (the cashier may pay again — a
   new, deliberate start). If it cannot even be read, the sale stays ``starting`` and is
   reconciled before the till takes new work (:mod:`cashier.services.reconcile`).
   ``start`` is never sent a second time for a payment without this read.
5. the completed sale gets its receipts, stored and then printed; a printer failure leaves
   the sale completed and the print job retryable. A new card's security code goes to the
   printer with the first print of the customer's receipt only; it is never stored.
   ``pay(..., print_now=False)`` stores the receipts in the print queue and returns at once;
   :meth:`PaymentService.print_receipts` prints them afterwards (the window shows the result
   while a printer that does not answer times out).

A new card without a load is a sale of nothing: an empty basket, paid "in cash" with 0,00 €
(secuconnect creates the card at ``start``; the simulator accepts a zero sum).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from cashier.api import errors as api
from cashier.domain.errors import InputError
from cashier.domain.iban import parse_iban
from cashier.domain.money import Money
from cashier.domain.receipt_codec import dumps_receipt
from cashier.domain.tender import change_due
from cashier.services.errors import (
    InsufficientCash,
    InvalidInput,
    InvalidState,
    OutcomeUnknown,
    PaymentDeclined,
    PaymentNotCarriedOut,
    PinRequired,
)
from cashier.services.printing import PrintService
from cashier.services.receipt_factory import ReceiptFactory, SaleReceipts
from cashier.services.sale import Sale, SaleState, Tender
from cashier.services.sale_service import SaleService
from cashier.services.translate import translate

log = logging.getLogger(__name__)

UNSTARTED = frozenset({"created", "processing", "approved"})

TERMINAL_GRACE = timedelta(seconds=200)
"""How long after ``start/cashless`` was sent an unstarted status proves nothing: the terminal
may still be waiting for the customer (the client's terminal timeout is 180 s)."""


@dataclass(frozen=True, slots=True)
class PaymentResult:
    sale: Sale
    transaction: dict[str, Any]
    receipts: SaleReceipts
    printed: bool
    print_error: str | None = None
    print_jobs: tuple[int, ...] = ()
    """The receipts' jobs in the print queue; while ``print_pending`` they await
    :meth:`PaymentService.print_receipts`."""
    print_pending: bool = False


class PaymentService:
    def __init__(
        self, sales: SaleService, receipts: ReceiptFactory, printer: PrintService | None = None
    ) -> None:
        self.sales = sales
        self.client = sales.client
        self.journal = sales.journal
        self.till = sales.till
        self.receipts = receipts
        self.printer = printer

    async def pay(
        self,
        sale: Sale,
        tender: Tender,
        *,
        given: Money | None = None,
        iban: str | None = None,
        holder: str | None = None,
        print_now: bool = True,
    ) -> PaymentResult:
        """Pay ``sale`` once. ``print_now=False``: the receipts are queued, not yet printed."""
        self._check(sale, tender, given)
        # A direct debit prepared by an earlier attempt is started as it is; any other tender
        # first takes the transaction back from "approved" (a PUT drops the prepared debit).
        prepared = sale.remote_status == "approved"
        if prepared and tender is not Tender.SEPA:
            await self.sales.sync.ensure(sale, force=True)
            prepared = False
        container_id = None
        if tender is Tender.SEPA and not prepared:
            container_id = await self._sepa_container(iban, holder)
        await self.sales.sync.ensure(sale)
        stx = sale.smart_transaction_id or ""
        back_to = sale.state
        started_at = self.till.now()
        sale.tender = tender
        sale.cash_given = given if tender is Tender.CASH else None
        sale.move_to(SaleState.STARTING)
        self.journal.step(
            sale.sale_id,
            from_state=back_to.value,
            to_state=SaleState.STARTING.value,
            action=f"start/{tender.start_method}",
            at=started_at,
            details={"amount_due": sale.amount_due.cents, "return_to": back_to.value},
            tender=tender.value,
            cash_given=None if given is None else given.cents,
        )
        try:
            if tender is Tender.SEPA:
                if not prepared:
                    await self.client.prepare_debit(stx, container_id or "")
                    sale.remote_status = "approved"
                answer = await self.client.start_prepared(stx)
            else:
                answer = await self.client.start(stx, tender.start_method)
            ident = answer.card_ident
            if ident is not None and ident.merchantcard is not None and ident.merchantcard.csc is not None:
                sale.new_card_csc = ident.merchantcard.csc.get_secret_value()
            transaction = answer.model_dump(mode="json", by_alias=True)
        except api.OutcomeUnknown as unknown:
            log.warning("start of %s (%s): outcome unknown; reading the transaction", stx, sale.sale_id)
            transaction = await self._read_after_unknown(sale, back_to, unknown)
        except api.ApiError as error:  # a clear refusal: nothing happened
            self._back(sale, back_to, f"refused: {error.message}")
            raise translate(error, doing="Starting the payment") from error
        return await self.conclude(sale, transaction, back_to, started_at, print_now=print_now)

    async def print_receipts(self, result: PaymentResult) -> PaymentResult:
        """Print the receipts a payment with ``print_now=False`` queued; the result as printed."""
        if not result.print_pending:
            return result
        printed, error = await self._print(result.sale, result.print_jobs)
        return replace(result, printed=printed, print_error=error, print_pending=False)

    # --- after start ------------------------------------------------------------------------
    async def conclude(
        self,
        sale: Sale,
        transaction: dict[str, Any],
        back_to: SaleState,
        started_at: datetime,
        *,
        print_now: bool = True,
    ) -> PaymentResult:
        """Follow the transaction's real status (also used by reconciliation).

        ``started_at`` is when ``start`` was sent: a terminal payment whose transaction still
        looks unstarted within :data:`TERMINAL_GRACE` of it stays "outcome unknown" — the
        terminal may still be busy with the customer's card.
        """
        status = str(transaction.get("status"))
        sale.remote_status = status
        in_grace = self.till.now() - started_at < TERMINAL_GRACE
        if status in UNSTARTED and sale.tender is Tender.TERMINAL and in_grace:
            self.journal.update(
                sale.sale_id, at=self.till.now(), last_error="terminal payment not settled yet"
            )
            raise OutcomeUnknown(
                "The terminal may still be working on this payment. Wait for it to finish, then check "
                "the sale again; do not take the payment a second time.",
                sale.sale_id,
            )
        if status == "ok":
            return await self._complete(sale, transaction, print_now=print_now)
        if status == "failed":
            sale.move_to(SaleState.FAILED)
            self.journal.step(
                sale.sale_id,
                from_state=SaleState.STARTING.value,
                to_state=SaleState.FAILED.value,
                action="declined",
                at=self.till.now(),
                transaction_json=json.dumps(transaction, ensure_ascii=False),
                last_error="declined",
            )
            raise PaymentDeclined("The payment was declined. Nothing was charged; pay another way or abort.")
        if status in UNSTARTED:
            self._back(sale, back_to, "not carried out")
            raise PaymentNotCarriedOut(
                "The connection failed before the payment was carried out. Nothing was charged; try again."
            )
        self._back(sale, back_to, f"unexpected status {status}")
        raise InvalidState(f"secuconnect reports the sale's transaction as {status}.")

    async def _read_after_unknown(
        self, sale: Sale, back_to: SaleState, unknown: api.OutcomeUnknown
    ) -> dict[str, Any]:
        try:
            read = await self.client.get_transaction(sale.smart_transaction_id or "")
        except api.ApiError as error:
            self.journal.update(
                sale.sale_id, at=self.till.now(), last_error=f"outcome unknown: {error.message}"
            )
            raise OutcomeUnknown(
                "The connection was lost during the payment and secuconnect cannot be reached to check it. "
                "The sale is kept and will be checked before the next one.",
                sale.sale_id,
            ) from unknown
        return dict(read.model_dump(mode="json", by_alias=True))

    async def _complete(self, sale: Sale, transaction: dict[str, Any], *, print_now: bool) -> PaymentResult:
        at = self.till.now()
        due = sale.amount_due
        if sale.tender is Tender.CASH and sale.cash_given is not None:
            sale.change = change_due(due, sale.cash_given)
        if sale.create_card_group:
            sale.new_card_number = _created_card_number(transaction)
        receipts = self.receipts.for_sale(sale, transaction, at)
        sale.move_to(SaleState.COMPLETED)
        card_after = _card_after(transaction)
        self.journal.step(
            sale.sale_id,
            from_state=SaleState.STARTING.value,
            to_state=SaleState.COMPLETED.value,
            action="completed",
            at=at,
            transaction_json=json.dumps(_without_csc(transaction), ensure_ascii=False),
            amount_collected=due.cents if sale.tender is not Tender.CARD else 0,
            change=None if sale.change is None else sale.change.cents,
            card_loaded=sum(line.total.cents for line in sale.basket if line.is_card_load),
            bonus_granted=_bonus_granted(sale, card_after),
            new_card_number=sale.new_card_number,
            receipt_number=transaction.get("receipt_number"),
            receipt_json=dumps_receipt(receipts.customer),
            last_error=None,
        )
        jobs = self._queue(sale, receipts)
        if not print_now and jobs:
            return PaymentResult(sale, transaction, receipts, False, None, jobs, print_pending=True)
        printed, error = await self._print(sale, jobs)
        return PaymentResult(sale, transaction, receipts, printed, error, jobs)

    def _queue(self, sale: Sale, receipts: SaleReceipts) -> tuple[int, ...]:
        """The receipts into the print queue, in the journal right after the sale completed."""
        if self.printer is None:
            return ()
        try:
            return tuple(self.printer.queue_sale(receipts.customer, receipts.merchant, sale_id=sale.sale_id))
        except Exception:  # a bug in printing never undoes a sale
            log.exception("the receipts of %s could not be queued", sale.sale_id)
            return ()

    async def _print(self, sale: Sale, jobs: tuple[int, ...]) -> tuple[bool, str | None]:
        """Print the queued receipts; the sale is complete whatever the printer does."""
        if self.printer is None:
            return False, None
        if not jobs:
            return False, "the receipts could not be queued (see the log)"
        try:
            outcomes = await self.printer.print_queued(jobs, security_code=sale.new_card_csc)
        except Exception as exc:  # a bug in printing never undoes a sale
            log.exception("printing the receipt of %s failed", sale.sale_id)
            return False, str(exc)
        errors = [str(outcome.error) for outcome in outcomes if outcome.error is not None]
        if errors:
            return False, errors[0]
        sale.move_to(SaleState.PRINTED)
        self.journal.step(
            sale.sale_id,
            from_state=SaleState.COMPLETED.value,
            to_state=SaleState.PRINTED.value,
            action="printed",
            at=self.till.now(),
        )
        return True, None

    # --- checks -------------------------------------------------------------------------------
    def _check(self, sale: Sale, tender: Tender, given: Money | None) -> None:
        if not sale.state.is_open:
            raise InvalidState(f"the sale is {sale.state.value}")
        if sale.basket.is_empty and not (sale.create_card_group and tender is Tender.CASH):
            # A new card without a load is the one sale of nothing: 0,00 € "in cash", no drawer.
            raise InvalidState("the basket is empty")
        if (
            sale.card is None
            and sale.create_card_group is None
            and any(line.is_card_load for line in sale.basket)
        ):
            raise InvalidState("a card load needs the card it loads: scan the card, or remove the load")
        if tender is Tender.CARD and (sale.pricing is None or not sale.pricing.missing_sum.is_zero):
            raise InvalidState("the card does not cover the whole amount; take the rest another way")
        if sale.card is not None and sale.card.pin_guards_collecting and not sale.pin_verified:
            raise PinRequired("The card asks for its PIN first.")
        if tender is Tender.CASH:
            if given is None:
                raise InvalidInput("How much cash was given?")
            try:
                change_due(sale.amount_due, given)
            except InputError as error:
                raise InsufficientCash(error.message) from None

    async def _sepa_container(self, iban: str | None, holder: str | None) -> str:
        if not holder or not holder.strip():
            raise InvalidInput("The account holder's name is missing.")
        try:
            account = parse_iban(iban or "")
        except InputError as error:
            raise InvalidInput(error.message) from None
        try:
            container = await self.client.create_bank_account(holder.strip(), account.value)
        except api.ApiError as error:
            raise translate(error, doing="Setting up the direct debit") from error
        return str(container.id)

    def _back(self, sale: Sale, state: SaleState, reason: str) -> None:
        sale.move_to(state)
        self.journal.step(
            sale.sale_id,
            from_state=SaleState.STARTING.value,
            to_state=state.value,
            action="not_started",
            at=self.till.now(),
            details={"reason": reason},
            last_error=reason,
        )


def _card_after(transaction: dict[str, Any]) -> dict[str, Any] | None:
    for ident in transaction.get("idents") or []:
        card = ident.get("merchantcard") if isinstance(ident, dict) else None
        if isinstance(card, dict):
            return card
    return None


def _created_card_number(transaction: dict[str, Any]) -> str | None:
    for ident in transaction.get("idents") or []:
        if (
            isinstance(ident, dict)
            and ident.get("type") == "create_card"
            and str(ident.get("value", "")).isdigit()
        ):
            return str(ident["value"])
    return None


def _without_csc(transaction: dict[str, Any]) -> dict[str, Any]:
    """The transaction as journalled: a new card's CSC is printed once and never stored."""
    copy = json.loads(json.dumps(transaction))
    for ident in copy.get("idents") or []:
        if isinstance(ident, dict) and isinstance(ident.get("merchantcard"), dict):
            ident["merchantcard"].pop("csc", None)
    return dict(copy)


def _bonus_granted(sale: Sale, card_after: dict[str, Any] | None) -> int:
    if card_after is None or sale.card is None or card_after.get("bonus_balance") is None:
        return 0
    used = sale.pricing.bonus_used.cents if sale.pricing else 0
    return int(card_after["bonus_balance"]) - (sale.card.bonus_balance.cents - used)
