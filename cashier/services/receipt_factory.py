"""Turning a completed sale and its smart transaction into receipt documents (domain.Receipt)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cashier.domain.fiscal import FiscalMark
from cashier.domain.receipt import (
    Receipt,
    ReceiptItem,
    ReceiptKind,
    ShopHeader,
    TenderKind,
    TenderLine,
)
from cashier.domain.vat import VatRate
from cashier.services.sale import Sale, SaleKind, Tender
from cashier.services.transaction_view import TransactionView

PENDING_MARK = ("LASTSCHRIFT IN BEARBEITUNG", "Zahlung noch nicht bestätigt")
"""Printed on the receipt of a direct debit the service reports ``pending`` (each line fits
58 mm paper)."""
OFFLINE_MARK = ("OFFLINE-VERKAUF", "ohne Verbindung zu secuconnect")
"""Printed on the receipt of a sale made while secuconnect could not be reached."""
OFFLINE_BONUS_LATER = ("Bonus der Karte wird", "nachträglich gutgeschrieben")
"""Printed on an offline receipt that names a card: it earns its bonus when the sale is booked."""
UNKNOWN_NEW_CARD = "nicht gemeldet - siehe SecuOffice"
"""Printed where a new card's number belongs when the service did not report it."""

_KINDS = {
    SaleKind.SALE: ReceiptKind.SALE,
    SaleKind.CARD_LOAD: ReceiptKind.CARD_LOAD,
    SaleKind.NEW_CARD: ReceiptKind.NEW_CARD,
}


@dataclass(frozen=True, slots=True)
class ReceiptSettings:
    header: ShopHeader
    footer_lines: tuple[str, ...] = ()
    print_barcode: bool = True


@dataclass(frozen=True, slots=True)
class SaleReceipts:
    customer: Receipt
    merchant: Receipt | None

    def with_fiscal(self, mark: FiscalMark | None) -> SaleReceipts:
        """Both receipts carrying the sale's TSE signature (or why there is none)."""
        if mark is None:
            return self
        merchant = None if self.merchant is None else replace(self.merchant, fiscal=mark)
        return SaleReceipts(replace(self.customer, fiscal=mark), merchant)


class ReceiptFactory:
    def __init__(self, settings: ReceiptSettings, *, till_id: str, environment: str) -> None:
        self.settings = settings
        self.till_id = till_id
        self.environment = environment

    def for_sale(
        self,
        sale: Sale,
        transaction: TransactionView,
        at: datetime,
        *,
        pending: bool = False,
        offline: bool = False,
    ) -> SaleReceipts:
        """The customer receipt and, where one is needed, the merchant copy of a completed sale.

        ``pending``: a direct debit the service has not confirmed yet — the receipt says so.
        ``offline``: a cash sale made without secuconnect (no server lines) — the receipt says so,
        and that a card it names is credited its bonus later.
        The merchant copy: for SEPA always (the mandate is signed); otherwise the server's
        ``receipt_merchant`` whenever it is there and ``receipt_merchant_print`` is not true —
        the vendor's SDK documents that flag as "whether the receipt for the merchant was
        printed" (by the terminal), so a true flag means the till prints no second one. The
        till's own signature line ("Unterschrift Kontoinhaber") is for the SEPA mandate only: a
        terminal's merchant copy carries its own."""
        bonus_items = tuple(
            ReceiptItem(description, 1, amount, amount, VatRate.from_percent(percent), is_bonus=True)
            for description, percent, amount in (sale.pricing.bonus_lines if sale.pricing else ())
            if amount.is_negative
        )
        tenders = self._tenders(sale, transaction)
        number = sale.card_number.masked() if sale.card_number else None
        if sale.new_card_number:
            number = sale.new_card_number  # the customer must be able to read their new card's number
        elif sale.create_card_group:
            number = UNKNOWN_NEW_CARD  # the service did not say: never print nothing
        common: dict[str, Any] = {
            "basket": sale.basket,
            "tenders": tenders,
            "header": self.settings.header,
            "till_id": self.till_id,
            "sale_number": str(sale.sale_number),
            "created_at": at,
            "environment": self.environment,
            "kind": _KINDS[sale.kind],
            "bonus_items": bonus_items,
            "card_number_masked": number,
            "footer_lines": _marks(sale, pending=pending, offline=offline) + self.settings.footer_lines,
            "barcode": sale.sale_id if self.settings.print_barcode else None,
        }
        customer = Receipt.for_sale(server_lines=transaction.receipt, **common)
        merchant = None
        sepa = sale.tender is Tender.SEPA
        merchant_lines = transaction.receipt_merchant
        printed_by_terminal = transaction.receipt_merchant_print is True
        if sepa or (merchant_lines and not printed_by_terminal):
            lines = merchant_lines or transaction.receipt
            merchant = Receipt.for_sale(server_lines=lines, **common)
            # The terminal's copy brings its own signature line; the till adds the account
            # holder's line to a direct debit's mandate copy only.
            merchant = _as_merchant_copy(merchant, signature=sepa)
        return SaleReceipts(customer=customer, merchant=merchant)

    def _tenders(self, sale: Sale, transaction: TransactionView) -> tuple[TenderLine, ...]:
        tenders: list[TenderLine] = []
        pricing = sale.pricing
        if pricing is not None and pricing.cash_balance_used.is_positive:
            tenders.append(TenderLine(TenderKind.CARD_CASH_BALANCE, pricing.cash_balance_used))
        due = sale.amount_due
        if due.is_positive or not tenders:
            if sale.tender is Tender.CASH:
                given = sale.cash_given if sale.cash_given is not None else due
                tenders.append(TenderLine.cash(due, given))
            elif sale.tender is Tender.TERMINAL:
                number = transaction.receipt_number
                tenders.append(
                    TenderLine(TenderKind.TERMINAL, due, reference=None if number is None else str(number))
                )
            elif sale.tender is Tender.SEPA:
                tenders.append(TenderLine(TenderKind.SEPA, due, reference=transaction.mandate_reference))
            elif due.is_positive:
                raise ValueError(f"{due} left to pay but the card paid the sale")
        return tuple(
            tender for tender in tenders if tender.amount.is_positive or tender.kind is TenderKind.CASH
        )


def _marks(sale: Sale, *, pending: bool, offline: bool) -> tuple[str, ...]:
    if offline:
        return OFFLINE_MARK + (OFFLINE_BONUS_LATER if sale.card_number is not None else ())
    return PENDING_MARK if pending else ()


def _as_merchant_copy(receipt: Receipt, *, signature: bool) -> Receipt:
    return replace(receipt, merchant_copy=True, signature_required=signature)


def cancellation_receipt(
    original: Receipt, transaction: TransactionView, at: datetime, *, terminal: bool
) -> Receipt:
    """The STORNO receipt of a cancelled sale: its items and tenders given back, with the
    server's cancellation lines (a terminal reversal keeps the payment's own lines)."""
    lines = transaction.receipt
    return replace(
        original,
        kind=ReceiptKind.REVERSAL if terminal else ReceiptKind.CANCELLATION,
        created_at=at,
        server_lines=lines or original.server_lines,
        reprint=False,
        merchant_copy=False,
        signature_required=False,
    )
