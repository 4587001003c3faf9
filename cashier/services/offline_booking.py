"""Booking the sales made offline with secuconnect, each exactly once, oldest first.

docs/offline.md. A sale paid in cash while secuconnect could not be reached is in the journal
with ``booking = to_book``. When the service answers again, :meth:`OfflineBooker.book_all` takes
them in the order they were made, one at a time (one worker: the GUI's background task or
``cashier sync``; the till folder's lock keeps a second process out):

1. its smart transaction is made ready: **looked up by its reference first** (the sale id is the
   ``transactionRef``) — a create sent before the line dropped may have landed — and taken if it is
   still unstarted (sent again in full, ``PUT``), else created (:class:`TransactionSync`, which
   looks up a lost create again before it creates twice). The basket is the original one; the
   card, if the sale named one, is its ident.
2. ``booking = starting`` is journalled **before** ``start/cash`` is sent; then it is sent once.
3. The answer books the sale. A lost answer is settled on the service's word only, as for every
   payment (:func:`cashier.services.outcome.settle_payment`): ``ok`` books it; an unstarted
   transaction is aborted and read back, and only a confirmed ``aborted`` (or a transaction the
   service does not know) lets the sale be booked afresh with a new transaction; anything else
   leaves it ``starting`` — the next round reads it again and never sends ``start`` twice.
4. A card the service refuses (unknown, locked, or asking for its PIN — code 1016): the sale
   stays valid — it was paid in cash — and is booked without the card; no bonus is credited, and the journal
   (``booked_without_card``, the reason in ``last_error``) and the Z report say so.

The round stops at the first sale that cannot be booked now (the service is gone again): the
order of the bookings is the order of the sales.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from cashier.api import errors as api
from cashier.api.client import SecuconnectClient
from cashier.api.transactions import SmartTransaction
from cashier.journal.audit import AuditTrail
from cashier.journal.rechecks import RecheckKind, Rechecks
from cashier.journal.sales import Booking, SaleJournal, SaleRecord
from cashier.services.clock import TillContext
from cashier.services.connection import Connection
from cashier.services.error_map import sale_error_from
from cashier.services.errors import CardLocked, CardUnknown, PinRequired, SaleError
from cashier.services.outcome import UNSTARTED, Finding, Verdict, settle_payment
from cashier.services.payment import RECHECK_FOR
from cashier.services.sale import CardView, Sale
from cashier.services.sale_records import restore_sale
from cashier.services.transaction_answers import view_of
from cashier.services.transaction_facts import bonus_granted_by
from cashier.services.transaction_sync import GIVEN_UP, TransactionSync

log = logging.getLogger(__name__)

CARD_REFUSED = (CardUnknown, CardLocked, PinRequired)
"""How the service can refuse the card of a sale being booked: unknown, locked, or asking for the
PIN before it records revenue or bonus (passcode 1, 3, 4, 6) — the customer left long ago, so the
sale is booked without the card, like an unknown one."""

MAX_FRESH_STARTS = 3
"""Transactions one booking may give up (proven not carried out) and replace in one round."""


class BookingOutcome(StrEnum):
    BOOKED = "booked"
    BOOKED_WITHOUT_CARD = "booked_without_card"
    WAITING = "waiting"  # not booked now: the service is gone again, or the outcome is unknown


@dataclass(frozen=True, slots=True)
class BookingResult:
    sale_id: str
    sale_number: int
    business_day: str
    outcome: BookingOutcome
    smart_transaction_id: str | None = None
    reason: str | None = None

    @property
    def booked(self) -> bool:
        return self.outcome is not BookingOutcome.WAITING


class OfflineBooker:
    def __init__(
        self,
        client: SecuconnectClient,
        journal: SaleJournal,
        audit: AuditTrail,
        context: TillContext,
        *,
        sync: TransactionSync,
        connection: Connection,
    ) -> None:
        self.client = client
        self.journal = journal
        self.audit = audit
        self.context = context
        self.sync = sync
        self.connection = connection
        self.rechecks = Rechecks(journal.db)

    def pending(self) -> list[SaleRecord]:
        """The offline sales not booked yet, oldest first."""
        return [record for record in self.journal.to_book() if record.environment == self.context.environment]

    async def book_all(self) -> list[BookingResult]:
        """Book every pending sale in order; stop at the first that must wait."""
        results: list[BookingResult] = []
        for record in self.pending():
            result = await self.book(record.sale_id)
            results.append(result)
            if not result.booked:
                break
        return results

    async def book(self, sale_id: str) -> BookingResult:
        record = self.journal.get(sale_id)
        if record.booking not in Booking.OPEN:
            outcome = (
                BookingOutcome.BOOKED_WITHOUT_CARD
                if record.booking == Booking.BOOKED_WITHOUT_CARD
                else BookingOutcome.BOOKED
            )
            return self._result(record, outcome)
        card_refused = False
        for _ in range(MAX_FRESH_STARTS):
            record = self.journal.get(sale_id)
            try:
                if record.booking == Booking.STARTING:
                    finding = await self._settle(record)
                else:
                    stx = await self._ready(record, with_card=not card_refused)
                    finding = await self._start(self.journal.get(sale_id), stx)
            except (*CARD_REFUSED, _CardRefusedAtStart) as refused:
                if card_refused:
                    return self._waiting(record, str(refused))
                card_refused = True
                self.journal.update(sale_id, at=self.context.now(), last_error=f"card refused: {refused}")
                continue
            except _StartedBefore:
                continue  # the journal now names the started transaction: settle it
            except SaleError as error:
                return self._waiting(self.journal.get(sale_id), error.message)
            if finding.verdict is Verdict.PAID and finding.transaction is not None:
                return self._booked(self.journal.get(sale_id), finding.transaction)
            if finding.verdict in (Verdict.NOT_PAID, Verdict.DECLINED):
                self._give_up(self.journal.get(sale_id), finding)
                continue
            return self._waiting(self.journal.get(sale_id), f"outcome unknown: {finding.reason}")
        return self._waiting(self.journal.get(sale_id), "too many transactions given up in one round")

    # --- the steps ----------------------------------------------------------------------------
    async def _ready(self, record: SaleRecord, *, with_card: bool) -> str:
        """The sale's transaction, found by its reference or made; with the card unless refused."""
        sale = self._sale(record, with_card=with_card)
        live = await self._live_transaction(record)
        if sale.card is not None:
            await self._note_balances_before(record, sale)
        if live is not None:
            sale.smart_transaction_id = live.id  # unstarted: sent again in full
        elif sale.smart_transaction_id in self.rechecks.retired_ids(record.sale_id):
            sale.smart_transaction_id = None  # given up (aborted, refused): a fresh one is made
        try:
            return await self.sync.ensure(sale, force=live is not None)
        except CARD_REFUSED:
            if live is not None:
                await self._abort_quietly(live.id)
                self._retire(record, live.id, "the card was refused when the sale was booked")
            raise

    async def _note_balances_before(self, record: SaleRecord, sale: Sale) -> None:
        """The card's balances before the booking (the bonus it earns is measured against them)."""
        assert sale.card is not None
        try:
            card = await self.client.find_card(sale.card.number.digits)
        except api.ApiError as error:
            raise _unavailable(error) from error
        if card is None:
            return  # unknown: the create refuses the card, and the sale is booked without it
        before = {
            "cash_balance": card.cash_balance,
            "bonus_balance": card.bonus_balance,
            "points": card.points,
        }
        self.journal.step(
            record.sale_id,
            from_state=record.state,
            to_state=record.state,
            action="booking/card",
            at=self.context.now(),
            details={"card_before": before},
        )

    async def _live_transaction(self, record: SaleRecord) -> SmartTransaction | None:
        """An unstarted transaction with the sale's reference (a create that landed), if any."""
        try:
            found = await self.client.find_transactions(transaction_ref=record.sale_id)
        except api.ApiError as error:
            raise _unavailable(error) from error
        retired = self.rechecks.retired_ids(record.sale_id)
        live = [t for t in found if t.id not in retired and t.status not in GIVEN_UP]
        for transaction in live:
            if transaction.status not in UNSTARTED:
                # Started already (an earlier round's start that landed late): settle that one.
                self.journal.update(
                    record.sale_id,
                    at=self.context.now(),
                    booking=Booking.STARTING,
                    smart_transaction_id=transaction.id,
                )
                raise _StartedBefore(transaction.id)
        return live[0] if live else None

    async def _start(self, record: SaleRecord, stx: str) -> Finding:
        """``start/cash``, written ahead, sent once; its outcome on the service's word."""
        self.journal.step(
            record.sale_id,
            from_state=record.state,
            to_state=record.state,
            action="booking/start/cash",
            at=self.context.now(),
            details={"transaction": stx},
            booking=Booking.STARTING,
            smart_transaction_id=stx,
        )
        seen: SmartTransaction | None = None
        try:
            seen = await self.client.start(stx, "cash")
        except api.AnswerLost:
            log.warning("booking %s: the answer to start was lost; settling it", record.sale_id)
        except api.SecuconnectError as refused:
            # A clear refusal: nothing happened. A card refused now books the sale without it.
            self.journal.update(record.sale_id, at=self.context.now(), booking=Booking.TO_BOOK)
            mapped = _unavailable(refused)
            if isinstance(mapped, CARD_REFUSED):
                await self._abort_quietly(stx)
                self._retire(record, stx, "the card was refused when the sale was booked")
                raise _CardRefusedAtStart(refused.message) from refused
            raise mapped from refused
        except api.ApiError as error:
            self.journal.update(record.sale_id, at=self.context.now(), booking=Booking.TO_BOOK)
            raise _unavailable(error) from error
        return await settle_payment(self.client, stx, may_abort=True, seen=seen)

    async def _settle(self, record: SaleRecord) -> Finding:
        """A start sent before (a crash, a lost answer): the service's word only, never a second start."""
        return await settle_payment(self.client, record.smart_transaction_id or "", may_abort=True)

    # --- outcomes -------------------------------------------------------------------------------
    def _booked(self, record: SaleRecord, answer: SmartTransaction) -> BookingResult:
        view = view_of(answer)
        card_kept = record.card_number is not None and answer.card_ident is not None
        booking = Booking.BOOKED if card_kept or record.card_number is None else Booking.BOOKED_WITHOUT_CARD
        sale = self._sale(record, with_card=card_kept)
        sale.restored_balances = self._balances_before(record.sale_id)
        at = self.context.now()
        self.journal.step(
            record.sale_id,
            from_state=record.state,
            to_state=record.state,
            action="booked",
            at=at,
            details={"transaction": view.id, "card": card_kept},
            booking=booking,
            booked_at=at.isoformat(),
            smart_transaction_id=view.id,
            transaction_json=view.record,
            bonus_granted=bonus_granted_by(sale, view.card_after) if card_kept else 0,
            last_error=record.last_error if booking == Booking.BOOKED_WITHOUT_CARD else None,
        )
        self.audit.record("offline_sale_booked", at, sale_id=record.sale_id, details={"booking": booking})
        outcome = BookingOutcome.BOOKED if booking == Booking.BOOKED else BookingOutcome.BOOKED_WITHOUT_CARD
        log.info("offline sale %s booked as %s (%s)", record.sale_id, view.id, booking)
        return self._result(self.journal.get(record.sale_id), outcome)

    def _give_up(self, record: SaleRecord, finding: Finding) -> None:
        """Proven not carried out (or declined): the sale gets a fresh transaction."""
        stx = record.smart_transaction_id
        self.journal.step(
            record.sale_id,
            from_state=record.state,
            to_state=record.state,
            action="booking/not_carried_out",
            at=self.context.now(),
            details={"transaction": stx, "reason": finding.reason},
            booking=Booking.TO_BOOK,
            smart_transaction_id=None,
        )
        if stx:
            self._retire(record, stx, f"not carried out: {finding.reason}")

    def _waiting(self, record: SaleRecord, reason: str) -> BookingResult:
        self.journal.update(record.sale_id, at=self.context.now(), last_error=f"to book: {reason}")
        log.warning("offline sale %s not booked yet: %s", record.sale_id, reason)
        return self._result(self.journal.get(record.sale_id), BookingOutcome.WAITING, reason)

    # --- helpers --------------------------------------------------------------------------------
    def _sale(self, record: SaleRecord, *, with_card: bool) -> Sale:
        sale = restore_sale(record)
        sale.pricing = None
        if with_card and sale.restored_card_number is not None:
            sale.card = CardView.unverified(sale.restored_card_number)
        return sale

    def _balances_before(self, sale_id: str) -> dict[str, int] | None:
        for step in reversed(self.journal.steps(sale_id)):
            if step.action == "booking/card":
                before: dict[str, int] = step.details["card_before"]
                return before
        return None

    def _retire(self, record: SaleRecord, stx: str, reason: str) -> None:
        at = self.context.now()
        self.rechecks.add(
            record.sale_id,
            environment=self.context.environment,
            kind=RecheckKind.RETIRED,
            smart_transaction_id=stx,
            since=at,
            until=at + RECHECK_FOR,
            reason=reason,
        )

    async def _abort_quietly(self, stx: str) -> None:
        try:
            await self.client.abort(stx)
        except api.ApiError as error:  # never started: an unused transaction moves no money
            log.info("abort of the unused transaction %s: %s", stx, error.message)

    def _result(
        self, record: SaleRecord, outcome: BookingOutcome, reason: str | None = None
    ) -> BookingResult:
        return BookingResult(
            record.sale_id,
            record.sale_number,
            record.business_day,
            outcome,
            record.smart_transaction_id,
            reason if reason is not None else record.last_error,
        )


class _CardRefusedAtStart(Exception):
    """``start`` was refused because of the card (nothing happened)."""


class _StartedBefore(Exception):
    def __init__(self, stx: str) -> None:
        super().__init__(stx)
        self.stx = stx


def _unavailable(error: api.ApiError) -> SaleError:
    return sale_error_from(error, doing="Booking an offline sale")
