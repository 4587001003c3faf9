"""The receipt on paper: ``domain.Receipt`` → ESC/POS bytes (pure; issue 6 point 1).

One :class:`~cashier.domain.receipt.Receipt` is one printed copy: the merchant's copy of a
terminal payment or SEPA debit is its own receipt with ``merchant_copy`` set (and the
server's ``receipt_merchant`` lines), see :func:`merchant_copy_of`.

Order on paper: drawer kick (cash, customer copy, not a reprint) · training banner · KOPIE ·
HÄNDLERBELEG · logo and shop header · title for anything but a sale · date, till, sale number
· items (quantity × unit price, line total, VAT letter) · total · VAT per rate · tenders
(the card's part split into bonus and cash balance, cash given and change, terminal receipt
number, SEPA mandate reference) · the server's lines · signature line · the TSE block with
its QR code (:mod:`cashier.printing.fiscal_block`; only with a fiscal mark) · footer ·
training banner · CODE128 of the sale number · cut.

The TSE block closes the till's own document, after the card and terminal lines and before the
thanks, where receipts in German shops carry it. Every copy of the operation carries it: the
customer's, the merchant's and a reprint. A receipt is training when its environment is not
live or the TSE signed it as training; the banners then say so at top and bottom.

Cancellations and reversals print their amounts negative; their tenders are refunds.

A new card's security code (CSC) is never part of the document: the receipt would be stored
with it. :func:`render_receipt` takes it as ``security_code`` for the one print that carries
it — the customer's first print — and puts it under the card number; rendered without it
(a reprint, a retry, the on-screen preview), a new-card receipt says that the code is not
printed again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from PIL import Image

from cashier.domain.receipt import Receipt, ReceiptItem, ReceiptKind, TenderKind, TenderLine
from cashier.printing.escpos_builder import BOLD, CENTER, HEADLINE, NORMAL, TicketBuilder
from cashier.printing.fiscal_block import fiscal_block
from cashier.printing.profile import PrinterProfile
from cashier.printing.sections import (
    BANNER,
    amount_pair,
    card_line,
    copy_banner,
    date_time,
    headline,
    pair,
    shop_header,
    total_line,
    training_banner,
    vat_table,
)
from cashier.printing.server_lines import render_server_lines
from cashier.printing.text import euro

TITLES: Final = {
    ReceiptKind.SALE: None,
    ReceiptKind.CARD_LOAD: "Guthaben-Aufladung",
    ReceiptKind.NEW_CARD: "Neue Kundenkarte",
    ReceiptKind.CANCELLATION: "STORNO",
    ReceiptKind.REVERSAL: "STORNO Kartenzahlung",
    ReceiptKind.BALANCE: "Kontostand",
}

TENDER_LABELS: Final = {
    TenderKind.CARD_CASH_BALANCE: "Kartenguthaben",
    TenderKind.CASH: "Bar",
    TenderKind.TERMINAL: "Kartenzahlung",
    TenderKind.SEPA: "Lastschrift",
}

_REFUNDS: Final = frozenset({ReceiptKind.CANCELLATION, ReceiptKind.REVERSAL})
SIGNATURE_LABEL: Final = "Unterschrift Kontoinhaber"
MERCHANT_BANNER: Final = "HÄNDLERBELEG"
SECURITY_CODE_LABEL: Final = "Sicherheitscode (CSC)"
SECURITY_CODE_HINT: Final = (
    "Bitte gut aufbewahren: Der Code wird nicht gespeichert und nicht erneut gedruckt."
)
SECURITY_CODE_NOT_REPRINTED: Final = "Sicherheitscode (CSC): wird nicht erneut gedruckt."


def merchant_copy_of(receipt: Receipt) -> Receipt:
    """The merchant's copy of a customer receipt, for when the server sent no separate one.

    SEPA debits are signed on the merchant copy, so it gets the signature line.
    """
    return replace(
        receipt, merchant_copy=True, signature_required=receipt.signature_required or _is_sepa(receipt)
    )


def needs_merchant_copy(receipt: Receipt) -> bool:
    """A SEPA debit always needs the merchant's signed copy (a terminal payment says so itself,
    with ``receipt_merchant_print``)."""
    return not receipt.merchant_copy and _is_sepa(receipt)


def opens_drawer(receipt: Receipt) -> bool:
    """Cash changed hands: the customer's first print of a receipt with cash opens the drawer."""
    return (
        not receipt.merchant_copy
        and not receipt.reprint
        and any(tender.kind is TenderKind.CASH and tender.amount.is_positive for tender in receipt.tenders)
    )


def render_receipt(
    receipt: Receipt,
    profile: PrinterProfile,
    *,
    logo: Image.Image | None = None,
    drawer: bool | None = None,
    security_code: str | None = None,
) -> bytes:
    """The ESC/POS bytes of ``receipt`` (a customer receipt, or with ``merchant_copy`` set the
    merchant's copy); ``drawer`` overrides :func:`opens_drawer`. ``security_code`` is a new
    card's CSC, printed on the customer's copy of a new-card receipt (and nowhere else)."""
    builder = TicketBuilder(profile)
    if opens_drawer(receipt) if drawer is None else drawer:
        builder.drawer(profile.drawer)
    training = receipt.is_training
    training_banner(builder, receipt.environment, training=training)
    if receipt.reprint:
        copy_banner(builder)
    if receipt.merchant_copy:
        builder.paragraph(MERCHANT_BANNER, BANNER)
    shop_header(builder, receipt.header, logo)
    builder.blank()
    title = TITLES[receipt.kind]
    if title:
        headline(builder, title)
    pair(builder, date_time(receipt.created_at), f"Kasse {receipt.till_id}")
    pair(builder, "Beleg-Nr.", receipt.sale_number)
    builder.rule()

    sign = -1 if receipt.kind in _REFUNDS else 1
    _items(builder, receipt.items, sign)
    if receipt.items or receipt.kind is not ReceiptKind.BALANCE:
        builder.rule()
        total_line(builder, "STORNO-SUMME" if sign < 0 else "SUMME", receipt.total * sign)
        builder.rule("=")
    if receipt.vat_summary:
        vat_table(builder, receipt.vat_summary, sign=sign)
        builder.rule()
    _tenders(builder, receipt, refund=sign < 0)
    if receipt.kind is ReceiptKind.NEW_CARD and not receipt.merchant_copy:
        _security_code(builder, security_code)
    if receipt.server_lines:
        render_server_lines(builder, receipt.server_lines)
        builder.rule()
    signed_here = receipt.signature_required or (receipt.merchant_copy and _is_sepa(receipt))
    if signed_here:
        _signature(builder)
    if receipt.fiscal is not None:
        if signed_here:
            builder.rule()  # every other part before the block ends in one
        fiscal_block(builder, receipt.fiscal, local=receipt.created_at.tzinfo, training=training)
    for footer_line in receipt.footer_lines:
        builder.paragraph(footer_line, CENTER)
    training_banner(builder, receipt.environment, training=training)
    if receipt.barcode:
        builder.blank()
        builder.barcode128(receipt.barcode)
    builder.cut()
    return builder.output


def _is_sepa(receipt: Receipt) -> bool:
    return any(tender.kind is TenderKind.SEPA for tender in receipt.tenders)


def _items(builder: TicketBuilder, items: tuple[ReceiptItem, ...], sign: int) -> None:
    for item in items:
        right = f"{euro(item.total * sign)} {item.vat.letter}"
        if item.quantity == 1:
            pair(builder, item.description, right)
        else:
            builder.paragraph(item.description)
            pair(builder, f"{item.quantity} x {euro(item.unit_price)}", right, indent=2)


def _tenders(builder: TicketBuilder, receipt: Receipt, *, refund: bool) -> None:
    card_tenders = [t for t in receipt.tenders if t.kind is TenderKind.CARD_CASH_BALANCE]
    bonus = receipt.bonus_spent
    prefix = "Rückzahlung " if refund else ""
    if card_tenders or bonus.is_positive:
        builder.line("Kundenkarte" + (f" {receipt.card_number_masked}" if receipt.card_number_masked else ""))
        if bonus.is_positive:
            amount_pair(builder, "Bonus (Rabatt)", bonus, indent=2)
        for tender in card_tenders:
            amount_pair(builder, prefix + TENDER_LABELS[tender.kind], tender.amount, indent=2)
    elif receipt.card_number_masked:
        card_line(builder, receipt.card_number_masked)
    for tender in receipt.tenders:
        if tender.kind is not TenderKind.CARD_CASH_BALANCE:
            _tender(builder, tender, prefix)
    if receipt.tenders or receipt.card_number_masked or bonus.is_positive:
        builder.rule()


def _tender(builder: TicketBuilder, tender: TenderLine, prefix: str) -> None:
    amount_pair(builder, prefix + TENDER_LABELS[tender.kind], tender.amount, BOLD)
    if tender.kind is TenderKind.CASH and tender.given is not None and tender.change is not None:
        amount_pair(builder, "Gegeben", tender.given, indent=2)
        amount_pair(builder, "Rückgeld", tender.change, indent=2)
    elif tender.kind is TenderKind.TERMINAL and tender.reference:
        pair(builder, "Terminal-Beleg-Nr.", tender.reference, indent=2)
    elif tender.kind is TenderKind.SEPA and tender.reference:
        pair(builder, "Mandatsreferenz", tender.reference, indent=2)


def _security_code(builder: TicketBuilder, code: str | None) -> None:
    if code is None:
        builder.paragraph(SECURITY_CODE_NOT_REPRINTED)
        builder.rule()
        return
    builder.line(SECURITY_CODE_LABEL, BOLD)
    builder.line(code, HEADLINE)
    builder.paragraph(SECURITY_CODE_HINT)
    builder.rule()


def _signature(builder: TicketBuilder) -> None:
    builder.blank(3)
    builder.line("_" * builder.columns(), NORMAL)
    builder.line(SIGNATURE_LABEL, NORMAL)
    builder.blank()
