"""A new sale never takes a sale id the till has used before (the ids are random)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cashier.journal.audit import AuditTrail
from cashier.journal.database import JournalDatabase
from cashier.journal.sales import SaleJournal
from cashier.services.clock import TillContext
from cashier.services.sale_service import SaleService

AT = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


class ScriptedIds:
    """A till context whose random sale ids come from a list (the second one a repeat)."""

    def __init__(self, ids: list[str]) -> None:
        self._real = TillContext(till_id="T1", environment="simulator", now=lambda: AT)
        self._ids = iter(ids)
        self.drawn: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def new_sale_id(self, at: datetime | None = None) -> str:
        self.drawn.append(next(self._ids))
        return self.drawn[-1]


def test_a_repeated_random_id_is_drawn_again(journal: JournalDatabase) -> None:
    till = ScriptedIds(["T1-20261127-00AA11", "T1-20261127-00AA11", "T1-20261127-00BB22"])
    sales = SaleService(None, SaleJournal(journal), AuditTrail(journal), till)  # type: ignore[arg-type]
    first = sales.new_sale()
    second = sales.new_sale()
    assert (first.sale_id, second.sale_id) == ("T1-20261127-00AA11", "T1-20261127-00BB22")
    assert till.drawn == ["T1-20261127-00AA11", "T1-20261127-00AA11", "T1-20261127-00BB22"]
    assert (first.sale_number, second.sale_number) == (1, 2)
