"""Payments whose outcome is unknown: keep asking until each one has an answer.

A payment whose answer was lost stays "starting" in the journal; the till takes no new work
until the services' reconciliation has read what became of it (DESIGN.md §4). This is the
loop the till screen runs for that, with growing pauses between the tries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Final

from cashier.ui.ports import ReconciledSale, Reconciliation

STILL_UNKNOWN: Final = "still_unknown"
PAUSES: Final = (2.0, 5.0, 10.0, 30.0)
"""Seconds between tries; the last one repeats."""


async def settle_open_payments(
    reconciler: Reconciliation,
    *,
    pauses: Sequence[float] = PAUSES,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Sequence[ReconciledSale]:
    """Reconcile until no sale is left with an unknown outcome; the last round's results."""
    attempt = 0
    while True:
        results = await reconciler.reconcile()
        if all(result.outcome != STILL_UNKNOWN for result in results):
            return results
        await sleep(pauses[min(attempt, len(pauses) - 1)])
        attempt += 1
