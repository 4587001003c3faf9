"""Payments whose outcome is unknown: keep asking until each one has an answer.

A payment whose answer was lost — or that ran when the till was killed — stays "starting" in
the journal; the till sells nothing new until the services' reconciliation has read what
became of it (docs/exactly-once.md). :class:`OpenPaymentCheck` is that wait on the till screen: it
knows which sales are open (number, amount, time: :class:`~cashier.services.open_sales.OpenPayment`),
asks again with growing pauses — and right after a card terminal's grace ends, the moment
from which an unstarted terminal payment is aborted and settled —, and wakes at once when the
cashier settled or set aside a payment in the journal (Check payment, F9). Only selling waits:
the journal, the end of day and the settings work meanwhile.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from PySide6.QtCore import QObject, Signal

from cashier.services.open_sales import PAUSES, OpenPayment, Outcome, Sleep, settle_open_payments
from cashier.ui.kit.countdown import Clock, utc_now
from cashier.ui.kit.task_runner import TaskRunner
from cashier.ui.ports import ReconciledSale, Reconciliation

AFTER_GRACE: Final = 0.5
"""Seconds after a terminal's grace before the till asks again (then it may abort)."""


@dataclass(frozen=True, slots=True)
class SettledElsewhere:
    """A payment the cashier settled or set aside in the journal while the till waited."""

    sale_id: str
    outcome: Outcome
    sale_number: int


class OpenPaymentCheck(QObject):
    """The till's wait for payments of unknown outcome (see the module's doc)."""

    changed = Signal()  # checking started or ended, or the open payments changed
    settled = Signal(object)  # Sequence[ReconciledSale]: nothing is unknown any more

    def __init__(
        self,
        reconciler: Reconciliation,
        runner: TaskRunner,
        *,
        clock: Clock = utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reconciler = reconciler
        self._runner = runner
        self.clock = clock
        self.pauses: Sequence[float] = PAUSES
        self.sleep: Sleep = asyncio.sleep  # tests pass a sleep that moves their clock
        self._checking = False
        self._open: tuple[OpenPayment, ...] = ()
        self._elsewhere: list[SettledElsewhere] = []
        self._wake: asyncio.Event | None = None
        self.rounds = 0  # rounds that left a payment unknown (tests wait for one)

    # --- what the screen shows -----------------------------------------------------------------
    @property
    def checking(self) -> bool:
        return self._checking

    @property
    def open(self) -> tuple[OpenPayment, ...]:
        """The payments the till waits for (as last read from the journal)."""
        return self._open

    @property
    def wait_until(self) -> datetime | None:
        """When the last terminal's grace ends (from then on the till settles it); None when no
        open payment waits for a terminal."""
        deadlines = [payment.wait_until for payment in self._open if payment.wait_until is not None]
        return max(deadlines) if deadlines else None

    def seconds_left(self) -> int:
        """Seconds until :attr:`wait_until` (0 when it has passed, or there is none)."""
        until = self.wait_until
        if until is None:
            return 0
        return max(0, math.ceil((until - self.clock()).total_seconds()))

    # --- commands --------------------------------------------------------------------------------
    def start(self) -> None:
        """Keep asking until every payment of unknown outcome is settled (once at a time)."""
        if self._checking:
            return
        self._checking = True
        self._elsewhere = []
        self._read_open()
        self._runner.start(
            self._rounds(),
            name="check open payments",
            owner=self,
            on_done=self._done,
            on_error=self._failed,
        )
        self.changed.emit()

    def settled_elsewhere(self, sale_id: str, outcome: Outcome, sale_number: int) -> None:
        """The cashier settled (or set aside) a sale in the journal: ask again now."""
        if not self._checking:
            return
        if not outcome.blocks_sales:
            self._elsewhere.append(SettledElsewhere(sale_id, outcome, sale_number))
        if self._wake is not None:
            self._wake.set()

    def stop(self) -> None:
        """The till screen closes."""
        self._runner.cancel_owned(self)

    # --- inside ------------------------------------------------------------------------------------
    async def _rounds(self) -> Sequence[ReconciledSale]:
        self._wake = asyncio.Event()
        return await settle_open_payments(
            self._reconciler, pauses=self.pauses, sleep=self._pause, pause_for=self._until_grace_ends
        )

    def _until_grace_ends(self, seconds: float) -> float:
        self.rounds += 1
        self._read_open()
        until = self.wait_until
        if until is None:
            return seconds
        left = (until - self.clock()).total_seconds()
        return min(seconds, left + AFTER_GRACE) if left > 0 else seconds

    async def _pause(self, seconds: float) -> None:
        """Sleep, or less when the cashier settled a sale in the journal meanwhile."""
        wake = self._wake
        if wake is None or wake.is_set():
            if wake is not None:
                wake.clear()
            return
        sleeping = asyncio.ensure_future(self.sleep(seconds))
        woken = asyncio.ensure_future(wake.wait())
        try:
            await asyncio.wait({sleeping, woken}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeping.cancel()
            woken.cancel()
            await asyncio.gather(sleeping, woken, return_exceptions=True)  # gone before the next round
        wake.clear()

    def _read_open(self) -> None:
        found = tuple(self._reconciler.open_payments())
        if found != self._open:
            self._open = found
            self.changed.emit()

    def _done(self, results: Sequence[ReconciledSale]) -> None:
        seen = {result.sale_id for result in results}
        elsewhere = [item for item in self._elsewhere if item.sale_id not in seen]
        self._finish()
        self._open = ()
        self.settled.emit([*results, *elsewhere])

    def _failed(self, _error: Exception) -> bool:
        self._finish()
        return False  # the bridge words it (a bug: with a support reference)

    def _finish(self) -> None:
        self._checking = False
        self._wake = None
        self.changed.emit()
