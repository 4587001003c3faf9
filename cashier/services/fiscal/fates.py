"""What became of a sale, for the TSE recovery (docs/fiscal.md): a transaction left open by a
crash is finished with the receipt the sale printed, cancelled when the sale was given up, and
left alone while the sale can still be paid (``starting`` counts: its payment is being settled)."""

from __future__ import annotations

import logging

from cashier.domain.fiscal import FiscalReceipt
from cashier.domain.receipt_codec import loads_receipt
from cashier.journal.sales import SaleJournal
from cashier.services.fiscal.amounts import fiscal_receipt_of
from cashier.services.sale import SaleState

log = logging.getLogger(__name__)

_PAID = frozenset(
    {SaleState.PENDING, SaleState.COMPLETED, SaleState.PRINTED, SaleState.CANCELLING, SaleState.CANCELLED}
)


class JournalFates:
    def __init__(self, journal: SaleJournal) -> None:
        self.journal = journal

    def is_open(self, sale_id: str) -> bool:
        record = self.journal.find(sale_id)
        if record is None:
            return False
        state = SaleState(record.state)
        return state.is_open or state is SaleState.STARTING

    def completed_receipt(self, sale_id: str) -> FiscalReceipt | None:
        record = self.journal.find(sale_id)
        if record is None or SaleState(record.state) not in _PAID or not record.receipt_json:
            return None
        try:
            return fiscal_receipt_of(loads_receipt(record.receipt_json))
        except ValueError as error:
            log.warning("the receipt of sale %s cannot be read for the TSE: %s", sale_id, error)
            return None
