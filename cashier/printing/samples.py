"""A sample sale, for ``cashier printer preview`` and for setting up a printer.

A realistic receipt of the demo bakery: four items at two VAT rates, the card's bonus spent
(as the server's bonus lines), part paid from the card's cash balance and the rest in cash,
the loyalty lines the server sends (docs/secuconnect.md §6.3), and the TSE block of a
training receipt with its QR code. The signature is a real P-256 signature made once with a
test key (tests/helpers/tse_marks.py) over the QR code's fields; no TSE made it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from cashier.domain.basket import Basket, BasketLine
from cashier.domain.fiscal import FiscalMark, TseSignature
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

_CLIENT_SERIAL = "ERS 3fa85f64-5717-4562-b3fc-2c963f66afa6"
_PROCESS_DATA = "AVTraining^2.50_8.50_0.00_0.00_-4.80^6.20:Bar"
_SIGNATURE = "erR7k0UqCiZIWPTJW4Vmt0ci5RT35FJe+DpFci6hXIxB4XhTaTsUfeLhkT3ZYMkcgHQdfrDcd89H3+JYXFZUgQ=="
_PUBLIC_KEY = "BMveL4bkjKO6hJouAYce+rDwhw3b9g2Di9W2t0xFqqAssdLSYtWEKv6yk2Jj+1UBTFlGNNvWwiUuuaq01xn4FzQ="
SAMPLE_TSE = TseSignature(
    tss_id="9c2b6a3e-0d4f-4b7e-9a51-7f1c2e8d4b60",
    tx_id="6f1d2c3b-4a59-4e8f-8d7c-000000000123",
    number=123,
    time_start=datetime(2025, 2, 10, 8, 12, 58, tzinfo=UTC),
    time_end=datetime(2025, 2, 10, 8, 13, 4, tzinfo=UTC),
    signature_counter=247,
    signature=_SIGNATURE,
    algorithm="ecdsa-plain-SHA256",
    public_key=_PUBLIC_KEY,
    tss_serial="2bf1e91f2062bef14e23f77f2b4e66718c71ebda4ef72145aae4106ae22c8e80",
    client_serial=_CLIENT_SERIAL,
    time_format="unixTime",
    process_type="Kassenbeleg-V1",
    process_data=_PROCESS_DATA,
    qr_code_data=";".join(
        (
            "V0",
            _CLIENT_SERIAL,
            "Kassenbeleg-V1",
            _PROCESS_DATA,
            "123",
            "247",
            "2025-02-10T08:12:58.000Z",
            "2025-02-10T08:13:04.000Z",
            "ecdsa-plain-SHA256",
            "unixTime",
            _SIGNATURE,
            _PUBLIC_KEY,
        )
    ),
)
"""The TSE's answer for the sample sale, signed as training (``AVTraining``)."""


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
        fiscal=FiscalMark(signature=SAMPLE_TSE, training=True),
    )
