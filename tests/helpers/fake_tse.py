"""A TSE in memory for the recorder's tests: strict revisions, and every way a call can fail.

Only the recorder's own logic is tested against it (which call it sends after which failure);
the fiskaly client and its simulator are tested over HTTP elsewhere. Faults are queued per
operation (``start``, ``finish``, ``cancel``, ``lookup``) and used up one per call:

* ``unreachable`` — not applied, :class:`TseUnreachable`;
* ``refused`` — not applied, :class:`TseRefused`;
* ``lost_before`` — not applied, :class:`TseOutcomeUnknown` (the request never arrived);
* ``lost_after`` — applied, :class:`TseOutcomeUnknown` (the answer was lost);
* ``late`` — :class:`TseOutcomeUnknown` now, applied when the next call of any kind arrives
  (the server finished the request after the till gave up).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cashier.domain.fiscal import FiscalReceipt, TseSignature
from cashier.services.fiscal.port import (
    TseOutcomeUnknown,
    TseRefused,
    TseState,
    TseStatus,
    TseTransaction,
    TseUnreachable,
)

FAULTS = ("unreachable", "refused", "lost_before", "lost_after", "late")


@dataclass
class _Tx:
    state: TseState
    revision: int
    number: int
    started: datetime
    signature: TseSignature | None = None


@dataclass
class FakeTse:
    environment: str = "simulator"
    tss_id: str = "11111111-1111-4111-8111-111111111111"
    client_id: str = "22222222-2222-4222-8222-222222222222"
    transactions: dict[str, _Tx] = field(default_factory=dict)
    faults: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    calls: list[tuple[str, str, int]] = field(default_factory=list)
    signed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counter: int = 0
    late: list[Callable[[], None]] = field(default_factory=list)

    def fail(self, operation: str, *faults: str) -> None:
        self.faults[operation].extend(faults)

    def _enter(self, operation: str, tx_id: str, revision: int) -> str | None:
        for apply in self.late:
            apply()
        self.late.clear()
        self.calls.append((operation, tx_id, revision))
        queue = self.faults.get(operation)
        return queue.pop(0) if queue else None

    def _write(
        self, operation: str, tx_id: str, revision: int, apply: Callable[[], TseTransaction]
    ) -> TseTransaction:
        fault = self._enter(operation, tx_id, revision)
        if fault == "unreachable":
            raise TseUnreachable("no connection")
        if fault == "refused":
            raise TseRefused("refused by the fault plan", code="E_FAULT", status=400)
        if fault == "lost_before":
            raise TseOutcomeUnknown("lost before")
        if fault == "late":
            self.late.append(lambda: self._try(apply))
            raise TseOutcomeUnknown("no answer (applied later)")
        answer = apply()
        if fault == "lost_after":
            raise TseOutcomeUnknown("answer lost")
        return answer

    @staticmethod
    def _try(apply: Callable[[], TseTransaction]) -> None:
        with contextlib.suppress(TseRefused):
            apply()

    # --- the Tse protocol ----------------------------------------------------------------------
    async def start(self, tx_id: str) -> TseTransaction:
        def apply() -> TseTransaction:
            tx = self.transactions.get(tx_id)
            if tx is not None:
                if tx.revision == 1 and tx.state == "ACTIVE":
                    return self._view(tx_id)
                raise TseRefused("revision 1 again", code="E_TX_REVISION", status=409)
            self.counter += 1
            self.transactions[tx_id] = _Tx("ACTIVE", 1, len(self.transactions) + 1, datetime.now(UTC))
            return self._view(tx_id)

        return self._write("start", tx_id, 1, apply)

    async def finish(self, tx_id: str, revision: int, receipt: FiscalReceipt) -> TseTransaction:
        return self._write(
            "finish", tx_id, revision, lambda: self._close(tx_id, revision, "FINISHED", receipt)
        )

    async def cancel(self, tx_id: str, revision: int) -> TseTransaction:
        return self._write("cancel", tx_id, revision, lambda: self._close(tx_id, revision, "CANCELLED", None))

    def _close(
        self, tx_id: str, revision: int, state: TseState, receipt: FiscalReceipt | None
    ) -> TseTransaction:
        tx = self.transactions.get(tx_id)
        if tx is None:
            raise TseRefused("no such transaction", code="E_TX_NOT_FOUND", status=404)
        if tx.revision == revision and tx.state == state:
            return self._view(tx_id)  # the same revision again: idempotent
        if tx.state != "ACTIVE" or revision != tx.revision + 1:
            raise TseRefused(
                f"revision {revision} on {tx.state} r{tx.revision}", code="E_TX_REVISION", status=409
            )
        self.counter += 1
        tx.state, tx.revision = state, revision
        self.signed[tx_id] += 1
        now = datetime.now(UTC)
        data = "" if receipt is None else ";".join(f"{k.value}:{v.cents}" for k, v in receipt.amounts_per_vat)
        tx.signature = TseSignature(
            tss_id=self.tss_id,
            tx_id=tx_id,
            number=tx.number,
            time_start=tx.started,
            time_end=now,
            signature_counter=self.counter,
            signature=f"sig-{tx_id}-{revision}",
            algorithm="ecdsa-plain-SHA256",
            public_key="pk",
            tss_serial="ab" * 32,
            client_serial="ERS fake",
            time_format="unixTime",
            process_type="Kassenbeleg-V1",
            process_data=data,
            qr_code_data=f"V0;ERS fake;Kassenbeleg-V1;{data};{tx.number};{self.counter}",
        )
        return self._view(tx_id)

    async def lookup(self, tx_id: str) -> TseTransaction | None:
        fault = self._enter("lookup", tx_id, 0)
        if fault in ("unreachable", "lost_before", "lost_after", "late"):
            raise TseUnreachable("no answer to the lookup")
        if fault == "refused":
            raise TseRefused("lookup refused", code="E_FAULT", status=400)
        return self._view(tx_id) if tx_id in self.transactions else None

    async def status(self) -> TseStatus:
        return TseStatus(
            environment=self.environment,
            tss_id=self.tss_id,
            tss_state="INITIALIZED",
            tss_serial="ab" * 32,
            client_id=self.client_id,
            client_serial="ERS fake",
            client_state="REGISTERED",
            signature_counter=self.counter,
            transaction_counter=len(self.transactions),
            public_key="pk",
        )

    async def aclose(self) -> None:
        return None

    def _view(self, tx_id: str) -> TseTransaction:
        tx = self.transactions[tx_id]
        return TseTransaction(tx_id, tx.state, tx.revision, tx.number, tx.signature)

    def open_transactions(self) -> list[str]:
        return [tx_id for tx_id, tx in self.transactions.items() if tx.state == "ACTIVE"]
