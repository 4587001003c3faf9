"""Every sale a TSE transaction, each call written ahead and safe to repeat (docs/fiscal.md).

The till chooses each transaction's id (a UUID) and writes it, with the revision about to be
sent, to the journal **before** the call (:mod:`cashier.journal.fiscal`). An answer that is lost
is settled by asking the TSE (``lookup``) before anything is sent again, so a transaction is
signed at most once; a revision the TSE already has is never sent a second time.

When it starts: at the first payment attempt, alongside the payment's own first request (so it
costs the cashier no round trip). Not at the first basket line, because (a) the basket is local
until payment and scanning must stay instant (#19), (b) a basket is edited freely until then and
the TSE would only see its final amounts anyway, and (c) every abandoned basket would otherwise
leave an open transaction on the TSE (fiskaly keeps at most 2,000). A basket given up is still
recorded: started and cancelled (``AVBelegabbruch``) in the background.

TSE down ≠ till down: a call the TSE does not answer makes the sale **unsigned** — the receipt
says "TSE ausgefallen" with the reason (AEAO zu § 146a Nr. 7), the outage is recorded with its
start and end, observers are told once when it begins and once when it ends, and while it lasts
each call gets only a short time. A transaction that may be open on the TSE is closed later by
:meth:`FiscalRecorder.recover` (``signed_late``).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from cashier.domain.fiscal import (
    FiscalMark,
    FiscalReceipt,
    FiscalReceiptType,
    receipt_from_dict,
    receipt_to_dict,
    signature_from_dict,
    signature_to_dict,
)
from cashier.journal.fiscal import FiscalJournal, FiscalPurpose, FiscalRecord, FiscalState
from cashier.services.fiscal.port import (
    Tse,
    TseError,
    TseOutcomeUnknown,
    TseRefused,
    TseStatus,
    TseTransaction,
    TseUnreachable,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

OUTAGE_TIMEOUT = 2.0
"""Seconds a TSE call may take while the TSE is known to be out (the adapter's own timeouts,
3–5 s as fiskaly advises, apply otherwise)."""

LATE_WINDOW = timedelta(hours=1)
"""How long an unsigned transaction is looked for on the TSE by the recovery: a start or finish
the TSE finished after the till gave up turns up within it (and is then closed or adopted)."""

UNREACHABLE = "TSE nicht erreichbar"
"""The receipt's words when the TSE gave no answer (as other German tills print it)."""


class SaleFates(Protocol):
    """What the recovery needs to know of a sale whose TSE transaction was left open."""

    def is_open(self, sale_id: str) -> bool:
        """The sale can still be paid (or is being paid): its transaction stays open."""
        ...

    def completed_receipt(self, sale_id: str) -> FiscalReceipt | None:
        """The signed amounts of a sale that was paid (None: it was not)."""
        ...


@dataclass(frozen=True, slots=True)
class OutageNotice:
    """Told to observers once when the TSE goes out (``out``) and once when it is back."""

    out: bool
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Recovered:
    signed_late: int = 0
    cancelled: int = 0
    still_open: int = 0


class FiscalRecorder:
    def __init__(
        self,
        tse: Tse,
        journal: FiscalJournal,
        *,
        now: Callable[[], datetime],
        fates: SaleFates | None = None,
        client_serial: str | None = None,
    ) -> None:
        self.tse = tse
        self.client_serial = client_serial  # printed on an unsigned receipt (§ 6 Nr. 6)
        self.journal = journal
        self.now = now
        self.fates = fates
        self.observers: list[Callable[[OutageNotice], None]] = []
        self._locks: dict[str, asyncio.Lock] = {}
        self._starts: dict[str, asyncio.Task[None]] = {}
        self._background: set[asyncio.Task[None]] = set()

    # --- state -------------------------------------------------------------------------------
    @property
    def environment(self) -> str:
        return self.tse.environment

    @property
    def out(self) -> bool:
        """The TSE is out (an outage is open in the journal)."""
        return self.journal.open_outage() is not None

    def subscribe(self, listener: Callable[[bool, str], None]) -> Callable[[], None]:
        """``listener(out, reason)`` once when the TSE goes out and once when it is back;
        returns the call that stops it."""

        def heard(notice: OutageNotice) -> None:
            listener(notice.out, notice.reason)

        self.observers.append(heard)
        return lambda: self.observers.remove(heard) if heard in self.observers else None

    def mark_of(self, sale_id: str, purpose: str = FiscalPurpose.SALE) -> FiscalMark | None:
        """The fiscal mark a sale's receipt carries (None: no TSE transaction was closed for it)."""
        record = self.journal.find(sale_id, purpose)
        return None if record is None else _mark(record, client_serial=self.client_serial)

    async def status(self) -> TseStatus:
        return await self._call(self.tse.status())

    # --- a sale ------------------------------------------------------------------------------
    def begin(self, sale_id: str) -> None:
        """Start the sale's transaction in the background (at its first payment attempt); the
        payment does not wait for it. Nothing happens when it was started already."""
        record = self.journal.find(sale_id, FiscalPurpose.SALE)
        if record is not None and record.state != FiscalState.STARTING:
            return
        if sale_id in self._starts and not self._starts[sale_id].done():
            return
        self._starts[sale_id] = self._spawn(self._begin(sale_id))

    async def _begin(self, sale_id: str) -> None:
        record = self._record(sale_id, FiscalPurpose.SALE)
        async with self._lock(record.tx_id):
            try:
                await self._ensure_active(self.journal.get(record.tx_id))
            except TseError as error:
                log.warning("sale %s: the TSE transaction could not be started: %s", sale_id, error)
                self._failed(record, error, final=False)

    async def sign(self, sale_id: str, receipt: FiscalReceipt) -> FiscalMark:
        """Finish the sale's transaction with ``receipt``: signed, or unsigned with the reason."""
        await self._settle_start(sale_id)
        return await self._close(self._record(sale_id, FiscalPurpose.SALE), receipt)

    async def sign_cancellation(self, sale_id: str, receipt: FiscalReceipt) -> FiscalMark:
        """The cancellation of former sale ``sale_id``: a transaction of its own, started and
        finished at once with the negated amounts (``receipt``)."""
        return await self._close(self._record(sale_id, FiscalPurpose.CANCELLATION), receipt)

    def abandon(self, sale_id: str) -> None:
        """The sale's basket was given up before it was paid: its transaction is cancelled in
        the background (started first if it never was)."""
        self._spawn(self._abandon(sale_id))

    async def _abandon(self, sale_id: str) -> None:
        await self._settle_start(sale_id)
        record = self.journal.find(sale_id, FiscalPurpose.SALE)
        if record is not None and record.state in (*FiscalState.SIGNED, FiscalState.UNSIGNED):
            return
        purpose = FiscalPurpose.SALE if record is not None else FiscalPurpose.ABORT
        await self._close(self._record(sale_id, purpose), None)

    async def _settle_start(self, sale_id: str) -> None:
        task = self._starts.pop(sale_id, None)
        if task is not None:
            await asyncio.wait([task])

    # --- closing a transaction -----------------------------------------------------------------
    async def _close(self, record: FiscalRecord, receipt: FiscalReceipt | None) -> FiscalMark:
        training = receipt is not None and receipt.receipt_type is FiscalReceiptType.TRAINING
        async with self._lock(record.tx_id):
            record = self.journal.get(record.tx_id)
            if record.state in FiscalState.SIGNED:
                return _mark(record, client_serial=self.client_serial)
            if record.state == FiscalState.UNSIGNED and record.error is not None:
                return FiscalMark(failure=record.error, training=training, client_serial=self.client_serial)
            try:
                record = await self._ensure_active(record)
                if record.state not in FiscalState.SIGNED:
                    record = await self._send_close(record, receipt)
            except TseError as error:
                self._failed(record, error, final=True, receipt=receipt)
                return FiscalMark(
                    failure=_failure(error), training=training, client_serial=self.client_serial
                )
            self._back()
            return _mark(record, training=training, client_serial=self.client_serial)

    async def _send_close(self, record: FiscalRecord, receipt: FiscalReceipt | None) -> FiscalRecord:
        """The closing revision, written ahead; a lost answer is settled by a lookup."""
        revision = record.revision + 1
        late = record.state == FiscalState.UNSIGNED
        target = FiscalState.CANCELLED if receipt is None else FiscalState.FINISHED
        record = self.journal.update(
            record.tx_id,
            at=self.now(),
            state=FiscalState.CANCELLING if receipt is None else FiscalState.FINISHING,
            revision=revision,
            receipt=None if receipt is None else receipt_to_dict(receipt),
        )
        try:
            answer = await self._call(self._closing_call(record.tx_id, revision, receipt))
        except (TseOutcomeUnknown, TseRefused) as error:
            found = await self._call(self.tse.lookup(record.tx_id))
            if found is None or found.state == "ACTIVE":
                if isinstance(error, TseRefused) and found is not None and found.revision >= revision:
                    revision = found.revision + 1  # our count was behind the TSE's: go on from its
                    record = self.journal.update(record.tx_id, at=self.now(), revision=revision)
                elif isinstance(error, TseRefused):
                    raise
                answer = await self._call(self._closing_call(record.tx_id, revision, receipt))
            else:
                answer = found
        return self._closed(record, answer, target, late=late)

    def _closing_call(
        self, tx_id: str, revision: int, receipt: FiscalReceipt | None
    ) -> Awaitable[TseTransaction]:
        if receipt is None:
            return self.tse.cancel(tx_id, revision)
        return self.tse.finish(tx_id, revision, receipt)

    def _closed(
        self, record: FiscalRecord, answer: TseTransaction, target: str, *, late: bool
    ) -> FiscalRecord:
        state = FiscalState.FINISHED if answer.state == "FINISHED" else FiscalState.CANCELLED
        if state != target:
            log.warning("TSE transaction %s was %s, not %s", record.tx_id, answer.state, target)
        return self.journal.update(
            record.tx_id,
            at=self.now(),
            state=state,
            revision=answer.revision,
            signature=None if answer.signature is None else signature_to_dict(answer.signature),
            error=None,
            signed_late=1 if late else record.signed_late,
        )

    async def _ensure_active(self, record: FiscalRecord) -> FiscalRecord:
        """The transaction ACTIVE on the TSE (or already closed there): started (revision 1,
        written ahead) unless the TSE has it. A start that may have been sent is looked up first."""
        if record.state == FiscalState.ACTIVE:
            return record
        if record.state in (FiscalState.STARTING, FiscalState.UNSIGNED) and record.revision == 0:
            record = self.journal.update(record.tx_id, at=self.now(), state=FiscalState.STARTING, revision=1)
        else:
            found = await self._call(self.tse.lookup(record.tx_id))
            if found is not None:
                return self._adopt(record, found)
            if record.state not in (FiscalState.STARTING, FiscalState.UNSIGNED):
                raise TseOutcomeUnknown(f"the TSE does not know transaction {record.tx_id}")
        try:
            answer = await self._call(self.tse.start(record.tx_id))
        except TseOutcomeUnknown:
            found = await self._call(self.tse.lookup(record.tx_id))
            answer = found if found is not None else await self._call(self.tse.start(record.tx_id))
        return self._adopt(record, answer)

    def _adopt(self, record: FiscalRecord, found: TseTransaction) -> FiscalRecord:
        if found.state == "ACTIVE":
            return self.journal.update(
                record.tx_id, at=self.now(), state=FiscalState.ACTIVE, revision=found.revision, error=None
            )
        target = FiscalState.FINISHED if found.state == "FINISHED" else FiscalState.CANCELLED
        return self._closed(record, found, target, late=record.state == FiscalState.UNSIGNED)

    # --- failures and outages ----------------------------------------------------------------------
    def _failed(
        self, record: FiscalRecord, error: TseError, *, final: bool, receipt: FiscalReceipt | None = None
    ) -> None:
        reason = _failure(error)
        columns: dict[str, object] = {"error": reason}
        if final:
            columns["state"] = FiscalState.UNSIGNED
            if receipt is not None:
                columns["receipt"] = receipt_to_dict(receipt)
        self.journal.update(record.tx_id, at=self.now(), **columns)
        if self.journal.open_outage() is None:
            at = self.now()
            self.journal.begin_outage(at=at, reason=reason)
            log.warning("the TSE is out: %s", reason)
            self._tell(OutageNotice(True, reason, at))

    def _back(self) -> None:
        at = self.now()
        ended = self.journal.end_outage(at=at)
        if ended is not None:
            log.info("the TSE is back (out since %s)", ended.started_at)
            self._tell(OutageNotice(False, ended.reason, at))
            self.recover_soon()

    def _tell(self, notice: OutageNotice) -> None:
        for observer in list(self.observers):
            try:
                observer(notice)
            except Exception:  # an observer's bug never undoes a signature
                log.exception("an observer of the TSE outage failed")

    async def _call(self, call: Awaitable[T]) -> T:
        if self.journal.open_outage() is None:
            return await call
        try:
            return await asyncio.wait_for(call, OUTAGE_TIMEOUT)
        except TimeoutError:
            raise TseOutcomeUnknown(f"{UNREACHABLE} (no answer within {OUTAGE_TIMEOUT:g} s)") from None

    # --- recovery ---------------------------------------------------------------------------------
    def recover_soon(self) -> None:
        """:meth:`recover` in the background (the till opened, or the TSE is back)."""
        self._spawn(self._recover_quietly())

    async def _recover_quietly(self) -> None:
        try:
            recovered = await self.recover()
        except Exception:  # a bug here must not reach the counter; the next recovery tries again
            log.exception("the TSE recovery failed")
            return
        if recovered.signed_late or recovered.cancelled:
            log.info("TSE recovery: %s signed late, %s cancelled", recovered.signed_late, recovered.cancelled)

    async def recover(self) -> Recovered:
        """Close what may be left open on the TSE: transactions in flight when the till stopped,
        unsigned ones the TSE may have started, abandoned baskets. Safe to run at any time."""
        signed_late = cancelled = still_open = 0
        for left in self.journal.in_states(
            (*FiscalState.IN_FLIGHT, FiscalState.ACTIVE, FiscalState.UNSIGNED)
        ):
            if left.tx_id in self._locks and self._locks[left.tx_id].locked():
                continue
            if left.state == FiscalState.UNSIGNED and (
                left.revision == 0 or datetime.fromisoformat(left.created_at) < self.now() - LATE_WINDOW
            ):
                continue  # never sent, or too old for a late arrival: unsigned for good
            keep, receipt = self._closing_receipt(left)
            if keep:
                still_open += 1
                continue
            async with self._lock(left.tx_id):
                try:
                    record = await self._resolve(self.journal.get(left.tx_id), receipt)
                except TseError as error:
                    log.info("TSE transaction %s stays open for now: %s", left.tx_id, error)
                    still_open += 1
                    if isinstance(error, TseUnreachable | TseOutcomeUnknown):
                        break  # the TSE is still out: the rest waits for the next recovery
                    continue
            if record.state == FiscalState.FINISHED and left.state == FiscalState.UNSIGNED:
                signed_late += 1
            elif record.state == FiscalState.CANCELLED:
                cancelled += 1
        return Recovered(signed_late, cancelled, still_open)

    def _closing_receipt(self, record: FiscalRecord) -> tuple[bool, FiscalReceipt | None]:
        """How a left-open transaction is closed: (kept open?, its receipt — None cancels it)."""
        if record.receipt is not None:
            return False, receipt_from_dict(record.receipt_data or {})
        if record.purpose != FiscalPurpose.SALE:
            return False, None
        if self.fates is None or self.fates.is_open(record.sale_id):
            return True, None
        return False, self.fates.completed_receipt(record.sale_id)

    async def _resolve(self, record: FiscalRecord, receipt: FiscalReceipt | None) -> FiscalRecord:
        found = await self._call(self.tse.lookup(record.tx_id))
        if found is None:
            # Not on the TSE (yet: a start the TSE finishes late is found by a later recovery,
            # within LATE_WINDOW): the sale stays unsigned, the export says why.
            return self.journal.update(
                record.tx_id, at=self.now(), state=FiscalState.UNSIGNED, error=record.error or UNREACHABLE
            )
        if found.state != "ACTIVE":
            record = self._adopt(record, found)
        else:
            record = self.journal.update(record.tx_id, at=self.now(), revision=found.revision)
            record = await self._send_close(record, receipt)
        self._back()
        return record

    # --- helpers ----------------------------------------------------------------------------------
    def _record(self, sale_id: str, purpose: str) -> FiscalRecord:
        found = self.journal.find(sale_id, purpose)
        if found is not None:
            return found
        return self.journal.open(
            tx_id=str(uuid.uuid4()),
            sale_id=sale_id,
            purpose=purpose,
            tss_id=self.tse.tss_id,
            client_id=self.tse.client_id,
            environment=self.tse.environment,
            at=self.now(),
            state=FiscalState.STARTING,
            revision=0,
        )

    def _lock(self, tx_id: str) -> asyncio.Lock:
        return self._locks.setdefault(tx_id, asyncio.Lock())

    def _spawn(self, work: Awaitable[None]) -> asyncio.Task[None]:
        task: asyncio.Task[None] = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def drain(self) -> None:
        """Wait for the background starts and cancellations (the till is closing)."""
        while self._background:
            await asyncio.wait(list(self._background))

    async def aclose(self) -> None:
        await self.drain()
        await self.tse.aclose()


def _failure(error: TseError) -> str:
    if isinstance(error, TseUnreachable | TseOutcomeUnknown):
        return UNREACHABLE
    return f"TSE-Fehler: {error}"


def _mark(
    record: FiscalRecord, *, training: bool | None = None, client_serial: str | None = None
) -> FiscalMark:
    receipt = record.receipt_data
    is_training = (
        training if training is not None else bool(receipt and receipt["receipt_type"] == "TRAINING")
    )
    if record.state in FiscalState.SIGNED and record.signature is not None:
        return FiscalMark(signature=signature_from_dict(record.signature_data or {}), training=is_training)
    return FiscalMark(failure=record.error or UNREACHABLE, training=is_training, client_serial=client_serial)
