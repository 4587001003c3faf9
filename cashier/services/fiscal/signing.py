"""A paid sale's receipts signed by the TSE before they print (docs/fiscal.md).

The sale is complete whatever the TSE does: a TSE that does not answer makes the receipts say
so (the recorder's mark), and a bug in signing is logged and printed as "TSE-Fehler" — it never
undoes a payment. The journal's copy of the receipt carries the mark, for reprints and the export.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime

from cashier.domain.fiscal import FiscalMark
from cashier.domain.receipt import Receipt
from cashier.domain.receipt_codec import dumps_receipt
from cashier.journal.database import JournalError
from cashier.journal.sales import SaleJournal
from cashier.services.fiscal.amounts import cancellation_of, fiscal_receipt_of
from cashier.services.fiscal.recorder import FiscalRecorder
from cashier.services.receipt_factory import SaleReceipts

log = logging.getLogger(__name__)

BUG = "TSE-Fehler (siehe Protokoll)"


async def signed_sale(
    fiscal: FiscalRecorder | None, journal: SaleJournal, sale_id: str, receipts: SaleReceipts, at: datetime
) -> SaleReceipts:
    """``receipts`` with the sale's TSE mark (unchanged when the till has no TSE)."""
    if fiscal is None:
        return receipts
    try:
        mark = await fiscal.sign(sale_id, fiscal_receipt_of(receipts.customer))
    except Exception:  # a bug in signing never undoes a sale: the receipt says it is unsigned
        log.exception("the TSE signature of sale %s failed", sale_id)
        mark = FiscalMark(failure=BUG, training=receipts.customer.is_training)
    signed = receipts.with_fiscal(mark)
    _journal_receipt(journal, sale_id, signed.customer, at)
    return signed


async def signed_cancellation(
    fiscal: FiscalRecorder | None, sale_id: str, original: Receipt, cancellation: Receipt
) -> Receipt:
    """The STORNO receipt of former sale ``sale_id`` with its own TSE transaction (the
    original's amounts negated)."""
    if fiscal is None:
        return cancellation
    try:
        mark = await fiscal.sign_cancellation(sale_id, cancellation_of(original))
    except Exception:  # a bug in signing never undoes a cancellation
        log.exception("the TSE signature of the cancellation of sale %s failed", sale_id)
        mark = FiscalMark(failure=BUG, training=original.is_training)
    return Receipt.with_fiscal(cancellation, mark)


def _journal_receipt(journal: SaleJournal, sale_id: str, receipt: Receipt, at: datetime) -> None:
    try:
        journal.update(sale_id, at=at, receipt_json=dumps_receipt(receipt))
    except (JournalError, sqlite3.Error, OSError) as error:
        log.warning("the signed receipt of sale %s could not be journalled: %s", sale_id, error)
