"""A sample sale, for ``cashier printer preview`` and for setting up a printer.

A realistic receipt of the demo bakery: four items at two VAT rates, the card's bonus spent
(as the server's bonus lines), part paid from the card's cash balance and the rest in cash,
and the loyalty lines the server sends (docs/secuconnect.md §6.3).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from cashier.domain.basket import Basket, BasketLine
from cashier.domain.money import Money
from cashier.domain.receipt import (
    ENVIRONMENTS,
    Decoration,
    NameValueLine,
    Receipt,
    ReceiptItem,
    SeparatorLine,
    ShopHeader,
    SpaceLine,
    TenderKind,
    TenderLine,
    TextLine,
)
from cashier.domain.vat import VatRate

SAMPLE_HEADER = ShopHeader(
    name="Bäckerei Beispiel",
    address_lines=("Hauptstraße 1", "12345 Musterstadt"),
    vat_id="DE123456789",
    phone="030 1234567",
)
_IMPORTANT = frozenset({Decoration.IMPORTANT})


def sample_sale(*, environment: str = "simulator") -> Receipt:
    basket = Basket(
        (
            BasketLine("Brötchen", Money(45), 4, VatRate.REDUCED),
            BasketLine("Kaffee to go", Money(280), 1, VatRate.STANDARD),
            BasketLine("Käsekuchen, ein großes Stück mit Sahne", Money(350), 1, VatRate.REDUCED),
            BasketLine("Süßes Teilchen", Money(195), 2, VatRate.REDUCED),
        )
    )
    bonus = (
        ReceiptItem("Bonus 19 %", 1, Money(-30), Money(-30), VatRate.STANDARD, is_bonus=True),
        ReceiptItem("Bonus 7 %", 1, Money(-70), Money(-70), VatRate.REDUCED, is_bonus=True),
    )
    total = basket.total - Money(100)  # 12,00 € less 1,00 € bonus
    card_part = Money(480)
    server_lines = (
        SeparatorLine("Kundenkarte"),
        NameValueLine("Kartennummer: ", "************7730"),
        NameValueLine("TA Code: ", "41822907"),
        SpaceLine(),
        TextLine("Zahlung über:"),
        TextLine("4,80 EUR", _IMPORTANT),
        SpaceLine(),
        TextLine("Umsatz erfasst:"),
        TextLine("11,00 EUR", _IMPORTANT),
        SpaceLine(),
        TextLine("Aktuelles Guthaben"),
        TextLine("0,00 EUR", _IMPORTANT),
    )
    env = environment if environment in ENVIRONMENTS else "simulator"
    return Receipt.for_sale(
        basket=basket,
        bonus_items=bonus,
        tenders=(
            TenderLine(TenderKind.CARD_CASH_BALANCE, card_part),
            TenderLine.cash(total - card_part, Money(1000)),
        ),
        header=SAMPLE_HEADER,
        till_id="KASSE-01",
        sale_number="2025-000123",
        created_at=datetime(2025, 2, 10, 9, 13, 5, tzinfo=timezone(timedelta(hours=1))),
        environment=env,
        server_lines=server_lines,
        card_number_masked="************7730",
        footer_lines=("Vielen Dank für Ihren Einkauf!", "Bis bald in der Bäckerei."),
        barcode="2025-000123",
    )
