"""A printed receipt's amounts as the TSE signs them (docs/fiscal.md, "What is signed").

The amounts come from the receipt itself — the per-rate gross of its VAT summary and its
tenders — so what the TSE signs always equals what the customer reads (the verifiers of a QR code
compare the two). Spent bonus is already inside the per-rate gross (a discount, the server's
bonus lines). The card's cash balance is a multi-purpose voucher being redeemed: as in the
DSFinV-K (``MehrzweckgutscheinEinloesung``, not taxable), it is a negative amount at the ``NULL``
rate, not a payment — the payment types carry only the money that changed hands, so what the TSE
signs equals the export's receipt (docs/fiscal.md, docs/dsfinvk.md).
"""

from __future__ import annotations

from cashier.domain.fiscal import FiscalPayment, FiscalReceipt, FiscalReceiptType, FiscalVat
from cashier.domain.receipt import Receipt, TenderKind

_PAYMENT = {
    TenderKind.CASH: FiscalPayment.CASH,
    TenderKind.TERMINAL: FiscalPayment.NON_CASH,
    TenderKind.SEPA: FiscalPayment.NON_CASH,
}


def fiscal_receipt_of(receipt: Receipt) -> FiscalReceipt:
    """The ``standard_v1`` receipt of a paid receipt (sale, card load, new card). A training
    receipt (any environment but live) is signed as TRAINING; a sale of nothing (a new card
    without a load) as OTHER."""
    per_vat = [(FiscalVat.of(row.rate), row.gross) for row in receipt.vat_summary]
    per_vat += [
        (FiscalVat.NULL, -tender.amount)
        for tender in receipt.tenders
        if tender.kind is TenderKind.CARD_CASH_BALANCE
    ]
    per_payment = [
        (_PAYMENT[tender.kind], tender.amount) for tender in receipt.tenders if tender.kind in _PAYMENT
    ]
    kind = FiscalReceiptType.TRAINING if receipt.is_training else FiscalReceiptType.RECEIPT
    signed = FiscalReceipt.summed(kind, per_vat, per_payment)
    if not signed.amounts_per_vat and not signed.amounts_per_payment and not receipt.is_training:
        return FiscalReceipt(FiscalReceiptType.OTHER)
    return signed


def cancellation_of(original: Receipt) -> FiscalReceipt:
    """The cancellation of a former sale: a new receipt with the original's amounts negated."""
    return fiscal_receipt_of(original).negated()
