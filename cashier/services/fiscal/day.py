"""The TSE's part of the Z report (docs/fiscal.md): the day's sales it did not sign, and the
outages the journal recorded on that day — so the Kassenabschluss on paper says what happened."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from cashier.domain.money import Money
from cashier.domain.reports import Tally
from cashier.journal.database import JournalDatabase
from cashier.journal.fiscal import FiscalJournal, FiscalPurpose, FiscalState
from cashier.journal.sales import SaleRecord


def tse_day(db: JournalDatabase, sales: Sequence[SaleRecord], business_day: str) -> dict[str, Any]:
    """``tse_unsigned`` and ``tse_outages`` for :class:`~cashier.domain.reports.ZReport`."""
    fiscal = FiscalJournal(db)
    unsigned = [
        sale
        for sale in sales
        if (record := fiscal.find(sale.sale_id, FiscalPurpose.SALE)) is not None
        and record.state == FiscalState.UNSIGNED
    ]
    start = datetime.combine(date.fromisoformat(business_day), time()).astimezone()
    outages = fiscal.outages(start.isoformat(), (start + timedelta(days=1)).isoformat())
    amount = Money(sum(sale.total - sale.bonus_used for sale in unsigned))
    return {"tse_unsigned": Tally(len(unsigned), amount), "tse_outages": len(outages)}
