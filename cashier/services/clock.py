"""Time and identifiers for the services, injectable so tests and the CLI control them."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


def local_now() -> datetime:
    """Now, with the machine's local offset (receipts and business days are local)."""
    return datetime.now().astimezone()


@dataclass(frozen=True, slots=True)
class TillContext:
    """Who is selling: the till's id and environment, and its clock."""

    till_id: str
    environment: str  # simulator, testing, live, custom
    now: Callable[[], datetime] = field(default=local_now)

    def business_day(self, at: datetime | None = None) -> str:
        return (at or self.now()).date().isoformat()

    def new_sale_id(self, at: datetime | None = None) -> str:
        """A client sale id, readable on a receipt: ``<till>-<yyyymmdd>-<6 random hex>`` (also
        sent as ``transactionRef``). Random: the caller makes sure the till has not used it yet
        (:meth:`SaleService.new_sale` checks the journal)."""
        day = (at or self.now()).strftime("%Y%m%d")
        return f"{self.till_id}-{day}-{secrets.token_hex(3).upper()}"
