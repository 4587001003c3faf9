"""Sample documents for the printing tests: one of each kind a till prints.

Fixed times and numbers, so that golden bytes stay stable. The server lines are the examples
of docs/secuconnect.md §5 and §6 (loyalty receipt, SmartZVT customer and merchant receipts,
storno).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from cashier.domain.basket import Basket, BasketLine, card_load_line
from cashier.domain.money import Money
from cashier.domain.receipt import (
    Decoration,
    NameValueLine,
    Receipt,
    ReceiptItem,
    ReceiptKind,
    SeparatorLine,
    ShopHeader,
    SpaceLine,
    TenderKind,
    TenderLine,
    TextLine,
)
from cashier.domain.reports import BalanceSlip, OfflineBooking, OfflineSale, Tally, TenderTotal, ZReport
from cashier.domain.vat import VatRate, VatRow, vat_summary
from cashier.printing.profile import PrinterProfile
from cashier.printing.receipt_layout import merchant_copy_of, render_receipt
from cashier.printing.report_layout import (
    render_balance_slip,
    render_drawer_kick,
    render_test_page,
    render_z_report,
)
from cashier.services.receipt_factory import OFFLINE_BONUS_LATER, OFFLINE_MARK
from tests.helpers import tse_marks

CET = timezone(timedelta(hours=1))
AT = datetime(2025, 2, 10, 9, 13, 5, tzinfo=CET)
IMPORTANT = frozenset({Decoration.IMPORTANT})
CENTERED_IMPORTANT = frozenset({Decoration.ALIGN_CENTER, Decoration.IMPORTANT})
HEADER = ShopHeader(
    name="Bäckerei Beispiel",
    address_lines=("Hauptstraße 1", "12345 Musterstadt"),
    vat_id="DE123456789",
    phone="030 1234567",
)
CARD = "************7730"

LOYALTY_LINES = (
    SeparatorLine("Kundenkarte"),
    NameValueLine("Kartennummer: ", CARD),
    NameValueLine("TA Code: ", "41822907"),
    SpaceLine(),
    TextLine("Zahlung über:"),
    TextLine("4,80 EUR", IMPORTANT),
    SpaceLine(),
    TextLine("Umsatz erfasst:"),
    TextLine("7,76 EUR", IMPORTANT),
    SpaceLine(),
    TextLine("Aktuelles Guthaben"),
    TextLine("0,00 EUR", IMPORTANT),
)

TERMINAL_CUSTOMER_LINES = (
    SeparatorLine("Kartenzahlung"),
    TextLine("* * Kundenbeleg * *"),
    TextLine("BÄCKEREI BEISPIEL"),
    SpaceLine(),
    NameValueLine("Datum:", "10.02.2025"),
    NameValueLine("Uhrzeit:", "10:01:38 Uhr"),
    NameValueLine("Beleg-Nr.", "0017"),
    NameValueLine("Trace-Nr.", "000093"),
    NameValueLine("Terminal-ID", "72015255"),
    SpaceLine(),
    NameValueLine("Betrag EUR", "12,50", IMPORTANT),
    SpaceLine(),
    TextLine("Karte akzeptiert", CENTERED_IMPORTANT),
)

TERMINAL_MERCHANT_LINES = (
    SeparatorLine("Kartenzahlung"),
    TextLine("* * Händlerbeleg * *"),
    NameValueLine("Beleg-Nr.", "0017"),
    NameValueLine("Betrag EUR", "12,50"),
    SeparatorLine(),
    TextLine("Karte akzeptiert", CENTERED_IMPORTANT),
)

STORNO_LINES = (
    SeparatorLine("Stammkunden"),
    NameValueLine("Terminal-ID:", "T-0001"),
    NameValueLine("Datum:", "10.02.2025 11:02:00"),
    TextLine("STORNO", frozenset({Decoration.IMPORTANT, Decoration.ALIGN_CENTER})),
    NameValueLine("TA Code:", "41822907"),
    NameValueLine("Stornierter Betrag:", "7,96 EUR"),
    NameValueLine("Aktuelles Guthaben:", "4,80 EUR"),
)


def _receipt(basket: Basket, tenders: tuple[TenderLine, ...], **extra: object) -> Receipt:
    fields: dict[str, object] = {
        "header": HEADER,
        "till_id": "KASSE-01",
        "sale_number": "2025-000123",
        "created_at": AT,
        "environment": "simulator",
        "footer_lines": ("Vielen Dank für Ihren Einkauf!",),
    }
    fields.update(extra)
    fields.setdefault("barcode", fields["sale_number"])
    return Receipt.for_sale(basket=basket, tenders=tenders, **fields)  # type: ignore[arg-type]


def sale_with_card_bonus_and_cash() -> Receipt:
    """§6.3: 7,96 € basket, 0,20 € bonus, 4,80 € from the cash balance, the rest in cash."""
    basket = Basket(
        (
            BasketLine("Brötchen", Money(45), 4, VatRate.REDUCED),
            BasketLine("Kaffee to go", Money(280), 1, VatRate.STANDARD),
            BasketLine("Süßes Teilchen", Money(195), 1, VatRate.REDUCED),
            BasketLine("Zeitung", Money(121), 1, VatRate.ZERO),
        )
    )
    bonus = (
        ReceiptItem("Bonus 19 %", 1, Money(-10), Money(-10), VatRate.STANDARD, is_bonus=True),
        ReceiptItem("Bonus 7 %", 1, Money(-10), Money(-10), VatRate.REDUCED, is_bonus=True),
    )
    total = basket.total - Money(20)
    return Receipt.for_sale(
        basket=basket,
        bonus_items=bonus,
        tenders=(
            TenderLine(TenderKind.CARD_CASH_BALANCE, Money(480)),
            TenderLine.cash(total - Money(480), Money(500)),
        ),
        header=HEADER,
        till_id="KASSE-01",
        sale_number="2025-000123",
        created_at=AT,
        environment="simulator",
        server_lines=LOYALTY_LINES,
        card_number_masked=CARD,
        footer_lines=("Vielen Dank für Ihren Einkauf!",),
        barcode="2025-000123",
    )


def offline_sale() -> Receipt:
    """A cash sale made while secuconnect could not be reached, naming a card: no server lines,
    the offline mark and the promise of the card's bonus (the footer lines the core adds)."""
    basket = Basket(
        (
            BasketLine("Brötchen", Money(45), 4, VatRate.REDUCED),
            BasketLine("Kaffee to go", Money(280), 1, VatRate.STANDARD),
        )
    )
    return _receipt(
        basket,
        (TenderLine.cash(basket.total, Money(500)),),
        sale_number="2025-000129",
        card_number_masked=CARD,
        footer_lines=(*OFFLINE_MARK, *OFFLINE_BONUS_LATER, "Vielen Dank für Ihren Einkauf!"),
    )


def terminal_payment() -> tuple[Receipt, Receipt]:
    """§6.4: 12,50 € by card terminal; customer receipt and the merchant's copy."""
    basket = Basket((BasketLine("Torte Schwarzwälder Kirsch", Money(1250), 1, VatRate.REDUCED),))
    customer = _receipt(
        basket,
        (TenderLine(TenderKind.TERMINAL, Money(1250), reference="0017"),),
        sale_number="2025-000124",
        server_lines=TERMINAL_CUSTOMER_LINES,
        environment="live",
    )
    merchant = replace(customer, server_lines=TERMINAL_MERCHANT_LINES, merchant_copy=True, barcode=None)
    return customer, merchant


def sepa_sale() -> Receipt:
    basket = Basket((BasketLine("Hochzeitstorte", Money(8900), 1, VatRate.REDUCED),))
    return _receipt(
        basket,
        (TenderLine(TenderKind.SEPA, Money(8900), reference="MNDT-2025-000125"),),
        sale_number="2025-000125",
    )


def card_load() -> Receipt:
    basket = Basket((card_load_line(Money(2000)),))
    return _receipt(
        basket,
        (TenderLine.cash(Money(2000), Money(2000)),),
        kind=ReceiptKind.CARD_LOAD,
        sale_number="2025-000126",
        barcode=None,
        card_number_masked=CARD,
        server_lines=(
            SeparatorLine("Kundenkarte Aufladung"),
            NameValueLine("Kartennummer: ", CARD),
            TextLine("Folgender Betrag"),
            TextLine("wurde aufgeladen:"),
            TextLine("20,00 EUR", IMPORTANT),
        ),
    )


def new_card() -> Receipt:
    basket = Basket(
        (card_load_line(Money(1000)), BasketLine("Kartengebühr", Money(200), 1, VatRate.STANDARD))
    )
    return _receipt(
        basket,
        (TenderLine(TenderKind.TERMINAL, Money(1200), reference="0018"),),
        kind=ReceiptKind.NEW_CARD,
        sale_number="2025-000127",
        card_number_masked="9276004429942845",
        footer_lines=("Ihre neue Karte ist sofort gültig.",),
    )


def cancellation() -> Receipt:
    items = (
        ReceiptItem("Brötchen", 4, Money(45), Money(180), VatRate.REDUCED),
        ReceiptItem("Kaffee to go", 1, Money(280), Money(280), VatRate.STANDARD),
    )
    return Receipt(
        kind=ReceiptKind.CANCELLATION,
        header=HEADER,
        till_id="KASSE-01",
        sale_number="2025-000128",
        created_at=AT + timedelta(hours=2),
        environment="simulator",
        total=Money(460),
        items=items,
        vat_summary=vat_summary((item.vat, item.total) for item in items),
        tenders=(TenderLine(TenderKind.CASH, Money(460)),),
        server_lines=STORNO_LINES,
        card_number_masked=CARD,
    )


def signed_sale() -> Receipt:
    """The terminal payment (live) with its TSE signature: the § 6 KassenSichV block and QR."""
    customer, _ = terminal_payment()
    mark = tse_marks.signed(process_data="Beleg^0.00_12.50_0.00_0.00_0.00^12.50:Unbar")
    return replace(customer, fiscal=mark)


def unsigned_sale() -> Receipt:
    """A live cash sale while the line was down: secuconnect and the cloud TSE both unreachable."""
    return replace(offline_sale(), environment="live", fiscal=tse_marks.failed())


def training_sale() -> Receipt:
    """The card sale of the simulator environment, signed by the TSE as training."""
    return replace(sale_with_card_bonus_and_cash(), fiscal=tse_marks.training())


def signed_cancellation() -> Receipt:
    """A live cancellation: a new TSE transaction with the amounts negated."""
    mark = tse_marks.signed(
        number=18,
        counter=37,
        start=tse_marks.START + timedelta(hours=2),
        process_data="Beleg^-2.80_-1.80_0.00_0.00_0.00^-4.60:Bar",
    )
    return replace(cancellation(), environment="live", fiscal=mark)


def z_report() -> ZReport:
    return ZReport(
        header=HEADER,
        business_day=date(2025, 2, 10),
        till_id="KASSE-01",
        created_at=datetime(2025, 2, 10, 22, 1, 0, tzinfo=CET),
        environment="simulator",
        sales=Tally(12, Money(14610)),
        tenders=(
            TenderTotal(TenderKind.CARD_CASH_BALANCE, Tally(3, Money(1200))),
            TenderTotal(TenderKind.CASH, Tally(6, Money(4060))),
            TenderTotal(TenderKind.TERMINAL, Tally(2, Money(450))),
            TenderTotal(TenderKind.SEPA, Tally(1, Money(8900))),
        ),
        card_loads=Tally(2, Money(3000)),
        bonus_granted=Money(321),
        bonus_spent=Money(120),
        cancellations=Tally(1, Money(460)),
        vat_summary=(
            VatRow.from_gross(VatRate.STANDARD, Money(2380)),
            VatRow.from_gross(VatRate.REDUCED, Money(9230)),
            VatRow.from_gross(VatRate.ZERO, Money(3000)),
        ),
    )


def z_report_with_offline_sales() -> ZReport:
    """The Z report of a day the line went down: one sale of the day before still to book, two
    booked late — one of them without its card (locked when it was booked)."""
    day = datetime(2025, 2, 10, 10, 15, tzinfo=CET)
    return replace(
        z_report(),
        offline_sales=(
            OfflineSale(4, date(2025, 2, 9), day - timedelta(hours=16), Money(730), OfflineBooking.TO_BOOK),
            OfflineSale(
                7, date(2025, 2, 10), day, Money(460), OfflineBooking.BOOKED, day + timedelta(hours=1)
            ),
            OfflineSale(
                8,
                date(2025, 2, 10),
                day + timedelta(minutes=5),
                Money(1250),
                OfflineBooking.BOOKED_WITHOUT_CARD,
                day + timedelta(hours=1),
                "card refused: the card is locked",
            ),
        ),
    )


def balance_slip() -> BalanceSlip:
    return BalanceSlip(
        header=HEADER,
        till_id="KASSE-01",
        created_at=AT,
        environment="testing",
        card_number_masked=CARD,
        holder="Jürgen Müller-Lüdenscheidt",
        card_group="Stammkunden",
        cash_balance=Money(1250),
        bonus_balance=Money(321),
        points=128,
        server_lines=(
            SeparatorLine("Kundenkarte"),
            NameValueLine("Kartennummer:", CARD),
            TextLine("Aktuelles Guthaben"),
            TextLine("15,71 EUR", IMPORTANT),
        ),
    )


def all_receipts() -> dict[str, Receipt]:
    customer, merchant = terminal_payment()
    return {
        "sale": sale_with_card_bonus_and_cash(),
        "terminal": customer,
        "terminal-merchant": merchant,
        "sepa": sepa_sale(),
        "card-load": card_load(),
        "new-card": new_card(),
        "cancellation": cancellation(),
        "sale-offline": offline_sale(),
        "sale-tse": signed_sale(),
        "sale-tse-failed": unsigned_sale(),
        "sale-tse-training": training_sale(),
        "cancellation-tse": signed_cancellation(),
    }


def rendered_documents() -> dict[str, Callable[[PrinterProfile], bytes]]:
    """Every kind of print job, as bytes for a profile (for golden files and decoded checks)."""
    jobs: dict[str, Callable[[PrinterProfile], bytes]] = {
        name: (lambda profile, receipt=receipt: render_receipt(receipt, profile))
        for name, receipt in all_receipts().items()
    }
    jobs["sepa-merchant"] = lambda profile: render_receipt(merchant_copy_of(sepa_sale()), profile)
    jobs["sale-reprint"] = lambda profile: render_receipt(
        sale_with_card_bonus_and_cash().as_reprint(), profile
    )
    jobs["sale-tse-reprint"] = lambda profile: render_receipt(signed_sale().as_reprint(), profile)
    jobs["z-report"] = lambda profile: render_z_report(z_report(), profile)
    jobs["z-report-offline"] = lambda profile: render_z_report(z_report_with_offline_sales(), profile)
    jobs["balance-slip"] = lambda profile: render_balance_slip(balance_slip(), profile)
    jobs["test-page"] = lambda profile: render_test_page(profile, printer="tcp://192.168.1.50:9100")
    jobs["drawer"] = render_drawer_kick
    return jobs
